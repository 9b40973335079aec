#include "clients/clinicctl/help_formatter.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mesoclinic::clinicctl {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

// One aligned line per row: "  left  help".
std::string Aligned(const Rows& rows) {
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string text;
  for (const auto& [left, help] : rows) {
    absl::StrAppend(&text, "  ", left,
                    std::string(width - left.size() + 2, ' '), help, "\n");
  }
  return text;
}

// The arguments and flags `app` declares, without --help.
std::vector<const CLI::Option*> Arguments(const CLI::App& app) {
  const CLI::Option* help = app.get_help_ptr();
  return app.get_options(
      [help](const CLI::Option* option) { return option != help; });
}

bool IsSwitch(const CLI::Option& option) {
  return option.get_expected_max() == 0;
}

bool IsRepeated(const CLI::Option& option) {
  return option.get_expected_max() > 1;
}

Rows ArgumentRows(const CLI::App& app) {
  Rows rows;
  for (const CLI::Option* option : Arguments(app)) {
    if (option->get_positional() && !option->nonpositional()) {
      rows.emplace_back(absl::StrCat("<", option->get_name(), ">"),
                        option->get_description());
      continue;
    }
    std::string left = option->get_name();
    if (!IsSwitch(*option)) {
      absl::StrAppend(&left, " ", option->get_type_name());
    }
    std::string help = option->get_description();
    if (option->get_required()) help = absl::StrCat("required. ", help);
    if (IsRepeated(*option)) absl::StrAppend(&help, " (repeatable)");
    rows.emplace_back(std::move(left), std::move(help));
  }
  return rows;
}

// "<type> [<extra>] --first TIME [flags]".
std::string Synopsis(const CLI::App& command) {
  std::vector<std::string> parts;
  bool optional_flags = false;
  for (const CLI::Option* option : Arguments(command)) {
    if (option->get_positional() && !option->nonpositional()) {
      parts.push_back(option->get_required()
                          ? absl::StrCat("<", option->get_name(), ">")
                          : absl::StrCat("[<", option->get_name(), ">]"));
    } else if (option->get_required()) {
      parts.push_back(
          absl::StrCat(option->get_name(), " ", option->get_type_name()));
    } else {
      optional_flags = true;
    }
  }
  if (optional_flags) parts.push_back("[flags]");
  std::string text;
  for (const std::string& part : parts) absl::StrAppend(&text, " ", part);
  return text;
}

// The subcommands' names and summaries, in the order declared.
Rows SubcommandRows(const CLI::App& app) {
  Rows rows;
  for (const CLI::App* sub : app.get_subcommands({})) {
    rows.emplace_back(sub->get_name(), sub->get_description());
  }
  return rows;
}

std::string TopHelp(const CLI::App& program) {
  return absl::StrCat(
      "clinicctl: the Mesoclinic command-line client for the front desk, "
      "practitioners and admins.\n\n"
      "Usage: clinicctl [global flags] <group> <command> [arguments] "
      "[flags]\n\n"
      "Command groups:\n",
      Aligned(SubcommandRows(program)),
      "\nGlobal flags (accepted anywhere on the line):\n",
      Aligned(ArgumentRows(program)), "  --help, -h",
      "  show help (also 'clinicctl help <group> ...')\n",
      "\nIds: a bare id (3v1k9q2m) or the full resource name "
      "(patients/3v1k9q2m).\n"
      "Times: \"YYYY-MM-DD HH:MM\" in the clinic's time zone, RFC 3339 "
      "(2027-03-01T09:30:00Z), \"now\", or a date for the start of that day; "
      "dates: YYYY-MM-DD, \"today\" or \"tomorrow\". Times are printed in "
      "the clinic's time zone.\n"
      "Every change is sent with a fresh random request_id and retried with "
      "the same one when the server is briefly unavailable, so a change is "
      "never made twice.\n\n"
      "Environment:\n"
      "  CLINIC_API_KEY  your API key, when --key-file is not given\n\n"
      "Exit codes:\n"
      "  0  success\n"
      "  1  the server refused the request (INVALID_ARGUMENT, NOT_FOUND,\n"
      "     FAILED_PRECONDITION, PERMISSION_DENIED, ALREADY_EXISTS, ABORTED, "
      "...);\n"
      "     also: audit verify found a broken chain\n"
      "  2  usage error: unknown command or flag, missing or malformed "
      "argument\n"
      "  3  connection or authentication problem (UNAVAILABLE, "
      "UNAUTHENTICATED,\n"
      "     DEADLINE_EXCEEDED, no API key, unreadable key or TLS file)\n\n"
      "Run 'clinicctl <group> --help' for a group's commands and "
      "'clinicctl <group> <command> --help' for one command.\n");
}

std::string GroupHelp(const CLI::App& group) {
  return absl::StrCat(
      "Usage: clinicctl ", group.get_name(),
      " <command> [arguments] [flags]\n\n", group.get_description(),
      "\n\nCommands:\n", Aligned(SubcommandRows(group)), "\nRun 'clinicctl ",
      group.get_name(),
      " <command> --help' for a command's flags and an example; "
      "'clinicctl --help' for global flags and exit codes.\n");
}

std::string CommandHelp(const CLI::App& command, const CommandInfo& info) {
  std::string text =
      absl::StrCat(CommandUsage(command), "\n", info.summary, "\n");
  if (!info.details.empty()) absl::StrAppend(&text, "\n", info.details, "\n");
  const Rows rows = ArgumentRows(command);
  if (!rows.empty()) {
    absl::StrAppend(&text, "\nArguments and flags:\n", Aligned(rows));
  }
  absl::StrAppend(&text, "\nExample:\n  clinicctl ", info.example, "\n",
                  "\nGlobal flags (--server, --key-file, --json, ...) and "
                  "exit codes: clinicctl --help\n");
  return text;
}

}  // namespace

std::string CommandUsage(const CLI::App& command) {
  return absl::StrCat("Usage: clinicctl ", command.get_parent()->get_name(),
                      " ", command.get_name(), Synopsis(command), "\n");
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string,
                                     CLI::AppFormatMode) const {
  if (app->get_parent() == nullptr) return TopHelp(*app);
  if (const CommandEntry* command = commands_.Find(app)) {
    return CommandHelp(*app, command->info);
  }
  return GroupHelp(*app);
}

}  // namespace mesoclinic::clinicctl
