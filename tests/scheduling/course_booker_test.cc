// CourseBooker: a course is booked whole or not at all, and a refusal names
// every session that could not be booked.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Field;
using ::testing::HasSubstr;

using CourseBookerTest = SchedulerTest;

// Eight sessions: four a week apart, then four two weeks apart.
constexpr int kWeeks[] = {0, 1, 2, 3, 5, 7, 9, 11};

TEST_F(CourseBookerTest, BooksEveryPlannedSessionWithCourseIndexFromZero) {
  const absl::StatusOr<BookedCourse> booked =
      BookCourse(Order(At(Monday(), 10), 8));
  ASSERT_TRUE(booked.ok()) << booked.status();
  EXPECT_EQ(booked->course.state, CourseState::kActive);
  EXPECT_EQ(booked->course.patient_id, cast_.patient);
  ASSERT_EQ(booked->sessions.size(), std::size(kWeeks));
  std::vector<::testing::Matcher<SessionChange>> announcements;
  for (int i = 0; i < static_cast<int>(std::size(kWeeks)); ++i) {
    const Session& session = booked->sessions[i];
    EXPECT_EQ(session.course_id, booked->course.id);
    EXPECT_EQ(session.course_index, i);
    // Every session keeps the first one's local time.
    EXPECT_EQ(session.time.start, At(Monday(kWeeks[i]), 10)) << i;
    EXPECT_EQ(Describe(Stored(session.id)), Describe(session));
    announcements.push_back(IsChange(SessionChange::Kind::kBooked,
                                     session.id, Monday(kWeeks[i]),
                                     Monday(kWeeks[i])));
  }
  EXPECT_THAT(announced(), ElementsAreArray(announcements));
}

TEST_F(CourseBookerTest, CourseConflictsNamesEverySessionGroupedByReason) {
  // 18 on 2030-01-24: too young for sessions 0 and 1, old enough after.
  const std::string minor = AddPatient([](patients::Patient& patient) {
    patient.date_of_birth = absl::CivilDay(2012, 1, 24);
  });
  AddConsent(minor);
  const std::string closure =
      AddClosure(At(Monday(kWeeks[5]), 0), At(Monday(kWeeks[5]) + 1, 0));
  CourseOrder order = Order(At(Monday(), 10), 8);
  order.patient_id = minor;

  const absl::Status status = Refusal([&] { return BookCourse(order); });

  EXPECT_THAT(status, IsRefusal(absl::StatusCode::kFailedPrecondition,
                                reasons::kCourseConflicts));
  // How the refusal names the planned session `index`, and its time.
  const auto when = [](int index) {
    return absl::StrCat(
        absl::FormatTime("%Y-%m-%d %H:%M", At(Monday(kWeeks[index]), 10),
                         Paris()),
        " Europe/Paris");
  };
  const auto label = [&](int index) {
    return absl::StrCat("session course_index=", index, " (", when(index),
                        ")");
  };
  // One line per reason; the same refusal of two sessions is said once.
  EXPECT_EQ(status.message(),
            absl::StrCat("the course cannot be booked; nothing was booked.\n"
                         "PATIENT_NOT_ELIGIBLE: ",
                         label(0), ", ", label(1), ": patients/", minor,
                         " is not eligible for treatmentTypes/cellulite: a "
                         "practitioner can see why with CheckEligibility\n"
                         "CLOSED: ",
                         label(5), ": closures/", closure,
                         " (Training day) covers ", when(5)));
  EXPECT_THAT(
      FieldViolationsOf(status),
      ElementsAre(Field(&FieldViolation::field, "sessions[0]"),
                  Field(&FieldViolation::field, "sessions[1]"),
                  Field(&FieldViolation::field, "sessions[5]")));
  // Each violation is the session's own refusal, whole.
  EXPECT_THAT(FieldViolationsOf(status)[2].description,
              HasSubstr(label(5) + ": closures/" + closure));
}

// Every session refused for the same rule, each in its own words (each names
// its own hours): one line names them all with one example, so that the
// message stays short enough to be read whole; the details give each.
TEST_F(CourseBookerTest, CourseConflictsOfOneRuleInManyWordsTakeOneLine) {
  const absl::Status status =
      Refusal([&] { return BookCourse(Order(At(Monday(), 19), 8)); });

  EXPECT_THAT(status, IsRefusal(absl::StatusCode::kFailedPrecondition,
                                reasons::kCourseConflicts));
  const std::string message(status.message());
  EXPECT_LE(message.size(), 1024u) << message;
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
  for (int i = 0; i < 8; ++i) {
    EXPECT_THAT(message, HasSubstr(absl::StrCat("course_index=", i, " ")));
  }
  EXPECT_THAT(message, HasSubstr("OUTSIDE_HOURS: "));
  EXPECT_THAT(message, HasSubstr("the details give each session's refusal"));
  EXPECT_EQ(FieldViolationsOf(status).size(), 8u);
}

TEST_F(CourseBookerTest, TheFirstSessionIsCheckedBeforePlanning) {
  for (const auto& [start, reason] :
       {std::pair{At(Monday(), 10, 5), reasons::kOffSlotGrid},
        std::pair{At(Monday() - 10, 10), reasons::kStartOutOfRange}}) {
    const absl::Status status =
        Refusal([&] { return BookCourse(Order(start, 8)); });
    EXPECT_THAT(status,
                IsRefusal(absl::StatusCode::kFailedPrecondition, reason));
    EXPECT_THAT(status.message(), HasSubstr("first_session_time ("));
  }
}

TEST_F(CourseBookerTest, ASessionCountOutsideTheProtocolIsInvalid) {
  const absl::Status status =
      Refusal([&] { return BookCourse(Order(At(Monday(), 10), 11)); });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(status.message(), HasSubstr("session_count"));
}

}  // namespace
}  // namespace mesoclinic::scheduling
