#include "core/storage/online_backup.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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
#include "absl/time/clock.h"
#include "core/audit/audit_event.h"
#include "core/base/status_macros.h"
#include "core/storage/connection.h"
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

// A failed system call on `path`, as a status: a full disk is
// RESOURCE_EXHAUSTED (the operator frees space), anything else UNAVAILABLE.
absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path) {
  const std::string message =
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) {
    return absl::ResourceExhaustedError(message);
  }
  return absl::UnavailableError(message);
}

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

  SqliteAuditRepository audit(connection);
  ASSIGN_OR_RETURN(const audit::ChainVerification chain,
                   audit::VerifyAuditChain(audit));
  if (!chain.intact) {
    return absl::DataLossError(absl::StrCat(
        "the audit chain is broken at record ", chain.first_broken_sequence,
        ": ", chain.problem));
  }
  check.audit_records = chain.records_checked;
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

absl::Status SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open", path);
  const int synced = fsync(fd);
  const int error = errno;
  close(fd);
  if (synced != 0) return ErrnoStatus(error, "flush to disk", path);
  return absl::OkStatus();
}

std::string FolderOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
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

// Renames `from` to `to`; unless `overwrite`, fails with ALREADY_EXISTS
// rather than replace a file that appeared at `to` meanwhile.
absl::Status MoveIntoPlace(const std::string& from, const std::string& to,
                           bool overwrite) {
  if (!overwrite) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(),
                  RENAME_NOREPLACE) == 0) {
      return absl::OkStatus();
    }
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(
          absl::StrCat(to, " appeared during the backup; nothing was "
                           "replaced"));
    }
    // Some file systems (NFS) cannot rename without replacing: check, then
    // rename, as close together as we can.
    if (errno != EINVAL) return ErrnoStatus(errno, "rename the backup to", to);
    std::error_code error;
    if (fs::exists(to, error)) {
      return absl::AlreadyExistsError(
          absl::StrCat(to, " appeared during the backup; nothing was "
                           "replaced"));
    }
  }
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus(errno, "rename the backup to", to);
  }
  return absl::OkStatus();
}

// Refuses a destination the backup must not write, before any work.
absl::Status CheckDestination(const BackupOptions& options) {
  if (options.destination.empty()) {
    return absl::InvalidArgumentError("no backup file given");
  }
  if (IsPartOfSource(options.destination, options.source)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the backup file ", options.destination,
        " would overwrite the database itself; choose another file"));
  }
  std::error_code error;
  const fs::file_status status = fs::status(options.destination, error);
  if (fs::is_directory(status)) {
    return absl::InvalidArgumentError(absl::StrCat(
        options.destination, " is a folder: give the backup's file name"));
  }
  if (fs::exists(status) && !options.overwrite) {
    return absl::AlreadyExistsError(absl::StrCat(
        options.destination, " already exists; nothing was written (choose "
                             "a new file name, or replace it on purpose)"));
  }
  const std::string folder = FolderOf(options.destination);
  if (!fs::is_directory(folder, error)) {
    return absl::NotFoundError(
        absl::StrCat("the folder ", folder, " does not exist"));
  }
  return absl::OkStatus();
}

// Creates the empty file the copy is written to, 0600 whatever the umask,
// and only if absent: two backups to the same file never write into each
// other's copy.
absl::Status CreateStagingFile(const std::string& staging) {
  const int fd = open(staging.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(absl::StrCat(
          staging, " exists: another backup to the same file is running, or "
                   "one was killed; remove it once no backup runs"));
    }
    return ErrnoStatus(errno, "create", staging);
  }
  close(fd);
  return absl::OkStatus();
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
  bool moved = false;
  absl::Cleanup remove_staging = [&] {
    if (moved) return;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      unlink((staging + suffix).c_str());
    }
  };
  RETURN_IF_ERROR(WriteCopy(options, staging));

  BackupReport report;
  report.destination = options.destination;
  absl::StatusOr<DatabaseCheck> check = VerifyDatabase(staging);
  if (!check.ok()) {
    return absl::Status(
        check.status().code(),
        absl::StrCat("the copy failed its checks, so it was not kept (the "
                     "database itself is probably affected: run clinicd "
                     "verify on it): ",
                     check.status().message()));
  }
  report.check = *std::move(check);
  std::error_code error;
  report.size_bytes = static_cast<int64_t>(fs::file_size(staging, error));
  if (error) return ErrnoStatus(error.value(), "measure", staging);

  const std::string folder = FolderOf(options.destination);
  RETURN_IF_ERROR(SyncPath(staging, O_RDONLY));
  RETURN_IF_ERROR(
      MoveIntoPlace(staging, options.destination, options.overwrite));
  moved = true;
  RETURN_IF_ERROR(SyncPath(folder, O_RDONLY | O_DIRECTORY));
  report.elapsed = absl::Now() - start;
  return report;
}

}  // namespace mesoclinic::storage
