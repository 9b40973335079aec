// The adverse-event vocabulary: the only terms a plugin may list as expected,
// a consent document may disclose, and a practitioner may report.
//
// Taken from the events the clinical literature reports after mesotherapy
// (see the project's domain brief). The host validates descriptions and
// reports against this list; core/plugin_host/adverse_event_terms.h is the
// core's view of the same list. Terms are only ever added.
#ifndef MESOCLINIC_ADVERSE_EVENT_TERMS_H_
#define MESOCLINIC_ADVERSE_EVENT_TERMS_H_

#include <array>
#include <string_view>

namespace mesoclinic::plugin {

// How an event is managed, whatever the treatment.
enum class AdverseEventCategory {
  // Transient reaction where the needle went in: usually gone in 1-2 weeks.
  kLocalReaction,
  // A change of the skin that needs the course paused until it settles.
  kSkinChange,
  // An infection: needs a physician's treatment, sometimes weeks later.
  kInfection,
  // A lasting tissue reaction: the treatment must not continue.
  kLastingTissueDamage,
  // Tissue death: urgent care.
  kTissueDeath,
  // A reaction of the whole body to what was injected (anaphylaxis and the
  // like): every treatment of the patient waits for a practitioner's review.
  kSystemic,
  // A reaction to the procedure itself (fainting at the needle): passes once
  // the patient lies down; managed by grade.
  kProcedureReaction,
  // A known effect of what was injected away from the injection site
  // (minoxidil shedding, a flare of the treated pain): managed by grade.
  kTreatmentEffect,
  // Anything the vocabulary does not name.
  kOther,
};

struct AdverseEventTerm {
  std::string_view code;
  std::string_view name;
  AdverseEventCategory category;
  // CTCAE-style guidance to choose a grade, one line per grade 1 to 5.
  std::array<std::string_view, 5> grades;
};

// Grade 5 reads the same for every term (CTCAE: death related to the event).
inline constexpr std::string_view kGrade5 = "Death related to the event.";

inline constexpr std::array<AdverseEventTerm, 23> kAdverseEventTerms = {{
    {"swelling", "Swelling", AdverseEventCategory::kLocalReaction,
     {"Localised swelling; no interference with daily activities.",
      "Moderate swelling limiting instrumental daily activities.",
      "Severe swelling limiting self-care.",
      "Life-threatening (airway or compartment compromise); urgent "
      "intervention.",
      kGrade5}},
    {"redness", "Redness", AdverseEventCategory::kLocalReaction,
     {"Faint redness over the injection points.",
      "Moderate redness over most of the treated area.",
      "Intense redness with pain, limiting self-care.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"bruising", "Bruising", AdverseEventCategory::kLocalReaction,
     {"Localised bruises at the injection points.",
      "Bruising over much of the treated area, limiting daily activities.",
      "Extensive bruising limiting self-care or needing medical care.",
      "Life-threatening bleeding; urgent intervention.", kGrade5}},
    {"irritation", "Irritation", AdverseEventCategory::kLocalReaction,
     {"Mild irritation; no treatment needed.",
      "Irritation needing topical treatment.",
      "Severe irritation limiting self-care.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"itching", "Itching", AdverseEventCategory::kLocalReaction,
     {"Mild or localised itching; topical treatment at most.",
      "Widespread or intermittent itching; oral treatment needed.",
      "Constant itching limiting self-care or sleep.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"rash", "Rash", AdverseEventCategory::kLocalReaction,
     {"Rash over less than 10% of the body, no symptoms.",
      "Rash over 10-30% of the body, or with symptoms limiting daily "
      "activities.",
      "Rash over more than 30% of the body, limiting self-care.",
      "Life-threatening (blistering, skin loss); urgent intervention.",
      kGrade5}},
    {"injection_site_pain", "Pain at the injection site",
     AdverseEventCategory::kLocalReaction,
     {"Mild pain; no painkiller needed.",
      "Moderate pain limiting daily activities; painkillers needed.",
      "Severe pain limiting self-care.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"injection_site_bumps", "Bumps at the injection site",
     AdverseEventCategory::kLocalReaction,
     {"Small bumps at the injection points, no symptoms.",
      "Tender bumps limiting daily activities.",
      "Painful bumps limiting self-care or needing drainage.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"skin_discoloration", "Dark patches (skin discoloration)",
     AdverseEventCategory::kSkinChange,
     {"Patches over less than 10% of the treated area.",
      "Patches over more than 10% of the treated area; distress.",
      "Widespread lasting patches needing specialist treatment.",
      "Not applicable beyond grade 3; use 3.", kGrade5}},
    {"inflammation_painful_sores", "Inflammation and painful sores",
     AdverseEventCategory::kSkinChange,
     {"Inflamed points without sores; no treatment needed.",
      "Painful sores limiting daily activities; topical treatment.",
      "Many or deep sores limiting self-care; oral treatment or surgery.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"bacterial_infection", "Bacterial infection",
     AdverseEventCategory::kInfection,
     {"Localised; no antibiotic needed.",
      "Localised; oral antibiotics or local drainage.",
      "Intravenous antibiotics, surgery or hospital care.",
      "Life-threatening (sepsis); urgent intervention.", kGrade5}},
    {"granuloma", "Granuloma (chronically inflamed tissue mass)",
     AdverseEventCategory::kLastingTissueDamage,
     {"Palpable nodules, no symptoms.",
      "Tender or visible nodules; local treatment (steroid injection).",
      "Nodules needing surgery or long systemic treatment.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"necrosis", "Tissue death (necrosis)", AdverseEventCategory::kTissueDeath,
     {"Not applicable: necrosis is at least grade 2.",
      "Superficial skin loss at the injection points; local care.",
      "Deep skin or tissue loss needing surgical debridement.",
      "Life-threatening; urgent intervention.", kGrade5}},
    {"scarring", "Scarring", AdverseEventCategory::kLastingTissueDamage,
     {"Barely visible scars, no symptoms.",
      "Visible scars with symptoms limiting daily activities.",
      "Disfiguring scars needing surgery.",
      "Not applicable beyond grade 3; use 3.", kGrade5}},
    {"haematoma", "Haematoma (collection of blood)",
     AdverseEventCategory::kLocalReaction,
     {"Small, no symptoms; no treatment needed.",
      "Painful haematoma limiting daily activities; compression.",
      "Haematoma needing drainage or transfusion.",
      "Life-threatening bleeding; urgent intervention.", kGrade5}},
    {"abscess", "Abscess (collection of pus)", AdverseEventCategory::kInfection,
     {"Not applicable: an abscess is at least grade 2.",
      "Localised; oral antibiotics or incision and drainage.",
      "Intravenous antibiotics or surgical drainage in hospital.",
      "Life-threatening (sepsis); urgent intervention.", kGrade5}},
    {"panniculitis", "Panniculitis (inflammation of the fat layer)",
     AdverseEventCategory::kLastingTissueDamage,
     {"Tender nodules under the skin, no treatment needed.",
      "Painful nodules limiting daily activities; oral treatment.",
      "Widespread nodules limiting self-care; systemic treatment.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"vasovagal_reaction", "Vasovagal reaction (fainting)",
     AdverseEventCategory::kProcedureReaction,
     {"Light-headed or pale; recovers lying down.",
      "Brief loss of consciousness; recovers lying down.",
      "Loss of consciousness needing medical care (injury, slow recovery).",
      "Life-threatening; urgent intervention.", kGrade5}},
    {"anaphylaxis", "Anaphylaxis (severe allergic reaction)",
     AdverseEventCategory::kSystemic,
     {"Not applicable: anaphylaxis is at least grade 3.",
      "Not applicable: anaphylaxis is at least grade 3.",
      "Hives, wheezing or swelling with low blood pressure; adrenaline "
      "given.",
      "Life-threatening (shock, airway closing); urgent intervention.",
      kGrade5}},
    {"systemic_reaction", "Systemic reaction to what was injected",
     AdverseEventCategory::kSystemic,
     {"Mild whole-body symptoms (flushing, headache, nausea); no treatment.",
      "Symptoms limiting daily activities (dizziness, palpitations, low "
      "blood pressure); oral treatment.",
      "Symptoms needing hospital care or intravenous treatment.",
      "Life-threatening; urgent intervention.", kGrade5}},
    {"hair_shedding", "Hair shedding (telogen effluvium)",
     AdverseEventCategory::kTreatmentEffect,
     {"Shedding noticed by the patient, not by others.",
      "Visible thinning; distress.",
      "Not applicable beyond grade 2; use 2.",
      "Not applicable beyond grade 2; use 2.", kGrade5}},
    {"treated_pain_flare", "Flare of the treated pain",
     AdverseEventCategory::kTreatmentEffect,
     {"Mild flare; no extra painkiller needed.",
      "Flare limiting daily activities; painkillers needed.",
      "Severe flare limiting self-care.",
      "Life-threatening consequences; urgent intervention.", kGrade5}},
    {"other", "Other", AdverseEventCategory::kOther,
     {"Mild; no treatment needed.",
      "Moderate; limiting daily activities, local or oral treatment.",
      "Severe or medically significant; limiting self-care.",
      "Life-threatening; urgent intervention.", kGrade5}},
}};

// Systemic terms hold every treatment of the patient, not only the one
// suspected: what the body reacted to may be in other protocols too.
inline constexpr bool IsSystemic(const AdverseEventTerm& term) {
  return term.category == AdverseEventCategory::kSystemic;
}

// Terms after which a course must not simply go on, whatever the grade:
// infections, lasting tissue damage, tissue death and systemic reactions.
inline constexpr bool EndsCourse(const AdverseEventTerm& term) {
  switch (term.category) {
    case AdverseEventCategory::kInfection:
    case AdverseEventCategory::kLastingTissueDamage:
    case AdverseEventCategory::kTissueDeath:
    case AdverseEventCategory::kSystemic:
      return true;
    default:
      return false;
  }
}

// The catch-all term: never "expected" (ICH E2A), since what it names is
// not in any reference information.
inline constexpr std::string_view kOtherTerm = "other";

// The vocabulary entry for `code`, or nullptr when it is not a term.
inline const AdverseEventTerm* FindAdverseEventTerm(std::string_view code) {
  for (const AdverseEventTerm& term : kAdverseEventTerms) {
    if (term.code == code) return &term;
  }
  return nullptr;
}

}  // namespace mesoclinic::plugin

#endif  // MESOCLINIC_ADVERSE_EVENT_TERMS_H_
