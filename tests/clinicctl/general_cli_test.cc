// clinicctl as a whole: help on every level, usage errors, connection and
// key problems, and the exit codes for each.

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The command names a group's --help lists.
std::vector<std::string> CommandsOf(const std::string& group_help) {
  std::vector<std::string> commands;
  const size_t start = group_help.find("Commands:\n");
  if (start == std::string::npos) return commands;
  const absl::string_view list(group_help.data() + start + 10);
  for (absl::string_view line : absl::StrSplit(list, '\n')) {
    if (!absl::ConsumePrefix(&line, "  ")) break;
    commands.emplace_back(line.substr(0, line.find(' ')));
  }
  return commands;
}

using GeneralTest = ClinicctlTest;

TEST_F(GeneralTest, HelpOnEveryGroupAndCommandExitsZero) {
  const CliResult top = RunRaw({"--help"});
  EXPECT_EXIT_CODE(top, 0);
  EXPECT_THAT(top.out, HasSubstr("Exit codes:"));
  EXPECT_THAT(top.out, HasSubstr("CLINIC_API_KEY"));
  int commands = 0;
  for (const std::string group : {"adverse-events", "audit", "clinic", "consents", "patients",
                                  "sessions", "staff", "treatments"}) {
    EXPECT_THAT(top.out, HasSubstr("  " + group + " "));
    const CliResult group_help = RunRaw({group, "--help"});
    EXPECT_EXIT_CODE(group_help, 0);
    for (const std::string& command : CommandsOf(group_help.out)) {
      const CliResult help = RunRaw({group, command, "--help"});
      EXPECT_EXIT_CODE(help, 0);
      EXPECT_THAT(help.out, HasSubstr("Usage: clinicctl " + group + " " + command));
      EXPECT_THAT(help.out, HasSubstr("Example:\n  clinicctl " + group + " " + command));
      ++commands;
    }
  }
  EXPECT_GE(commands, 52);
}

