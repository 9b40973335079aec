// Cellulite reduction: mesotherapy with lipolytic products on thighs,
// buttocks, hips and abdomen. 6 to 10 sessions, every 7 to 10 days at first,
// then every two weeks or monthly, and a touch-up every 6 to 8 months for as
// long as the patient continues. Not a weight-loss treatment: patients
// above a BMI of 30 diet and exercise first.

#include <cmath>

#include "mesoclinic/plugin.h"
#include "mesotherapy_baseline.h"

namespace mesoclinic::plugins {
namespace {

namespace standard = ::mesoclinic::plugin::standard;

// The ceiling: above it, fat volume is a matter of diet and exercise.
constexpr double kMaxBmi = 30;
// From here to the ceiling, eligible, with advice: weight gain brings
// cellulite back.
constexpr double kOverweightBmi = 25;

class CelluliteProtocol : public plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
    v1::PluginDescription d;
    d.set_id("cellulite");
    d.set_display_name("Cellulite reduction (mesotherapy)");
    d.set_version("1.2.0");
    d.set_author("Mesoclinic project");
    d.add_indications("cellulite of the thighs, buttocks, hips or abdomen");
    d.add_indications("localized fat under cellulite, in a patient near "
                      "their healthy weight");
    for (const char* area : {"thighs", "buttocks", "hips", "abdomen"}) {
      d.add_body_areas(area);
    }

    // 6 to 10 sessions (000; 001 says 8 to 10, within it). Every 7 to 10
    // days at first, then every two weeks or monthly once the skin improves
    // (002; 004: weekly or every two weeks). The seeds give no count for the
    // first run: 4 sessions, and a longer course lengthens the second, so
    // that a course's phases do not depend on its length. A touch-up every
    // 6 to 8 months (000), repeating: results do not last without
    // continued treatment (000, 001). "Every two weeks" keeps the two
    // days' leeway either side this protocol always gave it; "or monthly"
    // stretches the window to 31 days.
    AddPhase(&d, {.name = "initial", .min_sessions = 4, .max_sessions = 4,
                  .min_interval_days = 7, .max_interval_days = 10,
                  .default_interval_days = 7,
                  .note = "Every 7 to 10 days while the skin responds."});
    AddPhase(&d, {.name = "consolidation", .min_sessions = 2,
                  .max_sessions = 6, .min_interval_days = 12,
                  .max_interval_days = 31, .default_interval_days = 14,
                  .note = "Every two weeks or monthly once the skin "
                          "improves."});
    AddPhase(&d, {.name = "touch_up", .min_sessions = 1, .max_sessions = 1,
                  .min_interval_days = 182, .max_interval_days = 245,
                  .default_interval_days = 196, .maintenance = true,
                  .repeats = true,
                  .note = "A session every 6 to 8 months, for as long as "
                          "the patient wants to keep results."});
    d.mutable_course()->set_min_total_sessions(6);
    d.mutable_course()->set_max_total_sessions(10);
    d.mutable_session_length()->set_seconds(15 * 60);

    d.mutable_injection_depth_mm()->set_min_mm(1);
    d.mutable_injection_depth_mm()->set_max_mm(4);
    AddProduct(&d, {.name = "phosphatidylcholine_deoxycholate",
                    .display_name = "Phosphatidylcholine with deoxycholate",
                    .category = "lipolytic",
                    .substances = {"phosphatidylcholine", "deoxycholate"},
                    .max_volume_ml = 10, .max_concentration = 50,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 100,
                    // Injection lipolysis: into the fat, not the mesoderm.
                    .depth_min_mm = 6, .depth_max_mm = 12});
    AddProduct(&d, {.name = "aminophylline", .display_name = "Aminophylline",
                    .category = "methylxanthine",
                    .substances = {"aminophylline", "theophylline"},
                    .max_volume_ml = 4, .max_concentration = 25,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 80});
    AddProduct(&d, {.name = "caffeine", .display_name = "Caffeine",
                    .category = "methylxanthine", .substances = {"caffeine"},
                    .max_volume_ml = 4, .max_concentration = 25,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 80});
    AddProduct(&d, {.name = "l_carnitine", .display_name = "L-carnitine",
                    .category = "amino_acid", .substances = {"l_carnitine"},
                    .max_volume_ml = 5, .max_concentration = 200,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 80});

    AddCommonEligibility(&d);
    d.mutable_eligibility_criteria()->set_max_bmi(kMaxBmi);
    // The ceiling reads height and weight; weight changes over a course.
    standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_BODY_MEASUREMENTS, 90);
    AddContraindication(&d, "bmi_over_ceiling",
                        "BMI above 30: not a weight-loss treatment; diet and "
                        "exercise first",
                        v1::CONTRAINDICATION_SEVERITY_ABSOLUTE);
    AddContraindication(&d, "liver_disease",
                        "Liver disease: the liver processes the dissolved fat",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddContraindication(&d, "cardiac_arrhythmia",
                        "Cardiac arrhythmia: methylxanthines (aminophylline, "
                        "caffeine) stimulate the heart",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddCommonPreparation(&d);
    AddCommonAdverseEvents(&d);
    AddCommonFollowUps(&d);

    AddOutcome(&d, {.code = "circumference_cm", .name = "Circumference",
                    .unit = "cm", .min_value = 20, .max_value = 250,
                    .sites = {"thigh_left", "thigh_right", "hips", "waist"}});
    AddOutcome(&d, {.code = "cellulite_grade",
                    .name = "Cellulite grade (Nurnberger-Muller)",
                    .unit = "grade (0-3)", .min_value = 0, .max_value = 3});
    AddOutcome(&d, {.code = "weight_kg", .name = "Body weight", .unit = "kg",
                    .min_value = 30, .max_value = 300});

    SetConsent(&d, {
        .version = 3,
        .title = "Consent to mesotherapy for cellulite",
        .treatment_text =
            "Mesotherapy for cellulite places dozens of small drops of "
            "fat-dissolving products (phosphatidylcholine with deoxycholate, "
            "aminophylline, caffeine, L-carnitine) under the skin of the "
            "thighs, buttocks, hips or abdomen. A course is 6 to 10 "
            "sessions of about 15 minutes, every 7 to 10 days at first and "
            "then every two weeks or monthly. Results last only with "
            "continued treatment: a touch-up every 6 to 8 months, for as "
            "long as you want to keep them. It is not a weight-loss "
            "treatment; weight gain brings cellulite back, and diet and "
            "exercise improve and keep results.",
        .evidence_text =
            "Claims of 4 to 10 inches lost are not supported by studies: a "
            "2008 study of 20 women found no reduction in thigh size."});
    return d;
  }

  plugin::StatusOr<v1::EligibilityResult> CheckEligibility(
      const v1::EligibilityRequest& request) const override {
    plugin::StatusOr<v1::EligibilityResult> result =
        standard::CheckEligibility(description(), request);
    if (!result.ok()) return result;
    const double bmi = standard::EffectiveBmi(request.facts());
    if (bmi > kOverweightBmi && bmi <= kMaxBmi) {
      standard::AddReason(
          &*result, "overweight_diet_first",
          "BMI " + standard::FormatNumber(std::round(bmi * 10) / 10) +
              ": advise diet and exercise alongside the course; weight gain "
              "brings cellulite back",
          /*blocking=*/false);
      standard::FinishEligibility(&*result);
    }
    return result;
  }
};

}  // namespace
}  // namespace mesoclinic::plugins

MESOCLINIC_EXPORT_PLUGIN(mesoclinic::plugins::CelluliteProtocol)
