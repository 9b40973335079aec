// RescheduleSession with validate_only (AIP-163) through a real channel: a
// preview answers what the move then does, or refuses as the move would,
// and writes nothing: no session, no idempotency record, no WatchSchedule
// change; its request_id is optional; the role matrix applies; the audit
// trail records it as a read marked validate_only.

#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/schedule_watch.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::ElementsAre;

constexpr char kRescheduleSession[] =
    "/clinic.v1.SchedulingService/RescheduleSession";

class ReschedulingPreviewTest : public SchedulingTest {
 protected:
  // A move of `session` to `start`: previewed when `validate_only`, with
  // `request_id` (a new one when not given; "" sends none).
  static grpc::Status Reschedule(
      const std::string& session, absl::Time start, bool validate_only,
      v1::RescheduleSessionResponse* response,
      staff::Role role = staff::Role::kFrontDesk,
      const std::string& request_id = NextRequestId()) {
    v1::RescheduleSessionRequest request;
    request.set_session(session);
    *request.mutable_new_start_time() = TimestampToProto(start);
    request.set_request_id(request_id);
    request.set_validate_only(validate_only);
    return Scheduling(role)->RescheduleSession(ContextWithDeadline().get(),
                                               request, response);
  }

  // "name@local start" of the session and of each session that moved with
  // it: what a preview must show of its move.
  static std::vector<std::string> NewTimes(
      const v1::RescheduleSessionResponse& response) {
    std::vector<std::string> times = {
        absl::StrCat(response.session().name(), "@",
                     LocalText(response.session().start_time()))};
    for (const v1::Session& later : response.also_moved()) {
      times.push_back(
          absl::StrCat(later.name(), "@", LocalText(later.start_time())));
    }
    return times;
  }

  // Every column of every row of `table` whose `column` is `id`, as
  // stored in the database file: what "nothing was written" compares.
  static std::string StoredRows(const std::string& table,
                                const std::string& column,
                                const std::string& id) {
    SQLite::Database database(server().database_path(),
                              SQLite::OPEN_READONLY);
    SQLite::Statement query(database,
                            absl::StrCat("SELECT * FROM ", table, " WHERE ",
                                         column, " = ? ORDER BY 1"));
    query.bind(1, id);
    std::vector<std::string> rows;
    while (query.executeStep()) {
      std::vector<std::string> values;
      for (int i = 0; i < query.getColumnCount(); ++i) {
        values.push_back(query.getColumn(i).getString());
      }
      rows.push_back(absl::StrJoin(values, "|"));
    }
    return absl::StrJoin(rows, "\n");
  }

  // The id in "collection/id".
  static std::string IdOf(const std::string& name) {
    return name.substr(name.find('/') + 1);
  }

  // A booked 8-session weekly cellulite course, from the Monday `weeks`
  // ahead at 10:00, and its second session: the one each test moves.
  struct CourseToMove {
    Cast cast;
    absl::CivilDay first;
    v1::Course course;
    std::string second;
  };
  static CourseToMove BookCourseToMove(int weeks) {
    CourseToMove booked{.cast = NewCast(), .first = Monday(weeks)};
    const grpc::Status status =
        BookCourse(booked.cast, At(booked.first, 10), 8, &booked.course);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (booked.course.sessions_size() > 1) {
      booked.second = booked.course.sessions(1).name();
    }
    return booked;
  }

