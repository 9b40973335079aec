#include "tests/adverse_events/adverse_event_fixture.h"

#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "tests/support/clinic_examples.h"

namespace mesoclinic::testing {

namespace v1 = ::clinic::v1;

void AdverseEventTest::SetUpTestSuite() {
  SchedulingTest::SetUpTestSuite();
  OpenRoundTheClockForTheSuite();
}

std::unique_ptr<v1::AdverseEventService::Stub> AdverseEventTest::Events(
    staff::Role role) {
  return v1::AdverseEventService::NewStub(server().channel(role));
}

v1::AdverseEvent AdverseEventTest::Minimal(const std::string& patient) {
  v1::AdverseEvent event;
  event.set_patient(patient);
  event.set_treatment_type(kCellulite);
  event.set_term("bruising");
  event.set_body_site("left thigh");
  // Whole seconds: the server keeps microseconds.
  const absl::Time onset =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now())) - absl::Hours(1);
  *event.mutable_onset_time() = TimestampToProto(onset);
  *event.mutable_awareness_time() = TimestampToProto(onset + absl::Minutes(30));
  event.set_severity_grade(1);
  event.set_relatedness(v1::RELATEDNESS_PROBABLE);
  event.set_action_taken(v1::ACTION_TAKEN_NONE);
  event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
  return event;
}

grpc::Status AdverseEventTest::Report(const v1::AdverseEvent& event,
                                      v1::ReportAdverseEventResponse* response,
                                      staff::Role role) {
  v1::ReportAdverseEventRequest request;
  *request.mutable_adverse_event() = event;
  request.set_request_id(NextRequestId());
  v1::ReportAdverseEventResponse ignored;
  return Events(role)->ReportAdverseEvent(
      ContextWithDeadline().get(), request,
      response != nullptr ? response : &ignored);
}

v1::ReportAdverseEventResponse AdverseEventTest::ReportOk(
    const v1::AdverseEvent& event) {
  v1::ReportAdverseEventResponse response;
  const grpc::Status status = Report(event, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

v1::AdverseEvent AdverseEventTest::GetEvent(const std::string& name) {
  v1::GetAdverseEventRequest request;
  request.set_name(name);
  v1::GetAdverseEventResponse response;
  const grpc::Status status =
      Events()->GetAdverseEvent(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.adverse_event();
}

std::vector<v1::AdverseEvent> AdverseEventTest::ListAll(
    v1::ListAdverseEventsRequest request, int page_size) {
  std::vector<v1::AdverseEvent> events;
  request.set_page_size(page_size);
  for (int page = 0; page < 100; ++page) {
    v1::ListAdverseEventsResponse response;
    const grpc::Status status = Events()->ListAdverseEvents(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    EXPECT_LE(response.adverse_events_size(), page_size);
    events.insert(events.end(), response.adverse_events().begin(),
                  response.adverse_events().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return events;
}

std::vector<std::string> AdverseEventTest::Names(
    const std::vector<v1::AdverseEvent>& events) {
  std::vector<std::string> names;
  for (const v1::AdverseEvent& event : events) names.push_back(event.name());
  return names;
}

grpc::Status AdverseEventTest::CheckIn(const std::string& session) {
  v1::CheckInRequest request;
  request.set_session(session);
  request.set_request_id(NextRequestId());
  v1::CheckInResponse response;
  return Scheduling()->CheckIn(ContextWithDeadline().get(), request, &response);
}

grpc::Status AdverseEventTest::Complete(const std::string& session,
                                        const v1::TreatmentRecord& record,
                                        v1::Session* out) {
  v1::CompleteSessionRequest request;
  request.set_session(session);
  *request.mutable_treatment_record() = record;
  request.set_request_id(NextRequestId());
  v1::CompleteSessionResponse response;
  const grpc::Status status =
      Scheduling(staff::Role::kPractitioner)
          ->CompleteSession(ContextWithDeadline().get(), request, &response);
  if (out != nullptr) *out = response.session();
  return status;
}

v1::TreatmentRecord AdverseEventTest::Record(const std::string& lot,
                                             double volume_ml) {
  return CaffeineOnThighs(lot, volume_ml, /*thigh_cm=*/58.5);
}

std::vector<v1::Session> AdverseEventTest::TreatNow(
    const std::vector<Cast>& casts,
    const std::vector<v1::TreatmentRecord>& records) {
  EXPECT_EQ(casts.size(), records.size());
  // Whole seconds (the server keeps microseconds), 2 to 3 s ahead.
  const absl::Time start =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 3);
  if (absl::ToCivilDay(start + absl::Hours(1), ClinicZone()) != Today()) {
    ADD_FAILURE() << "no session fits before the clinic's midnight";
    return {};
  }
  std::vector<v1::Session> sessions;
  for (std::size_t i = 0; i < casts.size(); ++i) {
    v1::Session session;
    const grpc::Status booked = Book(casts[i], start, &session);
    EXPECT_TRUE(booked.ok()) << booked.error_message();
    const grpc::Status checked_in = CheckIn(session.name());
    EXPECT_TRUE(checked_in.ok()) << checked_in.error_message();
    v1::Session completed;
    const grpc::Status status = Complete(session.name(), records[i], &completed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!booked.ok() || !checked_in.ok() || !status.ok()) return {};
    sessions.push_back(completed);
  }
  // The only wait: for the booked start time, which cannot be in the past
  // when booked, to pass, so that an event's onset may be now.
  const absl::Duration left = start - absl::Now() + absl::Milliseconds(50);
  if (left > absl::ZeroDuration()) absl::SleepFor(left);
  return sessions;
}

}  // namespace mesoclinic::testing
