#include "core/patients/patient.h"

#include "absl/strings/ascii.h"
#include "core/base/etag.h"
#include "core/base/resource_name.h"

namespace mesoclinic::patients {

double ClinicalFacts::Bmi() const {
  if (height_cm <= 0 || weight_kg <= 0) return 0;
  const double height_m = height_cm / 100.0;
  return weight_kg / (height_m * height_m);
}

absl::string_view FactGroupField(FactGroup group) {
  switch (group) {
    case FactGroup::kPregnancyStatus:
      return "clinical_facts.pregnancy_status";
    case FactGroup::kMedications:
      return "clinical_facts.medications";
    case FactGroup::kAllergies:
      return "clinical_facts.allergies";
    case FactGroup::kConditions:
      return "clinical_facts.conditions";
    case FactGroup::kBodyMeasurements:
      return "clinical_facts.height_cm/weight_kg";
  }
  return "clinical_facts";
}

bool ClinicalFacts::HasValue(FactGroup group) const {
  switch (group) {
    case FactGroup::kPregnancyStatus:
      return pregnancy_status != PregnancyStatus::kUnspecified;
    case FactGroup::kMedications:
      return !medications.empty();
    case FactGroup::kAllergies:
      return !allergies.empty();
    case FactGroup::kConditions:
      return !conditions.empty();
    case FactGroup::kBodyMeasurements:
      return height_cm > 0 && weight_kg > 0;
  }
  return false;
}

bool ClinicalFacts::SameValues(FactGroup group,
                               const ClinicalFacts& other) const {
  switch (group) {
    case FactGroup::kPregnancyStatus:
      return pregnancy_status == other.pregnancy_status;
    case FactGroup::kMedications:
      return medications == other.medications;
    case FactGroup::kAllergies:
      return allergies == other.allergies;
    case FactGroup::kConditions:
      return conditions == other.conditions;
    case FactGroup::kBodyMeasurements:
      return height_cm == other.height_cm && weight_kg == other.weight_kg;
  }
  return true;
}

std::string Patient::Etag() const {
  return RevisionEtag(ResourceName("patients", id), revision);
}

std::string NameSearchKey(const std::string& name) {
  return absl::AsciiStrToLower(name);
}

}  // namespace mesoclinic::patients
