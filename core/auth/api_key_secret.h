#ifndef MESOCLINIC_CORE_AUTH_API_KEY_SECRET_H_
#define MESOCLINIC_CORE_AUTH_API_KEY_SECRET_H_

// API keys as clients hold them: "mck_<key id>_<secret>", where the key id
// (16 characters) finds the stored record and the secret is 256 random
// bits. Only the SHA-256 of the whole key is ever stored.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mesoclinic::auth {

struct NewApiKey {
  std::string key_id;
  std::string key;          // What the client sends; shown once.
  std::string secret_hash;  // What is stored.
};

// A fresh key from the operating system's secure random source.
absl::StatusOr<NewApiKey> GenerateApiKey();

// The key id inside `key`, or UNAUTHENTICATED when `key` is not shaped like
// a Mesoclinic key.
absl::StatusOr<std::string> ApiKeyId(absl::string_view key);

std::string HashApiKey(absl::string_view key);

// Compares two hashes in constant time.
bool HashesEqual(absl::string_view a, absl::string_view b);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_API_KEY_SECRET_H_
