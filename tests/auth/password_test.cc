// Staff passwords: Argon2id hashes, the rules of a chosen password, the
// random secrets of sign-in, and the bound on checks running at once.

#include "core/auth/password.h"

#include <set>
#include <string>

#include "absl/strings/match.h"
#include "core/base/error_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(PasswordHashTest, TheStoredHashIsArgon2idAndVerifiesOnlyItsPassword) {
  const absl::StatusOr<std::string> hash =
      HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_THAT(*hash, StartsWith("$argon2id$"));
  EXPECT_THAT(*hash, Not(HasSubstr("correct horse")));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordHashTest, TheSamePasswordHashesDifferentlyEachTime) {
  const absl::StatusOr<std::string> first = HashPassword("twelve chars!");
  const absl::StatusOr<std::string> second = HashPassword("twelve chars!");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);  // A fresh salt each time.
}

TEST(PasswordHashTest, TheDummyHashMatchesNoEverydayPassword) {
  EXPECT_THAT(DummyPasswordHash(), StartsWith("$argon2id$"));
  EXPECT_FALSE(VerifyPassword(DummyPasswordHash(), ""));
  EXPECT_FALSE(VerifyPassword(DummyPasswordHash(), "password1234"));
}

absl::Status Check(const std::string& password,
                   const std::string& email = "ana@clinic.example") {
  return CheckNewPassword("new_password", password, email);
}

TEST(NewPasswordRulesTest, FewerThanTwelveCharactersAreRefused) {
  const absl::Status status = Check("elevenchars");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("new_password"));
  EXPECT_THAT(status.message(), HasSubstr("at least 12 characters"));
  EXPECT_EQ(FieldViolationsOf(status).front().field, "new_password");
  EXPECT_TRUE(Check("twelve chars").ok());
}

TEST(NewPasswordRulesTest, MoreThan128CharactersAreRefused) {
  EXPECT_TRUE(Check(std::string(128, 'x')).ok());
  const absl::Status status = Check(std::string(129, 'y'));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("at most 128 characters"));
}

TEST(NewPasswordRulesTest, LengthCountsCharactersNotBytes) {
  // 12 characters of two bytes each, and 6 of them: 12 bytes.
  EXPECT_TRUE(Check("éééééééééééé").ok());
  EXPECT_EQ(Check("éééééé").code(), absl::StatusCode::kInvalidArgument);
  // 128 two-byte characters (256 bytes) are within the limit.
  std::string long_accented;
  for (int i = 0; i < 128; ++i) long_accented += "é";
  EXPECT_TRUE(Check(long_accented).ok());
}

TEST(NewPasswordRulesTest, TheMembersEmailIsRefusedWhateverItsCase) {
  const absl::Status status =
      Check("Ana.Lopez@Clinic.Example", "ana.lopez@clinic.example");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("e-mail"));
}

TEST(NewPasswordRulesTest, CommonPasswordsAreRefusedWhateverTheirCase) {
  for (const char* common : {"password1234", "Password1234", "123456789012",
                             "QWERTY123456", "iloveyou1234"}) {
    SCOPED_TRACE(common);
    const absl::Status status = Check(common);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("most common passwords"));
  }
}

TEST(RandomSecretTest, TokensAre256BitsOfUrlSafeBase64AndNeverRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, no padding.
    EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
                                      "nopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_TRUE(seen.insert(token).second);
  }
}

TEST(RandomSecretTest, TemporaryPasswordsPassTheRulesOfAChosenPassword) {
  for (int i = 0; i < 20; ++i) {
    const std::string password = RandomTemporaryPassword();
    EXPECT_EQ(password.size(), 20u);
    EXPECT_TRUE(Check(password).ok()) << password;
  }
}

TEST(PasswordCheckLimitTest, ChecksBeyondTheLimitAreRefusedWithARetryDelay) {
  PasswordCheckLimit limit(2);
  PasswordCheckLimit::Slot first = limit.TryAcquire();
  PasswordCheckLimit::Slot second = limit.TryAcquire();
  EXPECT_TRUE(first);
  EXPECT_TRUE(second);
  EXPECT_FALSE(limit.TryAcquire());
  const absl::Status refusal = PasswordCheckLimit::Refusal();
  EXPECT_EQ(refusal.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(refusal), "OVERLOADED");
  EXPECT_GT(RetryDelayOf(refusal), absl::ZeroDuration());
  first = PasswordCheckLimit::Slot();  // Given back.
  EXPECT_TRUE(limit.TryAcquire());
}

}  // namespace
}  // namespace mesoclinic::auth
