// clinic.v1.StaffService through a real gRPC channel to a real server: staff
// members, their API keys, and the caller.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/staff/staff_client.h"
#include "tests/support/page_walk.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

class StaffServiceTest : public ::testing::Test {
 protected:
  StaffServiceTest() : admin_(server_.channel(staff::Role::kAdmin)) {}

  // Every page of a listing with `request`'s filters, `page_size` at a time.
  std::vector<v1::StaffMember> ListAll(v1::ListStaffMembersRequest request,
                                       int page_size, int* pages = nullptr) {
    std::vector<v1::StaffMember> all;
    request.set_page_size(page_size);
    int count = 0;
    do {
      v1::ListStaffMembersResponse response;
      const grpc::Status status = admin_.List(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(response.staff_members_size(), page_size);
      all.insert(all.end(), response.staff_members().begin(),
                 response.staff_members().end());
      request.set_page_token(response.next_page_token());
      ++count;
    } while (!request.page_token().empty() && count < 100);
    if (pages != nullptr) *pages = count;
    return all;
  }

  static std::vector<std::string> DisplayNames(
      const std::vector<v1::StaffMember>& members) {
    std::vector<std::string> names;
    for (const v1::StaffMember& member : members) {
      names.push_back(member.display_name());
    }
    return names;
  }

  TestServer server_;
  StaffClient admin_;
};

// ---------------------------------------------------------------------------
// Create, get, list.

TEST_F(StaffServiceTest, CreateReturnsTheMemberWithServerFieldsSet) {
  v1::StaffMember sent =
      NewStaffMember("Dr Inès Garnier", v1::ROLE_PRACTITIONER, "RPPS-123456");
  sent.set_email("ines.garnier@example.fr");
  v1::StaffMember created;
  const grpc::Status status = admin_.Create(sent, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(created.name(), StartsWith("staff/"));
  EXPECT_GT(created.name().size(), 6u);
  EXPECT_EQ(created.display_name(), "Dr Inès Garnier");
  EXPECT_EQ(created.email(), "ines.garnier@example.fr");
  EXPECT_EQ(created.role(), v1::ROLE_PRACTITIONER);
  EXPECT_EQ(created.licence_number(), "RPPS-123456");
  EXPECT_TRUE(created.active());
  EXPECT_GT(created.create_time().seconds(), 0);
  EXPECT_FALSE(created.has_deactivate_time());

  v1::StaffMember fetched;
  ASSERT_TRUE(admin_.Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

// Output-only fields a client sends are not taken.
TEST_F(StaffServiceTest, CreateIgnoresOutputOnlyFields) {
  v1::StaffMember sent = NewStaffMember("Léa Roux", v1::ROLE_FRONT_DESK);
  sent.set_name("staff/chosenbyclient");
  sent.set_active(false);
  sent.mutable_deactivate_time()->set_seconds(1000);
  sent.mutable_create_time()->set_seconds(1000);
  v1::StaffMember created;
  ASSERT_TRUE(admin_.Create(sent, &created).ok());
  EXPECT_NE(created.name(), "staff/chosenbyclient");
  EXPECT_TRUE(created.active());
  EXPECT_FALSE(created.has_deactivate_time());
  EXPECT_NE(created.create_time().seconds(), 1000);
}

TEST_F(StaffServiceTest, RetryOfCreateWithSameRequestIdReturnsTheFirstMember) {
  const v1::StaffMember member = NewStaffMember("Marc Faure", v1::ROLE_ADMIN);
  v1::StaffMember first;
  v1::StaffMember second;
  ASSERT_TRUE(admin_.Create(member, &first, "same-create").ok());
  ASSERT_TRUE(admin_.Create(member, &second, "same-create").ok());
  EXPECT_EQ(first.name(), second.name());
  v1::ListStaffMembersRequest request;
  request.set_role(v1::ROLE_ADMIN);
  EXPECT_EQ(ListAll(request, 50).size(), 2u);  // The first admin and Marc.
}

TEST_F(StaffServiceTest, GetUnknownIsNotFoundAndMalformedIsInvalid) {
  v1::StaffMember member;
  grpc::Status status = admin_.Get("staff/doesnotexist0000", &member);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("doesnotexist0000"));
  for (const std::string name :
       {"", "staff/", "patients/abc", "staff/ABC", "staff/a b"}) {
    SCOPED_TRACE(name);
    status = admin_.Get(name, &member);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("name"));
  }
}

TEST_F(StaffServiceTest, ListIsOrderedByDisplayNameAndPaginated) {
  for (const std::string name : {"delphine", "Bruno", "alice", "Éric", "Chloé"}) {
    admin_.CreateOk(NewStaffMember(name, v1::ROLE_FRONT_DESK));
  }
  // Three members exist from the start: Administrator, Dr Claire Moreau,
  // Lucie Bernard. Eight in all, listed case-insensitively by name.
  const std::vector<v1::StaffMember> one_page = ListAll({}, 50);
  ASSERT_EQ(one_page.size(), 8u);
  std::vector<std::string> keys;
  for (const std::string& name : DisplayNames(one_page)) {
    std::string key = name;
    for (char& c : key) c = static_cast<char>(std::tolower(c));
    keys.push_back(key);
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()))
      << ::testing::PrintToString(DisplayNames(one_page));

  // Page by page, the same members in the same order, each once.
  for (int page_size : {1, 2, 3, 7, 8}) {
    SCOPED_TRACE(page_size);
    int pages = 0;
    const std::vector<v1::StaffMember> paged = ListAll({}, page_size, &pages);
    EXPECT_EQ(DisplayNames(paged), DisplayNames(one_page));
    EXPECT_EQ(pages, (8 + page_size - 1) / page_size);
  }
}

TEST_F(StaffServiceTest, ListFiltersByRole) {
  admin_.CreateOk(NewStaffMember("Dr Paul Blanc", v1::ROLE_PRACTITIONER));
  admin_.CreateOk(NewStaffMember("Nina Morel", v1::ROLE_FRONT_DESK));
  v1::ListStaffMembersRequest request;
  request.set_role(v1::ROLE_PRACTITIONER);
  const std::vector<v1::StaffMember> practitioners = ListAll(request, 1);
  EXPECT_THAT(DisplayNames(practitioners),
              ElementsAre("Dr Claire Moreau", "Dr Paul Blanc"));
  for (const v1::StaffMember& member : practitioners) {
    EXPECT_EQ(member.role(), v1::ROLE_PRACTITIONER);
  }
  request.set_role(v1::ROLE_FRONT_DESK);
  EXPECT_THAT(DisplayNames(ListAll(request, 50)),
              ElementsAre("Lucie Bernard", "Nina Morel"));
  request.set_role(v1::ROLE_ADMIN);
  EXPECT_EQ(ListAll(request, 50).size(), 1u);
}

TEST_F(StaffServiceTest, ListLeavesOutDeactivatedUnlessAsked) {
  const v1::StaffMember leaver =
      admin_.CreateOk(NewStaffMember("Albert Départ", v1::ROLE_FRONT_DESK));
  ASSERT_TRUE(admin_.Deactivate(leaver.name()).ok());

  EXPECT_THAT(DisplayNames(ListAll({}, 50)), Not(::testing::Contains(
                                                 "Albert Départ")));
  v1::ListStaffMembersRequest request;
  request.set_include_inactive(true);
  const std::vector<v1::StaffMember> everyone = ListAll(request, 2);
  ASSERT_EQ(everyone.size(), 4u);
  EXPECT_EQ(everyone[0].display_name(), "Administrator");
  EXPECT_EQ(everyone[1].display_name(), "Albert Départ");
  EXPECT_FALSE(everyone[1].active());
  EXPECT_TRUE(everyone[1].has_deactivate_time());
  // With a role filter too.
  request.set_role(v1::ROLE_FRONT_DESK);
  EXPECT_THAT(DisplayNames(ListAll(request, 50)),
              ElementsAre("Albert Départ", "Lucie Bernard"));
}

TEST_F(StaffServiceTest, ListRefusesBadArguments) {
  v1::ListStaffMembersResponse response;
  v1::ListStaffMembersRequest request;
  request.set_role(static_cast<v1::Role>(42));
  grpc::Status status = admin_.List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("role"));

