// The cellulite plugin's rules, called through the server's loader.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/plugin_test_helpers.h"

namespace mesoclinic::plugin_tests {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

class CelluliteTest : public PluginRulesTest {
 protected:
  CelluliteTest() : PluginRulesTest(CELLULITE_PLUGIN_PATH) {}
};

using CelluliteEligibility = CelluliteTest;

TEST_F(CelluliteEligibility, HealthyPatientIsEligibleWithoutReasons) {
  v1::EligibilityResult result = Check(HealthyPatient());
  EXPECT_TRUE(result.eligible());
  EXPECT_EQ(result.reasons_size(), 0);
}

TEST_F(CelluliteEligibility, BmiOverCeilingBlocks) {
  v1::PatientFacts facts = HealthyPatient();
  facts.set_weight_kg(95);  // 170 cm: BMI 32.9.
  v1::EligibilityResult result = Check(facts);
  EXPECT_FALSE(result.eligible());
  EXPECT_TRUE(HasBlocking(result, "bmi_over_ceiling"));
  EXPECT_THAT(result.reasons(0).message(), HasSubstr("BMI 32.9"));
}

TEST_F(CelluliteEligibility, OverweightBelowCeilingIsAWarning) {
  v1::PatientFacts facts = HealthyPatient();
  facts.set_bmi(27.5);
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_TRUE(HasWarning(result, "overweight_diet_first"));
}

TEST_F(CelluliteEligibility, UnknownBmiIsAWarning) {
  v1::PatientFacts facts = HealthyPatient();
  facts.clear_height_cm();
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_TRUE(HasWarning(result, "bmi_unknown"));
}

TEST_F(CelluliteEligibility, NsaidThreeDaysBeforeBlocksEightDaysDoesNot) {
  v1::PatientFacts three = HealthyPatient();
  TookNsaid(&three, 3);
  v1::EligibilityResult blocked = Check(three);
  EXPECT_FALSE(blocked.eligible());
  EXPECT_TRUE(HasBlocking(blocked, "recent_nsaid"));
  EXPECT_THAT(blocked.reasons(0).message(),
              HasSubstr("ibuprofen last taken 3 days before the session"));

  v1::PatientFacts eight = HealthyPatient();
  TookNsaid(&eight, 8);
  EXPECT_TRUE(Check(eight).eligible());
}

TEST_F(CelluliteEligibility, NsaidRuleCountsToTheSessionDate) {
  // Taken 2 days ago, session in 6 days: 8 days before the session.
  v1::PatientFacts facts = HealthyPatient();
  TookNsaid(&facts, 2);
  facts.set_session_in_days(6);
  EXPECT_TRUE(Check(facts).eligible());
  facts.set_session_in_days(4);  // 6 days before: too soon.
  EXPECT_FALSE(Check(facts).eligible());
}

TEST_F(CelluliteEligibility, OngoingNsaidOrAnticoagulantBlocks) {
  v1::PatientFacts nsaid = HealthyPatient();
  TookNsaid(&nsaid, 0);
  nsaid.mutable_medications(0)->set_ongoing(true);
  EXPECT_TRUE(HasBlocking(Check(nsaid), "recent_nsaid"));

  v1::PatientFacts warfarin = HealthyPatient();
  auto* medication = warfarin.add_medications();
  medication->set_name("warfarin");
  medication->set_is_anticoagulant(true);
  medication->set_ongoing(true);
  EXPECT_TRUE(HasBlocking(Check(warfarin), "anticoagulant_therapy"));
}

TEST_F(CelluliteEligibility, PregnancyAndBreastfeedingBlock) {
  v1::PatientFacts facts = HealthyPatient();
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_PREGNANT);
  EXPECT_TRUE(HasBlocking(Check(facts), "pregnancy"));
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_BREASTFEEDING);
  EXPECT_TRUE(HasBlocking(Check(facts), "breastfeeding"));
}

TEST_F(CelluliteEligibility, ActiveSkinInfectionBlocksAutoimmuneWarns) {
  v1::PatientFacts infected = HealthyPatient();
  infected.add_condition_codes("active_skin_infection");
  EXPECT_TRUE(HasBlocking(Check(infected), "active_skin_infection"));

  v1::PatientFacts autoimmune = HealthyPatient();
  autoimmune.add_condition_codes("autoimmune_disease");
  v1::EligibilityResult result = Check(autoimmune);
  EXPECT_TRUE(result.eligible());
  EXPECT_TRUE(HasWarning(result, "autoimmune_disease"));
}

