#ifndef MESOCLINIC_TESTS_SUPPORT_RAW_CALL_H_
#define MESOCLINIC_TESTS_SUPPORT_RAW_CALL_H_

// Calls a unary method with request bytes as they are, so that tests can
// send what no well-behaved client would: invalid UTF-8, truncated or
// garbage messages.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::testing {

struct RawResponse {
  grpc::Status status;
  std::string bytes;
};

// `method` is the full name: "/clinic.v1.PatientService/CreatePatient".
RawResponse RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& method,
                         const std::string& request_bytes,
                         grpc::ClientContext* context = nullptr);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_RAW_CALL_H_
