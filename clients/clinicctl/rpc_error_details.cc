#include "clients/clinicctl/rpc_error_details.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace mesoclinic::clinicctl {

RpcErrorDetails ReadErrorDetails(const grpc::Status& status) {
  RpcErrorDetails details;
  google::rpc::Status rpc_status;
  if (status.error_details().empty() ||
      !rpc_status.ParseFromString(status.error_details())) {
    return details;
  }
  for (const google::protobuf::Any& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      details.reason = info.reason();
      details.metadata.insert(info.metadata().begin(), info.metadata().end());
    } else if (any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        details.violations.push_back(
            {violation.field(), violation.description()});
      }
    }
  }
  return details;
}

}  // namespace mesoclinic::clinicctl
