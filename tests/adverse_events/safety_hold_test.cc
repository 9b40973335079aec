// Safety holds through a real channel: a serious event, or one of grade 3
// or more, suspends the patient's course of that treatment, flags its
// future sessions and refuses new bookings until a practitioner reviews it.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

class SafetyHoldTest : public AdverseEventTest {
 protected:
  static grpc::Status Review(const std::string& course,
                             v1::ReviewSafetyHoldRequest::Decision decision,
                             const std::string& reason,
                             v1::ReviewSafetyHoldResponse* out = nullptr,
                             staff::Role role = staff::Role::kPractitioner) {
    v1::ReviewSafetyHoldRequest request;
    request.set_course(course);
    request.set_decision(decision);
    request.set_reason(reason);
    request.set_request_id(NextRequestId());
    v1::ReviewSafetyHoldResponse ignored;
    return Events(role)->ReviewSafetyHold(ContextWithDeadline().get(), request,
                                          out != nullptr ? out : &ignored);
  }

  static std::vector<std::string> SessionNames(const v1::Course& course) {
    std::vector<std::string> names;
    for (const v1::Session& s : course.sessions()) names.push_back(s.name());
    return names;
  }

  static int Flagged(const v1::Course& course) {
    int flagged = 0;
    for (const v1::Session& s : course.sessions()) flagged += s.flagged();
    return flagged;
  }
};

TEST_F(SafetyHoldTest, AMildEventDoesNotSuspend) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 10), 8, &course).ok());
  for (int grade : {1, 2}) {
    v1::AdverseEvent event = Minimal(cast.patient);
    event.set_severity_grade(grade);
    const v1::ReportAdverseEventResponse response = ReportOk(event);
    EXPECT_THAT(response.suspended_courses(), IsEmpty());
  }
  const v1::Course after = GetCourse(course.name());
  EXPECT_EQ(after.state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(Flagged(after), 0);
  // Day 29: a week from the course's fourth session (day 22) and its fifth
  // (day 36), the protocol's smallest interval.
  EXPECT_TRUE(Book(cast, At(Today() + 29, 15)).ok());
}

TEST_F(SafetyHoldTest, AnEventThatWorsensToGradeThreeSuspends) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 10), 8, &course).ok());
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_severity_grade(1);
  const v1::ReportAdverseEventResponse reported = ReportOk(event);
  EXPECT_EQ(GetCourse(course.name()).state(), v1::COURSE_STATE_ACTIVE);

  v1::AddFollowUpRequest request;
  request.set_adverse_event(reported.adverse_event().name());
  *request.mutable_follow_up()->mutable_time() = TimestampToProto(absl::Now());
  request.mutable_follow_up()->set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  request.mutable_follow_up()->set_severity_grade(3);
  request.set_request_id(NextRequestId());
  v1::AddFollowUpResponse response;
  ASSERT_TRUE(Events(staff::Role::kPractitioner)
                  ->AddFollowUp(ContextWithDeadline().get(), request, &response)
                  .ok());
  EXPECT_EQ(response.adverse_event().current_severity_grade(), 3);
  const v1::Course held = GetCourse(course.name());
  EXPECT_EQ(held.state(), v1::COURSE_STATE_SUSPENDED);
  EXPECT_EQ(Flagged(held), 8);
  EXPECT_EQ(Book(cast, At(Today() + 3, 15)).error_code(),
            StatusCode::FAILED_PRECONDITION);
}

