-- Patients, their clinical facts, and the idempotency records that make
-- retried writes safe. Times are microseconds since the Unix epoch (UTC);
-- calendar dates are ISO 8601 text (YYYY-MM-DD).

CREATE TABLE patients (
  id               TEXT PRIMARY KEY,
  given_name       TEXT NOT NULL,
  family_name      TEXT NOT NULL,
  -- Lower-cased copies for case-insensitive prefix search and ordering.
  given_name_key   TEXT NOT NULL,
  family_name_key  TEXT NOT NULL,
  birth_date       TEXT NOT NULL,
  sex              INTEGER NOT NULL,
  phone            TEXT NOT NULL DEFAULT '',
  email            TEXT NOT NULL DEFAULT '',
  address_line1    TEXT NOT NULL DEFAULT '',
  address_line2    TEXT NOT NULL DEFAULT '',
  city             TEXT NOT NULL DEFAULT '',
  region           TEXT NOT NULL DEFAULT '',
  postal_code      TEXT NOT NULL DEFAULT '',
  country_code     TEXT NOT NULL DEFAULT '',
  emergency_name          TEXT NOT NULL DEFAULT '',
  emergency_relationship  TEXT NOT NULL DEFAULT '',
  emergency_phone         TEXT NOT NULL DEFAULT '',
  pregnancy_status INTEGER NOT NULL DEFAULT 0,
  height_cm        REAL NOT NULL DEFAULT 0,
  weight_kg        REAL NOT NULL DEFAULT 0,
  notes            TEXT NOT NULL DEFAULT '',
  archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  archive_time     INTEGER,
  create_time      INTEGER NOT NULL,
  update_time      INTEGER NOT NULL,
  revision         INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX patients_by_family_name
  ON patients (family_name_key, given_name_key, id);
CREATE INDEX patients_by_given_name ON patients (given_name_key);
CREATE INDEX patients_by_birth_date ON patients (birth_date);

CREATE TABLE patient_medications (
  patient_id       TEXT NOT NULL REFERENCES patients (id),
  position         INTEGER NOT NULL,
  name             TEXT NOT NULL,
  dose             TEXT NOT NULL DEFAULT '',
  is_nsaid         INTEGER NOT NULL DEFAULT 0,
  is_anticoagulant INTEGER NOT NULL DEFAULT 0,
  ongoing          INTEGER NOT NULL DEFAULT 0,
  last_taken       TEXT,
  PRIMARY KEY (patient_id, position)
) WITHOUT ROWID;

CREATE TABLE patient_allergies (
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  position    INTEGER NOT NULL,
  substance   TEXT NOT NULL,
  reaction    TEXT NOT NULL DEFAULT '',
  severity    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (patient_id, position)
) WITHOUT ROWID;

CREATE TABLE patient_conditions (
  patient_id  TEXT NOT NULL REFERENCES patients (id),
  position    INTEGER NOT NULL,
  code        TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (patient_id, position)
) WITHOUT ROWID;

-- One row per acknowledged change that carried a request_id: a retry with the
-- same id gets the stored response instead of a second change.
CREATE TABLE idempotency_records (
  -- Who sent the request: request ids are unique per caller.
  caller        TEXT NOT NULL,
  method        TEXT NOT NULL,
  request_id    TEXT NOT NULL,
  request_hash  BLOB NOT NULL,
  response      BLOB NOT NULL,
  -- 1 when the response held a secret shown once (a new API key): it is not
  -- kept, and a retry is refused instead of answered.
  response_secret INTEGER NOT NULL DEFAULT 0,
  -- What the audit trail records when a retry is answered from here.
  resource      TEXT NOT NULL DEFAULT '',
  patient_ids   TEXT NOT NULL DEFAULT '',
  create_time   INTEGER NOT NULL,
  PRIMARY KEY (caller, method, request_id)
) WITHOUT ROWID;
