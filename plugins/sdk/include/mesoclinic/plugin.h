// Writing a Mesoclinic treatment plugin in C++.
//
// Subclass mesoclinic::plugin::Plugin, fill in Describe(), override the hooks
// whose answer your description alone does not give, and export the class
// with one macro in one .cc file:
//
//   class CelluliteProtocol : public mesoclinic::plugin::Plugin {
//    public:
//     clinic::plugin::v1::PluginDescription Describe() const override;
//   };
//   MESOCLINIC_EXPORT_PLUGIN(CelluliteProtocol)
//
// The macro defines the entry function of mesoclinic/plugin_abi.h. The
// wrapper below parses each request, calls your method, serializes its
// answer back through the host's callback, and turns every exception into an
// INTERNAL status: nothing C++ crosses the boundary.
//
// Lifetime: one instance of your class is built, with its default
// constructor, the first time the host asks for the plugin's table, and
// lives until the library is unloaded. Describe() is called once, right
// after; its result is what description() returns. When the constructor or
// Describe() throws, the host refuses the plugin with the exception's
// what() ("Describe() threw: ...").
//
// Threading: the host calls the hooks concurrently, so they are const and
// must not change shared state without locking. They should be pure
// functions of their request: the same request gives the same bytes.
#ifndef MESOCLINIC_PLUGIN_H_
#define MESOCLINIC_PLUGIN_H_

#include <climits>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include "clinic/plugin/v1/plugin.pb.h"
#include "mesoclinic/plugin_abi.h"
#include "mesoclinic/plugin_status.h"
#include "mesoclinic/standard_rules.h"

namespace mesoclinic::plugin {

namespace v1 = ::clinic::plugin::v1;

class Plugin {
 public:
  virtual ~Plugin() = default;

  // The protocol. Called once; must be complete and consistent (the host
  // refuses the plugin otherwise; clinic-plugin-check lists the problems).
  virtual v1::PluginDescription Describe() const = 0;

  // The hooks. Each default applies the standard rules
  // (mesoclinic/standard_rules.h) to description(); override one to add
  // rules of your own, usually by calling the default first.
  //
  // Return INVALID_ARGUMENT, naming the field, for a request outside the
  // protocol; any other error code is passed on to the core as it is.
  virtual StatusOr<v1::EligibilityResult> CheckEligibility(
      const v1::EligibilityRequest& request) const {
    return standard::CheckEligibility(description(), request);
  }
  virtual StatusOr<v1::CoursePlan> PlanCourse(
      const v1::PlanCourseRequest& request) const {
    return standard::PlanCourse(description(), request);
  }
  virtual StatusOr<v1::TreatmentRecordValidation> ValidateTreatmentRecord(
      const v1::TreatmentRecord& record) const {
    return standard::ValidateTreatmentRecord(description(), record);
  }
  virtual StatusOr<v1::AdverseEventAssessment> AssessAdverseEvent(
      const v1::AdverseEventReport& report) const {
    return standard::AssessAdverseEvent(description(), report);
  }

  // What Describe() returned. Valid in the hooks (not in the constructor).
  const v1::PluginDescription& description() const { return description_; }

 private:
  template <typename T>
  friend struct internal_plugin_state;
  v1::PluginDescription description_;
};

// ---------------------------------------------------------------------------
// Implementation details of MESOCLINIC_EXPORT_PLUGIN. Not for authors.
// ---------------------------------------------------------------------------

// The one instance of a plugin class, its description, and its table.
template <typename T>
struct internal_plugin_state {
  T plugin;
  std::string description_bytes;
  mesoclinic_plugin_table table{};

  // Builds the plugin, caches its description, fills the table.
  internal_plugin_state();

