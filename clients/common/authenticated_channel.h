#ifndef MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_
#define MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_

// A channel that sends a Mesoclinic API key with every call, as
// "authorization: Bearer <key>" metadata.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::clients {

// `credentials` decide the transport (TLS or, on loopback, plaintext); the
// key travels as call metadata on either.
std::shared_ptr<grpc::Channel> CreateAuthenticatedChannel(
    const std::string& target,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const std::string& api_key);

}  // namespace mesoclinic::clients

#endif  // MESOCLINIC_CLIENTS_COMMON_AUTHENTICATED_CHANNEL_H_
