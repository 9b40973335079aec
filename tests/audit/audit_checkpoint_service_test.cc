// AuditService.CreateAuditCheckpoint through a real gRPC channel to a real
// server: admins get a checkpoint of the chain's head signed with the key
// kept beside the database, which the database then verifies against;
// nobody else gets one; the key file is made once, readable by its owner
// only, and a start refuses one that others may read.

#include <sys/stat.h>

#include <string>
#include <vector>

#include "clinic/v1/audit.grpc.pb.h"
#include "core/audit/audit_checkpoint.h"
#include "core/base/secret_file.h"
#include "core/server/clinic_server.h"
#include "core/storage/online_backup.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

constexpr char kCreateAuditCheckpoint[] =
    "/clinic.v1.AuditService/CreateAuditCheckpoint";

class AuditCheckpointServiceTest : public ::testing::Test {
 protected:
  grpc::Status CreateCheckpoint(staff::Role role,
                                v1::CreateAuditCheckpointResponse* response) {
    return v1::AuditService::NewStub(server_.channel(role))
        ->CreateAuditCheckpoint(ContextWithDeadline().get(), {}, response);
  }

  v1::CreateAuditCheckpointResponse CreateCheckpoint() {
    v1::CreateAuditCheckpointResponse response;
    const grpc::Status status =
        CreateCheckpoint(staff::Role::kAdmin, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The audit events after `after`, oldest first.
  std::vector<v1::AuditEvent> EventsAfter(int64_t after) {
    v1::ListAuditEventsRequest request;
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    const grpc::Status status =
        v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin))
            ->ListAuditEvents(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<v1::AuditEvent> events;
    for (const v1::AuditEvent& event : response.audit_events()) {
      if (event.sequence() > after) events.push_back(event);
    }
    return events;
  }

  std::string SigningKeyFile() const {
    return AuditSigningKeyFile(server_.database_path());
  }

  // The public key of the signing key file beside the database.
  std::string TrustedPublicKey() const {
    absl::StatusOr<std::string> seed =
        mesoclinic::ReadKeyFile(SigningKeyFile(), audit::kCheckpointSeedBytes);
    EXPECT_TRUE(seed.ok()) << seed.status();
    absl::StatusOr<std::string> key =
        audit::CheckpointPublicKey(seed.ok() ? *seed : "");
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  TestServer server_;
};

TEST_F(AuditCheckpointServiceTest, AdminGetsTheHeadSignedWithTheClinicsKey) {
  const v1::CreateAuditCheckpointResponse response = CreateCheckpoint();
  absl::StatusOr<audit::AuditCheckpoint> checkpoint =
      audit::ParseCheckpoint(response.checkpoint_file());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  // The fields beside the file say what the file says.
  EXPECT_EQ(checkpoint->sequence, response.sequence());
  EXPECT_EQ(checkpoint->hash, response.hash());
  EXPECT_EQ(absl::ToUnixSeconds(checkpoint->time), response.time().seconds());
  EXPECT_EQ(checkpoint->public_key, response.public_key());
  EXPECT_EQ(checkpoint->signature, response.signature());
  EXPECT_EQ(response.key_fingerprint(),
            audit::KeyFingerprint(response.public_key()));
  // Signed with the key kept beside the database.
  EXPECT_EQ(response.public_key(), TrustedPublicKey());
  EXPECT_TRUE(
      audit::CheckCheckpointSignature(*checkpoint, TrustedPublicKey()).ok());

  // It holds the chain's end as the call found it: the call's own record
  // comes right after, and names the record signed.
  const std::vector<v1::AuditEvent> after = EventsAfter(response.sequence());
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front().sequence(), response.sequence() + 1);
  EXPECT_EQ(after.front().method(), kCreateAuditCheckpoint);
  EXPECT_EQ(after.front().resource(),
            absl::StrCat("auditEvents/", response.sequence()));
  EXPECT_EQ(after.front().outcome(), "OK");
}

TEST_F(AuditCheckpointServiceTest, TheDatabaseVerifiesAgainstItAsItGrows) {
  const v1::CreateAuditCheckpointResponse first = CreateCheckpoint();
  const v1::CreateAuditCheckpointResponse second = CreateCheckpoint();
  EXPECT_GT(second.sequence(), first.sequence());
  EXPECT_NE(second.hash(), first.hash());

  absl::StatusOr<audit::AuditCheckpoint> checkpoint =
      audit::ParseCheckpoint(first.checkpoint_file());
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  const absl::StatusOr<storage::DatabaseCheck> check = storage::VerifyDatabase(
      server_.database_path(),
      {.checkpoint = *checkpoint, .checkpoint_public_key = TrustedPublicKey()});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_GT(check->audit_head.sequence, first.sequence());
}

TEST_F(AuditCheckpointServiceTest, OnlyAdminsMayCreateOne) {
  for (const staff::Role role :
       {staff::Role::kFrontDesk, staff::Role::kPractitioner}) {
    v1::CreateAuditCheckpointResponse response;
    const grpc::Status status = CreateCheckpoint(role, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << static_cast<int>(role);
    EXPECT_THAT(status.error_message(), HasSubstr(kCreateAuditCheckpoint));
    EXPECT_TRUE(response.checkpoint_file().empty());
  }
  // The refusals are in the trail, like every call.
  int refused = 0;
  for (const v1::AuditEvent& event : EventsAfter(0)) {
    if (event.method() == kCreateAuditCheckpoint &&
        event.outcome() == "PERMISSION_DENIED") {
      ++refused;
    }
  }
  EXPECT_EQ(refused, 2);
}

TEST_F(AuditCheckpointServiceTest, TheKeyIsMadeOnceOwnerOnlyAndKept) {
  struct stat info;
  ASSERT_EQ(stat(SigningKeyFile().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  const std::string fingerprint = CreateCheckpoint().key_fingerprint();

  server_.Restart();
  EXPECT_EQ(CreateCheckpoint().key_fingerprint(), fingerprint);
}

// Starts a server on a fresh database in `dir`; `adjust` changes options.
absl::StatusOr<std::unique_ptr<ClinicServer>> StartIn(
    const TempDir& dir,
    const std::function<void(ServerOptions&)>& adjust = nullptr) {
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = "127.0.0.1:0";
  if (adjust) adjust(options);
  return ClinicServer::Start(options);
}

TEST(AuditSigningKeyFileTest, AKeyOthersMayReadStopsTheStart) {
  TempDir dir;
  const std::string key_file = AuditSigningKeyFile(dir.File("clinic.db"));
  ASSERT_TRUE(CreateKeyFile(key_file, audit::kCheckpointSeedBytes).ok());
  ASSERT_EQ(chmod(key_file.c_str(), 0644), 0);
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server = StartIn(dir);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(), HasSubstr(key_file));
  EXPECT_THAT(server.status().message(), HasSubstr("chmod 600"));
}

TEST(AuditSigningKeyFileTest, TheOptionPlacesItElsewhere) {
  TempDir dir;
  const std::string key_file = dir.File("keys-audit-signing.key");
  {
    absl::StatusOr<std::unique_ptr<ClinicServer>> server =
        StartIn(dir, [&](ServerOptions& options) {
          options.audit_signing_key_file = key_file;
        });
    ASSERT_TRUE(server.ok()) << server.status();
    (*server)->Shutdown(absl::Seconds(1));
  }
  EXPECT_TRUE(
      mesoclinic::ReadKeyFile(key_file, audit::kCheckpointSeedBytes).ok());
  EXPECT_FALSE(
      mesoclinic::ReadKeyFile(AuditSigningKeyFile(dir.File("clinic.db")),
                              audit::kCheckpointSeedBytes)
          .ok());
}

}  // namespace
}  // namespace mesoclinic::testing
