#include "tests/support/test_server.h"

#include <chrono>
#include <fstream>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "clients/common/authenticated_channel.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/server/audit_trail_start.h"

namespace mesoclinic::testing {
namespace {

void Require(bool condition, const std::string& what) {
  if (!condition) throw std::runtime_error("test server: " + what);
}

}  // namespace

TestServer::TestServer(const std::function<void(ServerOptions&)>& adjust) {
  options_.database_path = dir_.File("clinic.db");
  options_.listen_address = "127.0.0.1:0";
  options_.http_listen_address = "127.0.0.1:0";
  options_.plugin_dir = MESOCLINIC_TEST_PLUGIN_DIR;
  if (adjust) adjust(options_);
  Start();
  CreateStaff();
}

TestServer::~TestServer() {
  if (server_ != nullptr) server_->Shutdown(absl::Seconds(1));
}

void TestServer::Start() {
  absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options_);
  Require(server.ok(), absl::StrCat("cannot start: ", server.status().ToString()));
  server_ = *std::move(server);
  // Channels are made anew: old ones may be backing off after the restart.
  channels_.clear();
  for (const auto& [role, member] : members_) {
    channels_[role] = ChannelWithKey(member.api_key);
  }
}

void TestServer::CreateStaff() {
  const std::string admin_key =
      ReadKeyFile(AdminKeyFile(options_.database_path));
  auto staff = clinic::v1::StaffService::NewStub(ChannelWithKey(admin_key));
  clinic::v1::GetCallerResponse admin;
  Require(staff->GetCaller(ContextWithDeadline().get(), {}, &admin).ok(),
          "the first admin key does not work");
  members_[staff::Role::kAdmin] = {
      std::string(absl::StripPrefix(admin.staff_member().name(), "staff/")),
      admin_key};
  for (const auto& [role, name, licence] :
       {std::tuple{staff::Role::kPractitioner, "Dr Claire Moreau", "RPPS-10101"},
        std::tuple{staff::Role::kFrontDesk, "Lucie Bernard", ""}}) {
    clinic::v1::CreateStaffMemberRequest create;
    create.mutable_staff_member()->set_display_name(name);
    create.mutable_staff_member()->set_role(static_cast<clinic::v1::Role>(role));
    create.mutable_staff_member()->set_licence_number(licence);
    create.set_request_id(absl::StrCat("test-staff-", static_cast<int>(role)));
    clinic::v1::CreateStaffMemberResponse created;
    const grpc::Status status =
        staff->CreateStaffMember(ContextWithDeadline().get(), create, &created);
    Require(status.ok(), "cannot create staff: " + status.error_message());
    clinic::v1::IssueApiKeyRequest issue;
    issue.set_parent(created.staff_member().name());
    issue.set_request_id(absl::StrCat("test-key-", static_cast<int>(role)));
    clinic::v1::IssueApiKeyResponse key;
    Require(staff->IssueApiKey(ContextWithDeadline().get(), issue, &key).ok(),
            "cannot issue a key");
    members_[role] = {std::string(absl::StripPrefix(
                          created.staff_member().name(), "staff/")),
                      key.secret()};
  }
  for (const auto& [role, member] : members_) {
    channels_[role] = ChannelWithKey(member.api_key);
  }
}

void TestServer::Restart() {
  // The next start listens on the same port.
  options_.listen_address = address();
  if (server_->http_port() != 0) {
    options_.http_listen_address =
        absl::StrCat("127.0.0.1:", server_->http_port());
  }
  server_->Shutdown(absl::Seconds(1));
  server_.reset();
  Start();
}

std::shared_ptr<grpc::Channel> TestServer::channel(staff::Role role) const {
  return channels_.at(role);
}

std::shared_ptr<grpc::Channel> TestServer::ChannelWithKey(
    const std::string& api_key) const {
  return clients::CreateAuthenticatedChannel(
      address(), grpc::InsecureChannelCredentials(), api_key);
}

std::shared_ptr<grpc::Channel> TestServer::AnonymousChannel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

const std::string& TestServer::staff_id(staff::Role role) const {
  return members_.at(role).staff_id;
}

const std::string& TestServer::api_key(staff::Role role) const {
  return members_.at(role).api_key;
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

audit::AuditChainKey TestServer::audit_chain_key() const {
  absl::StatusOr<audit::AuditChainKey> key =
      ReadAuditChainKey(AuditChainKeyFileBeside(options_.database_path));
  if (!key.ok()) throw std::runtime_error(key.status().ToString());
  return *std::move(key);
}

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(seconds));
  return context;
}

std::string ReadKeyFile(const std::string& key_file) {
  std::ifstream file(key_file);
  std::string key;
  std::getline(file, key);
  Require(!key.empty(), "cannot read the key file " + key_file);
  return key;
}

}  // namespace mesoclinic::testing