  // The RescheduleSession records of the audit trail about `session`,
  // oldest first.
  static std::vector<v1::AuditEvent> AuditedMoves(const std::string& session) {
    auto audit = v1::AuditService::NewStub(server().channel(staff::Role::kAdmin));
    v1::ListAuditEventsRequest request;
    request.set_method(kRescheduleSession);
    request.set_page_size(1000);
    v1::ListAuditEventsResponse response;
    const grpc::Status status = audit->ListAuditEvents(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<v1::AuditEvent> events;
    for (const v1::AuditEvent& event : response.audit_events()) {
      if (event.resource() == session) events.push_back(event);
    }
    return events;
  }
};

// Session 2 of a weekly course moved from day 7 to day 10 at 11:00: sessions
// 3 to 5 must follow (see CourseTest).
constexpr int kMovedSessionDay = 10;

TEST_F(ReschedulingPreviewTest, PreviewAnswersExactlyWhatTheMoveThenDoes) {
  const auto [cast, first, course, second] = BookCourseToMove(1);
  const absl::Time new_start = At(first + kMovedSessionDay, 11);

  v1::RescheduleSessionResponse preview;
  const grpc::Status previewed =
      Reschedule(second, new_start, /*validate_only=*/true, &preview);
  ASSERT_TRUE(previewed.ok()) << previewed.error_message();
  ASSERT_EQ(preview.also_moved_size(), 3);

  v1::RescheduleSessionResponse moved;
  const grpc::Status move =
      Reschedule(second, new_start, /*validate_only=*/false, &moved);
  ASSERT_TRUE(move.ok()) << move.error_message();
  EXPECT_EQ(NewTimes(preview), NewTimes(moved));
  // All but the time of the change itself.
  preview.mutable_session()->clear_update_time();
  moved.mutable_session()->clear_update_time();
  EXPECT_EQ(preview.session().ShortDebugString(),
            moved.session().ShortDebugString());
}

TEST_F(ReschedulingPreviewTest, PreviewWritesNoSessionNoIdempotencyRecord) {
  const auto [cast, first, course, second] = BookCourseToMove(2);
  const std::string course_id = IdOf(course.name());
  const std::string sessions_before =
      StoredRows("sessions", "course_id", course_id);
  const std::string course_before = StoredRows("courses", "id", course_id);
  const v1::Course read_before = GetCourse(course.name());
  ASSERT_NE(sessions_before, "");

  const std::string request_id = NextRequestId();
  v1::RescheduleSessionResponse preview;
  const grpc::Status previewed =
      Reschedule(second, At(first + kMovedSessionDay, 11),
                 /*validate_only=*/true, &preview, staff::Role::kFrontDesk,
                 request_id);
  ASSERT_TRUE(previewed.ok()) << previewed.error_message();
  ASSERT_GT(preview.also_moved_size(), 0);

  EXPECT_EQ(GetCourse(course.name()).ShortDebugString(),
            read_before.ShortDebugString());
  EXPECT_EQ(StoredRows("sessions", "course_id", course_id), sessions_before);
  EXPECT_EQ(StoredRows("courses", "id", course_id), course_before);
  EXPECT_EQ(StoredRows("idempotency_records", "request_id", request_id), "");
}

TEST_F(ReschedulingPreviewTest, PreviewIsNotAnnouncedToScheduleWatchers) {
  const auto [cast, first, course, second] = BookCourseToMove(3);
  const absl::CivilDay new_day = first + kMovedSessionDay;
  ScheduleWatch watch(server().channel(staff::Role::kFrontDesk), new_day);
  // Once a booking of the day reaches the watcher, it is watching.
  ScheduleWatch::Change change;
  const v1::Session ready = BookOk(WithNewPatient(cast), At(new_day, 15));
  ASSERT_TRUE(watch.NextAbout(ready.name(), &change));

  v1::RescheduleSessionResponse preview;
  ASSERT_TRUE(Reschedule(second, At(new_day, 11), /*validate_only=*/true,
                         &preview)
                  .ok());
  // Changes reach a watcher in commit order: all that came before this
  // booking is all the preview could have sent.
  const v1::Session after = BookOk(WithNewPatient(cast), At(new_day, 16));
  watch.skipped.clear();
  ASSERT_TRUE(watch.NextAbout(after.name(), &change));
  for (const ScheduleWatch::Change& skipped : watch.skipped) {
    for (const v1::Session& of_course : course.sessions()) {
      EXPECT_NE(skipped.session().name(), of_course.name());
    }
  }

  // The move itself is announced.
  v1::RescheduleSessionResponse moved;
  ASSERT_TRUE(Reschedule(second, At(new_day, 11), /*validate_only=*/false,
                         &moved)
                  .ok());
  ASSERT_TRUE(watch.NextAbout(second, &change));
  EXPECT_EQ(change.change(), ScheduleWatch::Change::CHANGE_UPDATED);
}

TEST_F(ReschedulingPreviewTest, PreviewOfARefusedMoveRefusesAlike) {
  const auto [cast, first, course, second] = BookCourseToMove(4);
  // Moving session 2 to day 10 sends session 3 to days 17 to 20: the
  // practitioner's leave, then the weekend.
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(first + 17, 0),
                            At(first + 19, 0), "leave")
                  .ok());
  const auto expect_same_refusal = [&](const std::string& session,
                                       absl::Time start,
                                       StatusCode expected_code) {
    v1::RescheduleSessionResponse response;
    const grpc::Status preview =
        Reschedule(session, start, /*validate_only=*/true, &response);
    const grpc::Status move =
        Reschedule(session, start, /*validate_only=*/false, &response);
    EXPECT_EQ(move.error_code(), expected_code) << move.error_message();
    EXPECT_EQ(preview.error_code(), move.error_code());
    EXPECT_EQ(preview.error_message(), move.error_message());
    // google.rpc.Status: the reason code and every detail.
    EXPECT_EQ(preview.error_details(), move.error_details());
    EXPECT_FALSE(move.error_details().empty());
  };
  // The course's reflow cannot fit session 3 (REFLOW_IMPOSSIBLE).
  expect_same_refusal(second, At(first + kMovedSessionDay, 11),
                      StatusCode::FAILED_PRECONDITION);
  // Too soon after session 1 (INTERVAL_OUTSIDE_PROTOCOL).
  expect_same_refusal(second, At(first + 3, 10),
                      StatusCode::FAILED_PRECONDITION);
  // Off the 15-minute slot grid.
  expect_same_refusal(second, At(first + 7, 10, 7),
                      StatusCode::FAILED_PRECONDITION);
  // A malformed session name (a field error with its BadRequest).
  expect_same_refusal("session/42", At(first + 7, 11),
                      StatusCode::INVALID_ARGUMENT);
  // A cancelled session cannot move (SESSION_STATE_CONFLICT).
  ASSERT_TRUE(Cancel(second).ok());
  expect_same_refusal(second, At(first + 7, 11),
                      StatusCode::FAILED_PRECONDITION);
}

