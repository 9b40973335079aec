#include "core/staff/staff_member.h"

#include "core/base/field_rules.h"
#include "core/base/status_macros.h"
#include "core/staff/staff_repository.h"
#include "absl/strings/ascii.h"

namespace mesoclinic::staff {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kFrontDesk:
      return "front_desk";
    case Role::kPractitioner:
      return "practitioner";
    case Role::kAdmin:
      return "admin";
    case Role::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::Status ValidateStaffMember(const StaffMember& member) {
  RETURN_IF_ERROR(CheckText("staff_member.display_name", member.display_name,
                            {.required = true, .max_length = 100}));
  RETURN_IF_ERROR(
      CheckText("staff_member.email", member.email, {.max_length = 254}));
  RETURN_IF_ERROR(CheckEmail("staff_member.email", member.email));
  if (member.role == Role::kUnspecified) {
    return FieldError("staff_member.role", "is required");
  }
  if (member.role == Role::kPractitioner) {
    RETURN_IF_ERROR(CheckText("staff_member.licence_number",
                              member.licence_number,
                              {.required = true, .max_length = 50}));
  } else if (!member.licence_number.empty()) {
    return FieldError("staff_member.licence_number",
                      "is only for practitioners");
  }
  return absl::OkStatus();
}

std::string DisplayNameKey(absl::string_view display_name) {
  return absl::AsciiStrToLower(display_name);
}

}  // namespace mesoclinic::staff
