#ifndef MESOCLINIC_CORE_PATIENTS_PATIENT_REPOSITORY_H_
#define MESOCLINIC_CORE_PATIENTS_PATIENT_REPOSITORY_H_

// The storage the patient rules need. Implemented in core/storage; used only
// inside a Store transaction, so every call sees one consistent snapshot.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "core/patients/patient.h"

namespace mesoclinic::patients {

// Where a listing stopped: the sort key of the last patient returned.
struct PatientListPosition {
  std::string family_name_key;
  std::string given_name_key;
  std::string id;
};

struct PatientQuery {
  // Matches when the given or family name's search key starts with this
  // (already lower-cased with NameSearchKey).
  std::string name_prefix_key;
  std::optional<absl::CivilDay> date_of_birth;
  bool include_archived = false;
  // Patients after this position, in (family, given, id) order.
  std::optional<PatientListPosition> after;
  int limit = 50;
};

struct PatientPage {
  std::vector<Patient> patients;
  // Set when more patients match after the last one returned.
  std::optional<PatientListPosition> next;
};

class PatientRepository {
 public:
  virtual ~PatientRepository() = default;

  // Stores a new patient. ALREADY_EXISTS when the id is taken.
  virtual absl::Status Insert(const Patient& patient) = 0;

  // NOT_FOUND naming the patient when there is none with this id.
  virtual absl::StatusOr<Patient> Get(absl::string_view id) = 0;

  // Replaces every stored field of an existing patient with `patient`'s.
  virtual absl::Status Update(const Patient& patient) = 0;

  virtual absl::StatusOr<PatientPage> List(const PatientQuery& query) = 0;
};

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_PATIENT_REPOSITORY_H_
