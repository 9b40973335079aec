#ifndef MESOCLINIC_CORE_AUDIT_AUDIT_SERVICE_H_
#define MESOCLINIC_CORE_AUDIT_AUDIT_SERVICE_H_

// clinic.v1.AuditService: reading and verifying the audit trail, and
// signing checkpoints of it.

#include <string>

#include "clinic/v1/audit.grpc.pb.h"
#include "core/api/bound_service.h"

namespace mesoclinic::audit {

class AuditService final : public BoundService<clinic::v1::AuditService> {
 public:
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;

  // `checkpoint_signing_seed`: the audit signing key's seed
  // (kCheckpointSeedBytes), which CreateAuditCheckpoint signs with.
  AuditService(CallRunner& calls, std::string checkpoint_signing_seed);

 private:
  absl::Status ListAuditEvents(const clinic::v1::ListAuditEventsRequest& request,
                               clinic::v1::ListAuditEventsResponse& response,
                               storage::Transaction& transaction,
                               const CallContext& call) const;
  absl::Status VerifyAuditChain(
      const clinic::v1::VerifyAuditChainRequest& request,
      clinic::v1::VerifyAuditChainResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status CreateAuditCheckpoint(
      const clinic::v1::CreateAuditCheckpointRequest& request,
      clinic::v1::CreateAuditCheckpointResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;

  const std::string checkpoint_signing_seed_;
};

}  // namespace mesoclinic::audit

#endif  // MESOCLINIC_CORE_AUDIT_AUDIT_SERVICE_H_
