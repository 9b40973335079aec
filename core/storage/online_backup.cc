#include "core/storage/online_backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <sqlite3.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "absl/time/clock.h"
#include "core/audit/audit_event.h"
#include "core/base/status_macros.h"
#include "core/storage/connection.h"
#include "core/storage/durable_file.h"
#include "core/storage/migration_runner.h"
#include "core/storage/sqlite_audit_repository.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

namespace fs = std::filesystem;

// How long the checks wait for a lock: a reader only ever waits while a
// clinicd opens or recovers the file.
constexpr absl::Duration kCheckBusyTimeout = absl::Seconds(5);
// integrity_check problems quoted in an error at most.
constexpr int kProblemsQuoted = 5;

// A database file that exists and is not a folder: SQLite would otherwise
// create an empty database, or fail with a less helpful message.
absl::Status RequireDatabaseFile(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("there is no database at ", path));
  }
  if (fs::is_directory(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a folder, not a database file"));
  }
  return absl::OkStatus();
}

// SQLite's own checks of the file's structure and of its foreign keys.
absl::Status CheckIntegrity(Connection& connection) {
  SQLite::Statement& integrity = connection.Prepare("PRAGMA integrity_check");
  std::vector<std::string> problems;
  while (integrity.executeStep() &&
         static_cast<int>(problems.size()) < kProblemsQuoted) {
    const std::string line = integrity.getColumn(0).getString();
    if (line != "ok") problems.push_back(line);
  }
  if (!problems.empty()) {
    return absl::DataLossError(
        absl::StrCat("the database is damaged (integrity_check: ",
                     absl::StrJoin(problems, "; "), ")"));
  }
  SQLite::Statement& foreign_keys =
      connection.Prepare("PRAGMA foreign_key_check");
  if (foreign_keys.executeStep()) {
    return absl::DataLossError(absl::StrCat(
        "the database is damaged: a row of table ",
        foreign_keys.getColumn(0).getString(), " refers to a missing row of ",
        foreign_keys.getColumn(2).getString(), " (foreign_key_check)"));
  }
  return absl::OkStatus();
}

// Every check of VerifyDatabase, on an open connection, in one snapshot.
absl::StatusOr<DatabaseCheck> CheckDatabase(Connection& connection,
                                            const VerifyOptions& options) {
  DatabaseCheck check;
  RETURN_IF_ERROR(CheckIntegrity(connection));
  ASSIGN_OR_RETURN(const std::vector<Migration> migrations,
                   EmbeddedMigrations());
  ASSIGN_OR_RETURN(check.schema_version,
                   CheckMigrations(connection, migrations));
  check.pending_migrations =
      static_cast<int>(migrations.size()) - check.schema_version;

  // Resource digests and chain keys came with migration 14, the
  // per-patient index merged in batches with 16.
  SqliteAuditRepository audit(
      connection,
      {.schema_has_digests = check.schema_version >= 14,
       .schema_merges_patient_index = check.schema_version >= 16});
  ASSIGN_OR_RETURN(const audit::ChainVerification chain,
                   audit::VerifyAuditChain(audit, options.chain_keys));
  if (!chain.intact) {
    return absl::DataLossError(absl::StrCat(
        "the audit chain is broken at record ", chain.first_broken_sequence,
        ": ", chain.problem));
  }
  if (chain.resource_problem_count > 0) {
    std::vector<std::string> problems;
    for (const audit::ResourceProblem& problem : chain.resource_problems) {
      problems.push_back(problem.Describe());
    }
    return absl::DataLossError(absl::StrCat(
        chain.resource_problem_count,
        " stored resource(s) do not match the audit trail: ",
        absl::StrJoin(problems, "; "),
        chain.resource_problem_count >
                static_cast<int64_t>(problems.size())
            ? "; ..."
            : ""));
  }
  check.audit_records = chain.records_checked;
  check.resources_checked = chain.resources_checked;
  check.unproven = chain.unproven;
  ASSIGN_OR_RETURN(check.audit_head, audit.Head());
  if (check.audit_head.sequence > 0) {
    ASSIGN_OR_RETURN(const std::vector<audit::AuditEvent> newest,
                     audit.Scan(check.audit_head.sequence - 1, 1));
    if (!newest.empty()) check.newest_audit_record_time = newest.front().time;
  }
  if (options.checkpoint.has_value()) {
    RETURN_IF_ERROR(audit::CheckAgainstCheckpoint(
        audit, *options.checkpoint, options.checkpoint_public_key));
  }
  return check;
}

