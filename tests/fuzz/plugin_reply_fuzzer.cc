// Fuzz target: the host's handling of what a plugin answers.
//
// The host loads the echo plugin (echo_plugin.h) exactly as clinicd loads a
// treatment plugin, through LoadedPlugin, and the plugin answers with bytes
// from the input. Input:
//
//   byte   hook: 0 Describe, 1 CheckEligibility, 2 PlanCourse,
//          3 ValidateTreatmentRecord, 4 AssessAdverseEvent (modulo 5)
//   byte   the hook's status code, as a signed byte (any value may come)
//   byte   bit 0: send a result; bit 1: send it twice; bit 2: send a message
//   part   the status message
//   rest   the result bytes
//
// Describe: the bytes are the plugin's description. The table states the
// id and version the description does (when it parses), so that loading
// goes as far as the description rules; a description they accept is then
// used as the core uses one (course gap windows, the session length) and
// the plugin SDK's standard rules answer PlanCourse and CheckEligibility
// for it through the host, as an in-tree plugin's would.
//
// Other hooks: the plugin is loaded once with FuzzProtocolDescription, and
// the bytes are the hook's answer, which the host parses and the core uses
// (a course plan is turned into instants in a zone with daylight-saving
// time).

#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/api/proto_time.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/treatments/course_planner.h"
#include "mesoclinic/standard_rules.h"
#include "tests/fuzz/echo_plugin.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_protocol.h"
#include "tests/fuzz/paris_time_zone.h"
#include "tests/fuzz/quiet_logs.h"

