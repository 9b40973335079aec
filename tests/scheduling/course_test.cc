// Courses through a real channel: BookCourse books every session or none,
// naming each conflict; a weekly course keeps its local time across a
// daylight-saving change; BookSession(course=...) enforces the gaps and the
// number of sessions; RescheduleSession moves later sessions as needed or
// refuses and moves nothing.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

class CourseTest : public SchedulingTest {
 protected:
  // Local start times, "YYYY-MM-DD HH:MM", of a course's sessions.
  static std::vector<std::string> LocalStarts(const v1::Course& course) {
    std::vector<std::string> starts;
    for (const v1::Session& session : course.sessions()) {
      starts.push_back(LocalText(session.start_time()));
    }
    return starts;
  }

  static std::string LocalAt(absl::CivilDay day, int hour, int minute = 0) {
    return absl::FormatTime("%Y-%m-%d %H:%M", At(day, hour, minute), ClinicZone());
  }

  // Every gap between consecutive sessions inside the later one's window.
  static void ExpectGapsInsideWindows(const v1::Course& course) {
    for (int i = 1; i < course.sessions_size(); ++i) {
      const v1::Session& previous = course.sessions(i - 1);
      const v1::Session& next = course.sessions(i);
      const int days = static_cast<int>(
          absl::ToCivilDay(FromProto(next.start_time()), ClinicZone()) -
          absl::ToCivilDay(FromProto(previous.start_time()), ClinicZone()));
      EXPECT_GE(days, next.min_days_after_previous()) << "session " << i;
      EXPECT_LE(days, next.max_days_after_previous()) << "session " << i;
    }
  }

  static grpc::Status Reschedule(const std::string& session, absl::Time start,
                                 v1::RescheduleSessionResponse* response,
                                 const std::string& room = "") {
    v1::RescheduleSessionRequest request;
    request.set_session(session);
    *request.mutable_new_start_time() = TimestampToProto(start);
    request.set_room(room);
    request.set_request_id(NextRequestId());
    return Scheduling()->RescheduleSession(ContextWithDeadline().get(), request,
                                           response);
  }

  // A patient with a consent sharing `cast`'s practitioner, in its own room.
  static Cast Rival(const Cast& cast) {
    Cast rival{CreatePatient(), cast.practitioner, CreateRoom()};
    RecordConsent(rival.patient);
    return rival;
  }
};

// Days after the first session of an 8-session cellulite course booked with
// a 7-day interval: 4 weekly (initial), then 4 fortnightly (consolidation).
constexpr int kCourseDays[] = {0, 7, 14, 21, 35, 49, 63, 77};

TEST_F(CourseTest, BookCourseBooksEverySessionInOneGo) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course booked;
  const grpc::Status status = BookCourse(cast, At(first, 10), 8, &booked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(booked.name(), ::testing::StartsWith("courses/"));
  EXPECT_EQ(booked.state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(booked.patient(), cast.patient);
  ASSERT_EQ(static_cast<int>(booked.sessions().size()), 8);

  const v1::Course course = GetCourse(booked.name());
  ASSERT_EQ(static_cast<int>(course.sessions().size()), 8);
  std::vector<std::string> expected;
  for (const int day : kCourseDays) expected.push_back(LocalAt(first + day, 10));
  EXPECT_THAT(LocalStarts(course), ElementsAreArray(expected));
  for (int i = 0; i < 8; ++i) {
    const v1::Session& session = course.sessions(i);
    EXPECT_EQ(session.state(), v1::SESSION_STATE_BOOKED);
    EXPECT_EQ(session.course(), booked.name());
    EXPECT_EQ(session.course_index(), i);
    EXPECT_EQ(session.practitioner(), cast.practitioner);
    EXPECT_EQ(session.room(), cast.room);
    EXPECT_EQ(session.name(), booked.sessions(i).name());
  }
  // The protocol's windows: 7 to 10 days, then 12 to 31.
  EXPECT_EQ(course.sessions(1).min_days_after_previous(), 7);
  EXPECT_EQ(course.sessions(1).max_days_after_previous(), 10);
  EXPECT_EQ(course.sessions(5).min_days_after_previous(), 12);
  EXPECT_EQ(course.sessions(5).max_days_after_previous(), 31);
  ExpectGapsInsideWindows(course);
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 8);
}

