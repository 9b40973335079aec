#include "core/base/field_rules.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// INVALID_ARGUMENT whose message is "<field>: <...rule...>".
MATCHER_P2(IsFieldError, field, rule,
           absl::StrCat("is INVALID_ARGUMENT \"", field, ": ...", rule,
                        "...\"")) {
  if (arg.code() != absl::StatusCode::kInvalidArgument) {
    *result_listener << "code is " << absl::StatusCodeToString(arg.code());
    return false;
  }
  const std::string message(arg.message());
  if (message.rfind(absl::StrCat(field, ": "), 0) != 0) {
    *result_listener << "message \"" << message << "\" names another field";
    return false;
  }
  if (message.find(rule) == std::string::npos) {
    *result_listener << "message \"" << message << "\" states another rule";
    return false;
  }
  return true;
}

// --- FieldError / FieldPath -------------------------------------------------

TEST(FieldErrorTest, IsInvalidArgumentWithFieldColonRule) {
  const absl::Status status = FieldError("patient.given_name", "must not be empty");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "patient.given_name: must not be empty");
}

TEST(FieldPathTest, JoinsParentAndFieldWithADot) {
  EXPECT_EQ(FieldPath("patient", "notes"), "patient.notes");
  EXPECT_EQ(FieldPath("patient.contact", "phone"), "patient.contact.phone");
}

TEST(FieldPathTest, ReturnsTheFieldAloneWithoutAParent) {
  EXPECT_EQ(FieldPath("", "request_id"), "request_id");
}

// --- IsValidUtf8 / CodePointCount ------------------------------------------

struct Utf8Case {
  const char* label;
  std::string bytes;
};

std::vector<Utf8Case> WellFormedUtf8() {
  return {
      {"empty", ""},
      {"ascii", "Durand"},
      {"two-byte", "Am\xC3\xA9lie"},                     // é
      {"three-byte", "\xE2\x82\xAC"},                    // €
      {"four-byte", "\xF0\x9F\x98\x80"},                 // 😀
      {"smallest two-byte", "\xC2\x80"},                 // U+0080
      {"smallest three-byte", "\xE0\xA0\x80"},           // U+0800
      {"smallest four-byte", "\xF0\x90\x80\x80"},        // U+10000
      {"last before surrogates", "\xED\x9F\xBF"},        // U+D7FF
      {"first after surrogates", "\xEE\x80\x80"},        // U+E000
      {"U+FFFF", "\xEF\xBF\xBF"},
      {"largest code point", "\xF4\x8F\xBF\xBF"},        // U+10FFFF
      {"nul byte", std::string("a\0b", 3)},
  };
}

std::vector<Utf8Case> MalformedUtf8() {
  return {
      {"lone continuation byte", "\x80"},
      {"continuation byte after ascii", "a\xBF"},
      {"overlong slash, two bytes", "\xC0\xAF"},
      {"overlong U+007F, two bytes", "\xC1\xBF"},
      {"overlong slash, three bytes", "\xE0\x80\xAF"},
      {"overlong U+07FF, three bytes", "\xE0\x9F\xBF"},
      {"overlong slash, four bytes", "\xF0\x80\x80\xAF"},
      {"overlong U+FFFF, four bytes", "\xF0\x8F\xBF\xBF"},
      {"overlong nul", "\xC0\x80"},
      {"high surrogate U+D800", "\xED\xA0\x80"},
      {"low surrogate U+DFFF", "\xED\xBF\xBF"},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"lead byte F5", "\xF5\x80\x80\x80"},
      {"five-byte form", "\xF8\x88\x80\x80\x80"},
      {"six-byte form", "\xFC\x84\x80\x80\x80\x80"},
      {"byte FE", "\xFE"},
      {"byte FF", "\xFF"},
      {"truncated two-byte at end", "Am\xC3"},
      {"truncated three-byte at end", "\xE2\x82"},
      {"truncated four-byte at end", "\xF0\x9F\x98"},
      {"truncated two-byte mid-text", "a\xC3" "b"},
      {"truncated three-byte mid-text", "\xE2\x82" "c"},
      {"ascii instead of continuation", "\xE2\x28\xA1"},
  };
}

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  for (const Utf8Case& c : WellFormedUtf8()) {
    SCOPED_TRACE(c.label);
    EXPECT_TRUE(IsValidUtf8(c.bytes));
  }
}

