-- The clinic's calendar (settings, hours, rooms, closures), courses,
-- sessions and the treatment record of each completed session.

CREATE TABLE clinic_settings (
  id                        INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone                 TEXT NOT NULL,
  slot_granularity_minutes  INTEGER NOT NULL,
  revision                  INTEGER NOT NULL
);

-- Weekly hours: the clinic's opening hours (owner '') and each
-- practitioner's working hours (owner = staff id). Minutes after local
-- midnight, [start_minute, end_minute).
CREATE TABLE weekly_hours (
  owner         TEXT NOT NULL,
  weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute  INTEGER NOT NULL,
  end_minute    INTEGER NOT NULL,
  PRIMARY KEY (owner, weekday, start_minute)
) WITHOUT ROWID;

CREATE TABLE rooms (
  id            TEXT PRIMARY KEY,
  display_name  TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  create_time   INTEGER NOT NULL
);

-- scope: 0 the whole clinic, 1 a practitioner, 2 a room.
CREATE TABLE closures (
  id          TEXT PRIMARY KEY,
  scope       INTEGER NOT NULL,
  scope_id    TEXT NOT NULL DEFAULT '',
  start_time  INTEGER NOT NULL,
  end_time    INTEGER NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  create_time INTEGER NOT NULL
);
CREATE INDEX closures_by_time ON closures (start_time);

CREATE TABLE courses (
  id              TEXT PRIMARY KEY,
  patient_id      TEXT NOT NULL REFERENCES patients (id),
  treatment_type  TEXT NOT NULL,
  state           INTEGER NOT NULL,
  create_time     INTEGER NOT NULL,
  update_time     INTEGER NOT NULL
);
CREATE INDEX courses_by_patient ON courses (patient_id, treatment_type);

CREATE TABLE sessions (
  id               TEXT PRIMARY KEY,
  patient_id       TEXT NOT NULL REFERENCES patients (id),
  treatment_type   TEXT NOT NULL,
  practitioner_id  TEXT NOT NULL REFERENCES staff (id),
  room_id          TEXT NOT NULL REFERENCES rooms (id),
  start_time       INTEGER NOT NULL,
  end_time         INTEGER NOT NULL,
  state            INTEGER NOT NULL,
  course_id        TEXT REFERENCES courses (id),
  course_index     INTEGER NOT NULL DEFAULT 0,
  min_gap_days     INTEGER NOT NULL DEFAULT 0,
  max_gap_days     INTEGER NOT NULL DEFAULT 0,
  flagged          INTEGER NOT NULL DEFAULT 0,
  cancel_reason    TEXT NOT NULL DEFAULT '',
  cancelled_by     TEXT NOT NULL DEFAULT '',
  check_in_time    INTEGER,
  create_time      INTEGER NOT NULL,
  update_time      INTEGER NOT NULL
);
-- Overlap checks look back from a start time per practitioner, room and
-- patient; listings go by time.
CREATE INDEX sessions_by_practitioner ON sessions (practitioner_id, start_time);
CREATE INDEX sessions_by_room ON sessions (room_id, start_time);
CREATE INDEX sessions_by_patient ON sessions (patient_id, start_time);
CREATE INDEX sessions_by_time ON sessions (start_time);
CREATE INDEX sessions_by_course ON sessions (course_id, course_index);

CREATE TABLE treatment_records (
  session_id   TEXT PRIMARY KEY REFERENCES sessions (id),
  areas        TEXT NOT NULL,
  notes        TEXT NOT NULL DEFAULT '',
  recorded_by  TEXT NOT NULL,
  record_time  INTEGER NOT NULL
);

-- One row per product line: what product lot tracing searches.
CREATE TABLE session_products (
  session_id        TEXT NOT NULL REFERENCES sessions (id),
  position          INTEGER NOT NULL,
  product           TEXT NOT NULL,
  lot_number        TEXT NOT NULL,
  concentration     REAL NOT NULL DEFAULT 0,
  volume_ml         REAL NOT NULL DEFAULT 0,
  depth_mm          REAL NOT NULL DEFAULT 0,
  area              TEXT NOT NULL DEFAULT '',
  injection_points  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, position)
) WITHOUT ROWID;
CREATE INDEX session_products_by_lot ON session_products (product, lot_number);

CREATE TABLE session_outcomes (
  session_id  TEXT NOT NULL REFERENCES sessions (id),
  position    INTEGER NOT NULL,
  code        TEXT NOT NULL,
  site        TEXT NOT NULL DEFAULT '',
  value       REAL NOT NULL,
  PRIMARY KEY (session_id, position)
) WITHOUT ROWID;
