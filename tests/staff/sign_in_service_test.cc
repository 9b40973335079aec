// clinic.v1.SignInService and StaffService.SetStaffPassword through real
// gRPC channels to a real server. gRPC clients never send session tokens
// (the HTTP transport carries them as a cookie), so a session the server
// gave is checked with auth::Authenticate on the server's own store.

#include <fstream>
#include <iterator>
#include <string>

#include "clinic/v1/clinic.grpc.pb.h"
#include "clinic/v1/sign_in.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/auth/authenticator.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/staff/staff_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The reason code of a refused call.
std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

class SignInServiceTest : public ::testing::Test {
 protected:
  SignInServiceTest()
      : admin_(server_.channel(staff::Role::kAdmin)),
        anonymous_(v1::SignInService::NewStub(server_.AnonymousChannel())) {}

  // A new front-desk member with an e-mail, and an API key of theirs.
  struct Member {
    std::string name;
    std::string id;
    std::string api_key;
  };
  Member NewMember(const std::string& email) {
    v1::StaffMember member = NewStaffMember("Léa Martin", v1::ROLE_FRONT_DESK);
    member.set_email(email);
    const v1::StaffMember created = admin_.CreateOk(member);
    v1::IssueApiKeyRequest issue;
    issue.set_parent(created.name());
    issue.set_request_id(UniqueRequestId("key"));
    v1::IssueApiKeyResponse key;
    EXPECT_TRUE(admin_.stub()
                    .IssueApiKey(ContextWithDeadline().get(), issue, &key)
                    .ok());
    return {created.name(), created.name().substr(6), key.secret()};
  }

  grpc::Status SetPassword(const std::string& name, bool temporary,
                           v1::SetStaffPasswordResponse* response,
                           const std::string& request_id = "") {
    v1::SetStaffPasswordRequest request;
    request.set_name(name);
    if (temporary) {
      request.set_temporary_password(true);
    } else {
      request.set_setup_link(true);
    }
    request.set_request_id(request_id.empty() ? UniqueRequestId("password")
                                              : request_id);
    return admin_.stub().SetStaffPassword(ContextWithDeadline().get(), request,
                                          response);
  }

  // A member with a password of their own (set through a setup link).
  Member MemberWithPassword(const std::string& email,
                            const std::string& password) {
    const Member member = NewMember(email);
    v1::SetStaffPasswordResponse set;
    EXPECT_TRUE(SetPassword(member.name, /*temporary=*/false, &set).ok());
    v1::CompletePasswordSetupRequest request;
    request.set_token(set.setup_token());
    request.set_new_password(password);
    request.set_request_id(UniqueRequestId("setup"));
    v1::CompletePasswordSetupResponse response;
    const grpc::Status status = anonymous_->CompletePasswordSetup(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return member;
  }

  grpc::Status SignIn(const std::string& email, const std::string& password,
                      v1::SignInResponse* response) {
    v1::SignInRequest request;
    request.set_email(email);
    request.set_password(password);
    return anonymous_->SignIn(ContextWithDeadline().get(), request, response);
  }

  absl::StatusOr<auth::Principal> AuthenticateToken(const std::string& token) {
    absl::StatusOr<auth::Principal> principal;
    EXPECT_TRUE(server_.server()
                    .store()
                    .Read([&](storage::Transaction& transaction) {
                      principal = auth::Authenticate({.session_token = token},
                                                     transaction, absl::Now());
                      return absl::OkStatus();
                    })
                    .ok());
    return principal;
  }

  TestServer server_;
  StaffClient admin_;
  std::unique_ptr<v1::SignInService::Stub> anonymous_;
};

TEST_F(SignInServiceTest, SignInOverGrpcGivesAWorkingSessionWithTheMembersRole) {
  const Member lea = MemberWithPassword("lea@clinic.example",
                                        "Léa's chosen password");
  v1::SignInResponse response;
  const grpc::Status status =
      SignIn("lea@clinic.example", "Léa's chosen password", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.session_token().size(), 43u);
  EXPECT_EQ(response.staff_member().name(), lea.name);
  EXPECT_EQ(response.idle_timeout().seconds(), 15 * 60);
  EXPECT_FALSE(response.must_change_password());
  EXPECT_GT(response.expire_time().seconds(), absl::ToUnixSeconds(absl::Now()));

  const absl::StatusOr<auth::Principal> principal =
      AuthenticateToken(response.session_token());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->staff_id, lea.id);
  EXPECT_EQ(principal->role, staff::Role::kFrontDesk);
  EXPECT_THAT(principal->session_id, ::testing::Not(IsEmpty()));
}