TEST_F(CelluliteEligibility, AllergyExcludesOnlyTheProductsWithTheSubstance) {
  v1::PatientFacts facts = HealthyPatient();
  facts.add_allergies()->set_substance("caffeine");
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_THAT(ExcludedProducts(result), UnorderedElementsAre("caffeine"));

  // Methylxanthines as a class: aminophylline and caffeine.
  facts.add_allergies()->set_substance("methylxanthine");
  EXPECT_THAT(ExcludedProducts(Check(facts)),
              UnorderedElementsAre("caffeine", "aminophylline"));
}

TEST_F(CelluliteEligibility, UnderageBlocksAndUnknownAreaIsInvalid) {
  v1::PatientFacts minor = HealthyPatient();
  minor.set_age_years(16);
  EXPECT_TRUE(HasBlocking(Check(minor), "under_minimum_age"));

  v1::EligibilityRequest request = Eligibility(HealthyPatient());
  request.add_body_areas("thighs");
  request.add_body_areas("face");
  auto result = plugin_->CheckEligibility(request);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("body_areas[1]"));
}

using CelluliteCoursePlan = CelluliteTest;

TEST_F(CelluliteCoursePlan, DefaultIsFourWeeklyThenTwoFortnightly) {
  auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3)));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(SessionDates(*plan),
              ElementsAre("2025-03-03", "2025-03-10", "2025-03-17",
                          "2025-03-24", "2025-04-07", "2025-04-21"));
  EXPECT_EQ(plan->sessions(0).phase(), "initial");
  EXPECT_EQ(plan->sessions(0).min_days_after_previous(), 0);
  EXPECT_EQ(plan->sessions(1).min_days_after_previous(), 7);
  EXPECT_EQ(plan->sessions(1).max_days_after_previous(), 10);
  EXPECT_EQ(plan->sessions(4).phase(), "consolidation");
  EXPECT_EQ(plan->sessions(4).min_days_after_previous(), 12);
  EXPECT_EQ(plan->sessions(4).max_days_after_previous(), 31);
  EXPECT_EQ(Format(plan->sessions(5).start()), "2025-04-21 10:30");
  EXPECT_EQ(plan->session_length().seconds(), 15 * 60);
}

TEST_F(CelluliteCoursePlan, TenSessionsFillInitialThenConsolidation) {
  auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 12, 22), 10, 9));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->sessions_size(), 10);
  int initial = 0;
  for (const auto& session : plan->sessions()) {
    initial += session.phase() == "initial";
  }
  EXPECT_EQ(initial, 4);
  // The preferred 9 days apply to the initial phase, across the year end.
  EXPECT_EQ(Format(plan->sessions(1).start()), "2025-12-31 10:30");
  EXPECT_EQ(Format(plan->sessions(2).start()), "2026-01-09 10:30");
}

TEST_F(CelluliteCoursePlan, RequestsOutsideTheProtocolAreRejected) {
  auto too_many = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 11));
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_many.status().message(), HasSubstr("session_count"));

  auto too_few = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 5));
  EXPECT_EQ(too_few.status().code(), absl::StatusCode::kInvalidArgument);

  auto too_close = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 0, 5));
  EXPECT_EQ(too_close.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(too_close.status().message(),
              HasSubstr("preferred_interval_days: 5 is outside the initial "
                        "phase's 7 to 10 days"));

  auto bad_time = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3, 24, 0)));
  EXPECT_EQ(bad_time.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_time.status().message(), HasSubstr("first_session.hour"));
}

TEST_F(CelluliteCoursePlan, MaintenanceAddsATouchUpMonthsLater) {
  v1::PlanCourseRequest request = PlanFrom(At(2025, 3, 3));
  request.set_include_maintenance(true);
  auto plan = plugin_->PlanCourse(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->sessions_size(), 7);
  const auto& touch_up = plan->sessions(6);
  EXPECT_EQ(touch_up.phase(), "touch_up");
  EXPECT_EQ(touch_up.min_days_after_previous(), 182);
  EXPECT_EQ(touch_up.max_days_after_previous(), 245);
  EXPECT_EQ(Format(touch_up.start()), "2025-11-03 10:30");  // +196 days.
}

TEST_F(CelluliteCoursePlan, IsDeterministic) {
  auto first = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 9));
  auto second = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 9));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->SerializeAsString(), second->SerializeAsString());
}

using CelluliteTreatmentRecord = CelluliteTest;

