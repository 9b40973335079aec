#include "clients/clinicctl/enum_text.h"

#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {
namespace {

// "SEX_" for an enum whose zero value is SEX_UNSPECIFIED.
std::string Prefix(const google::protobuf::EnumDescriptor* type) {
  const google::protobuf::EnumValueDescriptor* zero =
      type->FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& name = zero->name();
  return absl::EndsWith(name, "UNSPECIFIED")
             ? name.substr(0, name.size() - std::string("UNSPECIFIED").size())
             : "";
}

std::string Shorten(const std::string& name, const std::string& prefix) {
  std::string text(absl::StripPrefix(name, prefix));
  absl::AsciiStrToLower(&text);
  return text;
}

}  // namespace

std::string EnumText(const google::protobuf::EnumDescriptor* type, int value) {
  if (value == 0) return "";
  const google::protobuf::EnumValueDescriptor* found =
      type->FindValueByNumber(value);
  if (found == nullptr) return absl::StrCat(value);
  return Shorten(found->name(), Prefix(type));
}

int ParseEnumValue(const google::protobuf::EnumDescriptor* type,
                   absl::string_view text, absl::string_view what) {
  std::string wanted = absl::StrReplaceAll(text, {{"-", "_"}});
  absl::AsciiStrToUpper(&wanted);
  const std::string prefix = Prefix(type);
  std::vector<std::string> accepted;
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) continue;
    if (value->name() == wanted || value->name() == prefix + wanted) {
      return value->number();
    }
    accepted.push_back(Shorten(value->name(), prefix));
  }
  throw UsageError(absl::StrCat(what, ": \"", text, "\" is not one of ",
                                absl::StrJoin(accepted, ", ")));
}

}  // namespace mesoclinic::clinicctl