TEST_F(GeneralTest, UsageErrorsExitTwoWithUsage) {
  const CliResult none = RunRaw({});
  EXPECT_EXIT_CODE(none, 2);
  EXPECT_THAT(none.err, HasSubstr("Usage: clinicctl"));

  const CliResult group = RunRaw({"frobnicate"});
  EXPECT_EXIT_CODE(group, 2);
  EXPECT_THAT(group.err, HasSubstr("unknown command group \"frobnicate\""));

  const CliResult command = RunRaw({"patients", "delete", "x"});
  EXPECT_EXIT_CODE(command, 2);
  EXPECT_THAT(command.err, HasSubstr("unknown command \"patients delete\""));
  EXPECT_THAT(command.err, HasSubstr("archive"));

  // Found before anything is sent: no key is needed to be told.
  const CliResult flag = RunRaw({"patients", "get", "abc", "--colour", "red"});
  EXPECT_EXIT_CODE(flag, 2);
  EXPECT_THAT(flag.err, HasSubstr("unknown flag --colour"));
  EXPECT_THAT(flag.err, HasSubstr("Usage: clinicctl patients get <patient>"));

  const CliResult missing = RunRaw({"sessions", "cancel", "abc"});
  EXPECT_EXIT_CODE(missing, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing --reason"));

  const CliResult extra = RunRaw({"patients", "get", "a", "b"});
  EXPECT_EXIT_CODE(extra, 2);
  EXPECT_THAT(extra.out, IsEmpty());
}

TEST_F(GeneralTest, MalformedValuesAreUsageErrors) {
  const CliResult date = Run(staff::Role::kFrontDesk,
                             {"patients", "list", "--date-of-birth", "12/04/1985"});
  EXPECT_EXIT_CODE(date, 2);
  EXPECT_THAT(date.err, HasSubstr("--date-of-birth: \"12/04/1985\" is not a date"));

  const CliResult sex = Run(staff::Role::kFrontDesk,
                            {"patients", "create", "--given-name", "A",
                             "--family-name", "B", "--date-of-birth",
                             "1990-01-01", "--sex", "f"});
  EXPECT_EXIT_CODE(sex, 2);
  EXPECT_THAT(sex.err, HasSubstr("female, male, other, unknown"));

  const CliResult name = Run(staff::Role::kFrontDesk,
                             {"patients", "get", "staff/abc"});
  EXPECT_EXIT_CODE(name, 2);

  const CliResult timeout = Run(staff::Role::kFrontDesk,
                                {"--timeout", "soon", "staff", "whoami"});
  EXPECT_EXIT_CODE(timeout, 2);
}

TEST_F(GeneralTest, BadKeyIsExitThreeWithAHint) {
  const CliResult result =
      RunRaw({ServerFlag(), "staff", "whoami"},
             {{"CLINIC_API_KEY", "mck_0123456789abcdef_not-a-real-secret"}});
  EXPECT_EXIT_CODE(result, 3);
  EXPECT_THAT(result.err, HasSubstr("error: UNAUTHENTICATED: "));
  EXPECT_THAT(result.err, HasSubstr("hint: check the API key"));
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(GeneralTest, NoKeyIsExitThree) {
  const CliResult result = RunRaw({ServerFlag(), "staff", "whoami"});
  EXPECT_EXIT_CODE(result, 3);
  EXPECT_THAT(result.err, HasSubstr("no API key"));
  EXPECT_THAT(result.err, HasSubstr("var/admin.key"));
}

TEST_F(GeneralTest, KeyFileIsRead) {
  const std::string key_file = server().dir().File("practitioner.key");
  std::ofstream(key_file) << server().api_key(staff::Role::kPractitioner) << "\n";
  const CliResult result =
      RunRaw({ServerFlag(), "--key-file", key_file, "staff", "whoami"});
  EXPECT_EXIT_CODE(result, 0);
  EXPECT_THAT(result.out, HasSubstr("Dr Claire Moreau"));
  EXPECT_THAT(result.out, HasSubstr("practitioner"));

  const CliResult missing = RunRaw(
      {ServerFlag(), "--key-file", server().dir().File("nope.key"), "staff", "whoami"});
  EXPECT_EXIT_CODE(missing, 3);
  EXPECT_THAT(missing.err, HasSubstr("--key-file: cannot read"));
}

TEST_F(GeneralTest, UnreachableServerIsExitThreeNamingTheAddress) {
  const CliResult result =
      RunRaw({"--server=127.0.0.1:1", "--timeout=5s", "staff", "whoami"},
             {{"CLINIC_API_KEY", server().api_key(staff::Role::kAdmin)}});
  EXPECT_EXIT_CODE(result, 3);
  EXPECT_THAT(result.err, HasSubstr("error: UNAVAILABLE: "));
  EXPECT_THAT(result.err, HasSubstr("not reachable at 127.0.0.1:1"));
}

TEST_F(GeneralTest, RefusedByRoleIsExitOneWithAHint) {
  const CliResult result = Run(staff::Role::kFrontDesk, {"audit", "verify"});
  EXPECT_EXIT_CODE(result, 1);
  EXPECT_THAT(result.err, HasSubstr("error: PERMISSION_DENIED: "));
  EXPECT_THAT(result.err, HasSubstr("hint: your role may not do this"));
}

TEST_F(GeneralTest, GlobalFlagsAreAcceptedAfterTheCommand) {
  const CliResult result = RunRaw({"staff", "whoami", "--json", ServerFlag()},
                                  {{"CLINIC_API_KEY",
                                    server().api_key(staff::Role::kAdmin)}});
  EXPECT_EXIT_CODE(result, 0);
  EXPECT_EQ(JsonString(result.out, "role"), "ROLE_ADMIN");
}

}  // namespace
}  // namespace mesoclinic::testing
