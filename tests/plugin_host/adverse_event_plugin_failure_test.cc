// A report never depends on a plugin's health: inside a running clinicd,
// an adverse event of a treatment whose plugin fails its AssessAdverseEvent
// hook (a code absl does not have), or whose plugin is suspended after a
// hung hook, is still stored, with the assessment pending and why, the
// core's own expectedness, deadline and hold rules applied, and the
// assessment asked again on demand.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/adverse_events.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugin_host/fixture_plugin_folder.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

class AdverseEventPluginFailureTest : public ::testing::Test {
 protected:
  AdverseEventPluginFailureTest()
      : server_([this](ServerOptions& options) {
          // The misbehaving fixture's AssessAdverseEvent answers status
          // code 42; the good one's eligibility hook never returns for a
          // 96-year-old: a way to get it suspended.
          options.plugin_dir = FixturePluginFolder(
              plugins_, {{FIXTURE_MISBEHAVING_PATH, "fixture_misbehaving.so"},
                         {FIXTURE_GOOD_PATH, "fixture_good.so"}});
          options.plugin_hook_time_limit = absl::Milliseconds(200);
        }),
        patients_(v1::PatientService::NewStub(server_.channel())),
        events_(v1::AdverseEventService::NewStub(server_.channel())) {}

  std::string CreatePatient(int years, const std::string& request_id) {
    return CreatePatientAged(*patients_, years, request_id);
  }

  // A serious (hospitalisation), possibly related grade-3 swelling an hour
  // ago, not tied to a session.
  static v1::AdverseEvent SeriousSwelling(const std::string& patient,
                                          const std::string& type) {
    v1::AdverseEvent event;
    event.set_patient(patient);
    event.set_treatment_type(type);
    event.set_term("swelling");
    const absl::Time onset =
        absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now())) -
        absl::Hours(1);
    *event.mutable_onset_time() = TimestampToProto(onset);
    *event.mutable_awareness_time() = TimestampToProto(onset);
    event.set_severity_grade(3);
    event.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
    event.set_relatedness(v1::RELATEDNESS_POSSIBLE);
    event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
    return event;
  }

  grpc::Status Report(const v1::AdverseEvent& event,
                      v1::ReportAdverseEventResponse* response) {
    v1::ReportAdverseEventRequest request;
    *request.mutable_adverse_event() = event;
    request.set_request_id(absl::StrCat("report-", ++requests_));
    return events_->ReportAdverseEvent(ContextWithDeadline().get(), request,
                                       response);
  }

  grpc::Status Retry(const std::string& name,
                     v1::RetryAdverseEventAssessmentResponse* response) {
    v1::RetryAdverseEventAssessmentRequest request;
    request.set_name(name);
    request.set_request_id(absl::StrCat("retry-", ++requests_));
    return events_->RetryAdverseEventAssessment(ContextWithDeadline().get(),
                                                request, response);
  }

  TempDir plugins_;
  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> patients_;
  std::unique_ptr<v1::AdverseEventService::Stub> events_;
  int requests_ = 0;
};

TEST_F(AdverseEventPluginFailureTest,
       AFailingHookLeavesTheReportStoredWithItsAssessmentPending) {
  const std::string patient = CreatePatient(40, "patient-40");
  v1::ReportAdverseEventResponse response;
  const grpc::Status status = Report(
      SeriousSwelling(patient, "treatmentTypes/fixture_misbehaving"),
      &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::AdverseEvent& event = response.adverse_event();
  EXPECT_TRUE(event.assessment_pending());
  EXPECT_THAT(event.assessment_pending_reason(), HasSubstr("fixture"));
  // Unexpected until assessed: serious and related, so on the clock.
  EXPECT_FALSE(event.expected());
  ASSERT_TRUE(event.has_expedited_report_due_time());
  EXPECT_EQ(event.expedited_report_due_time().seconds(),
            event.awareness_time().seconds() + 15 * 24 * 3600);

  // Asked again on demand: still failing, still pending, still stored.
  v1::RetryAdverseEventAssessmentResponse retried;
  ASSERT_TRUE(Retry(event.name(), &retried).ok());
  EXPECT_TRUE(retried.adverse_event().assessment_pending());
  v1::GetAdverseEventRequest get;
  get.set_name(event.name());
  v1::GetAdverseEventResponse got;
  ASSERT_TRUE(
      events_->GetAdverseEvent(ContextWithDeadline().get(), get, &got).ok());
  EXPECT_TRUE(got.adverse_event().assessment_pending());
}

TEST_F(AdverseEventPluginFailureTest, ASuspendedPluginLeavesItPendingToo) {
  const std::string healthy = CreatePatient(40, "patient-40");
  const std::string hangs = CreatePatient(96, "patient-96");
  // A hook that never returns suspends the plugin.
  auto treatments = v1::TreatmentService::NewStub(server_.channel());
  v1::CheckEligibilityRequest check;
  check.set_patient(hangs);
  check.set_treatment_type("treatmentTypes/fixture");
  v1::CheckEligibilityResponse ignored;
  ASSERT_EQ(treatments->CheckEligibility(ContextWithDeadline().get(), check,
                                         &ignored)
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);

  v1::ReportAdverseEventResponse response;
  const grpc::Status status =
      Report(SeriousSwelling(healthy, "treatmentTypes/fixture"), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.adverse_event().assessment_pending());
  EXPECT_THAT(response.adverse_event().assessment_pending_reason(),
              HasSubstr("suspended"));
  EXPECT_TRUE(response.adverse_event().has_expedited_report_due_time());
}

}  // namespace
}  // namespace mesoclinic::testing
