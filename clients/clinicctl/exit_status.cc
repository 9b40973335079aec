#include "clients/clinicctl/exit_status.h"

#include "absl/strings/str_cat.h"

namespace mesoclinic::clinicctl {

std::string StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

ExitCode ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitConnection;
    default:
      return kExitRefused;
  }
}

std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& server) {
  std::string text = absl::StrCat("error: ", StatusCodeName(status.error_code()),
                                  ": ", status.error_message(), "\n");
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      absl::StrAppend(&text,
                      "hint: check the API key (--key-file FILE or the "
                      "CLINIC_API_KEY variable): it may be mistyped, revoked, "
                      "or belong to a deactivated staff member\n");
      break;
    case grpc::StatusCode::UNAVAILABLE:
      absl::StrAppend(&text, "hint: the server is not reachable at ", server,
                      ": check --server, that clinicd is running, and --tls "
                      "if the server speaks TLS\n");
      break;
    case grpc::StatusCode::PERMISSION_DENIED:
      absl::StrAppend(&text,
                      "hint: your role may not do this; run 'clinicctl staff "
                      "whoami' to see who you are signed in as\n");
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      absl::StrAppend(&text,
                      "hint: the server did not answer in time (--timeout); a "
                      "change may or may not have been made: check before "
                      "trying again\n");
      break;
    case grpc::StatusCode::ABORTED:
      absl::StrAppend(&text,
                      "hint: someone changed the record since you read it; "
                      "read it again and reapply your change\n");
      break;
    default:
      break;
  }
  return text;
}

}  // namespace mesoclinic::clinicctl
