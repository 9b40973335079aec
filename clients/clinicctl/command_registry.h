#ifndef MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_

// The command groups ("patients", "sessions", ...) and their commands, on
// CLI11. Each group lives in its own <group>_commands.cc, which registers a
// function adding its commands; every argument and flag is bound to a field
// of the command's own struct, so a misspelt flag is a compile error:
//
//   struct GetFlags { std::string room; bool all = false; };
//   int Get(CliContext& context, const GetFlags& flags);
//
//   void AddRoomCommands(CommandGroup& group) {
//     auto [get, flags] = group.Add({.name = "get", ...}, Get);
//     Positional(*get, "room", flags->room, "room id");
//     Switch(*get, "--all", flags->all, "every room");
//   }
//   const RegisterGroup kRooms("rooms", "...", AddRoomCommands);

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "clients/clinicctl/cli_context.h"

namespace mesoclinic::clinicctl {

// What a command's --help says besides its flags.
struct CommandInfo {
  std::string name;
  // One line, for the group's list of commands.
  std::string summary;
  // A complete command line, without "clinicctl".
  std::string example;
  // More about the command, for its --help; optional.
  std::string details;
};

// Runs a parsed command. Returns the exit code (usually 0); failures are
// thrown (cli_errors.h).
using RunCommand = std::function<int(CliContext&)>;

struct CommandEntry {
  CommandInfo info;
  RunCommand run;
};

// The commands of one command line, by their CLI11 subcommand.
class CommandTable {
 public:
  void Add(const CLI::App* command, CommandEntry entry) {
    entries_.emplace(command, std::move(entry));
  }
  // nullptr for a group or the program itself.
  const CommandEntry* Find(const CLI::App* command) const {
    const auto it = entries_.find(command);
    return it == entries_.end() ? nullptr : &it->second;
  }

 private:
  std::map<const CLI::App*, CommandEntry> entries_;
};

// A group's subcommand while its commands are added.
class CommandGroup {
 public:
  CommandGroup(CLI::App& group, CommandTable& table)
      : group_(group), table_(table) {}

  // Adds a command that `run` runs with the values its flags were bound
  // to. Returns the command, to declare its arguments on, and the flags.
  template <typename Flags>
  std::pair<CLI::App*, Flags*> Add(CommandInfo info,
                                   int (*run)(CliContext&, const Flags&)) {
    auto flags = std::make_shared<Flags>();
    CLI::App* command = AddCommand(
        std::move(info),
        [flags, run](CliContext& context) { return run(context, *flags); });
    return {command, flags.get()};
  }
  // A command without arguments.
  CLI::App* Add(CommandInfo info, int (*run)(CliContext&));

 private:
  CLI::App* AddCommand(CommandInfo info, RunCommand run);

  CLI::App& group_;
  CommandTable& table_;
};

// The argument kinds clinicctl uses; each returns the option, for more
// settings. `value_name` is shown in help ("--first TIME").
//
// A positional argument; required unless marked ->required(false).
CLI::Option* Positional(CLI::App& command, const std::string& name,
                        std::string& value, const std::string& help);
// A flag taking one value, given at most once.
template <typename T>
CLI::Option* Value(CLI::App& command, const std::string& name, T& value,
                   const std::string& value_name, const std::string& help) {
  return command.add_option(name, value, help)->type_name(value_name);
}
// The same, but the command cannot run without it.
template <typename T>
CLI::Option* Required(CLI::App& command, const std::string& name, T& value,
                      const std::string& value_name,
                      const std::string& help) {
  return Value(command, name, value, value_name, help)->required();
}
// A flag that may be given several times, one value each time.
CLI::Option* Repeated(CLI::App& command, const std::string& name,
                      std::vector<std::string>& values,
                      const std::string& value_name, const std::string& help);
// An on/off flag: "--all", or "--all=false".
CLI::Option* Switch(CLI::App& command, const std::string& name, bool& value,
                    const std::string& help);

struct GroupDefinition {
  std::string name;
  std::string summary;
  void (*add_commands)(CommandGroup&);
};

// Every registered group, ordered by name.
std::vector<const GroupDefinition*> AllGroups();

class RegisterGroup {
 public:
  RegisterGroup(std::string name, std::string summary,
                void (*add_commands)(CommandGroup&));
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_COMMAND_REGISTRY_H_
