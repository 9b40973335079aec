#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_STAFF_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_STAFF_REPOSITORY_H_

#include "core/staff/staff_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// StaffRepository on the staff and api_keys tables.
class SqliteStaffRepository : public staff::StaffRepository {
 public:
  explicit SqliteStaffRepository(Connection& connection)
      : connection_(connection) {}

  absl::Status Insert(const staff::StaffMember& member) override;
  absl::StatusOr<staff::StaffMember> Get(absl::string_view id) override;
  absl::Status Update(const staff::StaffMember& member) override;
  absl::StatusOr<staff::StaffPage> List(const staff::StaffQuery& query) override;
  absl::StatusOr<int64_t> Count() override;

  absl::Status InsertApiKey(const staff::ApiKey& key) override;
  absl::StatusOr<staff::ApiKey> GetApiKey(absl::string_view id) override;
  absl::Status UpdateApiKey(const staff::ApiKey& key) override;
  absl::StatusOr<std::vector<staff::ApiKey>> ListApiKeys(
      const staff::ApiKeyQuery& query) override;

 private:
  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_STAFF_REPOSITORY_H_
