#ifndef MESOCLINIC_CLIENTS_CLINICCTL_EXIT_STATUS_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_EXIT_STATUS_H_

// Exit codes, and how a gRPC error is explained to the person at the
// keyboard.

#include <string>

#include <grpcpp/support/status.h>

namespace mesoclinic::clinicctl {

enum ExitCode : int {
  kExitOk = 0,
  // The server refused the request: INVALID_ARGUMENT, NOT_FOUND,
  // FAILED_PRECONDITION, PERMISSION_DENIED, ABORTED, ...
  kExitRefused = 1,
  // The command line is wrong.
  kExitUsage = 2,
  // No connection or no valid key: UNAVAILABLE, UNAUTHENTICATED,
  // DEADLINE_EXCEEDED, or a local key / certificate problem.
  kExitConnection = 3,
};

// "NOT_FOUND" for grpc::StatusCode::NOT_FOUND.
std::string StatusCodeName(grpc::StatusCode code);

ExitCode ExitCodeFor(grpc::StatusCode code);

// "error: NOT_FOUND: patients/abc does not exist", then the server's reason
// code when it says more than the status code ("reason: PLUGIN_SUSPENDED"),
// each field violation on its own line ("  field: rule"), and for some
// codes a line "hint: ..." saying what to check. Ends with a newline.
std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& server);

// The same for scripts (--json): {"error": {"code", "message", "reason",
// "metadata", "violations": [{"field", "description"}]}}.
std::string RpcErrorJson(const grpc::Status& status);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_EXIT_STATUS_H_
