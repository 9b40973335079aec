// ToGrpcStatus: how a call's absl::Status reaches the client.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/api/call_runner.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

TEST(ToGrpcStatusTest, KeepsTheCodeAndAShortMessage) {
  const grpc::Status status =
      ToGrpcStatus(absl::NotFoundError("patient: patients/abc does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "patient: patients/abc does not exist");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

// A message is trailing metadata: one past the client's limit (8 KiB by
// default) would cost the caller its connection instead of telling it why.
TEST(ToGrpcStatusTest, CutsALongMessageAtACharacterBoundary) {
  // "é" is two bytes: a cut by bytes alone would split one.
  const std::string field = "given_name: \"";
  std::string message = field;
  for (int i = 0; i < 100000; ++i) message += "é";
  const grpc::Status status = ToGrpcStatus(absl::InvalidArgumentError(message));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string& sent = status.error_message();
  EXPECT_LE(sent.size(), kMaxErrorMessageBytes);
  EXPECT_EQ(sent.rfind(field, 0), 0u) << "the field must stay named";
  const std::string cut = " [message cut]";
  ASSERT_GT(sent.size(), cut.size());
  EXPECT_EQ(sent.substr(sent.size() - cut.size()), cut);
  const std::string kept = sent.substr(0, sent.size() - cut.size());
  EXPECT_EQ((kept.size() - field.size()) % 2, 0u)
      << "a two-byte character was split";
}

TEST(ToGrpcStatusTest, LeavesAMessageAtTheLimitWhole) {
  const std::string message(kMaxErrorMessageBytes, 'x');
  EXPECT_EQ(ToGrpcStatus(absl::InternalError(message)).error_message(),
            message);
}

}  // namespace
}  // namespace mesoclinic
