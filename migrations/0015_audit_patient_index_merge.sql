-- The per-patient audit index is no longer written with each record.
--
-- A read of a day's calendar names every patient on it (~650 on a busy
-- day), and audit_event_patients, keyed by (patient_id, sequence), took one
-- random B-tree insert per patient inside the call's own commit: on a
-- clinic with years of history, hundreds of scattered pages per listing.
-- Records are now appended alone; a background merger reads the records
-- after merged_through in sequence order, sorts their (patient, record)
-- pairs and inserts them into the index in batches, then moves
-- merged_through forward, all in one transaction.
--
-- The invariant readers and verification rely on: the index lists every
-- patient of every record up to merged_through, and nothing after it.
-- "Who saw this patient" reads the index up to merged_through and the
-- records' own patient lists after it, so it is exact at every moment.
CREATE TABLE audit_patient_index_progress (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  merged_through  INTEGER NOT NULL CHECK (merged_through >= 0)
);

-- Every record already stored was indexed when it was appended.
INSERT INTO audit_patient_index_progress (id, merged_through)
SELECT 1, coalesce(max(sequence), 0) FROM audit_events;

CREATE TRIGGER audit_patient_index_progress_forward
BEFORE UPDATE ON audit_patient_index_progress
WHEN NEW.merged_through < OLD.merged_through OR NEW.id <> OLD.id
BEGIN
  SELECT RAISE(ABORT, 'the per-patient index only moves forward');
END;
CREATE TRIGGER audit_patient_index_progress_no_delete
BEFORE DELETE ON audit_patient_index_progress
BEGIN
  SELECT RAISE(ABORT, 'the per-patient index only moves forward');
END;
