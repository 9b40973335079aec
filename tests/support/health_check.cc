#include "tests/support/health_check.h"

#include "tests/support/raw_call.h"

namespace mesoclinic::testing {

HealthStatus CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& service) {
  // HealthCheckRequest.service is field 1, a string; no grpc.health.v1
  // classes are generated for clinicd, so the bytes are made by hand.
  const std::string request =
      service.empty()
          ? ""
          : std::string("\x0a") + static_cast<char>(service.size()) + service;
  const RawResponse response =
      RawUnaryCall(channel, "/grpc.health.v1.Health/Check", request);
  if (!response.status.ok()) return HealthStatus::kUnknown;
  // HealthCheckResponse.status is field 1, a varint; an empty answer is 0.
  if (response.bytes.empty()) return HealthStatus::kUnknown;
  if (response.bytes.size() == 2 && response.bytes[0] == '\x08' &&
      response.bytes[1] >= 0 && response.bytes[1] <= 2) {
    return static_cast<HealthStatus>(response.bytes[1]);
  }
  return HealthStatus::kUnknown;
}

}  // namespace mesoclinic::testing
