#include "tests/fuzz/fuzz_protocol.h"

#include "mesoclinic/standard_rules.h"
#include "mesotherapy_baseline.h"

namespace mesoclinic::fuzz {
namespace {

namespace v1 = ::clinic::plugin::v1;
using plugins::AddCommonAdverseEvents;
using plugins::AddCommonEligibility;
using plugins::AddCommonFollowUps;
using plugins::AddCommonPreparation;
using plugins::AddOutcome;
using plugins::AddPhase;
using plugins::AddProduct;
using plugins::SetConsent;

v1::PluginDescription BuildDescription() {
  v1::PluginDescription d;
  d.set_id("fuzz_protocol");
  d.set_display_name("Fuzzing protocol");
  d.set_version("1.0.0");
  d.set_author("Mesoclinic tests");
  d.add_indications("exercising the plugin host and SDK under a fuzzer");
  for (const char* area : {"forearm", "scalp"}) d.add_body_areas(area);
  AddPhase(&d, {.name = "initial", .min_sessions = 3, .max_sessions = 5,
                .min_interval_days = 7, .max_interval_days = 10,
                .default_interval_days = 7});
  AddPhase(&d, {.name = "consolidation", .min_sessions = 1,
                .max_sessions = 3, .min_interval_days = 14,
                .max_interval_days = 21});
  AddPhase(&d, {.name = "touch_up", .min_sessions = 1, .max_sessions = 1,
                .min_interval_days = 180, .max_interval_days = 240,
                .maintenance = true});
  d.mutable_course()->set_min_total_sessions(4);
  d.mutable_course()->set_max_total_sessions(8);
  d.mutable_session_length()->set_seconds(20 * 60);
  d.mutable_injection_depth_mm()->set_min_mm(1);
  d.mutable_injection_depth_mm()->set_max_mm(4);
  AddProduct(&d, {.name = "saline", .display_name = "Saline",
                  .category = "placebo", .substances = {"sodium_chloride"},
                  .max_volume_ml = 2, .max_injection_points = 10});
  AddProduct(&d, {.name = "lidocaine", .display_name = "Lidocaine",
                  .category = "local_anaesthetic",
                  .substances = {"lidocaine"}, .max_volume_ml = 1,
                  .max_concentration = 2, .concentration_unit = "%",
                  .max_injection_points = 20,
                  .excluded_when = {"possible_pregnancy"},
                  .depth_min_mm = 2, .depth_max_mm = 6});
  AddCommonEligibility(&d);
  d.mutable_eligibility_criteria()->set_max_bmi(35);
  // The ceiling reads height and weight: the protocol needs them.
  plugin::standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_BODY_MEASUREMENTS,
                                90);
  AddCommonPreparation(&d);
  AddCommonAdverseEvents(&d);
  AddCommonFollowUps(&d);
  AddOutcome(&d, {.code = "pain_score", .name = "Pain", .unit = "points",
                  .min_value = 0, .max_value = 10,
                  .sites = {"forearm_left", "forearm_right"}});
  SetConsent(&d, {.title = "Fuzzing consent",
                  .treatment_text = "A protocol that exists for tests.",
                  .evidence_text = "None."});
  return d;
}

}  // namespace

const v1::PluginDescription& FuzzProtocolDescription() {
  static const v1::PluginDescription* const description =
      new v1::PluginDescription(BuildDescription());
  return *description;
}

}  // namespace mesoclinic::fuzz
