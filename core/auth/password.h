#ifndef MESOCLINIC_CORE_AUTH_PASSWORD_H_
#define MESOCLINIC_CORE_AUTH_PASSWORD_H_

// Staff passwords: Argon2id hashes (libsodium's crypto_pwhash_str, the
// interactive cost: 64 MiB and tens of milliseconds per hash, on purpose),
// the rules a new password must pass (NIST SP 800-63B), and the random
// secrets of sign-in. A password is never stored, logged or returned: only
// its hash is kept.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace mesoclinic::auth {

inline constexpr int kMinPasswordLength = 12;   // characters
inline constexpr int kMaxPasswordLength = 128;  // characters

// Argon2id hash of `password` with a fresh salt. Slow: never call it in a
// storage write transaction.
absl::StatusOr<std::string> HashPassword(absl::string_view password);

// Whether `password` matches `hash`. As slow as HashPassword.
bool VerifyPassword(absl::string_view hash, absl::string_view password);

// A hash no password is known to match, verified against when the e-mail
// is unknown, so that an unknown e-mail costs the same time as a known one.
const std::string& DummyPasswordHash();

// The rules of a password a person chooses: 12 to 128 characters (any,
// spaces included, but no control characters), not their e-mail address
// (`email`; empty: not checked), not one of the most common passwords.
// INVALID_ARGUMENT naming `field` and the rule broken.
absl::Status CheckNewPassword(absl::string_view field,
                              absl::string_view password,
                              absl::string_view email);

// 32 random bytes from the operating system, URL-safe base64 without
// padding: a session token or a setup token.
std::string RandomToken();

// A strong random password an admin hands over once: 20 characters.
std::string RandomTemporaryPassword();

// Bounds how many password checks run at once: each takes 64 MiB and a core
// for tens of milliseconds, so a burst of sign-ins must not take the
// machine. Callers beyond the bound are refused, not queued.
class PasswordCheckLimit {
 public:
  explicit PasswordCheckLimit(int max_at_once) : max_(max_at_once) {}

  // A place among the checks running; empty when there was none.
  class Slot {
   public:
    Slot() = default;
    explicit Slot(PasswordCheckLimit* limit) : limit_(limit) {}
    Slot(Slot&& other) noexcept : limit_(other.limit_) { other.limit_ = nullptr; }
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();
    explicit operator bool() const { return limit_ != nullptr; }

   private:
    PasswordCheckLimit* limit_ = nullptr;
  };

  Slot TryAcquire();

  // RESOURCE_EXHAUSTED, reason OVERLOADED, with a short retry delay.
  static absl::Status Refusal();

 private:
  void Release();

  const int max_;
  absl::Mutex mutex_;
  int running_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_PASSWORD_H_
