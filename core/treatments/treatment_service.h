#ifndef MESOCLINIC_CORE_TREATMENTS_TREATMENT_SERVICE_H_
#define MESOCLINIC_CORE_TREATMENTS_TREATMENT_SERVICE_H_

// clinic.v1.TreatmentService: the treatment types the loaded plugins bring,
// their protocols, eligibility checks and course plans.

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/plugin_host/plugin_registry.h"

namespace mesoclinic::treatments {

class TreatmentService final
    : public BoundService<clinic::v1::TreatmentService> {
 public:
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;

  TreatmentService(CallRunner& calls,
                   const plugin_host::PluginRegistry& plugins);

 private:
  absl::Status ListTreatmentTypes(
      const clinic::v1::ListTreatmentTypesRequest& request,
      clinic::v1::ListTreatmentTypesResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status GetTreatmentProtocol(
      const clinic::v1::GetTreatmentProtocolRequest& request,
      clinic::v1::GetTreatmentProtocolResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status CheckEligibility(
      const clinic::v1::CheckEligibilityRequest& request,
      clinic::v1::CheckEligibilityResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;
  absl::Status PlanCourse(const clinic::v1::PlanCourseRequest& request,
                          clinic::v1::PlanCourseResponse& response,
                          storage::Transaction& transaction,
                          const CallContext& call) const;

  const plugin_host::PluginRegistry& plugins_;
};

}  // namespace mesoclinic::treatments

#endif  // MESOCLINIC_CORE_TREATMENTS_TREATMENT_SERVICE_H_
