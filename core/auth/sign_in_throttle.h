#ifndef MESOCLINIC_CORE_AUTH_SIGN_IN_THROTTLE_H_
#define MESOCLINIC_CORE_AUTH_SIGN_IN_THROTTLE_H_

// How failed sign-ins slow down and then stop password guessing. Failures
// are counted per subject, an account and a client address alike, in a
// window of 15 minutes: after 5 the next attempt must wait (1 second,
// doubling with each further failure, at most 60), and the 10th locks the
// subject for 15 minutes. A waiting or locked subject's attempts are
// refused without checking the password, so a correct password does not
// open a lock early; only time, or an admin setting the member's password,
// does.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/staff/sign_in_records.h"

namespace mesoclinic::auth {

inline constexpr int kFailuresBeforeDelay = 5;
inline constexpr int kFailuresBeforeLock = 10;
inline constexpr absl::Duration kFailureWindow = absl::Minutes(15);
inline constexpr absl::Duration kLockDuration = absl::Minutes(15);
inline constexpr absl::Duration kFirstDelay = absl::Seconds(1);
inline constexpr absl::Duration kMaxDelay = absl::Seconds(60);

// The subjects failures are counted against, which are also the resources
// the audit trail names: "staff/<id>"; "email-sha256/<hex>" for an e-mail
// no active staff member has (never the e-mail itself); and
// "address/<host>" for a client address.
std::string AccountSubject(absl::string_view staff_id);
std::string UnknownEmailSubject(absl::string_view email);
std::string AddressSubject(absl::string_view client_address);

// The host of a transport's peer address, without scheme and port:
// "ipv4:127.0.0.1:53412" -> "127.0.0.1", "ipv6:[::1]:8080" -> "::1".
std::string ClientHost(absl::string_view client_address);

// OK when `subject` may attempt a sign-in at `now`. Otherwise
// RESOURCE_EXHAUSTED with reason SIGN_IN_THROTTLED, or PERMISSION_DENIED
// with reason ACCOUNT_LOCKED, each with a RetryInfo of the time left.
absl::Status CheckMayAttempt(const std::optional<staff::SignInFailures>& failures,
                             absl::Time now);

// The count after one more failure of `subject` at `now`.
staff::SignInFailures AfterFailure(
    const std::optional<staff::SignInFailures>& failures,
    absl::string_view subject, absl::Time now);

// Whether `failures` hold a lock at `now`.
bool IsLocked(const staff::SignInFailures& failures, absl::Time now);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_SIGN_IN_THROTTLE_H_
