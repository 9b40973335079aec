#include "core/base/resource_name.h"

#include <set>
#include <string>

#include <unordered_set>
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr absl::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";

TEST(NewResourceIdTest, IsSixteenCharacters) {
  for (int i = 0; i < 100; ++i) EXPECT_EQ(NewResourceId().size(), 16u);
}

TEST(NewResourceIdTest, UsesOnlyLowerCaseCrockfordBase32) {
  std::set<char> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = NewResourceId();
    for (char c : id) {
      ASSERT_NE(kCrockford.find(c), absl::string_view::npos)
          << "'" << c << "' in " << id;
      seen.insert(c);
    }
  }
  // 32000 draws from 32 symbols: every symbol shows up (a missing one would
  // mean the alphabet is indexed wrongly, e.g. off by one).
  EXPECT_EQ(seen.size(), kCrockford.size());
  for (char excluded : {'i', 'l', 'o', 'u'}) EXPECT_EQ(seen.count(excluded), 0u);
}

TEST(NewResourceIdTest, DoesNotRepeatOverManyDraws) {
  std::unordered_set<std::string> ids;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) ids.insert(NewResourceId());
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kDraws));
}

TEST(NewResourceIdTest, ParsesAsAResourceName) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewResourceId();
    const absl::StatusOr<std::string> parsed =
        ParseResourceName("name", ResourceName("patients", id), "patients");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, id);
  }
}

TEST(ResourceNameTest, JoinsCollectionAndId) {
  EXPECT_EQ(ResourceName("patients", "7k3m9q2x4p1c"), "patients/7k3m9q2x4p1c");
}

TEST(ParseResourceNameTest, ReturnsTheIdOfAWellFormedName) {
  for (const char* id : {"a", "7k3m9q2x4p1c", "abc-def_123", "0", "a-", "_"}) {
    SCOPED_TRACE(id);
    const absl::StatusOr<std::string> parsed = ParseResourceName(
        "name", ResourceName("patients", id), "patients");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, id);
  }
}

TEST(ParseResourceNameTest, AcceptsAnIdOfSixtyFourCharacters) {
  const std::string id(64, 'x');
  const absl::StatusOr<std::string> parsed =
      ParseResourceName("name", "patients/" + id, "patients");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, id);
}

void ExpectRejected(absl::string_view name, absl::string_view rule) {
  SCOPED_TRACE(name);
  const absl::StatusOr<std::string> parsed =
      ParseResourceName("patient.name", name, "patients");
  ASSERT_FALSE(parsed.ok()) << "accepted, id " << *parsed;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()), StartsWith("patient.name: "));
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(rule));
}

TEST(ParseResourceNameTest, RejectsAnEmptyName) {
  ExpectRejected("", "is required, as \"patients/{id}\"");
}

TEST(ParseResourceNameTest, RejectsANameOfAnotherCollection) {
  for (const char* name :
       {"doctors/abc", "patient/abc", "patientsx/abc", "PATIENTS/abc",
        "/patients/abc", "patients", "abc", " patients/abc"}) {
    ExpectRejected(name, "must have the form \"patients/{id}\"");
  }
}

TEST(ParseResourceNameTest, RejectsAnEmptyId) {
  ExpectRejected("patients/", "id must be 1 to 64 characters long");
}

TEST(ParseResourceNameTest, RejectsAnIdLongerThanSixtyFourCharacters) {
  ExpectRejected("patients/" + std::string(65, 'x'),
                 "id must be 1 to 64 characters long");
}

TEST(ParseResourceNameTest, RejectsBadCharactersInTheId) {
  for (const char* name :
       {"patients/ABC", "patients/abC", "patients/a/b", "patients/a b",
        "patients/a.b", "patients/caf\xC3\xA9", "patients/a\tb",
        "patients/a%20b", "patients/abc "}) {
    ExpectRejected(name,
                   "id may hold only lower-case letters, digits, '-' and '_'");
  }
}

TEST(ParseResourceNameTest, RejectsAnIdWithANulByte) {
  ExpectRejected(std::string("patients/ab\0c", 13),
                 "id may hold only lower-case letters");
}

}  // namespace
}  // namespace mesoclinic
