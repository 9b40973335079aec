#include "core/staff/staff_member.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "core/base/error_details.h"
#include "core/base/field_rules.h"
#include "core/staff/staff_repository.h"

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
  FieldViolations violations;
  violations.Check(CheckText("staff_member.display_name", member.display_name,
                             {.required = true, .max_length = 100}));
  absl::Status email =
      CheckText("staff_member.email", member.email, {.max_length = 254});
  if (email.ok()) email = CheckEmail("staff_member.email", member.email);
  violations.Check(std::move(email));
  if (member.role == Role::kUnspecified) {
    violations.Add("staff_member.role", "is required");
  }
  if (member.role == Role::kPractitioner) {
    violations.Check(CheckText("staff_member.licence_number",
                               member.licence_number,
                               {.required = true, .max_length = 50}));
  } else if (!member.licence_number.empty()) {
    violations.Add("staff_member.licence_number", "is only for practitioners");
  }
  return violations.Result();
}

std::string DisplayNameKey(absl::string_view display_name) {
  return absl::AsciiStrToLower(display_name);
}

}  // namespace mesoclinic::staff
