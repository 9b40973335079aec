#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_CONSENT_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_CONSENT_REPOSITORY_H_

#include "core/consent/consent_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// ConsentRepository on the consents table.
class SqliteConsentRepository : public consent::ConsentRepository {
 public:
  explicit SqliteConsentRepository(Connection& connection)
      : connection_(connection) {}

  absl::Status Insert(const consent::Consent& consent) override;
  absl::StatusOr<consent::Consent> Get(absl::string_view patient_id,
                                       absl::string_view consent_id) override;
  absl::Status Update(const consent::Consent& consent) override;
  absl::StatusOr<consent::ConsentPage> List(
      const consent::ConsentQuery& query) override;
  absl::StatusOr<std::vector<consent::Consent>> ListForPatientAndType(
      absl::string_view patient_id, absl::string_view treatment_type) override;

 private:
  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_CONSENT_REPOSITORY_H_
