// The role matrix, through real channels to a real server: every method of
// every clinic.v1 service the server registers, for every role and for every
// kind of bad key. And the matrix itself: deny by default, complete.

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/auth/role_matrix.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "tests/staff/staff_client.h"
#include "tests/support/raw_call.h"
#include "tests/support/reflection_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr staff::Role kRoles[] = {staff::Role::kFrontDesk,
                                  staff::Role::kPractitioner,
                                  staff::Role::kAdmin};

// The clinic.v1 services the server must serve. Every other clinic service
// the server lists through reflection is checked as well.
const std::vector<std::string>& ExpectedServices() {
  static const std::vector<std::string> services = {
      v1::PatientService::service_full_name(),
      v1::StaffService::service_full_name(),
      v1::AuditService::service_full_name()};
  return services;
}

bool IsClinicService(const std::string& service) {
  return absl::StartsWith(service, "clinic.");
}

// The expected services and every clinic service in `reflected`, sorted.
std::vector<std::string> CheckedServices(
    const std::vector<std::string>& reflected) {
  std::set<std::string> services(ExpectedServices().begin(),
                                 ExpectedServices().end());
  for (const std::string& service : reflected) {
    if (IsClinicService(service)) services.insert(service);
  }
  return {services.begin(), services.end()};
}

// Every method of `services`, as "/package.Service/Method", found in the
// descriptors compiled into this binary (and into the server).
std::vector<std::string> MethodsOf(const std::vector<std::string>& services) {
  std::vector<std::string> methods;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    EXPECT_NE(service, nullptr)
        << "the server serves " << name
        << " but this test binary has no descriptor for it: link its proto";
    if (service == nullptr) continue;
    EXPECT_GT(service->method_count(), 0) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", service->full_name(), "/",
                                     service->method(i)->name()));
    }
  }
  return methods;
}

std::string RoleLabel(staff::Role role) {
  return std::string(staff::RoleName(role));
}


// ---------------------------------------------------------------------------
// The matrix on its own.

TEST(RoleMatrixTest, DeniesEveryRoleAMethodItDoesNotName) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  for (const std::string method :
       {"/clinic.v1.PatientService/DeletePatient",
        "/clinic.v1.FutureService/DoSomething", "", "GetPatient",
        "clinic.v1.PatientService/GetPatient",
        "/clinic.v1.PatientService/GetPatient/",
        "/clinic.v1.patientservice/getpatient",
        "/grpc.health.v1.Health/Check"}) {
    SCOPED_TRACE(method);
    EXPECT_FALSE(matrix.Names(method));
    for (staff::Role role : kRoles) {
      EXPECT_FALSE(matrix.Allows(method, role)) << RoleLabel(role);
    }
  }
}

TEST(RoleMatrixTest, NeverAllowsTheUnspecifiedRole) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  ASSERT_FALSE(matrix.Methods().empty());
  for (const std::string& method : matrix.Methods()) {
    SCOPED_TRACE(method);
    EXPECT_TRUE(matrix.Names(method));
    EXPECT_FALSE(matrix.Allows(method, staff::Role::kUnspecified));
    // Nor a value outside the enum.
    EXPECT_FALSE(matrix.Allows(method, static_cast<staff::Role>(7)));
  }
}

TEST(RoleMatrixTest, MethodsAreSortedAndEachNamedOnce) {
  const std::vector<std::string> methods = auth::RoleMatrix::Default().Methods();
  EXPECT_TRUE(std::is_sorted(methods.begin(), methods.end()));
  EXPECT_EQ(std::set<std::string>(methods.begin(), methods.end()).size(),
            methods.size());
}

TEST(RoleMatrixTest, AnEmptyMatrixDeniesEverything) {
  const auth::RoleMatrix matrix;
  EXPECT_TRUE(matrix.Methods().empty());
  for (const std::string& method : MethodsOf(ExpectedServices())) {
    for (staff::Role role : kRoles) EXPECT_FALSE(matrix.Allows(method, role));
  }
}

