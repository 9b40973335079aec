// Joint and tendon pain: mesotherapy as Pistor first used it, for pain
// relief. Weekly for 3 to 5 sessions, then as needed.
//
// Rheumatoid arthritis is an indication, not a contraindication: plant and
// pharmacologic agents are injected to control its inflammation (004). The
// common autoimmune_disease warning would warn every such patient off their
// own treatment, so for a patient coded rheumatoid_arthritis it is dropped:
// the autoimmune disease on record is taken to be the one treated. (A second
// autoimmune disease is then for the practitioner to weigh from the record.)
//
// Two NSAID matters, kept apart on purpose:
// - The patient's own systemic NSAIDs (aspirin, ibuprofen, ... by mouth) must
//   stop 7 days before a session, as for every mesotherapy: across dozens of
//   injections they raise bleeding and bruising. That is the standard
//   recent_nsaid rule, blocking here too.
// - The NSAIDs the protocol injects (piroxicam, ketoprofen) are products of
//   the session, in small local doses; they are not patient medications and
//   do not trigger that rule. They are limited per session like any product,
//   and at most one of them is given per session. An allergy to any NSAID
//   (aspirin included: cross-reactivity) excludes both.

#include <algorithm>
#include <set>
#include <string>

#include "mesoclinic/plugin.h"
#include "mesotherapy_baseline.h"

namespace mesoclinic::plugins {
namespace {

namespace standard = ::mesoclinic::plugin::standard;

constexpr char kNsaidCategory[] = "nsaid";

constexpr char kRheumatoidArthritis[] = "rheumatoid_arthritis";
constexpr char kAutoimmuneDisease[] = "autoimmune_disease";

// Allergy substances that mean "allergic to NSAIDs as a class", under any
// spelling (acetylsalicylic acid is aspirin: standard::CanonicalSubstance).
bool IsNsaidAllergen(const std::string& substance) {
  static const std::set<std::string> kNsaids = {
      "nsaid", "aspirin", "ibuprofen", "naproxen", "diclofenac", "piroxicam",
      "ketoprofen"};
  return kNsaids.count(standard::CanonicalSubstance(substance)) > 0;
}

class JointPainProtocol : public plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
    v1::PluginDescription d;
    d.set_id("joint_pain");
    d.set_display_name("Joint and tendon pain (mesotherapy)");
    d.set_version("1.2.0");
    d.set_author("Mesoclinic project");
    d.add_indications("osteoarthritis and arthritis pain");
    d.add_indications("rheumatoid arthritis: injections control the "
                      "inflammation (not warned as an autoimmune disease)");
    d.add_indications("tendinopathy, torn tendons and sports injuries");
    d.add_indications("chronic low back pain");
    for (const char* area :
         {"knee", "shoulder", "elbow", "wrist", "hand", "hip", "ankle",
          "lower_back", "neck", "tendon"}) {
      d.add_body_areas(area);
    }

    AddPhase(&d, {.name = "initial", .min_sessions = 3, .max_sessions = 5,
                  .min_interval_days = 5, .max_interval_days = 9,
                  .default_interval_days = 7, .note = "Weekly."});
    AddPhase(&d, {.name = "as_needed", .min_sessions = 1, .max_sessions = 6,
                  .min_interval_days = 14, .max_interval_days = 90,
                  .default_interval_days = 28, .maintenance = true,
                  .note = "When pain returns, at least two weeks apart."});
    d.mutable_course()->set_min_total_sessions(3);
    d.mutable_course()->set_max_total_sessions(5);
    d.mutable_session_length()->set_seconds(10 * 60);

    d.mutable_injection_depth_mm()->set_min_mm(1);
    d.mutable_injection_depth_mm()->set_max_mm(4);
    AddProduct(&d, {.name = "piroxicam", .display_name = "Piroxicam",
                    .category = kNsaidCategory, .substances = {"piroxicam"},
                    .max_volume_ml = 1, .max_concentration = 20,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 40});
    AddProduct(&d, {.name = "ketoprofen", .display_name = "Ketoprofen",
                    .category = kNsaidCategory, .substances = {"ketoprofen"},
                    .max_volume_ml = 2, .max_concentration = 50,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 40});
    AddProduct(&d, {.name = "lidocaine", .display_name = "Lidocaine",
                    .category = "local_anaesthetic",
                    .substances = {"lidocaine"}, .max_volume_ml = 4,
                    .max_concentration = 10, .concentration_unit = "mg/ml",
                    .max_injection_points = 60});
    AddProduct(&d, {.name = "organic_silicon",
                    .display_name = "Organic silicon (silica)",
                    .category = "mineral", .substances = {"silica"},
                    .max_volume_ml = 4, .max_injection_points = 60});
    AddProduct(&d, {.name = "biotin", .display_name = "Biotin (vitamin B7)",
                    .category = "vitamin", .substances = {"biotin"},
                    .max_volume_ml = 2, .max_concentration = 5,
                    .concentration_unit = "mg/ml",
                    .max_injection_points = 60});
    AddProduct(&d, {.name = "proteolytic_enzymes",
                    .display_name = "Proteolytic enzymes (collagenase, "
                                    "hyaluronidase)",
                    .category = "enzyme",
                    .substances = {"collagenase", "hyaluronidase"},
                    .max_volume_ml = 2, .max_injection_points = 30});
    AddProduct(&d, {.name = "calcitonin", .display_name = "Calcitonin",
                    .category = "hormone", .substances = {"calcitonin"},
                    .max_volume_ml = 1, .max_injection_points = 20});

