// The chain's key across starts: a database from before resource digests
// and keys is keyed and its resources recorded at its first start, its old
// records keeping their plain links; a missing or different key stops the
// start of a keyed chain; a lost key can be replaced, and verification then
// says what it can no longer prove.

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/audit/audit_event.h"
#include "core/base/secret_file.h"
#include "core/server/audit_trail_start.h"
#include "core/server/clinic_server.h"
#include "core/storage/connection.h"
#include "core/storage/migration_runner.h"
#include "core/storage/online_backup.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr int kVersionBeforeDigests = 13;

class ChainKeyStartTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::unique_ptr<ClinicServer>> Start(bool new_key = false) {
    ServerOptions options;
    options.database_path = database_;
    options.listen_address = "127.0.0.1:0";
    options.audit_chain_new_key = new_key;
    return ClinicServer::Start(options);
  }

  // Starts and stops a server: what a start leaves in the database.
  void StartAndStop(bool new_key = false) {
    absl::StatusOr<std::unique_ptr<ClinicServer>> server = Start(new_key);
    ASSERT_TRUE(server.ok()) << server.status();
    (*server)->Shutdown(absl::ZeroDuration());
  }

  audit::AuditChainKey KeyOnDisk() const {
    absl::StatusOr<audit::AuditChainKey> key = ReadAuditChainKey(key_file_);
    EXPECT_TRUE(key.ok()) << key.status();
    return key.value_or(audit::AuditChainKey());
  }

  // A database as an older clinicd left it: schema version 13, a room,
  // and the plain SHA-256 records of its creation.
  void MakeDatabaseFromBeforeDigests() {
    absl::StatusOr<std::unique_ptr<storage::Connection>> connection =
        storage::Connection::Open(database_,
                                  storage::Connection::Mode::kReadWrite,
                                  absl::Seconds(5));
    ASSERT_TRUE(connection.ok()) << connection.status();
    absl::StatusOr<std::vector<storage::Migration>> migrations =
        storage::EmbeddedMigrations();
    ASSERT_TRUE(migrations.ok()) << migrations.status();
    migrations->resize(kVersionBeforeDigests);
    ASSERT_TRUE(storage::ApplyMigrations(**connection, *migrations).ok());
    SQLite::Database& db = (*connection)->database();
    db.exec(
        "INSERT INTO rooms (id, display_name, active, create_time) "
        "VALUES ('r1', 'Salle 1', 1, 1)");
    std::string previous(32, '\0');
    for (int sequence = 1; sequence <= 2; ++sequence) {
      audit::AuditEvent event =
          audit::ClinicdEvent("OlderRecord", absl::FromUnixSeconds(sequence));
      event.sequence = sequence;
      event.previous_hash = previous;
      event.hash = audit::ComputeAuditHash(event);
      SQLite::Statement insert(
          db,
          "INSERT INTO audit_events (sequence, time, staff_id, role, method, "
          "resource, patient_ids, outcome, previous_hash, hash) VALUES "
          "(?, ?, '', 0, ?, '', '', 0, ?, ?)");
      insert.bind(1, sequence);
      insert.bind(2, absl::ToUnixMicros(event.time));
      insert.bind(3, event.method);
      insert.bind(4, previous.data(), static_cast<int>(previous.size()));
      insert.bind(5, event.hash.data(), static_cast<int>(event.hash.size()));
      insert.exec();
      previous = event.hash;
    }
    SQLite::Statement head(db,
                           "INSERT INTO audit_chain_head (id, sequence, hash) "
                           "VALUES (1, 2, ?)");
    head.bind(1, previous.data(), static_cast<int>(previous.size()));
    head.exec();
  }

  testing::TempDir dir_;
  const std::string database_ = dir_.File("clinic.db");
  const std::string key_file_ = AuditChainKeyFileBeside(database_);
};

