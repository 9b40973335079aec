// The adverse-event rules as plain functions: report and follow-up checks,
// the safety hold, the ICH E2A expedited due dates and clusters (the FHIR
// document: fhir_export_test.cc).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/adverse_events/adverse_event.h"
#include "core/adverse_events/assessment.h"
#include "core/adverse_events/safety_summary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::adverse_events {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01.

uint32_t Bit(Seriousness criterion) {
  return 1u << static_cast<int>(criterion);
}

AdverseEvent Valid() {
  AdverseEvent event;
  event.id = "ae1";
  event.patient_id = "p1";
  event.treatment_type = "cellulite";
  event.term = "bruising";
  event.onset_time = kNow - absl::Hours(30);
  event.awareness_time = kNow - absl::Hours(2);
  event.severity_grade = 2;
  event.relatedness = kRelatednessPossible;
  event.outcome = Outcome::kRecovering;
  return event;
}

void ExpectFieldError(const absl::Status& status, const std::string& field,
                      const std::string& text) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(field + ": "));
  EXPECT_THAT(std::string(status.message()), HasSubstr(text));
}

TEST(ValidateReportTest, AcceptsAValidReport) {
  EXPECT_TRUE(ValidateReport(Valid(), kNow).ok());
  AdverseEvent fatal = Valid();
  fatal.severity_grade = 5;
  fatal.outcome = Outcome::kFatal;
  fatal.seriousness = Bit(Seriousness::kDeath);
  EXPECT_TRUE(ValidateReport(fatal, kNow).ok());
  // Up to 5 minutes of clock skew.
  AdverseEvent skewed = Valid();
  skewed.onset_time = kNow + absl::Minutes(4);
  skewed.awareness_time = kNow + absl::Minutes(5);
  EXPECT_TRUE(ValidateReport(skewed, kNow).ok());
}

TEST(ValidateReportTest, OtherNeedsADescription) {
  AdverseEvent event = Valid();
  event.term = "other";
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.description",
                   "must not be empty");
  event.description = "Hives on both arms";
  EXPECT_TRUE(ValidateReport(event, kNow).ok());
  event.description = std::string(5001, 'x');
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.description",
                   "");
  AdverseEvent listed = Valid();
  listed.description = std::string(5001, 'x');
  ExpectFieldError(ValidateReport(listed, kNow), "adverse_event.description",
                   "");
}

TEST(ValidateReportTest, BodySiteAndActionDetailsAreBounded) {
  AdverseEvent event = Valid();
  event.body_site = std::string(101, 'x');
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.body_site", "");
  event = Valid();
  event.action_details = std::string(2001, 'x');
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.action_details",
                   "");
}

TEST(ValidateReportTest, GradeIsFromOneToFive) {
  for (int grade : {0, -1, 6}) {
    SCOPED_TRACE(grade);
    AdverseEvent event = Valid();
    event.severity_grade = grade;
    ExpectFieldError(ValidateReport(event, kNow), "adverse_event.severity_grade",
                     "from 1 to 5");
  }
  for (int grade : {1, 2, 3, 4}) {
    AdverseEvent event = Valid();
    event.severity_grade = grade;
    EXPECT_TRUE(ValidateReport(event, kNow).ok()) << grade;
  }
}

TEST(ValidateReportTest, OnsetAndAwarenessAreNotInTheFuture) {
  AdverseEvent event = Valid();
  event.onset_time = kNow + absl::Minutes(6);
  event.awareness_time = kNow + absl::Minutes(6);
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.onset_time",
                   "must not be in the future");
  event = Valid();
  event.awareness_time = kNow + absl::Hours(1);
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.awareness_time",
                   "must not be in the future");
}

TEST(ValidateReportTest, AwarenessIsNotBeforeOnset) {
  AdverseEvent event = Valid();
  event.awareness_time = event.onset_time - absl::Seconds(1);
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.awareness_time",
                   "must not be before onset_time");
  event.awareness_time = event.onset_time;
  EXPECT_TRUE(ValidateReport(event, kNow).ok());
}

TEST(ValidateReportTest, OutcomeIsRequired) {
  AdverseEvent event = Valid();
  event.outcome = Outcome::kUnspecified;
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.outcome",
                   "is required");
}

