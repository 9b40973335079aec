#include "core/storage/migration_runner.h"

#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "core/base/sha256.h"
#include "core/storage/connection.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Row {
  int version;
  std::string name;
  std::string checksum;
  int64_t applied_at;
};

class MigrationRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override { connection_ = Open(); }

  std::unique_ptr<Connection> Open() {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(
        path_, Connection::Mode::kReadWrite, absl::Seconds(5));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return *std::move(connection);
  }

  // Reads the database through a separate connection.
  std::vector<Row> Recorded() {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    std::vector<Row> rows;
    if (!db.tableExists("schema_migrations")) return rows;
    SQLite::Statement query(db,
                            "SELECT version, name, checksum, applied_at FROM "
                            "schema_migrations ORDER BY version");
    while (query.executeStep()) {
      rows.push_back({query.getColumn(0).getInt(),
                      query.getColumn(1).getString(),
                      query.getColumn(2).getString(),
                      query.getColumn(3).getInt64()});
    }
    return rows;
  }

  bool TableExists(const std::string& table) {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    return db.tableExists(table);
  }

  std::vector<Migration> Embedded() {
    absl::StatusOr<std::vector<Migration>> migrations = EmbeddedMigrations();
    EXPECT_TRUE(migrations.ok()) << migrations.status();
    return *std::move(migrations);
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("clinic.db");
  std::unique_ptr<Connection> connection_;
};

const std::vector<Migration> kTwoMigrations = {
    {1, "0001_first.sql", "CREATE TABLE first (x INTEGER);"},
    {2, "0002_second.sql",
     "CREATE TABLE second (y TEXT); INSERT INTO second VALUES ('seed');"},
};

TEST_F(MigrationRunnerTest, EmbeddedMigrationsAreNumberedContiguouslyFromOne) {
  const std::vector<Migration> migrations = Embedded();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().name, "0001_patients.sql");
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    SCOPED_TRACE(migrations[i].name);
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_TRUE(absl::EndsWith(migrations[i].name, ".sql"));
    EXPECT_EQ(std::stoi(migrations[i].name.substr(0, 4)),
              migrations[i].version);
    EXPECT_EQ(migrations[i].name[4], '_');
    EXPECT_FALSE(migrations[i].sql.empty());
  }
}

TEST_F(MigrationRunnerTest, FreshDatabaseGetsEveryEmbeddedMigration) {
  const std::vector<Migration> migrations = Embedded();
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, migrations);
  ASSERT_TRUE(report.ok()) << report.status();

  EXPECT_EQ(report->schema_version, migrations.back().version);
  std::vector<int> all;
  for (const Migration& migration : migrations) all.push_back(migration.version);
  EXPECT_EQ(report->applied_now, all);

  const std::vector<Row> rows = Recorded();
  ASSERT_EQ(rows.size(), migrations.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(migrations[i].name);
    EXPECT_EQ(rows[i].version, migrations[i].version);
    EXPECT_EQ(rows[i].name, migrations[i].name);
    EXPECT_EQ(rows[i].checksum, Sha256Hex(migrations[i].sql));
    EXPECT_GT(rows[i].applied_at, 0);
  }
  for (const char* table : {"patients", "patient_medications",
                            "patient_allergies", "patient_conditions",
                            "idempotency_records"}) {
    EXPECT_TRUE(TableExists(table)) << table;
  }
}

TEST_F(MigrationRunnerTest, SecondRunIsANoOp) {
  const std::vector<Migration> migrations = Embedded();
  ASSERT_TRUE(ApplyMigrations(*connection_, migrations).ok());
  const std::vector<Row> before = Recorded();

  const absl::StatusOr<MigrationReport> again =
      ApplyMigrations(*connection_, migrations);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(again->applied_now, IsEmpty());
  EXPECT_EQ(again->schema_version, migrations.back().version);

  // And from a new connection, as at the next start.
  std::unique_ptr<Connection> reopened = Open();
  const absl::StatusOr<MigrationReport> after_restart =
      ApplyMigrations(*reopened, migrations);
  ASSERT_TRUE(after_restart.ok()) << after_restart.status();
  EXPECT_THAT(after_restart->applied_now, IsEmpty());

  const std::vector<Row> after = Recorded();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].checksum, before[i].checksum);
    EXPECT_EQ(after[i].applied_at, before[i].applied_at)
        << "a no-op run must not re-record a migration";
  }
}