TEST(IsValidUtf8Test, RejectsMalformedText) {
  for (const Utf8Case& c : MalformedUtf8()) {
    SCOPED_TRACE(c.label);
    EXPECT_FALSE(IsValidUtf8(c.bytes));
  }
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("Durand"), 6u);
  EXPECT_EQ(CodePointCount("Am\xC3\xA9lie"), 6u);                // 7 bytes
  EXPECT_EQ(CodePointCount("\xE2\x82\xAC" "5"), 2u);             // €5
  EXPECT_EQ(CodePointCount("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);
  EXPECT_EQ(CodePointCount(std::string("a\0b", 3)), 3u);
}

// --- CheckText --------------------------------------------------------------

TEST(CheckTextTest, AcceptsAnEmptyOptionalField) {
  EXPECT_TRUE(CheckText("patient.notes", "", {.required = false}).ok());
}

TEST(CheckTextTest, RejectsAnEmptyRequiredField) {
  EXPECT_THAT(CheckText("patient.given_name", "", {.required = true}),
              IsFieldError("patient.given_name", "must not be empty"));
}

TEST(CheckTextTest, RejectsABlankRequiredField) {
  for (const char* blank : {" ", "   "}) {
    SCOPED_TRACE(absl::StrCat("\"", blank, "\""));
    EXPECT_THAT(CheckText("patient.family_name", blank, {.required = true}),
                IsFieldError("patient.family_name", "must not be blank"));
  }
}

TEST(CheckTextTest, RejectsWhitespaceOnlyRequiredMultilineField) {
  EXPECT_THAT(CheckText("f", " \n\t ", {.required = true, .multiline = true}),
              IsFieldError("f", "must not be blank"));
}

TEST(CheckTextTest, AcceptsABlankOptionalField) {
  EXPECT_TRUE(CheckText("f", "   ", {.required = false}).ok());
}

TEST(CheckTextTest, AcceptsTextWithInnerSpacesAndNonAsciiLetters) {
  EXPECT_TRUE(CheckText("f", "Jean-Fran\xC3\xA7ois de la Tour", {}).ok());
  EXPECT_TRUE(CheckText("f", "\xE5\xB1\xB1\xE7\x94\xB0", {}).ok());  // 山田
  // A no-break space (U+00A0) is not a control character.
  EXPECT_TRUE(CheckText("f", "a\xC2\xA0" "b", {}).ok());
}

TEST(CheckTextTest, RejectsInvalidUtf8) {
  for (const Utf8Case& c : MalformedUtf8()) {
    SCOPED_TRACE(c.label);
    EXPECT_THAT(CheckText("patient.contact.address.city", c.bytes, {}),
                IsFieldError("patient.contact.address.city",
                             "must be valid UTF-8"));
  }
}

TEST(CheckTextTest, RejectsInvalidUtf8EvenWhenMultiline) {
  EXPECT_THAT(CheckText("f", "line\n\xC0\xAF", {.multiline = true}),
              IsFieldError("f", "must be valid UTF-8"));
}

struct ControlCase {
  const char* label;
  std::string text;
};

std::vector<ControlCase> ControlCharacters() {
  return {
      {"nul", std::string("a\0b", 3)},
      {"U+0001", "a\x01" "b"},
      {"bell", "a\x07" "b"},
      {"escape", "a\x1B[31m"},
      {"U+001F", "a\x1F"},
      {"delete", "a\x7F"},
      {"C1 U+0080", "a\xC2\x80"},
      {"C1 next line U+0085", "a\xC2\x85" "b"},
      {"C1 U+009F", "a\xC2\x9F"},
      {"vertical tab", "a\x0B" "b"},
      {"form feed", "a\x0C" "b"},
  };
}

TEST(CheckTextTest, RejectsControlCharactersInSingleLineText) {
  std::vector<ControlCase> cases = ControlCharacters();
  cases.push_back({"line feed", "a\nb"});
  cases.push_back({"carriage return", "a\rb"});
  cases.push_back({"tab", "a\tb"});
  for (const ControlCase& c : cases) {
    SCOPED_TRACE(c.label);
    EXPECT_THAT(CheckText("patient.given_name", c.text, {}),
                IsFieldError("patient.given_name",
                             "must not contain control characters"));
  }
}

TEST(CheckTextTest, AcceptsLineBreaksAndTabsInMultilineText) {
  EXPECT_TRUE(
      CheckText("patient.notes", "Line one\nLine two\r\n\tindented\r",
                {.multiline = true})
          .ok());
}

TEST(CheckTextTest, RejectsOtherControlCharactersInMultilineText) {
  for (const ControlCase& c : ControlCharacters()) {
    SCOPED_TRACE(c.label);
    EXPECT_THAT(CheckText("patient.notes", c.text, {.multiline = true}),
                IsFieldError("patient.notes",
                             "must not contain control characters"));
  }
}

TEST(CheckTextTest, AcceptsTextAtTheLengthLimit) {
  EXPECT_TRUE(CheckText("f", std::string(5, 'a'), {.max_length = 5}).ok());
}

TEST(CheckTextTest, RejectsTextOverTheLengthLimit) {
  EXPECT_THAT(CheckText("patient.family_name", std::string(6, 'a'),
                        {.max_length = 5}),
              IsFieldError("patient.family_name",
                           "must be at most 5 characters long"));
}

TEST(CheckTextTest, MeasuresLengthInCodePoints) {
  std::string five_accented;  // 10 bytes, 5 code points
  for (int i = 0; i < 5; ++i) five_accented += "\xC3\xA9";
  EXPECT_TRUE(CheckText("f", five_accented, {.max_length = 5}).ok());
  std::string five_emoji;  // 20 bytes, 5 code points
  for (int i = 0; i < 5; ++i) five_emoji += "\xF0\x9F\x98\x80";
  EXPECT_TRUE(CheckText("f", five_emoji, {.max_length = 5}).ok());
  EXPECT_THAT(CheckText("f", five_emoji + "\xF0\x9F\x98\x80", {.max_length = 5}),
              IsFieldError("f", "must be at most 5 characters long"));
}

TEST(CheckTextTest, DefaultLimitIsTwoHundred) {
  EXPECT_TRUE(CheckText("f", std::string(200, 'a'), {}).ok());
  EXPECT_THAT(CheckText("f", std::string(201, 'a'), {}),
              IsFieldError("f", "must be at most 200 characters long"));
}

// --- CheckRequestId ---------------------------------------------------------

TEST(CheckRequestIdTest, AcceptsPrintableAsciiUpToSixtyFourCharacters) {
  for (const std::string& id :
       {std::string("a"), std::string("3f2b8c1e-9d4a-4e57-b6a0-2c8f9e1d7a35"),
        std::string("retry~1!#$%&'()*+,-./:;<=>?@[]^_`{|}"),
        std::string(64, 'x')}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(CheckRequestId("request_id", id).ok());
  }
}

TEST(CheckRequestIdTest, RejectsAMissingId) {
  EXPECT_THAT(CheckRequestId("request_id", ""),
              IsFieldError("request_id", "is required"));
}

TEST(CheckRequestIdTest, RejectsAnIdLongerThanSixtyFourCharacters) {
  EXPECT_THAT(CheckRequestId("request_id", std::string(65, 'x')),
              IsFieldError("request_id", "must be at most 64 characters long"));
}

TEST(CheckRequestIdTest, RejectsSpacesControlsAndNonAscii) {
  for (const std::string& id :
       {std::string("a b"), std::string(" "), std::string("a\tb"),
        std::string("a\x7F"), std::string("a\x01"), std::string("ab\0c", 4),
        std::string("caf\xC3\xA9")}) {
    SCOPED_TRACE(id);
    EXPECT_THAT(CheckRequestId("request_id", id),
                IsFieldError("request_id",
                             "must be printable ASCII without spaces"));
  }
}

// --- CheckPhone -------------------------------------------------------------

TEST(CheckPhoneTest, AcceptsAnEmptyPhone) {
  EXPECT_TRUE(CheckPhone("patient.contact.phone", "").ok());
}

TEST(CheckPhoneTest, AcceptsCommonFormats) {
  for (const char* phone :
       {"+33 6 12 34 56 78", "06.12.34.56.78", "(555) 123-4567",
        "+1-202-555-0143", "1234567", "123456789012345", "+123456789012345",
        "+44 (0)20 7946 0958"}) {
    SCOPED_TRACE(phone);
    EXPECT_TRUE(CheckPhone("patient.contact.phone", phone).ok());
  }
}

TEST(CheckPhoneTest, RejectsFewerThanSevenDigits) {
  for (const char* phone : {"123456", "+12 34 56", "+", "()-. "}) {
    SCOPED_TRACE(phone);
    EXPECT_THAT(CheckPhone("patient.contact.phone", phone),
                IsFieldError("patient.contact.phone",
                             "must have 7 to 15 digits"));
  }
}

TEST(CheckPhoneTest, RejectsMoreThanFifteenDigits) {
  EXPECT_THAT(CheckPhone("patient.contact.phone", "1234567890123456"),
              IsFieldError("patient.contact.phone",
                           "must have 7 to 15 digits"));
  EXPECT_THAT(CheckPhone("patient.contact.phone", "+1 234 567 890 123 456"),
              IsFieldError("patient.contact.phone",
                           "must have 7 to 15 digits"));
}

TEST(CheckPhoneTest, RejectsOtherCharacters) {
  for (const char* phone :
       {"555-CALL-NOW", "0612345678 ext 12", "06/12/34/56/78", "33+612345678",
        "++33612345678", "0612345678#", "06\t12345678",
        "\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5\xD9\xA6\xD9\xA7"}) {
    SCOPED_TRACE(phone);
    EXPECT_THAT(CheckPhone("patient.emergency_contact.phone", phone),
                IsFieldError("patient.emergency_contact.phone",
                             "may hold only digits, a leading '+'"));
  }
}

// --- CheckEmail -------------------------------------------------------------

TEST(CheckEmailTest, AcceptsAnEmptyEmail) {
  EXPECT_TRUE(CheckEmail("patient.contact.email", "").ok());
}

TEST(CheckEmailTest, AcceptsWellFormedAddresses) {
  for (const char* email :
       {"a@b.co", "amelie.durand@example.fr", "first.last+tag@mail.example.com",
        "x_y-z@sub-domain.example.org", "123@456.fr", "A@EXAMPLE.COM"}) {
    SCOPED_TRACE(email);
    EXPECT_TRUE(CheckEmail("patient.contact.email", email).ok());
  }
}

TEST(CheckEmailTest, RejectsMalformedAddresses) {
  for (const char* email :
       {"no-at-sign", "a@@b.com", "a@b@c.com", "@example.com", "a@",
        "a@localhost", "a@.example.com", "a@example..com", "a@example.com.",
        "a@-example.com", "a@example-.com", "a@exa_mple.com", "a@exa mple.com",
        "a b@example.com", "caf\xC3\xA9@example.com",
        "a@caf\xC3\xA9.example.com", "a\x01@example.com"}) {
    SCOPED_TRACE(email);
    EXPECT_THAT(CheckEmail("patient.contact.email", email),
                IsFieldError("patient.contact.email",
                             "must be an e-mail address of the form"));
  }
}

TEST(CheckEmailTest, AcceptsALocalPartOfSixtyFourCharacters) {
  EXPECT_TRUE(
      CheckEmail("f", std::string(64, 'l') + "@example.com").ok());
}

TEST(CheckEmailTest, RejectsALocalPartOfSixtyFiveCharacters) {
  EXPECT_THAT(CheckEmail("f", std::string(65, 'l') + "@example.com"),
              IsFieldError("f", "must be an e-mail address"));
}

TEST(CheckEmailTest, AcceptsADomainLabelOfSixtyThreeCharacters) {
  EXPECT_TRUE(CheckEmail("f", "a@" + std::string(63, 'd') + ".com").ok());
}

TEST(CheckEmailTest, RejectsADomainLabelOfSixtyFourCharacters) {
  EXPECT_THAT(CheckEmail("f", "a@" + std::string(64, 'd') + ".com"),
              IsFieldError("f", "must be an e-mail address"));
}

// local (64) + '@' + three labels (63 + '.' + 63 + '.' + n).
std::string EmailOfLength(std::size_t length) {
  const std::string prefix = std::string(64, 'l') + "@" +
                             std::string(63, 'a') + "." +
                             std::string(63, 'b') + ".";
  return prefix + std::string(length - prefix.size(), 'c');
}

TEST(CheckEmailTest, AcceptsTwoHundredFiftyFourCharacters) {
  const std::string email = EmailOfLength(254);
  ASSERT_EQ(email.size(), 254u);
  EXPECT_TRUE(CheckEmail("f", email).ok());
}

TEST(CheckEmailTest, RejectsTwoHundredFiftyFiveCharacters) {
  EXPECT_THAT(CheckEmail("f", EmailOfLength(255)),
              IsFieldError("f", "must be at most 254 characters long"));
}

// --- CheckCalendarDate ------------------------------------------------------

TEST(CheckCalendarDateTest, AcceptsRealDates) {
  struct Date { int y, m, d; };
  for (const Date& date : std::vector<Date>{{2024, 2, 29},
                                            {2000, 2, 29},
                                            {2023, 2, 28},
                                            {2023, 12, 31},
                                            {2023, 4, 30},
                                            {1900, 1, 1},
                                            {1, 1, 1},
                                            {9999, 12, 31}}) {
    SCOPED_TRACE(absl::StrCat(date.y, "-", date.m, "-", date.d));
    EXPECT_TRUE(CheckCalendarDate("patient.date_of_birth", date.y, date.m,
                                  date.d)
                    .ok());
  }
}

TEST(CheckCalendarDateTest, RejectsFebruaryTwentyNinthInANonLeapYear) {
  EXPECT_THAT(CheckCalendarDate("patient.date_of_birth", 2023, 2, 29),
              IsFieldError("patient.date_of_birth",
                           "2023-02-29 is not a real calendar date"));
  // Centuries are leap years only when divisible by 400.
  EXPECT_THAT(CheckCalendarDate("patient.date_of_birth", 1900, 2, 29),
              IsFieldError("patient.date_of_birth",
                           "1900-02-29 is not a real calendar date"));
}

TEST(CheckCalendarDateTest, RejectsDaysThatDoNotExist) {
  struct Date { int y, m, d; };
  for (const Date& date : std::vector<Date>{{2024, 2, 30},
                                            {2023, 4, 31},
                                            {2023, 1, 32},
                                            {2023, 1, 0},
                                            {2023, 3, -1}}) {
    SCOPED_TRACE(absl::StrCat(date.y, "-", date.m, "-", date.d));
    EXPECT_THAT(CheckCalendarDate("d", date.y, date.m, date.d),
                IsFieldError("d", "is not a real calendar date"));
  }
}

TEST(CheckCalendarDateTest, RejectsMonthsOutOfRange) {
  for (int month : {0, 13, -1}) {
    SCOPED_TRACE(month);
    EXPECT_THAT(CheckCalendarDate("d", 2023, month, 1),
                IsFieldError("d", "month must be between 1 and 12"));
  }
}

TEST(CheckCalendarDateTest, RejectsYearsOutOfRange) {
  for (int year : {0, 10000, -5}) {
    SCOPED_TRACE(year);
    EXPECT_THAT(CheckCalendarDate("d", year, 1, 1),
                IsFieldError("d", "year must be between 1 and 9999"));
  }
}

// --- FormatIsoDate / ParseIsoDate -------------------------------------------

TEST(FormatIsoDateTest, WritesYyyyMmDdWithZeroPadding) {
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(1985, 11, 5)), "1985-11-05");
  EXPECT_EQ(FormatIsoDate(absl::CivilDay(5, 1, 2)), "0005-01-02");
}

