#ifndef MESOCLINIC_CORE_STAFF_STAFF_PROTO_H_
#define MESOCLINIC_CORE_STAFF_STAFF_PROTO_H_

// Conversions between clinic.v1 staff messages and the domain types.

#include <string>

#include "absl/status/statusor.h"
#include "clinic/v1/staff.pb.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::staff {

// The client-settable fields; INVALID_ARGUMENT for an undefined role.
absl::StatusOr<StaffMember> StaffMemberFromProto(
    const clinic::v1::StaffMember& proto);
clinic::v1::StaffMember StaffMemberToProto(const StaffMember& member);

// "staff/{staff_id}/apiKeys/{key_id}".
std::string ApiKeyName(const ApiKey& key);
clinic::v1::ApiKey ApiKeyToProto(const ApiKey& key);

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_STAFF_PROTO_H_