TEST_F(CelluliteTreatmentRecord, RecordWithinLimitsIsValid) {
  v1::TreatmentRecord record;
  record.add_body_areas("thighs");
  *record.add_products() =
      Line("phosphatidylcholine_deoxycholate", 8, 8, 60, "thighs", 50);
  *record.add_products() = Line("caffeine", 2, 2, 40, "thighs", 20);
  auto* measurement = record.add_outcome_measurements();
  measurement->set_code("circumference_cm");
  measurement->set_site("thigh_left");
  measurement->set_value(58.5);
  EXPECT_EQ(Validate(record).violations_size(), 0);
}

TEST_F(CelluliteTreatmentRecord, ReportsEachBrokenLimit) {
  v1::TreatmentRecord record;
  record.add_body_areas("thighs");
  *record.add_products() = Line("collagenase", 1, 2, 10, "thighs");
  // Lipolysis goes into the fat: 3 mm is too shallow for it.
  *record.add_products() =
      Line("phosphatidylcholine_deoxycholate", 6, 3, 50, "thighs", 60);
  // The second PC/DC line takes the session over 10 ml.
  *record.add_products() =
      Line("phosphatidylcholine_deoxycholate", 5, 8, 40, "thighs", 50);
  *record.add_products() = Line("caffeine", 2, 2, 81, "thighs", 20);
  EXPECT_THAT(
      Violations(Validate(record)),
      UnorderedElementsAre(
          "product_not_allowed@products[0].product",
          "depth_out_of_range@products[1].depth_mm",
          "concentration_over_limit@products[1].concentration",
          "dose_over_limit@products[2].volume_ml",
          "too_many_injection_points@products[3].injection_points"));
}

TEST_F(CelluliteTreatmentRecord, AreasLotsAndOutcomes) {
  v1::TreatmentRecord record;
  record.add_body_areas("thighs");
  record.add_body_areas("face");
  v1::TreatmentProduct line = Line("caffeine", 1, 2, 10, "buttocks", 20);
  line.clear_lot_number();
  *record.add_products() = line;
  auto* unknown_site = record.add_outcome_measurements();
  unknown_site->set_code("circumference_cm");
  unknown_site->set_site("neck");
  unknown_site->set_value(40);
  auto* out_of_range = record.add_outcome_measurements();
  out_of_range->set_code("cellulite_grade");
  out_of_range->set_value(4);
  auto* unknown = record.add_outcome_measurements();
  unknown->set_code("happiness");
  EXPECT_THAT(
      Violations(Validate(record)),
      UnorderedElementsAre(
          "unknown_area@body_areas[1]", "area_not_recorded@products[0].area",
          "lot_number_missing@products[0].lot_number",
          "unknown_outcome_site@outcome_measurements[0].site",
          "outcome_value_out_of_range@outcome_measurements[1].value",
          "unknown_outcome_measure@outcome_measurements[2].code"));
}

using CelluliteAdverseEvent = CelluliteTest;

TEST_F(CelluliteAdverseEvent, ExpectedMinorEventsByGrade) {
  auto mild = plugin_->AssessAdverseEvent(Event("bruising", 1, 1));
  ASSERT_TRUE(mild.ok()) << mild.status();
  EXPECT_TRUE(mild->expected());
  EXPECT_EQ(mild->action(), v1::RECOMMENDED_ACTION_CONTINUE);
  EXPECT_THAT(mild->rationale(), HasSubstr("expected after Cellulite"));

  auto moderate = plugin_->AssessAdverseEvent(Event("bruising", 2, 1));
  EXPECT_EQ(moderate->action(), v1::RECOMMENDED_ACTION_MONITOR);
  auto severe = plugin_->AssessAdverseEvent(Event("bruising", 3, 1));
  EXPECT_EQ(severe->action(), v1::RECOMMENDED_ACTION_PAUSE_COURSE);
}

TEST_F(CelluliteAdverseEvent, OnsetOutsideTheWindowIsUnexpected) {
  auto late_rash = plugin_->AssessAdverseEvent(Event("rash", 1, 30));
  ASSERT_TRUE(late_rash.ok());
  EXPECT_FALSE(late_rash->expected());
  EXPECT_EQ(late_rash->action(), v1::RECOMMENDED_ACTION_MONITOR);

  auto sores =
      plugin_->AssessAdverseEvent(Event("inflammation_painful_sores", 2, 3));
  EXPECT_FALSE(sores->expected());
  EXPECT_EQ(sores->action(), v1::RECOMMENDED_ACTION_PAUSE_COURSE);
}