TEST(ParseIsoDateTest, ReadsYyyyMmDd) {
  absl::CivilDay day;
  ASSERT_TRUE(ParseIsoDate("2024-02-29", &day));
  EXPECT_EQ(day, absl::CivilDay(2024, 2, 29));
  ASSERT_TRUE(ParseIsoDate("1900-01-01", &day));
  EXPECT_EQ(day, absl::CivilDay(1900, 1, 1));
}

TEST(ParseIsoDateTest, RoundTripsWithFormat) {
  for (absl::CivilDay day = absl::CivilDay(1899, 12, 25);
       day <= absl::CivilDay(1900, 3, 5); ++day) {
    absl::CivilDay parsed;
    ASSERT_TRUE(ParseIsoDate(FormatIsoDate(day), &parsed)) << day;
    EXPECT_EQ(parsed, day);
  }
  for (absl::CivilDay day : {absl::CivilDay(2000, 2, 29),
                             absl::CivilDay(2024, 2, 29),
                             absl::CivilDay(9999, 12, 31)}) {
    absl::CivilDay parsed;
    ASSERT_TRUE(ParseIsoDate(FormatIsoDate(day), &parsed)) << day;
    EXPECT_EQ(parsed, day);
  }
}

TEST(ParseIsoDateTest, RejectsDatesThatDoNotExist) {
  absl::CivilDay day;
  EXPECT_FALSE(ParseIsoDate("2023-02-29", &day));
  EXPECT_FALSE(ParseIsoDate("1900-02-29", &day));
  EXPECT_FALSE(ParseIsoDate("2024-04-31", &day));
  EXPECT_FALSE(ParseIsoDate("2024-13-01", &day));
  EXPECT_FALSE(ParseIsoDate("2024-00-10", &day));
  EXPECT_FALSE(ParseIsoDate("2024-01-00", &day));
}

TEST(ParseIsoDateTest, RejectsTextThatIsNotADate) {
  absl::CivilDay day;
  for (const char* text : {"", "not a date", "2024/02/29", "29-02-2024",
                           "2024-02-29T00:00", "2024-02-29x", "2024-02"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseIsoDate(text, &day));
  }
}

// ParseIsoDate takes exactly YYYY-MM-DD: absl::ParseCivilTime alone also
// accepts spaces, signs, short fields and long years.
TEST(ParseIsoDateTest, RejectsNonCanonicalForms) {
  absl::CivilDay day;
  for (const char* text : {" 2024-01-05", "2024-01-05 ", "2024-1-5",
                           "2024-01-5", "+2024-01-05", "02024-01-05",
                           "-001-01-01", "24-01-05"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseIsoDate(text, &day)) << "parsed as " << day;
  }
}

}  // namespace
}  // namespace mesoclinic
