#ifndef MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_
#define MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_

// What a plugin is told about a patient: the medical facts that decide
// eligibility, counted relative to the planned session, and nothing that
// identifies the patient (no name, no contact details, no notes).

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
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

// When the screening is judged. Before the day (booking, and check-in: the
// facts needed on the day itself are asked in the treatment room) a fact
// with max_age_days 0 is not asked for: it cannot be confirmed before. On
// the day (completion) every fact is.
enum class ScreeningMoment { kBeforeTheDay, kOnTheDay };

// A fact a protocol needs that the record cannot answer for the session.
struct MissingFact {
  patients::FactGroup group;
  // The request field that records it: "patient.clinical_facts.medications".
  std::string field;
  // Why it cannot be used: "never confirmed with the patient".
  std::string problem;
};

// The facts `criteria` requires (required_facts; when it lists none, a
// plugin older than the field: the pregnancy status on the day) that
// `facts` lacks `today` (a day in `zone`): never confirmed, or last
// confirmed more than max_age_days before today. Freshness is judged on
// today, not on a later session's day: nobody can confirm a fact ahead of
// time, so a booking asks that the facts be fresh now, and check-in and
// completion, made on the session's day, ask it again then. A medication
// that is not ongoing also needs the day it was last taken, or no wash-out
// can be counted from it.
std::vector<MissingFact> MissingFacts(
    const patients::ClinicalFacts& facts,
    const clinic::plugin::v1::EligibilityCriteria& criteria,
    absl::TimeZone zone, absl::CivilDay today, ScreeningMoment moment);

}  // namespace mesoclinic::treatments

#endif  // MESOCLINIC_CORE_TREATMENTS_PATIENT_FACTS_H_