TEST_F(CourseTest, BookCourseWithConflictsBooksNothingAndNamesEachConflict) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  // Session 3 meets the practitioner's other patient; session 6 meets
  // another practitioner in the course's room.
  const v1::Session practitioner_busy =
      BookOk(Rival(cast), At(first + kCourseDays[2], 10));
  Cast room_rival{CreatePatient(), CreatePractitioner(), cast.room};
  RecordConsent(room_rival.patient);
  const v1::Session room_busy =
      BookOk(room_rival, At(first + kCourseDays[5], 10));

  grpc::Status status = BookCourse(cast, At(first, 10), 8, nullptr);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "nothing was booked"));
  EXPECT_THAT(status.error_message(), HasSubstr("session course_index=2 ("));
  EXPECT_THAT(status.error_message(), HasSubstr(practitioner_busy.name()));
  EXPECT_THAT(status.error_message(),
              HasSubstr("the practitioner is already booked"));
  EXPECT_THAT(status.error_message(), HasSubstr("session course_index=5 ("));
  EXPECT_THAT(status.error_message(), HasSubstr(room_busy.name()));
  EXPECT_THAT(status.error_message(), HasSubstr("the room is already booked"));
  EXPECT_THAT(status.error_message(),
              Not(HasSubstr("session course_index=0 (")));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);

  // One conflict left: still nothing booked, only that one named.
  ASSERT_TRUE(Cancel(room_busy.name()).ok());
  status = BookCourse(cast, At(first, 10), 8, nullptr);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                practitioner_busy.name()));
  EXPECT_THAT(status.error_message(), HasSubstr("session course_index=2 ("));
  EXPECT_THAT(status.error_message(),
              Not(HasSubstr("session course_index=5 (")));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);

  // None left: the whole course is booked.
  ASSERT_TRUE(Cancel(practitioner_busy.name()).ok());
  v1::Course course;
  status = BookCourse(cast, At(first, 10), 8, &course);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 8);
}

TEST_F(CourseTest, BookCourseChecksTheCalendarForEverySession) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  // Leave covering session 2: nothing booked, the closure named.
  std::string leave;
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(first + 7, 0),
                            At(first + 8, 0), "conference", &leave)
                  .ok());
  const grpc::Status status = BookCourse(cast, At(first, 10), 8, nullptr);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION, leave));
  EXPECT_THAT(status.error_message(), HasSubstr("session course_index=1 ("));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);
  // Outside the protocol: refused before anything is checked.
  EXPECT_THAT(BookCourse(cast, At(first, 10), 3, nullptr),
              FailsWith(StatusCode::INVALID_ARGUMENT, "session_count"));
  EXPECT_THAT(BookCourse(cast, At(first, 10), 8, nullptr, 3),
              FailsWith(StatusCode::INVALID_ARGUMENT, "preferred_interval_days"));
  // The first session in the past.
  EXPECT_THAT(BookCourse(cast, At(Today() - 7, 10), 8, nullptr),
              FailsWith(StatusCode::FAILED_PRECONDITION, "is in the past"));
  // No consent: every session refused, nothing booked.
  const Cast unconsented{CreatePatient(), cast.practitioner, CreateRoom()};
  EXPECT_THAT(BookCourse(unconsented, At(Monday(20), 10), 8, nullptr),
              FailsWith(StatusCode::FAILED_PRECONDITION, "no consent recorded"));
  EXPECT_EQ(static_cast<int>(PatientSessions(unconsented.patient).size()), 0);
}

