-- Tamper-evident rows and a keyed chain.
--
-- Every audit record names the resources its call left behind (a patient, a
-- session with its treatment record, a consent, ...) with a digest of each
-- as it was written: "clinicd verify" recomputes the digest of every stored
-- resource and compares it with the last record that named it, so that a
-- row changed, added or deleted outside the server is found. Records
-- written before this migration keep their hashes, which did not cover it.
--
-- The list, one "resource digest-in-hex" line per resource, sorted by
-- resource; "-" for a resource the call deleted.
ALTER TABLE audit_events ADD COLUMN resource_digests TEXT NOT NULL DEFAULT '';

-- The same entries by resource, so that a resource's last recorded digest is
-- found without reading the trail. An empty digest: the resource was
-- deleted. Proven against the records' own lists by verification.
CREATE TABLE audit_resource_digests (
  resource  TEXT NOT NULL,
  sequence  INTEGER NOT NULL REFERENCES audit_events (sequence),
  digest    BLOB NOT NULL,
  PRIMARY KEY (resource, sequence)
) WITHOUT ROWID;

CREATE TRIGGER audit_resource_digests_no_update
BEFORE UPDATE ON audit_resource_digests
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_resource_digests_no_delete
BEFORE DELETE ON audit_resource_digests
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;

-- The record from which every stored resource has a recorded digest (the
-- first start after this migration records the digests of what the
-- database already held, in records of their own).
CREATE TABLE audit_digest_baseline (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  sequence  INTEGER NOT NULL
);

-- The keys the chain is linked under, each from the record that started
-- using it (a "clinicd/KeyAuditChain" record, itself linked under it):
-- records from from_sequence on are HMAC-SHA-256 under the key whose id
-- (a digest of the key, not the key) is key_id. Records before the first
-- entry keep plain SHA-256 links. The keys themselves are kept outside the
-- database.
CREATE TABLE audit_chain_keys (
  from_sequence  INTEGER PRIMARY KEY,
  key_id         BLOB NOT NULL
);

CREATE TRIGGER audit_chain_keys_no_update BEFORE UPDATE ON audit_chain_keys
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
CREATE TRIGGER audit_chain_keys_no_delete BEFORE DELETE ON audit_chain_keys
BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only');
END;
