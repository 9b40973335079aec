// Consultations through a real server: booked with BookSession and kind
// CONSULTATION, listed with the day's sessions, checked in and completed
// with consultation notes, each field refused where it does not belong.

#include <optional>
#include <string>

#include "absl/time/clock.h"
#include "clinic/v1/adverse_events.grpc.pb.h"
#include "core/api/proto_time.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;

class ConsultationServiceTest : public SchedulingTest {
 public:
  static void SetUpTestSuite() {
    SchedulingTest::SetUpTestSuite();
    // So that a consultation can be checked in today.
    OpenRoundTheClockForTheSuite();
  }

 protected:
  // A consultation request for a patient never consented to anything.
  static v1::BookSessionRequest Request(absl::Time start, int minutes = 0) {
    const Cast cast{CreatePatient(), CreatePractitioner(), CreateRoom()};
    v1::BookSessionRequest request;
    request.set_kind(v1::SESSION_KIND_CONSULTATION);
    request.set_patient(cast.patient);
    request.set_practitioner(cast.practitioner);
    request.set_room(cast.room);
    *request.mutable_start_time() = TimestampToProto(start);
    request.set_consultation_minutes(minutes);
    return request;
  }

  // Sends `request` with a fresh request_id through `method` as `role`;
  // the session answered goes to `out` when given.
  template <typename Request, typename Response>
  static grpc::Status Send(
      grpc::Status (v1::SchedulingService::Stub::*method)(
          grpc::ClientContext*, const Request&, Response*),
      Request request, v1::Session* out = nullptr,
      staff::Role role = staff::Role::kFrontDesk) {
    request.set_request_id(NextRequestId());
    Response response;
    const grpc::Status status = (Scheduling(role).get()->*method)(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.session();
    return status;
  }

  static grpc::Status Book(const v1::BookSessionRequest& request,
                           v1::Session* session = nullptr) {
    return Send(&v1::SchedulingService::Stub::BookSession, request, session);
  }

  // Completes `session` as a practitioner with `notes` and, when given,
  // `record`.
  static grpc::Status Complete(const std::string& session,
                               const std::string& notes,
                               const v1::TreatmentRecord* record = nullptr,
                               v1::Session* out = nullptr) {
    v1::CompleteSessionRequest request;
    request.set_session(session);
    request.set_consultation_notes(notes);
    if (record != nullptr) *request.mutable_treatment_record() = *record;
    return Send(&v1::SchedulingService::Stub::CompleteSession, request, out,
                staff::Role::kPractitioner);
  }
};

TEST_F(ConsultationServiceTest, BooksAFirstVisitWithoutTreatmentTypeOrConsent) {
  v1::Session session;
  const grpc::Status status = Book(Request(At(Monday(), 10)), &session);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(session.kind(), v1::SESSION_KIND_CONSULTATION);
  EXPECT_EQ(session.treatment_type(), "");
  EXPECT_EQ(FromProto(session.end_time()) - FromProto(session.start_time()),
            absl::Minutes(30));
  // Listed with the patient's sessions, as the day view lists it.
  const std::vector<v1::Session> listed = PatientSessions(session.patient());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name(), session.name());
  EXPECT_EQ(listed[0].kind(), v1::SESSION_KIND_CONSULTATION);
}

TEST_F(ConsultationServiceTest, TakesTheLengthAskedForWithinLimits) {
  v1::Session session;
  ASSERT_TRUE(Book(Request(At(Monday(), 10), 45), &session).ok());
  EXPECT_EQ(FromProto(session.end_time()) - FromProto(session.start_time()),
            absl::Minutes(45));
  EXPECT_THAT(Book(Request(At(Monday(), 10), 5)),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "consultation_minutes: must be whole minutes from 10 "
                        "to 120"));
}

