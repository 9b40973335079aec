// An example treatment plugin: skin rejuvenation of the face, neck and hands
// with hyaluronic acid and vitamins. Replace the content with your protocol.
//
// A plugin is one class derived from mesoclinic::plugin::Plugin plus one
// MESOCLINIC_EXPORT_PLUGIN line. Describe() states the protocol; the hooks
// (CheckEligibility, PlanCourse, ValidateTreatmentRecord, AssessAdverseEvent)
// apply the SDK's standard rules to that description unless you override
// them. Hooks run concurrently on many threads: keep them const and free of
// shared mutable state, and give the same answer to the same request.

#include <string>

#include "mesoclinic/plugin.h"

namespace example {

namespace v1 = ::clinic::plugin::v1;
namespace standard = ::mesoclinic::plugin::standard;

class RejuvenationProtocol : public mesoclinic::plugin::Plugin {
 public:
  v1::PluginDescription Describe() const override {
    v1::PluginDescription d;
    // Identity: the id is stored with every course; never change it. Bump
    // the version whenever the protocol changes.
    d.set_id("example_rejuvenation");
    d.set_display_name("Skin rejuvenation (example plugin)");
    d.set_version("1.0.0");
    d.set_author("Example Clinic Software Ltd");
    d.add_indications("fine lines and dull skin of the face, neck or hands");
    for (const char* area : {"face", "neck", "hands"}) d.add_body_areas(area);

    // The course: 4 to 6 sessions two weeks apart, then optional
    // maintenance every 3 to 6 months.
    AddPhase(&d, "initial", 4, 6, 12, 16, 14, false);
    AddPhase(&d, "maintenance", 1, 2, 90, 180, 120, true);
    d.mutable_course()->set_min_total_sessions(4);
    d.mutable_course()->set_max_total_sessions(6);
    d.mutable_session_length()->set_seconds(20 * 60);

    // Products and their limits per session; depth in mm.
    d.mutable_injection_depth_mm()->set_min_mm(0.5);
    d.mutable_injection_depth_mm()->set_max_mm(2);
    AddProduct(&d, "hyaluronic_acid", "Non-cross-linked hyaluronic acid",
               "hyaluronic_acid", 3, 20, "mg/ml", 120);
    AddProduct(&d, "vitamin_c", "Vitamin C (ascorbic acid)", "ascorbic_acid",
               2, 100, "mg/ml", 120);

    // Eligibility. Codes such as pregnancy, recent_nsaid or
    // under_minimum_age are derived from the patient facts by the SDK (see
    // Contraindication.code in plugin.proto); others are matched against the
    // patient's condition codes.
    d.mutable_eligibility_criteria()->set_min_age_years(25);
    d.mutable_eligibility_criteria()->set_nsaid_free_days_before_session(7);
    AddContraindication(&d, "pregnancy", "Pregnancy", true);
    AddContraindication(&d, "breastfeeding", "Breastfeeding", true);
    AddContraindication(&d, "recent_nsaid",
                        "NSAID within 7 days before the session", true);
    AddContraindication(&d, "anticoagulant_therapy", "Anticoagulants", true);
    AddContraindication(&d, "active_skin_infection",
                        "Active skin infection of the area", true);
    AddContraindication(&d, "under_minimum_age", "Under 25", true);
    AddContraindication(&d, "product_allergy", "Allergy to every product",
                        true);
    AddContraindication(&d, "autoimmune_disease", "Autoimmune disease", false);

    // The facts these rules read, and how recently each must have been
    // confirmed with the patient (0: on the day of the session). The core
    // refuses a booking, check-in or completion while one is missing.
    standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS, 0);
    standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_MEDICATIONS, 30);
    standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_ALLERGIES, 365);
    standard::RequireFact(&d, v1::PATIENT_FACT_GROUP_CONDITIONS, 365);

    // Asked on the day before treating; the answer given blocks the session.
    standard::AddDayOfQuestion(&d, "pregnancy_possible",
                               "Could you be pregnant, or are you "
                               "breastfeeding?",
                               v1::DAY_OF_ANSWER_YES);
    standard::AddDayOfQuestion(&d, "skin_infection_at_site",
                               "Is the skin to be treated infected or "
                               "broken?",
                               v1::DAY_OF_ANSWER_YES);

    auto* no_nsaids = d.add_preparation_instructions();
    no_nsaids->set_code("no_nsaids");
    no_nsaids->set_text("No aspirin or ibuprofen for 7 days before.");
    no_nsaids->set_days_before_session(7);

    // Expected adverse events: terms from the core vocabulary only, each
    // disclosed in the consent document below.
    AddEvent(&d, "redness", "Redness at the injection points", 0, 1, 2);
    AddEvent(&d, "bruising", "Small bruises", 0, 2, 10);
    AddEvent(&d, "injection_site_bumps", "Small bumps that flatten", 0, 1, 3);
    AddEvent(&d, "bacterial_infection", "Infection, possibly weeks later", 1,
             84, 0);

    auto* consent = d.mutable_consent();
    consent->set_version(1);
    consent->set_title("Consent to skin rejuvenation mesotherapy");
    consent->set_off_label_statement(
        "Mesotherapy is not approved as a procedure by the US FDA; the "
        "products are used off-label.");
    consent->set_evidence_statement(
        "There is little evidence that the treatment works; a 2012 study of "
        "6 people found no change in wrinkles.");
    std::string text = consent->title() + "\n\n" +
                       consent->off_label_statement() + "\n\n" +
                       consent->evidence_statement() + "\n\nRisks:\n";
    for (const auto& event : d.expected_adverse_events()) {
      auto* risk = consent->add_risks();
      risk->set_term(event.term());
      risk->set_description(event.description());
      text += "- " + event.description() + "\n";
    }
    consent->set_full_text(text);

    // Follow-up: day 2 and week 6 (late infections).
    AddFollowUp(&d, "day_2", "Day 2 call", 2, "Redness and bruising settling");
    AddFollowUp(&d, "week_6", "Week 6 check", 42,
                "Late nodules or sores at injection points");

    // Outcome measures, so the clinic can see whether it works.
    auto* wrinkles = d.add_outcome_measures();
    wrinkles->set_code("wrinkle_severity");
    wrinkles->set_name("Wrinkle severity rating scale");
    wrinkles->set_unit("grade (1-5)");
    wrinkles->set_min_value(1);
    wrinkles->set_max_value(5);
    return d;
  }

  // An example of a rule of your own on top of the standard ones: smokers
  // are warned that results are poorer.
  mesoclinic::plugin::StatusOr<v1::EligibilityResult> CheckEligibility(
      const v1::EligibilityRequest& request) const override {
    auto result = standard::CheckEligibility(description(), request);
    if (!result.ok()) return result;
    if (standard::Contains(request.facts().condition_codes(), "smoker")) {
      standard::AddReason(&*result, "smoker",
                          "smoking shortens the effect of the treatment",
                          /*blocking=*/false);
      standard::FinishEligibility(&*result);
    }
    return result;
  }

 private:
  static void AddPhase(v1::PluginDescription* d, const char* name, int min,
                       int max, int min_days, int max_days, int default_days,
                       bool maintenance) {
    auto* phase = d->mutable_course()->add_phases();
    phase->set_name(name);
    phase->set_min_sessions(min);
    phase->set_max_sessions(max);
    phase->set_min_interval_days(min_days);
    phase->set_max_interval_days(max_days);
    phase->set_default_interval_days(default_days);
    phase->set_maintenance(maintenance);
  }

  static void AddProduct(v1::PluginDescription* d, const char* name,
                         const char* display_name, const char* substance,
                         double max_ml, double max_concentration,
                         const char* unit, int max_points) {
    auto* product = d->add_allowed_products();
    product->set_name(name);
    product->set_display_name(display_name);
    product->add_substances(substance);
    product->set_max_volume_ml_per_session(max_ml);
    product->set_max_concentration(max_concentration);
    product->set_concentration_unit(unit);
    product->set_max_injection_points_per_session(max_points);
  }

  static void AddContraindication(v1::PluginDescription* d, const char* code,
                                  const char* text, bool absolute) {
    auto* c = d->add_contraindications();
    c->set_code(code);
    c->set_description(text);
    c->set_severity(absolute ? v1::CONTRAINDICATION_SEVERITY_ABSOLUTE
                             : v1::CONTRAINDICATION_SEVERITY_RELATIVE);
  }

  static void AddEvent(v1::PluginDescription* d, const char* term,
                       const char* text, int onset_min, int onset_max,
                       int resolution_days) {
    auto* event = d->add_expected_adverse_events();
    event->set_term(term);
    event->set_description(text);
    event->set_onset_min_days(onset_min);
    event->set_onset_max_days(onset_max);
    event->set_typical_resolution_days(resolution_days);
    // The reference information's severity (ICH E2A): a report of a higher
    // grade, or a serious one, is unexpected.
    event->set_max_expected_grade(2);
    event->set_serious_expected(false);
  }

  static void AddFollowUp(v1::PluginDescription* d, const char* code,
                          const char* name, int days, const char* look_for) {
    auto* check = d->add_follow_up_checks();
    check->set_code(code);
    check->set_name(name);
    check->mutable_offset()->set_seconds(int64_t{days} * 24 * 3600);
    check->set_look_for(look_for);
  }
};

}  // namespace example

MESOCLINIC_EXPORT_PLUGIN(example::RejuvenationProtocol)
