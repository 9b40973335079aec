#ifndef MESOCLINIC_CORE_PLUGIN_HOST_LOADED_PLUGIN_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_LOADED_PLUGIN_H_

// One treatment plugin, loaded and checked, and its hooks as C++ calls.
//
// Loading follows mesoclinic/plugin_abi.h: dlopen(RTLD_NOW | RTLD_LOCAL), the
// entry symbol mesoclinic_plugin_v1, the ABI version and table size, then the
// description, which must pass description_rules.h. A plugin that passes is
// immutable; its hooks may be called from any number of threads at once.
// Every hook, Describe included, runs on the plugin's own workers under a
// time limit (hook_runner.h), so a plugin that hangs cannot hang clinicd.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/plugin_host/hook_runner.h"
#include "mesoclinic/plugin_abi.h"

namespace mesoclinic::plugin_host {

// The hooks of ABI 1.0.
enum class Hook {
  kDescribe,
  kCheckEligibility,
  kPlanCourse,
  kValidateTreatmentRecord,
  kAssessAdverseEvent,
};

// "Describe", "CheckEligibility", ...
absl::string_view HookName(Hook hook);

class LoadedPlugin {
 public:
  // Loads the plugin at `path` exactly as the server does. Refusals, all with
  // a message saying why:
  //   FAILED_PRECONDITION  the file cannot be dlopen'ed; the entry function
  //                        returns no table; another ABI major; a newer ABI
  //                        minor than this host's; a table that is too small
  //   NOT_FOUND            no entry symbol (not a Mesoclinic plugin)
  //   INVALID_ARGUMENT     a null id, version or hook; a description that does
  //                        not parse, is invalid, or disagrees with the table
  //   UNAVAILABLE          Describe did not answer within the time limit
  //   other codes          what the plugin's describe hook returned
  static absl::StatusOr<std::unique_ptr<LoadedPlugin>> Load(
      const std::string& path, HookLimits limits = {});

  // Unloads the library. No hook may be running, except one stuck past its
  // time limit: the library then stays mapped for the stuck thread.
  ~LoadedPlugin();
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const std::string& id() const { return description_.id(); }
  const std::string& version() const { return description_.version(); }
  const std::string& path() const { return path_; }
  // The ABI minor version the plugin was built against.
  uint32_t abi_minor() const { return abi_minor_; }
  const clinic::plugin::v1::PluginDescription& description() const {
    return description_;
  }
  // Whether the plugin is suspended: a hook outlived its time limit and has
  // not returned, so every hook call fails at once.
  bool suspended() const { return runner_->stuck(); }

  // The hooks. On failure the status carries the plugin's code and its
  // message prefixed with the plugin id ("cellulite: session_count: ...");
  // an answer that does not parse, a missing answer, and an exception in the
  // plugin are INTERNAL naming the plugin and the hook; a hook that does not
  // answer within the time limit, and any hook of a plugin suspended for
  // that, are UNAVAILABLE. Thread-safe.
  absl::StatusOr<clinic::plugin::v1::EligibilityResult> CheckEligibility(
      const clinic::plugin::v1::EligibilityRequest& request) const;
  absl::StatusOr<clinic::plugin::v1::CoursePlan> PlanCourse(
      const clinic::plugin::v1::PlanCourseRequest& request) const;
  absl::StatusOr<clinic::plugin::v1::TreatmentRecordValidation>
  ValidateTreatmentRecord(
      const clinic::plugin::v1::TreatmentRecord& record) const;
  absl::StatusOr<clinic::plugin::v1::AdverseEventAssessment>
  AssessAdverseEvent(
      const clinic::plugin::v1::AdverseEventReport& report) const;

  // Calls a hook with raw request bytes and returns the raw answer bytes,
  // unparsed. For conformance checks (garbage input, byte-for-byte
  // determinism); the server uses the typed methods above.
  absl::StatusOr<std::string> CallRaw(Hook hook,
                                      absl::string_view request) const;

 private:
  struct LibraryCloser {
    void operator()(void* handle) const;
  };

  LoadedPlugin(std::string path, std::unique_ptr<void, LibraryCloser> library,
               const mesoclinic_plugin_table& table,
               std::unique_ptr<HookRunner> runner);

  template <typename Result>
  absl::StatusOr<Result> Call(Hook hook,
                              const google::protobuf::Message& request) const;

  std::string path_;
  std::unique_ptr<void, LibraryCloser> library_;
  // Destroyed before library_: its workers run the library's code.
  std::unique_ptr<HookRunner> runner_;
  // The host's copy of the plugin's table; fields beyond the plugin's
  // struct_size are zero.
  mesoclinic_plugin_table table_;
  uint32_t abi_minor_ = 0;
  clinic::plugin::v1::PluginDescription description_;
};

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_LOADED_PLUGIN_H_