// Copies every page of `source` into `destination` in one backup step: the
// step reads the source in one read transaction, so the copy is the
// snapshot the step began with, whatever clinicd commits meanwhile. (Copying
// in several steps would restart from scratch each time another connection
// writes the source between steps, and might never finish on a busy clinic.)
absl::Status CopySnapshot(SQLite::Database& source,
                          SQLite::Database& destination,
                          absl::Duration busy_timeout) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Backup backup(destination, source);
    const absl::Time give_up = absl::Now() + busy_timeout;
    while (true) {
      const int result = backup.executeStep(-1);
      if (result == SQLITE_DONE) return absl::OkStatus();
      // BUSY or LOCKED: the source could not be read just now (a clinicd
      // is opening or recovering it). Retrying the step is safe.
      if (absl::Now() > give_up) {
        return absl::UnavailableError(absl::StrCat(
            "the database stayed locked for ",
            absl::FormatDuration(busy_timeout), "; nothing was copied"));
      }
      sqlite3_sleep(50);
    }
  });
}

// Whether `destination` names the source database or one of the files that
// are part of it while it is in use.
bool IsPartOfSource(const std::string& destination, const std::string& source) {
  std::error_code error;
  const fs::path target = fs::weakly_canonical(destination, error);
  if (error) return false;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const fs::path part = fs::weakly_canonical(source + suffix, error);
    if (!error && part == target) return true;
  }
  return false;
}

// The parts of a database file on disk: the file itself and the journal
// files SQLite keeps beside it while it is in use.
constexpr const char* kDatabaseParts[] = {"", "-wal", "-shm", "-journal"};

// Refuses a file to write that is a folder or whose folder is missing, and
// unless `overwrite` one that exists, or has a part of `parts` that does
// ("" is the file itself). `what` names it in the messages ("backup file").
absl::Status CheckNewFile(const std::string& path, bool overwrite,
                          absl::string_view what,
                          absl::Span<const char* const> parts) {
  if (path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("no ", what, " given"));
  }
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is a folder: give the ", what, "'s name"));
  }
  for (const char* suffix : parts) {
    const std::string part = path + suffix;
    if (!overwrite && fs::exists(part, error)) {
      return absl::AlreadyExistsError(absl::StrCat(
          part, " already exists; nothing was written (choose a new file "
                "name, or replace it on purpose)"));
    }
  }
  const std::string folder = FolderOf(path);
  if (!fs::is_directory(folder, error)) {
    return absl::NotFoundError(
        absl::StrCat("the folder ", folder, " does not exist"));
  }
  return absl::OkStatus();
}

// Refuses a destination the backup must not write, before any work.
absl::Status CheckDestination(const BackupOptions& options) {
  if (!options.destination.empty() &&
      IsPartOfSource(options.destination, options.source)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the backup file ", options.destination,
        " would overwrite the database itself; choose another file"));
  }
  return CheckNewFile(options.destination, options.overwrite, "backup file",
                      {""});
}

