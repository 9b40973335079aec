#include "core/storage/migration_runner.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"
#include "core/storage/sqlite_status.h"
#include "migrations/embedded_migrations.h"

namespace mesoclinic::storage {
namespace {

struct AppliedMigration {
  std::string name;
  std::string checksum;
};

std::map<int, AppliedMigration> ReadApplied(Connection& connection) {
  std::map<int, AppliedMigration> applied;
  SQLite::Statement& query = connection.Prepare(
      "SELECT version, name, checksum FROM schema_migrations");
  while (query.executeStep()) {
    applied[query.getColumn(0).getInt()] = {query.getColumn(1).getString(),
                                            query.getColumn(2).getString()};
  }
  return applied;
}

absl::Status CheckApplied(const std::map<int, AppliedMigration>& applied,
                          absl::Span<const Migration> migrations) {
  const int known = migrations.empty() ? 0 : migrations.back().version;
  for (const auto& [version, record] : applied) {
    if (version < 1 || version > known) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the database has schema version ", applied.rbegin()->first,
          " (migration ", record.name, "), but this clinicd knows only up to ",
          known, ": the database is newer than this binary; run a newer "
          "clinicd"));
    }
    const Migration& migration = migrations[version - 1];
    if (Sha256Hex(migration.sql) != record.checksum) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", migration.name, " has changed since it was applied to "
          "this database (checksum ", record.checksum, "): migrations are "
          "never edited once landed; restore the file and add a new "
          "migration instead"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Migration>> EmbeddedMigrations() {
  std::vector<Migration> migrations;
  for (const EmbeddedMigrationFile& file : EmbeddedMigrationFiles()) {
    const absl::string_view name = file.file_name;
    int version = 0;
    if (name.size() < 6 || name[4] != '_' ||
        !absl::SimpleAtoi(name.substr(0, 4), &version)) {
      return absl::InternalError(
          absl::StrCat("migration file ", name,
                       " is not named NNNN_description.sql"));
    }
    if (version != static_cast<int>(migrations.size()) + 1) {
      return absl::InternalError(absl::StrCat(
          "migration file ", name, " should have version ",
          migrations.size() + 1, ": versions run 1, 2, 3... without gaps"));
    }
    migrations.push_back({version, std::string(name), file.sql});
  }
  return migrations;
}

absl::StatusOr<MigrationReport> ApplyMigrations(
    Connection& connection, absl::Span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InternalError("migrations must be numbered 1, 2, 3...");
    }
  }
  // A statement left stepped on the connection keeps its tables in use: a
  // migration that drops or rebuilds an index on them would fail with
  // "database table is locked".
  connection.ResetStatements();
  return CatchSqlite([&]() -> absl::StatusOr<MigrationReport> {
    connection.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  version INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  checksum TEXT NOT NULL,"
        "  applied_at INTEGER NOT NULL)");
    const std::map<int, AppliedMigration> applied = ReadApplied(connection);
    if (absl::Status status = CheckApplied(applied, migrations); !status.ok()) {
      return status;
    }
    MigrationReport report;
    for (const Migration& migration : migrations) {
      if (applied.contains(migration.version)) continue;
      connection.Execute("BEGIN IMMEDIATE");
      try {
        connection.Execute(migration.sql.c_str());
        SQLite::Statement& record = connection.Prepare(
            "INSERT INTO schema_migrations (version, name, checksum, "
            "applied_at) VALUES (?, ?, ?, ?)");
        record.bind(1, migration.version);
        record.bind(2, migration.name);
        record.bind(3, Sha256Hex(migration.sql));
        record.bind(4, static_cast<int64_t>(absl::ToUnixMicros(absl::Now())));
        record.exec();
        connection.Execute("COMMIT");
      } catch (const SQLite::Exception& error) {
        if (connection.InTransaction()) connection.Execute("ROLLBACK");
        return absl::Status(
            SqliteErrorToStatus(error).code(),
            absl::StrCat("migration ", migration.name, " failed: ",
                         error.what()));
      }
      report.applied_now.push_back(migration.version);
    }
    SQLite::Statement& version =
        connection.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    version.executeStep();
    report.schema_version = version.getColumn(0).getInt();
    return report;
  });
}

absl::StatusOr<int> CheckMigrations(Connection& connection,
                                    absl::Span<const Migration> migrations) {
  return CatchSqlite([&]() -> absl::StatusOr<int> {
    SQLite::Statement& table = connection.Prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
        "name = 'schema_migrations'");
    if (!table.executeStep()) {
      return absl::FailedPreconditionError(
          "the file has no schema_migrations table: it is not a Mesoclinic "
          "database");
    }
    const std::map<int, AppliedMigration> applied = ReadApplied(connection);
    RETURN_IF_ERROR(CheckApplied(applied, migrations));
    return applied.empty() ? 0 : applied.rbegin()->first;
  });
}

}  // namespace mesoclinic::storage
