// Pager and PagePosition, and the paging fields of every List method.

#include "core/api/pager.h"

#include <filesystem>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/audit.pb.h"
#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/common.pb.h"
#include "clinic/v1/consent.pb.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "clinic/v1/sign_in.pb.h"
#include "clinic/v1/staff.pb.h"
#include "clinic/v1/treatments.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

namespace v1 = ::clinic::v1;
using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;

// A refusal as a client sees it: INVALID_ARGUMENT naming page_token.
MATCHER(RefusesPageToken, "") {
  *result_listener << arg;
  return absl::IsInvalidArgument(arg) &&
         absl::StrContains(arg.message(), "page_token");
}

// One message of each clinic.v1 file, so that the linker keeps every file's
// descriptors in this binary (generated_pool() holds only those).
const Descriptor* const kEveryFile[] = {
    v1::ListAdverseEventsRequest::descriptor(),
    v1::ListAuditEventsRequest::descriptor(),
    v1::ListRoomsRequest::descriptor(),
    v1::Date::descriptor(),
    v1::ListConsentsRequest::descriptor(),
    v1::ListPatientsRequest::descriptor(),
    v1::ListSessionsRequest::descriptor(),
    v1::SignInRequest::descriptor(),
    v1::ListStaffMembersRequest::descriptor(),
    v1::ListTreatmentTypesRequest::descriptor(),
};

TEST(PagePositionTest, ReadsBackWhatWasAddedThroughAToken) {
  v1::ListRoomsRequest request;
  absl::StatusOr<Pager> first = Pager::For(request, 10, 100);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->after(), nullptr);
  const absl::Time time = absl::FromUnixMicros(1700000000123456);
  request.set_page_token(first->Token(
      PagePosition().Add(time).Add("room:1").Add(int64_t{-42})));

  absl::StatusOr<Pager> next = Pager::For(request, 10, 100);
  ASSERT_TRUE(next.ok()) << next.status();
  const PagePosition* after = next->after();
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->size(), 3u);
  EXPECT_EQ(*after->TimeAt(0), time);
  EXPECT_EQ(*after->StringAt(1), "room:1");
  EXPECT_EQ(*after->IntAt(2), -42);
}

TEST(PagePositionTest, AWrongKindOrAMissingValueIsAMalformedToken) {
  v1::ListRoomsRequest request;
  absl::StatusOr<Pager> first = Pager::For(request, 10, 100);
  ASSERT_TRUE(first.ok());
  request.set_page_token(first->Token(PagePosition().Add("not a number")));
  absl::StatusOr<Pager> next = Pager::For(request, 10, 100);
  ASSERT_TRUE(next.ok());
  EXPECT_THAT(next->after()->IntAt(0).status(), RefusesPageToken());
  EXPECT_THAT(next->after()->TimeAt(0).status(), RefusesPageToken());
  EXPECT_THAT(next->after()->StringAt(1).status(), RefusesPageToken());
  EXPECT_THAT(next->AfterTimeAndId().status(), RefusesPageToken());
  EXPECT_THAT(next->AfterKeyAndId().status(), RefusesPageToken());
  EXPECT_THAT(MalformedPageToken(), RefusesPageToken());
}

TEST(PagerTest, PageSizeHasADefaultAndAMaximum) {
  v1::ListRoomsRequest request;
  EXPECT_EQ(Pager::For(request, 10, 100)->page_size(), 10);
  request.set_page_size(7);
  EXPECT_EQ(Pager::For(request, 10, 100)->page_size(), 7);
  EXPECT_EQ(Pager::For(request, 10, 100)->fetch_limit(), 8);
  request.set_page_size(100000);
  EXPECT_EQ(Pager::For(request, 10, 100)->page_size(), 100);
  request.set_page_size(-1);
  const absl::Status negative = Pager::For(request, 10, 100).status();
  EXPECT_TRUE(absl::IsInvalidArgument(negative));
  EXPECT_THAT(std::string(negative.message()),
              ::testing::HasSubstr("page_size"));
}

