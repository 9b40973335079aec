// API keys as clients hold them: "mck_<16-character key id>_<secret>", the
// secret 256 random bits, only the SHA-256 of the whole key stored.

#include <set>
#include <string>

#include "absl/strings/escaping.h"
#include "core/auth/api_key_secret.h"
#include "core/base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(ApiKeySecretTest, KeyHasTheDocumentedShape) {
  const absl::StatusOr<NewApiKey> key = GenerateApiKey();
  ASSERT_TRUE(key.ok()) << key.status();
  // mck_ + 16 lower-case Crockford base32 + _ + 43 web-safe base64 (no pad).
  EXPECT_THAT(key->key,
              MatchesRegex("mck_[0-9a-hjkmnp-tv-z]{16}_[A-Za-z0-9_-]{43}"));
  EXPECT_EQ(key->key.substr(4, 16), key->key_id);
  EXPECT_THAT(key->key_id, MatchesRegex("[0-9a-hjkmnp-tv-z]{16}"));
}

TEST(ApiKeySecretTest, SecretIs256Bits) {
  const absl::StatusOr<NewApiKey> key = GenerateApiKey();
  ASSERT_TRUE(key.ok()) << key.status();
  const std::string encoded = key->key.substr(4 + 16 + 1);
  std::string secret;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(encoded, &secret)) << encoded;
  EXPECT_EQ(secret.size(), 32u);
}

TEST(ApiKeySecretTest, StoresOnlyTheHashOfTheWholeKey) {
  const absl::StatusOr<NewApiKey> key = GenerateApiKey();
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->secret_hash.size(), 32u);
  EXPECT_EQ(key->secret_hash, HashApiKey(key->key));
  EXPECT_EQ(key->secret_hash, Sha256(key->key));
  EXPECT_THAT(key->secret_hash, Not(HasSubstr(key->key.substr(21))));
  // The hash depends on every part of the key, the id included.
  std::string other_id = key->key;
  other_id[4] = other_id[4] == 'a' ? 'b' : 'a';
  EXPECT_NE(HashApiKey(other_id), key->secret_hash);
  std::string other_secret = key->key;
  other_secret.back() = other_secret.back() == 'A' ? 'B' : 'A';
  EXPECT_NE(HashApiKey(other_secret), key->secret_hash);
}

TEST(ApiKeySecretTest, KeysAreUnique) {
  std::set<std::string> keys;
  std::set<std::string> ids;
  std::set<std::string> secrets;
  std::set<std::string> hashes;
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) {
    const absl::StatusOr<NewApiKey> key = GenerateApiKey();
    ASSERT_TRUE(key.ok()) << key.status();
    keys.insert(key->key);
    ids.insert(key->key_id);
    secrets.insert(key->key.substr(21));
    hashes.insert(key->secret_hash);
  }
  EXPECT_EQ(keys.size(), kCount);
  EXPECT_EQ(ids.size(), kCount);
  EXPECT_EQ(secrets.size(), kCount);
  EXPECT_EQ(hashes.size(), kCount);
}

TEST(ApiKeySecretTest, ApiKeyIdReadsTheIdOfAGeneratedKey) {
  for (int i = 0; i < 20; ++i) {
    const absl::StatusOr<NewApiKey> key = GenerateApiKey();
    ASSERT_TRUE(key.ok()) << key.status();
    const absl::StatusOr<std::string> id = ApiKeyId(key->key);
    ASSERT_TRUE(id.ok()) << id.status();
    EXPECT_EQ(*id, key->key_id);
  }
}

TEST(ApiKeySecretTest, ApiKeyIdRejectsWhatIsNotShapedLikeAKey) {
  for (const std::string bad :
       {"", "mck_", "mck", "not-a-key", "Bearer mck_0123456789abcdef_secret",
        "MCK_0123456789abcdef_secret", "mck-0123456789abcdef_secret",
        "mck_0123456789abcdef", "mck_0123456789abcdef_",
        "mck_0123456789abcdefXsecret", "mck_0123456789abcde_secret",
        "mck_short_secretsecretsecretsecretsecretsecretsecret",
        " mck_0123456789abcdef_secret"}) {
    SCOPED_TRACE(bad);
    const absl::StatusOr<std::string> id = ApiKeyId(bad);
    ASSERT_FALSE(id.ok());
    EXPECT_EQ(id.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_THAT(id.status().message(), HasSubstr("not a Mesoclinic API key"));
    if (bad.size() > 4) {
      EXPECT_THAT(id.status().message(), Not(HasSubstr(bad)));
    }
  }
}

TEST(ApiKeySecretTest, HashesEqualComparesWholeHashes) {
  const std::string a = HashApiKey("mck_0123456789abcdef_one");
  const std::string b = HashApiKey("mck_0123456789abcdef_two");
  EXPECT_TRUE(HashesEqual(a, a));
  EXPECT_TRUE(HashesEqual(a, std::string(a)));
  EXPECT_FALSE(HashesEqual(a, b));
  std::string last_differs = a;
  last_differs.back() ^= 1;
  EXPECT_FALSE(HashesEqual(a, last_differs));
  std::string first_differs = a;
  first_differs.front() ^= 0x80;
  EXPECT_FALSE(HashesEqual(a, first_differs));
  // A prefix is not equal, nor is the empty string.
  EXPECT_FALSE(HashesEqual(a, a.substr(0, 31)));
  EXPECT_FALSE(HashesEqual(a.substr(0, 31), a));
  EXPECT_FALSE(HashesEqual(a, ""));
  EXPECT_FALSE(HashesEqual("", a));
  // Embedded zero bytes count.
  EXPECT_FALSE(HashesEqual(std::string("\0a", 2), std::string("\0b", 2)));
  EXPECT_TRUE(HashesEqual(std::string("\0a", 2), std::string("\0a", 2)));
}

}  // namespace
}  // namespace mesoclinic::auth