TEST_F(CourseTest, WeeklyCourseKeepsItsLocalTimeAcrossDaylightSaving) {
  // Paris moves to summer time on the last Sunday of March: 2027-03-28. The
  // course starts on Monday 2027-03-01 at 10:30 (or, once that is past, on
  // the first Monday of March of the next year still to come).
  absl::CivilDay first(2027, 3, 1);
  while (At(first, 10, 30) <= absl::Now()) {
    first = absl::CivilDay(first.year() + 1, 3, 1);
  }
  while (absl::GetWeekday(first) != absl::Weekday::monday) ++first;
  absl::CivilDay change(first.year(), 3, 31);
  while (absl::GetWeekday(change) != absl::Weekday::sunday) --change;

  const Cast cast = NewCast();
  v1::Course booked;
  const grpc::Status status = BookCourse(cast, At(first, 10, 30), 8, &booked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Course course = GetCourse(booked.name());
  std::vector<std::string> expected;
  for (const int day : kCourseDays) {
    expected.push_back(LocalAt(first + day, 10, 30));
  }
  EXPECT_THAT(LocalStarts(course), ElementsAreArray(expected));
  if (first == absl::CivilDay(2027, 3, 1)) {
    EXPECT_THAT(LocalStarts(course),
                ElementsAre("2027-03-01 10:30", "2027-03-08 10:30",
                            "2027-03-15 10:30", "2027-03-22 10:30",
                            "2027-04-05 10:30", "2027-04-19 10:30",
                            "2027-05-03 10:30", "2027-05-17 10:30"));
  }
  // In UTC: 09:30 in winter (UTC+1), 08:30 in summer (UTC+2).
  int winter = 0;
  int summer = 0;
  for (int i = 0; i < course.sessions_size(); ++i) {
    const absl::Time start = FromProto(course.sessions(i).start_time());
    const absl::CivilMinute utc = absl::ToCivilMinute(start, absl::UTCTimeZone());
    const bool before_change = absl::ToCivilDay(start, ClinicZone()) < change;
    (before_change ? winter : summer)++;
    EXPECT_EQ(utc.hour(), before_change ? 9 : 8) << "session " << i + 1;
    EXPECT_EQ(utc.minute(), 30);
    EXPECT_EQ(FromProto(course.sessions(i).end_time()) - start,
              absl::Minutes(15));
  }
  EXPECT_GE(winter, 3);
  EXPECT_GE(summer, 4);
  ExpectGapsInsideWindows(course);

  // A course whose first week spans the change keeps 7 local days too: from
  // the Monday before the change to the Monday after, 167 hours.
  const Cast spanning = NewCast();
  v1::Course across;
  ASSERT_TRUE(BookCourse(spanning, At(change - 6, 10, 30), 8, &across).ok());
  EXPECT_EQ(LocalText(across.sessions(1).start_time()),
            LocalAt(change + 1, 10, 30));
  EXPECT_EQ(FromProto(across.sessions(1).start_time()) -
                FromProto(across.sessions(0).start_time()),
            absl::Hours(167));
}

TEST_F(CourseTest, NextSessionOfACourseKeepsTheProtocolsGapsAndCount) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());
  const absl::CivilDay last = first + kCourseDays[7];

  // The ninth session belongs to the consolidation phase: 12 to 31 days.
  grpc::Status status =
      Book(cast, At(last + 7, 10), nullptr, staff::Role::kFrontDesk,
           course.name());
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "7 days after the previous session of the "
                                "course; the protocol allows 12 to 31"));
  status = Book(cast, At(last + 35, 10), nullptr, staff::Role::kFrontDesk,
                course.name());
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "35 days after the previous session"));
  v1::Session ninth;
  status = Book(cast, At(last + 14, 11), &ninth, staff::Role::kFrontDesk,
                course.name());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ninth.course(), course.name());
  EXPECT_EQ(ninth.course_index(), 8);
  EXPECT_EQ(ninth.min_days_after_previous(), 12);
  EXPECT_EQ(ninth.max_days_after_previous(), 31);
  v1::Session tenth;
  ASSERT_TRUE(Book(cast, At(last + 30, 10), &tenth, staff::Role::kFrontDesk,
                   course.name())
                  .ok());
  EXPECT_EQ(tenth.course_index(), 9);
  // Past the course proper's 10 sessions come the touch-ups, which repeat
  // every 6 to 8 months: the course is never full, but an eleventh session
  // two weeks later is refused for its spacing.
  status = Book(cast, At(last + 44, 10), nullptr, staff::Role::kFrontDesk,
                course.name());
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "14 days after the previous session of the "
                                "course; the protocol allows 182 to 245"));
  EXPECT_EQ(static_cast<int>(GetCourse(course.name()).sessions().size()), 10);

  // A course belongs to its patient.
  const Cast stranger = NewCast();
  EXPECT_THAT(Book(stranger, At(last + 44, 10), nullptr,
                   staff::Role::kFrontDesk, course.name()),
              FailsWith(StatusCode::INVALID_ARGUMENT, "course"));
  EXPECT_EQ(Book(cast, At(last + 44, 10), nullptr, staff::Role::kFrontDesk,
                 "courses/none")
                .error_code(),
            StatusCode::NOT_FOUND);
}

