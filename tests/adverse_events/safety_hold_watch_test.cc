// A safety hold changes sessions through the same path as scheduling does:
// a screen watching the schedule (WatchSchedule over a real channel) sees
// each held session flagged, then cancelled when the review stops the
// course. Also the review's answer and the refusals' reason codes.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using Change = v1::WatchScheduleResponse;
using ::testing::HasSubstr;

// The reason and field violations a refusal carries in its details.
struct Details {
  std::string reason;
  std::map<std::string, std::string> metadata;
  std::vector<std::string> fields;
};
Details DetailsOf(const grpc::Status& status) {
  Details details;
  google::rpc::Status rpc;
  if (!rpc.ParseFromString(status.error_details())) return details;
  for (const google::protobuf::Any& any : rpc.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest request;
    if (any.UnpackTo(&info)) {
      details.reason = info.reason();
      details.metadata.insert(info.metadata().begin(), info.metadata().end());
    } else if (any.UnpackTo(&request)) {
      for (const auto& violation : request.field_violations()) {
        details.fields.push_back(violation.field());
      }
    }
  }
  return details;
}

class SafetyHoldWatchTest : public AdverseEventTest {
 protected:
  static grpc::Status Review(const std::string& course,
                             v1::ReviewSafetyHoldRequest::Decision decision,
                             v1::ReviewSafetyHoldResponse* out) {
    v1::ReviewSafetyHoldRequest request;
    request.set_course(course);
    request.set_decision(decision);
    request.set_reason("Referred to dermatology.");
    request.set_request_id(NextRequestId());
    return Events()->ReviewSafetyHold(ContextWithDeadline().get(), request,
                                      out);
  }
};

// The next change the stream sends about `session`, skipping others.
bool NextAbout(grpc::ClientReader<Change>& reader, const std::string& session,
               Change* change) {
  while (reader.Read(change)) {
    if (change->session().name() == session) return true;
  }
  return false;
}

TEST_F(SafetyHoldWatchTest, AHoldAndAStopReachTheWatchersOfTheSessionsDay) {
  const Cast cast = NewCast();
  const absl::CivilDay day = Monday(9);
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(day, 11), 8, &course).ok());
  const std::string first = course.sessions(0).name();

  auto stub = v1::SchedulingService::NewStub(
      server().channel(staff::Role::kFrontDesk));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  v1::WatchScheduleRequest request;
  *request.mutable_day() = DateToProto(day);
  std::unique_ptr<grpc::ClientReader<Change>> reader =
      stub->WatchSchedule(&context, request);
  Change change;
  ASSERT_TRUE(NextAbout(*reader, first, &change));
  EXPECT_EQ(change.change(), Change::CHANGE_EXISTING);
  EXPECT_FALSE(change.session().flagged());

  // Grade 3: the course is suspended and its sessions flagged.
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_severity_grade(3);
  ASSERT_EQ(ReportOk(event).suspended_courses_size(), 1);
  ASSERT_TRUE(NextAbout(*reader, first, &change));
  EXPECT_EQ(change.change(), Change::CHANGE_UPDATED);
  EXPECT_TRUE(change.session().flagged());
  EXPECT_EQ(change.session().state(), v1::SESSION_STATE_BOOKED);

  // Stopped: the session no longer holds its slot, and the screen says so.
  v1::ReviewSafetyHoldResponse reviewed;
  ASSERT_TRUE(
      Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_STOP,
             &reviewed)
          .ok());
  EXPECT_EQ(reviewed.course_state(), v1::COURSE_STATE_STOPPED);
  ASSERT_TRUE(NextAbout(*reader, first, &change));
  EXPECT_EQ(change.change(), Change::CHANGE_UPDATED);
  EXPECT_EQ(change.session().state(), v1::SESSION_STATE_CANCELLED);
  context.TryCancel();

  // A second review is refused with its reason code.
  const grpc::Status again = Review(
      course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME, &reviewed);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(again).reason, "HOLD_ALREADY_REVIEWED");
}

TEST_F(SafetyHoldWatchTest, AResumedCourseIsAnsweredWithTheEnum) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Monday(9), 14), 8, &course).ok());
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_severity_grade(3);
  ReportOk(event);
  v1::ReviewSafetyHoldResponse reviewed;
  ASSERT_TRUE(
      Review(course.name(), v1::ReviewSafetyHoldRequest::DECISION_RESUME,
             &reviewed)
          .ok());
  EXPECT_EQ(reviewed.course_state(), v1::COURSE_STATE_ACTIVE);
  EXPECT_EQ(reviewed.state(), "active");  // Still set for older clients.
}

TEST_F(SafetyHoldWatchTest, BookingRefusalsCarryStableReasons) {
  const Cast cast = NewCast();
  const absl::CivilDay day = Monday(10);
  // Off the 15-minute grid: refused, naming the two nearest starts.
  grpc::Status status = Book(cast, At(day, 10, 5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(DetailsOf(status).reason, "OFF_SLOT_GRID");
  EXPECT_THAT(status.error_message(), HasSubstr("every 15 minutes"));
  EXPECT_THAT(status.error_message(), HasSubstr(" 10:00 "));
  EXPECT_THAT(status.error_message(), HasSubstr(" 10:15 "));

  const v1::Session booked = BookOk(cast, At(day, 10));
  const Cast rival{CreatePatient(), cast.practitioner, CreateRoom()};
  RecordConsent(rival.patient);
  status = Book(rival, At(day, 10));
  Details taken = DetailsOf(status);
  EXPECT_EQ(taken.reason, "SLOT_TAKEN");
  EXPECT_EQ(taken.metadata["session"], booked.name());

  // A course meeting that session, and the patient's own: every failing
  // session named in the field violations by course_index.
  status = BookCourse(rival, At(day, 10), 8, nullptr);
  const Details conflicts = DetailsOf(status);
  EXPECT_EQ(conflicts.reason, "COURSE_CONFLICTS");
  EXPECT_THAT(conflicts.fields, ::testing::ElementsAre("sessions[0]"));
  EXPECT_THAT(status.error_message(),
              HasSubstr("SLOT_TAKEN: session course_index=0 ("));

  const Cast stranger = NewCast();
  const Cast no_consent{CreatePatient(), stranger.practitioner, stranger.room};
  status = BookCourse(no_consent, At(day + 1, 15), 8, nullptr);
  const Details missing = DetailsOf(status);
  EXPECT_EQ(missing.reason, "COURSE_CONFLICTS");
  EXPECT_EQ(missing.fields.size(), 8u);
  // One line for the one reason, the refusal told once for every session.
  EXPECT_THAT(status.error_message(),
              HasSubstr("CONSENT_MISSING: session course_index=0 ("));
  EXPECT_THAT(status.error_message(), HasSubstr("session course_index=7 ("));
  EXPECT_LT(status.error_message().size(), 1024u);
}

}  // namespace
}  // namespace mesoclinic::testing
