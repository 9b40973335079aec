// Staff sign-in on a real SQLite store, without a server: sessions and what
// ends them, auth::Authenticate with a session token, throttling and locks
// per account and per client address, the audit trail, and that no secret
// is stored in clear.

#include "core/auth/sign_in.h"

#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "core/audit/audit_event.h"
#include "core/auth/authenticator.h"
#include "core/auth/password.h"
#include "core/base/error_details.h"
#include "core/base/resource_name.h"
#include "core/base/sha256.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::auth {
namespace {

using staff::Role;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);
constexpr char kHere[] = "ipv4:192.0.2.10:40000";
constexpr char kElsewhere[] = "ipv4:198.51.100.20:40000";
constexpr char kAnaPassword[] = "ana's own long password";

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open();
    ana_ = AddMember("ana@clinic.example", Role::kPractitioner, kAnaPassword);
  }

  void Open() {
    absl::StatusOr<std::unique_ptr<storage::SqliteStore>> store =
        storage::SqliteStore::Open(
            {.path = dir_.File("clinic.db"), .require_audited_changes = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    desk_ = std::make_unique<SignInDesk>(*store_);
  }

  // Closes the store and opens the file again: what a restart keeps.
  void Reopen() {
    desk_.reset();
    store_.reset();
    Open();
  }

  void Write(storage::Store::WriteFn fn) {
    ASSERT_TRUE(store_->WriteAndWait(std::move(fn)).ok());
  }

  // A new active staff member with `email` and `password`; their id.
  std::string AddMember(const std::string& email, Role role,
                        const std::string& password,
                        bool must_change = false) {
    const std::string id = NewResourceId();
    const absl::StatusOr<std::string> hash = HashPassword(password);
    EXPECT_TRUE(hash.ok());
    Write([&](storage::Transaction& transaction) -> absl::Status {
      absl::Status inserted = transaction.staff().Insert(
          {.id = id, .display_name = email, .email = email, .role = role,
           .licence_number = role == Role::kPractitioner ? "RPPS-1" : "",
           .create_time = kStart - absl::Hours(1)});
      if (!inserted.ok()) return inserted;
      return transaction.sign_in().PutPassword(
          {.staff_id = id, .password_hash = *hash,
           .must_change_password = must_change,
           .set_time = kStart - absl::Hours(1)});
    });
    return id;
  }

  absl::StatusOr<SignedIn> SignIn(const std::string& email,
                                  const std::string& password, absl::Time at,
                                  const std::string& address = kHere) {
    std::promise<absl::StatusOr<SignedIn>> answered;
    desk_->SignIn({.email = email, .password = password,
                   .client_address = address, .now = at},
                  [&](absl::StatusOr<SignedIn> result) {
                    answered.set_value(std::move(result));
                  });
    return answered.get_future().get();
  }

  absl::StatusOr<staff::StaffMember> ChangePassword(
      const std::string& staff_id, const std::string& session_id,
      const std::string& current, const std::string& replacement,
      absl::Time at) {
    std::promise<absl::StatusOr<staff::StaffMember>> answered;
    desk_->ChangePassword(
        {.staff_id = staff_id, .session_id = session_id,
         .role = Role::kPractitioner, .current_password = current,
         .new_password = replacement, .now = at},
        [&](absl::StatusOr<staff::StaffMember> result) {
          answered.set_value(std::move(result));
        });
    return answered.get_future().get();
  }

  absl::StatusOr<staff::StaffMember> CompleteSetup(const std::string& token,
                                                   const std::string& password,
                                                   absl::Time at) {
    std::promise<absl::StatusOr<staff::StaffMember>> answered;
    desk_->CompletePasswordSetup(
        {.token = token, .new_password = password, .now = at},
        [&](absl::StatusOr<staff::StaffMember> result) {
          answered.set_value(std::move(result));
        });
    return answered.get_future().get();
  }

  absl::StatusOr<Principal> AuthenticateToken(const std::string& token,
                                              absl::Time at) {
    absl::StatusOr<Principal> principal;
    const absl::Status read = store_->Read([&](storage::Transaction& transaction) {
      principal = Authenticate({.session_token = token}, transaction, at);
      return absl::OkStatus();
    });
    EXPECT_TRUE(read.ok());
    return principal;
  }

  void Touch(const std::string& session_id, absl::Time at) {
    Write([&](storage::Transaction& transaction) {
      return transaction.sign_in().TouchSession(session_id, at);
    });
  }

  void SetIdleTimeout(absl::Duration idle_timeout) {
    scheduling::ClinicSettings settings;
    settings.sign_in_idle_timeout = idle_timeout;
    Write([&](storage::Transaction& transaction) {
      return transaction.scheduling().PutSettings(settings);
    });
  }

  std::vector<audit::AuditEvent> AuditTrail(const std::string& method) {
    std::vector<audit::AuditEvent> events;
    EXPECT_TRUE(store_->Read([&](storage::Transaction& transaction) {
      absl::StatusOr<std::vector<audit::AuditEvent>> listed =
          transaction.audit().List({.method = method, .limit = 1000});
      if (listed.ok()) events = *std::move(listed);
      return listed.status();
    }).ok());
    return events;
  }

  std::vector<absl::StatusCode> Outcomes(const std::string& method) {
    std::vector<absl::StatusCode> outcomes;
    for (const audit::AuditEvent& event : AuditTrail(method)) {
      outcomes.push_back(event.outcome);
    }
    return outcomes;
  }

  // Signs in with a wrong password `count` times, each as soon as the
  // throttle allows it, from `start`; the time of the last attempt.
  absl::Time FailRepeatedly(const std::string& email, int count,
                            absl::Time start,
                            const std::string& address = kHere) {
    absl::Time at = start;
    for (int i = 0; i < count; ++i) {
      absl::StatusOr<SignedIn> result = SignIn(email, "not the password", at,
                                               address);
      if (ErrorReason(result.status()) == "SIGN_IN_THROTTLED") {
        at += RetryDelayOf(result.status());
        result = SignIn(email, "not the password", at, address);
      }
      EXPECT_EQ(ErrorReason(result.status()), "SIGN_IN_FAILED") << "attempt "
                                                                << i + 1;
      at += absl::Milliseconds(100);
    }
    return at;
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<SignInDesk> desk_;
  std::string ana_;
};

TEST_F(SignInTest, SignInGivesASessionThatAuthenticatesWithTheMembersRole) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status();
  EXPECT_EQ(signed_in->member.id, ana_);
  EXPECT_FALSE(signed_in->must_change_password);
  EXPECT_EQ(signed_in->session.expire_time, kStart + absl::Hours(12));
  EXPECT_EQ(signed_in->idle_timeout, absl::Minutes(15));
  EXPECT_EQ(signed_in->session.client_address, "192.0.2.10");

  const absl::StatusOr<Principal> principal =
      AuthenticateToken(signed_in->session_token, kStart + absl::Minutes(1));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->staff_id, ana_);
  EXPECT_EQ(principal->role, Role::kPractitioner);
  EXPECT_EQ(principal->session_id, signed_in->session.id);
  EXPECT_THAT(principal->key_id, IsEmpty());
}

