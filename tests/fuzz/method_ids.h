#ifndef MESOCLINIC_TESTS_FUZZ_METHOD_IDS_H_
#define MESOCLINIC_TESTS_FUZZ_METHOD_IDS_H_

// The clinic.v1 methods the request fuzz target chooses from, and the
// 16-bit id an input names one with.

#include <cstdint>
#include <vector>

#include "google/protobuf/descriptor.h"

namespace mesoclinic::fuzz {

// Every method of every clinic.v1 service, ordered by full name.
const std::vector<const google::protobuf::MethodDescriptor*>& ApiMethods();

// A hash of the method's full name ("clinic.v1.PatientService.CreatePatient"),
// so that an input keeps naming the same method when methods are added. No
// two methods share an id (ApiMethods checks).
uint16_t MethodId(const google::protobuf::MethodDescriptor& method);

}  // namespace mesoclinic::fuzz

#endif  // MESOCLINIC_TESTS_FUZZ_METHOD_IDS_H_
