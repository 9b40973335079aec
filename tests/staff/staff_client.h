#ifndef MESOCLINIC_TESTS_STAFF_STAFF_CLIENT_H_
#define MESOCLINIC_TESTS_STAFF_STAFF_CLIENT_H_

// What the staff, auth and audit tests ask of clinic.v1.StaffService,
// through a real channel: each helper returns the gRPC status and fills the
// response, and the *Ok variants also expect success.

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {

// A request id no other call of this process used.
inline std::string UniqueRequestId(const std::string& prefix = "req") {
  static std::atomic<int> counter{0};
  return absl::StrCat(prefix, "-", ++counter);
}

inline clinic::v1::StaffMember NewStaffMember(const std::string& display_name,
                                              clinic::v1::Role role,
                                              const std::string& licence = "") {
  clinic::v1::StaffMember member;
  member.set_display_name(display_name);
  member.set_role(role);
  member.set_licence_number(
      licence.empty() && role == clinic::v1::ROLE_PRACTITIONER ? "RPPS-424242"
                                                               : licence);
  return member;
}

class StaffClient {
 public:
  explicit StaffClient(const std::shared_ptr<grpc::Channel>& channel)
      : stub_(clinic::v1::StaffService::NewStub(channel)) {}

  clinic::v1::StaffService::Stub& stub() { return *stub_; }

  grpc::Status Create(const clinic::v1::StaffMember& member,
                      clinic::v1::StaffMember* created,
                      const std::string& request_id = "") {
    clinic::v1::CreateStaffMemberRequest request;
    *request.mutable_staff_member() = member;
    request.set_request_id(request_id.empty() ? UniqueRequestId("create")
                                              : request_id);
    clinic::v1::CreateStaffMemberResponse response;
    grpc::Status status = stub_->CreateStaffMember(
        ContextWithDeadline().get(), request, &response);
    if (created != nullptr) *created = response.staff_member();
    return status;
  }

  clinic::v1::StaffMember CreateOk(const clinic::v1::StaffMember& member) {
    clinic::v1::StaffMember created;
    const grpc::Status status = Create(member, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Get(const std::string& name, clinic::v1::StaffMember* member) {
    clinic::v1::GetStaffMemberRequest request;
    request.set_name(name);
    clinic::v1::GetStaffMemberResponse response;
    grpc::Status status =
        stub_->GetStaffMember(ContextWithDeadline().get(), request, &response);
    if (member != nullptr) *member = response.staff_member();
    return status;
  }

  grpc::Status List(const clinic::v1::ListStaffMembersRequest& request,
                    clinic::v1::ListStaffMembersResponse* response) {
    return stub_->ListStaffMembers(ContextWithDeadline().get(), request,
                                   response);
  }

  grpc::Status Deactivate(const std::string& name,
                          clinic::v1::StaffMember* member = nullptr,
                          const std::string& request_id = "") {
    clinic::v1::DeactivateStaffMemberRequest request;
    request.set_name(name);
    request.set_request_id(request_id.empty() ? UniqueRequestId("deactivate")
                                              : request_id);
    clinic::v1::DeactivateStaffMemberResponse response;
    grpc::Status status = stub_->DeactivateStaffMember(
        ContextWithDeadline().get(), request, &response);
    if (member != nullptr) *member = response.staff_member();
    return status;
  }

  grpc::Status IssueKey(const std::string& parent,
                        clinic::v1::IssueApiKeyResponse* response,
                        const std::string& request_id = "",
                        const std::string& description = "") {
    clinic::v1::IssueApiKeyRequest request;
    request.set_parent(parent);
    request.set_description(description);
    request.set_request_id(request_id.empty() ? UniqueRequestId("issue")
                                              : request_id);
    return stub_->IssueApiKey(ContextWithDeadline().get(), request, response);
  }

  // The new key's secret.
  std::string IssueKeyOk(const std::string& parent) {
    clinic::v1::IssueApiKeyResponse response;
    const grpc::Status status = IssueKey(parent, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.secret().empty());
    return response.secret();
  }

  grpc::Status Revoke(const std::string& name,
                      clinic::v1::ApiKey* key = nullptr,
                      const std::string& request_id = "") {
    clinic::v1::RevokeApiKeyRequest request;
    request.set_name(name);
    request.set_request_id(request_id.empty() ? UniqueRequestId("revoke")
                                              : request_id);
    clinic::v1::RevokeApiKeyResponse response;
    grpc::Status status =
        stub_->RevokeApiKey(ContextWithDeadline().get(), request, &response);
    if (key != nullptr) *key = response.api_key();
    return status;
  }

  grpc::Status ListKeys(const std::string& parent,
                        clinic::v1::ListApiKeysResponse* response) {
    clinic::v1::ListApiKeysRequest request;
    request.set_parent(parent);
    return stub_->ListApiKeys(ContextWithDeadline().get(), request, response);
  }

  grpc::Status GetCaller(clinic::v1::GetCallerResponse* response) {
    return stub_->GetCaller(ContextWithDeadline().get(), {}, response);
  }

 private:
  std::unique_ptr<clinic::v1::StaffService::Stub> stub_;
};

// The secret part of an API key "mck_<16-character id>_<secret>" (the
// secret, web-safe base64, may itself contain '_').
inline std::string SecretPart(const std::string& key) {
  return key.size() > 21 ? key.substr(21) : "";
}

// "staff/{id}" of the test server's member of `role`.
inline std::string StaffName(const TestServer& server, staff::Role role) {
  return absl::StrCat("staff/", server.staff_id(role));
}

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_STAFF_STAFF_CLIENT_H_
