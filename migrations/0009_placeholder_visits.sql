-- Placeholder on branch h-visits only: version 09 belongs to another
-- branch of issue 17, and migrations run 1, 2, 3... without gaps. The lead
-- drops this file at merge so that 0010_consent_jurisdiction.sql follows the
-- real 0008 and 0009.
SELECT 1;
