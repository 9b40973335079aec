// load_plugin_dir DIR: loads DIR with PluginRegistry::LoadDirectory, as
// clinicd does at start-up, and prints what it loaded. Exit status 0 when at
// least one plugin loaded and none was refused. Used by the out-of-tree
// template test.

#include <cstdio>

#include "core/plugin_host/plugin_registry.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: load_plugin_dir DIR\n");
    return 2;
  }
  auto result = mesoclinic::plugin_host::PluginRegistry::LoadDirectory(argv[1]);
  for (const auto* plugin : result.registry.plugins()) {
    std::printf("loaded %s %s\n", plugin->id().c_str(),
                plugin->version().c_str());
  }
  for (const auto& refusal : result.refusals) {
    std::printf("refused %s: %s\n", refusal.path.c_str(),
                refusal.reason.ToString().c_str());
  }
  return !result.registry.empty() && result.refusals.empty() ? 0 : 1;
}