TEST_F(SignInTest, TheEmailIsMatchedWithoutRegardToCase) {
  EXPECT_TRUE(SignIn("Ana@Clinic.EXAMPLE", kAnaPassword, kStart).ok());
}

TEST_F(SignInTest, AnUnknownTokenIsUnauthenticated) {
  const absl::StatusOr<Principal> principal =
      AuthenticateToken(RandomToken(), kStart);
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(principal.status().message(), HasSubstr("session: unknown"));
}

TEST_F(SignInTest, AnApiKeyIsPreferredWhenACallSendsBoth) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  absl::StatusOr<Principal> principal;
  ASSERT_TRUE(store_->Read([&](storage::Transaction& transaction) {
    principal = Authenticate({.authorization = "Bearer not-a-key",
                              .session_token = signed_in->session_token},
                             transaction, kStart);
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(principal.status().message(), HasSubstr("authorization"));
}

TEST_F(SignInTest, ASessionEndsAfterTheIdleTimeout) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  const std::string& token = signed_in->session_token;
  EXPECT_TRUE(AuthenticateToken(token, kStart + absl::Minutes(15)).ok());
  const absl::StatusOr<Principal> idle =
      AuthenticateToken(token, kStart + absl::Minutes(16));
  EXPECT_EQ(idle.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(idle.status().message(), HasSubstr("unused"));
}

TEST_F(SignInTest, UseKeepsASessionAliveWithinTheIdleTimeout) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  Touch(signed_in->session.id, kStart + absl::Minutes(10));
  EXPECT_TRUE(
      AuthenticateToken(signed_in->session_token, kStart + absl::Minutes(24))
          .ok());
}

TEST_F(SignInTest, TheIdleTimeoutIsTheClinicsSetting) {
  SetIdleTimeout(absl::Minutes(30));
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  EXPECT_EQ(signed_in->idle_timeout, absl::Minutes(30));
  EXPECT_TRUE(
      AuthenticateToken(signed_in->session_token, kStart + absl::Minutes(29))
          .ok());
  EXPECT_FALSE(
      AuthenticateToken(signed_in->session_token, kStart + absl::Minutes(31))
          .ok());
}

TEST_F(SignInTest, ACallNotesASessionsUseAtMostOnceAMinute) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  const absl::StatusOr<Principal> soon =
      AuthenticateToken(signed_in->session_token, kStart + absl::Seconds(59));
  ASSERT_TRUE(soon.ok());
  EXPECT_FALSE(soon->session_needs_touch);
  const absl::StatusOr<Principal> later =
      AuthenticateToken(signed_in->session_token, kStart + absl::Seconds(61));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->session_needs_touch);
}