  // Built on first use; C++ makes that thread-safe. Throws what the plugin's
  // constructor or Describe() throws.
  static const internal_plugin_state& Get();
};

namespace internal {

// Sends a status message to the host without allocating, so it also works
// when memory has run out.
inline void SendMessage(const mesoclinic_reply* reply, const char* prefix,
                        const char* text) noexcept {
  if (reply == nullptr || reply->set_error_message == nullptr) return;
  char buffer[1024];
  const int length =
      std::snprintf(buffer, sizeof(buffer), "%s%s", prefix, text);
  if (length <= 0) return;
  const size_t size = static_cast<size_t>(length) < sizeof(buffer)
                          ? static_cast<size_t>(length)
                          : sizeof(buffer) - 1;
  reply->set_error_message(reply->host_ctx,
                           reinterpret_cast<const uint8_t*>(buffer), size);
}

inline int32_t SendStatus(const mesoclinic_reply* reply, const Status& status) {
  if (status.ok()) {
    SendMessage(reply, "", "hook returned OK without a result");
    return MESOCLINIC_STATUS_INTERNAL;
  }
  if (reply->set_error_message != nullptr) {
    reply->set_error_message(
        reply->host_ctx,
        reinterpret_cast<const uint8_t*>(status.message().data()),
        status.message().size());
  }
  return static_cast<int32_t>(status.code());
}

template <typename Result>
int32_t SendResult(const mesoclinic_reply* reply,
                   const StatusOr<Result>& result) {
  if (!result.ok()) return SendStatus(reply, result.status());
  std::string bytes;
  if (!result->SerializeToString(&bytes)) {
    SendMessage(reply, "", "the result does not serialize");
    return MESOCLINIC_STATUS_INTERNAL;
  }
  reply->set_result(reply->host_ctx,
                    reinterpret_cast<const uint8_t*>(bytes.data()),
                    bytes.size());
  return MESOCLINIC_STATUS_OK;
}

// Runs `body` and turns any exception into INTERNAL.
template <typename Body>
int32_t Guarded(const mesoclinic_reply* reply, Body&& body) noexcept {
  if (reply == nullptr || reply->set_result == nullptr) {
    return MESOCLINIC_STATUS_INVALID_ARGUMENT;
  }
  try {
    return body();
  } catch (const std::exception& e) {
    SendMessage(reply, "uncaught exception: ", e.what());
  } catch (...) {
    SendMessage(reply, "uncaught exception", "");
  }
  return MESOCLINIC_STATUS_INTERNAL;
}

// A hook for `Method`, taking a serialized Request.
template <typename T, typename Request, typename Result,
          StatusOr<Result> (Plugin::*Method)(const Request&) const>
int32_t Hook(mesoclinic_bytes request, const mesoclinic_reply* reply) noexcept {
  return Guarded(reply, [&]() -> int32_t {
    Request parsed;
    if (request.size > static_cast<size_t>(INT_MAX) ||
        !parsed.ParseFromArray(request.data, static_cast<int>(request.size))) {
      SendMessage(reply, "request does not parse as ",
                  Request::descriptor()->full_name().c_str());
      return MESOCLINIC_STATUS_INVALID_ARGUMENT;
    }
    const T& plugin = internal_plugin_state<T>::Get().plugin;
    return SendResult(reply, (plugin.*Method)(parsed));
  });
}

template <typename T>
int32_t DescribeHook(mesoclinic_bytes, const mesoclinic_reply* reply) noexcept {
  return Guarded(reply, [&]() -> int32_t {
    const std::string& bytes = internal_plugin_state<T>::Get().description_bytes;
    reply->set_result(reply->host_ctx,
                      reinterpret_cast<const uint8_t*>(bytes.data()),
                      bytes.size());
    return MESOCLINIC_STATUS_OK;
  });
}

// Why the plugin could not be built ("Describe() threw: ..."). Static: it
// must outlive TableFor, and building it must not allocate.
inline char* InitFailureMessage() noexcept {
  static char message[1024];
  return message;
}

inline void SetInitFailure(const char* prefix, const char* text) noexcept {
  std::snprintf(InitFailureMessage(), 1024, "%s%s", prefix, text);
}

// Every hook of a plugin that could not be built: fails with the reason.
inline int32_t FailedHook(mesoclinic_bytes,
                          const mesoclinic_reply* reply) noexcept {
  SendMessage(reply, "", InitFailureMessage());
  return MESOCLINIC_STATUS_FAILED_PRECONDITION;
}

// The table of a plugin that could not be built. The entry function has no
// error channel of its own (it returns a table or NULL), so the reason
// travels the way every hook's error does: the host asks for the
// description first and refuses the plugin with this message.
inline const mesoclinic_plugin_table* FailedTable() noexcept {
  static const mesoclinic_plugin_table table = {
      MESOCLINIC_PLUGIN_ABI_MAJOR, MESOCLINIC_PLUGIN_ABI_MINOR,
      sizeof(mesoclinic_plugin_table), 0, "(not initialised)", "0",
      &FailedHook, &FailedHook, &FailedHook, &FailedHook, &FailedHook};
  return &table;
}

// Thrown by internal_plugin_state's constructor when Describe() threw,
// once it has set the failure message, so that TableFor tells it from a
// failing constructor.
struct DescribeThrew {};

// The table for plugin class T, or one whose hooks fail with the reason
// when T cannot be built.
template <typename T>
const mesoclinic_plugin_table* TableFor() noexcept {
  try {
    return &internal_plugin_state<T>::Get().table;
  } catch (const DescribeThrew&) {
    // The message is set.
  } catch (const std::exception& e) {
    SetInitFailure("the plugin could not be built: ", e.what());
  } catch (...) {
    SetInitFailure("the plugin could not be built: an exception that is ",
                   "not a std::exception");
  }
  return FailedTable();
}

}  // namespace internal

template <typename T>
internal_plugin_state<T>::internal_plugin_state() {
  try {
    plugin.description_ = plugin.Describe();
  } catch (const std::exception& e) {
    // Copied now: `e` is gone once the handler in TableFor runs.
    internal::SetInitFailure("Describe() threw: ", e.what());
    throw internal::DescribeThrew{};
  } catch (...) {
    internal::SetInitFailure("Describe() threw: ",
                             "an exception that is not a std::exception");
    throw internal::DescribeThrew{};
  }
  if (!plugin.description_.SerializeToString(&description_bytes)) {
    throw std::runtime_error("the description does not serialize");
  }
  table.abi_major = MESOCLINIC_PLUGIN_ABI_MAJOR;
  table.abi_minor = MESOCLINIC_PLUGIN_ABI_MINOR;
  table.struct_size = sizeof(mesoclinic_plugin_table);
  table.id = plugin.description().id().c_str();
  table.version = plugin.description().version().c_str();
  table.describe = &internal::DescribeHook<T>;
  table.check_eligibility =
      &internal::Hook<T, v1::EligibilityRequest, v1::EligibilityResult,
                      &Plugin::CheckEligibility>;
  table.plan_course = &internal::Hook<T, v1::PlanCourseRequest, v1::CoursePlan,
                                      &Plugin::PlanCourse>;
  table.validate_treatment_record =
      &internal::Hook<T, v1::TreatmentRecord, v1::TreatmentRecordValidation,
                      &Plugin::ValidateTreatmentRecord>;
  table.assess_adverse_event =
      &internal::Hook<T, v1::AdverseEventReport, v1::AdverseEventAssessment,
                      &Plugin::AssessAdverseEvent>;
}

template <typename T>
const internal_plugin_state<T>& internal_plugin_state<T>::Get() {
  // Destroyed when the library is unloaded.
  static const internal_plugin_state<T> state;
  return state;
}

}  // namespace mesoclinic::plugin

// Exports plugin class `PluginClass` (default-constructible, derived from
// mesoclinic::plugin::Plugin) as this library's plugin. Use once, at global
// scope, in one .cc file.
#define MESOCLINIC_EXPORT_PLUGIN(PluginClass)                              \
  extern "C" MESOCLINIC_PLUGIN_EXPORT const mesoclinic_plugin_table*       \
  mesoclinic_plugin_v1(void) noexcept {                                    \
    return ::mesoclinic::plugin::internal::TableFor<PluginClass>();        \
  }

#endif  // MESOCLINIC_PLUGIN_H_
