-- Idempotency records are kept for clinicd's --idempotency_retention, then
-- deleted in small batches (core/storage/idempotency_purger.h). The table
-- is ordered by (caller, method, request_id): without this index every
-- batch would read the whole table, full responses included, to find the
-- oldest records.
CREATE INDEX idempotency_records_by_time ON idempotency_records (create_time);
