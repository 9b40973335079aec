#ifndef MESOCLINIC_CORE_PATIENTS_FACT_CONFIRMATIONS_H_
#define MESOCLINIC_CORE_PATIENTS_FACT_CONFIRMATIONS_H_

// Who confirmed which clinical facts, and when. A protocol decides on facts
// that were asked recently enough (clinic.plugin.v1.RequiredFact), so the
// record keeps, per group of facts, the last time someone asked the patient.
// An empty group with no confirmation was never asked; an empty group with
// one was asked, and the answer was "none".

#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"

namespace mesoclinic::patients {

// Records what a write of `before` into `after` confirms, on `after`:
// - a group the write changed to a value (HasValue) is confirmed by
//   `staff_id` at `now`;
// - a group the write emptied loses its confirmation: unknown again, unless
//   it is also in `confirmed`;
// - a group in `confirmed` is confirmed as it stands, empty or not, changed
//   or not ("asked again: nothing new");
// - every other group keeps the confirmation it had in `before`.
// A new patient is a write from empty ClinicalFacts.
void RecordFactConfirmations(const ClinicalFacts& before, ClinicalFacts& after,
                             const std::vector<FactGroup>& confirmed,
                             absl::string_view staff_id, absl::Time now);

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_FACT_CONFIRMATIONS_H_
