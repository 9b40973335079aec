-- Staff members, their API keys (hashes only), and the hash-chained audit
-- trail.

CREATE TABLE staff (
  id              TEXT PRIMARY KEY,
  display_name    TEXT NOT NULL,
  display_name_key TEXT NOT NULL,
  email           TEXT NOT NULL DEFAULT '',
  role            INTEGER NOT NULL CHECK (role IN (1, 2, 3)),
  licence_number  TEXT NOT NULL DEFAULT '',
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  create_time     INTEGER NOT NULL,
  deactivate_time INTEGER
);

CREATE INDEX staff_by_name ON staff (display_name_key, id);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  staff_id     TEXT NOT NULL REFERENCES staff (id),
  -- SHA-256 of the whole key; the key itself is never stored.
  secret_hash  BLOB NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  create_time  INTEGER NOT NULL,
  revoke_time  INTEGER
);

CREATE INDEX api_keys_by_staff ON api_keys (staff_id);

CREATE TABLE audit_events (
  sequence     INTEGER PRIMARY KEY,
  time         INTEGER NOT NULL,
  staff_id     TEXT NOT NULL,
  role         INTEGER NOT NULL,
  method       TEXT NOT NULL,
  resource     TEXT NOT NULL,
  -- The patient ids, space-separated, in the order the call reported them.
  patient_ids  TEXT NOT NULL,
  outcome      INTEGER NOT NULL,
  -- SHA-256 of the previous record's hash and this record's fields.
  previous_hash BLOB NOT NULL,
  hash         BLOB NOT NULL
);

CREATE INDEX audit_events_by_staff ON audit_events (staff_id, sequence);
CREATE INDEX audit_events_by_method ON audit_events (method, sequence);
CREATE INDEX audit_events_by_time ON audit_events (time);

-- The end of the chain as last appended, kept apart from the records so
-- that deleting the newest records is detected too.
CREATE TABLE audit_chain_head (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  sequence  INTEGER NOT NULL,
  hash      BLOB NOT NULL
);

-- Which patients each event touched, so that a patient's history is found
-- without scanning the trail.
CREATE TABLE audit_event_patients (
  patient_id  TEXT NOT NULL,
  sequence    INTEGER NOT NULL REFERENCES audit_events (sequence),
  PRIMARY KEY (patient_id, sequence)
) WITHOUT ROWID;

-- The trail is append-only for the server. (Someone editing the file can
-- drop these triggers; the hash chain is what detects that.)
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_event_patients_no_update
BEFORE UPDATE ON audit_event_patients
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_event_patients_no_delete
BEFORE DELETE ON audit_event_patients
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
