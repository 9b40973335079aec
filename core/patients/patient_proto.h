#ifndef MESOCLINIC_CORE_PATIENTS_PATIENT_PROTO_H_
#define MESOCLINIC_CORE_PATIENTS_PATIENT_PROTO_H_

// Conversions between clinic.v1.Patient and the domain Patient.

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clinic/v1/patients.pb.h"
#include "core/patients/patient.h"

namespace mesoclinic::patients {

// The client-settable fields of `proto`; output-only fields are ignored.
// INVALID_ARGUMENT for what the domain type cannot hold: an enum value the
// API does not define, or a date that is not a calendar date.
absl::StatusOr<Patient> PatientFromProto(const clinic::v1::Patient& proto);

clinic::v1::Patient PatientToProto(const Patient& patient);

// The groups a request's confirm_facts names, each once. INVALID_ARGUMENT
// naming `field` and the index for an undefined or unspecified group.
absl::StatusOr<std::vector<FactGroup>> FactGroupsFromProto(
    absl::string_view field,
    const google::protobuf::RepeatedField<int>& groups);

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_PATIENT_PROTO_H_
