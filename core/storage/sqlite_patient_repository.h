#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_PATIENT_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_PATIENT_REPOSITORY_H_

#include "core/patients/patient_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// PatientRepository on the patients and patient_* tables. The clinical lists
// (medications, allergies, conditions) live in child tables keyed by
// (patient_id, position), so their order is kept.
class SqlitePatientRepository : public patients::PatientRepository {
 public:
  explicit SqlitePatientRepository(Connection& connection)
      : connection_(connection) {}

  absl::Status Insert(const patients::Patient& patient) override;
  absl::StatusOr<patients::Patient> Get(absl::string_view id) override;
  absl::Status Update(const patients::Patient& patient) override;
  absl::StatusOr<patients::PatientPage> List(
      const patients::PatientQuery& query) override;

 private:
  void WriteClinicalLists(const patients::Patient& patient);
  void ReadClinicalLists(patients::Patient& patient);

  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_PATIENT_REPOSITORY_H_