TEST_F(ChainKeyStartTest, AnOlderDatabaseIsKeyedAndItsResourcesRecorded) {
  ASSERT_NO_FATAL_FAILURE(MakeDatabaseFromBeforeDigests());
  ASSERT_NO_FATAL_FAILURE(StartAndStop());
  EXPECT_TRUE(fs::exists(key_file_));

  absl::StatusOr<storage::DatabaseCheck> check =
      storage::VerifyDatabase(database_, {.chain_keys = {KeyOnDisk()}});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_THAT(check->unproven, IsEmpty());
  // The room, the clinic's settings and the first admin with its key.
  EXPECT_GE(check->resources_checked, 4);
  {
    SQLite::Database db(database_, SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT from_sequence FROM audit_chain_keys")
                  .getInt64(),
              3);
    EXPECT_EQ(db.execAndGet("SELECT method FROM audit_events WHERE "
                            "sequence = 3")
                  .getString(),
              "clinicd/KeyAuditChain");
    EXPECT_THAT(db.execAndGet("SELECT resource_digests FROM audit_events "
                              "WHERE method = 'clinicd/RecordResourceDigests'")
                    .getString(),
                HasSubstr("rooms/r1 "));
  }

  // From now on the room is proven: an edit in the file is found.
  {
    SQLite::Database db(database_, SQLite::OPEN_READWRITE);
    db.exec("UPDATE rooms SET display_name = 'Salle 9' WHERE id = 'r1'");
  }
  const absl::Status tampered =
      storage::VerifyDatabase(database_, {.chain_keys = {KeyOnDisk()}})
          .status();
  EXPECT_THAT(tampered.message(),
              HasSubstr("rooms/r1 was changed outside clinicd"));
}

TEST_F(ChainKeyStartTest, AMissingKeyStopsTheStartAndLeavesNoNewKeyBehind) {
  ASSERT_NO_FATAL_FAILURE(StartAndStop());
  const audit::AuditChainKey original = KeyOnDisk();
  fs::remove(key_file_);

  absl::StatusOr<std::unique_ptr<ClinicServer>> refused = Start();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("the audit chain is linked under key"));
  EXPECT_THAT(refused.status().message(), HasSubstr("--audit_chain_new_key"));
  EXPECT_FALSE(fs::exists(key_file_));

  // Put back, it is the one.
  ASSERT_TRUE(WriteSecretFile(key_file_, absl::StrCat(absl::BytesToHexString(
                                                           original.secret),
                                                       "\n"))
                  .ok());
  ASSERT_NO_FATAL_FAILURE(StartAndStop());
  EXPECT_EQ(KeyOnDisk().id, original.id);
}

TEST_F(ChainKeyStartTest, ALostKeyIsReplacedAndWhatItLinkedIsSaidUnproven) {
  ASSERT_NO_FATAL_FAILURE(StartAndStop());
  const audit::AuditChainKey lost = KeyOnDisk();
  fs::remove(key_file_);
  ASSERT_NO_FATAL_FAILURE(StartAndStop(/*new_key=*/true));
  const audit::AuditChainKey replacement = KeyOnDisk();
  EXPECT_NE(replacement.id, lost.id);

  absl::StatusOr<storage::DatabaseCheck> with_new =
      storage::VerifyDatabase(database_, {.chain_keys = {replacement}});
  ASSERT_TRUE(with_new.ok()) << with_new.status();
  ASSERT_THAT(with_new->unproven, SizeIs(1));
  EXPECT_THAT(with_new->unproven[0],
              HasSubstr(absl::StrCat("are linked under key ",
                                     absl::BytesToHexString(lost.id),
                                     ", which was not given")));
  // With both keys, everything is proven again.
  absl::StatusOr<storage::DatabaseCheck> with_both = storage::VerifyDatabase(
      database_, {.chain_keys = {lost, replacement}});
  ASSERT_TRUE(with_both.ok()) << with_both.status();
  EXPECT_THAT(with_both->unproven, IsEmpty());
}

TEST_F(ChainKeyStartTest, AnotherKeyStopsTheStart) {
  ASSERT_NO_FATAL_FAILURE(StartAndStop());
  fs::remove(key_file_);
  ASSERT_TRUE(CreateKeyFile(key_file_, 32).ok());
  absl::StatusOr<std::unique_ptr<ClinicServer>> refused = Start();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  // A key file the operator put there is never removed.
  EXPECT_TRUE(fs::exists(key_file_));
}

}  // namespace
}  // namespace mesoclinic
