#include "core/auth/api_key_secret.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/resource_name.h"
#include "core/base/sha256.h"

namespace mesoclinic::auth {
namespace {

constexpr absl::string_view kPrefix = "mck_";
constexpr std::size_t kKeyIdLength = 16;
constexpr std::size_t kSecretBytes = 32;

}  // namespace

absl::StatusOr<NewApiKey> GenerateApiKey() {
  std::string secret(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()),
                 static_cast<int>(secret.size())) != 1) {
    return absl::InternalError("the secure random source failed");
  }
  NewApiKey key;
  key.key_id = NewResourceId();
  key.key = absl::StrCat(kPrefix, key.key_id, "_",
                         absl::WebSafeBase64Escape(secret));
  key.secret_hash = HashApiKey(key.key);
  return key;
}

absl::StatusOr<std::string> ApiKeyId(absl::string_view key) {
  if (!absl::StartsWith(key, kPrefix) ||
      key.size() < kPrefix.size() + kKeyIdLength + 2 ||
      key[kPrefix.size() + kKeyIdLength] != '_') {
    return absl::UnauthenticatedError(
        "authorization: the bearer token is not a Mesoclinic API key");
  }
  return std::string(key.substr(kPrefix.size(), kKeyIdLength));
}

std::string HashApiKey(absl::string_view key) { return Sha256(key); }

bool HashesEqual(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mesoclinic::auth
