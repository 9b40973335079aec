#include "core/plugin_host/loaded_plugin.h"

#include <dlfcn.h>

#include <climits>
#include <cstring>
#include <new>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/plugin_host/description_rules.h"

namespace mesoclinic::plugin_host {
namespace {

namespace v1 = ::clinic::plugin::v1;

// A plugin's status message is cut here: it is for a log line, not a novel.
constexpr size_t kMaxMessageBytes = 4096;

// What the host's reply callbacks collect during one hook call. Lives on the
// calling thread's stack; the plugin reaches it only through the callbacks.
struct ReplyBuffer {
  std::string result;
  bool has_result = false;
  std::string message;
  bool out_of_memory = false;
};

void WriteResult(void* host_ctx, const uint8_t* data, size_t size) noexcept {
  auto* buffer = static_cast<ReplyBuffer*>(host_ctx);
  try {
    buffer->result.assign(reinterpret_cast<const char*>(data), size);
    buffer->has_result = true;
  } catch (const std::bad_alloc&) {
    buffer->out_of_memory = true;
  }
}

void WriteMessage(void* host_ctx, const uint8_t* data, size_t size) noexcept {
  auto* buffer = static_cast<ReplyBuffer*>(host_ctx);
  try {
    buffer->message.assign(reinterpret_cast<const char*>(data),
                           size < kMaxMessageBytes ? size : kMaxMessageBytes);
  } catch (const std::bad_alloc&) {
    buffer->out_of_memory = true;
  }
}

absl::StatusCode ToStatusCode(int32_t code) {
  if (code < 0 || code > static_cast<int32_t>(absl::StatusCode::kUnauthenticated)) {
    return absl::StatusCode::kUnknown;
  }
  return static_cast<absl::StatusCode>(code);
}

mesoclinic_hook_fn HookFunction(const mesoclinic_plugin_table& table,
                                Hook hook) {
  switch (hook) {
    case Hook::kDescribe:
      return table.describe;
    case Hook::kCheckEligibility:
      return table.check_eligibility;
    case Hook::kPlanCourse:
      return table.plan_course;
    case Hook::kValidateTreatmentRecord:
      return table.validate_treatment_record;
    case Hook::kAssessAdverseEvent:
      return table.assess_adverse_event;
  }
  return nullptr;
}

// Calls one hook; `label` names the plugin in messages.
absl::StatusOr<std::string> CallHook(const mesoclinic_plugin_table& table,
                                     absl::string_view label, Hook hook,
                                     absl::string_view request) {
  mesoclinic_hook_fn function = HookFunction(table, hook);
  if (function == nullptr) {
    return absl::UnimplementedError(
        absl::StrCat(label, ": has no ", HookName(hook), " hook"));
  }
  ReplyBuffer buffer;
  const mesoclinic_reply reply = {&buffer, &WriteResult, &WriteMessage};
  const mesoclinic_bytes bytes = {
      reinterpret_cast<const uint8_t*>(request.data()), request.size()};
  const int32_t code = function(bytes, &reply);
  if (buffer.out_of_memory) {
    return absl::ResourceExhaustedError(absl::StrCat(
        label, ": out of memory copying the answer of ", HookName(hook)));
  }
  if (code != MESOCLINIC_STATUS_OK) {
    const std::string message =
        buffer.message.empty()
            ? absl::StrCat(HookName(hook), " failed without a message")
            : buffer.message;
    return absl::Status(ToStatusCode(code), absl::StrCat(label, ": ", message));
  }
  if (!buffer.has_result) {
    return WithReason(absl::InternalError(absl::StrCat(
                          label, ": ", HookName(hook),
                          " returned OK without a result")),
                      reasons::kPluginFailed);
  }
  return std::move(buffer.result);
}

}  // namespace

absl::string_view HookName(Hook hook) {
  switch (hook) {
    case Hook::kDescribe:
      return "Describe";
    case Hook::kCheckEligibility:
      return "CheckEligibility";
    case Hook::kPlanCourse:
      return "PlanCourse";
    case Hook::kValidateTreatmentRecord:
      return "ValidateTreatmentRecord";
    case Hook::kAssessAdverseEvent:
      return "AssessAdverseEvent";
  }
  return "unknown hook";
}

void LoadedPlugin::LibraryCloser::operator()(void* handle) const {
  if (handle != nullptr) dlclose(handle);
}

absl::StatusOr<std::unique_ptr<LoadedPlugin>> LoadedPlugin::Load(
    const std::string& path, HookLimits limits) {
  dlerror();  // Clears any earlier error.
  std::unique_ptr<void, LibraryCloser> library(
      dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (library == nullptr) {
    const char* error = dlerror();
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot load the library: ", error != nullptr ? error : "dlopen failed"));
  }

  void* entry_symbol = dlsym(library.get(), MESOCLINIC_PLUGIN_ENTRY_SYMBOL);
  if (entry_symbol == nullptr) {
    // A plugin built for another major exports another versioned symbol:
    // say so rather than "not a plugin".
    for (int major = 2; major <= 9; ++major) {
      const std::string other = absl::StrCat("mesoclinic_plugin_v", major);
      if (dlsym(library.get(), other.c_str()) != nullptr) {
        return absl::FailedPreconditionError(absl::StrCat(
            "built for plugin ABI ", major, " (exports ", other,
            "); this server speaks ABI ", MESOCLINIC_PLUGIN_ABI_MAJOR));
      }
    }
    return absl::NotFoundError(
        absl::StrCat("no entry symbol ", MESOCLINIC_PLUGIN_ENTRY_SYMBOL,
                     ": not a Mesoclinic plugin"));
  }
  auto entry = reinterpret_cast<mesoclinic_plugin_entry_fn>(entry_symbol);
  const mesoclinic_plugin_table* plugin_table = entry();
  if (plugin_table == nullptr) {
    return absl::FailedPreconditionError(
        "the entry function returned no table: the plugin failed to "
        "initialise");
  }
  if (plugin_table->abi_major != MESOCLINIC_PLUGIN_ABI_MAJOR) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ABI ", plugin_table->abi_major, ".", plugin_table->abi_minor,
        " has another major version than this server's ",
        MESOCLINIC_PLUGIN_ABI_MAJOR, ".", MESOCLINIC_PLUGIN_ABI_MINOR));
  }
  if (plugin_table->abi_minor > MESOCLINIC_PLUGIN_ABI_MINOR) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ABI ", plugin_table->abi_major, ".", plugin_table->abi_minor,
        " is newer than this server's ", MESOCLINIC_PLUGIN_ABI_MAJOR, ".",
        MESOCLINIC_PLUGIN_ABI_MINOR, "; upgrade the server"));
  }
  if (plugin_table->struct_size < MESOCLINIC_PLUGIN_TABLE_V1_0_SIZE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the plugin table is ", plugin_table->struct_size,
        " bytes; ABI 1.0 needs at least ", MESOCLINIC_PLUGIN_TABLE_V1_0_SIZE));
  }

  // Copy what the plugin knows of the table; newer trailing fields stay zero.
  mesoclinic_plugin_table table;
  std::memset(&table, 0, sizeof(table));
  std::memcpy(&table, plugin_table,
              plugin_table->struct_size < sizeof(table)
                  ? plugin_table->struct_size
                  : sizeof(table));
  if (table.id == nullptr || table.version == nullptr) {
    return absl::InvalidArgumentError("the plugin table has no id or version");
  }
  for (Hook hook : {Hook::kDescribe, Hook::kCheckEligibility, Hook::kPlanCourse,
                    Hook::kValidateTreatmentRecord, Hook::kAssessAdverseEvent}) {
    if (HookFunction(table, hook) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("the plugin table has no ", HookName(hook), " hook"));
    }
  }

  const std::string table_id = table.id;
  auto runner = std::make_unique<HookRunner>(table_id, limits);
  absl::StatusOr<std::string> description_bytes = runner->Run(
      HookName(Hook::kDescribe),
      [table, table_id] { return CallHook(table, table_id, Hook::kDescribe, ""); });
  if (runner->stuck()) {
    // Its worker still runs the library's code: keep it mapped.
    library.release();
  }
  if (!description_bytes.ok()) return description_bytes.status();
  v1::PluginDescription description;
  if (!description.ParseFromString(*description_bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(
        table_id, ": Describe returned bytes that do not parse as ",
        v1::PluginDescription::descriptor()->full_name()));
  }
  if (absl::Status valid = ValidateDescription(description); !valid.ok()) {
    return valid;
  }
  if (description.id() != table_id || description.version() != table.version) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the table says ", table_id, " ", table.version,
        " but the description says ", description.id(), " ",
        description.version()));
  }

  std::unique_ptr<LoadedPlugin> plugin(
      new LoadedPlugin(path, std::move(library), table, std::move(runner)));
  plugin->abi_minor_ = plugin_table->abi_minor;
  plugin->description_ = std::move(description);
  return plugin;
}