TEST_F(SafetyHoldTest, GradeThreeSuspendsUntilAReviewResumes) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 10), 8, &course).ok());
  // Outside the course, a week from its sessions of days 22 and 36.
  const v1::Session single = BookOk(cast, At(Today() + 29, 16));
  ASSERT_EQ(course.sessions_size(), 8);

  // An event of another treatment holds nothing of this one.
  v1::AdverseEvent hair = Minimal(cast.patient);
  hair.set_treatment_type(kHairLoss);
  hair.set_term("redness");
  hair.set_severity_grade(3);
  EXPECT_THAT(ReportOk(hair).suspended_courses(), IsEmpty());
  EXPECT_EQ(GetCourse(course.name()).state(), v1::COURSE_STATE_ACTIVE);

  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_term("swelling");
  event.set_severity_grade(3);
  const v1::ReportAdverseEventResponse response = ReportOk(event);
  EXPECT_FALSE(response.adverse_event().serious());
  EXPECT_THAT(response.suspended_courses(), ElementsAre(course.name()));

  const v1::Course held = GetCourse(course.name());
  EXPECT_EQ(held.state(), v1::COURSE_STATE_SUSPENDED);
  EXPECT_EQ(Flagged(held), 8);
  EXPECT_TRUE(GetSession(single.name()).flagged());

  // No new booking of the treatment, alone or as a course, nor into the
  // course.
  v1::Session refused;
  const grpc::Status single_booking = Book(cast, At(Today() + 3, 15), &refused);
  EXPECT_THAT(single_booking,
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "suspended after an adverse event"));
  EXPECT_THAT(single_booking.error_message(), HasSubstr("ReviewSafetyHold"));
  EXPECT_THAT(single_booking.error_message(), HasSubstr(course.name()));
  EXPECT_THAT(Book(cast, At(Today() + 3, 15), nullptr, staff::Role::kFrontDesk,
                   course.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "suspended after an adverse event"));
  const Cast other_room{cast.patient, CreatePractitioner(), CreateRoom()};
  const grpc::Status course_booking =
      BookCourse(other_room, At(Today() + 60, 10), 8, nullptr);
  EXPECT_THAT(course_booking, FailsWith(StatusCode::FAILED_PRECONDITION,
                                        "suspended after an adverse event"));
  EXPECT_THAT(course_booking.error_message(), HasSubstr("review"));
  // Other patients book as before.
  EXPECT_TRUE(Book(NewCast(), At(Today() + 3, 15)).ok());

  // The review: practitioners only, a decision and a reason.
  EXPECT_EQ(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                   "fine", nullptr, staff::Role::kFrontDesk)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(Review(course.name(),
                     v1::ReviewSafetyHoldRequest::DECISION_UNSPECIFIED, "fine"),
              FailsWith(StatusCode::INVALID_ARGUMENT, "decision"));
  EXPECT_THAT(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                     ""),
              FailsWith(StatusCode::INVALID_ARGUMENT, "reason"));
  EXPECT_THAT(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                     std::string(1001, 'x')),
              FailsWith(StatusCode::INVALID_ARGUMENT, "reason"));
  EXPECT_THAT(Review("courses/does-not-exist",
                     v1::ReviewSafetyHoldRequest::DECISION_RESUME, "fine"),
              FailsWith(StatusCode::NOT_FOUND, "courses/does-not-exist"));
  EXPECT_EQ(GetCourse(course.name()).state(), v1::COURSE_STATE_SUSPENDED);

  v1::ReviewSafetyHoldResponse reviewed;
  ASSERT_TRUE(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                     "Swelling resolved; technique reviewed.", &reviewed)
                  .ok());
  EXPECT_EQ(reviewed.course(), course.name());
  EXPECT_EQ(reviewed.state(), "active");
  std::vector<std::string> unflagged = SessionNames(course);
  unflagged.push_back(single.name());
  EXPECT_THAT(reviewed.sessions(), UnorderedElementsAreArray(unflagged));
  const v1::Course resumed = GetCourse(course.name());
  EXPECT_EQ(resumed.state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(Flagged(resumed), 0);
  EXPECT_FALSE(GetSession(single.name()).flagged());
  for (const v1::Session& s : resumed.sessions()) {
    EXPECT_EQ(s.state(), v1::SESSION_STATE_BOOKED) << s.name();
  }
  // Bookings work again (a week after the course's last session, day 78).
  EXPECT_TRUE(Book(cast, At(Today() + 85, 15)).ok());

  // Not on hold any more.
  EXPECT_THAT(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_STOP,
                     "again"),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "is not under a safety hold"));
}

