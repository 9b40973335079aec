// Hair loss (alopecia): scalp mesotherapy with finasteride, minoxidil (the
// two with evidence, 002), biotin and dexpanthenol. Every 7 to 10 days at
// first (002), then monthly, then a maintenance session every 2 to 3 months.
//
// Pregnancy and breastfeeding exclude the whole treatment, as for every
// mesotherapy. Finasteride is also excluded, alone, for a patient who might
// be pregnant (pregnancy status unknown or never asked, not male, of
// child-bearing age): finasteride harms a male foetus. That is a product
// restriction (AllowedProduct.excluded_when), not an eligibility block: the
// patient may be treated with the other products, and a treatment record
// that carries her facts and lists finasteride is a violation.

#include "mesoclinic/plugin.h"
#include "mesotherapy_baseline.h"

namespace mesoclinic::plugins {
namespace {

namespace standard = ::mesoclinic::plugin::standard;

// The scalp takes at most this much liquid in one session, all products
// together: more runs out of the injection points.
constexpr double kMaxScalpVolumeMl = 6;

class HairLossProtocol : public plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
    v1::PluginDescription d;
    d.set_id("hair_loss");
    d.set_display_name("Hair loss (scalp mesotherapy)");
    d.set_version("1.2.0");
    d.set_author("Mesoclinic project");
    d.add_indications("androgenetic alopecia (male or female pattern hair "
                      "loss)");
    d.add_indications("diffuse thinning of the scalp hair");
    for (const char* area :
         {"scalp_frontal", "scalp_temporal", "scalp_vertex", "scalp_occipital"}) {
      d.add_body_areas(area);
    }

    // "At first, every 7 to 10 days", then wider once it works (002).
    AddPhase(&d, {.name = "initial", .min_sessions = 4, .max_sessions = 6,
                  .min_interval_days = 7, .max_interval_days = 10,
                  .default_interval_days = 7,
                  .note = "Every 7 to 10 days."});
    AddPhase(&d, {.name = "monthly", .min_sessions = 3, .max_sessions = 6,
                  .min_interval_days = 28, .max_interval_days = 35,
                  .default_interval_days = 28,
                  .note = "Monthly once shedding has slowed."});
    AddPhase(&d, {.name = "maintenance", .min_sessions = 1,
                  .max_sessions = 4, .min_interval_days = 56,
                  .max_interval_days = 91, .default_interval_days = 84,
                  .maintenance = true,
                  .note = "Every 2 to 3 months to keep results."});
    d.mutable_course()->set_min_total_sessions(7);
    d.mutable_course()->set_max_total_sessions(12);
    d.mutable_session_length()->set_seconds(20 * 60);

    // 1 to 4 mm, as the seeds give for mesotherapy (002). The 0.5 to 2.5 mm
    // this protocol had before had no source.
    d.mutable_injection_depth_mm()->set_min_mm(1);
    d.mutable_injection_depth_mm()->set_max_mm(4);
    AddProduct(&d, {.name = "finasteride", .display_name = "Finasteride",
                    .category = "antiandrogen", .substances = {"finasteride"},
                    .max_volume_ml = 2, .max_concentration = 1,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 150,
                    .excluded_when = {"pregnancy", "breastfeeding",
                                      "possible_pregnancy"}});
    AddProduct(&d, {.name = "minoxidil", .display_name = "Minoxidil",
                    .category = "vasodilator", .substances = {"minoxidil"},
                    .max_volume_ml = 4, .max_concentration = 5,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 150});
    AddProduct(&d, {.name = "biotin", .display_name = "Biotin (vitamin B7)",
                    .category = "vitamin", .substances = {"biotin"},
                    .max_volume_ml = 2, .max_concentration = 5,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 150});
    AddProduct(&d, {.name = "dexpanthenol",
                    .display_name = "Dexpanthenol (provitamin B5)",
                    .category = "vitamin", .substances = {"dexpanthenol"},
                    .max_volume_ml = 2, .max_concentration = 250,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 150});

    AddCommonEligibility(&d);
    AddContraindication(&d, "cardiovascular_disease",
                        "Cardiovascular disease: minoxidil lowers blood "
                        "pressure",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddContraindication(&d, "scarring_alopecia",
                        "Scarring alopecia: follicles are gone; refer to a "
                        "dermatologist",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddCommonPreparation(&d);
    AddCommonAdverseEvents(&d);
    AddExpectedAdverseEvent(
        &d, {.term = "hair_shedding",
             .description = "Temporary shedding (telogen effluvium) 2 to 8 "
                            "weeks after starting minoxidil",
             .onset_min_days = 14, .onset_max_days = 56,
             .typical_resolution_days = 60});
    AddCommonFollowUps(&d);

    AddOutcome(&d, {.code = "hair_count_per_cm2",
                    .name = "Hair density (trichoscopy)",
                    .unit = "hairs/cm2", .min_value = 0, .max_value = 500,
                    .sites = {"frontal", "vertex"}});
    AddOutcome(&d, {.code = "hair_pull_test", .name = "Hair pull test",
                    .unit = "hairs per pull", .min_value = 0,
                    .max_value = 60});

    SetConsent(&d, {
        .version = 3,
        .title = "Consent to scalp mesotherapy for hair loss",
        .treatment_text =
            "Scalp mesotherapy places small drops of finasteride, minoxidil, "
            "biotin or dexpanthenol in the skin of the scalp, 1 to 4 mm "
            "deep. A course is 7 to 12 sessions of about 20 minutes, every 7 "
            "to 10 days at first and then monthly, with maintenance every 2 "
            "to 3 months. Finasteride is never used if you are or may be "
            "pregnant, or are breastfeeding.",
        .evidence_text =
            "Of the products used, only finasteride and minoxidil have "
            "evidence of slowing hair loss; that evidence is for tablets and "
            "lotions, not for injections."});
    return d;
  }

  // The standard checks, and the scalp's total volume over all products.
  plugin::StatusOr<v1::TreatmentRecordValidation> ValidateTreatmentRecord(
      const v1::TreatmentRecord& record) const override {
    plugin::StatusOr<v1::TreatmentRecordValidation> validation =
        standard::ValidateTreatmentRecord(description(), record);
    if (!validation.ok()) return validation;
    double total_ml = 0;
    for (const v1::TreatmentProduct& line : record.products()) {
      if (line.volume_ml() > 0) total_ml += line.volume_ml();
    }
    if (total_ml > kMaxScalpVolumeMl + 1e-9) {
      standard::AddViolation(
          &*validation, "products", "total_volume_over_limit",
          standard::FormatNumber(total_ml) +
              " ml on the scalp in this session, all products together; at "
              "most " + standard::FormatNumber(kMaxScalpVolumeMl) + " ml");
    }
    return validation;
  }
};

}  // namespace
}  // namespace mesoclinic::plugins

MESOCLINIC_EXPORT_PLUGIN(mesoclinic::plugins::HairLossProtocol)
