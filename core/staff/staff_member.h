#ifndef MESOCLINIC_CORE_STAFF_STAFF_MEMBER_H_
#define MESOCLINIC_CORE_STAFF_STAFF_MEMBER_H_

// Staff members, their roles and their API keys, as plain data.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::staff {

// Values match clinic.v1.Role.
enum class Role { kUnspecified = 0, kFrontDesk = 1, kPractitioner = 2,
                  kAdmin = 3 };

// "front_desk", "practitioner", "admin" (as in the docs and log lines).
absl::string_view RoleName(Role role);

struct StaffMember {
  std::string id;
  std::string display_name;
  std::string email;
  Role role = Role::kUnspecified;
  std::string licence_number;
  bool active = true;
  absl::Time create_time;
  std::optional<absl::Time> deactivate_time;
};

// An API key as stored: its hash, never the key.
struct ApiKey {
  std::string id;
  std::string staff_id;
  std::string secret_hash;  // SHA-256 of the whole key, 32 raw bytes.
  std::string description;
  absl::Time create_time;
  std::optional<absl::Time> revoke_time;
};

// Checks a staff member before it is stored: display name 1 to 100
// characters, a valid e-mail when given, a role, and a licence number for
// practitioners (1 to 50 printable characters) and only for them.
// INVALID_ARGUMENT naming the field under "staff_member".
absl::Status ValidateStaffMember(const StaffMember& member);

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_STAFF_MEMBER_H_
