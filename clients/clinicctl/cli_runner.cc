#include "clients/clinicctl/cli_runner.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/exit_status.h"

namespace mesoclinic::clinicctl {
namespace {

ArgParser GlobalFlags() {
  return ArgParser()
      .Value("server", "HOST:PORT",
             "the clinicd to call (default 127.0.0.1:50051)")
      .Value("key-file", "FILE",
             "file holding your API key (default: the CLINIC_API_KEY "
             "variable; the first admin's key is var/admin.key)")
      .Switch("tls", "speak TLS (needed for any server not on loopback)")
      .Value("tls-ca", "PEM", "the authority to trust (implies --tls)")
      .Value("tls-cert", "PEM", "client certificate for mutual TLS")
      .Value("tls-key", "PEM", "the client certificate's private key")
      .Switch("json", "print responses as JSON (the protobuf JSON mapping)")
      .Switch("progress", "show progress of long jobs even when stderr is "
                          "not a terminal")
      .Value("timeout", "DURATION", "deadline of each call (default 30s)")
      .Switch("help", "show help");
}

CliOptions OptionsFrom(const ParsedArgs& flags) {
  CliOptions options;
  options.connection.server = flags.GetOr("server", options.connection.server);
  options.connection.key_file = flags.Get("key-file");
  options.connection.tls = flags.Switch("tls");
  options.connection.tls_ca = flags.Get("tls-ca");
  options.connection.tls_cert = flags.Get("tls-cert");
  options.connection.tls_key = flags.Get("tls-key");
  options.json = flags.Switch("json");
  options.progress = flags.Switch("progress");
  if (flags.Has("timeout")) {
    const std::string& text = flags.Get("timeout");
    double seconds = 0;
    if (absl::SimpleAtod(text, &seconds)) {
      options.timeout = absl::Seconds(seconds);
    } else if (!absl::ParseDuration(text, &options.timeout)) {
      throw UsageError(absl::StrCat("--timeout: \"", text,
                                    "\" is not a duration such as 30s or 2m"));
    }
    if (options.timeout <= absl::ZeroDuration()) {
      throw UsageError("--timeout must be positive");
    }
  }
  return options;
}

std::string TopHelp() {
  std::string text =
      "clinicctl: the Mesoclinic command-line client for the front desk, "
      "practitioners and admins.\n\n"
      "Usage: clinicctl [global flags] <group> <command> [arguments] [flags]\n\n"
      "Command groups:\n";
  size_t width = 0;
  for (const CommandGroup* group : AllGroups()) {
    width = std::max(width, group->name.size());
  }
  for (const CommandGroup* group : AllGroups()) {
    absl::StrAppend(&text, "  ", group->name,
                    std::string(width - group->name.size() + 2, ' '),
                    group->summary, "\n");
  }
  absl::StrAppend(
      &text, "\nGlobal flags (accepted anywhere on the line):\n",
      GlobalFlags().Help(),
      "\nIds: a bare id (3v1k9q2m) or the full resource name "
      "(patients/3v1k9q2m).\n"
      "Times: \"YYYY-MM-DD HH:MM\" in the clinic's time zone, RFC 3339 "
      "(2027-03-01T09:30:00Z) or \"now\"; dates: YYYY-MM-DD, \"today\" or "
      "\"tomorrow\". Times are printed in the clinic's time zone.\n"
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
  return text;
}

std::string GroupHelp(const CommandGroup& group) {
  std::string text = absl::StrCat("Usage: clinicctl ", group.name,
                                  " <command> [arguments] [flags]\n\n",
                                  group.summary, "\n\nCommands:\n");
  size_t width = 0;
  for (const Command& command : group.commands) {
    width = std::max(width, command.name.size());
  }
  for (const Command& command : group.commands) {
    absl::StrAppend(&text, "  ", command.name,
                    std::string(width - command.name.size() + 2, ' '),
                    command.summary, "\n");
  }
  absl::StrAppend(&text, "\nRun 'clinicctl ", group.name,
                  " <command> --help' for a command's flags and an example; "
                  "'clinicctl --help' for global flags and exit codes.\n");
  return text;
}

std::string CommandUsage(const CommandGroup& group, const Command& command) {
  return absl::StrCat("Usage: clinicctl ", group.name, " ", command.name, " ",
                      command.args.Synopsis(), "\n");
}

std::string CommandHelp(const CommandGroup& group, const Command& command) {
  std::string text = absl::StrCat(CommandUsage(group, command), "\n",
                                  command.summary, "\n");
  if (!command.details.empty()) absl::StrAppend(&text, "\n", command.details, "\n");
  const std::string flags = command.args.Help();
  if (!flags.empty()) absl::StrAppend(&text, "\nArguments and flags:\n", flags);
  absl::StrAppend(&text, "\nExample:\n  clinicctl ", command.example, "\n",
                  "\nGlobal flags (--server, --key-file, --json, ...) and exit "
                  "codes: clinicctl --help\n");
  return text;
}

int Usage(std::ostream& err, const std::string& problem,
          const std::string& help) {
  err << "error: " << problem << "\n\n" << help;
  return kExitUsage;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err, bool stderr_is_terminal) {
  std::vector<std::string> rest;
  CliOptions options;
  bool help = false;
  try {
    const ParsedArgs flags = GlobalFlags().ParseKnown(args, rest);
    help = flags.Switch("help");
    options = OptionsFrom(flags);
  } catch (const UsageError& error) {
    return Usage(err, error.what(), "Run 'clinicctl --help' for usage.\n");
  }
  // "-h" and "help" are the same as --help.
  if (const auto h = std::find(rest.begin(), rest.end(), "-h"); h != rest.end()) {
    help = true;
    rest.erase(h);
  }
  if (!rest.empty() && rest.front() == "help") {
    help = true;
    rest.erase(rest.begin());
  }
  if (rest.empty()) {
    if (help) {
      out << TopHelp();
      return kExitOk;
    }
    return Usage(err, "no command given", TopHelp());
  }
  const CommandGroup* group = FindGroup(rest[0]);
  if (group == nullptr) {
    return Usage(err, absl::StrCat("unknown command group \"", rest[0], "\""),
                 TopHelp());
  }
  if (rest.size() == 1 || (help && rest[1].starts_with("-"))) {
    if (help) {
      out << GroupHelp(*group);
      return kExitOk;
    }
    return Usage(err, absl::StrCat("no ", group->name, " command given"),
                 GroupHelp(*group));
  }
  const Command* command = group->Find(rest[1]);
  if (command == nullptr) {
    return Usage(err,
                 absl::StrCat("unknown command \"", group->name, " ", rest[1],
                              "\""),
                 GroupHelp(*group));
  }
  if (help) {
    out << CommandHelp(*group, *command);
    return kExitOk;
  }
  const std::string more = absl::StrCat(
      CommandUsage(*group, *command), "Run 'clinicctl ", group->name, " ",
      command->name, " --help' for details.\n");
  CliContext context(options, out, err, stderr_is_terminal);
  try {
    const ParsedArgs parsed =
        command->args.Parse({rest.begin() + 2, rest.end()});
    const int code = command->run(context, parsed);
    out.flush();
    return code;
  } catch (const UsageError& error) {
    return Usage(err, error.what(), more);
  } catch (const RpcError& error) {
    out.flush();
    err << DescribeRpcError(error.status(), options.connection.server);
    return ExitCodeFor(error.status().error_code());
  } catch (const ConnectionError& error) {
    err << "error: " << error.what() << "\n";
    return kExitConnection;
  }
}

}  // namespace mesoclinic::clinicctl
