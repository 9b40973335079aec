#include "core/auth/password.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/field_rules.h"

namespace mesoclinic::auth {
namespace {

// libsodium must be initialized once before use; it is thread-safe after.
void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) {
      spdlog::critical("libsodium cannot be initialized");
      std::abort();
    }
  });
}

// The most common passwords long enough to pass the length rule (from the
// published breach corpora's top lists), compared without regard to case.
constexpr absl::string_view kCommonPasswords[] = {
    "123456789012", "1234567890123", "12345678901234", "123123123123",
    "111111111111", "000000000000", "aaaaaaaaaaaa", "abcdefghijkl",
    "abc123456789", "password1234", "password12345", "password123!",
    "passwordpassword", "qwertyuiop12", "qwerty123456", "qwertyuiopasdf",
    "1q2w3e4r5t6y", "1qaz2wsx3edc", "iloveyou1234", "letmein12345",
    "welcome12345", "welcome123456", "changeme1234", "administrator",
    "adminadmin123", "football1234", "baseball1234", "sunshine1234",
    "princess1234", "monkey123456", "dragon123456", "trustno1trustno1",
    "mesoclinic123", "mesotherapy1", "mesotherapy123",
};

// Characters, not bytes: a UTF-8 continuation byte does not start one.
int CharacterCount(absl::string_view text) {
  int count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string UrlSafeBase64(const unsigned char* bytes, std::size_t size) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(size, kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, size, kVariant);
  text.resize(text.size() - 1);  // The terminating NUL.
  return text;
}

}  // namespace

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return absl::ResourceExhaustedError(
        "not enough memory to hash the password; try again");
  }
  return std::string(hash);
}

bool VerifyPassword(absl::string_view hash, absl::string_view password) {
  InitSodium();
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(),
                                  password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string* const kDummy = [] {
    absl::StatusOr<std::string> hash = HashPassword(RandomToken());
    if (!hash.ok()) {
      spdlog::critical("cannot make the dummy password hash: {}",
                       hash.status().ToString());
      std::abort();
    }
    return new std::string(*std::move(hash));
  }();
  return *kDummy;
}

absl::Status CheckNewPassword(absl::string_view field,
                              absl::string_view password,
                              absl::string_view email) {
  const int length = CharacterCount(password);
  if (length < kMinPasswordLength) {
    return FieldError(field, absl::StrCat("must have at least ",
                                          kMinPasswordLength, " characters"));
  }
  if (length > kMaxPasswordLength) {
    return FieldError(field, absl::StrCat("must have at most ",
                                          kMaxPasswordLength, " characters"));
  }
  for (const char c : password) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return FieldError(field, "must not contain control characters");
    }
  }
  if (!email.empty() && absl::EqualsIgnoreCase(password, email)) {
    return FieldError(field, "must not be your e-mail address");
  }
  for (const absl::string_view common : kCommonPasswords) {
    if (absl::EqualsIgnoreCase(password, common)) {
      return FieldError(field,
                        "is one of the most common passwords; choose another");
    }
  }
  return absl::OkStatus();
}

std::string RandomToken() {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return UrlSafeBase64(bytes, sizeof bytes);
}

std::string RandomTemporaryPassword() {
  InitSodium();
  // 15 bytes: 120 bits, 20 characters of URL-safe base64.
  unsigned char bytes[15];
  randombytes_buf(bytes, sizeof bytes);
  return UrlSafeBase64(bytes, sizeof bytes);
}

PasswordCheckLimit::Slot& PasswordCheckLimit::Slot::operator=(
    Slot&& other) noexcept {
  if (this != &other) {
    if (limit_ != nullptr) limit_->Release();
    limit_ = other.limit_;
    other.limit_ = nullptr;
  }
  return *this;
}

PasswordCheckLimit::Slot::~Slot() {
  if (limit_ != nullptr) limit_->Release();
}

PasswordCheckLimit::Slot PasswordCheckLimit::TryAcquire() {
  absl::MutexLock lock(&mutex_);
  if (running_ >= max_) return Slot();
  ++running_;
  return Slot(this);
}

void PasswordCheckLimit::Release() {
  absl::MutexLock lock(&mutex_);
  --running_;
}

absl::Status PasswordCheckLimit::Refusal() {
  return AsOverload(absl::ResourceExhaustedError(
                        "too many password checks at once; try again shortly"),
                    absl::Milliseconds(200));
}

}  // namespace mesoclinic::auth
