-- The per-patient audit index is merged in batches, patient range by
-- patient range.
--
-- Merging the records after merged_through a few thousand (patient, record)
-- pairs at a time, in record order, still wrote one scattered index page
-- per pair on a large index: a day's listing names hundreds of patients
-- spread over the whole index. The merger now takes a batch of records
-- (up to batch_through), sorts all of its pairs by patient, and inserts
-- them in short writes of neighbouring patients, so that each index page
-- is written about once per batch however many pairs land on it.
--
-- The invariant readers and verification rely on becomes: the index lists
--   * every patient of every record up to merged_through;
--   * for the records after it, up to batch_through, the patients up to
--     batch_done_through (in byte order; '' before the first write of the
--     batch);
--   * nothing else.
-- When the batch is done, merged_through becomes batch_through and
-- batch_done_through ''.
ALTER TABLE audit_patient_index_progress
  ADD COLUMN batch_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_patient_index_progress
  ADD COLUMN batch_done_through TEXT NOT NULL DEFAULT '';
UPDATE audit_patient_index_progress SET batch_through = merged_through;

CREATE TRIGGER audit_patient_index_progress_batch
BEFORE UPDATE ON audit_patient_index_progress
WHEN NEW.batch_through < NEW.merged_through
  OR (NEW.batch_through = NEW.merged_through AND NEW.batch_done_through <> '')
BEGIN
  SELECT RAISE(ABORT, 'a batch of the per-patient index ends after the merge point');
END;
