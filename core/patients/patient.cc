#include "core/patients/patient.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace mesoclinic::patients {

double ClinicalFacts::Bmi() const {
  if (height_cm <= 0 || weight_kg <= 0) return 0;
  const double height_m = height_cm / 100.0;
  return weight_kg / (height_m * height_m);
}

std::string Patient::Etag() const {
  // Quoted, as HTTP etags are; opaque to clients.
  return absl::StrCat("\"", revision, "\"");
}

std::string NameSearchKey(const std::string& name) {
  return absl::AsciiStrToLower(name);
}

}  // namespace mesoclinic::patients