TEST_F(SignInServiceTest, AWrongPasswordIsUnauthenticatedWithItsReason) {
  MemberWithPassword("lea@clinic.example", "Léa's chosen password");
  v1::SignInResponse response;
  const grpc::Status wrong =
      SignIn("lea@clinic.example", "not the password", &response);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "email or password is wrong");
  EXPECT_EQ(ReasonOf(wrong), "SIGN_IN_FAILED");
  const grpc::Status unknown =
      SignIn("nobody@clinic.example", "not the password", &response);
  EXPECT_EQ(unknown.error_message(), wrong.error_message());
  EXPECT_EQ(ReasonOf(unknown), "SIGN_IN_FAILED");
}

TEST_F(SignInServiceTest, ATemporaryPasswordIsShownOnceAndMustBeChanged) {
  const Member lea = NewMember("lea@clinic.example");
  const std::string request_id = UniqueRequestId("password");
  v1::SetStaffPasswordResponse set;
  ASSERT_TRUE(SetPassword(lea.name, /*temporary=*/true, &set, request_id).ok());
  EXPECT_EQ(set.temporary_password().size(), 20u);
  EXPECT_THAT(set.setup_token(), IsEmpty());
  // A retry is refused rather than shown the secret again.
  v1::SetStaffPasswordResponse retried;
  const grpc::Status retry =
      SetPassword(lea.name, /*temporary=*/true, &retried, request_id);
  EXPECT_EQ(retry.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(retried.temporary_password(), IsEmpty());

  v1::SignInResponse signed_in;
  ASSERT_TRUE(
      SignIn("lea@clinic.example", set.temporary_password(), &signed_in).ok());
  EXPECT_TRUE(signed_in.must_change_password());
  const absl::StatusOr<auth::Principal> principal =
      AuthenticateToken(signed_in.session_token());
  ASSERT_TRUE(principal.ok());
  EXPECT_TRUE(principal->must_change_password);
}

TEST_F(SignInServiceTest, ChangePasswordWithAnApiKeyChecksTheCurrentOne) {
  const Member lea = MemberWithPassword("lea@clinic.example",
                                        "Léa's chosen password");
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn("lea@clinic.example", "Léa's chosen password", &session).ok());
  auto as_lea = v1::SignInService::NewStub(server_.ChannelWithKey(lea.api_key));
  v1::ChangePasswordRequest request;
  request.set_current_password("not the password");
  request.set_new_password("Léa's second password");
  request.set_request_id(UniqueRequestId("change"));
  v1::ChangePasswordResponse response;
  const grpc::Status wrong =
      as_lea->ChangePassword(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(wrong.error_message(), HasSubstr("current_password"));

  request.set_current_password("Léa's chosen password");
  const grpc::Status changed =
      as_lea->ChangePassword(ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(changed.ok()) << changed.error_message();
  EXPECT_EQ(response.staff_member().name(), lea.name);
  // Made with a key, so every session of the member ends.
  EXPECT_FALSE(AuthenticateToken(session.session_token()).ok());
  EXPECT_TRUE(
      SignIn("lea@clinic.example", "Léa's second password", &session).ok());
}

TEST_F(SignInServiceTest, ChangePasswordWithoutCredentialsIsUnauthenticated) {
  v1::ChangePasswordRequest request;
  request.set_current_password("whatever it was");
  request.set_new_password("whatever it will be");
  request.set_request_id(UniqueRequestId("change"));
  v1::ChangePasswordResponse response;
  const grpc::Status status =
      anonymous_->ChangePassword(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SignInServiceTest, SignOutWithAnApiKeyIsRefused) {
  auto as_admin = v1::SignInService::NewStub(server_.channel(staff::Role::kAdmin));
  v1::SignOutRequest request;
  request.set_request_id(UniqueRequestId("out"));
  v1::SignOutResponse response;
  const grpc::Status status =
      as_admin->SignOut(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("API key"));
}

TEST_F(SignInServiceTest, SettingAPasswordEndsTheMembersSessions) {
  const Member lea = MemberWithPassword("lea@clinic.example",
                                        "Léa's chosen password");
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn("lea@clinic.example", "Léa's chosen password", &session).ok());
  ASSERT_TRUE(AuthenticateToken(session.session_token()).ok());
  v1::SetStaffPasswordResponse set;
  ASSERT_TRUE(SetPassword(lea.name, /*temporary=*/true, &set).ok());
  const absl::StatusOr<auth::Principal> ended =
      AuthenticateToken(session.session_token());
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(ended.status().message(), HasSubstr("password_set"));
}

TEST_F(SignInServiceTest, AnAdminSettingAPasswordLiftsALock) {
  const Member lea = MemberWithPassword("lea@clinic.example",
                                        "Léa's chosen password");
  // Ten failures a moment ago, as the store keeps them.
  const absl::Time now = absl::Now();
  ASSERT_TRUE(server_.server()
                  .store()
                  .WriteAndWait([&](storage::Transaction& transaction) {
                    return transaction.sign_in().PutFailures(
                        {.subject = "staff/" + lea.id,
                         .failures = 10,
                         .window_start_time = now - absl::Minutes(1),
                         .last_failure_time = now,
                         .locked_until_time = now + absl::Minutes(15)});
                  })
                  .ok());
  v1::SignInResponse session;
  const grpc::Status locked =
      SignIn("lea@clinic.example", "Léa's chosen password", &session);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(locked), "ACCOUNT_LOCKED");

  v1::SetStaffPasswordResponse set;
  ASSERT_TRUE(SetPassword(lea.name, /*temporary=*/true, &set).ok());
  const grpc::Status signed_in =
      SignIn("lea@clinic.example", set.temporary_password(), &session);
  EXPECT_TRUE(signed_in.ok()) << signed_in.error_message();
}

TEST_F(SignInServiceTest, DeactivatingAMemberEndsTheirSessionsAtOnce) {
  const Member lea = MemberWithPassword("lea@clinic.example",
                                        "Léa's chosen password");
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn("lea@clinic.example", "Léa's chosen password", &session).ok());
  v1::DeactivateStaffMemberRequest request;
  request.set_name(lea.name);
  request.set_request_id(UniqueRequestId("deactivate"));
  v1::DeactivateStaffMemberResponse response;
  ASSERT_TRUE(admin_.stub()
                  .DeactivateStaffMember(ContextWithDeadline().get(), request,
                                         &response)
                  .ok());
  const absl::StatusOr<auth::Principal> ended =
      AuthenticateToken(session.session_token());
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(ended.status().message(), HasSubstr("deactivated"));
}