TEST_F(SignInTest, ASessionEndsAfterItsLifetimeHoweverBusy) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  for (absl::Duration used = absl::Minutes(10); used < absl::Hours(12);
       used += absl::Minutes(10)) {
    Touch(signed_in->session.id, kStart + used);
  }
  EXPECT_TRUE(AuthenticateToken(signed_in->session_token,
                                kStart + absl::Hours(12) - absl::Seconds(1))
                  .ok());
  const absl::StatusOr<Principal> expired =
      AuthenticateToken(signed_in->session_token, kStart + absl::Hours(12));
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(expired.status().message(), HasSubstr("12h"));
}

TEST_F(SignInTest, AnEndedSessionNoLongerAuthenticates) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  Write([&](storage::Transaction& transaction) {
    return transaction.sign_in()
        .EndSession(signed_in->session.id, kStart + absl::Minutes(1),
                    staff::SessionEndReason::kSignedOut)
        .status();
  });
  const absl::StatusOr<Principal> ended =
      AuthenticateToken(signed_in->session_token, kStart + absl::Minutes(2));
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(ended.status().message(), HasSubstr("signed_out"));
}

TEST_F(SignInTest, ADeactivatedMembersSessionNoLongerAuthenticates) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  staff::StaffMember member = signed_in->member;
  member.active = false;
  member.deactivate_time = kStart;
  Write([&](storage::Transaction& transaction) {
    return transaction.staff().Update(member);
  });
  EXPECT_EQ(AuthenticateToken(signed_in->session_token, kStart).status().code(),
            absl::StatusCode::kUnauthenticated);
  // And a deactivated member cannot sign in: the same answer as a stranger.
  EXPECT_EQ(ErrorReason(SignIn("ana@clinic.example", kAnaPassword,
                               kStart + absl::Seconds(1))
                            .status()),
            "SIGN_IN_FAILED");
}

