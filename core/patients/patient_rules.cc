#include "core/patients/patient_rules.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/field_rules.h"

namespace mesoclinic::patients {
namespace {

constexpr TextRule kName{.required = true, .max_length = 100};
constexpr TextRule kShortText{.max_length = 100};
constexpr TextRule kText{.max_length = 200};

std::string Indexed(absl::string_view list, std::size_t index) {
  return absl::StrCat("patient.", list, "[", index, "]");
}

// Each check below adds every violation it finds to `violations`, so that
// the caller learns all of a form's mistakes at once. Within one field only
// the first broken rule is reported, and a list that is too long is not
// checked entry by entry.

void CheckAddress(const PostalAddress& address, FieldViolations& violations) {
  constexpr absl::string_view kPath = "patient.contact.address";
  violations.Check(
      CheckText(FieldPath(kPath, "line1"), address.line1, kText));
  violations.Check(
      CheckText(FieldPath(kPath, "line2"), address.line2, kText));
  violations.Check(
      CheckText(FieldPath(kPath, "city"), address.city, kShortText));
  violations.Check(
      CheckText(FieldPath(kPath, "region"), address.region, kShortText));
  violations.Check(CheckText(FieldPath(kPath, "postal_code"),
                             address.postal_code, {.max_length = 20}));
  const std::string& country = address.country_code;
  if (!country.empty() &&
      (country.size() != 2 || !absl::ascii_isupper(country[0]) ||
       !absl::ascii_isupper(country[1]))) {
    violations.Add(FieldPath(kPath, "country_code"),
                   "must be an ISO 3166-1 alpha-2 code such as \"FR\"");
  }
}

void CheckContact(const ContactInfo& contact, FieldViolations& violations) {
  violations.Check(CheckPhone("patient.contact.phone", contact.phone));
  absl::Status email = CheckText("patient.contact.email", contact.email,
                                 {.max_length = 254});
  if (email.ok()) email = CheckEmail("patient.contact.email", contact.email);
  violations.Check(std::move(email));
  CheckAddress(contact.address, violations);
}

void CheckEmergencyContact(const EmergencyContact& contact,
                           FieldViolations& violations) {
  if (contact.empty()) return;
  constexpr absl::string_view kPath = "patient.emergency_contact";
  violations.Check(CheckText(FieldPath(kPath, "name"), contact.name,
                             {.required = true, .max_length = 200}));
  violations.Check(CheckText(FieldPath(kPath, "relationship"),
                             contact.relationship, kShortText));
  if (contact.phone.empty()) {
    violations.Add(FieldPath(kPath, "phone"),
                   "is required when an emergency contact is given");
  } else {
    violations.Check(CheckPhone(FieldPath(kPath, "phone"), contact.phone));
  }
}

// Whether a list's size is within bounds (a violation otherwise).
bool CheckListSize(absl::string_view list, std::size_t size,
                   FieldViolations& violations) {
  absl::Status status = CheckEntryCount(
      absl::StrCat("patient.clinical_facts.", list), size, kMaxListEntries);
  const bool ok = status.ok();
  violations.Check(std::move(status));
  return ok;
}

void CheckMedications(const std::vector<Medication>& medications,
                      absl::CivilDay today, FieldViolations& violations) {
  if (!CheckListSize("medications", medications.size(), violations)) return;
  for (std::size_t i = 0; i < medications.size(); ++i) {
    const Medication& medication = medications[i];
    const std::string path = Indexed("clinical_facts.medications", i);
    violations.Check(CheckText(FieldPath(path, "name"), medication.name,
                               {.required = true, .max_length = 200}));
    violations.Check(
        CheckText(FieldPath(path, "dose"), medication.dose, kText));
    if (medication.last_taken.has_value() && *medication.last_taken > today) {
      violations.Add(FieldPath(path, "last_taken"),
                     "must not be in the future");
    }
  }
}

void CheckAllergies(const std::vector<Allergy>& allergies,
                    FieldViolations& violations) {
  if (!CheckListSize("allergies", allergies.size(), violations)) return;
  for (std::size_t i = 0; i < allergies.size(); ++i) {
    const std::string path = Indexed("clinical_facts.allergies", i);
    violations.Check(CheckText(FieldPath(path, "substance"),
                               allergies[i].substance,
                               {.required = true, .max_length = 200}));
    violations.Check(
        CheckText(FieldPath(path, "reaction"), allergies[i].reaction, kText));
  }
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

void CheckConditions(const std::vector<Condition>& conditions,
                     FieldViolations& violations) {
  if (!CheckListSize("conditions", conditions.size(), violations)) return;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    const std::string path = Indexed("clinical_facts.conditions", i);
    if (!IsConditionCode(conditions[i].code)) {
      violations.Add(FieldPath(path, "code"),
                     "must be a lower-case letter followed by up to 63 "
                     "lower-case letters, digits or underscores");
    }
    violations.Check(CheckText(FieldPath(path, "note"), conditions[i].note,
                               {.max_length = 500}));
  }
}

// Whether `value` is 0 (unknown) or within [min, max] (a violation
// otherwise).
bool CheckMeasurement(absl::string_view field, double value, double min,
                      double max, absl::string_view unit,
                      FieldViolations& violations) {
  // Written so that NaN fails too.
  if (value == 0 || (value >= min && value <= max)) return true;
  violations.Add(field, absl::StrCat("must be 0 (unknown) or between ", min,
                                     " and ", max, " ", unit));
  return false;
}

void CheckClinicalFacts(const ClinicalFacts& facts, absl::CivilDay today,
                        FieldViolations& violations) {
  CheckMedications(facts.medications, today, violations);
  CheckAllergies(facts.allergies, violations);
  CheckConditions(facts.conditions, violations);
  const bool height_ok =
      CheckMeasurement("patient.clinical_facts.height_cm", facts.height_cm,
                       kMinHeightCm, kMaxHeightCm, "cm", violations);
  const bool weight_ok =
      CheckMeasurement("patient.clinical_facts.weight_kg", facts.weight_kg,
                       kMinWeightKg, kMaxWeightKg, "kg", violations);
  if (height_ok && weight_ok && facts.Bmi() > kMaxBmi) {
    violations.Add("patient.clinical_facts.weight_kg",
                   absl::StrCat("with height_cm ", facts.height_cm,
                                " gives a body-mass index above ", kMaxBmi,
                                ": check the height and the weight"));
  }
}

}  // namespace

absl::Status ValidatePatient(const Patient& patient, absl::CivilDay today) {
  FieldViolations violations;
  violations.Check(
      CheckText("patient.given_name", patient.given_name, kName));
  violations.Check(
      CheckText("patient.family_name", patient.family_name, kName));
  if (patient.date_of_birth > today) {
    violations.Add("patient.date_of_birth", "must not be in the future");
  } else if (patient.date_of_birth.year() < kEarliestBirthYear) {
    violations.Add("patient.date_of_birth",
                   absl::StrCat("must not be before ", kEarliestBirthYear,
                                "-01-01"));
  }
  if (patient.sex == Sex::kUnspecified) {
    violations.Add("patient.sex", "is required");
  }
  CheckContact(patient.contact, violations);
  CheckEmergencyContact(patient.emergency_contact, violations);
  CheckClinicalFacts(patient.clinical_facts, today, violations);
  violations.Check(
      CheckText("patient.notes", patient.notes,
                {.max_length = kMaxNotesLength, .multiline = true}));
  return violations.Result();
}

}  // namespace mesoclinic::patients
