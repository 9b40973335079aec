// Online backups (clinicd backup; plain here, encrypted in
// encrypted_backup_test.cc) and their checks (clinicd verify): a
// backup taken while clinicd serves and writes is one consistent snapshot,
// holds every write acknowledged before it began, passes its checks, and
// serves again once restored. A backup never creates a database, never
// overwrites a file unless asked, and never keeps a copy that fails its
// checks.

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "clients/common/authenticated_channel.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "core/server/audit_trail_start.h"
#include "core/server/clinic_server.h"
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
namespace v1 = ::clinic::v1;
using storage::BackupDatabase;
using storage::BackupReport;
using storage::DatabaseCheck;
using storage::VerifyDatabase;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::IsSubsetOf;

constexpr char kCreatePatient[] = "/clinic.v1.PatientService/CreatePatient";
constexpr int kWriters = 3;
// Acknowledged creations to wait for before a backup, and after it.
constexpr int kWritesAround = 25;

// Threads that create patients through the API until stopped, and remember
// which creations were acknowledged.
class BusyWriters {
 public:
  explicit BusyWriters(const TestServer& server) {
    for (int writer = 0; writer < kWriters; ++writer) {
      threads_.emplace_back(
          [this, channel = server.channel(), writer] { Run(channel, writer); });
    }
  }
  ~BusyWriters() { Stop(); }

  std::set<std::string> Acknowledged() const {
    absl::MutexLock lock(&mutex_);
    return acknowledged_;
  }

  // Waits until `count` more creations than now are acknowledged; false if
  // that takes unreasonably long (the writers are stuck or failing).
  bool WaitForMore(int count) {
    absl::MutexLock lock(&mutex_);
    const std::size_t target = acknowledged_.size() + count;
    const auto reached = [&]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return acknowledged_.size() >= target;
    };
    return mutex_.AwaitWithTimeout(absl::Condition(&reached),
                                   absl::Seconds(60));
  }

  // Stops the writers once their calls in flight are answered.
  void Stop() {
    stop_ = true;
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  std::vector<std::string> failures() const {
    absl::MutexLock lock(&mutex_);
    return failures_;
  }

 private:
  void Run(const std::shared_ptr<grpc::Channel>& channel, int writer) {
    auto patients = v1::PatientService::NewStub(channel);
    for (int i = 0; !stop_; ++i) {
      v1::CreatePatientRequest request;
      *request.mutable_patient() =
          CompletePatient(absl::StrCat("Writer", writer), absl::StrCat("N", i));
      request.set_request_id(absl::StrCat("backup-load-", writer, "-", i));
      v1::CreatePatientResponse response;
      const grpc::Status status = patients->CreatePatient(
          ContextWithDeadline().get(), request, &response);
      absl::MutexLock lock(&mutex_);
      if (status.ok()) {
        acknowledged_.insert(response.patient().name());
      } else {
        failures_.push_back(status.error_message());
      }
    }
  }

  std::atomic<bool> stop_{false};
  mutable absl::Mutex mutex_;
  std::set<std::string> acknowledged_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> failures_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> threads_;
};

// A clinicd started on a restored copy of a backup, as docs/operations.md
// says to restore one, reached with the API keys of the clinic the backup
// was taken from (they are in the backup).
class RestoredClinic {
 public:
  RestoredClinic(const std::string& backup, const TestServer& original)
      : original_(original) {
    const std::string database = dir_.File("clinic.db");
    fs::copy_file(backup, database);
    // The chain's key is not in the backup: it is brought along, as the
    // restore drill says.
    fs::copy_file(AuditChainKeyFileBeside(original.database_path()),
                  AuditChainKeyFileBeside(database));
    ServerOptions options;
    options.database_path = database;
    options.listen_address = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<ClinicServer>> server =
        ClinicServer::Start(options);
    if (!server.ok()) {
      ADD_FAILURE() << "the restored clinic does not start: "
                    << server.status();
      return;
    }
    server_ = *std::move(server);
  }
  ~RestoredClinic() {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
  }

