#include "clients/clinicctl/command_registry.h"

#include <algorithm>
#include <deque>

namespace mesoclinic::clinicctl {
namespace {

// Function-local, so that registration from other files' static
// initializers never runs before it exists.
std::deque<GroupDefinition>& Registry() {
  static std::deque<GroupDefinition> groups;
  return groups;
}

}  // namespace

CLI::App* CommandGroup::Add(CommandInfo info, int (*run)(CliContext&)) {
  return AddCommand(std::move(info), run);
}

CLI::App* CommandGroup::AddCommand(CommandInfo info, RunCommand run) {
  CLI::App* command = group_.add_subcommand(info.name, info.summary);
  table_.Add(command, {std::move(info), std::move(run)});
  return command;
}

CLI::Option* Positional(CLI::App& command, const std::string& name,
                        std::string& value, const std::string& help) {
  return command.add_option(name, value, help)->required();
}

CLI::Option* Repeated(CLI::App& command, const std::string& name,
                      std::vector<std::string>& values,
                      const std::string& value_name,
                      const std::string& help) {
  // One value per occurrence, so that "--area thighs 3v1k" leaves the
  // positional alone.
  return command.add_option(name, values, help)
      ->type_name(value_name)
      ->allow_extra_args(false);
}

CLI::Option* Switch(CLI::App& command, const std::string& name, bool& value,
                    const std::string& help) {
  return command.add_flag(name, value, help);
}

std::vector<const GroupDefinition*> AllGroups() {
  std::vector<const GroupDefinition*> groups;
  for (const GroupDefinition& group : Registry()) groups.push_back(&group);
  std::sort(groups.begin(), groups.end(),
            [](const GroupDefinition* a, const GroupDefinition* b) {
              return a->name < b->name;
            });
  return groups;
}

RegisterGroup::RegisterGroup(std::string name, std::string summary,
                             void (*add_commands)(CommandGroup&)) {
  Registry().push_back({std::move(name), std::move(summary), add_commands});
}

}  // namespace mesoclinic::clinicctl
