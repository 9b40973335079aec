#ifndef MESOCLINIC_CORE_AUTH_SIGN_IN_H_
#define MESOCLINIC_CORE_AUTH_SIGN_IN_H_

// Signing staff in with a password, changing it, and setting it from a
// setup link: the decisions, on plain values, with no gRPC.
//
// A password check is slow on purpose (Argon2id), so it never runs in a
// storage write transaction, where it would hold up every write of the
// clinic: each operation reads what it needs in a read snapshot, checks
// the password on the calling thread (at most PasswordCheckLimit at once),
// then records the outcome, with its audit records, in one write. Each
// operation answers through `done`, once, on the store's thread or the
// caller's.

#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/auth/password.h"
#include "core/staff/sign_in_records.h"
#include "core/staff/staff_member.h"
#include "core/storage/store.h"

namespace mesoclinic::auth {

// The methods whose audit records these operations write.
inline constexpr char kSignInMethod[] = "/clinic.v1.SignInService/SignIn";
inline constexpr char kChangePasswordMethod[] =
    "/clinic.v1.SignInService/ChangePassword";
inline constexpr char kCompletePasswordSetupMethod[] =
    "/clinic.v1.SignInService/CompletePasswordSetup";

// How long a setup link works.
inline constexpr absl::Duration kSetupLinkLifetime = absl::Hours(72);

struct SignInAttempt {
  std::string email;
  std::string password;
  // The transport's peer address; throttled per host.
  std::string client_address;
  absl::Time now;
  // "grpc" or "connect", for the audit records.
  std::string transport;
};

struct SignedIn {
  // Shown once; only its SHA-256 is stored.
  std::string session_token;
  staff::SignInSession session;
  staff::StaffMember member;
  bool must_change_password = false;
  absl::Duration idle_timeout;
};

struct PasswordChange {
  std::string staff_id;
  // The session the change is made in, which stays open; empty with an API
  // key.
  std::string session_id;
  staff::Role role = staff::Role::kUnspecified;
  std::string current_password;
  std::string new_password;
  absl::Time now;
  std::string transport;
};

struct PasswordSetup {
  std::string token;
  std::string new_password;
  absl::Time now;
  std::string transport;
};

class SignInDesk {
 public:
  // At most this many password checks at once, server-wide.
  static constexpr int kMaxPasswordChecks = 2;

  explicit SignInDesk(storage::Store& store,
                      int max_password_checks = kMaxPasswordChecks)
      : store_(store), checks_(max_password_checks) {}

  // A new session for the active staff member with this e-mail and
  // password. UNAUTHENTICATED (SIGN_IN_FAILED) for a wrong e-mail or
  // password alike, after the same work; SIGN_IN_THROTTLED or
  // ACCOUNT_LOCKED (sign_in_throttle.h) without checking the password.
  // Every outcome but an overload is audited.
  void SignIn(SignInAttempt attempt,
              absl::AnyInvocable<void(absl::StatusOr<SignedIn>)> done);

  // Replaces the member's password after checking the current one (a wrong
  // one counts as a failed sign-in of the account); ends their other
  // sessions.
  void ChangePassword(
      PasswordChange change,
      absl::AnyInvocable<void(absl::StatusOr<staff::StaffMember>)> done);

  // Sets the password of the setup link's member; the link is used up and
  // the member's sessions end.
  void CompletePasswordSetup(
      PasswordSetup setup,
      absl::AnyInvocable<void(absl::StatusOr<staff::StaffMember>)> done);

 private:
  storage::Store& store_;
  PasswordCheckLimit checks_;
};

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_SIGN_IN_H_
