// clinicd verify --checkpoint, through the real clinicd binary run as its
// own process: it prints the chain's head; it accepts a database that holds
// a checkpoint signed by the trusted key (given as the key file or in hex),
// says what it cannot prove without one, and refuses an altered
// checkpoint, another key's checkpoint, and a database rolled back to before
// the checkpoint. Misplaced flags and malformed files are usage errors.

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/audit/audit_checkpoint.h"
#include "core/base/secret_file.h"
#include "core/server/clinic_server.h"
#include "core/storage/online_backup.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clinicctl/clinicctl_process.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

class ClinicdVerifyCheckpointTest : public ::testing::Test {
 protected:
  // A checkpoint of the chain as it is now, written to `name` in the test's
  // folder; returns its path.
  std::string TakeCheckpoint(const std::string& name) {
    v1::CreateAuditCheckpointResponse response;
    const grpc::Status status =
        v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin))
            ->CreateAuditCheckpoint(ContextWithDeadline().get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    last_sequence_ = response.sequence();
    public_key_ = response.public_key();
    const std::string path = server_.dir().File(name);
    WriteFile(path, response.checkpoint_file());
    return path;
  }

  // clinicd verify on the server's database (or `database`), with `flags`.
  CliResult Verify(const std::vector<std::string>& flags,
                   const std::string& database = "") {
    std::vector<std::string> args = {
        "verify",
        "--db=" + (database.empty() ? server_.database_path() : database)};
    args.insert(args.end(), flags.begin(), flags.end());
    return RunProcess(CLINICD_BINARY, args);
  }

  std::string SigningKeyFlag() const {
    return "--audit_signing_key_file=" +
           AuditSigningKeyFile(server_.database_path());
  }

  TestServer server_;
  int64_t last_sequence_ = 0;
  std::string public_key_;
};

TEST_F(ClinicdVerifyCheckpointTest, PrintsTheChainsHeadToNoteDown) {
  const absl::StatusOr<storage::DatabaseCheck> check =
      storage::VerifyDatabase(server_.database_path());
  ASSERT_TRUE(check.ok()) << check.status();
  const CliResult verify = Verify({});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out,
              HasSubstr(absl::StrCat(
                  "head: record ", check->audit_head.sequence, " hash ",
                  absl::BytesToHexString(check->audit_head.hash))));
  EXPECT_THAT(verify.out, MatchesRegex(".*hash [0-9a-f]{64}\n"));
}

TEST_F(ClinicdVerifyCheckpointTest, AcceptsAHeldCheckpointUnderTheTrustedKey) {
  const std::string checkpoint = TakeCheckpoint("held.txt");
  for (const std::string& trusted :
       {SigningKeyFlag(),
        "--audit_public_key=" + absl::BytesToHexString(public_key_)}) {
    const CliResult verify = Verify({"--checkpoint=" + checkpoint, trusted});
    EXPECT_EQ(verify.exit_code, 0) << trusted << verify.out << verify.err;
    EXPECT_THAT(verify.out,
                HasSubstr(absl::StrCat("holds the checkpoint of record ",
                                       last_sequence_, " signed by key ",
                                       audit::KeyFingerprint(public_key_),
                                       " (the trusted key)")));
    EXPECT_THAT(verify.out, HasSubstr("nothing up to it was rewritten"));
  }
}

TEST_F(ClinicdVerifyCheckpointTest, WithoutATrustedKeySaysWhatItCannotProve) {
  const CliResult verify =
      Verify({"--checkpoint=" + TakeCheckpoint("untrusted.txt")});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("only proves it is self-consistent"));
  EXPECT_THAT(verify.out, HasSubstr("Compare its key fingerprint " +
                                    audit::KeyFingerprint(public_key_)));
  EXPECT_THAT(verify.out, HasSubstr("the key it names itself"));
}

TEST_F(ClinicdVerifyCheckpointTest, RefusesAnAlteredCheckpoint) {
  const std::string path = TakeCheckpoint("altered.txt");
  WriteFile(path,
            absl::StrReplaceAll(
                ReadFile(path),
                {{absl::StrCat("sequence: ", last_sequence_, "\n"),
                  absl::StrCat("sequence: ", last_sequence_ - 1, "\n")}}));
  const CliResult verify = Verify({"--checkpoint=" + path, SigningKeyFlag()});
  EXPECT_EQ(verify.exit_code, kExitFailed) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr("the checkpoint's signature does not "
                                    "match its contents"));
}

