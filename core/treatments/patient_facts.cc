#include "core/treatments/patient_facts.h"

#include <string>

#include "absl/strings/ascii.h"

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

}  // namespace mesoclinic::treatments
