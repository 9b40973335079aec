#ifndef MESOCLINIC_TESTS_SUPPORT_REFLECTION_CLIENT_H_
#define MESOCLINIC_TESTS_SUPPORT_REFLECTION_CLIENT_H_

// Asks a server's reflection service which services it offers, as
// standard gRPC tools do.

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::testing {

// The full names of the services the server lists, or an empty list when
// reflection did not answer (the failure is printed to stderr).
std::vector<std::string> ReflectedServices(
    const std::shared_ptr<grpc::Channel>& channel);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_REFLECTION_CLIENT_H_
