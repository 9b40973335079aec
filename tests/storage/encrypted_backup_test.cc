// Encrypted backups of a serving clinic and their restores (BackupDatabase
// and RestoreDatabase with a key, and clinicd backup, restore and
// backup-key as an operator runs them): the backup shows nothing of the
// clinic's data, restores to a database with the same audit trail, and no
// plain copy outlives the command; a restore is all or nothing, never
// under a serving clinicd, and refuses another key, a damaged file or a
// target it would overwrite unasked.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "core/storage/backup_encryption.h"
#include "core/storage/online_backup.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clinicctl/clinicctl_process.h"
#include "tests/patients/patient_test_data.h"
#include "tests/storage/file_bytes.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;
using storage::BackupKey;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A family name that appears nowhere but in the patient's row.
constexpr char kFamilyName[] = "Quillfeather";

// Every audit record of the database at `path`, each as one line.
std::vector<std::string> AuditRecords(const std::string& path) {
  SQLite::Database database(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(database,
                          "SELECT * FROM audit_events ORDER BY sequence");
  std::vector<std::string> records;
  while (query.executeStep()) {
    std::vector<std::string> columns;
    for (int i = 0; i < query.getColumnCount(); ++i) {
      columns.push_back(query.getColumn(i).getString());
    }
    records.push_back(absl::StrJoin(columns, "|"));
  }
  return records;
}

// The files in `folder` whose names hold `part`: left-over plain copies
// (".backup-") and staging files (".partial").
std::vector<std::string> FilesNamed(const fs::path& folder,
                                    const std::string& part) {
  std::vector<std::string> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.find(part) != std::string::npos) found.push_back(name);
  }
  return found;
}

class EncryptedBackupTest : public ::testing::Test {
 protected:
  EncryptedBackupTest() {
    absl::StatusOr<BackupKey> key = BackupKey::CreateFile(KeyFile());
    EXPECT_TRUE(key.ok()) << key.status();
    key_ = std::make_unique<BackupKey>(*std::move(key));
  }

