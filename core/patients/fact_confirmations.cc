#include "core/patients/fact_confirmations.h"

#include <algorithm>
#include <string>

namespace mesoclinic::patients {

void RecordFactConfirmations(const ClinicalFacts& before, ClinicalFacts& after,
                             const std::vector<FactGroup>& confirmed,
                             absl::string_view staff_id, absl::Time now) {
  after.confirmations = before.confirmations;
  const FactConfirmation confirmation{now, std::string(staff_id)};
  for (const FactGroup group : kAllFactGroups) {
    const bool named =
        std::find(confirmed.begin(), confirmed.end(), group) != confirmed.end();
    if (named) {
      after.confirmations[group] = confirmation;
    } else if (!after.HasValue(group)) {
      // Emptied (or still empty): nothing says the patient was asked.
      if (!after.SameValues(group, before)) after.confirmations.erase(group);
    } else if (!after.SameValues(group, before)) {
      after.confirmations[group] = confirmation;
    }
  }
}

}  // namespace mesoclinic::patients