TEST(ValidateReportTest, FatalGradeFiveAndDeathGoTogether) {
  struct Case {
    int grade;
    Outcome outcome;
    uint32_t seriousness;
  };
  const Case bad[] = {
      {5, Outcome::kRecovering, 0},
      {5, Outcome::kRecovering, Bit(Seriousness::kDeath)},
      {5, Outcome::kFatal, 0},
      {5, Outcome::kFatal, Bit(Seriousness::kLifeThreatening)},
      {4, Outcome::kFatal, Bit(Seriousness::kDeath)},
      {4, Outcome::kNotRecovered, Bit(Seriousness::kDeath)},
  };
  for (const Case& c : bad) {
    SCOPED_TRACE(absl::StrCat(c.grade, " ", static_cast<int>(c.outcome), " ",
                              c.seriousness));
    AdverseEvent event = Valid();
    event.severity_grade = c.grade;
    event.outcome = c.outcome;
    event.seriousness = c.seriousness;
    ExpectFieldError(ValidateReport(event, kNow), "adverse_event.outcome",
                     "go together");
  }
}

TEST(ValidateReportTest, SeriousEventNeedsACausalityAssessment) {
  AdverseEvent event = Valid();
  event.relatedness = kRelatednessUnspecified;
  EXPECT_TRUE(ValidateReport(event, kNow).ok());  // Not serious.
  event.seriousness = Bit(Seriousness::kHospitalisation);
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.relatedness",
                   "a serious event needs a causality assessment");
  event.relatedness = kRelatednessUnlikely;
  EXPECT_TRUE(ValidateReport(event, kNow).ok());
}

TEST(ValidateReportTest, UnrelatedIsNotAWhoUmcCategory) {
  AdverseEvent event = Valid();
  event.relatedness = kRelatednessUnrelated;
  ExpectFieldError(ValidateReport(event, kNow), "adverse_event.relatedness",
                   "not a WHO-UMC category");
  event = Valid();
  event.suspected_products.push_back({"caffeine", "L1", kRelatednessUnrelated});
  ExpectFieldError(ValidateReport(event, kNow),
                   "adverse_event.suspected_products[0].relatedness",
                   "not a WHO-UMC category");
  for (int who_umc :
       {kRelatednessCertain, kRelatednessProbable, kRelatednessPossible,
        kRelatednessUnlikely, kRelatednessConditional,
        kRelatednessUnassessable}) {
    event = Valid();
    event.relatedness = who_umc;
    EXPECT_TRUE(ValidateReport(event, kNow).ok()) << who_umc;
  }
}

TEST(ValidateReportTest, APatientsReportCarriesTheirWords) {
  AdverseEvent event = Valid();
  event.reporter_kind = ReporterKind::kPatient;
  ExpectFieldError(ValidateReport(event, kNow),
                   "adverse_event.reporter_narrative", "must not be empty");
  event.reporter_narrative = "My thigh is hot and swollen since Sunday.";
  EXPECT_TRUE(ValidateReport(event, kNow).ok());
  event.reporter_narrative = std::string(5001, 'x');
  ExpectFieldError(ValidateReport(event, kNow),
                   "adverse_event.reporter_narrative", "");
}

TEST(IsRelatedTest, ReasonablePossibilityIncludesConditionalAndUnassessable) {
  EXPECT_TRUE(IsRelated(kRelatednessCertain));
  EXPECT_TRUE(IsRelated(kRelatednessProbable));
  EXPECT_TRUE(IsRelated(kRelatednessPossible));
  EXPECT_TRUE(IsRelated(kRelatednessConditional));
  EXPECT_TRUE(IsRelated(kRelatednessUnassessable));
  EXPECT_FALSE(IsRelated(kRelatednessUnlikely));
  EXPECT_FALSE(IsRelated(kRelatednessUnspecified));
}

TEST(NeedsSafetyHoldTest, ATermThatEndsTheCourseHoldsWhateverTheGrade) {
  for (const char* term : {"bacterial_infection", "abscess", "granuloma",
                           "scarring", "panniculitis", "necrosis",
                           "anaphylaxis", "systemic_reaction"}) {
    AdverseEvent event = Valid();
    event.term = term;
    event.severity_grade = 1;
    EXPECT_TRUE(NeedsSafetyHold(event)) << term;
  }
  AdverseEvent bruise = Valid();
  bruise.severity_grade = 1;
  EXPECT_FALSE(NeedsSafetyHold(bruise));
}

