#ifndef MESOCLINIC_CORE_PATIENTS_PATIENT_SERVICE_H_
#define MESOCLINIC_CORE_PATIENTS_PATIENT_SERVICE_H_

// clinic.v1.PatientService: the gRPC adapter over the patient rules and
// storage. Proto in, proto out; the rules live in patient_rules.h.

#include "absl/time/time.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "core/api/bound_service.h"

namespace mesoclinic::patients {

class PatientService final : public BoundService<clinic::v1::PatientService> {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 500;

  explicit PatientService(CallRunner& calls);

 private:
  absl::Status CreatePatient(const clinic::v1::CreatePatientRequest& request,
                             clinic::v1::CreatePatientResponse& response,
                             storage::Transaction& transaction,
                             const CallContext& call) const;
  absl::Status GetPatient(const clinic::v1::GetPatientRequest& request,
                          clinic::v1::GetPatientResponse& response,
                          storage::Transaction& transaction,
                          const CallContext& call) const;
  absl::Status UpdatePatient(const clinic::v1::UpdatePatientRequest& request,
                             clinic::v1::UpdatePatientResponse& response,
                             storage::Transaction& transaction,
                             const CallContext& call) const;
  absl::Status ListPatients(const clinic::v1::ListPatientsRequest& request,
                            clinic::v1::ListPatientsResponse& response,
                            storage::Transaction& transaction,
                            const CallContext& call) const;
  absl::Status ArchivePatient(const clinic::v1::ArchivePatientRequest& request,
                              clinic::v1::ArchivePatientResponse& response,
                              storage::Transaction& transaction,
                              const CallContext& call) const;

};

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_PATIENT_SERVICE_H_
