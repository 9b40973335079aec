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

std::string Patient::Etag() const {
  return RevisionEtag(ResourceName("patients", id), revision);
}

std::string NameSearchKey(const std::string& name) {
  return absl::AsciiStrToLower(name);
}

}  // namespace mesoclinic::patients
