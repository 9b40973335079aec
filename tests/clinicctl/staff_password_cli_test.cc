// clinicctl staff set-password: a temporary password or a setup token,
// printed once with a warning, that the member then signs in with.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/v1/sign_in.grpc.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using staff::Role;

class StaffPasswordCliTest : public ClinicctlTest {
 protected:
  // A new front-desk member with an e-mail; their name "staff/{id}".
  static std::string CreateMemberWithEmail(const std::string& email) {
    const CliResult created =
        Run(Role::kAdmin, {"--json", "staff", "create", "--display-name",
                           "Léa Martin", "--role", "front-desk", "--email",
                           email});
    EXPECT_EXIT_CODE(created, 0);
    return JsonString(created.out, "name");
  }

  // Runs `staff set-password <member> <mode>` as the admin and returns
  // what it printed, after checking it warns that the secret is shown once.
  static std::string SetPassword(const std::string& member,
                                 const std::string& mode) {
    const CliResult set =
        Run(Role::kAdmin, {"staff", "set-password", member, mode});
    EXPECT_EXIT_CODE(set, 0);
    EXPECT_THAT(set.out, HasSubstr("shown once"));
    return set.out;
  }
};

// The text after `label` up to the end of its line.
std::string ValueAfter(const std::string& out, const std::string& label) {
  const std::size_t start = out.find(label);
  if (start == std::string::npos) return "";
  const std::size_t value = start + label.size();
  return out.substr(value, out.find('\n', value) - value);
}

TEST_F(StaffPasswordCliTest, ATemporaryPasswordIsPrintedOnceAndSignsIn) {
  const std::string out = SetPassword(
      CreateMemberWithEmail("lea.cli@clinic.example"), "--temporary");
  EXPECT_THAT(out, HasSubstr("must change it"));
  const std::string password = ValueAfter(out, "temporary password: ");
  ASSERT_EQ(password.size(), 20u) << out;

  auto sign_in = clinic::v1::SignInService::NewStub(server().AnonymousChannel());
  clinic::v1::SignInRequest request;
  request.set_email("lea.cli@clinic.example");
  request.set_password(password);
  clinic::v1::SignInResponse response;
  const grpc::Status status =
      sign_in->SignIn(ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.must_change_password());
}

TEST_F(StaffPasswordCliTest, ASetupLinksTokenIsPrintedOnceWithItsExpiry) {
  const std::string member = CreateMemberWithEmail("lea.link@clinic.example");
  const std::string out = SetPassword(member, "--setup-link");
  EXPECT_THAT(out, HasSubstr("expires: "));
  const std::string token = ValueAfter(out, "setup token: ");
  ASSERT_EQ(token.size(), 43u) << out;

  auto sign_in = clinic::v1::SignInService::NewStub(server().AnonymousChannel());
  clinic::v1::CompletePasswordSetupRequest request;
  request.set_token(token);
  request.set_new_password("Léa's chosen password");
  request.set_request_id("cli-setup-1");
  clinic::v1::CompletePasswordSetupResponse response;
  const grpc::Status status = sign_in->CompletePasswordSetup(
      ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.staff_member().name(), member);
}

TEST_F(StaffPasswordCliTest, ExactlyOneModeIsRequired) {
  const std::string member = CreateMemberWithEmail("lea.mode@clinic.example");
  const CliResult neither = Run(Role::kAdmin, {"staff", "set-password", member});
  EXPECT_EXIT_CODE(neither, 2);
  EXPECT_THAT(neither.err, HasSubstr("--temporary"));
  const CliResult both = Run(Role::kAdmin, {"staff", "set-password", member,
                                            "--temporary", "--setup-link"});
  EXPECT_EXIT_CODE(both, 2);
}

TEST_F(StaffPasswordCliTest, OnlyAnAdminMaySetAPassword) {
  const std::string member = CreateMemberWithEmail("lea.role@clinic.example");
  const CliResult refused =
      Run(Role::kFrontDesk, {"staff", "set-password", member, "--temporary"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("may not call"));
}

}  // namespace
}  // namespace mesoclinic::testing
