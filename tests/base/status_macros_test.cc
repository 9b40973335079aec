#include "core/base/status_macros.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

// Counts how often a macro evaluates its argument.
struct Calls {
  int status = 0;
  int value = 0;
};

absl::Status CountedStatus(Calls& calls, absl::Status status) {
  ++calls.status;
  return status;
}

absl::StatusOr<int> CountedValue(Calls& calls, absl::StatusOr<int> value) {
  ++calls.value;
  return value;
}

// --- RETURN_IF_ERROR -------------------------------------------------------

absl::Status TwoSteps(Calls& calls, absl::Status first, absl::Status second,
                      bool* reached_end) {
  RETURN_IF_ERROR(CountedStatus(calls, std::move(first)));
  RETURN_IF_ERROR(CountedStatus(calls, std::move(second)));
  *reached_end = true;
  return absl::OkStatus();
}

TEST(ReturnIfErrorTest, ContinuesPastOkStatuses) {
  Calls calls;
  bool reached_end = false;
  EXPECT_TRUE(
      TwoSteps(calls, absl::OkStatus(), absl::OkStatus(), &reached_end).ok());
  EXPECT_TRUE(reached_end);
  EXPECT_EQ(calls.status, 2);
}

TEST(ReturnIfErrorTest, ReturnsTheFirstErrorUnchangedAndStops) {
  Calls calls;
  bool reached_end = false;
  const absl::Status status =
      TwoSteps(calls, absl::NotFoundError("patients/abc does not exist"),
               absl::InternalError("never evaluated"), &reached_end);
  EXPECT_EQ(status, absl::NotFoundError("patients/abc does not exist"));
  EXPECT_FALSE(reached_end);
  EXPECT_EQ(calls.status, 1) << "the second expression must not be evaluated";
}

TEST(ReturnIfErrorTest, ReturnsALaterErrorAfterEarlierSuccesses) {
  Calls calls;
  bool reached_end = false;
  const absl::Status status =
      TwoSteps(calls, absl::OkStatus(), absl::AbortedError("stale etag"),
               &reached_end);
  EXPECT_EQ(status, absl::AbortedError("stale etag"));
  EXPECT_FALSE(reached_end);
  EXPECT_EQ(calls.status, 2);
}

absl::StatusOr<std::string> ReturnIfErrorInStatusOrFunction(
    absl::Status status) {
  RETURN_IF_ERROR(status);
  return std::string("done");
}

TEST(ReturnIfErrorTest, WorksInAFunctionReturningStatusOr) {
  EXPECT_EQ(*ReturnIfErrorInStatusOrFunction(absl::OkStatus()), "done");
  EXPECT_EQ(ReturnIfErrorInStatusOrFunction(absl::UnavailableError("down"))
                .status(),
            absl::UnavailableError("down"));
}

// The macro is one statement, so it is safe in an unbraced if/else.
absl::Status UnbracedIfElse(bool take_first, absl::Status first,
                            absl::Status second) {
  if (take_first)
    RETURN_IF_ERROR(first);
  else
    RETURN_IF_ERROR(second);
  return absl::OkStatus();
}

TEST(ReturnIfErrorTest, IsASingleStatementInUnbracedIfElse) {
  EXPECT_EQ(UnbracedIfElse(true, absl::CancelledError("a"), absl::OkStatus()),
            absl::CancelledError("a"));
  EXPECT_TRUE(
      UnbracedIfElse(true, absl::OkStatus(), absl::CancelledError("b")).ok());
  EXPECT_EQ(UnbracedIfElse(false, absl::OkStatus(), absl::CancelledError("b")),
            absl::CancelledError("b"));
}

// --- ASSIGN_OR_RETURN ------------------------------------------------------

absl::StatusOr<int> SumWithDeclarations(Calls& calls, absl::StatusOr<int> a,
                                        absl::StatusOr<int> b) {
  ASSIGN_OR_RETURN(int x, CountedValue(calls, std::move(a)));
  ASSIGN_OR_RETURN(const auto y, CountedValue(calls, std::move(b)));
  return x + y;
}

TEST(AssignOrReturnTest, DeclaresVariablesFromValues) {
  Calls calls;
  EXPECT_EQ(*SumWithDeclarations(calls, 2, 40), 42);
  EXPECT_EQ(calls.value, 2);
}

TEST(AssignOrReturnTest, ReturnsTheErrorAndStops) {
  Calls calls;
  const absl::StatusOr<int> sum = SumWithDeclarations(
      calls, absl::InvalidArgumentError("patient.sex: is required"), 1);
  EXPECT_EQ(sum.status(), absl::InvalidArgumentError("patient.sex: is required"));
  EXPECT_EQ(calls.value, 1) << "the second expression must not be evaluated";
}

TEST(AssignOrReturnTest, ReturnsALaterErrorAfterAnEarlierValue) {
  Calls calls;
  const absl::StatusOr<int> sum = SumWithDeclarations(
      calls, 1, absl::DeadlineExceededError("too late"));
  EXPECT_EQ(sum.status(), absl::DeadlineExceededError("too late"));
  EXPECT_EQ(calls.value, 2);
}

absl::Status AssignToExistingVariable(absl::StatusOr<std::string> value,
                                      std::string& target) {
  ASSIGN_OR_RETURN(target, std::move(value));
  return absl::OkStatus();
}

TEST(AssignOrReturnTest, AssignsToAnExistingVariable) {
  std::string target = "before";
  ASSERT_TRUE(AssignToExistingVariable(std::string("after"), target).ok());
  EXPECT_EQ(target, "after");
}

TEST(AssignOrReturnTest, LeavesAnExistingVariableUntouchedOnError) {
  std::string target = "before";
  EXPECT_EQ(AssignToExistingVariable(absl::NotFoundError("gone"), target),
            absl::NotFoundError("gone"));
  EXPECT_EQ(target, "before");
}

struct Query {
  int limit = 50;
};

absl::Status AssignToMember(absl::StatusOr<int> limit, Query& query) {
  ASSIGN_OR_RETURN(query.limit, std::move(limit));
  return absl::OkStatus();
}

TEST(AssignOrReturnTest, AssignsToAStructMember) {
  Query query;
  ASSERT_TRUE(AssignToMember(10, query).ok());
  EXPECT_EQ(query.limit, 10);
  EXPECT_FALSE(AssignToMember(absl::InvalidArgumentError("page_size"), query)
                   .ok());
  EXPECT_EQ(query.limit, 10);
}

absl::StatusOr<std::unique_ptr<int>> MakeBox(int value) {
  return std::make_unique<int>(value);
}

absl::StatusOr<int> UnboxMoveOnly(int value) {
  ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(value));
  std::unique_ptr<int> existing;
  ASSIGN_OR_RETURN(existing, MakeBox(value + 1));
  return *box + *existing;
}

TEST(AssignOrReturnTest, MovesMoveOnlyValues) {
  EXPECT_EQ(*UnboxMoveOnly(20), 41);
}

absl::StatusOr<int> SeveralOnConsecutiveLines() {
  ASSIGN_OR_RETURN(int a, absl::StatusOr<int>(1));
  ASSIGN_OR_RETURN(int b, absl::StatusOr<int>(2));
  ASSIGN_OR_RETURN(int c, absl::StatusOr<int>(3));
  return a + b + c;
}

TEST(AssignOrReturnTest, CanBeUsedSeveralTimesInOneScope) {
  EXPECT_EQ(*SeveralOnConsecutiveLines(), 6);
}

}  // namespace
}  // namespace mesoclinic