TEST_F(MigrationRunnerTest, AppliesOnlyTheNewMigrations) {
  ASSERT_TRUE(ApplyMigrations(*connection_, {kTwoMigrations[0]}).ok());
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, kTwoMigrations);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->applied_now, ElementsAre(2));
  EXPECT_EQ(report->schema_version, 2);
  EXPECT_TRUE(TableExists("second"));
}

TEST_F(MigrationRunnerTest, RefusesAChangedMigrationAndChangesNothing) {
  ASSERT_TRUE(ApplyMigrations(*connection_, {kTwoMigrations[0]}).ok());
  const std::vector<Row> before = Recorded();

  std::vector<Migration> edited = kTwoMigrations;
  edited[0].sql = "CREATE TABLE first (x INTEGER, extra TEXT);";
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, edited);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("0001_first.sql has changed"));

  // Nothing changed: the pending migration 2 was not applied either.
  EXPECT_FALSE(TableExists("second"));
  const std::vector<Row> after = Recorded();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after[0].checksum, before[0].checksum);
}

TEST_F(MigrationRunnerTest, RefusesAnEmbeddedMigrationEditedByOneCharacter) {
  const std::vector<Migration> migrations = Embedded();
  ASSERT_TRUE(ApplyMigrations(*connection_, migrations).ok());
  std::vector<Migration> edited = migrations;
  edited[0].sql += " ";
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, edited);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr(migrations[0].name));
}

TEST_F(MigrationRunnerTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_TRUE(ApplyMigrations(*connection_, kTwoMigrations).ok());
  const std::vector<Row> before = Recorded();

  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, {kTwoMigrations[0]});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("newer than this binary"));
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("schema version 2"));
  EXPECT_EQ(Recorded().size(), before.size());
}

TEST_F(MigrationRunnerTest, RefusesAnyRecordedVersionWhenTheBinaryHasNone) {
  ASSERT_TRUE(ApplyMigrations(*connection_, {kTwoMigrations[0]}).ok());
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, {});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MigrationRunnerTest, AFailingMigrationRollsBackEntirelyAndIsNotRecorded) {
  std::vector<Migration> migrations = kTwoMigrations;
  migrations.push_back(
      {3, "0003_broken.sql",
       "CREATE TABLE third (z INTEGER);"
       "INSERT INTO first VALUES (42);"
       "INSERT INTO no_such_table VALUES (1);"});
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, migrations);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("migration 0003_broken.sql failed"));

  // Migrations 1 and 2 stay applied; nothing of 3 remains.
  const std::vector<Row> rows = Recorded();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.back().version, 2);
  EXPECT_FALSE(TableExists("third"));
  {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM first").getInt(), 0);
  }

  // The connection is usable, and a fixed migration 3 applies cleanly.
  EXPECT_FALSE(connection_->InTransaction());
  migrations[2].sql = "CREATE TABLE third (z INTEGER);";
  const absl::StatusOr<MigrationReport> fixed =
      ApplyMigrations(*connection_, migrations);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_THAT(fixed->applied_now, ElementsAre(3));
  EXPECT_TRUE(TableExists("third"));
}

TEST_F(MigrationRunnerTest, RefusesMigrationsThatAreNotNumberedContiguously) {
  const std::vector<Migration> gap = {kTwoMigrations[0],
                                      {3, "0003_gap.sql", "SELECT 1;"}};
  const absl::StatusOr<MigrationReport> report =
      ApplyMigrations(*connection_, gap);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(TableExists("first"));
}

}  // namespace
}  // namespace mesoclinic::storage
