#ifndef MESOCLINIC_TESTS_SUPPORT_HEALTH_CHECK_H_
#define MESOCLINIC_TESTS_SUPPORT_HEALTH_CHECK_H_

// The standard gRPC health check (grpc.health.v1.Health/Check), as a load
// balancer or a monitor calls it.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::testing {

// grpc.health.v1.HealthCheckResponse.ServingStatus.
enum class HealthStatus { kUnknown = 0, kServing = 1, kNotServing = 2 };

// The status of `service` ("" for the server as a whole); kUnknown when the
// call fails or its answer does not parse.
HealthStatus CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& service);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_HEALTH_CHECK_H_