TEST_F(SignInTest, AWrongPasswordAndAnUnknownEmailGiveTheSameAnswer) {
  const absl::Status wrong_password =
      SignIn("ana@clinic.example", "not ana's password", kStart).status();
  const absl::Status unknown_email =
      SignIn("nobody@clinic.example", kAnaPassword, kStart).status();
  EXPECT_EQ(wrong_password.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong_password.message(), "email or password is wrong");
  EXPECT_EQ(ErrorReason(wrong_password), "SIGN_IN_FAILED");
  EXPECT_EQ(unknown_email.code(), wrong_password.code());
  EXPECT_EQ(unknown_email.message(), wrong_password.message());
  EXPECT_EQ(ErrorReason(unknown_email), ErrorReason(wrong_password));
}

TEST_F(SignInTest, MissingFieldsAreRefusedNamingThem) {
  const absl::Status status = SignIn("", "", kStart).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("email"));
  EXPECT_THAT(status.message(), HasSubstr("password"));
  EXPECT_THAT(AuditTrail(kSignInMethod), IsEmpty());
}

TEST_F(SignInTest, AfterFiveFailuresTheAccountWaitsWithoutCheckingThePassword) {
  const absl::Time last = FailRepeatedly("ana@clinic.example", 5, kStart);
  // The right password, too soon: refused unchecked.
  const absl::Status throttled =
      SignIn("ana@clinic.example", kAnaPassword, last).status();
  EXPECT_EQ(throttled.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(throttled), "SIGN_IN_THROTTLED");
  EXPECT_GT(RetryDelayOf(throttled), absl::ZeroDuration());
  EXPECT_LE(RetryDelayOf(throttled), absl::Seconds(1));
  // Once waited, the right password works and the count starts again.
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword,
                     last + absl::Seconds(1))
                  .ok());
  EXPECT_EQ(ErrorReason(SignIn("ana@clinic.example", "wrong again!",
                               last + absl::Seconds(2))
                            .status()),
            "SIGN_IN_FAILED");
}

TEST_F(SignInTest, TenFailuresLockTheAccountEvenAgainstTheRightPassword) {
  const absl::Time last = FailRepeatedly("ana@clinic.example", 10, kStart);
  const absl::Status locked =
      SignIn("ana@clinic.example", kAnaPassword, last + absl::Minutes(14),
             kElsewhere)
          .status();
  EXPECT_EQ(locked.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(locked), "ACCOUNT_LOCKED");
  EXPECT_GT(RetryDelayOf(locked), absl::ZeroDuration());
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword,
                     last + absl::Minutes(15), kElsewhere)
                  .ok());
}

TEST_F(SignInTest, FailuresFromOneAddressThrottleEveryAccountSignedInFromIt) {
  // Guessing at many e-mails from one address.
  absl::Time at = kStart;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(ErrorReason(SignIn(absl::StrCat("guess", i, "@clinic.example"),
                                 "password guess", at)
                              .status()),
              "SIGN_IN_FAILED");
    at += absl::Milliseconds(100);
  }
  EXPECT_EQ(ErrorReason(SignIn("ana@clinic.example", kAnaPassword, at).status()),
            "SIGN_IN_THROTTLED");
  // Another address is not held up.
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword, at, kElsewhere).ok());
}

TEST_F(SignInTest, TenFailuresFromOneAddressLockTheAddress) {
  absl::Time at = kStart;
  for (int i = 0; i < 10; ++i) {
    at = FailRepeatedly(absl::StrCat("guess", i, "@clinic.example"), 1, at);
  }
  EXPECT_EQ(ErrorReason(SignIn("ana@clinic.example", kAnaPassword, at).status()),
            "ACCOUNT_LOCKED");
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword, at, kElsewhere).ok());
}

TEST_F(SignInTest, ALockSurvivesARestart) {
  const absl::Time last = FailRepeatedly("ana@clinic.example", 10, kStart);
  Reopen();
  EXPECT_EQ(ErrorReason(SignIn("ana@clinic.example", kAnaPassword,
                               last + absl::Minutes(1), kElsewhere)
                            .status()),
            "ACCOUNT_LOCKED");
}

