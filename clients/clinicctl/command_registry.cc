#include "clients/clinicctl/command_registry.h"

#include <algorithm>
#include <deque>

namespace mesoclinic::clinicctl {
namespace {

// Function-local, so that registration from other files' static
// initializers never runs before it exists.
std::deque<CommandGroup>& Registry() {
  static std::deque<CommandGroup> groups;
  return groups;
}

}  // namespace

const Command* CommandGroup::Find(const std::string& command) const {
  for (const Command& candidate : commands) {
    if (candidate.name == command) return &candidate;
  }
  return nullptr;
}

std::vector<const CommandGroup*> AllGroups() {
  std::vector<const CommandGroup*> groups;
  for (const CommandGroup& group : Registry()) groups.push_back(&group);
  std::sort(groups.begin(), groups.end(),
            [](const CommandGroup* a, const CommandGroup* b) {
              return a->name < b->name;
            });
  return groups;
}

const CommandGroup* FindGroup(const std::string& name) {
  for (const CommandGroup& group : Registry()) {
    if (group.name == name) return &group;
  }
  return nullptr;
}

RegisterGroup::RegisterGroup(CommandGroup group) {
  Registry().push_back(std::move(group));
}

}  // namespace mesoclinic::clinicctl
