// Signing in from a browser: SignIn over Connect gives the session as an
// HttpOnly, SameSite=Strict cookie (never in the body a script reads), the
// cookie then authenticates calls like an API key of the same member, and
// SignOut ends the session and clears the cookie.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery staple";
constexpr char kEmail[] = "ines.front@clinic.example";

class ConnectSignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A front-desk member with an e-mail, who chooses a password through
    // a setup link (over Connect: a public method).
    auto staff = v1::StaffService::NewStub(server_.channel(staff::Role::kAdmin));
    v1::CreateStaffMemberRequest create;
    create.set_request_id("5a0e1a52-0c52-4d39-9b0b-6f0c2b1d7e01");
    create.mutable_staff_member()->set_display_name("Inès");
    create.mutable_staff_member()->set_email(kEmail);
    create.mutable_staff_member()->set_role(v1::ROLE_FRONT_DESK);
    v1::CreateStaffMemberResponse created;
    ASSERT_TRUE(staff->CreateStaffMember(ContextWithDeadline().get(), create,
                                         &created)
                    .ok());
    member_ = created.staff_member().name();
    v1::SetStaffPasswordRequest link;
    link.set_name(member_);
    link.set_setup_link(true);
    link.set_request_id("5a0e1a52-0c52-4d39-9b0b-6f0c2b1d7e02");
    v1::SetStaffPasswordResponse linked;
    ASSERT_TRUE(
        staff->SetStaffPassword(ContextWithDeadline().get(), link, &linked)
            .ok());
    const HttpReply setup = Call(
        "/clinic.v1.SignInService/CompletePasswordSetup",
        absl::StrCat("{\"token\": \"", linked.setup_token(),
                     "\", \"newPassword\": \"", kPassword,
                     "\", \"requestId\": \"setup-1\"}"));
    ASSERT_EQ(setup.status, 200) << setup.body;
  }

  HttpReply Call(const std::string& path, const std::string& json,
                 std::vector<std::string> headers = {}) {
    HttpExchange exchange;
    exchange.url =
        absl::StrCat("http://127.0.0.1:", server_.server().http_port(), path);
    exchange.headers = std::move(headers);
    exchange.headers.push_back("Content-Type: application/json");
    exchange.headers.push_back("Connect-Protocol-Version: 1");
    exchange.body = json;
    exchange.timeout = absl::Seconds(30);  // Argon2id on a loaded machine.
    return Http(exchange);
  }

  HttpReply SignIn() {
    return Call("/clinic.v1.SignInService/SignIn",
                absl::StrCat("{\"email\": \"", kEmail, "\", \"password\": \"",
                             kPassword, "\"}"));
  }

  // "mesoclinic_session=<token>" from a Set-Cookie value.
  static std::string CookieOf(const HttpReply& reply) {
    const auto it = reply.headers.find("set-cookie");
    if (it == reply.headers.end()) return "";
    return it->second.substr(0, it->second.find(';'));
  }

  TestServer server_;
  std::string member_;
};

TEST_F(ConnectSignInTest, SignInSetsAnHttpOnlyCookieAndKeepsTheTokenOutOfTheBody) {
  const HttpReply reply = SignIn();
  ASSERT_EQ(reply.status, 200) << reply.body;
  const std::string set_cookie = reply.headers.at("set-cookie");
  EXPECT_THAT(set_cookie, HasSubstr("mesoclinic_session="));
  EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(set_cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(set_cookie, HasSubstr("Path=/"));
  EXPECT_EQ(reply.headers.at("cache-control"), "no-store");
  EXPECT_THAT(reply.body, Not(HasSubstr("sessionToken")));
  const std::string token = CookieOf(reply).substr(
      std::string("mesoclinic_session=").size());
  ASSERT_GE(token.size(), 32u);
  EXPECT_THAT(reply.body, Not(HasSubstr(token)));
  EXPECT_THAT(reply.body, HasSubstr(member_));
}

TEST_F(ConnectSignInTest, TheCookieAuthenticatesAsTheMember) {
  const std::string cookie = CookieOf(SignIn());
  ASSERT_FALSE(cookie.empty());
  const HttpReply caller = Call("/clinic.v1.StaffService/GetCaller", "{}",
                                {absl::StrCat("Cookie: ", cookie)});
  ASSERT_EQ(caller.status, 200) << caller.body;
  EXPECT_THAT(caller.body, HasSubstr(member_));
  EXPECT_THAT(caller.body, HasSubstr("ROLE_FRONT_DESK"));
  // The role is the member's: a front desk may not read the audit trail.
  EXPECT_EQ(Call("/clinic.v1.AuditService/ListAuditEvents", "{}",
                 {absl::StrCat("Cookie: ", cookie)})
                .status,
            403);
}

TEST_F(ConnectSignInTest, SignOutEndsTheSessionAndClearsTheCookie) {
  const std::string cookie = CookieOf(SignIn());
  ASSERT_FALSE(cookie.empty());
  const HttpReply signed_out =
      Call("/clinic.v1.SignInService/SignOut", "{\"requestId\": \"out-1\"}",
           {absl::StrCat("Cookie: ", cookie)});
  ASSERT_EQ(signed_out.status, 200) << signed_out.body;
  EXPECT_THAT(signed_out.headers.at("set-cookie"), HasSubstr("Max-Age=0"));
  const HttpReply after = Call("/clinic.v1.StaffService/GetCaller", "{}",
                               {absl::StrCat("Cookie: ", cookie)});
  EXPECT_EQ(after.status, 401) << after.body;
}

TEST_F(ConnectSignInTest, AWrongPasswordSetsNoCookie) {
  const HttpReply reply = Call(
      "/clinic.v1.SignInService/SignIn",
      absl::StrCat("{\"email\": \"", kEmail,
                   "\", \"password\": \"not the right password at all\"}"));
  EXPECT_EQ(reply.status, 401);
  EXPECT_THAT(reply.body, HasSubstr("SIGN_IN_FAILED"));
  EXPECT_EQ(reply.headers.count("set-cookie"), 0u);
}

TEST_F(ConnectSignInTest, AnotherSitesPageCannotUseTheCookie) {
  const std::string cookie = CookieOf(SignIn());
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(Call("/clinic.v1.StaffService/GetCaller", "{}",
                 {absl::StrCat("Cookie: ", cookie),
                  "Origin: https://evil.example"})
                .status,
            403);
}

}  // namespace
}  // namespace mesoclinic::testing