TEST(NeedsSafetyHoldTest, APluginRecommendingToStopHolds) {
  for (const char* action :
       {"RECOMMENDED_ACTION_STOP_TREATMENT", "RECOMMENDED_ACTION_REFER",
        "RECOMMENDED_ACTION_URGENT_CARE"}) {
    AdverseEvent event = Valid();
    event.severity_grade = 1;
    event.recommended_action = action;
    EXPECT_TRUE(NeedsSafetyHold(event)) << action;
  }
  AdverseEvent monitor = Valid();
  monitor.recommended_action = "RECOMMENDED_ACTION_MONITOR";
  EXPECT_FALSE(NeedsSafetyHold(monitor));
}

TEST(NeedsSafetyHoldTest, TheCurrentStateCounts) {
  AdverseEvent event = Valid();
  event.severity_grade = 1;
  event.follow_ups.push_back({kNow, Outcome::kNotRecovered, 3, "", ""});
  EXPECT_TRUE(NeedsSafetyHold(event));
  event.follow_ups = {{kNow, Outcome::kNotRecovered, 0, "", "",
                       Bit(Seriousness::kHospitalisation), 0}};
  EXPECT_TRUE(NeedsSafetyHold(event));
}

TEST(NeedsPatientHoldTest, SystemicTermsHoldEveryTreatment) {
  AdverseEvent event = Valid();
  for (const char* term : {"anaphylaxis", "systemic_reaction"}) {
    event.term = term;
    EXPECT_TRUE(NeedsPatientHold(event)) << term;
  }
  for (const char* term : {"bruising", "bacterial_infection",
                           "vasovagal_reaction", "other"}) {
    event.term = term;
    EXPECT_FALSE(NeedsPatientHold(event)) << term;
  }
}

TEST(NeedsSafetyHoldTest, SeriousOrGradeThreeAndAbove) {
  AdverseEvent event = Valid();
  event.severity_grade = 1;
  EXPECT_FALSE(NeedsSafetyHold(event));
  event.severity_grade = 2;
  EXPECT_FALSE(NeedsSafetyHold(event));
  event.severity_grade = 3;
  EXPECT_TRUE(NeedsSafetyHold(event));
  event.severity_grade = 4;
  EXPECT_TRUE(NeedsSafetyHold(event));
  event.severity_grade = 1;
  event.seriousness = Bit(Seriousness::kOtherMedicallyImportant);
  EXPECT_TRUE(event.serious());
  EXPECT_TRUE(NeedsSafetyHold(event));
}

TEST(ExpeditedReportDueTest, SevenDaysWhenFatalOrLifeThreatening) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kLifeThreatening);
  EXPECT_EQ(ExpeditedReportDue(event), event.awareness_time + absl::Hours(7 * 24));
  event.seriousness = Bit(Seriousness::kDeath) | Bit(Seriousness::kHospitalisation);
  EXPECT_EQ(ExpeditedReportDue(event), event.awareness_time + absl::Hours(7 * 24));
}

TEST(ExpeditedReportDueTest, FifteenDaysForOtherSeriousEvents) {
  for (Seriousness criterion :
       {Seriousness::kHospitalisation, Seriousness::kDisability,
        Seriousness::kCongenitalAnomaly, Seriousness::kOtherMedicallyImportant}) {
    AdverseEvent event = Valid();
    event.seriousness = Bit(criterion);
    EXPECT_EQ(ExpeditedReportDue(event),
              event.awareness_time + absl::Hours(15 * 24))
        << static_cast<int>(criterion);
  }
}

TEST(ExpeditedReportDueTest, NoneWhenExpectedOrNotSerious) {
  AdverseEvent event = Valid();
  event.severity_grade = 4;  // Severe but not serious.
  EXPECT_EQ(ExpeditedReportDue(event), std::nullopt);
  event.seriousness = Bit(Seriousness::kLifeThreatening);
  event.expected = true;
  EXPECT_EQ(ExpeditedReportDue(event), std::nullopt);
}