TEST_F(ReschedulingPreviewTest, RequestIdIsOptionalForAPreviewOnly) {
  const auto [cast, first, course, second] = BookCourseToMove(5);
  const absl::Time new_start = At(first + 7, 11);
  v1::RescheduleSessionResponse response;

  EXPECT_TRUE(Reschedule(second, new_start, /*validate_only=*/true, &response,
                         staff::Role::kFrontDesk, /*request_id=*/"")
                  .ok());
  EXPECT_THAT(Reschedule(second, new_start, /*validate_only=*/false, &response,
                         staff::Role::kFrontDesk, /*request_id=*/""),
              FailsWith(StatusCode::INVALID_ARGUMENT, "request_id"));
  // One that is sent must still be well formed.
  EXPECT_THAT(Reschedule(second, new_start, /*validate_only=*/true, &response,
                         staff::Role::kFrontDesk, "has spaces"),
              FailsWith(StatusCode::INVALID_ARGUMENT, "request_id"));

  // The request_id a preview used is free for the move, which is made, not
  // answered from a kept record.
  const std::string request_id = NextRequestId();
  ASSERT_TRUE(Reschedule(second, new_start, /*validate_only=*/true, &response,
                         staff::Role::kFrontDesk, request_id)
                  .ok());
  ASSERT_TRUE(Reschedule(second, new_start, /*validate_only=*/false,
                         &response, staff::Role::kFrontDesk, request_id)
                  .ok());
  EXPECT_EQ(FromProto(GetSession(second).start_time()), new_start);
}

TEST_F(ReschedulingPreviewTest, RoleMatrixAppliesToAPreview) {
  const auto [cast, first, course, second] = BookCourseToMove(6);
  v1::RescheduleSessionResponse response;
  for (const staff::Role role :
       {staff::Role::kFrontDesk, staff::Role::kPractitioner}) {
    EXPECT_TRUE(Reschedule(second, At(first + 7, 11), /*validate_only=*/true,
                           &response, role)
                    .ok())
        << staff::RoleName(role);
  }
  EXPECT_THAT(Reschedule(second, At(first + 7, 11), /*validate_only=*/true,
                         &response, staff::Role::kAdmin),
              FailsWith(StatusCode::PERMISSION_DENIED, "may not call"));
  EXPECT_EQ(FromProto(GetSession(second).start_time()), At(first + 7, 10));
}

TEST_F(ReschedulingPreviewTest, AuditRecordsAPreviewAsAReadMarkedValidateOnly) {
  const auto [cast, first, course, second] = BookCourseToMove(7);
  v1::RescheduleSessionResponse response;
  ASSERT_TRUE(Reschedule(second, At(first + 7, 11), /*validate_only=*/true,
                         &response)
                  .ok());
  ASSERT_TRUE(Reschedule(second, At(first + 7, 11), /*validate_only=*/false,
                         &response)
                  .ok());

  const std::vector<v1::AuditEvent> events = AuditedMoves(second);
  ASSERT_EQ(events.size(), 2u);
  // The preview is the look at the patient's schedule a read is.
  EXPECT_TRUE(events[0].validate_only());
  EXPECT_EQ(events[0].outcome(), "OK");
  EXPECT_THAT(events[0].patients(), ElementsAre(cast.patient));
  EXPECT_FALSE(events[1].validate_only());
  EXPECT_THAT(events[1].patients(), ElementsAre(cast.patient));

  // The mark is covered by the record's hash.
  auto audit = v1::AuditService::NewStub(server().channel(staff::Role::kAdmin));
  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(audit
                  ->VerifyAuditChain(ContextWithDeadline().get(),
                                     v1::VerifyAuditChainRequest(), &verified)
                  .ok());
  EXPECT_TRUE(verified.intact()) << verified.problem();
}

}  // namespace
}  // namespace mesoclinic::testing
