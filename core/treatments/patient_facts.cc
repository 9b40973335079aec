#include "core/treatments/patient_facts.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"

namespace mesoclinic::treatments {

namespace plugin = ::clinic::plugin::v1;

std::string SubstanceCode(absl::string_view substance) {
  std::string code;
  for (char c : substance) {
    const unsigned char byte = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(byte) || byte >= 0x80) {
      code += absl::ascii_tolower(byte);
    } else if (!code.empty() && code.back() != '_') {
      code += '_';
    }
  }
  while (!code.empty() && code.back() == '_') code.pop_back();
  return code;
}

plugin::PatientFacts PatientFactsFor(const patients::Patient& patient,
                                     absl::CivilDay today,
                                     absl::CivilDay session_day) {
  plugin::PatientFacts facts;
  const absl::CivilDay birth = patient.date_of_birth;
  int age = static_cast<int>(session_day.year() - birth.year());
  if (session_day.month() < birth.month() ||
      (session_day.month() == birth.month() && session_day.day() < birth.day())) {
    --age;
  }
  facts.set_age_years(age);
  // The domain and both protos share the numbering of these enums.
  facts.set_sex(static_cast<plugin::Sex>(patient.sex));
  const patients::ClinicalFacts& clinical = patient.clinical_facts;
  facts.set_pregnancy_status(
      static_cast<plugin::PregnancyStatus>(clinical.pregnancy_status));
  facts.set_height_cm(clinical.height_cm);
  facts.set_weight_kg(clinical.weight_kg);
  facts.set_bmi(clinical.Bmi());
  for (const patients::Medication& medication : clinical.medications) {
    plugin::PatientMedication& m = *facts.add_medications();
    m.set_name(medication.name);
    m.set_is_nsaid(medication.is_nsaid);
    m.set_is_anticoagulant(medication.is_anticoagulant);
    m.set_ongoing(medication.ongoing);
    m.set_days_since_last_taken(
        medication.last_taken.has_value()
            ? static_cast<int32_t>(today - *medication.last_taken)
            : -1);
  }
  for (const patients::Allergy& allergy : clinical.allergies) {
    facts.add_allergies()->set_substance(SubstanceCode(allergy.substance));
  }
  for (const patients::Condition& condition : clinical.conditions) {
    facts.add_condition_codes(condition.code);
  }
  facts.set_session_in_days(static_cast<int32_t>(session_day - today));
  return facts;
}

namespace {

// What a protocol needs when it declares nothing: pregnancy is a
// contraindication of every protocol (the host refuses a description
// without it), and a pregnancy can begin between two sessions.
std::vector<plugin::RequiredFact> RequiredFactsOf(
    const plugin::EligibilityCriteria& criteria) {
  if (!criteria.required_facts().empty()) {
    return {criteria.required_facts().begin(),
            criteria.required_facts().end()};
  }
  plugin::RequiredFact pregnancy;
  pregnancy.set_group(plugin::PATIENT_FACT_GROUP_PREGNANCY_STATUS);
  pregnancy.set_max_age_days(0);
  return {pregnancy};
}

}  // namespace

std::vector<MissingFact> MissingFacts(
    const patients::ClinicalFacts& facts,
    const plugin::EligibilityCriteria& criteria, absl::TimeZone zone,
    absl::CivilDay today, ScreeningMoment moment) {
  std::vector<MissingFact> missing;
  for (const plugin::RequiredFact& required : RequiredFactsOf(criteria)) {
    // The domain and the plugin proto share the numbering of fact groups.
    const auto group = static_cast<patients::FactGroup>(required.group());
    const std::string field =
        absl::StrCat("patient.", patients::FactGroupField(group));
    const int max_age_days = required.max_age_days();
    if (max_age_days == 0 && moment == ScreeningMoment::kBeforeTheDay) continue;
    const auto confirmation = facts.confirmations.find(group);
    if (confirmation == facts.confirmations.end()) {
      missing.push_back({group, field, "never confirmed with the patient"});
      continue;
    }
    const absl::CivilDay confirmed =
        absl::ToCivilDay(confirmation->second.confirm_time, zone);
    if (today - confirmed > max_age_days) {
      missing.push_back(
          {group, field,
           max_age_days == 0
               ? absl::StrCat("last confirmed on ", FormatIsoDate(confirmed),
                              ": the protocol needs it confirmed on the "
                              "session's day, ",
                              FormatIsoDate(today))
               : absl::StrCat("last confirmed on ", FormatIsoDate(confirmed),
                              ", more than the ", max_age_days,
                              " days the protocol allows")});
      continue;
    }
    if (group != patients::FactGroup::kMedications) continue;
    for (std::size_t i = 0; i < facts.medications.size(); ++i) {
      const patients::Medication& medication = facts.medications[i];
      if (medication.ongoing || medication.last_taken.has_value()) continue;
      missing.push_back(
          {group, absl::StrCat(field, "[", i, "].last_taken"),
           absl::StrCat(medication.name,
                        " is not ongoing and the day it was last taken is "
                        "unknown: no wash-out can be counted")});
    }
  }
  return missing;
}

}  // namespace mesoclinic::treatments
