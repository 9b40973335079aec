// The first start: clinicd creates an admin and writes its key to admin.key
// (mode 0600) beside the database, once.

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/server/clinic_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/staff/staff_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Contents(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

struct stat Stat(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info;
}

std::vector<v1::StaffMember> Admins(TestServer& server) {
  v1::ListStaffMembersRequest request;
  request.set_role(v1::ROLE_ADMIN);
  request.set_include_inactive(true);
  v1::ListStaffMembersResponse response;
  const grpc::Status status =
      StaffClient(server.channel(staff::Role::kAdmin)).List(request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.staff_members().begin(), response.staff_members().end()};
}

TEST(FirstAdminTest, FirstStartWritesAWorkingAdminKeyOfMode0600) {
  TestServer server;
  const std::string key_file = AdminKeyFile(server.database_path());
  EXPECT_EQ(std::filesystem::path(key_file).parent_path(),
            std::filesystem::path(server.database_path()).parent_path());
  EXPECT_EQ(std::filesystem::path(key_file).filename(), "admin.key");
  ASSERT_TRUE(server.server().admin_key_file().has_value());
  EXPECT_EQ(*server.server().admin_key_file(), key_file);

  EXPECT_EQ(Stat(key_file).st_mode & 07777, 0600);
  EXPECT_TRUE(S_ISREG(Stat(key_file).st_mode));
  // The key and a newline, nothing else; no staging file left behind.
  const std::string key = ReadKeyFile(key_file);
  EXPECT_EQ(Contents(key_file), key + "\n");
  EXPECT_FALSE(std::filesystem::exists(key_file + ".new"));

  v1::GetCallerResponse caller;
  const grpc::Status status =
      StaffClient(server.ChannelWithKey(key)).GetCaller(&caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.staff_member().role(), v1::ROLE_ADMIN);
  EXPECT_TRUE(caller.staff_member().active());
  EXPECT_FALSE(caller.staff_member().display_name().empty());
  EXPECT_EQ(caller.staff_member().name(),
            StaffName(server, staff::Role::kAdmin));
  EXPECT_EQ(Admins(server).size(), 1u);
}

// The first start's own records open the trail: the chain keyed, the
// clinic's settings seeded (both by clinicd itself: no staff member), then
// the first admin created.
TEST(FirstAdminTest, TheFirstStartOpensTheAuditTrail) {
  TestServer server;
  v1::ListAuditEventsRequest request;
  request.set_page_size(3);
  v1::ListAuditEventsResponse response;
  const grpc::Status status =
      v1::AuditService::NewStub(server.channel(staff::Role::kAdmin))
          ->ListAuditEvents(ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.audit_events_size(), 3);
  const v1::AuditEvent& keyed = response.audit_events(0);
  EXPECT_EQ(keyed.sequence(), 1);
  EXPECT_EQ(keyed.method(), "clinicd/KeyAuditChain");
  EXPECT_EQ(keyed.staff_member(), "");
  EXPECT_THAT(keyed.resource(), HasSubstr("auditChain/keys/"));
  const v1::AuditEvent& seeded = response.audit_events(1);
  EXPECT_EQ(seeded.method(), "clinicd/SeedClinicSettings");
  EXPECT_EQ(seeded.resource(), "clinicSettings");
  const v1::AuditEvent& first = response.audit_events(2);
  EXPECT_EQ(first.sequence(), 3);
  EXPECT_EQ(first.staff_member(), StaffName(server, staff::Role::kAdmin));
  EXPECT_EQ(first.role(), v1::ROLE_ADMIN);
  EXPECT_EQ(first.resource(), StaffName(server, staff::Role::kAdmin));
  EXPECT_EQ(first.outcome(), "OK");
  EXPECT_THAT(first.method(), HasSubstr("BootstrapFirstAdmin"));
}

TEST(FirstAdminTest, RestartCreatesNoSecondAdminAndLeavesTheFileAlone) {
  TestServer server;
  const std::string key_file = AdminKeyFile(server.database_path());
  const std::string before = Contents(key_file);
  const struct stat stat_before = Stat(key_file);

  server.Restart();
  server.Restart();

  EXPECT_FALSE(server.server().admin_key_file().has_value());
  EXPECT_EQ(Contents(key_file), before);
  const struct stat stat_after = Stat(key_file);
  EXPECT_EQ(stat_after.st_ino, stat_before.st_ino);
  EXPECT_EQ(stat_after.st_mtim.tv_sec, stat_before.st_mtim.tv_sec);
  EXPECT_EQ(stat_after.st_mtim.tv_nsec, stat_before.st_mtim.tv_nsec);
  EXPECT_EQ(stat_after.st_mode & 07777, 0600);
  EXPECT_EQ(Admins(server).size(), 1u);
  // The key of the first start still works.
  v1::GetCallerResponse caller;
  EXPECT_TRUE(
      StaffClient(server.ChannelWithKey(ReadKeyFile(key_file))).GetCaller(&caller).ok());
}

// Once the clinic has staff, a missing key file is not a reason to mint a
// new admin key: whoever deleted it may have stored it elsewhere.
TEST(FirstAdminTest, RestartWithoutTheKeyFileDoesNotRecreateIt) {
  TestServer server;
  const std::string key_file = AdminKeyFile(server.database_path());
  ASSERT_TRUE(std::filesystem::remove(key_file));
  server.Restart();
  EXPECT_FALSE(server.server().admin_key_file().has_value());
  EXPECT_FALSE(std::filesystem::exists(key_file));
  EXPECT_EQ(Admins(server).size(), 1u);
}

TEST(FirstAdminTest, EachDatabaseGetsItsOwnAdminKey) {
  TestServer one;
  TestServer two;
  const std::string key_one = ReadKeyFile(AdminKeyFile(one.database_path()));
  const std::string key_two = ReadKeyFile(AdminKeyFile(two.database_path()));
  EXPECT_NE(key_one, key_two);
  // A key of one clinic is unknown to the other.
  v1::GetCallerResponse caller;
  const grpc::Status status =
      StaffClient(two.ChannelWithKey(key_one)).GetCaller(&caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// The server's log never holds the key: not at first start, not when calls
// with the key (or near misses of it) fail, not at a restart.
TEST(FirstAdminTest, TheKeyNeverReachesTheLog) {
  auto log = std::make_shared<std::ostringstream>();
  const std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*log);
  auto capture = std::make_shared<spdlog::logger>("capture", sink);
  capture->set_level(spdlog::level::trace);
  spdlog::set_default_logger(capture);
  std::string key;
  {
    TestServer server;
    key = server.api_key(staff::Role::kAdmin);
    // Failed calls are logged: with the right key (a validation error), a
    // wrong secret for its id, and after a restart.
    StaffClient admin(server.channel(staff::Role::kAdmin));
    v1::StaffMember created;
    EXPECT_FALSE(admin.Create(v1::StaffMember(), &created).ok());
    std::string near_miss = key;
    near_miss.back() = near_miss.back() == 'A' ? 'B' : 'A';
    v1::GetCallerResponse caller;
    EXPECT_FALSE(
        StaffClient(server.ChannelWithKey(near_miss)).GetCaller(&caller).ok());
    server.Restart();
    EXPECT_FALSE(StaffClient(server.channel(staff::Role::kAdmin))
                     .Create(v1::StaffMember(), &created)
                     .ok());
  }
  spdlog::set_default_logger(previous);
  ASSERT_FALSE(key.empty());
  const std::string secret = SecretPart(key);
  ASSERT_GE(secret.size(), 40u);
  // The capture did capture something, so its silence about the key means
  // something.
  EXPECT_THAT(log->str(), HasSubstr("call failed"));
  EXPECT_THAT(log->str(), Not(HasSubstr(key)));
  EXPECT_THAT(log->str(), Not(HasSubstr(secret)));
  EXPECT_THAT(log->str(), Not(HasSubstr(secret.substr(0, 20))));
}

}  // namespace
}  // namespace mesoclinic::testing