TEST(ExpeditedReportDueTest, NoneWhenCausalityIsUnlikely) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kHospitalisation);
  event.relatedness = kRelatednessUnlikely;
  EXPECT_EQ(ExpeditedReportDue(event), std::nullopt);
  // Conditional and unassessable rule nothing out: the clock runs.
  for (int relatedness : {kRelatednessConditional, kRelatednessUnassessable}) {
    event.relatedness = relatedness;
    EXPECT_EQ(ExpeditedReportDue(event),
              event.awareness_time + absl::Hours(15 * 24));
  }
}

TEST(ExpeditedReportDueTest, AFollowUpThatMakesItSeriousStartsTheClock) {
  AdverseEvent event = Valid();
  EXPECT_EQ(ExpeditedReportDue(event), std::nullopt);
  const absl::Time learned = event.awareness_time + absl::Hours(48);
  event.follow_ups.push_back({learned, Outcome::kNotRecovered, 3, "", "",
                              Bit(Seriousness::kHospitalisation), 0});
  EXPECT_EQ(ExpeditedReportDue(event), learned + absl::Hours(15 * 24));
  // Then life-threatening: seven days from that news, if sooner.
  const absl::Time worse = learned + absl::Hours(24);
  event.follow_ups.push_back({worse, Outcome::kNotRecovered, 4, "", "",
                              Bit(Seriousness::kLifeThreatening), 0});
  EXPECT_EQ(ExpeditedReportDue(event), worse + absl::Hours(7 * 24));
}

TEST(ExpeditedReportDueTest, FollowUpCausalityStartsOrStopsTheClock) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kHospitalisation);
  event.relatedness = kRelatednessUnlikely;
  const absl::Time learned = event.awareness_time + absl::Hours(24);
  event.follow_ups.push_back({learned, Outcome::kRecovering, 0, "", "", 0,
                              kRelatednessProbable});
  EXPECT_EQ(event.CurrentRelatedness(), kRelatednessProbable);
  EXPECT_EQ(ExpeditedReportDue(event), learned + absl::Hours(15 * 24));
  event.follow_ups.push_back({learned, Outcome::kRecovering, 0, "", "", 0,
                              kRelatednessUnlikely});
  EXPECT_EQ(ExpeditedReportDue(event), std::nullopt);
  // Once sent, the report's deadline stays on record.
  event.expedited_submit_time = learned;
  EXPECT_EQ(ExpeditedReportDue(event), learned + absl::Hours(15 * 24));
}

TEST(FollowUpReportDueTest, EightDaysAfterTheReportWhenFatalOrLifeThreatening) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kLifeThreatening);
  EXPECT_EQ(FollowUpReportDue(event), std::nullopt);  // Not sent yet.
  event.expedited_submit_time = event.awareness_time + absl::Hours(72);
  EXPECT_EQ(FollowUpReportDue(event),
            *event.expedited_submit_time + absl::Hours(8 * 24));
}

TEST(FollowUpReportDueTest, FifteenDaysAfterNewInformationOtherwise) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kHospitalisation);
  event.expedited_submit_time = event.awareness_time + absl::Hours(72);
  EXPECT_EQ(FollowUpReportDue(event), std::nullopt);
  const absl::Time news = *event.expedited_submit_time + absl::Hours(24);
  event.follow_ups.push_back({news, Outcome::kRecovered, 0, "", ""});
  EXPECT_EQ(FollowUpReportDue(event), news + absl::Hours(15 * 24));
}

TEST(ValidateFollowUpTest, CausalityIsWhoUmcAndDeathGoesWithFatal) {
  const AdverseEvent event = Valid();
  FollowUp f{kNow - absl::Hours(1), Outcome::kRecovering, 0, "", ""};
  f.relatedness = kRelatednessUnrelated;
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.relatedness",
                   "not a WHO-UMC category");
  f.relatedness = kRelatednessCertain;
  EXPECT_TRUE(ValidateFollowUp(event, f, kNow).ok());
  f.seriousness = Bit(Seriousness::kDeath);
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.seriousness",
                   "go together");
}

