// The hair-loss plugin's rules, called through the server's loader.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/plugin_test_helpers.h"

namespace mesoclinic::plugin_tests {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class HairLossTest : public PluginRulesTest {
 protected:
  HairLossTest() : PluginRulesTest(HAIR_LOSS_PLUGIN_PATH) {}
};

using HairLossEligibility = HairLossTest;

TEST_F(HairLossEligibility, PregnancyAndBreastfeedingBlockTheTreatment) {
  v1::PatientFacts facts = HealthyPatient();
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_PREGNANT);
  v1::EligibilityResult pregnant = Check(facts);
  EXPECT_FALSE(pregnant.eligible());
  EXPECT_TRUE(HasBlocking(pregnant, "pregnancy"));
  EXPECT_THAT(ExcludedProducts(pregnant), ElementsAre("finasteride"));

  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_BREASTFEEDING);
  EXPECT_TRUE(HasBlocking(Check(facts), "breastfeeding"));
}

TEST_F(HairLossEligibility, PossiblePregnancyExcludesFinasterideOnly) {
  v1::PatientFacts facts = HealthyPatient(v1::SEX_FEMALE);
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_UNKNOWN);
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_TRUE(HasWarning(result, "possible_pregnancy"));
  EXPECT_THAT(ExcludedProducts(result), ElementsAre("finasteride"));
  EXPECT_EQ(result.excluded_products(0).reason_code(), "possible_pregnancy");

  // Never asked counts as possibly pregnant too.
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_UNSPECIFIED);
  EXPECT_THAT(ExcludedProducts(Check(facts)), ElementsAre("finasteride"));
}

TEST_F(HairLossEligibility, MenAndOlderWomenKeepFinasteride) {
  v1::PatientFacts man = HealthyPatient(v1::SEX_MALE);
  man.set_pregnancy_status(v1::PREGNANCY_STATUS_UNSPECIFIED);
  v1::EligibilityResult result = Check(man);
  EXPECT_TRUE(result.eligible());
  EXPECT_THAT(ExcludedProducts(result), IsEmpty());

  v1::PatientFacts older = HealthyPatient(v1::SEX_FEMALE);
  older.set_age_years(62);
  older.set_pregnancy_status(v1::PREGNANCY_STATUS_UNSPECIFIED);
  EXPECT_THAT(ExcludedProducts(Check(older)), IsEmpty());
}

TEST_F(HairLossEligibility, NsaidRuleAndSkinInfection) {
  v1::PatientFacts recent = HealthyPatient(v1::SEX_MALE);
  TookNsaid(&recent, 3, "aspirin");
  EXPECT_TRUE(HasBlocking(Check(recent), "recent_nsaid"));

  v1::PatientFacts stopped = HealthyPatient(v1::SEX_MALE);
  TookNsaid(&stopped, 8, "aspirin");
  EXPECT_TRUE(Check(stopped).eligible());

  v1::PatientFacts infected = HealthyPatient(v1::SEX_MALE);
  infected.add_condition_codes("active_skin_infection");
  EXPECT_TRUE(HasBlocking(Check(infected), "active_skin_infection"));
}

TEST_F(HairLossEligibility, NoBmiCeiling) {
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.set_bmi(38);
  EXPECT_TRUE(Check(facts).eligible());
}

using HairLossCoursePlan = HairLossTest;

TEST_F(HairLossCoursePlan, DefaultIsFourWeeklyThenMonthly) {
  auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 1, 6)));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(SessionDates(*plan),
              ElementsAre("2025-01-06", "2025-01-13", "2025-01-20",
                          "2025-01-27", "2025-02-24", "2025-03-24",
                          "2025-04-21"));
  EXPECT_EQ(plan->sessions(4).phase(), "monthly");
  EXPECT_EQ(plan->sessions(4).min_days_after_previous(), 28);
  EXPECT_EQ(plan->sessions(4).max_days_after_previous(), 35);
}

TEST_F(HairLossCoursePlan, WeeklyPreferenceAndMaintenance) {
  v1::PlanCourseRequest request = PlanFrom(At(2025, 1, 6), 12, 7);
  request.set_include_maintenance(true);
  auto plan = plugin_->PlanCourse(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->sessions_size(), 13);
  EXPECT_EQ(Format(plan->sessions(1).start()), "2025-01-13 10:30");
  EXPECT_EQ(plan->sessions(12).phase(), "maintenance");
  EXPECT_EQ(plan->sessions(12).min_days_after_previous(), 56);

  auto too_long = plugin_->PlanCourse(PlanFrom(At(2025, 1, 6), 13));
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
  auto too_far = plugin_->PlanCourse(PlanFrom(At(2025, 1, 6), 0, 21));
  EXPECT_EQ(too_far.status().code(), absl::StatusCode::kInvalidArgument);
}