TEST_F(SignInServiceTest, SetStaffPasswordNeedsOneModeAndAnEmail) {
  v1::StaffMember no_email = admin_.CreateOk(
      NewStaffMember("Sans Courriel", v1::ROLE_FRONT_DESK));
  v1::SetStaffPasswordRequest request;
  request.set_name(no_email.name());
  request.set_request_id(UniqueRequestId("password"));
  v1::SetStaffPasswordResponse response;
  const grpc::Status no_mode = admin_.stub().SetStaffPassword(
      ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(no_mode.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_mode.error_message(), HasSubstr("mode"));
  const grpc::Status no_email_status =
      SetPassword(no_email.name(), /*temporary=*/true, &response);
  EXPECT_EQ(no_email_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(no_email_status.error_message(), HasSubstr("e-mail"));
}

TEST_F(SignInServiceTest, OnlyAnAdminMaySetAPassword) {
  const Member lea = NewMember("lea@clinic.example");
  StaffClient front_desk(server_.channel(staff::Role::kFrontDesk));
  v1::SetStaffPasswordRequest request;
  request.set_name(lea.name);
  request.set_temporary_password(true);
  request.set_request_id(UniqueRequestId("password"));
  v1::SetStaffPasswordResponse response;
  EXPECT_EQ(front_desk.stub()
                .SetStaffPassword(ContextWithDeadline().get(), request,
                                  &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(SignInServiceTest, NoPasswordOrTokenReachesTheDatabaseFile) {
  MemberWithPassword("lea@clinic.example", "Léa's chosen password");
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn("lea@clinic.example", "Léa's chosen password", &session).ok());
  const Member ben = NewMember("ben@clinic.example");
  v1::SetStaffPasswordResponse temporary;
  ASSERT_TRUE(SetPassword(ben.name, /*temporary=*/true, &temporary).ok());
  v1::SetStaffPasswordResponse link;
  const Member eve = NewMember("eve@clinic.example");
  ASSERT_TRUE(SetPassword(eve.name, /*temporary=*/false, &link).ok());
  std::string stored;
  for (const char* suffix : {"", "-wal"}) {
    std::ifstream file(server_.database_path() + suffix, std::ios::binary);
    stored.append(std::istreambuf_iterator<char>(file), {});
  }
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.find("Léa's chosen password"), std::string::npos);
  EXPECT_EQ(stored.find(session.session_token()), std::string::npos);
  EXPECT_EQ(stored.find(temporary.temporary_password()), std::string::npos);
  EXPECT_EQ(stored.find(link.setup_token()), std::string::npos);
}

class ClinicSettingsIdleTimeoutTest : public SignInServiceTest {
 protected:
  grpc::Status Update(const google::protobuf::Duration& idle,
                      v1::UpdateClinicSettingsResponse* response) {
    auto clinic = v1::ClinicService::NewStub(server_.channel(staff::Role::kAdmin));
    v1::GetClinicSettingsResponse current;
    EXPECT_TRUE(clinic->GetClinicSettings(ContextWithDeadline().get(), {},
                                          &current)
                    .ok());
    v1::UpdateClinicSettingsRequest request;
    *request.mutable_settings() = current.settings();
    *request.mutable_settings()->mutable_sign_in_idle_timeout() = idle;
    request.set_request_id(UniqueRequestId("settings"));
    return clinic->UpdateClinicSettings(ContextWithDeadline().get(), request,
                                        response);
  }
};

TEST_F(ClinicSettingsIdleTimeoutTest, TheIdleTimeoutIsFiveMinutesToEightHours) {
  google::protobuf::Duration idle;
  v1::UpdateClinicSettingsResponse response;
  idle.set_seconds(4 * 60);
  grpc::Status status = Update(idle, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("settings.sign_in_idle_timeout"));
  idle.set_seconds(8 * 3600 + 1);
  EXPECT_EQ(Update(idle, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  idle.set_seconds(30 * 60);
  idle.set_nanos(5);
  EXPECT_EQ(Update(idle, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  idle.set_nanos(0);
  status = Update(idle, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.settings().sign_in_idle_timeout().seconds(), 30 * 60);
  MemberWithPassword("lea@clinic.example", "Léa's chosen password");
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn("lea@clinic.example", "Léa's chosen password", &session).ok());
  EXPECT_EQ(session.idle_timeout().seconds(), 30 * 60);
}

TEST_F(ClinicSettingsIdleTimeoutTest, TheDefaultIsFifteenMinutes) {
  auto clinic = v1::ClinicService::NewStub(server_.channel(staff::Role::kAdmin));
  v1::GetClinicSettingsResponse current;
  ASSERT_TRUE(
      clinic->GetClinicSettings(ContextWithDeadline().get(), {}, &current).ok());
  EXPECT_EQ(current.settings().sign_in_idle_timeout().seconds(), 15 * 60);
}

}  // namespace
}  // namespace mesoclinic::testing
