#include "core/plugin_host/plugin_registry.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "spdlog/spdlog.h"

namespace mesoclinic::plugin_host {
namespace {

// The *.so files directly in `dir` (symbolic links followed), by file name.
absl::StatusOr<std::vector<std::filesystem::path>> ListLibraries(
    const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("cannot read the plugin folder: ", error.message()));
  }
  std::vector<std::filesystem::path> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) break;
    const std::filesystem::path& path = it->path();
    if (path.extension() == ".so" && it->is_regular_file(error)) {
      files.push_back(path);
    }
  }
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot list the plugin folder: ", error.message()));
  }
  std::sort(files.begin(), files.end(),
            [](const std::filesystem::path& a, const std::filesystem::path& b) {
              return a.filename() < b.filename();
            });
  return files;
}

void Refuse(std::vector<PluginRefusal>& refusals, std::string path,
            absl::Status reason) {
  spdlog::warn("plugin refused: {}: {}", path, reason.ToString());
  refusals.push_back({std::move(path), std::move(reason)});
}

}  // namespace

PluginRegistry::LoadResult PluginRegistry::LoadDirectory(
    const std::string& dir, HookLimits limits) {
  LoadResult result;
  absl::StatusOr<std::vector<std::filesystem::path>> files = ListLibraries(dir);
  if (!files.ok()) {
    Refuse(result.refusals, dir, files.status());
    return result;
  }
  for (const std::filesystem::path& file : *files) {
    absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
        LoadedPlugin::Load(file.string(), limits);
    if (!plugin.ok()) {
      Refuse(result.refusals, file.string(), plugin.status());
      continue;
    }
    const std::string id = (*plugin)->id();
    const std::string version = (*plugin)->version();
    if (absl::Status added = result.registry.Add(*std::move(plugin));
        !added.ok()) {
      Refuse(result.refusals, file.string(), added);
      continue;
    }
    spdlog::info("plugin loaded: {} {} from {}", id, version, file.string());
  }
  return result;
}

absl::Status PluginRegistry::Add(std::unique_ptr<LoadedPlugin> plugin) {
  auto [it, inserted] = plugins_.try_emplace(plugin->id());
  if (!inserted) {
    return absl::AlreadyExistsError(
        absl::StrCat("duplicate plugin id '", plugin->id(),
                     "': already loaded from ", it->second->path()));
  }
  it->second = std::move(plugin);
  return absl::OkStatus();
}

const LoadedPlugin* PluginRegistry::Find(absl::string_view id) const {
  auto it = plugins_.find(std::string(id));
  return it == plugins_.end() ? nullptr : it->second.get();
}

absl::StatusOr<const LoadedPlugin*> PluginRegistry::FindTreatmentType(
    absl::string_view field, absl::string_view name) const {
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName(field, name, "treatmentTypes"));
  const LoadedPlugin* type = Find(id);
  if (type == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        name, " is not a treatment type of this clinic: no plugin provides "
              "it (see ListTreatmentTypes)"));
  }
  return type;
}

std::vector<const LoadedPlugin*> PluginRegistry::plugins() const {
  std::vector<const LoadedPlugin*> out;
  out.reserve(plugins_.size());
  for (const auto& [id, plugin] : plugins_) out.push_back(plugin.get());
  return out;
}

}  // namespace mesoclinic::plugin_host
