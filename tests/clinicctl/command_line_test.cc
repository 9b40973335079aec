// clinicctl's command line (RunCli on CLI11) with a group of its own, run in
// this process: flags bound to fields, the usage errors and their exit code,
// and help on each level. No server is involved.

#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"
#include "clients/clinicctl/cli_runner.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/exit_status.h"

namespace mesoclinic::clinicctl {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct CancelFlags {
  std::string session;
  std::string extra;
  std::string reason;
  int count = 0;
  std::vector<std::string> products;
  bool all = false;
};

// What the last "demo cancel" ran with.
CancelFlags last_run;

int Cancel(CliContext& context, const CancelFlags& flags) {
  last_run = flags;
  context.out() << "cancelled " << flags.session << "\n";
  return kExitOk;
}

int Ping(CliContext& context) {
  context.out() << "pong, json=" << context.json() << "\n";
  return kExitOk;
}

void AddDemoCommands(CommandGroup& group) {
  auto [cancel, flags] = group.Add({.name = "cancel",
                                    .summary = "cancel a session",
                                    .example = "demo cancel s1 --reason ill",
                                    .details = "Cancels it for good."},
                                   Cancel);
  Positional(*cancel, "session", flags->session, "the session");
  Positional(*cancel, "extra", flags->extra, "something else")
      ->required(false);
  Required(*cancel, "--reason", flags->reason, "TEXT", "why");
  Value(*cancel, "--count", flags->count, "N", "how many");
  Repeated(*cancel, "--product", flags->products, "KV", "a product");
  Switch(*cancel, "--all", flags->all, "every page");

  group.Add({.name = "ping", .summary = "answer", .example = "demo ping"},
            Ping);
}

const RegisterGroup kDemo("demo", "commands for this test", AddDemoCommands);

struct Result {
  int exit_code;
  std::string out;
  std::string err;
};

Result RunClinicctl(const std::vector<std::string>& args) {
  last_run = CancelFlags();
  std::ostringstream out, err;
  const int code = RunCli(args, out, err, /*stderr_is_terminal=*/false);
  return {code, out.str(), err.str()};
}

TEST(CommandLineTest, FlagsAndArgumentsReachTheBoundFields) {
  const Result result =
      RunClinicctl({"demo", "cancel", "s1", "--reason", "ill",
                    "--product=a=1,b=2", "--all", "--product", "c=3",
                    "--count", "4"});
  ASSERT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_EQ(result.out, "cancelled s1\n");
  EXPECT_EQ(last_run.session, "s1");
  EXPECT_EQ(last_run.extra, "");
  EXPECT_EQ(last_run.reason, "ill");
  EXPECT_EQ(last_run.count, 4);
  EXPECT_THAT(last_run.products, ::testing::ElementsAre("a=1,b=2", "c=3"));
  EXPECT_TRUE(last_run.all);
}

TEST(CommandLineTest, ARepeatedFlagTakesOneValueEachTime) {
  const Result result =
      RunClinicctl({"demo", "cancel", "--product", "a=1", "s1", "e",
                    "--reason", "x"});
  ASSERT_EQ(result.exit_code, kExitOk) << result.err;
  EXPECT_THAT(last_run.products, ::testing::ElementsAre("a=1"));
  EXPECT_EQ(last_run.session, "s1");
  EXPECT_EQ(last_run.extra, "e");
}

TEST(CommandLineTest, SwitchesTakeTrueOrFalseAndDoubleDashEndsFlags) {
  ASSERT_EQ(
      RunClinicctl({"demo", "cancel", "s", "--reason", "x", "--all=false"})
          .exit_code,
      kExitOk);
  EXPECT_FALSE(last_run.all);
  ASSERT_EQ(
      RunClinicctl({"demo", "cancel", "--reason", "x", "--", "--s"}).exit_code,
      kExitOk);
  EXPECT_EQ(last_run.session, "--s");
}

TEST(CommandLineTest, GlobalFlagsAreAcceptedAnywhere) {
  EXPECT_EQ(RunClinicctl({"demo", "ping", "--json"}).out, "pong, json=1\n");
  EXPECT_EQ(RunClinicctl({"--json", "demo", "ping"}).out, "pong, json=1\n");
  EXPECT_EQ(RunClinicctl({"demo", "--json", "ping"}).out, "pong, json=1\n");
}

// Each mistake: exit 2, nothing run, and a message in clinicctl's words.
TEST(CommandLineTest, MistakesAreUsageErrors) {
  const auto expect_usage_error = [](const std::vector<std::string>& args,
                                     const std::string& message) {
    const Result result = RunClinicctl(args);
    EXPECT_EQ(result.exit_code, kExitUsage) << absl::StrJoin(args, " ");
    EXPECT_THAT(result.err, HasSubstr("error: " + message))
        << absl::StrJoin(args, " ");
    EXPECT_THAT(result.out, IsEmpty());
    EXPECT_EQ(last_run.session, "");
  };
  expect_usage_error({"demo", "cancel", "s", "--reason", "x", "--colour",
                      "red"},
                     "unknown flag --colour");
  expect_usage_error({"demo", "cancel", "s", "--reason", "x", "--colour=red"},
                     "unknown flag --colour");
  expect_usage_error({"demo", "cancel", "s"}, "missing --reason TEXT");
  expect_usage_error({"demo", "cancel", "--reason", "x"}, "missing <session>");
  expect_usage_error({"demo", "cancel", "s", "e", "f", "--reason", "x"},
                     "unexpected argument \"f\"");
  expect_usage_error({"demo", "cancel", "s", "--reason"}, "--reason");
  expect_usage_error({"demo", "cancel", "s", "--reason", "a", "--reason", "b"},
                     "--reason");
  expect_usage_error({"demo", "cancel", "s", "--reason", "a", "--count", "x"},
                     "Could not convert: --count = x");
  expect_usage_error({"demo", "frobnicate"},
                     "unknown command \"demo frobnicate\"");
  expect_usage_error({"frobnicate"}, "unknown command group \"frobnicate\"");
  expect_usage_error({"demo"}, "no demo command given");
  expect_usage_error({}, "no command given");
}

TEST(CommandLineTest, AUsageErrorShowsTheCommandsSynopsis) {
  const Result result = RunClinicctl({"demo", "cancel", "s"});
  EXPECT_THAT(result.err,
              HasSubstr("Usage: clinicctl demo cancel <session> [<extra>] "
                        "--reason TEXT [flags]\n"));
  EXPECT_THAT(result.err, HasSubstr("Run 'clinicctl demo cancel --help'"));
}

TEST(CommandLineTest, HelpListsTheGroupsCommandsAndFlags) {
  const Result top = RunClinicctl({"--help"});
  EXPECT_EQ(top.exit_code, kExitOk);
  EXPECT_THAT(top.out, HasSubstr("  demo  commands for this test\n"));
  EXPECT_THAT(top.out, HasSubstr("  --server HOST:PORT"));
  EXPECT_THAT(top.out, HasSubstr("  --json "));
  EXPECT_THAT(top.out, HasSubstr("Exit codes:"));
  EXPECT_EQ(RunClinicctl({"help"}).out, top.out);

  const Result group = RunClinicctl({"demo", "--help"});
  EXPECT_EQ(group.exit_code, kExitOk);
  EXPECT_THAT(group.out, HasSubstr("Commands:\n  cancel  cancel a session\n"
                                   "  ping    answer\n"));

  const Result command = RunClinicctl({"demo", "cancel", "-h"});
  EXPECT_EQ(command.exit_code, kExitOk);
  EXPECT_THAT(command.out, HasSubstr("Usage: clinicctl demo cancel <session>"));
  EXPECT_THAT(command.out, HasSubstr("Cancels it for good."));
  EXPECT_THAT(command.out, HasSubstr("Arguments and flags:\n"
                                     "  <session>      the session\n"
                                     "  <extra>        something else\n"
                                     "  --reason TEXT  required. why\n"
                                     "  --count N      how many\n"
                                     "  --product KV   a product "
                                     "(repeatable)\n"
                                     "  --all          every page\n\n"));
  EXPECT_THAT(command.out, HasSubstr("Example:\n  clinicctl demo cancel s1"));
  EXPECT_EQ(RunClinicctl({"help", "demo", "cancel"}).out, command.out);
}

}  // namespace
}  // namespace mesoclinic::clinicctl