  bool started() const { return server_ != nullptr; }

  std::shared_ptr<grpc::Channel> Channel(staff::Role role) const {
    return clients::CreateAuthenticatedChannel(
        absl::StrCat("127.0.0.1:", server_->port()),
        grpc::InsecureChannelCredentials(), original_.api_key(role));
  }

  // Every patient, by name.
  std::set<std::string> Patients() const {
    auto stub = v1::PatientService::NewStub(Channel(staff::Role::kFrontDesk));
    std::set<std::string> names;
    v1::ListPatientsRequest request;
    request.set_page_size(500);
    request.set_include_archived(true);
    do {
      v1::ListPatientsResponse response;
      const grpc::Status status =
          stub->ListPatients(ContextWithDeadline().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Patient& patient : response.patients()) {
        names.insert(patient.name());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  // The patients whose creation the audit trail records as successful.
  std::set<std::string> PatientsCreatedInAuditTrail() const {
    auto stub = v1::AuditService::NewStub(Channel(staff::Role::kAdmin));
    std::set<std::string> names;
    v1::ListAuditEventsRequest request;
    request.set_page_size(1000);
    request.set_method(kCreatePatient);
    do {
      v1::ListAuditEventsResponse response;
      const grpc::Status status = stub->ListAuditEvents(
          ContextWithDeadline().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::AuditEvent& event : response.audit_events()) {
        if (event.outcome() == "OK") names.insert(event.resource());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }

  v1::VerifyAuditChainResponse VerifyAuditChain() const {
    auto stub = v1::AuditService::NewStub(Channel(staff::Role::kAdmin));
    v1::VerifyAuditChainResponse response;
    const grpc::Status status =
        stub->VerifyAuditChain(ContextWithDeadline().get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

 private:
  const TestServer& original_;
  TempDir dir_;
  std::unique_ptr<ClinicServer> server_;
};

// What every restored backup taken under load must show: every creation
// acknowledged before the backup began, nothing that was never created, a
// patient for each successful creation in its own audit trail and no other
// (the snapshot cut no transaction in half), an intact chain, and a clinic
// that takes new writes.
void ExpectConsistentRestore(const std::string& backup,
                             const TestServer& original,
                             const std::set<std::string>& acknowledged_before,
                             const std::set<std::string>& acknowledged_after) {
  RestoredClinic restored(backup, original);
  ASSERT_TRUE(restored.started());
  const std::set<std::string> patients = restored.Patients();
  EXPECT_THAT(acknowledged_before, IsSubsetOf(patients));
  EXPECT_THAT(patients, IsSubsetOf(acknowledged_after));
  EXPECT_EQ(patients, restored.PatientsCreatedInAuditTrail());

  auto stub =
      v1::PatientService::NewStub(restored.Channel(staff::Role::kPractitioner));
  v1::GetPatientRequest get;
  get.set_name(*acknowledged_before.begin());
  v1::GetPatientResponse got;
  ASSERT_TRUE(stub->GetPatient(ContextWithDeadline().get(), get, &got).ok());
  EXPECT_THAT(got.patient().given_name(), HasSubstr("Writer"));

  v1::CreatePatientRequest create;
  *create.mutable_patient() = CompletePatient("After", "Restore");
  create.set_request_id("after-restore");
  v1::CreatePatientResponse created;
  const grpc::Status status =
      stub->CreatePatient(ContextWithDeadline().get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();

  const v1::VerifyAuditChainResponse chain = restored.VerifyAuditChain();
  EXPECT_TRUE(chain.intact()) << chain.problem();
}

class OnlineBackupTest : public ::testing::Test {
 protected:
  std::string BackupFile(const std::string& name = "backup.db") const {
    return backups_.File(name);
  }

  TempDir backups_;
};

TEST_F(OnlineBackupTest, BackupUnderLoadIsOneCompleteSnapshotAndRestores) {
  TestServer server;
  BusyWriters writers(server);
  ASSERT_TRUE(writers.WaitForMore(kWritesAround));
  const std::set<std::string> acknowledged_before = writers.Acknowledged();

  const absl::StatusOr<BackupReport> report =
      BackupDatabase({.source = server.database_path(),
                      .destination = BackupFile()});
  ASSERT_TRUE(report.ok()) << report.status();
  // The server kept serving writes during and after the backup.
  ASSERT_TRUE(writers.WaitForMore(kWritesAround));
  writers.Stop();
  EXPECT_THAT(writers.failures(), IsEmpty());

  EXPECT_EQ(report->destination, BackupFile());
  EXPECT_EQ(report->size_bytes,
            static_cast<int64_t>(fs::file_size(BackupFile())));
  EXPECT_EQ(report->check.schema_version, server.server().schema_version());
  EXPECT_EQ(report->check.pending_migrations, 0);
  EXPECT_GT(report->check.audit_records,
            static_cast<int64_t>(acknowledged_before.size()));
  EXPECT_TRUE(report->check.newest_audit_record_time.has_value());
  // Patient data: readable by its owner only; one self-contained file.
  EXPECT_EQ(fs::status(BackupFile()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  for (const char* leftover : {".partial", "-wal", "-shm", "-journal"}) {
    EXPECT_FALSE(fs::exists(BackupFile() + leftover)) << leftover;
  }

  // Verifying it again finds what the backup found, and changes nothing.
  const std::string bytes = ReadFileBytes(BackupFile());
  const absl::StatusOr<DatabaseCheck> check = VerifyDatabase(BackupFile());
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_EQ(check->audit_records, report->check.audit_records);
  EXPECT_EQ(check->schema_version, report->check.schema_version);
  EXPECT_EQ(ReadFileBytes(BackupFile()), bytes);

  ExpectConsistentRestore(BackupFile(), server, acknowledged_before,
                          writers.Acknowledged());
}

TEST_F(OnlineBackupTest, ClinicdBackupCommandRunsBesideTheServingClinicd) {
  TestServer server;
  BusyWriters writers(server);
  ASSERT_TRUE(writers.WaitForMore(kWritesAround));
  const std::set<std::string> acknowledged_before = writers.Acknowledged();

  const CliResult backup =
      RunProcess(CLINICD_BINARY, {"backup", "--db=" + server.database_path(),
                                  "--to=" + BackupFile(), "--unencrypted"});
  ASSERT_TRUE(writers.WaitForMore(kWritesAround));
  writers.Stop();
  EXPECT_THAT(writers.failures(), IsEmpty());
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  // One line: where, how big, which schema, how many audit records, how long.
  EXPECT_EQ(std::count(backup.out.begin(), backup.out.end(), '\n'), 1)
      << backup.out;
  EXPECT_THAT(backup.out, HasSubstr("written to " + BackupFile()));
  EXPECT_THAT(backup.out,
              HasSubstr(absl::StrCat("schema version ",
                                     server.server().schema_version())));
  EXPECT_THAT(backup.out, HasSubstr("audit record(s)"));
  EXPECT_THAT(backup.out, HasSubstr("took"));

  const CliResult verify =
      RunProcess(CLINICD_BINARY, {"verify", "--db=" + BackupFile()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("verified"));

  ExpectConsistentRestore(BackupFile(), server, acknowledged_before,
                          writers.Acknowledged());

  // The same file again: refused, and the backup is left as it was...
  const std::string bytes = ReadFileBytes(BackupFile());
  const CliResult again =
      RunProcess(CLINICD_BINARY, {"backup", "--db=" + server.database_path(),
                                  "--to=" + BackupFile(), "--unencrypted"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.out, HasSubstr("already exists"));
  EXPECT_EQ(ReadFileBytes(BackupFile()), bytes);
  // ...unless replacing it is asked for.
  const CliResult forced = RunProcess(
      CLINICD_BINARY, {"backup", "--db=" + server.database_path(),
                       "--to=" + BackupFile(), "--unencrypted", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_TRUE(VerifyDatabase(BackupFile()).ok());
}

TEST_F(OnlineBackupTest, BackupWorksWhenNoClinicdRuns) {
  TempDir clinic;
  const std::string database = clinic.File("clinic.db");
  {
    ServerOptions options;
    options.database_path = database;
    options.listen_address = "127.0.0.1:0";
    absl::StatusOr<std::unique_ptr<ClinicServer>> server =
        ClinicServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    (*server)->Shutdown(absl::Seconds(1));
  }  // Closed, as after clinicd has exited.

  const CliResult backup = RunProcess(
      CLINICD_BINARY, {"backup", "--db=" + database, "--to=" + BackupFile(),
                       "--unencrypted"});
  EXPECT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  const absl::StatusOr<DatabaseCheck> check = VerifyDatabase(BackupFile());
  ASSERT_TRUE(check.ok()) << check.status();
  // The chain keyed, the clinic's settings seeded, the first admin.
  EXPECT_EQ(check->audit_records, 3);
}

TEST_F(OnlineBackupTest, MissingDatabaseIsRefusedAndNothingIsCreated) {
  const std::string missing = backups_.File("nowhere/clinic.db");
  const absl::StatusOr<BackupReport> report =
      BackupDatabase({.source = missing, .destination = BackupFile()});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(report.status().message(), HasSubstr("no database at"));

  const CliResult command = RunProcess(
      CLINICD_BINARY, {"backup", "--db=" + missing, "--to=" + BackupFile(),
                       "--unencrypted"});
  EXPECT_EQ(command.exit_code, 1);
  EXPECT_THAT(command.out, HasSubstr("no database at " + missing));

  EXPECT_FALSE(fs::exists(backups_.File("nowhere")));
  EXPECT_FALSE(fs::exists(BackupFile()));
  EXPECT_FALSE(fs::exists(BackupFile() + ".partial"));
}

TEST_F(OnlineBackupTest, CommandLineMistakesAreUsageErrors) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"backup"},                      // No --to.
           {"backup", "--to=x"},            // Neither a key nor --unencrypted.
           {"restore"},                     // No --from, no --to.
           {"backups"},                     // No such command.
           {"--to=" + BackupFile()},        // --to without backup.
           {"verify", "--force"},           // --force belongs to backup.
           {"backup", "extra", "--to=x"}}) {
    const CliResult result = RunProcess(CLINICD_BINARY, args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << result.out;
  }
  EXPECT_FALSE(fs::exists(BackupFile()));
}

TEST_F(OnlineBackupTest, ExistingFileIsReplacedOnlyWhenAsked) {
  TestServer server;
  {
    std::ofstream(BackupFile()) << "last week's backup";
  }
  const absl::StatusOr<BackupReport> refused = BackupDatabase(
      {.source = server.database_path(), .destination = BackupFile()});
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFileBytes(BackupFile()), "last week's backup");

  const absl::StatusOr<BackupReport> replaced =
      BackupDatabase({.source = server.database_path(),
                      .destination = BackupFile(),
                      .overwrite = true});
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_TRUE(VerifyDatabase(BackupFile()).ok());
  EXPECT_FALSE(fs::exists(BackupFile() + ".partial"));
}

TEST_F(OnlineBackupTest, TheDatabaseItselfIsNeverTheDestination) {
  TestServer server;
  for (const std::string& destination :
       {server.database_path(), server.database_path() + "-wal"}) {
    const absl::StatusOr<BackupReport> report =
        BackupDatabase({.source = server.database_path(),
                        .destination = destination,
                        .overwrite = true});
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument)
        << destination;
  }
  EXPECT_TRUE(VerifyDatabase(server.database_path()).ok());
}

TEST_F(OnlineBackupTest, VerifyFindsABrokenAuditChainAndBackupKeepsNoCopy) {
  TestServer server;
  ASSERT_TRUE(BackupDatabase(
                  {.source = server.database_path(), .destination = BackupFile()})
                  .ok());
  {
    SQLite::Database tampered(BackupFile(), SQLite::OPEN_READWRITE);
    tampered.exec(
        "DROP TRIGGER audit_events_no_update;"
        "UPDATE audit_events SET method = 'tampered' WHERE sequence = 2");
  }
  // The chain's key proves the record was changed.
  const absl::StatusOr<DatabaseCheck> check = VerifyDatabase(
      BackupFile(), {.chain_keys = {server.audit_chain_key()}});
  EXPECT_EQ(check.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(check.status().message(),
              HasSubstr("audit chain is broken at record 2"));

  const CliResult verify = RunProcess(
      CLINICD_BINARY,
      {"verify", "--db=" + BackupFile(),
       "--audit_chain_key_file=" +
           AuditChainKeyFileBeside(server.database_path())});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_THAT(verify.out, HasSubstr("audit chain is broken"));

  // A backup of the tampered file is refused, and leaves nothing behind.
  const std::string second = BackupFile("second.db");
  const absl::StatusOr<BackupReport> report =
      BackupDatabase({.source = BackupFile(),
                      .destination = second,
                      .chain_keys = {server.audit_chain_key()}});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(report.status().message(), HasSubstr("copy failed its checks"));
  EXPECT_FALSE(fs::exists(second));
  EXPECT_FALSE(fs::exists(second + ".partial"));
}

TEST_F(OnlineBackupTest, VerifyRefusesMigrationsThisBinaryCannotUse) {
  TestServer server;
  const std::string edited = BackupFile("edited.db");
  const std::string newer = BackupFile("newer.db");
  for (const std::string& file : {edited, newer}) {
    ASSERT_TRUE(
        BackupDatabase({.source = server.database_path(), .destination = file})
            .ok());
  }
  SQLite::Database(edited, SQLite::OPEN_READWRITE)
      .exec("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  SQLite::Database(newer, SQLite::OPEN_READWRITE)
      .exec("INSERT INTO schema_migrations VALUES (999, '0999_future.sql', "
            "'x', 0)");

  const absl::StatusOr<DatabaseCheck> edited_check = VerifyDatabase(edited);
  EXPECT_EQ(edited_check.status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(edited_check.status().message(),
              HasSubstr("has changed since it was applied"));
  const absl::StatusOr<DatabaseCheck> newer_check = VerifyDatabase(newer);
  EXPECT_EQ(newer_check.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(newer_check.status().message(),
              HasSubstr("newer than this binary"));
}

TEST_F(OnlineBackupTest, VerifyFindsADamagedFile) {
  TestServer server;
  ASSERT_TRUE(BackupDatabase(
                  {.source = server.database_path(), .destination = BackupFile()})
                  .ok());
  {
    // Page 2, the root of the first table created, overwritten.
    std::fstream file(BackupFile(),
                      std::ios::binary | std::ios::in | std::ios::out);
    file.seekp(4096);
    const std::string garbage(4096, '\xA5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const absl::StatusOr<DatabaseCheck> check = VerifyDatabase(BackupFile());
  EXPECT_EQ(check.status().code(), absl::StatusCode::kDataLoss)
      << check.status();
}

TEST_F(OnlineBackupTest, VerifyRefusesWhatIsNotAClinicDatabase) {
  EXPECT_EQ(VerifyDatabase(BackupFile("missing.db")).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(BackupFile("missing.db")));

  {
    std::ofstream(BackupFile("notes.db")) << "not a database at all, really";
  }
  EXPECT_EQ(VerifyDatabase(BackupFile("notes.db")).status().code(),
            absl::StatusCode::kDataLoss);

  {
    SQLite::Database other(BackupFile("other.db"),
                           SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE recipes (name TEXT)");
  }
  const absl::StatusOr<DatabaseCheck> other = VerifyDatabase(BackupFile("other.db"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(other.status().message(), HasSubstr("not a Mesoclinic database"));
}

}  // namespace
}  // namespace mesoclinic::testing
