#include "core/auth/sign_in_throttle.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/sha256.h"

namespace mesoclinic::auth {
namespace {

// The failures that still count at `now`: none once the window or the
// lock is over.
int CurrentFailures(const staff::SignInFailures& failures, absl::Time now) {
  if (failures.locked_until_time.has_value()) {
    return now < *failures.locked_until_time ? failures.failures : 0;
  }
  return now - failures.window_start_time < kFailureWindow ? failures.failures
                                                           : 0;
}

// How long after the last failure the next attempt must wait.
absl::Duration DelayAfter(int failures) {
  if (failures < kFailuresBeforeDelay) return absl::ZeroDuration();
  const int doublings = std::min(failures - kFailuresBeforeDelay, 16);
  return std::min(kMaxDelay, kFirstDelay * (1 << doublings));
}

// What the refusal says the subject is.
absl::string_view Kind(absl::string_view subject) {
  return absl::StartsWith(subject, "address/") ? "this client address"
                                               : "this account";
}

// Whole seconds, rounded up, for people.
int64_t SecondsLeft(absl::Duration left) {
  return absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1)));
}

}  // namespace

std::string AccountSubject(absl::string_view staff_id) {
  return absl::StrCat("staff/", staff_id);
}

std::string UnknownEmailSubject(absl::string_view email) {
  return absl::StrCat("email-sha256/", Sha256Hex(absl::AsciiStrToLower(email)));
}

std::string AddressSubject(absl::string_view client_address) {
  return absl::StrCat("address/", ClientHost(client_address));
}

std::string ClientHost(absl::string_view client_address) {
  absl::string_view host = client_address;
  if (const std::size_t colon = host.find(':');
      absl::StartsWith(host, "ipv4:") || absl::StartsWith(host, "ipv6:")) {
    host.remove_prefix(colon + 1);
  }
  if (absl::StartsWith(host, "[")) {  // "[::1]:8080"
    const std::size_t close = host.find(']');
    return std::string(host.substr(1, close == host.npos ? host.npos
                                                         : close - 1));
  }
  // "127.0.0.1:53412"; a bare IPv6 address has more than one colon.
  if (const std::size_t colon = host.rfind(':');
      colon != host.npos && host.find(':') == colon) {
    host = host.substr(0, colon);
  }
  return std::string(host);
}

absl::Status CheckMayAttempt(const std::optional<staff::SignInFailures>& failures,
                             absl::Time now) {
  if (!failures.has_value()) return absl::OkStatus();
  if (IsLocked(*failures, now)) {
    const absl::Duration left = *failures->locked_until_time - now;
    return WithRetryDelay(
        WithReason(absl::PermissionDeniedError(absl::StrCat(
                       "too many failed sign-ins (wrong email or password): ",
                       Kind(failures->subject), " is locked for ",
                       SecondsLeft(left),
                       " more seconds; an admin can set a new password")),
                   reasons::kAccountLocked),
        left);
  }
  const absl::Time next =
      failures->last_failure_time + DelayAfter(CurrentFailures(*failures, now));
  if (now < next) {
    return WithRetryDelay(
        WithReason(absl::ResourceExhaustedError(absl::StrCat(
                       "too many failed sign-ins (wrong email or password) "
                       "for ", Kind(failures->subject), ": wait ",
                       SecondsLeft(next - now), " seconds before trying again")),
                   reasons::kSignInThrottled),
        next - now);
  }
  return absl::OkStatus();
}

staff::SignInFailures AfterFailure(
    const std::optional<staff::SignInFailures>& failures,
    absl::string_view subject, absl::Time now) {
  staff::SignInFailures next;
  next.subject = std::string(subject);
  next.window_start_time = now;
  if (failures.has_value() && CurrentFailures(*failures, now) > 0) {
    next.failures = failures->failures;
    next.window_start_time = failures->window_start_time;
  }
  ++next.failures;
  next.last_failure_time = now;
  if (next.failures >= kFailuresBeforeLock) {
    next.locked_until_time = now + kLockDuration;
  }
  return next;
}

bool IsLocked(const staff::SignInFailures& failures, absl::Time now) {
  return failures.locked_until_time.has_value() &&
         now < *failures.locked_until_time;
}

}  // namespace mesoclinic::auth
