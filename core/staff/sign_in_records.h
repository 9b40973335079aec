#ifndef MESOCLINIC_CORE_STAFF_SIGN_IN_RECORDS_H_
#define MESOCLINIC_CORE_STAFF_SIGN_IN_RECORDS_H_

// What staff sign-in stores, as plain data: a member's password hash, the
// one-time links that let a member choose a password, sign-in sessions,
// and the failed attempts counted against password guessing. Secrets are
// never here: only their hashes.

#include <optional>
#include <string>

#include "absl/time/time.h"

namespace mesoclinic::staff {

struct StaffPassword {
  std::string staff_id;
  // crypto_pwhash_str's Argon2id string ("$argon2id$v=19$...").
  std::string password_hash;
  // Set by an admin as a temporary password: the member must choose their
  // own before doing anything else.
  bool must_change_password = false;
  absl::Time set_time;
};

struct PasswordSetupLink {
  std::string token_hash;  // SHA-256 of the token, 32 raw bytes.
  std::string staff_id;
  absl::Time create_time;
  absl::Time expire_time;
  // When it was used, or replaced by a newer password or link.
  std::optional<absl::Time> end_time;
};

// Why a session ended; stored as the text in the comments.
enum class SessionEndReason {
  kSignedOut,        // "signed_out"
  kPasswordSet,      // "password_set": an admin set a password
  kPasswordChanged,  // "password_changed": by the member, elsewhere
  kDeactivated,      // "deactivated"
};
const char* SessionEndReasonName(SessionEndReason reason);

struct SignInSession {
  std::string id;
  std::string token_hash;  // SHA-256 of the token, 32 raw bytes.
  std::string staff_id;
  absl::Time create_time;
  absl::Time last_seen_time;
  // The absolute end of its life, however busy it is.
  absl::Time expire_time;
  std::optional<absl::Time> end_time;
  std::string end_reason;  // SessionEndReasonName, when ended.
  // Where the member signed in from, without the port.
  std::string client_address;
};

// Failed sign-ins counted against one subject (an account or a client
// address) in the current window.
struct SignInFailures {
  std::string subject;
  int failures = 0;
  absl::Time window_start_time;
  absl::Time last_failure_time;
  std::optional<absl::Time> locked_until_time;
};

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_SIGN_IN_RECORDS_H_
