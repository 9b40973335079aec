#ifndef MESOCLINIC_CLIENTS_CLINICCTL_RPC_ERROR_DETAILS_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_RPC_ERROR_DETAILS_H_

// The google.rpc details clinicd sends with every refusal, read from a
// grpc::Status (core/base/error_details.h reads them from an absl::Status,
// which clinicctl never holds).

#include <map>
#include <string>
#include <vector>

#include <grpcpp/support/status.h>

namespace mesoclinic::clinicctl {

struct RpcFieldViolation {
  std::string field;
  std::string description;
};

struct RpcErrorDetails {
  // The google.rpc.ErrorInfo reason, such as "PLUGIN_SUSPENDED". clinicd
  // gives one with every error, so an empty reason means that the server
  // never answered: the transport failed.
  std::string reason;
  std::map<std::string, std::string> metadata;
  // The google.rpc.BadRequest field violations, in the server's order.
  std::vector<RpcFieldViolation> violations;
};

// The details in `status`; empty when it carries none or they do not
// parse.
RpcErrorDetails ReadErrorDetails(const grpc::Status& status);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_RPC_ERROR_DETAILS_H_
