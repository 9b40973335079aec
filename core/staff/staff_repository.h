#ifndef MESOCLINIC_CORE_STAFF_STAFF_REPOSITORY_H_
#define MESOCLINIC_CORE_STAFF_STAFF_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::staff {

struct StaffQuery {
  std::optional<Role> role;
  bool include_inactive = false;
  // Staff after this (display-name key, id) position.
  std::optional<std::pair<std::string, std::string>> after;
  int limit = 50;
};

struct StaffPage {
  std::vector<StaffMember> staff;
  std::optional<std::pair<std::string, std::string>> next;
};

struct ApiKeyQuery {
  std::string staff_id;
  // Keys after this (create_time, id) position.
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 100;
};

// The key staff members are listed by: the display name lower-cased.
std::string DisplayNameKey(absl::string_view display_name);

class StaffRepository {
 public:
  virtual ~StaffRepository() = default;

  virtual absl::Status Insert(const StaffMember& member) = 0;
  // NOT_FOUND naming the staff member.
  virtual absl::StatusOr<StaffMember> Get(absl::string_view id) = 0;
  virtual absl::Status Update(const StaffMember& member) = 0;
  virtual absl::StatusOr<StaffPage> List(const StaffQuery& query) = 0;
  // How many staff members exist, active or not.
  virtual absl::StatusOr<int64_t> Count() = 0;

  virtual absl::Status InsertApiKey(const ApiKey& key) = 0;
  // NOT_FOUND naming the key.
  virtual absl::StatusOr<ApiKey> GetApiKey(absl::string_view id) = 0;
  virtual absl::Status UpdateApiKey(const ApiKey& key) = 0;
  // A staff member's keys, oldest first, at most query.limit of them.
  virtual absl::StatusOr<std::vector<ApiKey>> ListApiKeys(
      const ApiKeyQuery& query) = 0;
};

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_STAFF_REPOSITORY_H_
