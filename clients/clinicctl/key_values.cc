#include "clients/clinicctl/key_values.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {

KeyValues KeyValues::Parse(absl::string_view text, absl::string_view flag,
                           std::initializer_list<absl::string_view> allowed) {
  KeyValues result;
  result.flag_ = std::string(flag);
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    const size_t equals = part.find('=');
    if (equals == absl::string_view::npos) {
      throw UsageError(absl::StrCat(flag, ": \"", part,
                                    "\" is not key=value (keys: ",
                                    absl::StrJoin(allowed, ", "), ")"));
    }
    const std::string key(absl::StripAsciiWhitespace(part.substr(0, equals)));
    const std::string value(absl::StripAsciiWhitespace(part.substr(equals + 1)));
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw UsageError(absl::StrCat(flag, ": unknown key \"", key,
                                    "\" (keys: ", absl::StrJoin(allowed, ", "),
                                    ")"));
    }
    if (!result.values_.emplace(key, value).second) {
      throw UsageError(absl::StrCat(flag, ": ", key, " given twice"));
    }
  }
  return result;
}

std::string KeyValues::Get(const std::string& key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? "" : it->second;
}

std::string KeyValues::Required(const std::string& key) const {
  if (!Has(key) || Get(key).empty()) {
    throw UsageError(absl::StrCat(flag_, ": ", key, "=... is required"));
  }
  return Get(key);
}

double KeyValues::GetDouble(const std::string& key) const {
  if (!Has(key)) return 0;
  double value = 0;
  if (!absl::SimpleAtod(Get(key), &value)) {
    throw UsageError(absl::StrCat(flag_, ": ", key, "=", Get(key),
                                  " is not a number"));
  }
  return value;
}

int KeyValues::GetInt(const std::string& key) const {
  if (!Has(key)) return 0;
  int value = 0;
  if (!absl::SimpleAtoi(Get(key), &value)) {
    throw UsageError(absl::StrCat(flag_, ": ", key, "=", Get(key),
                                  " is not a whole number"));
  }
  return value;
}

bool KeyValues::GetBool(const std::string& key) const {
  if (!Has(key)) return false;
  bool value = false;
  if (!absl::SimpleAtob(Get(key), &value)) {
    throw UsageError(absl::StrCat(flag_, ": ", key, "=", Get(key),
                                  " is not true or false"));
  }
  return value;
}

}  // namespace mesoclinic::clinicctl
