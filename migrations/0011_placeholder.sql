-- Placeholder for the HTTP transport's migration, so that the runner sees no
-- gap while 0012 is developed beside it. Dropped when both are merged.
SELECT 1;