// The rules the issue states in words.
TEST(RoleMatrixTest, FollowsTheClinicsRules) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  using staff::Role;
  // Admins manage staff, keys and the audit trail; nobody else does.
  for (const std::string method :
       {"/clinic.v1.StaffService/CreateStaffMember",
        "/clinic.v1.StaffService/DeactivateStaffMember",
        "/clinic.v1.StaffService/IssueApiKey",
        "/clinic.v1.StaffService/RevokeApiKey",
        "/clinic.v1.StaffService/ListApiKeys",
        "/clinic.v1.AuditService/ListAuditEvents",
        "/clinic.v1.AuditService/VerifyAuditChain"}) {
    SCOPED_TRACE(method);
    EXPECT_TRUE(matrix.Allows(method, Role::kAdmin));
    EXPECT_FALSE(matrix.Allows(method, Role::kPractitioner));
    EXPECT_FALSE(matrix.Allows(method, Role::kFrontDesk));
  }
  // The front desk registers patients; practitioners do the clinical work.
  EXPECT_TRUE(matrix.Allows("/clinic.v1.PatientService/CreatePatient",
                            Role::kFrontDesk));
  EXPECT_TRUE(matrix.Allows("/clinic.v1.PatientService/GetPatient",
                            Role::kPractitioner));
  // Everyone may learn who they are signed in as.
  for (Role role : kRoles) {
    EXPECT_TRUE(matrix.Allows("/clinic.v1.StaffService/GetCaller", role));
  }
}

// ---------------------------------------------------------------------------
// Through a real channel.

class RoleMatrixChannelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    reflected_ = new std::vector<std::string>(
        ReflectedServices(server_->AnonymousChannel()));
    methods_ = new std::vector<std::string>(
        MethodsOf(CheckedServices(*reflected_)));
    StaffClient admin(server_->channel(staff::Role::kAdmin));

    // A key that worked, then was revoked.
    v1::IssueApiKeyResponse issued;
    const grpc::Status issue_status =
        admin.IssueKey(StaffName(*server_, staff::Role::kPractitioner), &issued);
    ASSERT_TRUE(issue_status.ok()) << issue_status.error_message();
    revoked_key_ = new std::string(issued.secret());
    ASSERT_TRUE(CallerWorks(*revoked_key_));
    const grpc::Status revoke_status = admin.Revoke(issued.api_key().name());
    ASSERT_TRUE(revoke_status.ok()) << revoke_status.error_message();

    // The key of a staff member who worked, then was deactivated.
    const v1::StaffMember leaver = admin.CreateOk(
        NewStaffMember("Zoé Leclerc", v1::ROLE_PRACTITIONER, "RPPS-777"));
    deactivated_key_ = new std::string(admin.IssueKeyOk(leaver.name()));
    ASSERT_TRUE(CallerWorks(*deactivated_key_));
    const grpc::Status deactivate_status = admin.Deactivate(leaver.name());
    ASSERT_TRUE(deactivate_status.ok()) << deactivate_status.error_message();
  }

  static void TearDownTestSuite() {
    delete server_;
    delete revoked_key_;
    delete deactivated_key_;
    delete reflected_;
    delete methods_;
    server_ = nullptr;
    revoked_key_ = deactivated_key_ = nullptr;
    reflected_ = methods_ = nullptr;
  }

  static bool CallerWorks(const std::string& key) {
    v1::GetCallerResponse caller;
    return StaffClient(server_->ChannelWithKey(key)).GetCaller(&caller).ok();
  }

  // Calls every checked method but the public ones (SignIn: see
  // PublicMethodsNeedNoKey) on `channel` and expects UNAUTHENTICATED with a
  // message containing `why` and not containing `key`.
  static void ExpectEveryMethodUnauthenticated(
      const std::shared_ptr<grpc::Channel>& channel, const std::string& why,
      const std::string& key) {
    ASSERT_FALSE(methods_->empty());
    const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
    for (const std::string& method : *methods_) {
      if (matrix.IsPublic(method)) continue;
      SCOPED_TRACE(method);
      const RawResponse response = RawUnaryCall(channel, method, "");
      EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << response.status.error_message();
      EXPECT_THAT(response.status.error_message(), HasSubstr(why));
      if (!key.empty()) {
        EXPECT_THAT(response.status.error_message(), Not(HasSubstr(key)));
      }
      EXPECT_TRUE(response.bytes.empty());
    }
  }

  static TestServer* server_;
  static std::string* revoked_key_;
  static std::string* deactivated_key_;
  // The services the server lists through reflection.
  static std::vector<std::string>* reflected_;
  // Every method of every clinic service the server serves.
  static std::vector<std::string>* methods_;
};

TestServer* RoleMatrixChannelTest::server_ = nullptr;
std::vector<std::string>* RoleMatrixChannelTest::reflected_ = nullptr;
std::vector<std::string>* RoleMatrixChannelTest::methods_ = nullptr;
std::string* RoleMatrixChannelTest::revoked_key_ = nullptr;
std::string* RoleMatrixChannelTest::deactivated_key_ = nullptr;

