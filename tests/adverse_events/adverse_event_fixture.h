#ifndef MESOCLINIC_TESTS_ADVERSE_EVENTS_ADVERSE_EVENT_FIXTURE_H_
#define MESOCLINIC_TESTS_ADVERSE_EVENTS_ADVERSE_EVENT_FIXTURE_H_

// The scheduling fixture's real clinicd (real plugins), open round the clock
// in a zone where it is late morning (OpenRoundTheClockForTheSuite), so that
// a session can be booked a moment ahead, treated and followed by an adverse
// event whatever time the tests run; and helpers
// for clinic.v1.AdverseEventService.

#include <memory>
#include <string>
#include <vector>

#include "clinic/v1/adverse_events.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {

class AdverseEventTest : public SchedulingTest {
 public:
  static void SetUpTestSuite();

 protected:
  static std::unique_ptr<clinic::v1::AdverseEventService::Stub> Events(
      staff::Role role = staff::Role::kPractitioner);

  // A valid, non-serious report not tied to a session: grade-1 bruising
  // after cellulite an hour ago, recovering.
  static clinic::v1::AdverseEvent Minimal(const std::string& patient);

  static grpc::Status Report(
      const clinic::v1::AdverseEvent& event,
      clinic::v1::ReportAdverseEventResponse* response = nullptr,
      staff::Role role = staff::Role::kPractitioner);
  // Reports and fails the test unless it succeeded.
  static clinic::v1::ReportAdverseEventResponse ReportOk(
      const clinic::v1::AdverseEvent& event);
  static clinic::v1::AdverseEvent GetEvent(const std::string& name);
  // Every page of a listing; fails the test on error.
  static std::vector<clinic::v1::AdverseEvent> ListAll(
      clinic::v1::ListAdverseEventsRequest request, int page_size = 2);
  static std::vector<std::string> Names(
      const std::vector<clinic::v1::AdverseEvent>& events);

  static grpc::Status CheckIn(const std::string& session);
  static grpc::Status Complete(const std::string& session,
                               const clinic::v1::TreatmentRecord& record,
                               clinic::v1::Session* out = nullptr);
  // A valid cellulite record: `volume_ml` of caffeine from `lot` on the
  // thighs.
  static clinic::v1::TreatmentRecord Record(const std::string& lot,
                                            double volume_ml = 2.5);

  // Books one session per cast, all starting a moment (about 2 s) from now,
  // checks each in and completes it with the record of the same index, then
  // waits for the start time to pass, so that an event may have its onset
  // now. Empty, after adding a failure, when that cannot be done.
  static std::vector<clinic::v1::Session> TreatNow(
      const std::vector<Cast>& casts,
      const std::vector<clinic::v1::TreatmentRecord>& records);
};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_ADVERSE_EVENTS_ADVERSE_EVENT_FIXTURE_H_
