#ifndef MESOCLINIC_CORE_STORAGE_MIGRATION_RUNNER_H_
#define MESOCLINIC_CORE_STORAGE_MIGRATION_RUNNER_H_

// Brings a database's schema up to date with the migrations this binary
// carries, and refuses a database it cannot safely use.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

struct Migration {
  int version = 0;    // From the file name: 0001_patients.sql is 1.
  std::string name;   // The file name.
  std::string sql;
};

// The migrations compiled into this binary (migrations/*.sql), in order.
// INTERNAL when a file name is not NNNN_description.sql or the versions are
// not 1, 2, 3... without gaps.
absl::StatusOr<std::vector<Migration>> EmbeddedMigrations();

struct MigrationReport {
  int schema_version = 0;           // The highest version now applied.
  std::vector<int> applied_now;     // Versions applied by this run.
};

// Applies, in order, each migration not yet recorded in the
// schema_migrations table, each in its own transaction together with its
// record (version, name, SHA-256 checksum, time applied). Statements left
// in progress on `connection` are reset first.
//
// FAILED_PRECONDITION, changing nothing, when an applied migration's SQL no
// longer matches its recorded checksum, or when the database records a
// version this binary does not know (the database is newer than the binary).
absl::StatusOr<MigrationReport> ApplyMigrations(
    Connection& connection, absl::Span<const Migration> migrations);

// The schema version of the database, after the same checks as
// ApplyMigrations (and with the same errors) but changing nothing, so that
// it works on a read-only connection: for verifying a backup. Also
// FAILED_PRECONDITION when the database has no schema_migrations table.
absl::StatusOr<int> CheckMigrations(Connection& connection,
                                    absl::Span<const Migration> migrations);

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_MIGRATION_RUNNER_H_