TEST_F(RoleMatrixChannelTest, ServerServesTheClinicServicesAndNothingElseOpen) {
  ASSERT_FALSE(reflected_->empty());
  std::set<std::string> clinic;
  for (const std::string& service : *reflected_) {
    SCOPED_TRACE(service);
    if (IsClinicService(service)) {
      clinic.insert(service);
    } else {
      // Only health checking and reflection are served besides the clinic.
      EXPECT_TRUE(service == "grpc.health.v1.Health" ||
                  absl::StartsWith(service, "grpc.reflection."))
          << "unexpected service " << service;
    }
  }
  for (const std::string& service : ExpectedServices()) {
    EXPECT_TRUE(clinic.contains(service)) << service << " is not served";
  }
  // Every clinic service served is one this test checks method by method
  // (CheckedServices adds what reflection lists), and this binary knows
  // its methods.
  const std::vector<std::string> checked = CheckedServices(*reflected_);
  for (const std::string& service : clinic) {
    EXPECT_THAT(checked, ::testing::Contains(service));
    EXPECT_NE(google::protobuf::DescriptorPool::generated_pool()
                  ->FindServiceByName(service),
              nullptr)
        << service;
  }
  EXPECT_GE(methods_->size(), 15u);
}

// Every method of every clinic.v1 service must be named by the matrix, so
// that a later service cannot forget it (deny by default would otherwise
// make it silently unusable, or someone would open it carelessly).
TEST_F(RoleMatrixChannelTest, MatrixNamesEveryMethodOfEveryClinicService) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  ASSERT_FALSE(methods_->empty());
  for (const std::string& method : *methods_) {
    EXPECT_TRUE(matrix.Names(method))
        << method
        << " is missing from the role matrix (core/auth/role_matrix.cc)";
  }
}

// And the other way round: the matrix names no method that is not served (a
// typo there would leave the real method refused to everyone).
TEST_F(RoleMatrixChannelTest, MatrixNamesOnlyMethodsThatAreServed) {
  const std::set<std::string> served(methods_->begin(), methods_->end());
  for (const std::string& method : auth::RoleMatrix::Default().Methods()) {
    EXPECT_TRUE(served.contains(method))
        << method << " is in the role matrix but the server does not serve it";
  }
}

TEST_F(RoleMatrixChannelTest, EachRoleMayCallExactlyWhatTheMatrixAllows) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  const std::vector<std::string>& methods = *methods_;
  ASSERT_FALSE(methods.empty());
  int allowed = 0;
  int denied = 0;
  for (staff::Role role : kRoles) {
    SCOPED_TRACE(RoleLabel(role));
    for (const std::string& method : methods) {
      SCOPED_TRACE(method);
      const RawResponse response =
          RawUnaryCall(server_->channel(role), method, "");
      const grpc::StatusCode code = response.status.error_code();
      EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED)
          << response.status.error_message();
      EXPECT_NE(code, grpc::StatusCode::UNIMPLEMENTED)
          << "the server does not implement " << method;
      if (matrix.Allows(method, role)) {
        ++allowed;
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED)
            << response.status.error_message();
      } else {
        ++denied;
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED)
            << "the server let " << RoleLabel(role) << " call " << method
            << ": " << response.status.error_message();
        EXPECT_THAT(response.status.error_message(),
                    HasSubstr(RoleLabel(role)));
        EXPECT_THAT(response.status.error_message(), HasSubstr(method));
      }
    }
  }
  // The matrix really discriminates (a sanity check on the loop itself).
  EXPECT_GT(allowed, 0);
  EXPECT_GT(denied, 0);
}

TEST_F(RoleMatrixChannelTest, NoKeyIsUnauthenticatedEverywhere) {
  ExpectEveryMethodUnauthenticated(server_->AnonymousChannel(), "missing", "");
}

// A public method is reached without a key: its empty request is refused
// for what it lacks, not for who sent it.
TEST_F(RoleMatrixChannelTest, PublicMethodsNeedNoKey) {
  const auth::RoleMatrix matrix = auth::RoleMatrix::Default();
  int public_methods = 0;
  for (const std::string& method : *methods_) {
    if (!matrix.IsPublic(method)) continue;
    SCOPED_TRACE(method);
    ++public_methods;
    const RawResponse response =
        RawUnaryCall(server_->AnonymousChannel(), method, "");
    if (method == "/clinic.v1.SignInService/ChangePassword") {
      // Public only so that it checks the caller away from the writer.
      EXPECT_EQ(response.status.error_code(),
                grpc::StatusCode::UNAUTHENTICATED);
      EXPECT_THAT(response.status.error_message(), HasSubstr("sign in first"));
    } else {
      EXPECT_EQ(response.status.error_code(),
                grpc::StatusCode::INVALID_ARGUMENT)
          << response.status.error_message();
    }
  }
  EXPECT_EQ(public_methods, 3);
}