  // A patient only this test's clinic has.
  void CreatePatient() {
    auto stub = ::clinic::v1::PatientService::NewStub(server_.channel());
    ::clinic::v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient("Zephyrine", kFamilyName);
    request.set_request_id("encrypted-backup-patient");
    ::clinic::v1::CreatePatientResponse response;
    const grpc::Status status =
        stub->CreatePatient(ContextWithDeadline().get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  absl::StatusOr<storage::BackupReport> Backup(const BackupKey* key) {
    return storage::BackupDatabase({.source = server_.database_path(),
                                    .destination = BackupFile(),
                                    .key = key});
  }

  absl::StatusOr<storage::RestoreReport> Restore(const BackupKey* key,
                                                 bool overwrite = false) {
    return storage::RestoreDatabase({.backup = BackupFile(),
                                     .destination = RestoredFile(),
                                     .overwrite = overwrite,
                                     .key = key});
  }

  // No plain copy beside the database, no staging file anywhere.
  void ExpectNothingLeftBehind() {
    EXPECT_THAT(FilesNamed(server_.dir().path(), ".backup-"), IsEmpty());
    EXPECT_THAT(FilesNamed(server_.dir().path(), ".partial"), IsEmpty());
    EXPECT_THAT(FilesNamed(files_.path(), ".partial"), IsEmpty());
  }

  std::string KeyFile() const { return keys_.File("backup.key"); }
  std::string BackupFile() const { return files_.File("clinic.db.enc"); }
  std::string RestoredFile() const { return files_.File("restored.db"); }

  TestServer server_;
  TempDir keys_;  // Kept apart from the backups, as operators are told.
  TempDir files_;
  std::unique_ptr<BackupKey> key_;
};

// A backup under a key: nothing of the clinic shows, and it restores whole.
using EncryptedBackupRoundTripTest = EncryptedBackupTest;

TEST_F(EncryptedBackupRoundTripTest, BackupShowsNothingOfTheClinic) {
  CreatePatient();
  const absl::StatusOr<storage::BackupReport> report = Backup(key_.get());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->key_id, key_->id());
  EXPECT_EQ(report->size_bytes,
            static_cast<int64_t>(fs::file_size(BackupFile())));

  const std::string bytes = ReadFileBytes(BackupFile());
  EXPECT_THAT(bytes, Not(HasSubstr(kFamilyName)));
  EXPECT_THAT(bytes, Not(HasSubstr("SQLite format 3")));
  EXPECT_THAT(bytes, Not(HasSubstr("audit_events")));
  // The live database does hold the name: the test would find it.
  EXPECT_THAT(ReadFileBytes(server_.database_path()) +
                  ReadFileBytes(server_.database_path() + "-wal"),
              HasSubstr(kFamilyName));
  EXPECT_EQ(storage::DetectBackupFormat(BackupFile()),
            storage::BackupFormat::kEncrypted);
  EXPECT_EQ(fs::status(BackupFile()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  ExpectNothingLeftBehind();
}

TEST_F(EncryptedBackupRoundTripTest, RestoresTheSameAuditTrailAndVerifies) {
  CreatePatient();
  const absl::StatusOr<storage::BackupReport> backup = Backup(key_.get());
  ASSERT_TRUE(backup.ok()) << backup.status();
  const std::vector<std::string> audit_at_backup =
      AuditRecords(server_.database_path());

  const absl::StatusOr<storage::RestoreReport> restored = Restore(key_.get());
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->destination, RestoredFile());
  EXPECT_THAT(restored->moved_aside, IsEmpty());
  EXPECT_EQ(restored->check.audit_records, backup->check.audit_records);

  const absl::StatusOr<storage::DatabaseCheck> check =
      storage::VerifyDatabase(RestoredFile());
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->audit_records, backup->check.audit_records);
  EXPECT_EQ(AuditRecords(RestoredFile()), audit_at_backup);
  EXPECT_THAT(ReadFileBytes(RestoredFile()), HasSubstr(kFamilyName));
  EXPECT_EQ(fs::status(RestoredFile()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  ExpectNothingLeftBehind();
}

// No plain copy outlives a backup or a restore that fails.
using EncryptedBackupFailureTest = EncryptedBackupTest;

TEST_F(EncryptedBackupFailureTest, ACopyFailingItsChecksLeavesNoPlainCopy) {
  // A database whose audit trail was altered: its copy fails its checks.
  TempDir clinic;
  const std::string tampered = clinic.File("clinic.db");
  ASSERT_TRUE(storage::BackupDatabase(
                  {.source = server_.database_path(), .destination = tampered})
                  .ok());
  SQLite::Database(tampered, SQLite::OPEN_READWRITE)
      .exec(
          "DROP TRIGGER audit_events_no_update;"
          "UPDATE audit_events SET method = 'tampered' WHERE sequence = 2");

  const absl::StatusOr<storage::BackupReport> report =
      storage::BackupDatabase({.source = tampered,
                               .destination = BackupFile(),
                               .key = key_.get(),
                               .chain_keys = {server_.audit_chain_key()}});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(report.status().message(), HasSubstr("copy failed its checks"));
  EXPECT_FALSE(fs::exists(BackupFile()));
  EXPECT_THAT(FilesNamed(clinic.path(), ".backup-"), IsEmpty());
  ExpectNothingLeftBehind();
}

TEST_F(EncryptedBackupFailureTest, RestoreUnderAnotherKeyWritesNothing) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  absl::StatusOr<BackupKey> other = BackupKey::CreateFile(keys_.File("o.key"));
  ASSERT_TRUE(other.ok());
  const absl::StatusOr<storage::RestoreReport> restored = Restore(&*other);
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(restored.status().message(),
              HasSubstr(absl::StrCat("key id ", key_->id(), ", this key is ",
                                     other->id())));
  EXPECT_FALSE(fs::exists(RestoredFile()));
  ExpectNothingLeftBehind();
}

TEST_F(EncryptedBackupFailureTest, ADamagedBackupRestoresNothing) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  {
    std::fstream file(BackupFile(),
                      std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(static_cast<std::streamoff>(fs::file_size(BackupFile()) / 2));
    file.put('\x5a');
  }
  const absl::StatusOr<storage::RestoreReport> restored = Restore(key_.get());
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(restored.status().message(), HasSubstr("damaged at byte"));
  EXPECT_FALSE(fs::exists(RestoredFile()));
  ExpectNothingLeftBehind();
}

TEST_F(EncryptedBackupFailureTest, KindAndKeyMustMatch) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  const absl::StatusOr<storage::RestoreReport> without_key = Restore(nullptr);
  EXPECT_EQ(without_key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(without_key.status().message(),
              HasSubstr("is an encrypted backup"));

  fs::remove(BackupFile());
  ASSERT_TRUE(Backup(nullptr).ok());  // Plain.
  const absl::StatusOr<storage::RestoreReport> with_key = Restore(key_.get());
  EXPECT_EQ(with_key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(with_key.status().message(), HasSubstr("--unencrypted"));
  EXPECT_FALSE(fs::exists(RestoredFile()));

  const absl::StatusOr<storage::RestoreReport> plain = Restore(nullptr);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(storage::VerifyDatabase(RestoredFile()).ok());
}

// A restore replaces a database only when asked, and keeps what it replaced.
using EncryptedRestoreTargetTest = EncryptedBackupTest;

TEST_F(EncryptedRestoreTargetTest, AnExistingDatabaseIsKeptUnlessAsked) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  std::ofstream(RestoredFile()) << "yesterday's clinic";
  std::ofstream(RestoredFile() + "-wal") << "its last changes";

  const absl::StatusOr<storage::RestoreReport> refused = Restore(key_.get());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFileBytes(RestoredFile()), "yesterday's clinic");
  ExpectNothingLeftBehind();

  const absl::StatusOr<storage::RestoreReport> forced =
      Restore(key_.get(), /*overwrite=*/true);
  ASSERT_TRUE(forced.ok()) << forced.status();
  EXPECT_TRUE(storage::VerifyDatabase(RestoredFile()).ok());
  // Moved aside together, never deleted.
  ASSERT_THAT(forced->moved_aside, HasSubstr(RestoredFile() + ".replaced-"));
  EXPECT_EQ(ReadFileBytes(forced->moved_aside), "yesterday's clinic");
  EXPECT_EQ(ReadFileBytes(forced->moved_aside + "-wal"), "its last changes");
  EXPECT_FALSE(fs::exists(RestoredFile() + "-wal"));
}

TEST_F(EncryptedRestoreTargetTest, ALeftoverWalAloneBlocksARestore) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  // SQLite would apply it to the restored file.
  std::ofstream(RestoredFile() + "-wal") << "someone else's changes";
  const absl::StatusOr<storage::RestoreReport> refused = Restore(key_.get());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(refused.status().message(), HasSubstr("restored.db-wal"));
  EXPECT_FALSE(fs::exists(RestoredFile()));
}

