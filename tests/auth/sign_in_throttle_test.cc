// How failed sign-ins slow down and then lock password guessing, as plain
// rules on the stored counts.

#include "core/auth/sign_in_throttle.h"

#include <optional>

#include "absl/strings/match.h"
#include "core/base/error_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

// The counts after `failures` failures one second apart from kStart.
std::optional<staff::SignInFailures> AfterFailures(int failures) {
  std::optional<staff::SignInFailures> counts;
  for (int i = 0; i < failures; ++i) {
    counts = AfterFailure(counts, "staff/ana", kStart + absl::Seconds(i));
  }
  return counts;
}

TEST(SignInThrottleTest, FourFailuresDoNotSlowTheNextAttempt) {
  const auto counts = AfterFailures(4);
  EXPECT_TRUE(CheckMayAttempt(counts, counts->last_failure_time).ok());
}

TEST(SignInThrottleTest, AfterFiveFailuresTheNextAttemptWaitsOneSecond) {
  const auto counts = AfterFailures(5);
  const absl::Time last = counts->last_failure_time;
  const absl::Status refusal = CheckMayAttempt(counts, last);
  EXPECT_EQ(refusal.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(refusal), "SIGN_IN_THROTTLED");
  EXPECT_EQ(RetryDelayOf(refusal), absl::Seconds(1));
  EXPECT_TRUE(CheckMayAttempt(counts, last + absl::Seconds(1)).ok());
}

TEST(SignInThrottleTest, TheWaitDoublesWithEachFailureUpToSixtySeconds) {
  std::optional<staff::SignInFailures> counts = AfterFailures(5);
  // Failures 6 to 9, each as soon as allowed: 2, 4, 8, 16 seconds.
  absl::Duration expected = absl::Seconds(2);
  for (int failure = 6; failure <= 9; ++failure) {
    counts = AfterFailure(counts, "staff/ana",
                          counts->last_failure_time + absl::Seconds(1));
    EXPECT_EQ(RetryDelayOf(CheckMayAttempt(counts, counts->last_failure_time)),
              expected)
        << "after failure " << failure;
    expected *= 2;
  }
  // The doubling stops at 60 seconds (failure 12 would wait 128 s).
  staff::SignInFailures many = *counts;
  many.failures = 12;
  many.locked_until_time.reset();
  EXPECT_EQ(RetryDelayOf(CheckMayAttempt(many, many.last_failure_time)),
            absl::Seconds(60));
}

TEST(SignInThrottleTest, TheTenthFailureLocksForFifteenMinutes) {
  const auto counts = AfterFailures(10);
  ASSERT_TRUE(counts->locked_until_time.has_value());
  EXPECT_TRUE(IsLocked(*counts, counts->last_failure_time));
  const absl::Status refusal =
      CheckMayAttempt(counts, counts->last_failure_time + absl::Minutes(14));
  EXPECT_EQ(refusal.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(refusal), "ACCOUNT_LOCKED");
  EXPECT_EQ(RetryDelayOf(refusal), absl::Minutes(1));
  EXPECT_THAT(refusal.message(), HasSubstr("this account is locked"));
  // Over after 15 minutes, and the count starts again.
  const absl::Time after_lock = counts->last_failure_time + absl::Minutes(15);
  EXPECT_TRUE(CheckMayAttempt(counts, after_lock).ok());
  EXPECT_EQ(AfterFailure(counts, "staff/ana", after_lock).failures, 1);
}

TEST(SignInThrottleTest, FailuresOlderThanTheWindowAreForgotten) {
  const auto counts = AfterFailures(7);
  const absl::Time later = counts->window_start_time + absl::Minutes(15);
  EXPECT_TRUE(CheckMayAttempt(counts, later).ok());
  const staff::SignInFailures next = AfterFailure(counts, "staff/ana", later);
  EXPECT_EQ(next.failures, 1);
  EXPECT_EQ(next.window_start_time, later);
}

TEST(SignInThrottleTest, AnAddressIsThrottledAndLockedLikeAnAccount) {
  std::optional<staff::SignInFailures> counts;
  for (int i = 0; i < 10; ++i) {
    counts = AfterFailure(counts, AddressSubject("ipv4:10.0.0.7:5000"),
                          kStart + absl::Minutes(i));
  }
  const absl::Status refusal = CheckMayAttempt(counts, counts->last_failure_time);
  EXPECT_EQ(ErrorReason(refusal), "ACCOUNT_LOCKED");
  EXPECT_THAT(refusal.message(), HasSubstr("this client address"));
}

TEST(SignInSubjectTest, ClientAddressesCountWithoutTheirPort) {
  EXPECT_EQ(ClientHost("ipv4:127.0.0.1:53412"), "127.0.0.1");
  EXPECT_EQ(ClientHost("ipv6:[::1]:8080"), "::1");
  EXPECT_EQ(ClientHost("192.168.1.20:443"), "192.168.1.20");
  EXPECT_EQ(ClientHost("fe80::1"), "fe80::1");
  EXPECT_EQ(AddressSubject("ipv4:127.0.0.1:1"),
            AddressSubject("ipv4:127.0.0.1:2"));
}

TEST(SignInSubjectTest, AnUnknownEmailIsCountedByItsHashNeverInClear) {
  const std::string subject = UnknownEmailSubject("Nobody@Clinic.Example");
  EXPECT_THAT(subject, StartsWith("email-sha256/"));
  EXPECT_THAT(subject, Not(HasSubstr("nobody")));
  EXPECT_THAT(subject, Not(HasSubstr("Nobody")));
  EXPECT_EQ(subject, UnknownEmailSubject("nobody@clinic.example"));
}

}  // namespace
}  // namespace mesoclinic::auth
