#ifndef MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
#define MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/staff/staff_repository.h"

namespace mesoclinic::auth {

// The staff member a call acts for.
struct Principal {
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  std::string key_id;
};

// Identifies the caller from the value of the "authorization" metadata
// ("Bearer <api key>"), absent when the call carried none. UNAUTHENTICATED,
// saying why, when the header is missing or malformed, the key unknown or
// revoked, or its staff member deactivated. The lookup reads the current
// state, so revocation and deactivation take effect on the next call.
absl::StatusOr<Principal> Authenticate(
    std::optional<absl::string_view> authorization,
    staff::StaffRepository& staff);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