TEST_F(ClinicdVerifyCheckpointTest, RefusesACheckpointOfAnotherKey) {
  const std::string other_key = server_.dir().File("other-clinic.key");
  ASSERT_TRUE(CreateKeyFile(other_key, audit::kCheckpointSeedBytes).ok());
  const CliResult verify = Verify({"--checkpoint=" + TakeCheckpoint("ours.txt"),
                                   "--audit_signing_key_file=" + other_key});
  EXPECT_EQ(verify.exit_code, kExitFailed) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr("signed with the key " +
                                    audit::KeyFingerprint(public_key_)));
  EXPECT_THAT(verify.out, HasSubstr("another clinic or another signing key"));
}

// The whole database copied back from before the checkpoint: its chain is
// intact on its own, and only the checkpoint tells what went missing.
TEST_F(ClinicdVerifyCheckpointTest, RefusesADatabaseRolledBackBeforeIt) {
  const std::string old_copy = server_.dir().File("old-copy.db");
  const absl::StatusOr<storage::BackupReport> backup = storage::BackupDatabase(
      {.source = server_.database_path(), .destination = old_copy});
  ASSERT_TRUE(backup.ok()) << backup.status();
  const int64_t old_head = backup->check.audit_head.sequence;
  // The clinic works on: three more records.
  auto staff = v1::StaffService::NewStub(server_.channel());
  for (int i = 0; i < 3; ++i) {
    v1::GetCallerResponse caller;
    ASSERT_TRUE(
        staff->GetCaller(ContextWithDeadline().get(), {}, &caller).ok());
  }
  const std::string checkpoint = TakeCheckpoint("after-the-copy.txt");
  ASSERT_GT(last_sequence_, old_head);

  EXPECT_EQ(Verify({}, old_copy).exit_code, 0);
  const CliResult verify =
      Verify({"--checkpoint=" + checkpoint, SigningKeyFlag()}, old_copy);
  EXPECT_EQ(verify.exit_code, kExitFailed) << verify.out;
  EXPECT_THAT(verify.out,
              HasSubstr(absl::StrCat("the database ends at record ", old_head,
                                     " but the checkpoint of ")));
  EXPECT_THAT(verify.out,
              HasSubstr(absl::StrCat("records ", old_head + 1, " to ",
                                     last_sequence_, " were removed")));
}

TEST_F(ClinicdVerifyCheckpointTest, AMalformedCheckpointIsAUsageError) {
  const std::string path = TakeCheckpoint("malformed.txt");
  WriteFile(path, absl::StrReplaceAll(
                      ReadFile(path),
                      {{absl::StrCat("sequence: ", last_sequence_, "\n"),
                        "sequence: x\n"}}));
  const CliResult malformed = Verify({"--checkpoint=" + path});
  EXPECT_EQ(malformed.exit_code, kExitUsage) << malformed.out;
  EXPECT_THAT(malformed.out, HasSubstr("--checkpoint " + path +
                                       ": checkpoint field sequence"));

  const CliResult missing =
      Verify({"--checkpoint=" + server_.dir().File("nowhere.txt")});
  EXPECT_EQ(missing.exit_code, kExitUsage) << missing.out;
  EXPECT_THAT(missing.out, HasSubstr("--checkpoint: cannot read"));

  const CliResult bad_key = Verify(
      {"--checkpoint=" + TakeCheckpoint("good.txt"), "--audit_public_key=abc"});
  EXPECT_EQ(bad_key.exit_code, kExitUsage) << bad_key.out;
  EXPECT_THAT(bad_key.out,
              HasSubstr("--audit_public_key: a public key must be 64"));
}

TEST_F(ClinicdVerifyCheckpointTest, CheckpointFlagsOutOfPlaceAreUsageErrors) {
  const std::string checkpoint = TakeCheckpoint("flags.txt");
  const std::string hex_key =
      "--audit_public_key=" + absl::BytesToHexString(public_key_);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--checkpoint=" + checkpoint},  // Serving, not verifying.
           {"backup", "--to=" + server_.dir().File("b.db"),
            "--checkpoint=" + checkpoint},
           {"verify", hex_key},  // A key but no checkpoint.
           {"verify", "--checkpoint=" + checkpoint, hex_key,
            SigningKeyFlag()}}) {  // Two trusted keys.
    const CliResult result = RunProcess(CLINICD_BINARY, args);
    EXPECT_EQ(result.exit_code, kExitUsage) << args[0] << ": " << result.out;
  }
}

}  // namespace
}  // namespace mesoclinic::testing