TEST_F(RoleMatrixChannelTest, MalformedKeyIsUnauthenticatedEverywhere) {
  for (const std::string key :
       {"not-a-key", "mck_", "mck_tooshort_x", "MCK_0123456789abcdef_secret",
        "mck_0123456789abcdef", "mck_0123456789abcdefXsecret"}) {
    SCOPED_TRACE(key);
    ExpectEveryMethodUnauthenticated(server_->ChannelWithKey(key),
                                     "not a Mesoclinic API key", key);
  }
}

TEST_F(RoleMatrixChannelTest, WellFormedUnknownKeyIsUnauthenticatedEverywhere) {
  const std::string key =
      "mck_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  ExpectEveryMethodUnauthenticated(server_->ChannelWithKey(key),
                                   "unknown API key", key);
  // Key ids that are no resource id at all are merely unknown too.
  for (const std::string odd :
       {"mck_'; DROP TABLE s_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "mck_%%%%%%%%%%%%%%%%_x", "mck_________________x"}) {
    SCOPED_TRACE(odd);
    const RawResponse response = RawUnaryCall(
        server_->ChannelWithKey(odd), "/clinic.v1.StaffService/GetCaller", "");
    EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(response.status.error_message(), Not(HasSubstr(odd)));
  }
}

// A real key id with a secret that is not its own: as unknown as any other.
TEST_F(RoleMatrixChannelTest, KnownKeyIdWithWrongSecretIsUnauthenticated) {
  std::string key = server_->api_key(staff::Role::kAdmin);
  ASSERT_GT(key.size(), 22u);
  key.back() = key.back() == 'A' ? 'B' : 'A';
  ExpectEveryMethodUnauthenticated(server_->ChannelWithKey(key),
                                   "unknown API key", key);
  // Cut short, or with something added, it is no better.
  const std::string& real = server_->api_key(staff::Role::kAdmin);
  for (const std::string& other :
       {real.substr(0, real.size() - 1), real + "A"}) {
    const RawResponse response =
        RawUnaryCall(server_->ChannelWithKey(other),
                     "/clinic.v1.StaffService/GetCaller", "");
    EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
}

TEST_F(RoleMatrixChannelTest, RevokedKeyIsUnauthenticatedEverywhere) {
  ExpectEveryMethodUnauthenticated(server_->ChannelWithKey(*revoked_key_),
                                   "revoked", *revoked_key_);
}

TEST_F(RoleMatrixChannelTest, DeactivatedStaffKeyIsUnauthenticatedEverywhere) {
  ExpectEveryMethodUnauthenticated(server_->ChannelWithKey(*deactivated_key_),
                                   "deactivated", *deactivated_key_);
}

// The scheme must be Bearer; the key alone, or another scheme, is refused.
TEST_F(RoleMatrixChannelTest, OtherAuthorizationSchemesAreUnauthenticated) {
  const std::string& key = server_->api_key(staff::Role::kAdmin);
  for (const std::string& header : std::vector<std::string>{
           key, "Basic " + key, "Bearer", "Bearer ", "Token " + key}) {
    SCOPED_TRACE(header);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    context.AddMetadata("authorization", header);
    const RawResponse response =
        RawUnaryCall(server_->AnonymousChannel(),
                     "/clinic.v1.StaffService/GetCaller", "", &context);
    EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(response.status.error_message(), HasSubstr("authorization"));
    EXPECT_THAT(response.status.error_message(), Not(HasSubstr(key)));
  }
}

// The scheme is case-insensitive (RFC 7235) and surrounding spaces are
// tolerated.
TEST_F(RoleMatrixChannelTest, BearerSchemeIsCaseInsensitive) {
  const std::string& key = server_->api_key(staff::Role::kFrontDesk);
  for (const std::string& header : std::vector<std::string>{
           "bearer " + key, "BEARER " + key, "Bearer  " + key + " "}) {
    SCOPED_TRACE(header);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    context.AddMetadata("authorization", header);
    const RawResponse response =
        RawUnaryCall(server_->AnonymousChannel(),
                     "/clinic.v1.StaffService/GetCaller", "", &context);
    EXPECT_TRUE(response.status.ok()) << response.status.error_message();
  }
}

// Only health checking and reflection answer without a key.
TEST_F(RoleMatrixChannelTest, HealthCheckingAndReflectionAreOpen) {
  const RawResponse health = RawUnaryCall(
      server_->AnonymousChannel(), "/grpc.health.v1.Health/Check", "");
  EXPECT_TRUE(health.status.ok()) << health.status.error_message();
  EXPECT_FALSE(ReflectedServices(server_->AnonymousChannel()).empty());
}

// An unknown method is not found, whoever asks: authentication does not
// reveal more than that.
TEST_F(RoleMatrixChannelTest, UnknownMethodIsUnimplementedForAnyCaller) {
  for (const auto& channel :
       {server_->AnonymousChannel(), server_->channel(staff::Role::kAdmin)}) {
    const RawResponse response = RawUnaryCall(
        channel, "/clinic.v1.StaffService/DeleteEveryone", "");
    EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
}

// ---------------------------------------------------------------------------
// Revocation and deactivation act on the very next call.

class KeyLifecycleTest : public ::testing::Test {
 protected:
  KeyLifecycleTest() : admin_(server_.channel(staff::Role::kAdmin)) {}

  TestServer server_;
  StaffClient admin_;
};

TEST_F(KeyLifecycleTest, RevokedKeyStopsWorkingOnTheNextCall) {
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(
      admin_.IssueKey(StaffName(server_, staff::Role::kFrontDesk), &issued)
          .ok());
  // The same channel, already connected, before and after.
  StaffClient holder(server_.ChannelWithKey(issued.secret()));
  v1::GetCallerResponse caller;
  ASSERT_TRUE(holder.GetCaller(&caller).ok());
  EXPECT_EQ(caller.api_key(), issued.api_key().name());

  ASSERT_TRUE(admin_.Revoke(issued.api_key().name()).ok());
  const grpc::Status status = holder.GetCaller(&caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("revoked"));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(issued.secret())));

  // The staff member's other key is untouched.
  EXPECT_TRUE(StaffClient(server_.channel(staff::Role::kFrontDesk))
                  .GetCaller(&caller)
                  .ok());
}

