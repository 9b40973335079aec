#include "clients/common/authenticated_channel.h"

#include <utility>
#include <vector>

#include <grpcpp/support/client_interceptor.h>

namespace mesoclinic::clients {
namespace {

// gRPC sends call credentials only over TLS; an interceptor adds the key on
// any transport, so that loopback development servers work the same way.
class BearerKeyInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerKeyInterceptor(const std::string& header) : header_(header) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  const std::string& header_;
};

class BearerKeyInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerKeyInterceptorFactory(std::string api_key)
      : header_("Bearer " + std::move(api_key)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerKeyInterceptor(header_);
  }

 private:
  const std::string header_;
};

}  // namespace

std::shared_ptr<grpc::Channel> CreateAuthenticatedChannel(
    const std::string& target,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const std::string& api_key, const grpc::ChannelArguments& arguments) {
  std::vector<std::unique_ptr<
      grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<BearerKeyInterceptorFactory>(api_key));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, credentials, arguments, std::move(interceptors));
}

}  // namespace mesoclinic::clients
