#ifndef MESOCLINIC_TESTS_SUPPORT_PAGE_WALK_H_
#define MESOCLINIC_TESTS_SUPPORT_PAGE_WALK_H_

// Walking a List method page by page, as a client does, for the tests that
// check each item comes exactly once and in order.

#include <functional>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "gtest/gtest.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {

// One page of a listing: its items' keys and the token of the next page.
struct ListedPage {
  grpc::Status status;
  std::vector<std::string> keys;
  std::string next_page_token;
};

// Fetches `request` (page_size and page_token already set) and returns the
// page.
template <typename Request>
using PageFetcher = std::function<ListedPage(const Request&)>;

// A PageFetcher calling `call` with a deadline and keying each item of the
// response's repeated message field by its string field `key` ("name").
template <typename Request, typename Response>
PageFetcher<Request> CallFetcher(
    std::function<grpc::Status(grpc::ClientContext*, const Request&,
                               Response*)>
        call,
    const std::string& key = "name") {
  return [call, key](const Request& request) {
    Response response;
    ListedPage page;
    page.status = call(ContextWithDeadline().get(), request, &response);
    const google::protobuf::Reflection& reflection = *response.GetReflection();
    const google::protobuf::Descriptor& descriptor = *response.GetDescriptor();
    for (int f = 0; f < descriptor.field_count(); ++f) {
      const google::protobuf::FieldDescriptor* items = descriptor.field(f);
      if (!items->is_repeated() || items->message_type() == nullptr) continue;
      for (int i = 0; i < reflection.FieldSize(response, items); ++i) {
        const google::protobuf::Message& item =
            reflection.GetRepeatedMessage(response, items, i);
        page.keys.push_back(item.GetReflection()->GetString(
            item, item.GetDescriptor()->FindFieldByName(key)));
      }
    }
    page.next_page_token = response.next_page_token();
    return page;
  };
}

// Every item's key, page after page of `page_size`, from `request`'s first
// page to the last. Fails the test when a page fails or is larger than
// asked, and stops after `max_pages` (a token that never ends).
template <typename Request>
std::vector<std::string> WalkPages(Request request, int page_size,
                                   const PageFetcher<Request>& fetch,
                                   int max_pages = 1000) {
  std::vector<std::string> keys;
  request.set_page_size(page_size);
  request.set_page_token("");
  for (int page = 0; page < max_pages; ++page) {
    const ListedPage listed = fetch(request);
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    if (!listed.status.ok()) break;
    EXPECT_LE(static_cast<int>(listed.keys.size()), page_size);
    keys.insert(keys.end(), listed.keys.begin(), listed.keys.end());
    if (listed.next_page_token.empty()) return keys;
    request.set_page_token(listed.next_page_token);
  }
  ADD_FAILURE() << "the listing did not end after " << max_pages << " pages";
  return keys;
}

// Walking pages of 1 and of 2 items gives `all` (read in one page), each
// item once, in the same order.
template <typename Request>
void ExpectSmallPagesGive(const Request& request,
                          const PageFetcher<Request>& fetch,
                          const std::vector<std::string>& all) {
  for (const int page_size : {1, 2}) {
    SCOPED_TRACE(::testing::Message() << "pages of " << page_size);
    EXPECT_EQ(WalkPages(request, page_size, fetch), all);
  }
}

// The first page's next_page_token with `page_size` 1: a token to replay
// elsewhere. Fails the test when there is no second page.
template <typename Request>
std::string SecondPageToken(Request request,
                            const PageFetcher<Request>& fetch) {
  request.set_page_size(1);
  const ListedPage listed = fetch(request);
  EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
  EXPECT_FALSE(listed.next_page_token.empty()) << "a single page";
  return listed.next_page_token;
}

// Whether `status` refuses a page token as a client error naming it.
inline ::testing::AssertionResult RefusesPageToken(const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
      status.error_message().find("page_token") != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "code " << status.error_code() << ": " << status.error_message();
}

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_PAGE_WALK_H_