TEST_F(SafetyHoldTest, ASeriousEventSuspendsAndAStopCancelsTheCourse) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 11), 8, &course).ok());

  // Serious at grade 1: a hold all the same.
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_term("rash");
  event.set_severity_grade(1);
  event.add_seriousness(v1::SERIOUSNESS_CRITERION_OTHER_MEDICALLY_IMPORTANT);
  const v1::ReportAdverseEventResponse response = ReportOk(event);
  EXPECT_TRUE(response.adverse_event().serious());
  EXPECT_THAT(response.suspended_courses(), ElementsAre(course.name()));
  EXPECT_EQ(GetCourse(course.name()).state(), v1::COURSE_STATE_SUSPENDED);
  EXPECT_EQ(Flagged(GetCourse(course.name())), 8);
  // A second event while on hold suspends nothing more.
  v1::AdverseEvent again = Minimal(cast.patient);
  again.set_severity_grade(3);
  EXPECT_THAT(ReportOk(again).suspended_courses(), IsEmpty());

  v1::ReviewSafetyHoldResponse reviewed;
  ASSERT_TRUE(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_STOP,
                     "Referred to dermatology.", &reviewed)
                  .ok());
  EXPECT_EQ(reviewed.state(), "stopped");
  EXPECT_THAT(reviewed.sessions(),
              UnorderedElementsAreArray(SessionNames(course)));
  const v1::Course stopped = GetCourse(course.name());
  EXPECT_EQ(stopped.state(), v1::COURSE_STATE_STOPPED);
  for (const v1::Session& s : stopped.sessions()) {
    EXPECT_EQ(s.state(), v1::SESSION_STATE_CANCELLED) << s.name();
    EXPECT_THAT(s.cancel_reason(), HasSubstr("Referred to dermatology."));
    EXPECT_EQ(s.cancelled_by(), StaffName(staff::Role::kPractitioner));
  }
  EXPECT_THAT(Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                     "changed my mind"),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "is not under a safety hold"));
  // The stopped course takes no more sessions.
  EXPECT_EQ(Book(cast, At(Today() + 4, 15), nullptr, staff::Role::kFrontDesk,
                 course.name())
                .error_code(),
            StatusCode::FAILED_PRECONDITION);
}

TEST_F(SafetyHoldTest, ResumingOneCourseLeavesAnotherHeldCoursesFlags) {
  // Two courses of the same treatment (with two practitioners), both held
  // by one event.
  const Cast cast = NewCast();
  const Cast second_team{cast.patient, CreatePractitioner(), CreateRoom()};
  v1::Course first, second;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 9), 8, &first).ok());
  const grpc::Status booked =
      BookCourse(second_team, At(Today() + 2, 14), 8, &second);
  if (!booked.ok()) {
    GTEST_SKIP() << "one course per treatment: " << booked.error_message();
  }
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_severity_grade(3);
  EXPECT_THAT(ReportOk(event).suspended_courses(),
              UnorderedElementsAreArray({first.name(), second.name()}));
  EXPECT_EQ(Flagged(GetCourse(second.name())), 8);

  v1::ReviewSafetyHoldResponse reviewed;
  ASSERT_TRUE(Review(first.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
                     "Reviewed with the first practitioner.", &reviewed)
                  .ok());
  EXPECT_EQ(GetCourse(first.name()).state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(Flagged(GetCourse(first.name())), 0);
  // The second course is still suspended: its sessions stay flagged until
  // its own review, as a stop leaves them.
  EXPECT_EQ(GetCourse(second.name()).state(), v1::COURSE_STATE_SUSPENDED);
  EXPECT_EQ(Flagged(GetCourse(second.name())), 8);
  EXPECT_THAT(reviewed.sessions(),
              UnorderedElementsAreArray(SessionNames(first)));
}

}  // namespace
}  // namespace mesoclinic::testing
