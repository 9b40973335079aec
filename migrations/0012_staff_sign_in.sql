-- Staff sign-in for people at a browser: passwords (Argon2id hashes only),
-- one-time password setup links and sign-in sessions (SHA-256 of their
-- tokens only), the failed attempts that slow down and lock password
-- guessing, and the clinic's idle timeout for sessions.

CREATE TABLE staff_passwords (
  staff_id              TEXT PRIMARY KEY REFERENCES staff (id),
  -- crypto_pwhash_str's "$argon2id$..." string: salt and cost inside.
  password_hash         TEXT NOT NULL,
  -- A temporary password: the member must choose their own first.
  must_change_password  INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
  set_time              INTEGER NOT NULL
);

CREATE TABLE password_setup_links (
  -- SHA-256 of the link's token; the token itself is never stored.
  token_hash   BLOB PRIMARY KEY,
  staff_id     TEXT NOT NULL REFERENCES staff (id),
  create_time  INTEGER NOT NULL,
  expire_time  INTEGER NOT NULL,
  -- Set once used, or when a newer password or link replaced it.
  end_time     INTEGER
);

CREATE INDEX password_setup_links_by_staff ON password_setup_links (staff_id);

CREATE TABLE sign_in_sessions (
  id              TEXT PRIMARY KEY,
  -- SHA-256 of the session's token; the token itself is never stored.
  token_hash      BLOB NOT NULL UNIQUE,
  staff_id        TEXT NOT NULL REFERENCES staff (id),
  create_time     INTEGER NOT NULL,
  -- Kept to within a minute: not every call writes it.
  last_seen_time  INTEGER NOT NULL,
  -- The absolute end of the session's life.
  expire_time     INTEGER NOT NULL,
  end_time        INTEGER,
  -- "signed_out", "password_set", "password_changed", "deactivated".
  end_reason      TEXT NOT NULL DEFAULT '',
  client_address  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sign_in_sessions_open_by_staff ON sign_in_sessions (staff_id)
  WHERE end_time IS NULL;

-- Failed sign-ins counted per subject: "staff:<id>", "email:<sha-256 hex>"
-- for an e-mail no staff member has, or "address:<client address>".
CREATE TABLE sign_in_failures (
  subject            TEXT PRIMARY KEY,
  failures           INTEGER NOT NULL,
  window_start_time  INTEGER NOT NULL,
  last_failure_time  INTEGER NOT NULL,
  locked_until_time  INTEGER
);

-- 15 minutes.
ALTER TABLE clinic_settings
  ADD COLUMN sign_in_idle_timeout_seconds INTEGER NOT NULL DEFAULT 900;
