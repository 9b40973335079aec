#include "core/base/resource_name.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"

namespace mesoclinic {
namespace {

constexpr char kCrockfordBase32[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr int kIdLength = 16;

bool IsIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string NewResourceId() {
  absl::BitGen bitgen;
  std::string id(kIdLength, '0');
  for (char& c : id) {
    c = kCrockfordBase32[absl::Uniform<uint32_t>(bitgen, 0, 32)];
  }
  return id;
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

absl::StatusOr<std::string> ParseResourceName(absl::string_view field,
                                              absl::string_view name,
                                              absl::string_view collection) {
  const std::string expected = absl::StrCat(collection, "/{id}");
  if (name.empty()) {
    return FieldError(field, absl::StrCat("is required, as \"", expected,
                                          "\""));
  }
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix)) {
    return FieldError(field, absl::StrCat("must have the form \"", expected,
                                          "\""));
  }
  const absl::string_view id = name.substr(prefix.size());
  if (id.empty() || id.size() > 64) {
    return FieldError(field, "id must be 1 to 64 characters long");
  }
  for (char c : id) {
    if (!IsIdCharacter(c)) {
      return FieldError(field,
                        "id may hold only lower-case letters, digits, '-' "
                        "and '_'");
    }
  }
  return std::string(id);
}

absl::StatusOr<std::optional<std::string>> ParseOptionalResourceName(
    absl::string_view field, absl::string_view name,
    absl::string_view collection) {
  if (name.empty()) return std::nullopt;
  return ParseResourceName(field, name, collection);
}

}  // namespace mesoclinic
