#ifndef MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_
#define MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_

// A real clinicd server, in process, on an ephemeral loopback port with its
// own database in a temporary folder, and real gRPC channels to it: one per
// role, each sending the API key of a staff member of that role.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "core/audit/audit_event.h"
#include "core/server/clinic_server.h"
#include "core/staff/staff_member.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::testing {

class TestServer {
 public:
  // Starts a server; `adjust` may change the options first (the database
  // path and listen address are already set).
  explicit TestServer(
      const std::function<void(ServerOptions&)>& adjust = nullptr);
  ~TestServer();

  // Stops the server and starts it again on the same database and port.
  void Restart();

  // A channel acting as a practitioner, who may do most clinical work.
  std::shared_ptr<grpc::Channel> channel() const {
    return channel(staff::Role::kPractitioner);
  }
  // A channel acting as a staff member of `role`.
  std::shared_ptr<grpc::Channel> channel(staff::Role role) const;
  // A channel that sends `api_key` (which may be anything).
  std::shared_ptr<grpc::Channel> ChannelWithKey(const std::string& api_key) const;
  // A channel that sends no key.
  std::shared_ptr<grpc::Channel> AnonymousChannel() const;

  // The staff id and API key of the test's staff member of `role`.
  const std::string& staff_id(staff::Role role) const;
  const std::string& api_key(staff::Role role) const;

  std::string address() const;
  const std::string& database_path() const { return options_.database_path; }
  // The key the server links its audit chain under (audit-chain.key beside
  // its database), as verification needs it to prove the links.
  audit::AuditChainKey audit_chain_key() const;
  ClinicServer& server() { return *server_; }
  const TempDir& dir() const { return dir_; }

 private:
  struct Member {
    std::string staff_id;
    std::string api_key;
  };

  void Start();
  void CreateStaff();

  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<ClinicServer> server_;
  std::map<staff::Role, Member> members_;
  std::map<staff::Role, std::shared_ptr<grpc::Channel>> channels_;
};

// A client context with a deadline, so that a hung server fails a test
// instead of hanging it.
std::unique_ptr<grpc::ClientContext> ContextWithDeadline(int seconds = 10);

// The API key the server wrote to `key_file`.
std::string ReadKeyFile(const std::string& key_file);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_TEST_SERVER_H_