TEST_F(SignInTest, EveryOutcomeIsAuditedAndAnUnknownEmailOnlyByItsHash) {
  ASSERT_TRUE(SignIn("ana@clinic.example", kAnaPassword, kStart).ok());
  SignIn("stranger@clinic.example", "some password", kStart,
         "ipv4:203.0.113.5:1000")
      .IgnoreError();
  const absl::Time last = FailRepeatedly("ana@clinic.example", 10, kStart);
  SignIn("ana@clinic.example", kAnaPassword, last, kElsewhere).IgnoreError();

  const std::vector<audit::AuditEvent> events = AuditTrail(kSignInMethod);
  std::vector<absl::StatusCode> outcomes;
  for (const audit::AuditEvent& event : events) outcomes.push_back(event.outcome);
  EXPECT_THAT(outcomes, Contains(absl::StatusCode::kOk));                 // in
  EXPECT_THAT(outcomes, Contains(absl::StatusCode::kUnauthenticated));    // failed
  EXPECT_THAT(outcomes, Contains(absl::StatusCode::kResourceExhausted));  // throttled
  EXPECT_THAT(outcomes, Contains(absl::StatusCode::kPermissionDenied));   // locked
  const audit::AuditEvent& first = events.front();
  EXPECT_EQ(first.staff_id, ana_);
  EXPECT_EQ(first.resource, "staff/" + ana_);
  const audit::AuditEvent& stranger = events[1];
  EXPECT_THAT(stranger.staff_id, IsEmpty());
  EXPECT_THAT(stranger.resource, StartsWith("email-sha256/"));
  for (const audit::AuditEvent& event : events) {
    EXPECT_THAT(event.resource, Not(HasSubstr("stranger")));
  }
}

TEST_F(SignInTest, NoPasswordTokenOrUnknownEmailIsStoredInClear) {
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(signed_in.ok());
  SignIn("stranger.secret@clinic.example", "a guessed password", kStart)
      .IgnoreError();
  const std::string token = signed_in->session_token;
  Reopen();
  desk_.reset();
  store_.reset();  // Everything on disk.
  std::string stored;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream file(dir_.File(std::string("clinic.db") + suffix),
                       std::ios::binary);
    stored.append(std::istreambuf_iterator<char>(file), {});
  }
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.find(kAnaPassword), std::string::npos);
  EXPECT_EQ(stored.find("a guessed password"), std::string::npos);
  EXPECT_EQ(stored.find(token), std::string::npos);
  EXPECT_EQ(stored.find("stranger.secret"), std::string::npos);
  EXPECT_NE(stored.find("$argon2id$"), std::string::npos);
}

TEST_F(SignInTest, ATemporaryPasswordsSessionMayOnlyChangeIt) {
  const std::string ben = AddMember("ben@clinic.example", Role::kFrontDesk,
                                    "temporary password 1", true);
  const absl::StatusOr<SignedIn> signed_in =
      SignIn("ben@clinic.example", "temporary password 1", kStart);
  ASSERT_TRUE(signed_in.ok());
  EXPECT_TRUE(signed_in->must_change_password);
  absl::StatusOr<Principal> principal =
      AuthenticateToken(signed_in->session_token, kStart);
  ASSERT_TRUE(principal.ok());
  EXPECT_TRUE(principal->must_change_password);
  EXPECT_TRUE(MayCallBeforePasswordChange(kChangePasswordMethod));
  EXPECT_TRUE(MayCallBeforePasswordChange("/clinic.v1.SignInService/SignOut"));
  EXPECT_TRUE(MayCallBeforePasswordChange("/clinic.v1.StaffService/GetCaller"));
  EXPECT_FALSE(
      MayCallBeforePasswordChange("/clinic.v1.PatientService/GetPatient"));

  ASSERT_TRUE(ChangePassword(ben, signed_in->session.id, "temporary password 1",
                             "ben's chosen password", kStart)
                  .ok());
  principal = AuthenticateToken(signed_in->session_token, kStart);
  ASSERT_TRUE(principal.ok());
  EXPECT_FALSE(principal->must_change_password);
}

