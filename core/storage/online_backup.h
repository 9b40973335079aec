#ifndef MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_
#define MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_

// Backups of a database that a clinicd may be serving at the same time,
// their restores, and the checks that tell whether a database file (a
// backup about to be restored) is whole. See docs/operations.md for how
// operators use them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/audit/audit_checkpoint.h"
#include "core/audit/audit_event.h"
#include "core/storage/backup_encryption.h"

namespace mesoclinic::storage {

// What the checks of a database file found; only returned when all passed.
struct DatabaseCheck {
  int schema_version = 0;
  // Migrations this binary carries that the file has not had yet: clinicd
  // applies them when it next starts on the file.
  int pending_migrations = 0;
  int64_t audit_records = 0;
  // When the newest audit record was written: the file holds every change
  // made up to then, and none made after.
  std::optional<absl::Time> newest_audit_record_time;
  // Stored resources found to match the last record that wrote them.
  int64_t resources_checked = 0;
  // What could not be proven (see audit::ChainVerification::unproven).
  std::vector<std::string> unproven;
  // The chain's end (the newest record's sequence and hash): note it down,
  // or keep a signed checkpoint of it, to tell later that nothing up to it
  // was rewritten.
  audit::AuditChainHead audit_head;
};

// What VerifyDatabase holds the file to besides its own consistency.
struct VerifyOptions {
  // A checkpoint made earlier (clinicd verify --checkpoint): the file must
  // still hold its record, unchanged (audit::CheckAgainstCheckpoint).
  std::optional<audit::AuditCheckpoint> checkpoint;
  // The public key the checkpoint must be signed with.
  std::string checkpoint_public_key;
  // Keys the chain may be linked under: its links under one of them are
  // proven with it, the others only followed (and said to be unproven).
  std::vector<audit::AuditChainKey> chain_keys;
};

// Checks the database file at `path` without changing it and without
// needing clinicd's instance lock (it may be serving the file):
//   * SQLite's integrity_check and foreign_key_check;
//   * the migrations it records are known to this binary, with unchanged
//     checksums;
//   * the audit chain is intact, from the first record to the recorded head
//     (its links under a key among `options.chain_keys` proven with it);
//   * every stored resource matches the last audit record that wrote it;
//   * with `options.checkpoint`, that its signature holds and that the
//     chain still holds the record it signed (nothing up to it rewritten,
//     no tail rolled back).
// All of it is read in one snapshot. NOT_FOUND when there is no file;
// DATA_LOSS when the file is damaged, the audit chain broken, a resource
// changed, added or deleted outside clinicd, or the checkpoint's record
// changed or gone; FAILED_PRECONDITION when the migrations do not match
// this binary, the file is not a Mesoclinic database, or the checkpoint was
// signed with another key.
absl::StatusOr<DatabaseCheck> VerifyDatabase(const std::string& path,
                                             const VerifyOptions& options = {});

struct BackupOptions {
  // The database to copy. It must exist: a backup never creates one.
  std::string source;
  // The backup file to write. Its folder must exist.
  std::string destination;
  // Replace `destination` when it already exists; otherwise that is
  // ALREADY_EXISTS and nothing is written.
  bool overwrite = false;
  // How long to wait when the source cannot be read at once (a clinicd
  // opening or recovering it).
  absl::Duration busy_timeout = absl::Seconds(5);
  // Encrypts the backup under this key (backup_encryption.h); without one
  // the backup is a plain SQLite file that anyone who gets it can read.
  const BackupKey* key = nullptr;
  // The audit chain's keys, to prove its links in the copy's checks;
  // without them the links are followed, not proven.
  std::vector<audit::AuditChainKey> chain_keys;
};

struct BackupReport {
  std::string destination;
  // The size of the file written (encrypted, when it is).
  int64_t size_bytes = 0;
  // The id of the key that encrypted it; empty for a plain backup.
  std::string key_id;
  // The checks, as VerifyDatabase reports them, run on the copy.
  DatabaseCheck check;
  absl::Duration elapsed;
};

// Copies `options.source` to `options.destination` while clinicd may be
// serving and writing it.
//
// The copy is one consistent snapshot: the source is read in a single read
// transaction (WAL lets clinicd's writer commit meanwhile, and never waits
// for it), so the backup holds exactly the writes committed before that
// snapshot began. It is written to a temporary file beside `destination`,
// switched to a single self-contained file (rollback journal, no -wal),
// checked as VerifyDatabase checks, flushed to disk (file and folder), and
// only then renamed into place: `destination` is either the old file or the
// whole new backup, never a partial one, and is not left behind on failure.
// The file is created with mode 0600.
//
// With a key, the checked copy is a temporary file beside the SOURCE (where
// the data is as exposed as in the database itself, never beside the
// backups), encrypted into `destination`'s temporary file, which is flushed
// and renamed as above; the plain copy is removed on success and on every
// failure (a backup killed meanwhile leaves "<source>.backup-XXXXXX").
//
// NOT_FOUND when the source does not exist; ALREADY_EXISTS when the
// destination exists and `overwrite` is false; INVALID_ARGUMENT when the
// destination is the source (or one of its -wal, -shm files) or a folder;
// the errors of VerifyDatabase when the copy fails its checks;
// UNAVAILABLE or RESOURCE_EXHAUSTED (disk full) when it cannot be written.
absl::StatusOr<BackupReport> BackupDatabase(const BackupOptions& options);

struct RestoreOptions {
  // The backup to restore: encrypted under `key`, or plain without one.
  std::string backup;
  // The database file to write. Its folder must exist, and no clinicd may
  // serve it (the caller holds its instance lock).
  std::string destination;
  // Replace `destination` when it exists: the database and its -wal, -shm
  // and -journal files are first moved aside, never deleted (they may hold
  // work done after the backup). Otherwise that is ALREADY_EXISTS.
  bool overwrite = false;
  const BackupKey* key = nullptr;
  // As BackupOptions::chain_keys, for the restored copy's checks.
  std::vector<audit::AuditChainKey> chain_keys;
};

struct RestoreReport {
  std::string destination;
  // The checks, as VerifyDatabase reports them, run on the restored copy.
  DatabaseCheck check;
  // Where the database that was replaced went ("<destination>.replaced-
  // <UTC time>", and its -wal, -shm files beside it); empty when there was
  // none.
  std::string moved_aside;
  absl::Duration elapsed;
};

// Restores `options.backup` to `options.destination`, all or nothing: the
// backup is decrypted (or copied) to "<destination>.partial" (mode 0600),
// checked as VerifyDatabase checks, flushed to disk, and only then renamed
// into place; on any failure nothing of it is left behind and the
// destination is untouched.
//
// NOT_FOUND when there is no backup or no destination folder;
// ALREADY_EXISTS when the destination exists and `overwrite` is false;
// FAILED_PRECONDITION when the backup is encrypted and no key is given, or
// plain and a key is given, or is no backup at all; the errors of
// DecryptFile (wrong key, damaged, truncated) and of VerifyDatabase.
absl::StatusOr<RestoreReport> RestoreDatabase(const RestoreOptions& options);

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_