// Writes the copy to `staging`: the snapshot, then made one self-contained
// file in rollback-journal mode (the copy of a WAL database is otherwise
// marked WAL, and would grow -wal and -shm files wherever it is opened).
absl::Status WriteCopy(const BackupOptions& options,
                       const std::string& staging) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> source,
                   Connection::Open(options.source, Connection::Mode::kReadOnly,
                                    options.busy_timeout));
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Database copy(staging, SQLite::OPEN_READWRITE);
    RETURN_IF_ERROR(
        CopySnapshot(source->database(), copy, options.busy_timeout));
    copy.exec("PRAGMA journal_mode = DELETE");
    return absl::OkStatus();
  });
}

// Where an encrypted backup's plain copy is made and checked: a new file
// beside the database (mode 0600), so that the plain data never lands where
// the backups are kept.
absl::StatusOr<std::string> CreatePlainCopyFile(const std::string& database) {
  std::string path = database + ".backup-XXXXXX";
  const int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    return ErrnoStatus(errno, "create a temporary copy beside", database);
  }
  close(fd);
  return path;
}

// Writes the copy to `copy` and checks it; a copy that fails is not kept.
absl::StatusOr<DatabaseCheck> WriteCheckedCopy(const BackupOptions& options,
                                               const std::string& copy) {
  RETURN_IF_ERROR(WriteCopy(options, copy));
  absl::StatusOr<DatabaseCheck> check =
      VerifyDatabase(copy, {.chain_keys = options.chain_keys});
  if (!check.ok()) {
    return absl::Status(
        check.status().code(),
        absl::StrCat("the copy failed its checks, so it was not kept (the "
                     "database itself is probably affected: run clinicd "
                     "verify on it): ",
                     check.status().message()));
  }
  return check;
}

absl::StatusOr<int64_t> FileSize(const std::string& path) {
  std::error_code error;
  const uintmax_t size = fs::file_size(path, error);
  if (error) return ErrnoStatus(error.value(), "measure", path);
  return static_cast<int64_t>(size);
}

// Refuses a backup that is missing, or whose kind does not match whether a
// key was given: a plain backup is restored only when asked for as such.
absl::Status CheckBackupFile(const RestoreOptions& options) {
  std::error_code error;
  if (!fs::is_regular_file(options.backup, error)) {
    return absl::NotFoundError(
        absl::StrCat("there is no backup file at ", options.backup));
  }
  const BackupFormat format = DetectBackupFormat(options.backup);
  if (options.key == nullptr && format == BackupFormat::kEncrypted) {
    return absl::FailedPreconditionError(absl::StrCat(
        options.backup, " is an encrypted backup: give the key it was "
                        "written under (--backup_key_file)"));
  }
  if (options.key == nullptr && format != BackupFormat::kPlainSqlite) {
    return absl::FailedPreconditionError(absl::StrCat(
        options.backup, " is not a Mesoclinic backup (neither an encrypted "
                        "backup nor a SQLite database)"));
  }
  return absl::OkStatus();
}

absl::Status CopyPlainBackup(const std::string& backup,
                             const std::string& staging) {
  std::error_code error;
  fs::copy_file(backup, staging, fs::copy_options::overwrite_existing, error);
  if (!error) {
    fs::permissions(staging, fs::perms::owner_read | fs::perms::owner_write,
                    error);
  }
  if (error) return ErrnoStatus(error.value(), "copy the backup to", staging);
  return absl::OkStatus();
}

// Moves the database at `path` and its journal files to
// "<path>.replaced-<UTC time>" (and its -wal, -shm beside it): never
// deleted, they may hold work done after the backup. Returns the new name.
absl::StatusOr<std::string> MoveDatabaseAside(const std::string& path) {
  const std::string aside = absl::StrCat(
      path, ".replaced-",
      absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone()));
  bool moved_any = false;
  std::error_code error;
  for (const char* suffix : kDatabaseParts) {
    const std::string part = path + suffix;
    if (!fs::exists(part, error)) continue;
    RETURN_IF_ERROR(MoveIntoPlace(part, aside + suffix, /*overwrite=*/false));
    moved_any = true;
  }
  return moved_any ? aside : "";
}

}  // namespace

