#ifndef MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_
#define MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_

// What a plugin is told about a patient: the medical facts that decide
// eligibility, counted relative to the planned session, and nothing that
// identifies the patient (no name, no contact details, no notes).

#include "absl/time/civil_time.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/patients/patient.h"

namespace mesoclinic::treatments {

// `today` and `session_day` are dates in the clinic's time zone.
clinic::plugin::v1::PatientFacts PatientFactsFor(
    const patients::Patient& patient, absl::CivilDay today,
    absl::CivilDay session_day);

// An allergy's substance as a plugin code: lower-case, with runs of other
// characters turned into one underscore ("Hyaluronic acid" ->
// "hyaluronic_acid").
std::string SubstanceCode(absl::string_view substance);

}  // namespace mesoclinic::treatments

#endif  // MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_