  request = {};
  request.set_page_size(-1);
  status = admin_.List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));

  request = {};
  request.set_page_token("garbage");
  status = admin_.List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));

  // A token is tied to the filters it was issued for.
  request = {};
  request.set_page_size(1);
  ASSERT_TRUE(admin_.List(request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.set_role(v1::ROLE_ADMIN);
  status = admin_.List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

// The front desk and practitioners may look staff up (to find a
// practitioner), but not change anything.
TEST_F(StaffServiceTest, EveryRoleMayReadStaff) {
  for (staff::Role role : {staff::Role::kFrontDesk, staff::Role::kPractitioner}) {
    StaffClient client(server_.channel(role));
    v1::ListStaffMembersRequest request;
    request.set_role(v1::ROLE_PRACTITIONER);
    v1::ListStaffMembersResponse response;
    ASSERT_TRUE(client.List(request, &response).ok());
    ASSERT_EQ(response.staff_members_size(), 1);
    v1::StaffMember member;
    EXPECT_TRUE(client.Get(response.staff_members(0).name(), &member).ok());
    EXPECT_EQ(member.licence_number(), "RPPS-10101");

    const grpc::Status status =
        client.Create(NewStaffMember("Intrus", v1::ROLE_ADMIN), &member);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
}

// ---------------------------------------------------------------------------
// Validation.

struct InvalidMember {
  std::string label;
  v1::StaffMember member;
  std::string field;
  std::string rule;
};

TEST_F(StaffServiceTest, CreateRefusesInvalidMembersNamingTheField) {
  std::vector<InvalidMember> cases;
  {
    v1::StaffMember m = NewStaffMember("", v1::ROLE_FRONT_DESK);
    cases.push_back({"no display name", m, "staff_member.display_name", ""});
    m.set_display_name("   ");
    cases.push_back({"blank display name", m, "staff_member.display_name", ""});
    m.set_display_name(std::string(101, 'a'));
    cases.push_back({"long display name", m, "staff_member.display_name", "100"});
    m.set_display_name("Tab\there");
    cases.push_back({"control character", m, "staff_member.display_name", ""});
  }
  {
    v1::StaffMember m = NewStaffMember("Dr Sans Numéro", v1::ROLE_PRACTITIONER);
    m.clear_licence_number();
    cases.push_back(
        {"practitioner without licence", m, "staff_member.licence_number", ""});
    m.set_licence_number(std::string(51, '1'));
    cases.push_back(
        {"licence too long", m, "staff_member.licence_number", "50"});
  }
  for (v1::Role role : {v1::ROLE_FRONT_DESK, v1::ROLE_ADMIN}) {
    cases.push_back({absl::StrCat("licence for role ", role),
                     NewStaffMember("Sans Licence", role, "RPPS-1"),
                     "staff_member.licence_number", "only for practitioners"});
  }
  cases.push_back({"no role", NewStaffMember("Sans Rôle", v1::ROLE_UNSPECIFIED),
                   "staff_member.role", "required"});
  cases.push_back({"undefined role",
                   NewStaffMember("Rôle Inconnu", static_cast<v1::Role>(9)),
                   "staff_member.role", "not a defined value"});
  for (const std::string email :
       {"not-an-email", "two@@example.fr", "@example.fr", "someone@",
        "a b@example.fr"}) {
    v1::StaffMember m = NewStaffMember("Mauvais Courriel", v1::ROLE_FRONT_DESK);
    m.set_email(email);
    cases.push_back({"email " + email, m, "staff_member.email", ""});
  }

  for (const InvalidMember& c : cases) {
    SCOPED_TRACE(c.label);
    v1::StaffMember created;
    const grpc::Status status = admin_.Create(c.member, &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(c.field));
    EXPECT_THAT(status.error_message(), HasSubstr(c.rule));
  }
  // Nothing was created.
  v1::ListStaffMembersRequest request;
  request.set_include_inactive(true);
  EXPECT_EQ(ListAll(request, 50).size(), 3u);
}

// The refusal's details name every field at fault, so that a form shows each
// mistake beside its field after one round trip.
TEST_F(StaffServiceTest, CreateNamesEveryFieldAtFaultInTheDetails) {
  v1::StaffMember member = NewStaffMember("", v1::ROLE_PRACTITIONER);
  member.clear_licence_number();
  member.set_email("not-an-email");
  v1::StaffMember created;
  const grpc::Status status = admin_.Create(member, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::ErrorInfo info;
  google::rpc::BadRequest bad_request;
  for (const google::protobuf::Any& detail : details.details()) {
    if (detail.Is<google::rpc::ErrorInfo>()) detail.UnpackTo(&info);
    if (detail.Is<google::rpc::BadRequest>()) detail.UnpackTo(&bad_request);
  }
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  std::vector<std::string> fields;
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
    EXPECT_THAT(status.error_message(), HasSubstr(violation.description()));
  }
  EXPECT_THAT(fields, ::testing::ElementsAre("staff_member.display_name",
                                             "staff_member.email",
                                             "staff_member.licence_number"));
}

TEST_F(StaffServiceTest, CreateRequiresARequestId) {
  v1::CreateStaffMemberRequest request;
  *request.mutable_staff_member() = NewStaffMember("Sans Id", v1::ROLE_ADMIN);
  v1::CreateStaffMemberResponse response;
  const grpc::Status status = admin_.stub().CreateStaffMember(
      ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
}

// ---------------------------------------------------------------------------
// Deactivation.

TEST_F(StaffServiceTest, DeactivateSetsInactiveWithATime) {
  const v1::StaffMember member =
      admin_.CreateOk(NewStaffMember("Jules Simon", v1::ROLE_FRONT_DESK));
  v1::StaffMember deactivated;
  ASSERT_TRUE(admin_.Deactivate(member.name(), &deactivated).ok());
  EXPECT_FALSE(deactivated.active());
  EXPECT_TRUE(deactivated.has_deactivate_time());
  EXPECT_GE(deactivated.deactivate_time().seconds(),
            member.create_time().seconds());
  v1::StaffMember fetched;
  ASSERT_TRUE(admin_.Get(member.name(), &fetched).ok());
  EXPECT_FALSE(fetched.active());
  EXPECT_EQ(fetched.deactivate_time().seconds(),
            deactivated.deactivate_time().seconds());
}

TEST_F(StaffServiceTest, DeactivateTwiceIsFailedPrecondition) {
  const v1::StaffMember member =
      admin_.CreateOk(NewStaffMember("Jules Simon", v1::ROLE_FRONT_DESK));
  ASSERT_TRUE(admin_.Deactivate(member.name()).ok());
  const grpc::Status status = admin_.Deactivate(member.name());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("already deactivated"));
  EXPECT_THAT(status.error_message(), HasSubstr(member.name()));
}

TEST_F(StaffServiceTest, RetryOfDeactivateWithSameRequestIdSucceedsAgain) {
  const v1::StaffMember member =
      admin_.CreateOk(NewStaffMember("Jules Simon", v1::ROLE_FRONT_DESK));
  v1::StaffMember first;
  v1::StaffMember retry;
  ASSERT_TRUE(admin_.Deactivate(member.name(), &first, "bye-jules").ok());
  const grpc::Status status =
      admin_.Deactivate(member.name(), &retry, "bye-jules");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.SerializeAsString(), retry.SerializeAsString());
}

TEST_F(StaffServiceTest, DeactivateUnknownIsNotFound) {
  const grpc::Status status = admin_.Deactivate("staff/doesnotexist0000");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  const grpc::Status malformed = admin_.Deactivate("staff/");
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.error_message(), HasSubstr("name"));
}

TEST_F(StaffServiceTest, TheLastActiveAdminCannotBeDeactivated) {
  const std::string first_admin = StaffName(server_, staff::Role::kAdmin);
  grpc::Status status = admin_.Deactivate(first_admin);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("last active admin"));

  // With a second admin, the first may go; then the second is the last.
  const v1::StaffMember second =
      admin_.CreateOk(NewStaffMember("Second Admin", v1::ROLE_ADMIN));
  StaffClient second_admin(
      server_.ChannelWithKey(admin_.IssueKeyOk(second.name())));
  status = second_admin.Deactivate(first_admin);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = second_admin.Deactivate(second.name());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("last active admin"));
  v1::GetCallerResponse caller;
  EXPECT_TRUE(second_admin.GetCaller(&caller).ok());
}

