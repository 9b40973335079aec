// Seriousness, causality, expectedness and their clocks through a real
// channel (ICH E2A, WHO-UMC): what a serious report must carry, when an
// expedited report and its follow-up report are due, follow-ups that
// upgrade an event, the reporter, the authority, the days since the last
// session, systemic events holding every treatment of the patient, and the
// vocabulary's grading guidance.

#include <string>
#include <vector>

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
using ::testing::Not;

constexpr absl::Duration kDay = absl::Hours(24);

class SafetyClockTest : public AdverseEventTest {
 protected:
  // A serious (hospitalisation) grade-3 swelling, possibly related.
  static v1::AdverseEvent Serious(const std::string& patient) {
    v1::AdverseEvent event = Minimal(patient);
    event.set_term("swelling");
    event.set_severity_grade(3);
    event.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
    event.set_relatedness(v1::RELATEDNESS_POSSIBLE);
    return event;
  }

  static grpc::Status FollowUp(const std::string& event,
                               const v1::FollowUp& follow_up,
                               v1::AddFollowUpResponse* response) {
    v1::AddFollowUpRequest request;
    request.set_adverse_event(event);
    *request.mutable_follow_up() = follow_up;
    request.set_request_id(NextRequestId());
    return Events()->AddFollowUp(ContextWithDeadline().get(), request,
                                 response);
  }

  static grpc::Status MarkSubmitted(
      v1::MarkExpeditedReportSubmittedRequest request,
      v1::MarkExpeditedReportSubmittedResponse* response) {
    request.set_request_id(NextRequestId());
    return Events()->MarkExpeditedReportSubmitted(ContextWithDeadline().get(),
                                                  request, response);
  }

  static grpc::Status ReviewPatient(const std::string& patient) {
    v1::ReviewSafetyHoldRequest request;
    request.set_patient(patient);
    request.set_decision(v1::ReviewSafetyHoldRequest::DECISION_RESUME);
    request.set_reason("Allergist's review: the reaction was to lidocaine.");
    request.set_request_id(NextRequestId());
    v1::ReviewSafetyHoldResponse response;
    return Events()->ReviewSafetyHold(ContextWithDeadline().get(), request,
                                      &response);
  }
};

TEST_F(SafetyClockTest, ASeriousEventCannotBeSavedWithoutCausality) {
  v1::AdverseEvent event = Serious(CreatePatient());
  event.clear_relatedness();
  const grpc::Status status = Report(event);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("adverse_event.relatedness: a serious event needs a "
                        "causality assessment"));
}

TEST_F(SafetyClockTest, UnrelatedIsRefusedOnNewReportsAndFollowUps) {
  const std::string patient = CreatePatient();
  v1::AdverseEvent event = Minimal(patient);
  event.set_relatedness(v1::RELATEDNESS_UNRELATED);
  grpc::Status status = Report(event);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("adverse_event.relatedness: RELATEDNESS_UNRELATED is "
                        "not a WHO-UMC category"));

  const std::string name = ReportOk(Minimal(patient)).adverse_event().name();
  v1::FollowUp follow_up;
  *follow_up.mutable_time() = TimestampToProto(absl::Now());
  follow_up.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
  follow_up.set_relatedness(v1::RELATEDNESS_UNRELATED);
  v1::AddFollowUpResponse ignored;
  status = FollowUp(name, follow_up, &ignored);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("follow_up.relatedness"));
}

TEST_F(SafetyClockTest, ASeriousRelatedUnexpectedEventIsOnTheFifteenDayClock) {
  const v1::AdverseEvent reported =
      ReportOk(Serious(CreatePatient())).adverse_event();
  EXPECT_FALSE(reported.expected());  // Swelling is listed up to grade 2.
  ASSERT_TRUE(reported.has_expedited_report_due_time());
  EXPECT_EQ(FromProto(reported.expedited_report_due_time()),
            FromProto(reported.awareness_time()) + 15 * kDay);
}

TEST_F(SafetyClockTest, AnUnlikelyCausalityNeedsNoExpeditedReport) {
  v1::AdverseEvent event = Serious(CreatePatient());
  event.set_relatedness(v1::RELATEDNESS_UNLIKELY);
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  EXPECT_FALSE(reported.has_expedited_report_due_time());
}