absl::StatusOr<DatabaseCheck> VerifyDatabase(const std::string& path,
                                             const VerifyOptions& options) {
  RETURN_IF_ERROR(RequireDatabaseFile(path));
  ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> connection,
      Connection::Open(path, Connection::Mode::kReadOnly, kCheckBusyTimeout));
  return CatchSqlite([&]() -> absl::StatusOr<DatabaseCheck> {
    connection->Execute("BEGIN");  // One snapshot for every check.
    absl::StatusOr<DatabaseCheck> check = CheckDatabase(*connection, options);
    connection->ResetStatements();
    connection->Execute("COMMIT");
    return check;
  });
}

absl::StatusOr<BackupReport> BackupDatabase(const BackupOptions& options) {
  const absl::Time start = absl::Now();
  RETURN_IF_ERROR(RequireDatabaseFile(options.source));
  RETURN_IF_ERROR(CheckDestination(options));

  const std::string staging = options.destination + ".partial";
  RETURN_IF_ERROR(CreateStagingFile(staging));
  absl::Cleanup remove_staging = [&] { RemoveWithJournals(staging); };

  BackupReport report;
  report.destination = options.destination;
  if (options.key == nullptr) {
    ASSIGN_OR_RETURN(report.check, WriteCheckedCopy(options, staging));
  } else {
    ASSIGN_OR_RETURN(const std::string plain,
                     CreatePlainCopyFile(options.source));
    absl::Cleanup remove_plain = [&] { RemoveWithJournals(plain); };
    ASSIGN_OR_RETURN(report.check, WriteCheckedCopy(options, plain));
    RETURN_IF_ERROR(EncryptFile(plain, staging, *options.key));
    report.key_id = options.key->id();
  }
  ASSIGN_OR_RETURN(report.size_bytes, FileSize(staging));

  RETURN_IF_ERROR(SyncFile(staging));
  RETURN_IF_ERROR(
      MoveIntoPlace(staging, options.destination, options.overwrite));
  std::move(remove_staging).Cancel();
  RETURN_IF_ERROR(SyncFolder(FolderOf(options.destination)));
  report.elapsed = absl::Now() - start;
  return report;
}

absl::StatusOr<RestoreReport> RestoreDatabase(const RestoreOptions& options) {
  const absl::Time start = absl::Now();
  RETURN_IF_ERROR(CheckBackupFile(options));
  RETURN_IF_ERROR(CheckNewFile(options.destination, options.overwrite,
                               "database file", kDatabaseParts));

  const std::string staging = options.destination + ".partial";
  RETURN_IF_ERROR(CreateStagingFile(staging));
  absl::Cleanup remove_staging = [&] { RemoveWithJournals(staging); };
  if (options.key != nullptr) {
    RETURN_IF_ERROR(DecryptFile(options.backup, staging, *options.key));
  } else {
    RETURN_IF_ERROR(CopyPlainBackup(options.backup, staging));
  }

  RestoreReport report;
  report.destination = options.destination;
  absl::StatusOr<DatabaseCheck> check =
      VerifyDatabase(staging, {.chain_keys = options.chain_keys});
  if (!check.ok()) {
    return absl::Status(
        check.status().code(),
        absl::StrCat("the backup failed its checks, so nothing was restored "
                     "(use an older backup): ",
                     check.status().message()));
  }
  report.check = *std::move(check);

  RETURN_IF_ERROR(SyncFile(staging));
  if (options.overwrite) {
    ASSIGN_OR_RETURN(report.moved_aside,
                     MoveDatabaseAside(options.destination));
  }
  RETURN_IF_ERROR(MoveIntoPlace(staging, options.destination,
                                /*overwrite=*/false));
  std::move(remove_staging).Cancel();
  RETURN_IF_ERROR(SyncFolder(FolderOf(options.destination)));
  report.elapsed = absl::Now() - start;
  return report;
}

}  // namespace mesoclinic::storage