LoadedPlugin::LoadedPlugin(std::string path,
                           std::unique_ptr<void, LibraryCloser> library,
                           const mesoclinic_plugin_table& table,
                           std::unique_ptr<HookRunner> runner)
    : path_(std::move(path)),
      library_(std::move(library)),
      runner_(std::move(runner)),
      table_(table) {}

LoadedPlugin::~LoadedPlugin() {
  if (runner_->stuck()) {
    // A worker is still inside the library: unmapping it would crash that
    // thread. The process is ending or dropping the plugin; keep it mapped.
    spdlog::warn("plugin {}: a hook is stuck; the library stays loaded", id());
    library_.release();
  }
}

absl::StatusOr<std::string> LoadedPlugin::CallRaw(
    Hook hook, absl::string_view request) const {
  // The worker gets its own copies: a caller that gives up must not leave
  // it reading freed memory.
  return runner_->Run(HookName(hook),
                      [table = table_, label = id(), hook,
                       request = std::string(request)] {
                        return CallHook(table, label, hook, request);
                      });
}

template <typename Result>
absl::StatusOr<Result> LoadedPlugin::Call(
    Hook hook, const google::protobuf::Message& request) const {
  std::string request_bytes;
  if (!request.SerializeToString(&request_bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(
        id(), ": the ", request.GetDescriptor()->name(),
        " does not serialize (a string field is not UTF-8?)"));
  }
  absl::StatusOr<std::string> answer = CallRaw(hook, request_bytes);
  if (!answer.ok()) return answer.status();
  Result result;
  if (!result.ParseFromString(*answer)) {
    return WithReason(
        absl::InternalError(absl::StrCat(
            id(), ": ", HookName(hook), " returned bytes that do not parse as ",
            Result::descriptor()->full_name())),
        reasons::kPluginFailed);
  }
  return result;
}

absl::StatusOr<v1::EligibilityResult> LoadedPlugin::CheckEligibility(
    const v1::EligibilityRequest& request) const {
  return Call<v1::EligibilityResult>(Hook::kCheckEligibility, request);
}

absl::StatusOr<v1::CoursePlan> LoadedPlugin::PlanCourse(
    const v1::PlanCourseRequest& request) const {
  return Call<v1::CoursePlan>(Hook::kPlanCourse, request);
}

absl::StatusOr<v1::TreatmentRecordValidation>
LoadedPlugin::ValidateTreatmentRecord(const v1::TreatmentRecord& record) const {
  return Call<v1::TreatmentRecordValidation>(Hook::kValidateTreatmentRecord,
                                             record);
}

absl::StatusOr<v1::AdverseEventAssessment> LoadedPlugin::AssessAdverseEvent(
    const v1::AdverseEventReport& report) const {
  return Call<v1::AdverseEventAssessment>(Hook::kAssessAdverseEvent, report);
}

}  // namespace mesoclinic::plugin_host
