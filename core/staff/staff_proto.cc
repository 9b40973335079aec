#include "core/staff/staff_proto.h"

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"

namespace mesoclinic::staff {

namespace v1 = ::clinic::v1;

absl::StatusOr<StaffMember> StaffMemberFromProto(const v1::StaffMember& proto) {
  if (!v1::Role_IsValid(proto.role())) {
    return FieldError("staff_member.role",
                      absl::StrCat(proto.role(), " is not a defined value"));
  }
  StaffMember member;
  member.display_name = proto.display_name();
  member.email = proto.email();
  member.role = static_cast<Role>(proto.role());
  member.licence_number = proto.licence_number();
  return member;
}

v1::StaffMember StaffMemberToProto(const StaffMember& member) {
  v1::StaffMember proto;
  proto.set_name(ResourceName("staff", member.id));
  proto.set_display_name(member.display_name);
  proto.set_email(member.email);
  proto.set_role(static_cast<v1::Role>(member.role));
  proto.set_licence_number(member.licence_number);
  proto.set_active(member.active);
  *proto.mutable_create_time() = TimestampToProto(member.create_time);
  if (member.deactivate_time.has_value()) {
    *proto.mutable_deactivate_time() = TimestampToProto(*member.deactivate_time);
  }
  return proto;
}

std::string ApiKeyName(const ApiKey& key) {
  return absl::StrCat("staff/", key.staff_id, "/apiKeys/", key.id);
}

v1::ApiKey ApiKeyToProto(const ApiKey& key) {
  v1::ApiKey proto;
  proto.set_name(ApiKeyName(key));
  proto.set_description(key.description);
  *proto.mutable_create_time() = TimestampToProto(key.create_time);
  if (key.revoke_time.has_value()) {
    *proto.mutable_revoke_time() = TimestampToProto(*key.revoke_time);
  }
  return proto;
}

}  // namespace mesoclinic::staff
