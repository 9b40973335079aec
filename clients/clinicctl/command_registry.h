#ifndef MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_

// The command groups ("patients", "sessions", ...) and their commands. Each
// group lives in its own <group>_commands.cc, which registers it at start-up
// with a static RegisterGroup:
//
//   const RegisterGroup kRooms(CommandGroup{
//       .name = "rooms", .summary = "...", .commands = {...}});

#include <functional>
#include <string>
#include <vector>

#include "clients/clinicctl/arg_parser.h"
#include "clients/clinicctl/cli_context.h"

namespace mesoclinic::clinicctl {

struct Command {
  std::string name;
  // One line, for the group's list of commands.
  std::string summary;
  ArgParser args;
  // A complete command line, without "clinicctl".
  std::string example;
  // Returns the exit code (usually 0); failures are thrown (cli_errors.h).
  std::function<int(CliContext&, const ParsedArgs&)> run;
  // More about the command, for its --help; optional.
  std::string details;
};

struct CommandGroup {
  std::string name;
  std::string summary;
  std::vector<Command> commands;

  const Command* Find(const std::string& command) const;
};

// Every registered group, ordered by name.
std::vector<const CommandGroup*> AllGroups();
const CommandGroup* FindGroup(const std::string& name);

class RegisterGroup {
 public:
  explicit RegisterGroup(CommandGroup group);
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_
