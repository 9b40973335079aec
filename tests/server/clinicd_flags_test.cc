// clinicd refuses to start on a flag outside its range, naming the flag and
// the range, before it opens (or creates) anything.

#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/clinicctl/clinicctl_process.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;

struct OutOfRange {
  const char* name;
  const char* flag;
  const char* message;
};

class ClinicdFlagRangeTest : public ::testing::TestWithParam<OutOfRange> {};

TEST_P(ClinicdFlagRangeTest, IsRefusedBeforeAnythingIsOpened) {
  TempDir dir;
  const std::string database = dir.File("clinic.db");
  const CliResult result = RunProcess(
      CLINICD_BINARY, {"--db=" + database, "--listen=127.0.0.1:0",
                       "--http_listen=", GetParam().flag});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(result.out + result.err, HasSubstr(GetParam().message));
  EXPECT_FALSE(std::filesystem::exists(database));
}

INSTANTIATE_TEST_SUITE_P(
    Flags, ClinicdFlagRangeTest,
    ::testing::Values(
        OutOfRange{"MergeIntervalTooShort", "--audit_index_merge_interval=5ms",
                   "--audit_index_merge_interval must be from 10ms to 1h"},
        OutOfRange{"MergeIntervalTooLong", "--audit_index_merge_interval=2h",
                   "--audit_index_merge_interval must be from 10ms to 1h"},
        OutOfRange{"RetentionTooShort", "--idempotency_retention=30s",
                   "--idempotency_retention must be at least 1m"}),
    [](const ::testing::TestParamInfo<OutOfRange>& info) {
      return std::string(info.param.name);
    });

}  // namespace
}  // namespace mesoclinic::testing