TEST(PagerTest, NextPageTokenCutsToThePageAndIsEmptyOnTheLast) {
  v1::ListRoomsRequest request;
  request.set_page_size(2);
  const Pager pager = *Pager::For(request, 10, 100);
  const auto position = [](const std::string& id) {
    return PagePosition().Add(id);
  };
  std::vector<std::string> entries = {"a", "b", "c"};
  const std::string token =
      pager.NextPageToken<std::string>(entries, position);
  EXPECT_THAT(entries, ::testing::ElementsAre("a", "b"));
  ASSERT_FALSE(token.empty());
  request.set_page_token(token);
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> after =
      Pager::For(request, 10, 100)->AfterKeyAndId();
  EXPECT_THAT(after.status(), RefusesPageToken()) << "one value, not two";
  EXPECT_EQ(*Pager::For(request, 10, 100)->after()->StringAt(0), "b");

  std::vector<std::string> last = {"c", "d"};
  EXPECT_EQ(pager.NextPageToken<std::string>(last, position), "");
  EXPECT_EQ(last.size(), 2u);
}

TEST(PagerTest, ATokenOfOtherFiltersOrAnotherMethodIsRefused) {
  v1::ListRoomsRequest rooms;
  const std::string token =
      Pager::For(rooms, 10, 100)->Token(PagePosition().Add("x").Add("y"));
  rooms.set_page_token(token);
  EXPECT_TRUE(Pager::For(rooms, 10, 100).ok());
  // A different page size is the same listing.
  rooms.set_page_size(3);
  EXPECT_TRUE(Pager::For(rooms, 10, 100).ok());

  rooms.set_include_inactive(true);
  EXPECT_THAT(Pager::For(rooms, 10, 100).status(), RefusesPageToken());

  v1::ListTreatmentTypesRequest types;
  types.set_page_token(token);
  EXPECT_THAT(Pager::For(types, 10, 100).status(), RefusesPageToken());

  rooms.set_include_inactive(false);
  for (const std::string& forged :
       {std::string("!!"), token.substr(0, 4), absl::StrCat(token, "AAAA")}) {
    rooms.set_page_token(forged);
    EXPECT_THAT(Pager::For(rooms, 10, 100).status(), RefusesPageToken())
        << forged;
  }
}

// Every List method (AIP-132) pages: page_size and page_token in, and
// next_page_token out, with the types Pager reads.
TEST(ListMethodsTest, EveryListMethodOfEveryServicePages) {
  const google::protobuf::DescriptorPool& pool =
      *google::protobuf::DescriptorPool::generated_pool();
  ASSERT_NE(kEveryFile[0], nullptr);
  int services = 0;
  int list_methods = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(MESOCLINIC_API_PROTO_DIR)) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name =
        absl::StrCat("clinic/v1/", entry.path().filename().string());
    const google::protobuf::FileDescriptor* file = pool.FindFileByName(name);
    ASSERT_NE(file, nullptr)
        << name << " is not compiled into this test: add one of its "
        << "messages to kEveryFile";
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      ++services;
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        if (!absl::StartsWith(method->name(), "List") &&
            method->name() != "TraceLot") {
          continue;
        }
        ++list_methods;
        SCOPED_TRACE(method->full_name());
        const Descriptor* request = method->input_type();
        const Descriptor* response = method->output_type();
        const FieldDescriptor* size = request->FindFieldByName("page_size");
        const FieldDescriptor* token = request->FindFieldByName("page_token");
        const FieldDescriptor* next =
            response->FindFieldByName("next_page_token");
        ASSERT_NE(size, nullptr);
        ASSERT_NE(token, nullptr);
        ASSERT_NE(next, nullptr);
        EXPECT_EQ(size->type(), FieldDescriptor::TYPE_INT32);
        EXPECT_EQ(token->type(), FieldDescriptor::TYPE_STRING);
        EXPECT_EQ(next->type(), FieldDescriptor::TYPE_STRING);
        EXPECT_FALSE(size->is_repeated() || token->is_repeated() ||
                     next->is_repeated());
      }
    }
  }
  EXPECT_GE(services, 8);
  // At least the twelve of issue 16.
  EXPECT_GE(list_methods, 12);
}

}  // namespace
}  // namespace mesoclinic
