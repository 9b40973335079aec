#ifndef MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_
#define MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_

// A real clinicd server, in process, on an ephemeral loopback port with its
// own database in a temporary folder, and a real gRPC channel to it.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "core/server/clinic_server.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::testing {

class TestServer {
 public:
  // Starts a server; `adjust` may change the options first (the database
  // path and listen address are already set).
  explicit TestServer(
      const std::function<void(ServerOptions&)>& adjust = nullptr);
  ~TestServer();

  // Stops the server and starts it again on the same database.
  void Restart();

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::string address() const;
  const std::string& database_path() const { return options_.database_path; }
  ClinicServer& server() { return *server_; }
  const TempDir& dir() const { return dir_; }

 private:
  void Start();

  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<ClinicServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A client context with a deadline, so that a hung server fails a test
// instead of hanging it.
std::unique_ptr<grpc::ClientContext> ContextWithDeadline(
    int seconds = 10);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_