TEST_F(SafetyClockTest, AFollowUpUpgradeIsTheCurrentStateAndStartsTheClock) {
  const v1::AdverseEvent reported =
      ReportOk(Minimal(CreatePatient())).adverse_event();
  EXPECT_FALSE(reported.has_expedited_report_due_time());

  v1::FollowUp follow_up;
  const absl::Time learned =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  *follow_up.mutable_time() = TimestampToProto(learned);
  follow_up.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  follow_up.set_severity_grade(4);
  follow_up.add_seriousness(v1::SERIOUSNESS_CRITERION_LIFE_THREATENING);
  follow_up.set_relatedness(v1::RELATEDNESS_CERTAIN);
  v1::AddFollowUpResponse response;
  const grpc::Status status = FollowUp(reported.name(), follow_up, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::AdverseEvent& upgraded = response.adverse_event();
  EXPECT_FALSE(upgraded.serious());  // The report as first made.
  EXPECT_THAT(upgraded.current_seriousness(),
              ElementsAre(v1::SERIOUSNESS_CRITERION_LIFE_THREATENING));
  EXPECT_EQ(upgraded.current_relatedness(), v1::RELATEDNESS_CERTAIN);
  EXPECT_EQ(upgraded.current_severity_grade(), 4);
  EXPECT_FALSE(upgraded.expected());
  ASSERT_TRUE(upgraded.has_expedited_report_due_time());
  EXPECT_EQ(FromProto(upgraded.expedited_report_due_time()),
            learned + 7 * kDay);
  EXPECT_EQ(GetEvent(reported.name()).expedited_report_due_time().seconds(),
            upgraded.expedited_report_due_time().seconds());
}

TEST_F(SafetyClockTest, TheAuthorityAndTheFollowUpReportAreTracked) {
  v1::AdverseEvent event = Serious(CreatePatient());
  event.clear_seriousness();
  event.add_seriousness(v1::SERIOUSNESS_CRITERION_LIFE_THREATENING);
  event.set_severity_grade(4);
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();

  v1::MarkExpeditedReportSubmittedRequest request;
  request.set_name(reported.name());
  v1::MarkExpeditedReportSubmittedResponse response;
  grpc::Status status = MarkSubmitted(request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("authority"));

  // Before the expedited report, no follow-up report is due.
  request.set_follow_up_report(true);
  status = MarkSubmitted(request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);

  request.set_follow_up_report(false);
  request.set_authority("ANSM");
  request.set_reference("FR-ANSM-2027-0042");
  ASSERT_TRUE(MarkSubmitted(request, &response).ok());
  const v1::AdverseEvent& sent = response.adverse_event();
  EXPECT_EQ(sent.expedited_report_authority(), "ANSM");
  EXPECT_EQ(sent.expedited_report_reference(), "FR-ANSM-2027-0042");
  // Life-threatening: the complete report within 8 more days.
  ASSERT_TRUE(sent.has_follow_up_report_due_time());
  EXPECT_EQ(FromProto(sent.follow_up_report_due_time()),
            FromProto(sent.expedited_report_submit_time()) + 8 * kDay);

  request.set_follow_up_report(true);
  request.clear_authority();
  request.set_reference("FR-ANSM-2027-0042-FU1");
  ASSERT_TRUE(MarkSubmitted(request, &response).ok());
  EXPECT_TRUE(response.adverse_event().has_follow_up_report_submit_time());
  EXPECT_EQ(response.adverse_event().follow_up_report_reference(),
            "FR-ANSM-2027-0042-FU1");
  status = MarkSubmitted(request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("already marked submitted"));
}

TEST_F(SafetyClockTest, ThePatientAsReporterIsRecordedWithTheirWords) {
  v1::AdverseEvent event = Minimal(CreatePatient());
  event.set_reporter_kind(v1::REPORTER_KIND_PATIENT);
  grpc::Status status = Report(event);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("adverse_event.reporter_narrative"));
  event.set_reporter_narrative("Phoned: a big bruise since yesterday.");
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  EXPECT_EQ(reported.reporter_kind(), v1::REPORTER_KIND_PATIENT);
  EXPECT_EQ(reported.reporter_narrative(),
            "Phoned: a big bruise since yesterday.");
  EXPECT_EQ(GetEvent(reported.name()).reporter_narrative(),
            reported.reporter_narrative());
  // By default, the practitioner who records it.
  EXPECT_EQ(ReportOk(Minimal(CreatePatient())).adverse_event().reporter_kind(),
            v1::REPORTER_KIND_PRACTITIONER);
}

TEST_F(SafetyClockTest, WithoutAnEarlierSessionTheOnsetIsNotDayZero) {
  const v1::AdverseEvent reported =
      ReportOk(Minimal(CreatePatient())).adverse_event();
  EXPECT_THAT(reported.assessment_rationale(),
              HasSubstr("with no earlier session of the treatment"));
  EXPECT_FALSE(reported.expected());
}

TEST_F(SafetyClockTest, WithoutASessionDaysCountFromTheLastCompletedOne) {
  const Cast cast = NewCast();
  const std::vector<v1::Session> treated =
      TreatNow({cast}, {Record("LOT-DAYS-1")});
  ASSERT_FALSE(treated.empty());
  v1::AdverseEvent event = Minimal(cast.patient);
  *event.mutable_onset_time() = TimestampToProto(absl::Now());
  *event.mutable_awareness_time() = TimestampToProto(absl::Now());
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  EXPECT_TRUE(reported.session().empty());
  EXPECT_THAT(reported.assessment_rationale(),
              HasSubstr("0 days after the session"));
  EXPECT_TRUE(reported.expected());
}

