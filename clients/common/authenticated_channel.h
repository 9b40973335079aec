#ifndef MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_
#define MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_

// A channel that sends a Mesoclinic API key with every call, as
// "authorization: Bearer <key>" metadata.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::clients {

// `credentials` decide the transport (TLS or, on loopback, plaintext); the
// key travels as call metadata on either. `arguments` tune the channel (a
// load generator gives each channel its own connection with them).
std::shared_ptr<grpc::Channel> CreateAuthenticatedChannel(
    const std::string& target,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const std::string& api_key,
    const grpc::ChannelArguments& arguments = grpc::ChannelArguments());

}  // namespace mesoclinic::clients

#endif  // MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_
