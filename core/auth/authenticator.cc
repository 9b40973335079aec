#include "core/auth/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "core/auth/api_key_secret.h"
#include "core/base/status_macros.h"

namespace mesoclinic::auth {

absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       staff::StaffRepository& staff) {
  if (!credentials.authorization.has_value()) {
    return absl::UnauthenticatedError(
        "authorization: missing; send \"authorization: Bearer <api key>\" "
        "metadata");
  }
  const absl::string_view authorization = *credentials.authorization;
  constexpr absl::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kScheme)) {
    return absl::UnauthenticatedError(
        "authorization: must be \"Bearer <api key>\"");
  }
  const absl::string_view key =
      absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
  ASSIGN_OR_RETURN(const std::string key_id, ApiKeyId(key));
  const absl::StatusOr<staff::ApiKey> stored = staff.GetApiKey(key_id);
  if (absl::IsNotFound(stored.status()) ||
      (stored.ok() && !HashesEqual(stored->secret_hash, HashApiKey(key)))) {
    return absl::UnauthenticatedError("authorization: unknown API key");
  }
  if (!stored.ok()) return stored.status();
  if (stored->revoke_time.has_value()) {
    return absl::UnauthenticatedError(
        "authorization: this API key has been revoked");
  }
  ASSIGN_OR_RETURN(const staff::StaffMember member,
                   staff.Get(stored->staff_id));
  if (!member.active) {
    return absl::UnauthenticatedError(
        "authorization: the staff member of this API key is deactivated");
  }
  return Principal{.staff_id = member.id, .role = member.role, .key_id = key_id};
}

}  // namespace mesoclinic::auth
