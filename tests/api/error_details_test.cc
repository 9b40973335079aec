// Error details: reason codes, field violations and retry delays carried on
// an absl::Status from the rule that refused to the transport.

#include "core/base/error_details.h"

#include <string>

#include "absl/status/status.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ErrorReasonTest, IsCarriedWithItsMetadata) {
  const absl::Status status =
      WithReason(absl::FailedPreconditionError("taken"), reasons::kSlotTaken,
                 {{"session", "sessions/abc"}, {"room", "rooms/r1"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "taken");
  EXPECT_EQ(ErrorReason(status), "SLOT_TAKEN");
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("room", "rooms/r1"),
                          Pair("session", "sessions/abc")));
}

TEST(ErrorReasonTest, ALaterReasonReplacesAnEarlierOne) {
  const absl::Status status =
      WithReason(WithReason(absl::UnavailableError("x"), reasons::kPluginTimeout),
                 reasons::kPluginSuspended);
  EXPECT_EQ(ErrorReason(status), "PLUGIN_SUSPENDED");
}

TEST(ErrorReasonTest, OkStaysOkAndWithoutDetails) {
  const absl::Status status =
      WithReason(absl::OkStatus(), reasons::kSlotTaken);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(ErrorReason(status), "");
}

TEST(FieldErrorTest, NamesTheFieldInTheDetails) {
  const absl::Status status = FieldError("patient.phone", "is not a number");
  EXPECT_EQ(status.message(), "patient.phone: is not a number");
  EXPECT_EQ(ErrorReason(status), reasons::kInvalidField);
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"patient.phone", "is not a number"}}));
}

TEST(FieldViolationsTest, CollectsEveryViolationInOrder) {
  FieldViolations violations;
  violations.Check(absl::OkStatus());
  violations.Check(FieldError("a", "must not be empty"));
  violations.Add("b", "must be 0 or more");
  violations.Check(FieldError("c", "is too long"));
  ASSERT_FALSE(violations.ok());
  const absl::Status status = violations.Result();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "a: must not be empty; b: must be 0 or more; c: is too long");
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"a", "must not be empty"},
                                         {"b", "must be 0 or more"},
                                         {"c", "is too long"}}));
  EXPECT_EQ(ErrorReason(status), reasons::kInvalidField);
}

TEST(FieldViolationsTest, KeepsAReasonEveryViolationShares) {
  FieldViolations violations;
  for (const char* field : {"products[0].volume_ml", "products[1].depth_mm"}) {
    violations.Check(
        WithReason(FieldError(field, "exceeds the protocol's maximum"),
                   reasons::kTreatmentRecordInvalid));
  }
  EXPECT_EQ(ErrorReason(violations.Result()),
            reasons::kTreatmentRecordInvalid);
}

TEST(FieldViolationsTest, AnErrorThatIsNotAboutAFieldWins) {
  FieldViolations violations;
  violations.Check(FieldError("a", "must not be empty"));
  violations.Check(absl::NotFoundError("patients/x does not exist"));
  violations.Check(absl::UnavailableError("later"));
  EXPECT_EQ(violations.Result(), absl::NotFoundError("patients/x does not exist"));
}

TEST(FieldViolationsTest, NoViolationIsOk) {
  FieldViolations violations;
  violations.Check(absl::OkStatus());
  EXPECT_TRUE(violations.ok());
  EXPECT_TRUE(violations.Result().ok());
}

TEST(RetryDelayTest, OverloadCarriesItsReasonAndDelay) {
  const absl::Status status =
      AsOverload(absl::ResourceExhaustedError("busy"), absl::Milliseconds(300));
  EXPECT_EQ(ErrorReason(status), reasons::kOverloaded);
  EXPECT_EQ(RetryDelayOf(status), absl::Milliseconds(300));
  EXPECT_EQ(RetryDelayOf(absl::InternalError("x")), absl::ZeroDuration());
}

TEST(ToRpcStatusTest, AStatusWithoutAReasonGetsItsCodeName) {
  const google::rpc::Status rpc =
      ToRpcStatus(absl::NotFoundError("patients/x does not exist"),
                  "patients/x does not exist");
  ASSERT_EQ(rpc.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(rpc.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "NOT_FOUND");
  EXPECT_EQ(info.domain(), kErrorDomain);
}

TEST(ToRpcStatusTest, PacksRetryInfo) {
  const google::rpc::Status rpc = ToRpcStatus(
      AsOverload(absl::ResourceExhaustedError("busy"), absl::Seconds(2)),
      "busy");
  ASSERT_EQ(rpc.details_size(), 2);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(rpc.details(1).UnpackTo(&retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 2);
  EXPECT_EQ(rpc.details(1).type_url(),
            "type.googleapis.com/google.rpc.RetryInfo");
}

}  // namespace
}  // namespace mesoclinic
