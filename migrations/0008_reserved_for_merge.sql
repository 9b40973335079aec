-- Placeholder on branch h-screening only: version 8 belongs to another branch
-- of issue 17, and migrations run 1, 2, 3... without gaps. The lead drops
-- this file at merge (or renumbers 0009) so that the branch's 0009 follows
-- the real 0008.
SELECT 1;
