#include "core/base/field_rules.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic {
namespace {

// Decodes the code point starting at text[*pos] and advances *pos; returns
// -1 for malformed UTF-8.
int32_t DecodeUtf8(absl::string_view text, std::size_t* pos) {
  const auto byte = [&](std::size_t i) {
    return static_cast<uint8_t>(text[i]);
  };
  const uint8_t lead = byte(*pos);
  int length;
  int32_t code_point;
  int32_t min_value;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, min_value = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, min_value = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, min_value = 0x10000;
  } else {
    return -1;
  }
  if (*pos + length > text.size()) return -1;
  for (int i = 1; i < length; ++i) {
    const uint8_t continuation = byte(*pos + i);
    if ((continuation & 0xC0) != 0x80) return -1;
    code_point = (code_point << 6) | (continuation & 0x3F);
  }
  if (code_point < min_value || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return -1;
  }
  *pos += length;
  return code_point;
}

bool IsControl(int32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0);
}

}  // namespace

absl::Status FieldError(absl::string_view field, absl::string_view rule) {
  absl::Status status =
      absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
  status = WithFieldViolation(std::move(status),
                              {std::string(field), std::string(rule)});
  return WithReason(std::move(status), reasons::kInvalidField);
}

std::string FieldPath(absl::string_view parent, absl::string_view field) {
  if (parent.empty()) return std::string(field);
  return absl::StrCat(parent, ".", field);
}

bool IsValidUtf8(absl::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (DecodeUtf8(text, &pos) < 0) return false;
  }
  return true;
}

std::size_t CodePointCount(absl::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<uint8_t>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string QuotedValue(absl::string_view value) {
  constexpr std::size_t kShown = 64;
  std::size_t end = 0;
  for (std::size_t shown = 0; end < value.size() && shown < kShown; ++shown) {
    // Whole UTF-8 sequences: skip the continuation bytes of this one.
    do {
      ++end;
    } while (end < value.size() &&
             (static_cast<uint8_t>(value[end]) & 0xC0) == 0x80);
  }
  if (end == value.size()) return absl::StrCat("\"", value, "\"");
  return absl::StrCat("\"", value.substr(0, end), "...\" (",
                      CodePointCount(value), " characters)");
}

absl::Status CheckText(absl::string_view field, absl::string_view value,
                       const TextRule& rule) {
  if (value.empty()) {
    return rule.required ? FieldError(field, "must not be empty")
                         : absl::OkStatus();
  }
  std::size_t pos = 0;
  std::size_t length = 0;
  while (pos < value.size()) {
    const int32_t code_point = DecodeUtf8(value, &pos);
    if (code_point < 0) return FieldError(field, "must be valid UTF-8");
    const bool allowed_break =
        rule.multiline &&
        (code_point == '\n' || code_point == '\r' || code_point == '\t');
    if (IsControl(code_point) && !allowed_break) {
      return FieldError(field, "must not contain control characters");
    }
    ++length;
  }
  if (length > rule.max_length) {
    return FieldError(field, absl::StrCat("must be at most ", rule.max_length,
                                          " characters long"));
  }
  if (rule.required && absl::StripAsciiWhitespace(value).empty()) {
    return FieldError(field, "must not be blank");
  }
  return absl::OkStatus();
}

absl::Status CheckEntryCount(absl::string_view field, std::size_t count,
                             std::size_t max_entries) {
  if (count > max_entries) {
    return FieldError(
        field, absl::StrCat("must have at most ", max_entries, " entries"));
  }
  return absl::OkStatus();
}

absl::Status CheckRequestId(absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    return FieldError(field,
                      "is required: choose a unique id (a UUID) per change, "
                      "and reuse it only to retry that change");
  }
  if (value.size() > 64) {
    return FieldError(field, "must be at most 64 characters long");
  }
  for (char c : value) {
    if (c < 0x21 || c > 0x7E) {
      return FieldError(field, "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPhone(absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  int digits = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c == '+' && i == 0) {
      continue;
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      return FieldError(field,
                        "may hold only digits, a leading '+', spaces, dots, "
                        "dashes and parentheses");
    }
  }
  if (digits < 7 || digits > 15) {
    return FieldError(field, "must have 7 to 15 digits");
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  const absl::Status malformed =
      FieldError(field, "must be an e-mail address of the form local@domain.tld");
  if (value.size() > 254) {
    return FieldError(field, "must be at most 254 characters long");
  }
  const std::size_t at = value.find('@');
  if (at == absl::string_view::npos || value.find('@', at + 1) != absl::string_view::npos) {
    return malformed;
  }
  const absl::string_view local = value.substr(0, at);
  const absl::string_view domain = value.substr(at + 1);
  if (local.empty() || local.size() > 64) return malformed;
  for (char c : local) {
    if (c < 0x21 || c > 0x7E) return malformed;
  }
  int labels = 0;
  for (absl::string_view label : absl::StrSplit(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' ||
        label.back() == '-') {
      return malformed;
    }
    for (char c : label) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
        return malformed;
      }
    }
    ++labels;
  }
  if (labels < 2) return malformed;
  return absl::OkStatus();
}

absl::Status CheckCalendarDate(absl::string_view field, int year, int month,
                               int day) {
  if (year < 1 || year > 9999) {
    return FieldError(field, "year must be between 1 and 9999");
  }
  if (month < 1 || month > 12) {
    return FieldError(field, "month must be between 1 and 12");
  }
  const absl::CivilDay civil(year, month, day);
  if (day < 1 || civil.day() != day || civil.month() != month) {
    return FieldError(field, absl::StrFormat("%04d-%02d-%02d is not a real "
                                             "calendar date",
                                             year, month, day));
  }
  return absl::OkStatus();
}

std::string FormatIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

bool IsCountryCode(absl::string_view code) {
  return code.size() == 2 && absl::ascii_isupper(code[0]) &&
         absl::ascii_isupper(code[1]);
}

bool ParseIsoDate(absl::string_view text, absl::CivilDay* day) {
  // Exactly YYYY-MM-DD: absl::ParseCivilTime alone also takes signs, short
  // fields and surrounding spaces.
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  absl::CivilDay parsed;
  if (!absl::ParseCivilTime(text, &parsed) || FormatIsoDate(parsed) != text) {
    return false;
  }
  *day = parsed;
  return true;
}

}  // namespace mesoclinic
