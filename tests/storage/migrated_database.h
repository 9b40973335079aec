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

// A new database file in `dir` on one read-write connection, and the
// migrations of this build; nothing applied yet.
inline void OpenNewDatabase(testing::TempDir& dir,
                            std::unique_ptr<Connection>& connection,
                            std::vector<Migration>& migrations) {
  absl::StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(
      dir.File("clinic.db"), Connection::Mode::kReadWrite, absl::Seconds(5));
  ASSERT_TRUE(opened.ok()) << opened.status();
  connection = *std::move(opened);
  absl::StatusOr<std::vector<Migration>> embedded = EmbeddedMigrations();
  ASSERT_TRUE(embedded.ok()) << embedded.status();
  migrations = *std::move(embedded);
}

class MigratedDatabaseTest : public ::testing::Test {
 protected:
  // Fixtures that add to it call it first, and stop on a fatal failure.
  void SetUp() override {
    std::vector<Migration> migrations;
    ASSERT_NO_FATAL_FAILURE(OpenNewDatabase(dir_, connection_, migrations));
    const absl::StatusOr<MigrationReport> applied =
        ApplyMigrations(*connection_, migrations);
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_TESTS_STORAGE_MIGRATED_DATABASE_H_