// A deactivated admin does not count: with one active admin and one
// deactivated, the active one is still the last.
TEST_F(StaffServiceTest, DeactivatedAdminsDoNotCountAsActive) {
  const v1::StaffMember second =
      admin_.CreateOk(NewStaffMember("Second Admin", v1::ROLE_ADMIN));
  ASSERT_TRUE(admin_.Deactivate(second.name()).ok());
  const grpc::Status status =
      admin_.Deactivate(StaffName(server_, staff::Role::kAdmin));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("last active admin"));
}

TEST_F(StaffServiceTest, DeactivatedMemberCannotBeGivenKeys) {
  const v1::StaffMember member =
      admin_.CreateOk(NewStaffMember("Jules Simon", v1::ROLE_FRONT_DESK));
  ASSERT_TRUE(admin_.Deactivate(member.name()).ok());
  v1::IssueApiKeyResponse issued;
  const grpc::Status status = admin_.IssueKey(member.name(), &issued);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("deactivated"));
  EXPECT_TRUE(issued.secret().empty());
}

// ---------------------------------------------------------------------------
// API keys.

TEST_F(StaffServiceTest, IssuedKeyWorksAndNamesItsMember) {
  const v1::StaffMember member =
      admin_.CreateOk(NewStaffMember("Dr Anne Vidal", v1::ROLE_PRACTITIONER));
  v1::IssueApiKeyResponse issued;
  const grpc::Status status =
      admin_.IssueKey(member.name(), &issued, "", "consultation room PC");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(issued.api_key().name(),
              StartsWith(absl::StrCat(member.name(), "/apiKeys/")));
  EXPECT_EQ(issued.api_key().description(), "consultation room PC");
  EXPECT_GT(issued.api_key().create_time().seconds(), 0);
  EXPECT_FALSE(issued.api_key().has_revoke_time());
  EXPECT_THAT(issued.secret(), StartsWith("mck_"));

  v1::GetCallerResponse caller;
  ASSERT_TRUE(
      StaffClient(server_.ChannelWithKey(issued.secret())).GetCaller(&caller).ok());
  EXPECT_EQ(caller.staff_member().name(), member.name());
  EXPECT_EQ(caller.staff_member().role(), v1::ROLE_PRACTITIONER);
  EXPECT_EQ(caller.api_key(), issued.api_key().name());
}

