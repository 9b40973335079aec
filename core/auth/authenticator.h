#ifndef MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
#define MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/auth/credentials.h"
#include "core/staff/staff_repository.h"
#include "core/storage/store.h"

namespace mesoclinic::auth {

// The staff member a call acts for.
struct Principal {
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  // The API key the call was made with, or empty.
  std::string key_id;
  // The sign-in session the call was made in, or empty.
  std::string session_id;
  // In a session: the member signed in with a temporary password and may
  // only change it (MayCallBeforePasswordChange).
  bool must_change_password = false;
  // In a session: its last_seen_time is a minute old or more, and should
  // be moved to now (after the call, not in its way).
  bool session_needs_touch = false;
};

// How long a session lives at most, however busy it is.
inline constexpr absl::Duration kSessionLifetime = absl::Hours(12);
// How stale a session's last_seen_time may be before a call refreshes it:
// the idle timeout is kept to within this, and a busy session writes at
// most once this often.
inline constexpr absl::Duration kSessionTouchInterval = absl::Minutes(1);

// Identifies the caller from `credentials.authorization` ("Bearer <api
// key>"). UNAUTHENTICATED, saying why, when the header is missing or
// malformed, the key unknown or revoked, or its staff member deactivated.
// The lookup reads the current state, so revocation and deactivation take
// effect on the next call.
absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       staff::StaffRepository& staff);

// Identifies the caller by the API key (as above) or, when the call has no
// authorization, by `credentials.session_token`: a sign-in session that is
// known, not ended, not past its lifetime (kSessionLifetime), not unused
// longer than the clinic's sign-in idle timeout at `now`, of an active
// staff member. A session acts with its member's role, as their API keys
// do. UNAUTHENTICATED saying why otherwise.
absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       storage::Transaction& transaction,
                                       absl::Time now);

// The clinic's sign-in idle timeout (ClinicSettings), or its default
// before the clinic has settings.
absl::StatusOr<absl::Duration> SignInIdleTimeout(
    storage::Transaction& transaction);

// Whether a session whose member must change a temporary password may
// call `method`: only ChangePassword, SignOut and StaffService.GetCaller.
bool MayCallBeforePasswordChange(absl::string_view method);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_AUTHENTICATOR_H_
