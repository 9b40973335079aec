// SessionMover: a move keeps the protocol's windows, taking the course's
// later sessions along only when the move pushes them out of theirs.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr auto kUpdated = SessionChange::Kind::kUpdated;

class SessionMoverTest : public SchedulerTest {
 protected:
  // A course of cast_'s with a session at each of `starts`, booked one by
  // one (each 7 to 10 days after the one before).
  std::vector<Session> CourseAt(const std::vector<absl::Time>& starts) {
    const std::string course = AddCourse();
    std::vector<Session> sessions;
    for (const absl::Time start : starts) {
      sessions.push_back(BookOk(start, course));
    }
    return sessions;
  }

  // Three sessions on the Mondays of weeks 0, 1 and 2; the last at 15:00.
  std::vector<Session> WeeklyCourse() {
    return CourseAt({At(Monday(0), 10), At(Monday(1), 10),
                     At(Monday(2), 15)});
  }

  // The move of `session` to `new_start`, refused with `reason`.
  absl::Status RefusedMove(const Session& session, absl::Time new_start,
                           absl::string_view reason) {
    const absl::Status status =
        Refusal([&] { return Move(session.id, {.new_start = new_start}); });
    EXPECT_THAT(status,
                IsRefusal(absl::StatusCode::kFailedPrecondition, reason));
    return status;
  }
};

TEST_F(SessionMoverTest, AMoveInsideTheWindowKeepsLaterSessions) {
  // Session 2 is 10 days after session 1, the most the window allows.
  const std::vector<Session> course = CourseAt(
      {At(Monday(0), 10), At(Monday(1), 10), At(Monday(1) + 10, 10)});
  const std::size_t before = announced().size();

  // Tuesday: 8 days after session 0, 9 before session 2.
  const absl::StatusOr<MovedSessions> moved =
      Move(course[1].id, {.new_start = At(Monday(1) + 1, 11)});

  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->session.time.start, At(Monday(1) + 1, 11));
  EXPECT_EQ(moved->session.time.end, At(Monday(1) + 1, 11, 15));
  EXPECT_THAT(moved->also_moved, IsEmpty());
  EXPECT_EQ(Describe(Stored(course[1].id)), Describe(moved->session));
  EXPECT_EQ(Describe(Stored(course[2].id)), Describe(course[2]));
  EXPECT_THAT(std::vector(announced().begin() + before, announced().end()),
              ElementsAre(IsChange(kUpdated, course[1].id, Monday(1) + 1,
                                   Monday(1))));
}

TEST_F(SessionMoverTest, ReflowMovesTheNextSessionToTheNearestAllowedDay) {
  const std::vector<Session> course = WeeklyCourse();
  const std::size_t before = announced().size();
  // The day 7 days after the new start, the nearest in the window.
  AddClosure(At(Monday(2) + 2, 0), At(Monday(2) + 3, 0));

  // Wednesday: session 2 is now 5 days after it, under the 7 it needs.
  const absl::StatusOr<MovedSessions> moved =
      Move(course[1].id, {.new_start = At(Monday(1) + 2, 10)});

  ASSERT_TRUE(moved.ok()) << moved.status();
  ASSERT_EQ(moved->also_moved.size(), 1u);
  const Session& next = moved->also_moved[0];
  EXPECT_EQ(next.id, course[2].id);
  // Thursday, 8 days after, at its own time of day.
  EXPECT_EQ(next.time.start, At(Monday(2) + 3, 15));
  EXPECT_EQ(next.time.end, At(Monday(2) + 3, 15, 15));
  EXPECT_EQ(Describe(Stored(next.id)), Describe(next));
  EXPECT_THAT(std::vector(announced().begin() + before, announced().end()),
              ElementsAre(IsChange(kUpdated, course[1].id, Monday(1) + 2,
                                   Monday(1)),
                          IsChange(kUpdated, course[2].id, Monday(2) + 3,
                                   Monday(2))));
}

TEST_F(SessionMoverTest, ReflowImpossibleMovesNothing) {
  const std::vector<Session> course = WeeklyCourse();
  // Every weekday 7 to 10 days after Wednesday of week 1; Saturday is
  // closed anyway.
  AddClosure(At(Monday(2) + 2, 0), At(Monday(2) + 5, 0));

  const absl::Status status = RefusedMove(course[1], At(Monday(1) + 2, 10),
                                          reasons::kReflowImpossible);

  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("session", "sessions/" + course[2].id)));
  EXPECT_THAT(status.message(), HasSubstr("nothing was moved"));
}

TEST_F(SessionMoverTest, ASessionCannotMovePastTheCoursesNextSession) {
  const std::vector<Session> course = WeeklyCourse();
  // The first session has no window of its own to keep.
  const absl::Status status =
      RefusedMove(course[0], At(Monday(1) + 1, 10),
                  reasons::kIntervalOutsideProtocol);
  EXPECT_THAT(status.message(),
              HasSubstr("cannot move past the course's next session"));
}

TEST_F(SessionMoverTest, AMoveKeepsTheWindowAfterThePreviousSession) {
  const std::vector<Session> course = WeeklyCourse();
  const absl::Status status = RefusedMove(
      course[1], At(Monday(0) + 3, 10), reasons::kIntervalOutsideProtocol);
  EXPECT_THAT(status.message(),
              HasSubstr("3 days after the previous session of the course"));
}

TEST_F(SessionMoverTest, AMoveIsCheckedAgainstTheCalendar) {
  const Session session = BookOk(At(Monday(), 10));
  const std::string closure = AddClosure(At(Monday(), 14), At(Monday(), 16));
  const absl::Status status =
      RefusedMove(session, At(Monday(), 15), reasons::kClosed);
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("closure", "closures/" + closure)));
  EXPECT_FALSE(
      RefusedMove(session, At(Monday(), 16, 5), reasons::kOffSlotGrid).ok());
}

TEST_F(SessionMoverTest, OnlyBookedSessionsMove) {
  const Session session = BookOk(At(Monday(), 10));
  ASSERT_TRUE(Step(session.id, [](SessionSteps& steps, Session s) {
                return steps.Cancel(std::move(s), "patient asked");
              }).ok());
  const absl::Status status = RefusedMove(session, At(Monday(), 11),
                                          reasons::kSessionStateConflict);
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("session", "sessions/" + session.id)));
}

}  // namespace
}  // namespace mesoclinic::scheduling
