#include "tests/support/test_server.h"

#include <chrono>
#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace mesoclinic::testing {

TestServer::TestServer(const std::function<void(ServerOptions&)>& adjust) {
  options_.database_path = dir_.File("clinic.db");
  options_.listen_address = "127.0.0.1:0";
  if (adjust) adjust(options_);
  Start();
}

TestServer::~TestServer() {
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
}

void TestServer::Start() {
  absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options_);
  if (!server.ok()) {
    throw std::runtime_error(absl::StrCat("cannot start the test server: ",
                                          server.status().ToString()));
  }
  server_ = *std::move(server);
  channel_ =
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

void TestServer::Restart() {
  // The next start listens on the same port, so old channels keep working.
  options_.listen_address = address();
  server_->Shutdown(absl::Seconds(1));
  server_.reset();
  Start();
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

}  // namespace mesoclinic::testing
