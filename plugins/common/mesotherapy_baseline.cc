#include "mesotherapy_baseline.h"

#include "mesoclinic/adverse_event_terms.h"
#include "mesoclinic/standard_rules.h"

namespace mesoclinic::plugins {
namespace {

constexpr int64_t kSecondsPerDay = 24 * 3600;

void SetDays(google::protobuf::Duration* duration, int days) {
  duration->set_seconds(days * kSecondsPerDay);
}

// Injection lipolysis: phosphatidylcholine and deoxycholate injected into
// the fat layer to break fat down (002).
bool InjectsFat(const v1::PluginDescription& description) {
  for (const v1::AllowedProduct& product : description.allowed_products()) {
    for (const std::string& substance : product.substances()) {
      if (plugin::standard::SameSubstance(substance, "phosphatidylcholine") ||
          plugin::standard::SameSubstance(substance, "deoxycholate")) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

void AddPhase(v1::PluginDescription* description, const PhaseSpec& spec) {
  v1::CoursePhase* phase = description->mutable_course()->add_phases();
  phase->set_name(spec.name);
  phase->set_min_sessions(spec.min_sessions);
  phase->set_max_sessions(spec.max_sessions);
  phase->set_min_interval_days(spec.min_interval_days);
  phase->set_max_interval_days(spec.max_interval_days);
  phase->set_default_interval_days(spec.default_interval_days != 0
                                       ? spec.default_interval_days
                                       : spec.min_interval_days);
  phase->set_maintenance(spec.maintenance);
  phase->set_repeats(spec.repeats);
  phase->set_note(spec.note);
}

void AddProduct(v1::PluginDescription* description, const ProductSpec& spec) {
  v1::AllowedProduct* product = description->add_allowed_products();
  product->set_name(spec.name);
  product->set_display_name(spec.display_name);
  product->set_category(spec.category);
  for (const std::string& substance : spec.substances) {
    product->add_substances(substance);
  }
  product->set_max_volume_ml_per_session(spec.max_volume_ml);
  product->set_max_concentration(spec.max_concentration);
  product->set_concentration_unit(spec.concentration_unit);
  product->set_max_injection_points_per_session(spec.max_injection_points);
  for (const std::string& code : spec.excluded_when) {
    product->add_excluded_when(code);
  }
  if (spec.depth_max_mm > 0) {
    product->mutable_depth_override_mm()->set_min_mm(spec.depth_min_mm);
    product->mutable_depth_override_mm()->set_max_mm(spec.depth_max_mm);
  }
  product->set_topical(spec.topical);
}

void AddOutcome(v1::PluginDescription* description, const OutcomeSpec& spec) {
  v1::OutcomeMeasure* measure = description->add_outcome_measures();
  measure->set_code(spec.code);
  measure->set_name(spec.name);
  measure->set_unit(spec.unit);
  measure->set_min_value(spec.min_value);
  measure->set_max_value(spec.max_value);
  for (const std::string& site : spec.sites) measure->add_sites(site);
}

void AddExpectedAdverseEvent(v1::PluginDescription* description,
                             const AdverseEventSpec& spec) {
  v1::ExpectedAdverseEvent* event = description->add_expected_adverse_events();
  event->set_term(spec.term);
  event->set_description(spec.description);
  event->set_onset_min_days(spec.onset_min_days);
  event->set_onset_max_days(spec.onset_max_days);
  event->set_typical_resolution_days(spec.typical_resolution_days);
  event->set_max_expected_grade(spec.max_expected_grade);
  event->set_serious_expected(spec.serious_expected);
}

void AddContraindication(v1::PluginDescription* description,
                         const std::string& code, const std::string& text,
                         v1::ContraindicationSeverity severity) {
  v1::Contraindication* contraindication =
      description->add_contraindications();
  contraindication->set_code(code);
  contraindication->set_description(text);
  contraindication->set_severity(severity);
}

void AddCommonEligibility(v1::PluginDescription* description) {
  v1::EligibilityCriteria* criteria =
      description->mutable_eligibility_criteria();
  criteria->set_min_age_years(18);
  criteria->set_nsaid_free_days_before_session(7);

  // The facts these rules read, and how recently each must have been asked.
  // Pregnancy: on the day, as a pregnancy can begin between two sessions.
  // Medications: within 30 days, so that the 7-day NSAID wash-out is counted
  // from dates the patient gave recently; the day-of checklist asks again
  // about NSAIDs and anticoagulants since the last visit. Allergies and
  // conditions change rarely: reviewed at least once a year. (The seeds give
  // no figures; these are the reviews a clinic makes in practice.)
  using plugin::standard::RequireFact;
  RequireFact(description, v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS, 0);
  RequireFact(description, v1::PATIENT_FACT_GROUP_MEDICATIONS, 30);
  RequireFact(description, v1::PATIENT_FACT_GROUP_ALLERGIES, 365);
  RequireFact(description, v1::PATIENT_FACT_GROUP_CONDITIONS, 365);

  // Asked before every session: what can change between two visits and
  // stops the treatment that day.
  using plugin::standard::AddDayOfQuestion;
  AddDayOfQuestion(description, "pregnancy_possible",
                   "Are you pregnant, could you be, or are you breastfeeding?",
                   v1::DAY_OF_ANSWER_YES);
  AddDayOfQuestion(description, "nsaid_or_anticoagulant_since_last_visit",
                   "Since your last visit, have you taken aspirin, ibuprofen "
                   "or another anti-inflammatory, or started a blood "
                   "thinner?",
                   v1::DAY_OF_ANSWER_YES);
  AddDayOfQuestion(description, "site_infection_or_broken_skin",
                   "Is there an infection, a wound or broken skin where "
                   "we will inject?",
                   v1::DAY_OF_ANSWER_YES);
  AddDayOfQuestion(description, "unwell_or_fever",
                   "Do you feel unwell today, or have a fever?",
                   v1::DAY_OF_ANSWER_YES);

  constexpr auto kAbsolute = v1::CONTRAINDICATION_SEVERITY_ABSOLUTE;
  constexpr auto kRelative = v1::CONTRAINDICATION_SEVERITY_RELATIVE;
  AddContraindication(description, "pregnancy",
                      "Pregnancy: no mesotherapy product is known to be safe",
                      kAbsolute);
  AddContraindication(description, "breastfeeding",
                      "Breastfeeding: the products may pass into milk",
                      kAbsolute);
  AddContraindication(description, "active_skin_infection",
                      "Active skin infection: needles would spread it",
                      kAbsolute);
  AddContraindication(description, "bleeding_disorder",
                      "Bleeding disorder: dozens of injections per session",
                      kAbsolute);
  // Never advise stopping one: see the domain brief's safety section.
  AddContraindication(description, "anticoagulant_therapy",
                      "Anticoagulant (warfarin, a DOAC, ...): bleeding and "
                      "haematoma risk; not a candidate unless the prescriber "
                      "decides otherwise",
                      kAbsolute);
  AddContraindication(description, "recent_nsaid",
                      "NSAID (aspirin, ibuprofen, ...) within 7 days before "
                      "the session: bleeding and bruising risk",
                      kAbsolute);
  AddContraindication(description, "possible_pregnancy",
                      "Pregnancy not ruled out: confirm before the session",
                      kRelative);
  AddContraindication(description, "product_allergy",
                      "Allergy to every product of the protocol", kAbsolute);
  AddContraindication(description, "under_minimum_age",
                      "Under 18: not treated", kAbsolute);
  AddContraindication(description, "autoimmune_disease",
                      "Autoimmune disease: unpredictable inflammatory "
                      "reactions",
                      kRelative);
  AddContraindication(description, "keloid_scarring",
                      "History of keloid scarring: injections may scar",
                      kRelative);
  AddContraindication(description, "diabetes",
                      "Diabetes: slower healing and higher infection risk",
                      kRelative);
}

void AddCommonPreparation(v1::PluginDescription* description) {
  auto add = [&](const char* code, const char* text, int days) {
    v1::PreparationInstruction* instruction =
        description->add_preparation_instructions();
    instruction->set_code(code);
    instruction->set_text(text);
    instruction->set_days_before_session(days);
  };
  // 7 days: 002. The caveat: aspirin may be prescribed for the heart, and
  // a blood thinner always is; only the prescriber pauses either.
  add("no_nsaids",
      "Do not take aspirin, ibuprofen or other anti-inflammatory painkillers "
      "for 7 days before the session: they raise the risk of bleeding and "
      "bruising. Paracetamol is fine. If a doctor prescribed your aspirin "
      "(for the heart, for instance) or a blood thinner, keep taking it as "
      "prescribed and tell us: only your prescriber decides whether to "
      "pause it.",
      7);
  add("no_alcohol", "No alcohol the day before the session.", 1);
  add("clean_skin",
      "Come with clean skin: no cream, oil or make-up on the area.", 0);
  add("numbing_cream",
      "A numbing cream (lidocaine) may be applied 30 minutes before the "
      "injections; tell us if you are allergic to local anaesthetics, "
      "lidocaine (lignocaine, Xylocaine) or prilocaine among them.",
      0);
  // 002: "you may or may not have numbing medicine applied". Recorded like
  // any product, so the lot is known and allergies are matched. Not from
  // the seeds: 5% is the strongest lidocaine cream sold, and 30 g a ceiling
  // for the record; the cream's own label governs the dose.
  AddProduct(description,
             {.name = "numbing_cream",
              .display_name = "Numbing cream (lidocaine, with or without "
                              "prilocaine)",
              .category = "local_anaesthetic",
              .substances = {"lidocaine", "prilocaine"},
              .max_volume_ml = 30, .max_concentration = 5,
              .concentration_unit = "% lidocaine",
              // The host asks for at least one; a cream has none.
              .max_injection_points = 1,
              .topical = true});
}

void AddCommonFollowUps(v1::PluginDescription* description) {
  auto add = [&](const char* code, const char* name, int days,
                 const char* look_for) {
    v1::FollowUpCheck* check = description->add_follow_up_checks();
    check->set_code(code);
    check->set_name(name);
    SetDays(check->mutable_offset(), days);
    check->set_look_for(look_for);
  };
  add("day_2", "Day 2 call", 2,
      "Swelling, redness and bruising settling; pain controlled without "
      "NSAIDs; no fever, spreading redness or pus.");
  add("week_2", "Week 2 check", 14,
      "Minor reactions gone (they usually pass in 1 to 2 weeks); new bumps, "
      "nodules, dark patches or painful sores at injection sites.");
  add("week_6", "Week 6 check", 42,
      "Late nodules, draining sores or abscesses at injection sites: "
      "mycobacterial infections appear 1 to 12 weeks after the session.");
  add("week_12", "Week 12 check", 84,
      "Last window for late infection; granulomas, scarring or skin "
      "discoloration; outcome measures compared with the first session.");
}

void AddCommonAdverseEvents(v1::PluginDescription* description) {
  const AdverseEventSpec events[] = {
      {"swelling", "Swelling of the treated area; some patients take a day "
                   "off.", 0, 2, 7},
      {"redness", "Redness around the injection points.", 0, 1, 3},
      {"bruising", "Bruises at injection points, more after NSAIDs.", 0, 2,
       14},
      {"injection_site_pain", "Tenderness or pain at the injection points.",
       0, 2, 7},
      {"itching", "Itching of the treated skin.", 0, 3, 7},
      {"irritation", "Irritated skin over the treated area.", 0, 3, 7},
      {"rash", "A rash over the treated area.", 0, 3, 7},
      {"injection_site_bumps", "Small bumps where the drops were placed.", 0,
       3, 14},
      {"skin_discoloration", "Dark patches over the injection sites.", 7, 60,
       0},
      {"bacterial_infection",
       "Infection at injection sites, including atypical mycobacteria "
       "appearing weeks later.",
       1, 84, 0},
      {"granuloma", "Chronically inflamed tissue masses at injection sites.",
       14, 180, 0},
      {"scarring", "Scars at injection sites, sometimes permanent.", 14, 180,
       0},
      {"necrosis", "Tissue death at or around the injection sites.", 0, 14,
       0},
  };
  for (const AdverseEventSpec& event : events) {
    AddExpectedAdverseEvent(description, event);
  }
}

namespace {

// Where mesotherapy may not be offered, and the off-label disclosure
// written for a few jurisdictions. Only what the seeds and the domain brief
// say: the ban in Brazil (000: "restricted in Brazil in 2003"; domain.md:
// "Banned in Brazil in 2003"), the FDA's position (000, 002) and the French
// history (domain.md). Nothing here is legal advice: a clinic in France or
// the UK should have its statement checked against its regulator.
void SetJurisdictions(v1::PluginDescription* description) {
  v1::ForbiddenJurisdiction* brazil =
      description->add_forbidden_jurisdictions();
  brazil->set_country_code("BR");
  brazil->set_reason("mesotherapy was banned in Brazil in 2003");
  brazil->set_source(
      "Mesoclinic domain brief (\"Banned in Brazil in 2003\") and its seed "
      "article 000 (\"the system was restricted in Brazil in 2003\")");
  v1::ConsentDocument* consent = description->mutable_consent();
  const std::string common =
      " There is no standard formula: the exact products, strengths, "
      "volumes and lot numbers given to you are recorded at every session.";
  auto add = [&](const std::string& country, const std::string& text) {
    v1::JurisdictionStatement* statement =
        consent->add_off_label_by_jurisdiction();
    statement->set_country_code(country);
    statement->set_text(text + common);
  };
  add("US",
      "Mesotherapy is not approved as a procedure by the US Food and Drug "
      "Administration (FDA). The products injected have FDA approval for "
      "other uses; using them in this way is off-label.");
  add("FR",
      "Mesotherapy was developed in France in 1952 and recognised by the "
      "French National Academy of Medicine in 1987; that recognition is not "
      "an approval of the products injected for this use. The products are "
      "made for other uses; using them in this way is off-label. In the "
      "United States the procedure is not approved by the Food and Drug "
      "Administration.");
  add("GB",
      "The sources this clinic's protocol relies on record no approval of "
      "mesotherapy as a procedure in the United Kingdom. The products "
      "injected are made for other uses; using them in this way is "
      "off-label. In the United States the procedure is not approved by the "
      "Food and Drug Administration.");
}

}  // namespace

void SetConsent(v1::PluginDescription* description, const ConsentSpec& spec) {
  const bool injects_fat = InjectsFat(*description);
  v1::ConsentDocument* consent = description->mutable_consent();
  consent->set_version(spec.version);
  consent->set_title(spec.title);
  // Off-label use and the ban in Brazil: 000 and 002.
  consent->set_off_label_statement(
      "Mesotherapy is not approved as a procedure by the US Food and Drug "
      "Administration. The products injected are approved for other uses; "
      "using them in this way is off-label. The treatment was banned in "
      "Brazil in 2003, and there is no standard formula: the exact products, "
      "strengths, volumes and lot numbers given to you are recorded at every "
      "session.");
  // The fat-dissolving statements (002) concern fat removal only.
  const std::string fat_evidence =
      injects_fat
          ? " Phosphatidylcholine with deoxycholate is injected deeper, into "
            "the fat layer (injection lipolysis), to break fat down; there "
            "is almost no evidence that it works. The American Society of "
            "Plastic Surgeons does not recommend mesotherapy or injection "
            "lipolysis for fat removal."
          : "";
  consent->set_evidence_statement(
      spec.evidence_text + fat_evidence +
      " The published studies are small; results do not last without "
      "continued treatment. Your measurements are recorded at every session "
      "so that you and the clinic can see whether it works for you.");

  std::string risks_text = "Risks:\n";
  auto add_risk = [&](const std::string& term, const std::string& text) {
    v1::DisclosedRisk* risk = consent->add_risks();
    risk->set_term(term);
    risk->set_description(text);
    risks_text += "- " + text + "\n";
  };
  for (const v1::ExpectedAdverseEvent& event :
       description->expected_adverse_events()) {
    const plugin::AdverseEventTerm* term =
        plugin::FindAdverseEventTerm(event.term());
    add_risk(event.term(), std::string(term != nullptr ? term->name : "") +
                               ": " + event.description());
  }
  if (injects_fat) {
    // 000: no study shows where the dissolved fat goes.
    add_risk("",
             "Theoretical: dissolved fat is processed by the liver, and fat "
             "entering blood vessels could raise the risk of stroke or "
             "heart attack.");
  }

  consent->set_full_text(
      spec.title + " (consent version " + std::to_string(spec.version) +
      ")\n\n" + spec.treatment_text + "\n\n" +
      consent->off_label_statement() + "\n\n" +
      consent->evidence_statement() + "\n\n" + risks_text +
      "\nMost minor reactions pass within one to two weeks; rarely the "
      "treatment must stop. Tell the clinic at once about fever, spreading "
      "redness, pus, or a lump that grows. You may stop the course at any "
      "time.");
  SetJurisdictions(description);
}

}  // namespace mesoclinic::plugins