TEST_F(SafetyClockTest, ATermThatEndsTheCourseSuspendsItWhateverTheGrade) {
  const Cast cast = NewCast();
  v1::Course course;
  ASSERT_TRUE(BookCourse(cast, At(Today() + 1, 10), 8, &course).ok());
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_term("bacterial_infection");
  event.set_severity_grade(1);
  const v1::ReportAdverseEventResponse response = ReportOk(event);
  EXPECT_THAT(response.suspended_courses(), ElementsAre(course.name()));
  EXPECT_EQ(GetCourse(course.name()).state(), v1::COURSE_STATE_SUSPENDED);
}

TEST_F(SafetyClockTest, ASystemicEventHoldsEveryTreatmentUntilReviewed) {
  const Cast cast = NewCast();
  RecordConsent(cast.patient, kHairLoss);
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_term("anaphylaxis");
  event.set_severity_grade(3);
  event.add_seriousness(v1::SERIOUSNESS_CRITERION_OTHER_MEDICALLY_IMPORTANT);
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  EXPECT_TRUE(reported.patient_hold());

  for (const char* type : {kCellulite, kHairLoss}) {
    const grpc::Status status =
        Book(cast, At(Today() + 5, 11), nullptr, staff::Role::kFrontDesk, "",
             type);
    EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION) << type;
    EXPECT_THAT(status.error_message(),
                HasSubstr("safety hold for every treatment"));
    EXPECT_THAT(status.error_details(), HasSubstr("PATIENT_SAFETY_HOLD"));
  }
  const grpc::Status reviewed = ReviewPatient(cast.patient);
  ASSERT_TRUE(reviewed.ok()) << reviewed.error_message();
  EXPECT_TRUE(GetEvent(reported.name()).has_patient_hold_review_time());
  EXPECT_TRUE(Book(cast, At(Today() + 5, 11), nullptr, staff::Role::kFrontDesk,
                   "", kHairLoss)
                  .ok());
  // Reviewed once.
  EXPECT_EQ(ReviewPatient(cast.patient).error_code(),
            StatusCode::FAILED_PRECONDITION);
}

TEST_F(SafetyClockTest, TheSummaryCountsCurrentGrades) {
  const std::string patient = CreatePatient();
  v1::AdverseEvent event = Minimal(patient);
  event.set_term("itching");
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  v1::FollowUp follow_up;
  *follow_up.mutable_time() = TimestampToProto(absl::Now());
  follow_up.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  follow_up.set_severity_grade(2);
  v1::AddFollowUpResponse ignored;
  ASSERT_TRUE(FollowUp(reported.name(), follow_up, &ignored).ok());

  v1::GetSafetySummaryRequest request;
  request.set_treatment_type(kCellulite);
  *request.mutable_start_time() = TimestampToProto(absl::Now() - 2 * kDay);
  *request.mutable_end_time() = TimestampToProto(absl::Now() + kDay);
  v1::GetSafetySummaryResponse summary;
  ASSERT_TRUE(Events()
                  ->GetSafetySummary(ContextWithDeadline().get(), request,
                                     &summary)
                  .ok());
  int itching_grade_1 = 0, itching_grade_2 = 0;
  for (const v1::TermCount& count : summary.by_term_and_grade()) {
    if (count.term() != "itching") continue;
    if (count.severity_grade() == 1) itching_grade_1 += count.events();
    if (count.severity_grade() == 2) itching_grade_2 += count.events();
  }
  EXPECT_EQ(itching_grade_1, 0);
  EXPECT_GE(itching_grade_2, 1);
}

TEST_F(SafetyClockTest, TheVocabularyCarriesGradingGuidance) {
  v1::GetAdverseEventVocabularyResponse response;
  ASSERT_TRUE(Events()
                  ->GetAdverseEventVocabulary(ContextWithDeadline().get(), {},
                                          &response)
                  .ok());
  std::vector<std::string> systemic;
  for (const v1::AdverseEventTerm& term : response.terms()) {
    EXPECT_EQ(term.grades_size(), 5) << term.code();
    EXPECT_FALSE(term.display_name().empty()) << term.code();
    if (term.systemic()) systemic.push_back(term.code());
  }
  EXPECT_THAT(systemic, ElementsAre("anaphylaxis", "systemic_reaction"));
  EXPECT_EQ(Events(staff::Role::kFrontDesk)
                ->GetAdverseEventVocabulary(ContextWithDeadline().get(), {},
                                        &response)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(SafetyClockTest, RetryingAnAssessedReportIsRefused) {
  const v1::AdverseEvent reported =
      ReportOk(Minimal(CreatePatient())).adverse_event();
  EXPECT_FALSE(reported.assessment_pending());
  v1::RetryAdverseEventAssessmentRequest request;
  request.set_name(reported.name());
  request.set_request_id(NextRequestId());
  v1::RetryAdverseEventAssessmentResponse response;
  const grpc::Status status = Events()->RetryAdverseEventAssessment(
      ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("not pending"));
}

}  // namespace
}  // namespace mesoclinic::testing