TEST_F(ConsultationServiceTest, NamesNoTreatmentTypeOrCourse) {
  v1::BookSessionRequest typed = Request(At(Monday(), 10));
  typed.set_treatment_type(kCellulite);
  EXPECT_THAT(Book(typed), FailsWith(StatusCode::INVALID_ARGUMENT,
                                     "treatment_type: must be empty for a "
                                     "consultation"));
  v1::BookSessionRequest in_course = Request(At(Monday(), 10));
  in_course.set_course("courses/abc");
  EXPECT_THAT(Book(in_course),
              FailsWith(StatusCode::INVALID_ARGUMENT, "course: must be empty"));
  // A treatment takes its length from its protocol.
  v1::BookSessionRequest treatment = Request(At(Monday(), 10), 30);
  treatment.set_kind(v1::SESSION_KIND_TREATMENT);
  treatment.set_treatment_type(kCellulite);
  EXPECT_THAT(Book(treatment),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "consultation_minutes: must be 0 for a treatment"));
}

TEST_F(ConsultationServiceTest, IsCompletedWithNotesNotATreatmentRecord) {
  // The next quarter hour but one, today in the clinic's zone.
  const absl::Time midnight = At(Today(), 0);
  const absl::Time start =
      midnight + absl::Ceil(absl::Now() - midnight, absl::Minutes(15)) +
      absl::Minutes(15);
  if (absl::ToCivilDay(start, ClinicZone()) != Today() ||
      absl::ToCivilDay(start + absl::Minutes(30), ClinicZone()) != Today()) {
    FAIL() << "no session fits before the clinic's midnight";
  }
  v1::Session session;
  ASSERT_TRUE(Book(Request(start), &session).ok());
  v1::CheckInRequest check_in;
  check_in.set_session(session.name());
  ASSERT_TRUE(Send(&v1::SchedulingService::Stub::CheckIn, check_in).ok());
  const v1::TreatmentRecord record;
  EXPECT_THAT(Complete(session.name(), "Screened.", &record),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "treatment_record: must be empty for a consultation"));
  EXPECT_THAT(Complete(session.name(), ""),
              FailsWith(StatusCode::INVALID_ARGUMENT, "consultation_notes"));
  v1::Session completed;
  const grpc::Status status =
      Complete(session.name(), "Screened; consent signed.", nullptr, &completed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(completed.state(), v1::SESSION_STATE_COMPLETED);
  EXPECT_EQ(completed.consultation_notes(), "Screened; consent signed.");
  EXPECT_FALSE(completed.has_treatment_record());
  // Clinical notes: the front desk sees the visit, not what was found.
  EXPECT_EQ(GetSession(session.name()).consultation_notes(), "");
  EXPECT_EQ(GetSession(session.name(), staff::Role::kPractitioner)
                .consultation_notes(),
            "Screened; consent signed.");
}

TEST_F(ConsultationServiceTest, ATreatmentIsNotCompletedWithConsultationNotes) {
  const Cast cast = NewCast();
  const v1::Session session = BookOk(cast, At(Monday(), 10));
  EXPECT_THAT(Complete(session.name(), "notes"),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "consultation_notes: must be empty for a treatment"));
}

TEST_F(ConsultationServiceTest, AnAdverseEventNamesTheTreatmentNotAConsultation) {
  v1::Session consultation;
  ASSERT_TRUE(Book(Request(At(Monday(), 10)), &consultation).ok());
  v1::ReportAdverseEventRequest request;
  v1::AdverseEvent& event = *request.mutable_adverse_event();
  event.set_patient(consultation.patient());
  event.set_session(consultation.name());
  event.set_term("bruising");
  event.set_severity_grade(1);
  event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
  *event.mutable_onset_time() = TimestampToProto(absl::Now());
  *event.mutable_awareness_time() = TimestampToProto(absl::Now());
  request.set_request_id(NextRequestId());
  auto events = v1::AdverseEventService::NewStub(
      server().channel(staff::Role::kPractitioner));
  v1::ReportAdverseEventResponse response;
  EXPECT_THAT(events->ReportAdverseEvent(ContextWithDeadline().get(), request,
                                         &response),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "adverse_event.session: is a consultation, where "
                        "nothing was injected"));
}

}  // namespace
}  // namespace mesoclinic::testing
