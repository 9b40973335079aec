#ifndef MESOCLINIC_BENCH_SEED_PEOPLE_H_
#define MESOCLINIC_BENCH_SEED_PEOPLE_H_

// Invented people for a seeded clinic in France: patients with plausible
// names, contact details and the clinical facts that make them eligible
// for the treatment they come for; staff names and licence numbers.

#include <string>

#include "absl/random/bit_gen_ref.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"

namespace mesoclinic::bench {

struct PersonName {
  std::string given;
  std::string family;
};

PersonName RandomName(absl::BitGenRef random, patients::Sex sex);

struct PatientTraits {
  std::string id;
  absl::Time create_time;
  // The first session's local day: the patient is an adult by then.
  absl::CivilDay first_session_day;
  // Cellulite needs a BMI of at most 30; most patients are women.
  bool for_cellulite = false;
};

// A patient who passes the core's patient rules and is eligible for the
// in-tree mesotherapy treatments: adult, not pregnant, no anticoagulant or
// recent NSAID, no allergy to a product; some take an unrelated medication,
// have an unrelated allergy or condition.
patients::Patient RandomPatient(absl::BitGenRef random,
                                const PatientTraits& traits);

// "RPPS-10001234567": the French practitioners' register number.
std::string RandomLicenceNumber(absl::BitGenRef random);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_PEOPLE_H_
