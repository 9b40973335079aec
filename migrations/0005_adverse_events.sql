-- Adverse-event reports, their follow-ups and suspected products, and the
-- post-session follow-up tasks of each protocol.

CREATE TABLE adverse_events (
  id                     TEXT PRIMARY KEY,
  patient_id             TEXT NOT NULL REFERENCES patients (id),
  session_id             TEXT REFERENCES sessions (id),
  treatment_type         TEXT NOT NULL,
  term                   TEXT NOT NULL,
  description            TEXT NOT NULL DEFAULT '',
  body_site              TEXT NOT NULL DEFAULT '',
  onset_time             INTEGER NOT NULL,
  awareness_time         INTEGER NOT NULL,
  severity_grade         INTEGER NOT NULL CHECK (severity_grade BETWEEN 1 AND 5),
  -- Bit (1 << criterion) per seriousness criterion.
  seriousness            INTEGER NOT NULL DEFAULT 0,
  relatedness            INTEGER NOT NULL DEFAULT 0,
  causality_assessed_by  TEXT NOT NULL DEFAULT '',
  action_taken           INTEGER NOT NULL DEFAULT 0,
  action_details         TEXT NOT NULL DEFAULT '',
  outcome                INTEGER NOT NULL,
  reporter_id            TEXT NOT NULL,
  expected               INTEGER NOT NULL,
  recommended_action     TEXT NOT NULL DEFAULT '',
  assessment_rationale   TEXT NOT NULL DEFAULT '',
  expedited_due_time     INTEGER,
  expedited_submit_time  INTEGER,
  create_time            INTEGER NOT NULL
);
CREATE INDEX adverse_events_by_patient ON adverse_events (patient_id, onset_time);
CREATE INDEX adverse_events_by_type ON adverse_events (treatment_type, onset_time);
CREATE INDEX adverse_events_by_session ON adverse_events (session_id);
CREATE INDEX adverse_events_expedited
  ON adverse_events (expedited_due_time) WHERE expedited_due_time IS NOT NULL;

-- Reports are never edited: only the expedited report's submission is
-- recorded later, once.
CREATE TRIGGER adverse_events_append_only BEFORE UPDATE ON adverse_events
WHEN NOT (OLD.expedited_submit_time IS NULL
          AND NEW.expedited_submit_time IS NOT NULL
          AND NEW.id = OLD.id AND NEW.term = OLD.term
          AND NEW.severity_grade = OLD.severity_grade
          AND NEW.onset_time = OLD.onset_time
          AND NEW.outcome = OLD.outcome
          AND NEW.seriousness = OLD.seriousness)
BEGIN
  SELECT RAISE(ABORT, 'adverse-event reports are never edited');
END;
CREATE TRIGGER adverse_events_never_deleted BEFORE DELETE ON adverse_events
BEGIN
  SELECT RAISE(ABORT, 'adverse-event reports are never deleted');
END;

CREATE TABLE adverse_event_products (
  event_id     TEXT NOT NULL REFERENCES adverse_events (id),
  position     INTEGER NOT NULL,
  product      TEXT NOT NULL,
  lot_number   TEXT NOT NULL DEFAULT '',
  relatedness  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE INDEX adverse_event_products_by_lot
  ON adverse_event_products (lot_number, product);

CREATE TABLE adverse_event_follow_ups (
  event_id        TEXT NOT NULL REFERENCES adverse_events (id),
  position        INTEGER NOT NULL,
  time            INTEGER NOT NULL,
  outcome         INTEGER NOT NULL,
  severity_grade  INTEGER NOT NULL DEFAULT 0,
  notes           TEXT NOT NULL DEFAULT '',
  recorded_by     TEXT NOT NULL,
  PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE TRIGGER adverse_event_follow_ups_append_only
BEFORE UPDATE ON adverse_event_follow_ups
BEGIN
  SELECT RAISE(ABORT, 'follow-ups are never edited');
END;

CREATE TABLE follow_up_tasks (
  id               TEXT PRIMARY KEY,
  session_id       TEXT NOT NULL REFERENCES sessions (id),
  patient_id       TEXT NOT NULL REFERENCES patients (id),
  practitioner_id  TEXT NOT NULL,
  code             TEXT NOT NULL,
  title            TEXT NOT NULL,
  look_for         TEXT NOT NULL DEFAULT '',
  due_time         INTEGER NOT NULL,
  done_time        INTEGER,
  note             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_up_tasks_by_due ON follow_up_tasks (due_time, id);
CREATE INDEX follow_up_tasks_by_practitioner
  ON follow_up_tasks (practitioner_id, due_time);
