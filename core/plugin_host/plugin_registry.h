#ifndef MESOCLINIC_CORE_PLUGIN_HOST_PLUGIN_REGISTRY_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_PLUGIN_REGISTRY_H_

// The treatment plugins the server runs with, by id.
//
// Built once at start-up from a folder (clinicd's --plugin_dir), then
// read-only: Find() and plugins() are safe from any thread.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/plugin_host/loaded_plugin.h"

namespace mesoclinic::plugin_host {

// A file the registry did not load, and why.
struct PluginRefusal {
  std::string path;
  absl::Status reason;
};

class PluginRegistry {
 public:
  struct LoadResult;

  // Loads every *.so in `dir`, in file-name order, with LoadedPlugin::Load.
  // A file that fails to load, or whose id is already taken, is refused and
  // the next one tried. A folder that does not exist or cannot be read gives
  // an empty registry and one refusal for the folder. Logs one line per
  // loaded plugin (id, version) and per refusal. Every plugin's hooks run
  // under `limits`.
  static LoadResult LoadDirectory(const std::string& dir,
                                  HookLimits limits = {});

  PluginRegistry() = default;
  PluginRegistry(PluginRegistry&&) = default;
  PluginRegistry& operator=(PluginRegistry&&) = default;

  // Adds a plugin; ALREADY_EXISTS, naming both files, when its id is taken
  // (the plugin is then unloaded).
  absl::Status Add(std::unique_ptr<LoadedPlugin> plugin);

  // The plugin with this id, or nullptr.
  const LoadedPlugin* Find(absl::string_view id) const;

  // The plugin a treatment type's resource name ("treatmentTypes/cellulite")
  // names. INVALID_ARGUMENT naming `field` for a malformed name, NOT_FOUND
  // for a type no loaded plugin provides.
  absl::StatusOr<const LoadedPlugin*> FindTreatmentType(
      absl::string_view field, absl::string_view name) const;

  // Every plugin, sorted by id.
  std::vector<const LoadedPlugin*> plugins() const;

  size_t size() const { return plugins_.size(); }
  bool empty() const { return plugins_.empty(); }

 private:
  std::map<std::string, std::unique_ptr<LoadedPlugin>> plugins_;
};

struct PluginRegistry::LoadResult {
  PluginRegistry registry;
  std::vector<PluginRefusal> refusals;
};

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_PLUGIN_REGISTRY_H_