using HairLossTreatmentRecord = HairLossTest;

TEST_F(HairLossTreatmentRecord, FinasterideForAPossiblyPregnantPatient) {
  v1::TreatmentRecord record;
  record.add_body_areas("scalp_vertex");
  *record.add_products() = Line("finasteride", 1, 1.5, 80, "scalp_vertex", 1);
  EXPECT_EQ(Validate(record).violations_size(), 0);

  v1::PatientFacts facts = HealthyPatient(v1::SEX_FEMALE);
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_UNKNOWN);
  *record.mutable_patient_facts() = facts;
  EXPECT_THAT(Violations(Validate(record)),
              ElementsAre("product_excluded_for_patient@products[0].product"));
}

TEST_F(HairLossTreatmentRecord, LimitsPerProductAndForTheScalp) {
  v1::TreatmentRecord record;
  record.add_body_areas("scalp_frontal");
  *record.add_products() = Line("minoxidil", 4.5, 1, 100, "scalp_frontal", 5);
  *record.add_products() = Line("biotin", 2, 5, 151, "scalp_frontal", 5);
  *record.add_products() = Line("caffeine", 1, 1, 10, "scalp_frontal");
  EXPECT_THAT(
      Violations(Validate(record)),
      UnorderedElementsAre(
          "dose_over_limit@products[0].volume_ml",
          "depth_out_of_range@products[1].depth_mm",
          "too_many_injection_points@products[1].injection_points",
          "product_not_allowed@products[2].product",
          "total_volume_over_limit@products"));
}

TEST_F(HairLossTreatmentRecord, HairCountOutcome) {
  v1::TreatmentRecord record;
  auto* count = record.add_outcome_measurements();
  count->set_code("hair_count_per_cm2");
  count->set_site("vertex");
  count->set_value(180);
  EXPECT_EQ(Validate(record).violations_size(), 0);
  count->set_value(900);
  EXPECT_THAT(Violations(Validate(record)),
              ElementsAre("outcome_value_out_of_range@outcome_measurements[0]"
                          ".value"));
}

using HairLossAdverseEvent = HairLossTest;

TEST_F(HairLossAdverseEvent, SheddingWeeksLaterIsExpected) {
  auto shedding = plugin_->AssessAdverseEvent(Event("hair_shedding", 1, 21));
  ASSERT_TRUE(shedding.ok()) << shedding.status();
  EXPECT_TRUE(shedding->expected());
  EXPECT_EQ(shedding->action(), v1::RECOMMENDED_ACTION_CONTINUE);

  auto same_day = plugin_->AssessAdverseEvent(Event("hair_shedding", 1, 0));
  EXPECT_FALSE(same_day->expected());
  EXPECT_EQ(same_day->action(), v1::RECOMMENDED_ACTION_MONITOR);
}

TEST_F(HairLossAdverseEvent, SeriousInfectionIsReferred) {
  auto infection =
      plugin_->AssessAdverseEvent(Event("bacterial_infection", 3, 20, true));
  ASSERT_TRUE(infection.ok());
  EXPECT_EQ(infection->action(), v1::RECOMMENDED_ACTION_REFER);
  EXPECT_THAT(infection->rationale(), HasSubstr("serious"));
}

// The protocol against the seed articles (/work/shared/seeds).
using HairLossProtocolTest = HairLossTest;

TEST_F(HairLossProtocolTest, AtFirstEverySevenToTenDaysThenWider) {
  // 002: "at first, every 7 to 10 days", then every two weeks or monthly.
  const auto& phases = plugin_->description().course().phases();
  EXPECT_EQ(phases[0].min_interval_days(), 7);
  EXPECT_EQ(phases[0].max_interval_days(), 10);
  EXPECT_GT(phases[1].min_interval_days(), phases[0].max_interval_days());
  EXPECT_TRUE(plugin_->PlanCourse(PlanFrom(At(2025, 1, 6), 0, 10)).ok());
  EXPECT_EQ(plugin_->PlanCourse(PlanFrom(At(2025, 1, 6), 0, 14))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(plugin_->description().consent().full_text(),
              HasSubstr("every 7 to 10 days at first"));
}

TEST_F(HairLossProtocolTest, DepthIsOneToFourMillimetres) {
  // 002: 1 to 4 mm into the skin.
  const auto& depth = plugin_->description().injection_depth_mm();
  EXPECT_EQ(depth.min_mm(), 1);
  EXPECT_EQ(depth.max_mm(), 4);
  EXPECT_THAT(plugin_->description().consent().full_text(),
              HasSubstr("1 to 4 mm deep"));
}

}  // namespace
}  // namespace mesoclinic::plugin_tests
