#include "clients/clinicctl/cli_runner.h"

#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/exit_status.h"
#include "clients/clinicctl/help_formatter.h"

namespace mesoclinic::clinicctl {
namespace {

// The global flags, bound to `options`; --timeout is read into `timeout`
// and checked by TimeoutFrom.
void AddGlobalFlags(CLI::App& program, CliOptions& options,
                    std::string& timeout) {
  ConnectionOptions& connection = options.connection;
  Value(program, "--server", connection.server, "HOST:PORT",
        "the clinicd to call (default 127.0.0.1:50051)");
  Value(program, "--key-file", connection.key_file, "FILE",
        "file holding your API key (default: the CLINIC_API_KEY variable; "
        "the first admin's key is var/admin.key)");
  Switch(program, "--tls", connection.tls,
         "speak TLS (needed for any server not on loopback)");
  Value(program, "--tls-ca", connection.tls_ca, "PEM",
        "the authority to trust (implies --tls)");
  Value(program, "--tls-cert", connection.tls_cert, "PEM",
        "client certificate for mutual TLS");
  Value(program, "--tls-key", connection.tls_key, "PEM",
        "the client certificate's private key");
  Switch(program, "--json", options.json,
         "print responses as JSON (the protobuf JSON mapping)");
  Switch(program, "--progress", options.progress,
         "show progress of long jobs even when stderr is not a terminal");
  Value(program, "--timeout", timeout, "DURATION",
        "deadline of each call (default 30s)");
}

absl::Duration TimeoutFrom(const std::string& text, absl::Duration fallback) {
  if (text.empty()) return fallback;
  absl::Duration timeout;
  double seconds = 0;
  if (absl::SimpleAtod(text, &seconds)) {
    timeout = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, &timeout)) {
    throw UsageError(absl::StrCat("--timeout: \"", text,
                                  "\" is not a duration such as 30s or 2m"));
  }
  if (timeout <= absl::ZeroDuration()) {
    throw UsageError("--timeout must be positive");
  }
  return timeout;
}

// The subcommand chosen under `app`, or nullptr.
CLI::App* Chosen(const CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  return chosen.empty() ? nullptr : chosen.front();
}

// What the person typed wrong, in clinicctl's words: CLI11's messages name
// its internals ("The following arguments were not expected").
std::string Explain(const CLI::App& program, const CLI::ParseError& error) {
  const CLI::App* group = Chosen(program);
  const CLI::App* command = group == nullptr ? nullptr : Chosen(*group);
  const std::vector<std::string> extras = program.remaining(true);
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr &&
      !extras.empty()) {
    const std::string& extra = extras.front();
    if (extra.starts_with("-")) {
      return absl::StrCat("unknown flag ", extra.substr(0, extra.find('=')));
    }
    if (group == nullptr) {
      return absl::StrCat("unknown command group \"", extra, "\"");
    }
    if (command == nullptr) {
      return absl::StrCat("unknown command \"", group->get_name(), " ",
                          extra, "\"");
    }
    return absl::StrCat("unexpected argument \"", extra, "\"");
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr &&
      command != nullptr) {
    for (const CLI::Option* option : command->get_options()) {
      if (!option->get_required() || option->count() > 0) continue;
      if (!option->nonpositional()) {
        return absl::StrCat("missing <", option->get_name(), ">");
      }
      return absl::StrCat("missing ", option->get_name(), " ",
                          option->get_type_name());
    }
  }
  return error.what();
}

int Usage(std::ostream& err, const std::string& problem,
          const std::string& help) {
  err << "error: " << problem << "\n\n" << help;
  return kExitUsage;
}

// Where to look after a usage error: the command's synopsis, else the
// help of the level reached.
std::string UsageHint(const CLI::App& program) {
  const CLI::App* group = Chosen(program);
  if (group == nullptr) return program.help();
  const CLI::App* command = Chosen(*group);
  if (command == nullptr) return group->help();
  return absl::StrCat(CommandUsage(*command), "Run 'clinicctl ",
                      group->get_name(), " ", command->get_name(),
                      " --help' for details.\n");
}

// "clinicctl help patients list" is "clinicctl patients list --help".
std::vector<std::string> WithHelpWord(std::vector<std::string> args) {
  if (!args.empty() && args.front() == "help") {
    args.erase(args.begin());
    args.push_back("--help");
  }
  return args;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err, bool stderr_is_terminal) {
  CommandTable commands;
  CLI::App program("the Mesoclinic command-line client", "clinicctl");
  program.formatter(std::make_shared<HelpFormatter>(commands));
  program.set_help_flag("--help,-h", "show help");
  // Global flags are accepted after the group and command too.
  program.fallthrough();
  CliOptions options;
  std::string timeout;
  AddGlobalFlags(program, options, timeout);
  for (const GroupDefinition* definition : AllGroups()) {
    CommandGroup group(
        *program.add_subcommand(definition->name, definition->summary),
        commands);
    definition->add_commands(group);
  }

  std::vector<std::string> reversed = WithHelpWord(args);
  std::reverse(reversed.begin(), reversed.end());  // As CLI11 wants them.
  try {
    program.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << program.help();
    return kExitOk;
  } catch (const CLI::ParseError& error) {
    return Usage(err, Explain(program, error), UsageHint(program));
  }
  const CLI::App* group = Chosen(program);
  if (group == nullptr) return Usage(err, "no command given", program.help());
  const CLI::App* command = Chosen(*group);
  if (command == nullptr) {
    return Usage(err, absl::StrCat("no ", group->get_name(), " command given"),
                 group->help());
  }

  try {
    options.timeout = TimeoutFrom(timeout, options.timeout);
  } catch (const UsageError& error) {
    return Usage(err, error.what(), "Run 'clinicctl --help' for usage.\n");
  }
  CliContext context(options, out, err, stderr_is_terminal);
  try {
    const int code = commands.Find(command)->run(context);
    out.flush();
    return code;
  } catch (const UsageError& error) {
    return Usage(err, error.what(), UsageHint(program));
  } catch (const RpcError& error) {
    out.flush();
    err << (options.json ? RpcErrorJson(error.status())
                         : DescribeRpcError(error.status(),
                                            options.connection.server));
    return ExitCodeFor(error.status().error_code());
  } catch (const ConnectionError& error) {
    err << "error: " << error.what() << "\n";
    return kExitConnection;
  }
}

}  // namespace mesoclinic::clinicctl