TEST_F(CourseTest, ReschedulingAMiddleSessionMovesTheLaterOnesInsideTheirWindows) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());

  // Session 2 moves from Monday (day 7) to Thursday (day 10) at 11:00: session
  // 3 is then 4 days later, under its 7-day minimum, and so on.
  v1::RescheduleSessionResponse response;
  const grpc::Status status =
      Reschedule(course.sessions(1).name(), At(first + 10, 11), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.session().name(), course.sessions(1).name());
  EXPECT_EQ(LocalText(response.session().start_time()), LocalAt(first + 10, 11));
  std::vector<std::string> moved;
  for (const v1::Session& session : response.also_moved()) {
    moved.push_back(session.name());
  }
  EXPECT_THAT(moved, ElementsAre(course.sessions(2).name(),
                                 course.sessions(3).name(),
                                 course.sessions(4).name()));

  const v1::Course after = GetCourse(course.name());
  // Moved sessions keep their own time of day (10:00) on the nearest day
  // inside the window; session 6 was already inside its window and stays.
  EXPECT_THAT(LocalStarts(after),
              ElementsAre(LocalAt(first, 10), LocalAt(first + 10, 11),
                          LocalAt(first + 17, 10), LocalAt(first + 24, 10),
                          LocalAt(first + 36, 10), LocalAt(first + 49, 10),
                          LocalAt(first + 63, 10), LocalAt(first + 77, 10)));
  ExpectGapsInsideWindows(after);
  for (const v1::Session& session : after.sessions()) {
    EXPECT_EQ(session.state(), v1::SESSION_STATE_BOOKED);
  }
}

TEST_F(CourseTest, ReschedulingRefusesAndMovesNothingWhenALaterSessionCannotFit) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());
  const std::vector<std::string> before = LocalStarts(GetCourse(course.name()));

  // Moving session 2 to day 10 sends session 3 to days 17 to 20: Thursday,
  // Friday (the practitioner is on leave) and the weekend (closed).
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(first + 17, 0),
                            At(first + 19, 0), "leave")
                  .ok());
  v1::RescheduleSessionResponse response;
  const grpc::Status status =
      Reschedule(course.sessions(1).name(), At(first + 10, 11), &response);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "nothing was moved"));
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat(course.sessions(2).name(),
                                     " (course_index=2)")));
  EXPECT_THAT(status.error_message(), HasSubstr("7 to 10 days"));
  EXPECT_THAT(LocalStarts(GetCourse(course.name())), ElementsAreArray(before));
}

TEST_F(CourseTest, ReschedulingRefusesWhenOtherBookingsFillEveryCandidateDay) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());
  const std::vector<std::string> before = LocalStarts(GetCourse(course.name()));
  // The practitioner's other patients on Thursday and Friday at 10:00.
  BookOk(Rival(cast), At(first + 17, 10));
  BookOk(Rival(cast), At(first + 18, 10));

  v1::RescheduleSessionResponse response;
  const grpc::Status status =
      Reschedule(course.sessions(1).name(), At(first + 10, 11), &response);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                course.sessions(2).name()));
  EXPECT_THAT(status.error_message(), HasSubstr("nothing was moved"));
  EXPECT_THAT(LocalStarts(GetCourse(course.name())), ElementsAreArray(before));

  // A move that keeps the later sessions inside their windows moves only
  // the session itself.
  ASSERT_TRUE(
      Reschedule(course.sessions(1).name(), At(first + 7, 11), &response).ok());
  EXPECT_EQ(static_cast<int>(response.also_moved().size()), 0);
}

