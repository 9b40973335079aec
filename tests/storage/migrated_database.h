#ifndef MESOCLINIC_TESTS_STORAGE_MIGRATED_DATABASE_H_
#define MESOCLINIC_TESTS_STORAGE_MIGRATED_DATABASE_H_

// What the repository tests start from: a new database file with every
// migration applied, on one read-write connection.

#include <memory>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/storage/connection.h"
#include "core/storage/migration_runner.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {

class MigratedDatabaseTest : public ::testing::Test {
 protected:
  // Fixtures that add to it call it first, and stop on a fatal failure.
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(
        dir_.File("clinic.db"), Connection::Mode::kReadWrite, absl::Seconds(5));
    ASSERT_TRUE(connection.ok()) << connection.status();
    connection_ = *std::move(connection);
    absl::StatusOr<std::vector<Migration>> migrations = EmbeddedMigrations();
    ASSERT_TRUE(migrations.ok()) << migrations.status();
    const absl::StatusOr<MigrationReport> applied =
        ApplyMigrations(*connection_, *migrations);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_TESTS_STORAGE_MIGRATED_DATABASE_H_
