-- Whether an audited call only previewed a change (validate_only, AIP-163):
-- 1 for a preview, which changed nothing and is recorded as a read of what
-- it showed. Records written before this migration keep 0, and their hashes,
-- which did not cover it.
ALTER TABLE audit_events ADD COLUMN validate_only INTEGER NOT NULL DEFAULT 0;