namespace mesoclinic::fuzz {
namespace {

namespace v1 = ::clinic::plugin::v1;
using plugin_host::Hook;
using plugin_host::LoadedPlugin;

// One worker: the target calls one hook at a time. A generous limit: a
// sanitized build is slow, and a hook never hangs here.
const plugin_host::HookLimits kLimits = {.time_limit = absl::Seconds(30),
                                         .workers = 1};

// The echo plugin's controls, found in the library the host loads.
struct EchoPlugin {
  fuzz_echo_set_identity_fn set_identity;
  fuzz_echo_set_answer_fn set_answer;
};

const EchoPlugin& Echo() {
  static const EchoPlugin* const echo = [] {
    // Kept open for the whole run, so that the host's dlopen and dlclose of
    // each load only count references.
    void* library = dlopen(FUZZ_ECHO_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    FUZZ_CHECK(library != nullptr, dlerror());
    auto* found = new EchoPlugin{
        reinterpret_cast<fuzz_echo_set_identity_fn>(
            dlsym(library, FUZZ_ECHO_SET_IDENTITY_SYMBOL)),
        reinterpret_cast<fuzz_echo_set_answer_fn>(
            dlsym(library, FUZZ_ECHO_SET_ANSWER_SYMBOL))};
    FUZZ_CHECK(found->set_identity != nullptr && found->set_answer != nullptr,
               "the echo plugin lacks its controls");
    return found;
  }();
  return *echo;
}

void AnswerWith(int32_t code, absl::string_view result, int send_result,
                absl::string_view message, bool send_message) {
  Echo().set_answer(code, reinterpret_cast<const uint8_t*>(result.data()),
                    result.size(), send_result,
                    reinterpret_cast<const uint8_t*>(message.data()),
                    message.size(), send_message ? 1 : 0);
}

// What an in-tree plugin's hook sends: the SDK's answer, or its error.
template <typename Result>
void AnswerLikeTheSdk(const plugin::StatusOr<Result>& answer) {
  if (!answer.ok()) {
    AnswerWith(static_cast<int32_t>(answer.status().code()), "", 0,
               answer.status().message(), true);
    return;
  }
  AnswerWith(0, answer->SerializeAsString(), 1, "", false);
}

// A week before Paris springs forward, 02:30 local: the course's sessions
// keep that wall-clock time, which the night of the change does not have.
absl::Time FirstSession() {
  return absl::FromCivil(absl::CivilMinute(2026, 3, 22, 2, 30), Paris());
}

// Plans a course through the host and checks what the core makes of it.
void PlanCourse(const LoadedPlugin& plugin, bool include_maintenance) {
  absl::StatusOr<std::vector<treatments::PlannedSlot>> slots =
      treatments::PlanCourseInZone(
          plugin,
          {.first_session = FirstSession(),
           .include_maintenance = include_maintenance},
          Paris());
  if (!slots.ok()) {
    FUZZ_CHECK(absl::StartsWith(slots.status().message(), plugin.id()),
               "a hook's error does not name the plugin: " +
                   slots.status().ToString());
    return;
  }
  const absl::Duration length = treatments::SessionLength(plugin);
  for (const treatments::PlannedSlot& slot : *slots) {
    FUZZ_CHECK(slot.end - slot.start == length,
               "a planned session is not the protocol's length");
    // PlanCourse answers the client with these as Timestamps.
    const absl::StatusOr<absl::Time> answered =
        TimeFromProto("start_time", TimestampToProto(slot.start));
    FUZZ_CHECK(answered.ok(), answered.status().ToString());
  }
}

// What the core does with a description the host accepted.
void UseDescription(const LoadedPlugin& plugin) {
  const v1::PluginDescription& description = plugin.description();
  int sessions = 0;
  for (const v1::CoursePhase& phase : description.course().phases()) {
    sessions += phase.max_sessions();
  }
  for (int index = 0; index <= sessions + 1; ++index) {
    const auto [min_days, max_days] =
        treatments::GapWindowForIndex(plugin, index);
    FUZZ_CHECK(min_days <= max_days, "a gap window ends before it starts");
  }
  FUZZ_CHECK(treatments::SessionLength(plugin) > absl::ZeroDuration(),
             "an accepted protocol has no session length");

  // The SDK's standard rules answer for the protocol, as they do for every
  // in-tree plugin, and the host reads their answers.
  v1::PlanCourseRequest plan;
  v1::LocalDateTime& first = *plan.mutable_first_session();
  first.set_year(2026), first.set_month(3), first.set_day(22);
  first.set_hour(2), first.set_minute(30);
  for (bool maintenance : {false, true}) {
    plan.set_include_maintenance(maintenance);
    const plugin::StatusOr<v1::CoursePlan> planned =
        plugin::standard::PlanCourse(description, plan);
    // The protocol's default course must be one it can plan.
    FUZZ_CHECK(planned.ok(), planned.status().message());
    AnswerLikeTheSdk(planned);
    PlanCourse(plugin, maintenance);
  }
  v1::EligibilityRequest eligibility;
  eligibility.mutable_facts()->set_age_years(34);
  eligibility.mutable_facts()->set_sex(v1::SEX_FEMALE);
  eligibility.mutable_facts()->set_pregnancy_status(v1::PREGNANCY_STATUS_UNKNOWN);
  eligibility.mutable_facts()->add_allergies()->set_substance("lidocaine");
  eligibility.add_body_areas(description.body_areas(0));
  AnswerLikeTheSdk(plugin::standard::CheckEligibility(description, eligibility));
  absl::StatusOr<v1::EligibilityResult> result =
      plugin.CheckEligibility(eligibility);
  FUZZ_CHECK(result.ok(), result.status().ToString());
}

void FuzzDescribe(absl::string_view description_bytes, int32_t code,
                  int send_result, absl::string_view message,
                  bool send_message) {
  v1::PluginDescription claimed;
  if (claimed.ParseFromArray(description_bytes.data(),
                             static_cast<int>(description_bytes.size()))) {
    Echo().set_identity(claimed.id().c_str(), claimed.version().c_str());
  } else {
    Echo().set_identity("fuzz_echo", "0.0.0");
  }
  AnswerWith(code, description_bytes, send_result, message, send_message);
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
      LoadedPlugin::Load(FUZZ_ECHO_PLUGIN_PATH, kLimits);
  if (!plugin.ok()) return;
  FUZZ_CHECK(code == 0, "a plugin whose Describe failed was loaded");
  UseDescription(**plugin);
}

// The echo plugin loaded with FuzzProtocolDescription, for the other hooks.
const LoadedPlugin& ProtocolPlugin() {
  static const LoadedPlugin* const plugin = [] {
    const v1::PluginDescription& description = FuzzProtocolDescription();
    Echo().set_identity(description.id().c_str(),
                        description.version().c_str());
    AnswerWith(0, description.SerializeAsString(), 1, "", false);
    absl::StatusOr<std::unique_ptr<LoadedPlugin>> loaded =
        LoadedPlugin::Load(FUZZ_ECHO_PLUGIN_PATH, kLimits);
    FUZZ_CHECK(loaded.ok(), loaded.status().ToString());
    return loaded->release();
  }();
  return *plugin;
}

// The host's word on a hook's answer: an error names the plugin, and a
// plugin's failure is never taken for success.
template <typename Result>
void CheckHostStatus(const absl::StatusOr<Result>& answer, int32_t code) {
  if (answer.ok()) {
    FUZZ_CHECK(code == 0, "a failed hook was taken for a success");
    return;
  }
  FUZZ_CHECK(absl::StartsWith(answer.status().message(), "fuzz_protocol"),
             "a hook's error does not name the plugin: " +
                 answer.status().ToString());
}

void FuzzHook(Hook hook, int32_t code) {
  const LoadedPlugin& plugin = ProtocolPlugin();
  switch (hook) {
    case Hook::kDescribe:
      break;
    case Hook::kCheckEligibility: {
      v1::EligibilityRequest request;
      request.mutable_facts()->set_age_years(40);
      CheckHostStatus(plugin.CheckEligibility(request), code);
      break;
    }
    case Hook::kPlanCourse:
      PlanCourse(plugin, /*include_maintenance=*/true);
      break;
    case Hook::kValidateTreatmentRecord:
      CheckHostStatus(plugin.ValidateTreatmentRecord(v1::TreatmentRecord()),
                      code);
      break;
    case Hook::kAssessAdverseEvent: {
      v1::AdverseEventReport report;
      report.set_term("bruising");
      report.set_severity_grade(1);
      absl::StatusOr<v1::AdverseEventAssessment> assessment =
          plugin.AssessAdverseEvent(report);
      CheckHostStatus(assessment, code);
      // What the adverse-event service stores of the answer.
      if (assessment.ok()) v1::RecommendedAction_Name(assessment->action());
      break;
    }
  }
}

void TestOneInput(const uint8_t* data, size_t size) {
  QuietLibraryLogs();
  FuzzInput input(data, size);
  static constexpr Hook kHooks[] = {
      Hook::kDescribe, Hook::kCheckEligibility, Hook::kPlanCourse,
      Hook::kValidateTreatmentRecord, Hook::kAssessAdverseEvent};
  const Hook hook = kHooks[input.TakeByte() % 5];
  const int32_t code = static_cast<int8_t>(input.TakeByte());
  const uint8_t flags = input.TakeByte();
  const int send_result = (flags & 1) == 0 ? 0 : (flags & 2) == 0 ? 1 : 2;
  const bool send_message = (flags & 4) != 0;
  const absl::string_view message = input.TakePart();
  const absl::string_view result = input.TakeRest();
  if (hook == Hook::kDescribe) {
    FuzzDescribe(result, code, send_result, message, send_message);
    return;
  }
  ProtocolPlugin();  // Loaded before the answer is set.
  AnswerWith(code, result, send_result, message, send_message);
  FuzzHook(hook, code);
}

}  // namespace
}  // namespace mesoclinic::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mesoclinic::fuzz::TestOneInput(data, size);
  return 0;
}
