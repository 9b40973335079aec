// clinicctl staff and audit: staff members, keys (issued, used, revoked),
// the audit trail listed page by page and verified.

#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/v1/audit.pb.h"
#include "clinic/v1/staff.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using staff::Role;

using StaffAuditTest = ClinicctlTest;

TEST_F(StaffAuditTest, StaffLifecycleWithAKeyFile) {
  const CliResult created =
      Run(Role::kAdmin, {"--json", "staff", "create", "--display-name",
                         "Inès Roux", "--role", "front-desk"});
  ASSERT_EXIT_CODE(created, 0);
  const std::string member = JsonString(created.out, "name");
  ASSERT_THAT(member, HasSubstr("staff/"));

  const std::string key_file = server().dir().File("ines.key");
  const CliResult issued =
      Run(Role::kAdmin, {"staff", "issue-key", member, "--description",
                         "front desk tablet", "--save", key_file});
  ASSERT_EXIT_CODE(issued, 0);
  EXPECT_THAT(issued.out, HasSubstr("written to " + key_file));
  EXPECT_THAT(issued.out, ::testing::Not(HasSubstr("mck_")));

  const CliResult whoami =
      RunRaw({ServerFlag(), "--key-file", key_file, "staff", "whoami"});
  ASSERT_EXIT_CODE(whoami, 0);
  EXPECT_THAT(whoami.out, HasSubstr("Inès Roux"));
  EXPECT_THAT(whoami.out, HasSubstr("front_desk"));

  const CliResult keys = Run(Role::kAdmin, {"staff", "keys", member});
  ASSERT_EXIT_CODE(keys, 0);
  EXPECT_THAT(keys.out, HasSubstr("front desk tablet"));
  const size_t start = keys.out.find(member + "/apiKeys/");
  ASSERT_NE(start, std::string::npos);
  const std::string key_name =
      keys.out.substr(start, keys.out.find(' ', start) - start);

  const CliResult revoked = Run(Role::kAdmin, {"staff", "revoke-key", key_name});
  ASSERT_EXIT_CODE(revoked, 0);
  const CliResult refused =
      RunRaw({ServerFlag(), "--key-file", key_file, "staff", "whoami"});
  EXPECT_EXIT_CODE(refused, 3);
  EXPECT_THAT(refused.err, HasSubstr("revoked"));

  const CliResult list = Run(Role::kFrontDesk, {"staff", "list"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_THAT(list.out, HasSubstr("Inès Roux"));
  EXPECT_THAT(list.out, HasSubstr("Dr Claire Moreau"));
  const CliResult json =
      Run(Role::kFrontDesk, {"--json", "staff", "list", "--role", "practitioner"});
  clinic::v1::ListStaffMembersResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok());
  ASSERT_EQ(parsed.staff_members_size(), 1);

  const CliResult deactivated = Run(Role::kAdmin, {"staff", "deactivate", member});
  ASSERT_EXIT_CODE(deactivated, 0);
  const CliResult got = Run(Role::kAdmin, {"staff", "get", member});
  EXPECT_THAT(got.out, HasSubstr("no, since"));
}

TEST_F(StaffAuditTest, CreatingStaffIsForAdmins) {
  const CliResult result =
      Run(Role::kPractitioner,
          {"staff", "create", "--display-name", "X", "--role", "admin"});
  EXPECT_EXIT_CODE(result, 1);
  EXPECT_THAT(result.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(StaffAuditTest, AuditListAllAndVerify) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_EXIT_CODE(Run(Role::kFrontDesk, {"staff", "whoami"}), 0);
  }
  const CliResult all = Run(Role::kAdmin, {"--progress", "audit", "list",
                                           "--page-size", "3", "--all"});
  ASSERT_EXIT_CODE(all, 0);
  EXPECT_THAT(all.out, HasSubstr("SEQ  TIME"));
  EXPECT_THAT(all.out, HasSubstr("BootstrapFirstAdmin"));
  EXPECT_THAT(all.out, HasSubstr("StaffService/GetCaller"));
  EXPECT_THAT(all.err, HasSubstr("fetched 3 audit events…"));

  const CliResult filtered = Run(
      Role::kAdmin, {"--json", "audit", "list", "--method",
                     "/clinic.v1.StaffService/GetCaller", "--staff",
                     server().staff_id(Role::kFrontDesk)});
  ASSERT_EXIT_CODE(filtered, 0);
  clinic::v1::ListAuditEventsResponse events;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(filtered.out, &events).ok());
  EXPECT_GE(events.audit_events_size(), 3);

  const CliResult verified = Run(Role::kAdmin, {"audit", "verify"});
  ASSERT_EXIT_CODE(verified, 0);
  EXPECT_THAT(verified.out, HasSubstr("intact: "));
  const CliResult json = Run(Role::kAdmin, {"--json", "audit", "verify"});
  clinic::v1::VerifyAuditChainResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok());
  EXPECT_TRUE(parsed.intact());
  EXPECT_GT(parsed.records_checked(), 5);
}

}  // namespace
}  // namespace mesoclinic::testing