// The commands, as an operator runs them.
class ClinicdEncryptedBackupCommandTest : public EncryptedBackupTest {
 protected:
  CliResult Run(const std::vector<std::string>& args) {
    return RunProcess(CLINICD_BINARY, args);
  }
  std::string KeyFlag() const { return "--backup_key_file=" + KeyFile(); }

  // clinicd with `args` refuses (exit 1) saying `says`, restores nothing
  // and leaves no plain copy or staging file.
  void ExpectRefused(const std::vector<std::string>& args,
                     const std::string& says) {
    const CliResult result = Run(args);
    EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
    EXPECT_THAT(result.out, HasSubstr(says));
    EXPECT_FALSE(fs::exists(RestoredFile()));
    ExpectNothingLeftBehind();
  }
};

TEST_F(ClinicdEncryptedBackupCommandTest, BackupKeyMakesANewKeyOnly) {
  const std::string key_file = keys_.File("new.key");
  const CliResult made = Run({"backup-key", "--to=" + key_file});
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const absl::StatusOr<BackupKey> key = BackupKey::FromFile(key_file);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_THAT(made.out, HasSubstr("backup key " + key->id()));
  EXPECT_EQ(fs::status(key_file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  const std::string before = ReadFileBytes(key_file);
  const CliResult again = Run({"backup-key", "--to=" + key_file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.out, HasSubstr("never overwritten"));
  EXPECT_EQ(ReadFileBytes(key_file), before);
}

TEST_F(ClinicdEncryptedBackupCommandTest, BackupAndRestoreRoundTrip) {
  CreatePatient();
  const CliResult backup = Run({"backup", "--db=" + server_.database_path(),
                                "--to=" + BackupFile(), KeyFlag()});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_THAT(backup.out,
              HasSubstr("encrypted under backup key " + key_->id()));
  EXPECT_THAT(ReadFileBytes(BackupFile()), Not(HasSubstr(kFamilyName)));

  const CliResult restore = Run({"restore", "--from=" + BackupFile(),
                                 "--to=" + RestoredFile(), KeyFlag()});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_THAT(restore.out, HasSubstr("restored to " + RestoredFile()));
  EXPECT_THAT(restore.out, HasSubstr("audit chain intact"));
  EXPECT_TRUE(storage::VerifyDatabase(RestoredFile()).ok());
  ExpectNothingLeftBehind();

  // Again onto the restored file: refused, and it is left as it was.
  const std::string bytes = ReadFileBytes(RestoredFile());
  const CliResult again = Run({"restore", "--from=" + BackupFile(),
                               "--to=" + RestoredFile(), KeyFlag()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.out, HasSubstr("already exists"));
  EXPECT_EQ(ReadFileBytes(RestoredFile()), bytes);
}

TEST_F(ClinicdEncryptedBackupCommandTest, PlainBackupOnlyWhenAskedFor) {
  const CliResult refused = Run(
      {"backup", "--db=" + server_.database_path(), "--to=" + BackupFile()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.out, HasSubstr("--backup_key_file"));
  EXPECT_THAT(refused.out, HasSubstr("--unencrypted"));
  EXPECT_FALSE(fs::exists(BackupFile()));

  const CliResult plain = Run({"backup", "--db=" + server_.database_path(),
                               "--to=" + BackupFile(), "--unencrypted"});
  ASSERT_EQ(plain.exit_code, 0) << plain.out << plain.err;
  EXPECT_THAT(plain.out, HasSubstr("NOT encrypted"));
  EXPECT_TRUE(storage::VerifyDatabase(BackupFile()).ok());

  // A plain backup is restored only as one, too.
  const CliResult restore_with_key = Run({"restore", "--from=" + BackupFile(),
                                          "--to=" + RestoredFile(), KeyFlag()});
  EXPECT_EQ(restore_with_key.exit_code, 1);
  EXPECT_THAT(restore_with_key.out, HasSubstr("plain (unencrypted)"));
  const CliResult restore_plain =
      Run({"restore", "--from=" + BackupFile(), "--to=" + RestoredFile(),
           "--unencrypted"});
  EXPECT_EQ(restore_plain.exit_code, 0) << restore_plain.out;
}

TEST_F(ClinicdEncryptedBackupCommandTest, KeyFileOthersMayReadIsRefused) {
  ASSERT_EQ(chmod(KeyFile().c_str(), 0644), 0);
  ExpectRefused({"backup", "--db=" + server_.database_path(),
                 "--to=" + BackupFile(), KeyFlag()},
                "--backup_key_file: FAILED_PRECONDITION: the key file " +
                    KeyFile() +
                    " may be read by others than its owner: "
                    "chmod 600");
  EXPECT_FALSE(fs::exists(BackupFile()));
}

TEST_F(ClinicdEncryptedBackupCommandTest, RefusalsSayWhatIsWrong) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  ASSERT_EQ(Run({"backup-key", "--to=" + keys_.File("other.key")}).exit_code,
            0);
  ExpectRefused({"restore", "--from=" + BackupFile(), "--to=" + RestoredFile(),
                 "--backup_key_file=" + keys_.File("other.key")},
                "written under another key: key id " + key_->id());

  ExpectRefused(
      {"restore", "--from=" + BackupFile(),
       "--to=" + files_.File("nowhere/restored.db"), KeyFlag()},
      "--to: the folder " + files_.File("nowhere") + " does not exist");
  ExpectRefused({"restore", "--from=" + files_.File("missing.enc"),
                 "--to=" + RestoredFile(), KeyFlag()},
                "there is no backup file at " + files_.File("missing.enc"));

  fs::resize_file(BackupFile(), fs::file_size(BackupFile()) - 100);
  ExpectRefused({"restore", "--from=" + BackupFile(), "--to=" + RestoredFile(),
                 KeyFlag()},
                "truncated");
}

TEST_F(ClinicdEncryptedBackupCommandTest, NeverRestoresUnderAServingClinicd) {
  ASSERT_TRUE(Backup(key_.get()).ok());
  const CliResult restore =
      Run({"restore", "--from=" + BackupFile(),
           "--to=" + server_.database_path(), KeyFlag(), "--force"});
  EXPECT_EQ(restore.exit_code, 1);
  EXPECT_THAT(restore.out, HasSubstr("stop the clinicd serving it first"));
  EXPECT_THAT(FilesNamed(server_.dir().path(), ".replaced-"), IsEmpty());
  ExpectNothingLeftBehind();
  EXPECT_TRUE(storage::VerifyDatabase(server_.database_path()).ok());
}

TEST_F(ClinicdEncryptedBackupCommandTest, CommandLineMistakesAreUsageErrors) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"backup-key"},                                    // No --to.
           {"restore", "--to=" + RestoredFile(), KeyFlag()},  // No --from.
           {"restore", "--from=" + BackupFile(), KeyFlag()},  // No --to.
           {"restore", "--from=" + BackupFile(), "--to=" + RestoredFile()},
           {"backup", "--to=" + BackupFile(), KeyFlag(), "--unencrypted"},
           {"restore", "--from=" + BackupFile(), "--to=" + RestoredFile(),
            KeyFlag(), "--db=" + server_.database_path()},
           {"verify", KeyFlag()},
           {"backup-key", "--to=" + keys_.File("k"), "--force"},
           {"backup", "--from=" + BackupFile(), "--to=x", KeyFlag()},
           {"--unencrypted"}}) {
    const CliResult result = Run(args);
    EXPECT_EQ(result.exit_code, 2)
        << absl::StrJoin(args, " ") << ": " << result.out;
  }
  EXPECT_FALSE(fs::exists(BackupFile()));
  EXPECT_FALSE(fs::exists(RestoredFile()));
  EXPECT_FALSE(fs::exists(keys_.File("k")));
}

}  // namespace
}  // namespace mesoclinic::testing