TEST_F(SignInTest, ChangingThePasswordEndsTheOtherSessionsOnly) {
  const absl::StatusOr<SignedIn> here =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  const absl::StatusOr<SignedIn> there =
      SignIn("ana@clinic.example", kAnaPassword, kStart, kElsewhere);
  ASSERT_TRUE(here.ok() && there.ok());
  ASSERT_TRUE(ChangePassword(ana_, here->session.id, kAnaPassword,
                             "ana's brand new password", kStart)
                  .ok());
  EXPECT_TRUE(AuthenticateToken(here->session_token, kStart).ok());
  const absl::StatusOr<Principal> other =
      AuthenticateToken(there->session_token, kStart);
  EXPECT_THAT(other.status().message(), HasSubstr("password_changed"));
  EXPECT_FALSE(SignIn("ana@clinic.example", kAnaPassword, kStart).ok());
  EXPECT_TRUE(
      SignIn("ana@clinic.example", "ana's brand new password", kStart).ok());
  EXPECT_THAT(Outcomes(kChangePasswordMethod),
              ::testing::ElementsAre(absl::StatusCode::kOk));
}

TEST_F(SignInTest, AWrongCurrentPasswordChangesNothingAndCountsAsAFailure) {
  const absl::Status wrong =
      ChangePassword(ana_, "", "not ana's password", "ana's brand new password",
                     kStart)
          .status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(wrong), "SIGN_IN_FAILED");
  EXPECT_THAT(wrong.message(), HasSubstr("current_password"));
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword, kStart).ok());
  EXPECT_THAT(Outcomes(kChangePasswordMethod),
              ::testing::ElementsAre(absl::StatusCode::kUnauthenticated));
}

TEST_F(SignInTest, ANewPasswordMustPassTheRules) {
  const absl::Status status =
      ChangePassword(ana_, "", kAnaPassword, "short", kStart).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("new_password"));
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword, kStart).ok());
}

class PasswordSetupTest : public SignInTest {
 protected:
  // A setup link for Ana, made at kStart; its token.
  std::string AddLink() {
    const std::string token = RandomToken();
    Write([&](storage::Transaction& transaction) {
      return transaction.sign_in().InsertSetupLink(
          {.token_hash = Sha256(token), .staff_id = ana_,
           .create_time = kStart,
           .expire_time = kStart + kSetupLinkLifetime});
    });
    return token;
  }
};

TEST_F(PasswordSetupTest, ALinkSetsThePasswordOnceAndEndsTheSessions) {
  const absl::StatusOr<SignedIn> before =
      SignIn("ana@clinic.example", kAnaPassword, kStart);
  ASSERT_TRUE(before.ok());
  const std::string token = AddLink();
  ASSERT_TRUE(CompleteSetup(token, "a password from the link", kStart).ok());
  EXPECT_FALSE(AuthenticateToken(before->session_token, kStart).ok());
  EXPECT_TRUE(
      SignIn("ana@clinic.example", "a password from the link", kStart).ok());
  const absl::Status again =
      CompleteSetup(token, "another password here", kStart).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(again.message(), HasSubstr("token"));
}

TEST_F(PasswordSetupTest, AnExpiredLinkIsRefused) {
  const std::string token = AddLink();
  const absl::Status expired =
      CompleteSetup(token, "a password from the link", kStart + absl::Hours(72))
          .status();
  EXPECT_EQ(expired.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(expired.message(), HasSubstr("expired"));
  EXPECT_TRUE(SignIn("ana@clinic.example", kAnaPassword, kStart).ok());
}

}  // namespace
}  // namespace mesoclinic::auth
