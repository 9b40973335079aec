// A purpose-built plugin for the loader tests. One source, many variants,
// chosen by FIXTURE_VARIANT at compile time, each breaking the contract in
// one way. Never installed, never in clinicd's plugin folder.
//
//   FIXTURE_GOOD                 a valid plugin with test-only behaviour:
//                                age 99 throws std::runtime_error, age 98
//                                throws an int, age 97 fails with
//                                FAILED_PRECONDITION, age 96 never returns,
//                                age 95 answers after half a second
//   FIXTURE_ABI_MAJOR_2          table claims ABI 2.0
//   FIXTURE_NEWER_MINOR          table claims ABI 1.(ours + 1)
//   FIXTURE_SMALL_TABLE          struct_size too small for ABI 1.0
//   FIXTURE_NULL_TABLE           the entry function returns NULL
//   FIXTURE_INVALID_DESCRIPTION  no consent document, an unknown AE term
//   FIXTURE_MISBEHAVING_HOOKS    hooks answer garbage bytes, OK without a
//                                result, or status code 42
//   FIXTURE_DESCRIBE_THROWS      Describe() throws std::runtime_error

#include <chrono>
#include <stdexcept>
#include <thread>

#include "mesoclinic/plugin.h"
#include "mesotherapy_baseline.h"

#ifndef FIXTURE_ID
#define FIXTURE_ID "fixture"
#endif

namespace mesoclinic::plugins {
namespace {

class FixturePlugin : public plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
#ifdef FIXTURE_DESCRIBE_THROWS
    throw std::runtime_error("protocol table missing");
#endif
    v1::PluginDescription d;
    d.set_id(FIXTURE_ID);
    d.set_display_name("Loader test fixture");
    d.set_version("0.1.0");
    d.add_indications("testing the plugin host");
    d.add_body_areas("forearm");
    AddPhase(&d, {.name = "initial", .min_sessions = 3, .max_sessions = 4,
                  .min_interval_days = 7, .max_interval_days = 10});
    d.mutable_course()->set_min_total_sessions(3);
    d.mutable_course()->set_max_total_sessions(4);
    d.mutable_session_length()->set_seconds(600);
    d.mutable_injection_depth_mm()->set_min_mm(1);
    d.mutable_injection_depth_mm()->set_max_mm(4);
    AddProduct(&d, {.name = "saline", .display_name = "Saline",
                    .category = "placebo", .substances = {"sodium_chloride"},
                    .max_volume_ml = 2, .max_injection_points = 10});
    AddCommonEligibility(&d);
    AddCommonPreparation(&d);
    AddCommonAdverseEvents(&d);
    AddCommonFollowUps(&d);
    AddOutcome(&d, {.code = "pain_score", .name = "Pain", .unit = "points",
                    .min_value = 0, .max_value = 10});
    SetConsent(&d, {.title = "Fixture consent",
                    .treatment_text = "A test fixture.",
                    .evidence_text = "None."});
#ifdef FIXTURE_INVALID_DESCRIPTION
    d.clear_consent();
    d.mutable_expected_adverse_events(0)->set_term("spontaneous_levitation");
#endif
    return d;
  }

  plugin::StatusOr<v1::EligibilityResult> CheckEligibility(
      const v1::EligibilityRequest& request) const override {
    switch (request.facts().age_years()) {
      case 99:
        throw std::runtime_error("fixture exploded");
      case 98:
        throw 42;
      case 97:
        return plugin::FailedPreconditionError(
            "facts.age_years: 97 is refused by the fixture");
      case 96:
        for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
      case 95:
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        return plugin::Plugin::CheckEligibility(request);
      default:
        return plugin::Plugin::CheckEligibility(request);
    }
  }
};

#ifdef FIXTURE_MISBEHAVING_HOOKS
// Answers bytes no parser accepts.
int32_t GarbageHook(mesoclinic_bytes, const mesoclinic_reply* reply) {
  static const uint8_t kGarbage[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x7f};
  reply->set_result(reply->host_ctx, kGarbage, sizeof(kGarbage));
  return MESOCLINIC_STATUS_OK;
}
// Claims success but answers nothing.
int32_t SilentHook(mesoclinic_bytes, const mesoclinic_reply*) {
  return MESOCLINIC_STATUS_OK;
}
// Returns a code absl::StatusCode does not have.
int32_t StrangeCodeHook(mesoclinic_bytes, const mesoclinic_reply* reply) {
  static const char kMessage[] = "code 42";
  reply->set_error_message(reply->host_ctx,
                           reinterpret_cast<const uint8_t*>(kMessage),
                           sizeof(kMessage) - 1);
  return 42;
}
#endif

}  // namespace
}  // namespace mesoclinic::plugins

extern "C" MESOCLINIC_PLUGIN_EXPORT const mesoclinic_plugin_table*
mesoclinic_plugin_v1(void) noexcept {
  using mesoclinic::plugins::FixturePlugin;
  const mesoclinic_plugin_table* real =
      mesoclinic::plugin::internal::TableFor<FixturePlugin>();
#if defined(FIXTURE_NULL_TABLE)
  (void)real;
  return nullptr;
#else
  static mesoclinic_plugin_table table = [real] {
    mesoclinic_plugin_table edited = *real;
#if defined(FIXTURE_ABI_MAJOR_2)
    edited.abi_major = 2;
#elif defined(FIXTURE_NEWER_MINOR)
    edited.abi_minor = MESOCLINIC_PLUGIN_ABI_MINOR + 1;
#elif defined(FIXTURE_SMALL_TABLE)
    edited.struct_size = offsetof(mesoclinic_plugin_table, describe);
#elif defined(FIXTURE_MISBEHAVING_HOOKS)
    edited.validate_treatment_record = &mesoclinic::plugins::GarbageHook;
    edited.plan_course = &mesoclinic::plugins::SilentHook;
    edited.assess_adverse_event = &mesoclinic::plugins::StrangeCodeHook;
#endif
    return edited;
  }();
  return &table;
#endif
}
