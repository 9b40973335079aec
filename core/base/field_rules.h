#ifndef MESOCLINIC_CORE_BASE_FIELD_RULES_H_
#define MESOCLINIC_CORE_BASE_FIELD_RULES_H_

// Checks shared by every capability's validation rules. Each failed check is
// an INVALID_ARGUMENT whose message starts with the field's path and then
// states the rule: "patient.given_name: must not be empty".

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace mesoclinic {

// INVALID_ARGUMENT with the "field: rule" message every check produces, the
// field violation in its details and the reason INVALID_FIELD
// (core/base/error_details.h).
absl::Status FieldError(absl::string_view field, absl::string_view rule);

// Joins a parent path and a field name: FieldPath("patient", "notes").
std::string FieldPath(absl::string_view parent, absl::string_view field);

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(absl::string_view text);

// The number of Unicode code points in well-formed UTF-8 `text`.
std::size_t CodePointCount(absl::string_view text);

struct TextRule {
  bool required = false;
  // The longest accepted value, in Unicode code points.
  std::size_t max_length = 200;
  // Whether line breaks and tabs are accepted (notes); other control
  // characters never are.
  bool multiline = false;
};

// `value` in double quotes, cut to its first 64 characters, for an error
// message that quotes what was sent: messages must stay short (gRPC sends
// them as metadata, which clients limit to a few KiB).
std::string QuotedValue(absl::string_view value);

// Checks a free-text field: UTF-8, no control characters, length.
absl::Status CheckText(absl::string_view field, absl::string_view value,
                       const TextRule& rule);

// Checks a repeated field's size: at most `max_entries` entries.
absl::Status CheckEntryCount(absl::string_view field, std::size_t count,
                             std::size_t max_entries);

// Checks a client-chosen request id: required, 1 to 64 printable ASCII
// characters.
absl::Status CheckRequestId(absl::string_view field, absl::string_view value);

// Checks an optional phone number: digits with an optional leading '+', and
// spaces, dots, dashes or parentheses between them; 7 to 15 digits in all
// (E.164 allows at most 15).
absl::Status CheckPhone(absl::string_view field, absl::string_view value);

// Checks an optional e-mail address: local@domain, at most 254 characters,
// a local part of 1 to 64 printable characters without spaces, and a domain
// of at least two dot-separated labels of letters, digits and hyphens.
absl::Status CheckEmail(absl::string_view field, absl::string_view value);

// Checks that year, month and day form a real calendar date, and returns it.
// The field name is used in the error.
absl::Status CheckCalendarDate(absl::string_view field, int year, int month,
                               int day);

// Whether `code` has the shape of an ISO 3166-1 alpha-2 country code: two
// upper-case ASCII letters ("FR"). Whether the code is assigned is not
// checked: a list of assigned codes would go stale.
bool IsCountryCode(absl::string_view code);

// Formats and parses calendar dates as ISO 8601 "YYYY-MM-DD".
std::string FormatIsoDate(absl::CivilDay day);
bool ParseIsoDate(absl::string_view text, absl::CivilDay* day);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_FIELD_RULES_H_
