#include "core/storage/connection.h"

#include <sqlite3.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    const std::string& path, Mode mode, absl::Duration busy_timeout,
    const std::string& vfs) {
  return CatchSqlite([&]() -> absl::StatusOr<std::unique_ptr<Connection>> {
    const int flags = mode == Mode::kReadWrite
                          ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE |
                                SQLite::OPEN_FULLMUTEX
                          : SQLite::OPEN_READONLY | SQLite::OPEN_FULLMUTEX;
    SQLite::Database database(
        path, flags,
        static_cast<int>(absl::ToInt64Milliseconds(busy_timeout)),
        vfs);
    auto connection =
        std::unique_ptr<Connection>(new Connection(std::move(database)));
    if (mode == Mode::kReadWrite) {
      // WAL lets readers work beside the single writer; FULL syncs the WAL on
      // every commit, so an acknowledged write survives a power loss.
      connection->Execute("PRAGMA journal_mode = WAL");
    }
    connection->Execute(
        "PRAGMA synchronous = FULL;"
        "PRAGMA foreign_keys = ON;"
        "PRAGMA temp_store = MEMORY;");
    // Page caches (negative: KiB). SQLite's default 2 MiB cannot hold the
    // index pages a busy clinic's writes touch (the audit trail's patient
    // index takes random inserts), nor a day's sessions for a reader; the
    // pages then come back from the OS by pread on every call. At most 8
    // readers (SqliteStoreOptions::max_readers) and the writer: ~100 MiB in
    // all when every cache is full, within the 300 MB clinicd may take.
    connection->Execute(mode == Mode::kReadWrite
                            ? "PRAGMA cache_size = -32768"
                            : "PRAGMA cache_size = -8192");
    return connection;
  });
}

Connection::Connection(SQLite::Database database)
    : database_(std::move(database)) {}

SQLite::Statement& Connection::Prepare(const std::string& sql) {
  auto [it, inserted] = statements_.try_emplace(sql);
  if (inserted) {
    try {
      it->second = std::make_unique<SQLite::Statement>(database_, sql);
    } catch (...) {
      statements_.erase(it);
      throw;
    }
  } else {
    it->second->tryReset();  // A previous failed step is not an error now.
    it->second->clearBindings();
  }
  statements_in_use_.push_back(it->second.get());
  return *it->second;
}

void Connection::ResetStatements() {
  for (SQLite::Statement* statement : statements_in_use_) {
    statement->tryReset();
  }
  statements_in_use_.clear();
}

void Connection::Execute(const char* sql) { database_.exec(sql); }

void Connection::Run(const std::string& sql) { Prepare(sql).exec(); }

namespace {

// How many virtual-machine instructions run between deadline checks: often
// enough to stop a long scan within a millisecond or so, rarely enough to
// cost nothing measurable.
constexpr int kInstructionsPerDeadlineCheck = 10000;

int InterruptAfterDeadline(void* connection) {
  return static_cast<const Connection*>(connection)->DeadlinePassed() ? 1 : 0;
}

}  // namespace

void Connection::SetDeadline(absl::Time deadline) {
  deadline_ = deadline;
  if (deadline == absl::InfiniteFuture()) {
    sqlite3_progress_handler(database_.getHandle(), 0, nullptr, nullptr);
  } else {
    sqlite3_progress_handler(database_.getHandle(),
                             kInstructionsPerDeadlineCheck,
                             &InterruptAfterDeadline, this);
  }
}

bool Connection::DeadlinePassed() const { return absl::Now() > deadline_; }

bool Connection::InTransaction() const {
  return sqlite3_get_autocommit(database_.getHandle()) == 0;
}

}  // namespace mesoclinic::storage
