#ifndef MESOCLINIC_CORE_STAFF_STAFF_SERVICE_H_
#define MESOCLINIC_CORE_STAFF_STAFF_SERVICE_H_

// clinic.v1.StaffService: staff members, their API keys and passwords.

#include "clinic/v1/staff.grpc.pb.h"
#include "core/api/bound_service.h"

namespace mesoclinic::staff {

class StaffService final : public BoundService<clinic::v1::StaffService> {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 500;

  explicit StaffService(CallRunner& calls);

 private:
  absl::Status CreateStaffMember(
      const clinic::v1::CreateStaffMemberRequest& request,
      clinic::v1::CreateStaffMemberResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status GetStaffMember(const clinic::v1::GetStaffMemberRequest& request,
                              clinic::v1::GetStaffMemberResponse& response,
                              storage::Transaction& transaction,
                              const CallContext& call) const;
  absl::Status ListStaffMembers(
      const clinic::v1::ListStaffMembersRequest& request,
      clinic::v1::ListStaffMembersResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status DeactivateStaffMember(
      const clinic::v1::DeactivateStaffMemberRequest& request,
      clinic::v1::DeactivateStaffMemberResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status IssueApiKey(const clinic::v1::IssueApiKeyRequest& request,
                           clinic::v1::IssueApiKeyResponse& response,
                           storage::Transaction& transaction,
                           const CallContext& call) const;
  absl::Status RevokeApiKey(const clinic::v1::RevokeApiKeyRequest& request,
                            clinic::v1::RevokeApiKeyResponse& response,
                            storage::Transaction& transaction,
                            const CallContext& call) const;
  absl::Status ListApiKeys(const clinic::v1::ListApiKeysRequest& request,
                           clinic::v1::ListApiKeysResponse& response,
                           storage::Transaction& transaction,
                           const CallContext& call) const;
  absl::Status GetCaller(const clinic::v1::GetCallerRequest& request,
                         clinic::v1::GetCallerResponse& response,
                         storage::Transaction& transaction,
                         const CallContext& call) const;
  absl::Status SetStaffPassword(
      const clinic::v1::SetStaffPasswordRequest& request,
      clinic::v1::SetStaffPasswordResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
};

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_STAFF_SERVICE_H_