TEST(CurrentStateTest, FollowUpsUpgradeSeriousnessAndCausality) {
  AdverseEvent event = Valid();
  EXPECT_FALSE(event.CurrentlySerious());
  event.follow_ups.push_back({kNow, Outcome::kNotRecovered, 3, "", "",
                              Bit(Seriousness::kHospitalisation),
                              kRelatednessProbable});
  event.follow_ups.push_back({kNow, Outcome::kNotRecovered, 0, "", ""});
  EXPECT_TRUE(event.CurrentlyHas(Seriousness::kHospitalisation));
  EXPECT_EQ(event.CurrentRelatedness(), kRelatednessProbable);
  EXPECT_FALSE(event.serious());  // The report as first made is kept.
}

namespace plugin = ::clinic::plugin::v1;

plugin::AdverseEventAssessment Answer(bool expected) {
  plugin::AdverseEventAssessment answer;
  answer.set_expected(expected);
  answer.set_action(plugin::RECOMMENDED_ACTION_MONITOR);
  answer.set_rationale("Check it again before the next session.");
  return answer;
}

TEST(RecordAssessmentTest, APluginFailureLeavesItPendingAndUnexpected) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kHospitalisation);
  RecordAssessment(absl::UnavailableError("cellulite: suspended"), event);
  EXPECT_TRUE(event.assessment_pending());
  EXPECT_THAT(event.assessment_pending_reason, HasSubstr("suspended"));
  EXPECT_FALSE(event.expected);
  // Unexpected until assessed: the expedited clock runs.
  EXPECT_EQ(event.expedited_due_time,
            event.awareness_time + absl::Hours(15 * 24));
}

TEST(RecordAssessmentTest, AnAnswerWithoutActionOrRationaleIsPending) {
  AdverseEvent event = Valid();
  plugin::AdverseEventAssessment garbage = Answer(true);
  garbage.set_action(plugin::RECOMMENDED_ACTION_UNSPECIFIED);
  RecordAssessment(garbage, event);
  EXPECT_TRUE(event.assessment_pending());
  EXPECT_FALSE(event.expected);
  garbage = Answer(true);
  garbage.clear_rationale();
  RecordAssessment(garbage, event);
  EXPECT_TRUE(event.assessment_pending());
}

TEST(RecordAssessmentTest, ASuccessRecordsItAndRecomputesTheDeadline) {
  AdverseEvent event = Valid();
  event.seriousness = Bit(Seriousness::kHospitalisation);
  RecordAssessment(absl::InternalError("fixture exploded"), event);
  ASSERT_TRUE(event.expedited_due_time.has_value());
  RecordAssessment(Answer(true), event);
  EXPECT_FALSE(event.assessment_pending());
  EXPECT_TRUE(event.expected);
  EXPECT_EQ(event.recommended_action, "RECOMMENDED_ACTION_MONITOR");
  EXPECT_EQ(event.expedited_due_time, std::nullopt);
}

TEST(RecordAssessmentTest, OtherIsNeverExpected) {
  AdverseEvent event = Valid();
  event.term = "other";
  RecordAssessment(Answer(true), event);
  EXPECT_FALSE(event.assessment_pending());
  EXPECT_FALSE(event.expected);
}

TEST(ValidateFollowUpTest, ChecksTimeGradeOutcomeAndNotes) {
  const AdverseEvent event = Valid();
  FollowUp ok{kNow - absl::Hours(1), Outcome::kRecovered, 0, "Settled.", ""};
  EXPECT_TRUE(ValidateFollowUp(event, ok, kNow).ok());
  FollowUp f = ok;
  f.time = kNow + absl::Minutes(6);
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.time",
                   "must not be in the future");
  f = ok;
  f.time = event.onset_time - absl::Seconds(1);
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.time",
                   "before the event's onset");
  for (int grade : {-1, 6}) {
    f = ok;
    f.severity_grade = grade;
    ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.severity_grade",
                     "0 (unchanged)");
  }
  f = ok;
  f.outcome = Outcome::kUnspecified;
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.outcome",
                   "is required");
  f = ok;
  f.outcome = Outcome::kFatal;
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.outcome",
                   "go together");
  f = ok;
  f.severity_grade = 5;
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.outcome",
                   "go together");
  f.outcome = Outcome::kFatal;
  EXPECT_TRUE(ValidateFollowUp(event, f, kNow).ok());
  f = ok;
  f.notes = std::string(5001, 'x');
  ExpectFieldError(ValidateFollowUp(event, f, kNow), "follow_up.notes", "");
}

