#include "clients/clinicctl/exit_status.h"

#include <vector>

#include <google/protobuf/struct.pb.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/rpc_error_details.h"

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

namespace {

// The error line, then the server's reason when it says more than the code,
// then each field violation on its own line.
std::string ErrorLines(const grpc::Status& status,
                       const RpcErrorDetails& details) {
  const std::string code = StatusCodeName(status.error_code());
  std::string text = absl::StrCat("error: ", code, ": ");
  std::vector<std::string> violations;
  for (const RpcFieldViolation& violation : details.violations) {
    violations.push_back(
        absl::StrCat(violation.field, ": ", violation.description));
  }
  // The server's message joins the violations on one line; they are
  // listed below instead, so only a message saying more is kept.
  if (violations.empty() ||
      status.error_message() != absl::StrJoin(violations, "; ")) {
    absl::StrAppend(&text, status.error_message(), "\n");
  } else {
    absl::StrAppend(&text, violations.size() == 1 ? "1 problem" :
                    absl::StrCat(violations.size(), " problems"), ":\n");
  }
  if (!details.reason.empty() && details.reason != code) {
    absl::StrAppend(&text, "reason: ", details.reason, "\n");
  }
  for (const std::string& violation : violations) {
    absl::StrAppend(&text, "  ", violation, "\n");
  }
  return text;
}

}  // namespace

std::string DescribeRpcError(const grpc::Status& status,
                             const std::string& server) {
  const RpcErrorDetails details = ReadErrorDetails(status);
  std::string text = ErrorLines(status, details);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      absl::StrAppend(&text,
                      "hint: check the API key (--key-file FILE or the "
                      "CLINIC_API_KEY variable): it may be mistyped, revoked, "
                      "or belong to a deactivated staff member\n");
      break;
    case grpc::StatusCode::UNAVAILABLE:
      // The server gives a reason with every answer: without one, the
      // transport failed. With one (a suspended plugin, storage down) the
      // server is up and its message says what is wrong.
      if (details.reason.empty()) {
        absl::StrAppend(&text, "hint: the server is not reachable at ",
                        server,
                        ": check --server, that clinicd is running, and "
                        "--tls if the server speaks TLS\n");
      } else {
        absl::StrAppend(&text,
                        "hint: the server is running but cannot do this "
                        "now; try again later or ask the administrator\n");
      }
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

std::string RpcErrorJson(const grpc::Status& status) {
  const RpcErrorDetails details = ReadErrorDetails(status);
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(StatusCodeName(status.error_code()));
  fields["message"].set_string_value(status.error_message());
  fields["reason"].set_string_value(details.reason);
  auto& metadata = *fields["metadata"].mutable_struct_value()->mutable_fields();
  for (const auto& [key, value] : details.metadata) {
    metadata[key].set_string_value(value);
  }
  auto& violations = *fields["violations"].mutable_list_value();
  for (const RpcFieldViolation& violation : details.violations) {
    auto& item = *violations.add_values()->mutable_struct_value()
                      ->mutable_fields();
    item["field"].set_string_value(violation.field);
    item["description"].set_string_value(violation.description);
  }
  google::protobuf::Struct document;
  *(*document.mutable_fields())["error"].mutable_struct_value() = error;
  return ToJson(document, /*pretty=*/true);
}

}  // namespace mesoclinic::clinicctl