TEST_F(CelluliteAdverseEvent, SeriousAndTissueEventsStopOrRefer) {
  EXPECT_EQ(plugin_->AssessAdverseEvent(Event("swelling", 3, 1, true))->action(),
            v1::RECOMMENDED_ACTION_REFER);
  EXPECT_EQ(plugin_->AssessAdverseEvent(Event("swelling", 4, 1))->action(),
            v1::RECOMMENDED_ACTION_URGENT_CARE);
  EXPECT_EQ(plugin_->AssessAdverseEvent(Event("necrosis", 2, 3))->action(),
            v1::RECOMMENDED_ACTION_URGENT_CARE);
  auto infection =
      plugin_->AssessAdverseEvent(Event("bacterial_infection", 2, 40));
  EXPECT_TRUE(infection->expected());  // Late infections are known.
  EXPECT_EQ(infection->action(), v1::RECOMMENDED_ACTION_REFER);
  EXPECT_EQ(plugin_->AssessAdverseEvent(Event("granuloma", 2, 60))->action(),
            v1::RECOMMENDED_ACTION_STOP_TREATMENT);
}

TEST_F(CelluliteAdverseEvent, ReportsOutsideTheVocabularyAreInvalid) {
  auto unknown = plugin_->AssessAdverseEvent(Event("headache", 1, 1));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("cellulite: term:"));
  EXPECT_EQ(plugin_->AssessAdverseEvent(Event("bruising", 6, 1)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The protocol against the seed articles (/work/shared/seeds).
using CelluliteProtocolTest = CelluliteTest;

TEST_F(CelluliteProtocolTest, CourseIsSixToTenSessions) {
  // 000: 6 to 10 sessions; 001: 8 to 10.
  EXPECT_EQ(plugin_->description().course().min_total_sessions(), 6);
  EXPECT_EQ(plugin_->description().course().max_total_sessions(), 10);
  for (int count : {6, 8, 10}) {
    auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), count));
    ASSERT_TRUE(plan.ok()) << count << ": " << plan.status();
    EXPECT_EQ(plan->sessions_size(), count);
  }
  for (int count : {5, 11}) {
    EXPECT_EQ(plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), count))
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument)
        << count;
  }
}

TEST_F(CelluliteProtocolTest, SpacingIsSevenToTenDaysThenTwoWeeksToMonthly) {
  // 002: every 7 to 10 days at first, then every two weeks or monthly.
  auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 3, 3), 10, 10));
  ASSERT_TRUE(plan.ok()) << plan.status();
  for (int i = 1; i < plan->sessions_size(); ++i) {
    const auto& session = plan->sessions(i);
    const bool initial = session.phase() == "initial";
    EXPECT_EQ(session.min_days_after_previous(), initial ? 7 : 12) << i;
    EXPECT_EQ(session.max_days_after_previous(), initial ? 10 : 31) << i;
  }
  EXPECT_EQ(plan->sessions(4).phase(), "consolidation");
}

TEST_F(CelluliteProtocolTest, TouchUpEverySixToEightMonthsRepeats) {
  // 000: touch-ups every 6 to 8 months; results do not last without them.
  const auto& touch_up = plugin_->description().course().phases(2);
  EXPECT_TRUE(touch_up.maintenance());
  EXPECT_TRUE(touch_up.repeats());
  EXPECT_EQ(touch_up.min_interval_days(), 182);
  EXPECT_EQ(touch_up.max_interval_days(), 245);

  v1::PlanCourseRequest request = PlanFrom(At(2025, 3, 3));
  request.set_include_maintenance(true);
  request.set_maintenance_rounds(3);
  auto plan = plugin_->PlanCourse(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->sessions_size(), 9);
  const std::vector<std::string> dates = SessionDates(*plan);
  EXPECT_THAT(std::vector<std::string>(dates.begin() + 6, dates.end()),
              ElementsAre("2025-11-03", "2026-05-18", "2026-11-30"));
  for (int i = 6; i < 9; ++i) {
    EXPECT_EQ(plan->sessions(i).phase(), "touch_up");
  }
}

TEST_F(CelluliteProtocolTest, ConsentStatesTheCourseAndRepeatingTouchUps) {
  const auto& consent = plugin_->description().consent();
  EXPECT_EQ(consent.version(), 3);
  EXPECT_THAT(consent.full_text(), HasSubstr("6 to 10 sessions"));
  EXPECT_THAT(consent.full_text(), HasSubstr("every 7 to 10 days"));
  EXPECT_THAT(consent.full_text(),
              HasSubstr("a touch-up every 6 to 8 months, for as long as"));
}

}  // namespace
}  // namespace mesoclinic::plugin_tests