    AddCommonEligibility(&d);
    AddContraindication(&d, "suspected_fracture",
                        "Suspected fracture: image and refer first",
                        v1::CONTRAINDICATION_SEVERITY_ABSOLUTE);
    AddContraindication(&d, "joint_infection",
                        "Septic arthritis or joint infection: refer urgently",
                        v1::CONTRAINDICATION_SEVERITY_ABSOLUTE);
    AddContraindication(&d, "peptic_ulcer",
                        "Peptic ulcer: the injected NSAIDs are absorbed too",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddContraindication(&d, "kidney_disease",
                        "Kidney disease: NSAIDs strain the kidneys",
                        v1::CONTRAINDICATION_SEVERITY_RELATIVE);
    AddCommonPreparation(&d);
    AddCommonAdverseEvents(&d);
    AddExpectedAdverseEvent(
        &d, {.term = "treated_pain_flare",
             .description = "A flare of the joint pain for a day or two",
             .onset_min_days = 0, .onset_max_days = 2,
             .typical_resolution_days = 3});
    AddCommonFollowUps(&d);

    AddOutcome(&d, {.code = "pain_score",
                    .name = "Pain (numeric rating scale)",
                    .unit = "points (0-10)", .min_value = 0,
                    .max_value = 10});
    AddOutcome(&d, {.code = "range_of_motion_deg",
                    .name = "Range of motion of the treated joint",
                    .unit = "degrees", .min_value = 0, .max_value = 180});

    SetConsent(&d, {
        .version = 3,
        .title = "Consent to mesotherapy for joint and tendon pain",
        .treatment_text =
            "Mesotherapy for pain places small drops of anti-inflammatory "
            "(piroxicam or ketoprofen), anaesthetic (lidocaine), silica, "
            "biotin, enzymes or calcitonin in the skin over the painful "
            "joint or tendon, 1 to 4 mm deep. A course is 3 to 5 weekly "
            "sessions of about 10 minutes, then sessions as needed. Take no "
            "anti-inflammatory tablets in the 7 days before each session, "
            "unless a doctor prescribed them (aspirin for the heart, for "
            "instance): those only your prescriber may pause. Rheumatoid "
            "arthritis is treated, not excluded.",
        .evidence_text =
            "Mesotherapy was first used for pain relief and is recognised by "
            "the French National Academy of Medicine, but controlled studies "
            "are few and small."});
    return d;
  }

  // An NSAID allergy under any NSAID's name excludes the injected NSAIDs;
  // rheumatoid arthritis is not warned as an autoimmune disease.
  plugin::StatusOr<v1::EligibilityResult> CheckEligibility(
      const v1::EligibilityRequest& request) const override {
    v1::EligibilityRequest prepared = request;
    PrepareFacts(prepared.mutable_facts());
    return standard::CheckEligibility(description(), prepared);
  }

  // The standard checks, and at most one injected NSAID per session.
  plugin::StatusOr<v1::TreatmentRecordValidation> ValidateTreatmentRecord(
      const v1::TreatmentRecord& record) const override {
    v1::TreatmentRecord expanded = record;
    if (expanded.has_patient_facts()) {
      PrepareFacts(expanded.mutable_patient_facts());
    }
    plugin::StatusOr<v1::TreatmentRecordValidation> validation =
        standard::ValidateTreatmentRecord(description(), expanded);
    if (!validation.ok()) return validation;
    std::set<std::string> nsaids;
    for (int i = 0; i < record.products_size(); ++i) {
      const v1::AllowedProduct* product =
          standard::FindProduct(description(), record.products(i).product());
      if (product == nullptr || product->category() != kNsaidCategory) continue;
      nsaids.insert(product->name());
      if (nsaids.size() == 2) {
        standard::AddViolation(
            &*validation, "products[" + std::to_string(i) + "].product",
            "two_local_nsaids",
            "only one injected NSAID per session; this record has " +
                *nsaids.begin() + " and " + *nsaids.rbegin());
      }
    }
    return validation;
  }

 private:
  // The facts as this protocol's rules read them: an NSAID allergy as the
  // "nsaid" class, and no autoimmune warning for rheumatoid arthritis.
  static void PrepareFacts(v1::PatientFacts* facts) {
    bool nsaid_allergy = false;
    for (const v1::PatientAllergy& allergy : facts->allergies()) {
      nsaid_allergy = nsaid_allergy || IsNsaidAllergen(allergy.substance());
    }
    if (nsaid_allergy) facts->add_allergies()->set_substance(kNsaidCategory);
    auto* codes = facts->mutable_condition_codes();
    if (standard::Contains(*codes, kRheumatoidArthritis)) {
      codes->erase(std::remove(codes->begin(), codes->end(),
                               kAutoimmuneDisease),
                   codes->end());
    }
  }
};

}  // namespace
}  // namespace mesoclinic::plugins

MESOCLINIC_EXPORT_PLUGIN(mesoclinic::plugins::JointPainProtocol)
