-- Patients' informed consents to treatment types. A consent is never deleted
-- or edited; the only change is its withdrawal, made once.

CREATE TABLE consents (
  id                     TEXT PRIMARY KEY,
  patient_id             TEXT NOT NULL REFERENCES patients (id),
  -- The treatment plugin's id, such as "cellulite".
  treatment_type         TEXT NOT NULL,
  -- The plugin's consent document version the patient agreed to.
  document_version       INTEGER NOT NULL CHECK (document_version > 0),
  -- SHA-256 of the disclosure text shown, 64 lower-case hex digits.
  disclosure_sha256      TEXT NOT NULL CHECK (length(disclosure_sha256) = 64),
  sign_time              INTEGER NOT NULL,
  -- 1 the patient, 2 a guardian (clinic.v1.ConsentSigner).
  signer                 INTEGER NOT NULL CHECK (signer IN (1, 2)),
  guardian_name          TEXT NOT NULL DEFAULT '',
  guardian_relationship  TEXT NOT NULL DEFAULT '',
  practitioner_id        TEXT NOT NULL REFERENCES staff (id),
  -- 1 paper, 2 electronic (clinic.v1.ConsentMethod).
  method                 INTEGER NOT NULL CHECK (method IN (1, 2)),
  expire_time            INTEGER,
  recorded_by            TEXT NOT NULL REFERENCES staff (id),
  create_time            INTEGER NOT NULL,
  -- The withdrawal: all NULL (reason empty) until the consent is withdrawn.
  withdraw_time          INTEGER,
  withdraw_reason        TEXT NOT NULL DEFAULT '',
  withdrawn_by           TEXT REFERENCES staff (id),
  CHECK ((withdraw_time IS NULL) = (withdrawn_by IS NULL))
);

-- The booking rule reads a patient's consents to one type; listings read a
-- patient's consents, most recently signed first.
CREATE INDEX consents_by_patient_type
  ON consents (patient_id, treatment_type, sign_time, id);
CREATE INDEX consents_by_patient ON consents (patient_id, sign_time, id);

-- Consents are evidence: the server never deletes them, and changes a row
-- only to record its withdrawal, once.
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN
  SELECT RAISE(ABORT, 'consents are never deleted');
END;
CREATE TRIGGER consents_withdraw_only BEFORE UPDATE ON consents
WHEN OLD.withdraw_time IS NOT NULL
  OR NEW.id IS NOT OLD.id
  OR NEW.patient_id IS NOT OLD.patient_id
  OR NEW.treatment_type IS NOT OLD.treatment_type
  OR NEW.document_version IS NOT OLD.document_version
  OR NEW.disclosure_sha256 IS NOT OLD.disclosure_sha256
  OR NEW.sign_time IS NOT OLD.sign_time
  OR NEW.signer IS NOT OLD.signer
  OR NEW.guardian_name IS NOT OLD.guardian_name
  OR NEW.guardian_relationship IS NOT OLD.guardian_relationship
  OR NEW.practitioner_id IS NOT OLD.practitioner_id
  OR NEW.method IS NOT OLD.method
  OR NEW.expire_time IS NOT OLD.expire_time
  OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.create_time IS NOT OLD.create_time
BEGIN
  SELECT RAISE(ABORT, 'a consent changes only once, when it is withdrawn');
END;
