// ToGrpcStatus: how a call's absl::Status reaches the client.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/api/grpc_calls.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
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

// The details travel as grpc-status-details-bin: a google.rpc.Status with the
// same code and message, and the reason and fields a program acts on.
TEST(ToGrpcStatusTest, SendsTheDetailsAsAGoogleRpcStatus) {
  const grpc::Status status =
      ToGrpcStatus(FieldError("patient.given_name", "must not be empty"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), status.error_message());
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), reasons::kInvalidField);
  EXPECT_EQ(info.domain(), kErrorDomain);
  google::rpc::BadRequest request;
  ASSERT_TRUE(details.details(1).UnpackTo(&request));
  ASSERT_EQ(request.field_violations_size(), 1);
  EXPECT_EQ(request.field_violations(0).field(), "patient.given_name");
  EXPECT_EQ(request.field_violations(0).description(), "must not be empty");
}

// The details carry the message as it was sent, cut or not, so that the
// two never disagree.
TEST(ToGrpcStatusTest, DetailsCarryTheMessageAsSent) {
  const grpc::Status status =
      ToGrpcStatus(absl::InternalError(std::string(5000, 'x')));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.message(), status.error_message());
}

}  // namespace
}  // namespace mesoclinic
