#include "core/base/sha256.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

struct Vector {
  std::string input;
  const char* hex;
};

// FIPS 180-2 / NIST CAVP test vectors.
TEST(Sha256Test, MatchesKnownVectors) {
  const Vector kVectors[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Vector& vector : kVectors) {
    SCOPED_TRACE(vector.input.substr(0, 20));
    EXPECT_EQ(Sha256Hex(vector.input), vector.hex);
  }
}

TEST(Sha256Test, RawDigestIsThirtyTwoBytesMatchingTheHexForm) {
  const std::string digest = Sha256("abc");
  ASSERT_EQ(digest.size(), 32u);
  EXPECT_EQ(absl::BytesToHexString(digest), Sha256Hex("abc"));
  EXPECT_EQ(static_cast<unsigned char>(digest[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(digest[31]), 0xad);
}

TEST(Sha256Test, HexIsSixtyFourLowerCaseDigits) {
  const std::string hex = Sha256Hex("Mesoclinic");
  EXPECT_THAT(hex, ::testing::MatchesRegex("[0-9a-f]{64}"));
}

TEST(Sha256Test, HashesEmbeddedNulBytesInsteadOfStoppingAtThem) {
  const std::string with_nul("ab\0c", 4);
  EXPECT_NE(Sha256Hex(with_nul), Sha256Hex("ab"));
  EXPECT_NE(Sha256Hex(with_nul), Sha256Hex(std::string("ab\0d", 4)));
  EXPECT_EQ(Sha256Hex(std::string(1, '\0')),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(Sha256Test, IsDeterministic) {
  EXPECT_EQ(Sha256Hex("0001_patients.sql"), Sha256Hex("0001_patients.sql"));
  EXPECT_NE(Sha256Hex("CREATE TABLE a (x);"), Sha256Hex("CREATE TABLE a (x); "));
}

// RFC 4231 test cases 1 and 2.
TEST(HmacSha256Test, MatchesRfc4231Vectors) {
  EXPECT_EQ(absl::BytesToHexString(
                HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(absl::BytesToHexString(
                HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace mesoclinic
