// clinicctl audit checkpoint: the checkpoint file written (never over an
// existing one unless asked), printed, or answered as JSON; admins only.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "clinic/v1/audit.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using staff::Role;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using AuditCheckpointCliTest = ClinicctlTest;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// The value of the checkpoint file's line "field: value".
std::string FileField(const std::string& text, const std::string& field) {
  const std::size_t start = text.find("\n" + field + ": ");
  if (start == std::string::npos) return "";
  const std::size_t value = start + field.size() + 3;
  return text.substr(value, text.find('\n', value) - value);
}

TEST_F(AuditCheckpointCliTest, WritesTheFileAndNeverOverwritesUnlessForced) {
  const std::string path = server().dir().File("checkpoint-cli.txt");
  const CliResult written =
      Run(Role::kAdmin, {"audit", "checkpoint", "--out", path});
  ASSERT_EXIT_CODE(written, 0);
  const std::string file = ReadFile(path);
  EXPECT_THAT(file, StartsWith("# Mesoclinic audit checkpoint"));
  EXPECT_THAT(written.out, HasSubstr("checkpoint written to " + path));
  // What it prints is what the file holds, to note down elsewhere.
  EXPECT_THAT(written.out,
              HasSubstr("sequence:    " + FileField(file, "sequence")));
  EXPECT_THAT(written.out,
              HasSubstr("hash:        " + FileField(file, "hash")));
  EXPECT_THAT(written.out,
              HasSubstr("fingerprint: " + FileField(file, "fingerprint")));
  EXPECT_THAT(written.out, HasSubstr("clinicd verify --checkpoint=" + path));

  const CliResult again =
      Run(Role::kAdmin, {"audit", "checkpoint", "--out", path});
  EXPECT_EXIT_CODE(again, 2);
  EXPECT_THAT(again.err, HasSubstr("--out: " + path + " exists already"));
  EXPECT_THAT(again.err, HasSubstr("--force"));
  EXPECT_EQ(ReadFile(path), file);

  const CliResult forced =
      Run(Role::kAdmin, {"audit", "checkpoint", "--out", path, "--force"});
  ASSERT_EXIT_CODE(forced, 0);
  EXPECT_NE(ReadFile(path), file);
  EXPECT_GT(std::stoll(FileField(ReadFile(path), "sequence")),
            std::stoll(FileField(file, "sequence")));
}

TEST_F(AuditCheckpointCliTest, WithoutOutPrintsTheFileItself) {
  const CliResult printed = Run(Role::kAdmin, {"audit", "checkpoint"});
  ASSERT_EXIT_CODE(printed, 0);
  EXPECT_THAT(printed.out, StartsWith("# Mesoclinic audit checkpoint"));
  EXPECT_THAT(printed.out, HasSubstr("\nsignature: "));
}

TEST_F(AuditCheckpointCliTest, JsonIsTheWholeResponse) {
  const std::string path = server().dir().File("checkpoint-json.txt");
  const CliResult json =
      Run(Role::kAdmin, {"--json", "audit", "checkpoint", "--out", path});
  ASSERT_EXIT_CODE(json, 0);
  clinic::v1::CreateAuditCheckpointResponse response;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &response).ok())
      << json.out;
  EXPECT_EQ(response.checkpoint_file(), ReadFile(path));
  EXPECT_EQ(absl::BytesToHexString(response.hash()),
            FileField(response.checkpoint_file(), "hash"));
  EXPECT_EQ(response.key_fingerprint(),
            FileField(response.checkpoint_file(), "fingerprint"));
}

TEST_F(AuditCheckpointCliTest, IsForAdminsOnlyAndWritesNothingWhenRefused) {
  const std::string path = server().dir().File("checkpoint-front-desk.txt");
  const CliResult refused =
      Run(Role::kFrontDesk, {"audit", "checkpoint", "--out", path});
  EXPECT_EXIT_CODE(refused, 1);
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(AuditCheckpointCliTest, ForceWithoutOutIsAUsageError) {
  const CliResult result =
      Run(Role::kAdmin, {"audit", "checkpoint", "--force"});
  EXPECT_EXIT_CODE(result, 2);
  EXPECT_THAT(result.err, HasSubstr("--force goes with --out FILE"));
}

}  // namespace
}  // namespace mesoclinic::testing
