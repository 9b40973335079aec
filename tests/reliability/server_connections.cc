#include "tests/reliability/server_connections.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "clients/common/authenticated_channel.h"

namespace mesoclinic::reliability {

std::shared_ptr<grpc::Channel> ServerConnections::Channel(
    const std::string& api_key) {
  absl::MutexLock lock(&mutex_);
  std::shared_ptr<grpc::Channel>& channel = channels_[api_key];
  if (channel == nullptr) {
    grpc::ChannelArguments arguments;
    // Channels to the same address otherwise share one connection.
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channel = clients::CreateAuthenticatedChannel(
        address_, grpc::InsecureChannelCredentials(), api_key, arguments);
  }
  return channel;
}

testing::RawResponse ServerConnections::CallRaw(
    const std::string& api_key, const std::string& method,
    const std::string& request_bytes) {
  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::microseconds(absl::ToInt64Microseconds(deadline_)));
  return testing::RawUnaryCall(Channel(api_key), method, request_bytes,
                               &context);
}

grpc::Status ServerConnections::Call(const std::string& api_key,
                                     const std::string& method,
                                     const google::protobuf::Message& request,
                                     google::protobuf::Message* response) {
  const testing::RawResponse answer =
      CallRaw(api_key, method, request.SerializeAsString());
  if (answer.status.ok() && !response->ParseFromString(answer.bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        absl::StrCat("cannot parse the answer of ", method));
  }
  return answer.status;
}

}  // namespace mesoclinic::reliability
