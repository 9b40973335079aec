#ifndef MESOCLINIC_CORE_STORAGE_CONNECTION_H_
#define MESOCLINIC_CORE_STORAGE_CONNECTION_H_

#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::storage {

// One SQLite connection with the settings every Mesoclinic connection uses
// (WAL, synchronous=FULL, foreign keys, a busy timeout) and a cache of
// prepared statements, so that hot queries are compiled once.
//
// Not thread-safe: a connection belongs to one thread at a time.
class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (with kReadWrite, creating) the database at `path`, through the
  // SQLite VFS named `vfs` (empty: the default one; tests name a
  // fault-injecting one). UNAVAILABLE when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const std::string& path, Mode mode, absl::Duration busy_timeout,
      const std::string& vfs = "");

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement for `sql`, reset and with its bindings cleared.
  // Throws SQLite::Exception when `sql` does not compile. The reference stays
  // valid for the connection's life; do not use one statement for two
  // queries at once.
  SQLite::Statement& Prepare(const std::string& sql);

  // Resets every statement prepared since the last call. A statement that
  // stepped but was not reset keeps its transaction's snapshot alive, so
  // this must run before a transaction ends.
  void ResetStatements();

  // Runs one or more statements that return no rows. Throws on error.
  void Execute(const char* sql);

  // Runs one statement that returns no rows through the statement cache:
  // for the BEGIN, SAVEPOINT, RELEASE and COMMIT run around every read and
  // write, which Execute would compile again each time. Throws on error.
  void Run(const std::string& sql);

  // Whether a transaction is open.
  bool InTransaction() const;

  // Statements running after `deadline` are interrupted (SQLITE_INTERRUPT),
  // so that a caller who has given up does not keep a connection busy.
  // InfiniteFuture() turns this off.
  void SetDeadline(absl::Time deadline);
  // Whether the deadline set by SetDeadline has passed.
  bool DeadlinePassed() const;

  SQLite::Database& database() { return database_; }

 private:
  explicit Connection(SQLite::Database database);

  SQLite::Database database_;
  absl::flat_hash_map<std::string, std::unique_ptr<SQLite::Statement>>
      statements_;
  std::vector<SQLite::Statement*> statements_in_use_;
  absl::Time deadline_ = absl::InfiniteFuture();
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_CONNECTION_H_
