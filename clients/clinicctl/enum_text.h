#ifndef MESOCLINIC_CLIENTS_CLINICCTL_ENUM_TEXT_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_ENUM_TEXT_H_

// Proto enum values as people type and read them: "female" for SEX_FEMALE,
// "front-desk" or "front_desk" for ROLE_FRONT_DESK, "monday" for MONDAY.

#include <string>
#include "absl/strings/string_view.h"

#include <google/protobuf/generated_enum_reflection.h>

namespace mesoclinic::clinicctl {

// The value's name without the enum's prefix, in lower case; "" for the
// unspecified (0) value.
std::string EnumText(const google::protobuf::EnumDescriptor* type, int value);

// The value named `text` (case and '-' / '_' do not matter, the prefix may
// be left out). A UsageError, listing the accepted words, otherwise.
int ParseEnumValue(const google::protobuf::EnumDescriptor* type,
                   absl::string_view text, absl::string_view what);

template <typename Enum>
std::string EnumText(Enum value) {
  return EnumText(google::protobuf::GetEnumDescriptor<Enum>(),
                  static_cast<int>(value));
}

template <typename Enum>
Enum ParseEnum(absl::string_view text, absl::string_view what) {
  return static_cast<Enum>(ParseEnumValue(
      google::protobuf::GetEnumDescriptor<Enum>(), text, what));
}

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_ENUM_TEXT_H_
