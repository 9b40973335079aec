// A session outside any course keeps the protocol's smallest interval from
// the patient's other sessions of the same treatment (issue 17), when
// booked and when moved.

#include <string>

#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/scheduling/booking_checks.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::HasSubstr;

constexpr auto kFailedPrecondition = absl::StatusCode::kFailedPrecondition;

class StandaloneIntervalTest : public SchedulerTest {
 protected:
  // Cellulite's phases start at 7 days apart (then 12, then 182): the
  // fewest days it ever allows between two sessions.
  static int Smallest() { return SmallestInterval(Cellulite()); }
};

TEST_F(StandaloneIntervalTest, TheSmallestIntervalIsTheFirstPhasesMinimum) {
  EXPECT_EQ(Smallest(), 7);
}

TEST_F(StandaloneIntervalTest, ASessionTooSoonAfterTheLastIsRefused) {
  BookOk(At(Monday(), 10));
  const absl::Status status =
      Refusal([&] { return Book(At(Monday() + 3, 10)); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kIntervalOutsideProtocol));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat("the earliest day allowed is ",
                                     FormatIsoDate(Monday() + Smallest()))));
  const absl::StatusOr<Session> later = Book(At(Monday() + Smallest(), 10));
  EXPECT_TRUE(later.ok()) << later.status();
}

TEST_F(StandaloneIntervalTest, ASessionTooSoonBeforeTheNextIsRefused) {
  BookOk(At(Monday() + 7, 10));
  const absl::Status status =
      Refusal([&] { return Book(At(Monday() + 3, 10)); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kIntervalOutsideProtocol));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr(absl::StrCat("the latest day allowed before it is ",
                                     FormatIsoDate(Monday()))));
}

TEST_F(StandaloneIntervalTest, ACancelledSessionDoesNotCount) {
  const Session first = BookOk(At(Monday(), 10));
  ASSERT_TRUE(Step(first.id, [](SessionSteps& steps, Session session) {
                return steps.Cancel(std::move(session), "patient asked");
              }).ok());
  const absl::StatusOr<Session> booked = Book(At(Monday() + 3, 10));
  EXPECT_TRUE(booked.ok()) << booked.status();
}

TEST_F(StandaloneIntervalTest, MovingAStandaloneSessionKeepsTheInterval) {
  const Session first = BookOk(At(Monday(), 10));
  const Session second = BookOk(At(Monday() + 14, 10));
  const absl::Status status = Refusal(
      [&] { return Move(second.id, {.new_start = At(Monday() + 2, 10)}); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kIntervalOutsideProtocol));
  // A session is never too close to itself.
  const absl::StatusOr<MovedSessions> moved =
      Move(first.id, {.new_start = At(Monday() + 1, 10)});
  EXPECT_TRUE(moved.ok()) << moved.status();
}

}  // namespace
}  // namespace mesoclinic::scheduling
