#include "core/patients/patient_rules.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/status_macros.h"

namespace mesoclinic::patients {
namespace {

constexpr TextRule kName{.required = true, .max_length = 100};
constexpr TextRule kShortText{.max_length = 100};
constexpr TextRule kText{.max_length = 200};

std::string Indexed(absl::string_view list, std::size_t index) {
  return absl::StrCat("patient.", list, "[", index, "]");
}

absl::Status CheckAddress(const PostalAddress& address) {
  constexpr absl::string_view kPath = "patient.contact.address";
  RETURN_IF_ERROR(CheckText(FieldPath(kPath, "line1"), address.line1, kText));
  RETURN_IF_ERROR(CheckText(FieldPath(kPath, "line2"), address.line2, kText));
  RETURN_IF_ERROR(
      CheckText(FieldPath(kPath, "city"), address.city, kShortText));
  RETURN_IF_ERROR(
      CheckText(FieldPath(kPath, "region"), address.region, kShortText));
  RETURN_IF_ERROR(CheckText(FieldPath(kPath, "postal_code"),
                            address.postal_code, {.max_length = 20}));
  const std::string& country = address.country_code;
  if (!country.empty() &&
      (country.size() != 2 || !absl::ascii_isupper(country[0]) ||
       !absl::ascii_isupper(country[1]))) {
    return FieldError(FieldPath(kPath, "country_code"),
                      "must be an ISO 3166-1 alpha-2 code such as \"FR\"");
  }
  return absl::OkStatus();
}

absl::Status CheckContact(const ContactInfo& contact) {
  RETURN_IF_ERROR(CheckPhone("patient.contact.phone", contact.phone));
  RETURN_IF_ERROR(CheckText("patient.contact.email", contact.email,
                            {.max_length = 254}));
  RETURN_IF_ERROR(CheckEmail("patient.contact.email", contact.email));
  return CheckAddress(contact.address);
}

absl::Status CheckEmergencyContact(const EmergencyContact& contact) {
  if (contact.empty()) return absl::OkStatus();
  constexpr absl::string_view kPath = "patient.emergency_contact";
  RETURN_IF_ERROR(CheckText(FieldPath(kPath, "name"), contact.name,
                            {.required = true, .max_length = 200}));
  RETURN_IF_ERROR(CheckText(FieldPath(kPath, "relationship"),
                            contact.relationship, kShortText));
  if (contact.phone.empty()) {
    return FieldError(FieldPath(kPath, "phone"),
                      "is required when an emergency contact is given");
  }
  return CheckPhone(FieldPath(kPath, "phone"), contact.phone);
}

absl::Status CheckListSize(absl::string_view list, std::size_t size) {
  return CheckEntryCount(absl::StrCat("patient.clinical_facts.", list), size,
                         kMaxListEntries);
}

absl::Status CheckMedications(const std::vector<Medication>& medications,
                              absl::CivilDay today) {
  RETURN_IF_ERROR(CheckListSize("medications", medications.size()));
  for (std::size_t i = 0; i < medications.size(); ++i) {
    const Medication& medication = medications[i];
    const std::string path = Indexed("clinical_facts.medications", i);
    RETURN_IF_ERROR(CheckText(FieldPath(path, "name"), medication.name,
                              {.required = true, .max_length = 200}));
    RETURN_IF_ERROR(CheckText(FieldPath(path, "dose"), medication.dose, kText));
    if (medication.last_taken.has_value() && *medication.last_taken > today) {
      return FieldError(FieldPath(path, "last_taken"),
                        "must not be in the future");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAllergies(const std::vector<Allergy>& allergies) {
  RETURN_IF_ERROR(CheckListSize("allergies", allergies.size()));
  for (std::size_t i = 0; i < allergies.size(); ++i) {
    const std::string path = Indexed("clinical_facts.allergies", i);
    RETURN_IF_ERROR(CheckText(FieldPath(path, "substance"),
                              allergies[i].substance,
                              {.required = true, .max_length = 200}));
    RETURN_IF_ERROR(
        CheckText(FieldPath(path, "reaction"), allergies[i].reaction, kText));
  }
  return absl::OkStatus();
}

bool IsConditionCode(absl::string_view code) {
  if (code.empty() || code.size() > 64 || !absl::ascii_islower(code[0])) {
    return false;
  }
  for (char c : code) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') {
      return false;
    }
  }
  return true;
}

absl::Status CheckConditions(const std::vector<Condition>& conditions) {
  RETURN_IF_ERROR(CheckListSize("conditions", conditions.size()));
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const std::string path = Indexed("clinical_facts.conditions", i);
    if (!IsConditionCode(conditions[i].code)) {
      return FieldError(FieldPath(path, "code"),
                        "must be a lower-case letter followed by up to 63 "
                        "lower-case letters, digits or underscores");
    }
    RETURN_IF_ERROR(CheckText(FieldPath(path, "note"), conditions[i].note,
                              {.max_length = 500}));
  }
  return absl::OkStatus();
}

absl::Status CheckMeasurement(absl::string_view field, double value,
                              double min, double max, absl::string_view unit) {
  // Written so that NaN fails too.
  if (value == 0 || (value >= min && value <= max)) return absl::OkStatus();
  return FieldError(field, absl::StrCat("must be 0 (unknown) or between ", min,
                                        " and ", max, " ", unit));
}

absl::Status CheckClinicalFacts(const ClinicalFacts& facts,
                                absl::CivilDay today) {
  RETURN_IF_ERROR(CheckMedications(facts.medications, today));
  RETURN_IF_ERROR(CheckAllergies(facts.allergies));
  RETURN_IF_ERROR(CheckConditions(facts.conditions));
  RETURN_IF_ERROR(CheckMeasurement("patient.clinical_facts.height_cm",
                                   facts.height_cm, kMinHeightCm, kMaxHeightCm,
                                   "cm"));
  RETURN_IF_ERROR(CheckMeasurement("patient.clinical_facts.weight_kg",
                                   facts.weight_kg, kMinWeightKg, kMaxWeightKg,
                                   "kg"));
  if (facts.Bmi() > kMaxBmi) {
    return FieldError("patient.clinical_facts.weight_kg",
                      absl::StrCat("with height_cm ", facts.height_cm,
                                   " gives a body-mass index above ", kMaxBmi,
                                   ": check the height and the weight"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidatePatient(const Patient& patient, absl::CivilDay today) {
  RETURN_IF_ERROR(CheckText("patient.given_name", patient.given_name, kName));
  RETURN_IF_ERROR(CheckText("patient.family_name", patient.family_name, kName));
  if (patient.date_of_birth > today) {
    return FieldError("patient.date_of_birth", "must not be in the future");
  }
  if (patient.date_of_birth.year() < kEarliestBirthYear) {
    return FieldError("patient.date_of_birth",
                      absl::StrCat("must not be before ", kEarliestBirthYear,
                                   "-01-01"));
  }
  if (patient.sex == Sex::kUnspecified) {
    return FieldError("patient.sex", "is required");
  }
  RETURN_IF_ERROR(CheckContact(patient.contact));
  RETURN_IF_ERROR(CheckEmergencyContact(patient.emergency_contact));
  RETURN_IF_ERROR(CheckClinicalFacts(patient.clinical_facts, today));
  return CheckText("patient.notes", patient.notes,
                   {.max_length = kMaxNotesLength, .multiline = true});
}

}  // namespace mesoclinic::patients