TEST(CurrentStateTest, FollowUpsChangeOutcomeAndGrade) {
  AdverseEvent event = Valid();
  EXPECT_EQ(event.CurrentOutcome(), Outcome::kRecovering);
  EXPECT_EQ(event.CurrentGrade(), 2);
  event.follow_ups.push_back({kNow, Outcome::kNotRecovered, 3, "", ""});
  event.follow_ups.push_back({kNow, Outcome::kRecovered, 0, "", ""});
  EXPECT_EQ(event.CurrentOutcome(), Outcome::kRecovered);
  EXPECT_EQ(event.CurrentGrade(), 3);  // 0: unchanged.
}

KeyedEvent At(const std::string& key, const std::string& id, int day) {
  return {key, id, kNow + absl::Hours(24 * day)};
}

TEST(FindClustersTest, TwoEventsOfALotWithinThirtyDays) {
  const std::vector<Cluster> clusters = FindClusters(
      {At("LOT-B", "b1", 0), At("LOT-A", "a2", 30), At("LOT-A", "a1", 0),
       At("LOT-C", "c1", 0), At("LOT-C", "c2", 31)},
      kLotClusterWindow, kLotClusterEvents);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].key, "LOT-A");
  EXPECT_THAT(clusters[0].event_ids, ElementsAre("a1", "a2"));
  EXPECT_EQ(clusters[0].first_onset, kNow);
  EXPECT_EQ(clusters[0].last_onset, kNow + absl::Hours(24 * 30));
}

TEST(FindClustersTest, ThreeEventsOfAPractitionerWithinFourteenDays) {
  EXPECT_THAT(FindClusters({At("s1", "e1", 0), At("s1", "e2", 10)},
                           kPractitionerClusterWindow,
                           kPractitionerClusterEvents),
              IsEmpty());
  EXPECT_THAT(FindClusters({At("s1", "e1", 0), At("s1", "e2", 10),
                            At("s1", "e3", 15)},
                           kPractitionerClusterWindow,
                           kPractitionerClusterEvents),
              IsEmpty());
  const std::vector<Cluster> clusters =
      FindClusters({At("s1", "e1", 0), At("s1", "e2", 10), At("s1", "e3", 14),
                    At("s2", "f1", 0), At("s2", "f2", 1)},
                   kPractitionerClusterWindow, kPractitionerClusterEvents);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].key, "s1");
  EXPECT_THAT(clusters[0].event_ids, ElementsAre("e1", "e2", "e3"));
}

TEST(FindClustersTest, NoClusterOutsideTheWindow) {
  EXPECT_THAT(FindClusters({At("L", "a", 0), At("L", "b", 31), At("L", "c", 62)},
                           kLotClusterWindow, kLotClusterEvents),
              IsEmpty());
  // A later event does not make a cluster with an early one through a
  // middle one out of the first's window.
  EXPECT_THAT(FindClusters({At("s", "a", 0), At("s", "b", 13), At("s", "c", 20),
                            At("s", "d", 40)},
                           kPractitionerClusterWindow,
                           kPractitionerClusterEvents),
              IsEmpty());
}

TEST(FindClustersTest, EventsAreNotSharedBetweenClusters) {
  // b and c are within 30 days of each other, but b belongs to a's cluster.
  const std::vector<Cluster> clusters =
      FindClusters({At("L", "a", 0), At("L", "b", 20), At("L", "c", 45),
                    At("L", "d", 50)},
                   kLotClusterWindow, kLotClusterEvents);
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_THAT(clusters[0].event_ids, ElementsAre("a", "b"));
  EXPECT_THAT(clusters[1].event_ids, ElementsAre("c", "d"));
  // One event naming a lot twice (two products of one lot) counts once.
  EXPECT_THAT(FindClusters({At("L", "a", 0), At("L", "a", 0)},
                           kLotClusterWindow, kLotClusterEvents),
              IsEmpty());
}

}  // namespace
}  // namespace mesoclinic::adverse_events
