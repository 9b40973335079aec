#ifndef MESOCLINIC_CORE_PATIENTS_PATIENT_RULES_H_
#define MESOCLINIC_CORE_PATIENTS_PATIENT_RULES_H_

// What a patient record must satisfy before it is stored. Every failure is
// INVALID_ARGUMENT naming the field, as a path under "patient", and the rule.

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "core/patients/patient.h"

namespace mesoclinic::patients {

// Limits, shared with the API documentation in proto/clinic/v1/patients.proto.
inline constexpr int kEarliestBirthYear = 1900;
inline constexpr double kMinHeightCm = 40;
inline constexpr double kMaxHeightCm = 272;
inline constexpr double kMinWeightKg = 2;
inline constexpr double kMaxWeightKg = 650;
// Height and weight together: the plugins refuse patient facts with a
// higher body-mass index (clinic.plugin.v1), so a record past it could
// never be checked for eligibility or booked. No patient has one: it means
// a height or weight was mistyped.
inline constexpr double kMaxBmi = 200;
inline constexpr std::size_t kMaxListEntries = 100;
inline constexpr std::size_t kMaxNotesLength = 10000;

// Checks every rule; `today` is the clinic's current date, so that no date
// of birth or medication date lies in the future. A refusal names every
// field at fault (its message joins them; its BadRequest details list each),
// so that a form is corrected in one round.
absl::Status ValidatePatient(const Patient& patient, absl::CivilDay today);

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_PATIENT_RULES_H_
