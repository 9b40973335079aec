#ifndef MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
#define MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/auth/credentials.h"
#include "core/staff/staff_repository.h"

namespace mesoclinic::auth {

// The staff member a call acts for.
struct Principal {
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  // The API key the call was made with, or empty.
  std::string key_id;
  // The sign-in session the call was made in, or empty.
  std::string session_id;
};

// Identifies the caller from `credentials.authorization` ("Bearer <api
// key>"). UNAUTHENTICATED, saying why, when the header is missing or
// malformed, the key unknown or revoked, or its staff member deactivated.
// The lookup reads the current state, so revocation and deactivation take
// effect on the next call.
absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       staff::StaffRepository& staff);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
