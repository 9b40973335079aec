// Fuzz target: the plugin SDK's side of the boundary, a plugin decoding
// what the host sends and answering it.
//
// Input:
//
//   byte   hook: 0 CheckEligibility, 1 PlanCourse, 2 ValidateTreatmentRecord,
//          3 AssessAdverseEvent (modulo 4)
//   part   a serialized PluginDescription, or nothing
//   rest   the request bytes, as the host would send them
//
// Without a description, the request goes through the hook function that
// MESOCLINIC_EXPORT_PLUGIN builds (mesoclinic/plugin.h) for a plugin whose
// protocol is FuzzProtocolDescription: it parses the bytes and runs the
// standard rules. With one, which must pass the host's description rules
// (the host never loads a plugin otherwise), the standard rules run on that
// protocol. Either way the answer is then read as the host reads it.
//
// Properties checked: an answer is what the ABI says it is (OK with a
// result that parses, or an error with a message); a course plan holds only
// real dates and times, in order; an eligibility result is eligible exactly
// when no reason blocks; an assessment recommends a defined action.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/plugin_host/description_rules.h"
#include "mesoclinic/plugin.h"
#include "mesoclinic/standard_rules.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_protocol.h"
#include "tests/fuzz/quiet_logs.h"

namespace mesoclinic::fuzz {
namespace {

namespace v1 = ::clinic::plugin::v1;
namespace standard = ::mesoclinic::plugin::standard;

// A plugin stating FuzzProtocolDescription and keeping the SDK's default
// hooks: the standard rules.
class FuzzProtocolPlugin : public plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
    return FuzzProtocolDescription();
  }
};

// What the host's reply callbacks collect.
struct Reply {
  std::string result;
  int results = 0;
  std::string message;
};

void CollectResult(void* host_ctx, const uint8_t* data, size_t size) {
  auto* reply = static_cast<Reply*>(host_ctx);
  reply->result.assign(reinterpret_cast<const char*>(data), size);
  ++reply->results;
}

void CollectMessage(void* host_ctx, const uint8_t* data, size_t size) {
  static_cast<Reply*>(host_ctx)->message.assign(
      reinterpret_cast<const char*>(data), size);
}

// Calls the exported hook `hook` with `request` and returns the result
// bytes, or nothing when the hook failed.
std::optional<std::string> CallExportedHook(mesoclinic_hook_fn hook,
                                            absl::string_view request) {
  Reply reply;
  const mesoclinic_reply callbacks = {&reply, &CollectResult, &CollectMessage};
  const int32_t code =
      hook({reinterpret_cast<const uint8_t*>(request.data()), request.size()},
           &callbacks);
  if (code != MESOCLINIC_STATUS_OK) {
    FUZZ_CHECK(reply.results == 0, "a failed hook sent a result");
    FUZZ_CHECK(!reply.message.empty(), "a failed hook sent no message");
    return std::nullopt;
  }
  FUZZ_CHECK(reply.results == 1, "a hook that succeeded sent no result");
  return reply.result;
}

// The standard rules on `description` for the request in `bytes`, answered
// as the SDK's hook wrapper answers.
template <typename Request, typename Result>
std::optional<std::string> CallStandardRule(
    plugin::StatusOr<Result> (*rule)(const v1::PluginDescription&,
                                     const Request&),
    const v1::PluginDescription& description, absl::string_view bytes) {
  Request request;
  if (!request.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return std::nullopt;
  }
  const plugin::StatusOr<Result> result = rule(description, request);
  if (!result.ok()) {
    FUZZ_CHECK(!result.status().message().empty(),
               "a standard rule failed without a message");
    return std::nullopt;
  }
  return result->SerializeAsString();
}

// The answer, read as the host reads it, and checked.
void CheckEligibilityResult(const std::string& bytes) {
  v1::EligibilityResult result;
  FUZZ_CHECK(result.ParseFromString(bytes), "an answer does not parse");
  bool blocked = false;
  for (const v1::EligibilityReason& reason : result.reasons()) {
    blocked = blocked || reason.blocking();
  }
  FUZZ_CHECK(result.eligible() == !blocked,
             "eligible disagrees with the blocking reasons");
}

void CheckCoursePlan(const std::string& bytes) {
  v1::CoursePlan plan;
  FUZZ_CHECK(plan.ParseFromString(bytes), "an answer does not parse");
  for (int i = 0; i < plan.sessions_size(); ++i) {
    const v1::PlannedSession& session = plan.sessions(i);
    const plugin::Status real =
        standard::CheckLocalDateTime(session.start(), "start");
    FUZZ_CHECK(real.ok(), "planned session " + std::to_string(i) + ": " +
                              real.message());
    if (i > 0) {
      FUZZ_CHECK(standard::DaysBetween(plan.sessions(i - 1).start(),
                                       session.start()) >= 0,
                 "planned sessions out of order");
    }
  }
}

void CheckTreatmentRecordValidation(const std::string& bytes) {
  v1::TreatmentRecordValidation validation;
  FUZZ_CHECK(validation.ParseFromString(bytes), "an answer does not parse");
}

void CheckAssessment(const std::string& bytes) {
  v1::AdverseEventAssessment assessment;
  FUZZ_CHECK(assessment.ParseFromString(bytes), "an answer does not parse");
  FUZZ_CHECK(v1::RecommendedAction_IsValid(assessment.action()) &&
                 assessment.action() != v1::RECOMMENDED_ACTION_UNSPECIFIED,
             "an assessment recommends no defined action");
}

void TestOneInput(const uint8_t* data, size_t size) {
  QuietLibraryLogs();
  FuzzInput input(data, size);
  const int hook = input.TakeByte() % 4;
  const absl::string_view description_bytes = input.TakePart();
  const absl::string_view request = input.TakeRest();

  std::optional<std::string> answer;
  if (description_bytes.empty()) {
    const mesoclinic_plugin_table& table =
        *plugin::internal::TableFor<FuzzProtocolPlugin>();
    const mesoclinic_hook_fn hooks[] = {
        table.check_eligibility, table.plan_course,
        table.validate_treatment_record, table.assess_adverse_event};
    answer = CallExportedHook(hooks[hook], request);
  } else {
    v1::PluginDescription description;
    if (!description.ParseFromArray(
            description_bytes.data(),
            static_cast<int>(description_bytes.size())) ||
        !plugin_host::ValidateDescription(description).ok()) {
      return;
    }
    switch (hook) {
      case 0:
        answer = CallStandardRule(&standard::CheckEligibility, description,
                                  request);
        break;
      case 1:
        answer = CallStandardRule(&standard::PlanCourse, description, request);
        break;
      case 2:
        answer = CallStandardRule(&standard::ValidateTreatmentRecord,
                                  description, request);
        break;
      case 3:
        answer = CallStandardRule(&standard::AssessAdverseEvent, description,
                                  request);
        break;
    }
  }
  if (!answer.has_value()) return;
  switch (hook) {
    case 0:
      CheckEligibilityResult(*answer);
      break;
    case 1:
      CheckCoursePlan(*answer);
      break;
    case 2:
      CheckTreatmentRecordValidation(*answer);
      break;
    case 3:
      CheckAssessment(*answer);
      break;
  }
}

}  // namespace
}  // namespace mesoclinic::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mesoclinic::fuzz::TestOneInput(data, size);
  return 0;
}
