#ifndef MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_
#define MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_

// Backups of a database that a clinicd may be serving at the same time, and
// the checks that tell whether a database file (a backup about to be
// restored) is whole. See docs/operations.md for how operators use them.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/audit/audit_checkpoint.h"
#include "core/audit/audit_event.h"

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
};

// Checks the database file at `path` without changing it and without
// needing clinicd's instance lock (it may be serving the file):
//   * SQLite's integrity_check and foreign_key_check;
//   * the migrations it records are known to this binary, with unchanged
//     checksums;
//   * the audit chain is intact, from the first record to the recorded head;
//   * with `options.checkpoint`, that its signature holds and that the
//     chain still holds the record it signed (nothing up to it rewritten,
//     no tail rolled back).
// All of it is read in one snapshot. NOT_FOUND when there is no file;
// DATA_LOSS when the file is damaged, the audit chain broken or the
// checkpoint's record changed or gone; FAILED_PRECONDITION when the
// migrations do not match this binary, the file is not a Mesoclinic
// database, or the checkpoint was signed with another key.
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
};

struct BackupReport {
  std::string destination;
  int64_t size_bytes = 0;
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
// NOT_FOUND when the source does not exist; ALREADY_EXISTS when the
// destination exists and `overwrite` is false; INVALID_ARGUMENT when the
// destination is the source (or one of its -wal, -shm files) or a folder;
// the errors of VerifyDatabase when the copy fails its checks;
// UNAVAILABLE or RESOURCE_EXHAUSTED (disk full) when it cannot be written.
absl::StatusOr<BackupReport> BackupDatabase(const BackupOptions& options);

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_ONLINE_BACKUP_H_