TEST_F(KeyLifecycleTest, DeactivationStopsEveryKeyOnTheNextCall) {
  const v1::StaffMember member = admin_.CreateOk(
      NewStaffMember("Hugo Petit", v1::ROLE_FRONT_DESK));
  const std::string first = admin_.IssueKeyOk(member.name());
  const std::string second = admin_.IssueKeyOk(member.name());
  StaffClient one(server_.ChannelWithKey(first));
  StaffClient two(server_.ChannelWithKey(second));
  v1::GetCallerResponse caller;
  ASSERT_TRUE(one.GetCaller(&caller).ok());
  ASSERT_TRUE(two.GetCaller(&caller).ok());
  EXPECT_EQ(caller.staff_member().name(), member.name());

  ASSERT_TRUE(admin_.Deactivate(member.name()).ok());
  for (StaffClient* client : {&one, &two}) {
    const grpc::Status status = client->GetCaller(&caller);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(status.error_message(), HasSubstr("deactivated"));
    EXPECT_THAT(status.error_message(), Not(HasSubstr(first)));
    EXPECT_THAT(status.error_message(), Not(HasSubstr(second)));
  }
}

// A deactivated admin loses the right to change anything at once.
TEST_F(KeyLifecycleTest, DeactivatedAdminCannotWriteOnTheNextCall) {
  const v1::StaffMember second_admin =
      admin_.CreateOk(NewStaffMember("Second Admin", v1::ROLE_ADMIN));
  StaffClient other(server_.ChannelWithKey(admin_.IssueKeyOk(second_admin.name())));
  v1::StaffMember created;
  ASSERT_TRUE(
      other.Create(NewStaffMember("Via second admin", v1::ROLE_FRONT_DESK),
                   &created)
          .ok());
  ASSERT_TRUE(admin_.Deactivate(second_admin.name()).ok());
  const grpc::Status status = other.Create(
      NewStaffMember("Too late", v1::ROLE_FRONT_DESK), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("deactivated"));
}

// Revocation survives a restart: it is stored, not cached.
TEST_F(KeyLifecycleTest, RevocationOutlivesARestart) {
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(
      admin_.IssueKey(StaffName(server_, staff::Role::kPractitioner), &issued)
          .ok());
  ASSERT_TRUE(admin_.Revoke(issued.api_key().name()).ok());
  server_.Restart();
  v1::GetCallerResponse caller;
  const grpc::Status status =
      StaffClient(server_.ChannelWithKey(issued.secret())).GetCaller(&caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("revoked"));
  // While the practitioner's own key still works.
  EXPECT_TRUE(StaffClient(server_.channel(staff::Role::kPractitioner))
                  .GetCaller(&caller)
                  .ok());
}

}  // namespace
}  // namespace mesoclinic::testing