TEST_F(StaffServiceTest, IssueKeyRefusesBadArguments) {
  v1::IssueApiKeyResponse issued;
  grpc::Status status = admin_.IssueKey("staff/doesnotexist0000", &issued);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = admin_.IssueKey("", &issued);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("parent"));
  status = admin_.IssueKey(StaffName(server_, staff::Role::kFrontDesk), &issued,
                           "", std::string(101, 'd'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("description"));
  EXPECT_TRUE(issued.secret().empty());
}

TEST_F(StaffServiceTest, ListApiKeysNeverContainsSecrets) {
  const std::string parent = StaffName(server_, staff::Role::kFrontDesk);
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(admin_.IssueKey(parent, &issued, "", "tablet").ok());
  const std::string secret_part =
      SecretPart(issued.secret());

  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(admin_.ListKeys(parent, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 2);  // The test server's and this one.
  EXPECT_EQ(keys.api_keys(1).name(), issued.api_key().name());
  EXPECT_EQ(keys.api_keys(1).description(), "tablet");
  const std::string bytes = keys.SerializeAsString();
  EXPECT_THAT(bytes, Not(HasSubstr(issued.secret())));
  EXPECT_THAT(bytes, Not(HasSubstr(secret_part)));
  EXPECT_THAT(bytes, Not(HasSubstr(server_.api_key(staff::Role::kFrontDesk))));
  EXPECT_THAT(keys.DebugString(), Not(HasSubstr(secret_part)));
}

TEST_F(StaffServiceTest, ApiKeyPagesHoldEveryKeyOnceOldestFirst) {
  const std::string parent = StaffName(server_, staff::Role::kPractitioner);
  std::vector<std::string> issued;
  for (int i = 0; i < 4; ++i) {
    v1::IssueApiKeyResponse key;
    ASSERT_TRUE(admin_.IssueKey(parent, &key).ok());
    issued.push_back(key.api_key().name());
  }
  const PageFetcher<v1::ListApiKeysRequest> fetch =
      CallFetcher<v1::ListApiKeysRequest, v1::ListApiKeysResponse>(
          [&](grpc::ClientContext* context, const auto& page, auto* out) {
            return admin_.stub().ListApiKeys(context, page, out);
          });
  v1::ListApiKeysRequest request;
  request.set_parent(parent);
  const std::vector<std::string> all = WalkPages(request, 500, fetch);
  // The test server's key, then these, in the order they were issued.
  ASSERT_EQ(all.size(), 5u);
  EXPECT_THAT(std::vector<std::string>(all.begin() + 1, all.end()),
              ::testing::ElementsAreArray(issued));
  ExpectSmallPagesGive(request, fetch, all);

  // Another staff member's keys, or another listing: refused.
  const std::string token = SecondPageToken(request, fetch);
  v1::ListApiKeysRequest other = request;
  other.set_parent(StaffName(server_, staff::Role::kAdmin));
  other.set_page_token(token);
  EXPECT_TRUE(RefusesPageToken(fetch(other).status));
  v1::ListStaffMembersRequest members;
  members.set_page_token(token);
  v1::ListStaffMembersResponse listed;
  EXPECT_TRUE(RefusesPageToken(admin_.List(members, &listed)));
}

TEST_F(StaffServiceTest, ListApiKeysOfUnknownMemberIsNotFound) {
  v1::ListApiKeysResponse keys;
  EXPECT_EQ(admin_.ListKeys("staff/doesnotexist0000", &keys).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const grpc::Status status = admin_.ListKeys("nonsense", &keys);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("parent"));
}

TEST_F(StaffServiceTest, RevokeMarksTheKeyAndTwiceIsFailedPrecondition) {
  const std::string parent = StaffName(server_, staff::Role::kPractitioner);
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(admin_.IssueKey(parent, &issued).ok());
  v1::ApiKey revoked;
  ASSERT_TRUE(admin_.Revoke(issued.api_key().name(), &revoked).ok());
  EXPECT_EQ(revoked.name(), issued.api_key().name());
  EXPECT_TRUE(revoked.has_revoke_time());

  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(admin_.ListKeys(parent, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 2);
  EXPECT_FALSE(keys.api_keys(0).has_revoke_time());
  EXPECT_TRUE(keys.api_keys(1).has_revoke_time());

  const grpc::Status twice = admin_.Revoke(issued.api_key().name());
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(twice.error_message(), HasSubstr("already revoked"));
}

TEST_F(StaffServiceTest, RevokeRefusesUnknownOrMismatchedKeys) {
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(
      admin_.IssueKey(StaffName(server_, staff::Role::kPractitioner), &issued)
          .ok());
  const std::string key_id =
      issued.api_key().name().substr(issued.api_key().name().rfind('/') + 1);
  // The key exists, but not under this staff member.
  const std::string mismatched = absl::StrCat(
      StaffName(server_, staff::Role::kFrontDesk), "/apiKeys/", key_id);
  grpc::Status status = admin_.Revoke(mismatched);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr(mismatched));
  status = admin_.Revoke(absl::StrCat(
      StaffName(server_, staff::Role::kPractitioner), "/apiKeys/nokey"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  for (const std::string name :
       {"", "staff/abc", "staff/abc/apiKeys/", "apiKeys/abc",
        "staff//apiKeys/abc", "staff/abc/keys/def"}) {
    SCOPED_TRACE(name);
    status = admin_.Revoke(name);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("name"));
  }
  // The key still works.
  v1::GetCallerResponse caller;
  EXPECT_TRUE(
      StaffClient(server_.ChannelWithKey(issued.secret())).GetCaller(&caller).ok());
}

// A secret is shown once: a retry of IssueApiKey is refused, not answered
// with the secret again, and issues no second key.
TEST_F(StaffServiceTest, RetryOfIssueApiKeyIsRefusedRatherThanReplayed) {
  const std::string parent = StaffName(server_, staff::Role::kFrontDesk);
  v1::IssueApiKeyResponse first;
  ASSERT_TRUE(admin_.IssueKey(parent, &first, "issue-once").ok());
  v1::IssueApiKeyResponse retry;
  const grpc::Status status = admin_.IssueKey(parent, &retry, "issue-once");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
  EXPECT_THAT(status.error_message(), HasSubstr("shown only once"));
  EXPECT_THAT(status.error_message(), HasSubstr(first.api_key().name()));
  EXPECT_THAT(status.error_message(), Not(HasSubstr(first.secret())));
  EXPECT_TRUE(retry.secret().empty());

  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(admin_.ListKeys(parent, &keys).ok());
  EXPECT_EQ(keys.api_keys_size(), 2);
  // The same request_id for another request is a different error.
  const grpc::Status other = admin_.IssueKey(
      StaffName(server_, staff::Role::kPractitioner), &retry, "issue-once");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

std::string FileBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// Only hashes are stored: no column of api_keys (nor any other byte of the
// database, its journal included) holds a key or its secret.
TEST_F(StaffServiceTest, DatabaseHoldsNoSecret) {
  v1::IssueApiKeyResponse issued;
  ASSERT_TRUE(
      admin_.IssueKey(StaffName(server_, staff::Role::kFrontDesk), &issued).ok());
  std::vector<std::string> keys = {issued.secret()};
  for (staff::Role role : {staff::Role::kFrontDesk, staff::Role::kPractitioner,
                           staff::Role::kAdmin}) {
    keys.push_back(server_.api_key(role));
  }
  std::vector<std::string> secrets;
  for (const std::string& key : keys) {
    secrets.push_back(key);
    secrets.push_back(SecretPart(key));
  }

  SQLite::Database db(server_.database_path(), SQLite::OPEN_READONLY);
  SQLite::Statement rows(db, "SELECT * FROM api_keys");
  int row_count = 0;
  while (rows.executeStep()) {
    ++row_count;
    for (int i = 0; i < rows.getColumnCount(); ++i) {
      const SQLite::Column column = rows.getColumn(i);
      const std::string value(static_cast<const char*>(column.getBlob()),
                              column.getBytes());
      for (const std::string& secret : secrets) {
        EXPECT_THAT(value, Not(HasSubstr(secret)))
            << "column " << column.getName();
      }
    }
  }
  EXPECT_EQ(row_count, 4);

  // Nor the rest of the file, nor its write-ahead log (nor the replay
  // records of request ids).
  for (const std::string suffix : {"", "-wal"}) {
    const std::string path = server_.database_path() + suffix;
    if (!std::filesystem::exists(path)) continue;
    const std::string bytes = FileBytes(path);
    for (const std::string& secret : secrets) {
      EXPECT_THAT(bytes, Not(HasSubstr(secret))) << path;
    }
  }
}

// ---------------------------------------------------------------------------
// The caller.

TEST_F(StaffServiceTest, GetCallerNamesEachRolesMemberAndKey) {
  for (const auto& [role, proto_role] :
       {std::pair{staff::Role::kFrontDesk, v1::ROLE_FRONT_DESK},
        std::pair{staff::Role::kPractitioner, v1::ROLE_PRACTITIONER},
        std::pair{staff::Role::kAdmin, v1::ROLE_ADMIN}}) {
    SCOPED_TRACE(staff::RoleName(role));
    v1::GetCallerResponse caller;
    const grpc::Status status =
        StaffClient(server_.channel(role)).GetCaller(&caller);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(caller.staff_member().name(), StaffName(server_, role));
    EXPECT_EQ(caller.staff_member().role(), proto_role);
    EXPECT_TRUE(caller.staff_member().active());
    const std::string& key = server_.api_key(role);
    const std::string key_id = key.substr(4, 16);
    EXPECT_EQ(caller.api_key(),
              absl::StrCat(StaffName(server_, role), "/apiKeys/", key_id));
    EXPECT_THAT(caller.SerializeAsString(),
                Not(HasSubstr(SecretPart(key))));
  }
}

}  // namespace
}  // namespace mesoclinic::testing