TEST_F(CourseTest, ReschedulingRespectsTheWindowTheOrderAndTheCalendar) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());
  const std::string second = course.sessions(1).name();
  v1::RescheduleSessionResponse response;
  // Too soon after session 1.
  EXPECT_THAT(Reschedule(second, At(first + 3, 10), &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "3 days after the previous session of the course; the "
                        "protocol allows 7 to 10"));
  // Past the next session (the first session has no window before it).
  EXPECT_THAT(Reschedule(course.sessions(0).name(), At(first + 7, 11),
                         &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "cannot move past the course's next session"));
  // Later than the window allows.
  EXPECT_THAT(Reschedule(second, At(first + 11, 10), &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "11 days after the previous session of the course"));
  // Onto the practitioner's other booking.
  const v1::Session busy = BookOk(Rival(cast), At(first + 8, 10));
  EXPECT_THAT(Reschedule(second, At(first + 8, 10), &response),
              FailsWith(StatusCode::FAILED_PRECONDITION, busy.name()));
  // Outside opening hours.
  EXPECT_THAT(Reschedule(second, At(first + 8, 19), &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "outside the clinic's opening hours"));
  // A move onto its own current slot is no conflict with itself; and the
  // room may change. (Only on the slot grid: see OffSlotGrid tests.)
  const std::string room = CreateRoom();
  ASSERT_TRUE(Reschedule(second, At(first + 7, 10), &response, room).ok());
  EXPECT_EQ(response.session().room(), room);
  EXPECT_EQ(LocalText(response.session().start_time()),
            LocalAt(first + 7, 10));
  EXPECT_EQ(LocalStarts(GetCourse(course.name()))[1],
            LocalAt(first + 7, 10));
  EXPECT_THAT(Reschedule("sessions/none", At(first + 7, 11), &response),
              FailsWith(StatusCode::NOT_FOUND, "sessions/none"));
}

TEST_F(CourseTest, OnlyBookedSessionsMove) {
  const Cast cast = NewCast();
  const absl::CivilDay first = Monday(1);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(first, 10), 8, &course).ok());
  const std::string third = course.sessions(2).name();
  ASSERT_TRUE(Cancel(third).ok());

  v1::RescheduleSessionResponse response;
  EXPECT_THAT(Reschedule(third, At(first + 15, 10), &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat(third, " is cancelled: only booked "
                                            "sessions can be moved")));
  // Moving session 2 later: the cancelled session 3 stays where it was.
  ASSERT_TRUE(
      Reschedule(course.sessions(1).name(), At(first + 10, 10), &response).ok());
  for (const v1::Session& moved : response.also_moved()) {
    EXPECT_NE(moved.name(), third);
    EXPECT_EQ(moved.state(), v1::SESSION_STATE_BOOKED);
  }
  const v1::Session cancelled = GetSession(third);
  EXPECT_EQ(cancelled.state(), v1::SESSION_STATE_CANCELLED);
  EXPECT_EQ(LocalText(cancelled.start_time()), LocalAt(first + 14, 10));
  // The booked sessions of the course still keep their windows.
  v1::Course after = GetCourse(course.name());
  after.mutable_sessions()->DeleteSubrange(2, 1);
  ExpectGapsInsideWindows(after);
}

TEST_F(CourseTest, RetryingBookCourseReturnsTheSameCourse) {
  const Cast cast = NewCast();
  v1::BookCourseRequest request;
  request.set_patient(cast.patient);
  request.set_treatment_type(kCellulite);
  request.set_practitioner(cast.practitioner);
  request.set_room(cast.room);
  *request.mutable_first_session_time() = TimestampToProto(At(Monday(1), 9));
  request.set_session_count(8);
  request.set_request_id(NextRequestId());
  v1::BookCourseResponse first, retry;
  ASSERT_TRUE(Scheduling()
                  ->BookCourse(ContextWithDeadline().get(), request, &first)
                  .ok());
  ASSERT_TRUE(Scheduling()
                  ->BookCourse(ContextWithDeadline().get(), request, &retry)
                  .ok());
  EXPECT_EQ(retry.course().name(), first.course().name());
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 8);
}

}  // namespace
}  // namespace mesoclinic::testing
