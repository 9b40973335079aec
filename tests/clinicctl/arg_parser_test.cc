#include "clients/clinicctl/arg_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ArgParser Parser() {
  return ArgParser()
      .Positional("session", "the session")
      .OptionalPositional("extra", "something else")
      .Required("reason", "TEXT", "why")
      .Value("room", "ROOM", "the room")
      .Repeated("product", "KV", "a product")
      .Switch("all", "every page");
}

std::string UsageMessage(const std::vector<std::string>& args) {
  try {
    Parser().Parse(args);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(ArgParserTest, ParsesPositionalsAndEveryKindOfFlag) {
  const ParsedArgs args = Parser().Parse(
      {"s1", "--reason", "ill", "--product=a=1,b=2", "--all", "--product", "c=3"});
  EXPECT_EQ(args.Positional("session"), "s1");
  EXPECT_EQ(args.Positional("extra"), "");
  EXPECT_EQ(args.Get("reason"), "ill");
  EXPECT_FALSE(args.Has("room"));
  EXPECT_EQ(args.GetOr("room", "r0"), "r0");
  EXPECT_THAT(args.All("product"), ElementsAre("a=1,b=2", "c=3"));
  EXPECT_TRUE(args.Switch("all"));
}

TEST(ArgParserTest, FlagsMayComeFirstAndDoubleDashEndsThem) {
  const ParsedArgs args = Parser().Parse({"--reason", "x", "--", "--s", "-1"});
  EXPECT_EQ(args.Positional("session"), "--s");
  EXPECT_EQ(args.Positional("extra"), "-1");
}

TEST(ArgParserTest, SwitchesTakeTrueOrFalse) {
  EXPECT_FALSE(Parser().Parse({"s", "--reason", "x", "--all=false"}).Switch("all"));
  EXPECT_THAT(UsageMessage({"s", "--reason", "x", "--all=maybe"}),
              HasSubstr("--all takes no value"));
}

TEST(ArgParserTest, MistakesAreUsageErrors) {
  EXPECT_THAT(UsageMessage({"s"}), HasSubstr("missing --reason TEXT"));
  EXPECT_THAT(UsageMessage({"--reason", "x"}), HasSubstr("missing <session>"));
  EXPECT_THAT(UsageMessage({"s", "e", "f", "--reason", "x"}),
              HasSubstr("unexpected argument \"f\""));
  EXPECT_THAT(UsageMessage({"s", "--reason", "x", "--colour", "red"}),
              HasSubstr("unknown flag --colour"));
  EXPECT_THAT(UsageMessage({"s", "-r", "x"}), HasSubstr("unknown flag -r"));
  EXPECT_THAT(UsageMessage({"s", "--reason"}), HasSubstr("--reason needs a value"));
  EXPECT_THAT(UsageMessage({"s", "--reason", "a", "--reason", "b"}),
              HasSubstr("--reason given more than once"));
}

TEST(ArgParserTest, NumbersAreChecked) {
  const ParsedArgs args =
      ArgParser().Value("n", "N", "").Value("x", "X", "").Parse({"--n", "12", "--x", "1.5"});
  EXPECT_EQ(args.GetInt("n", 0), 12);
  EXPECT_EQ(args.GetInt("missing", 7), 7);
  EXPECT_DOUBLE_EQ(args.GetDouble("x", 0), 1.5);
  EXPECT_THROW(args.GetInt("x", 0), UsageError);
}

TEST(ArgParserTest, ParseKnownTakesItsFlagsFromAnywhere) {
  std::vector<std::string> rest;
  const ParsedArgs globals =
      ArgParser()
          .Value("server", "ADDR", "")
          .Switch("json", "")
          .ParseKnown({"patients", "--json", "list", "--server", "h:1",
                       "--name-prefix", "du"},
                      rest);
  EXPECT_TRUE(globals.Switch("json"));
  EXPECT_EQ(globals.Get("server"), "h:1");
  EXPECT_THAT(rest, ElementsAre("patients", "list", "--name-prefix", "du"));
}

TEST(ArgParserTest, SynopsisAndHelp) {
  EXPECT_EQ(Parser().Synopsis(), "<session> [<extra>] --reason TEXT [flags]");
  const std::string help = Parser().Help();
  EXPECT_THAT(help, HasSubstr("  --reason TEXT  required. why\n"));
  EXPECT_THAT(help, HasSubstr("  --product KV   a product (repeatable)\n"));
  EXPECT_THAT(help, HasSubstr("  --all          every page\n"));
}

}  // namespace
}  // namespace mesoclinic::clinicctl
