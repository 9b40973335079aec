// The joint-pain plugin's rules, called through the server's loader.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/plugin_test_helpers.h"

namespace mesoclinic::plugin_tests {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class JointPainTest : public PluginRulesTest {
 protected:
  JointPainTest() : PluginRulesTest(JOINT_PAIN_PLUGIN_PATH) {}
};

using JointPainEligibility = JointPainTest;

TEST_F(JointPainEligibility, SystemicNsaidStillBlocksDespiteLocalNsaids) {
  v1::PatientFacts three = HealthyPatient(v1::SEX_MALE);
  TookNsaid(&three, 3, "naproxen");
  v1::EligibilityResult blocked = Check(three);
  EXPECT_FALSE(blocked.eligible());
  EXPECT_TRUE(HasBlocking(blocked, "recent_nsaid"));

  v1::PatientFacts eight = HealthyPatient(v1::SEX_MALE);
  TookNsaid(&eight, 8, "naproxen");
  EXPECT_TRUE(Check(eight).eligible());
}

TEST_F(JointPainEligibility, AspirinAllergyExcludesTheInjectedNsaids) {
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.add_allergies()->set_substance("aspirin");
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_THAT(ExcludedProducts(result),
              UnorderedElementsAre("piroxicam", "ketoprofen"));
}

TEST_F(JointPainEligibility, RedFlagsAndPregnancyBlock) {
  v1::PatientFacts fracture = HealthyPatient(v1::SEX_MALE);
  fracture.add_condition_codes("suspected_fracture");
  EXPECT_TRUE(HasBlocking(Check(fracture), "suspected_fracture"));

  v1::PatientFacts pregnant = HealthyPatient(v1::SEX_FEMALE);
  pregnant.set_pregnancy_status(v1::PREGNANCY_STATUS_PREGNANT);
  EXPECT_TRUE(HasBlocking(Check(pregnant), "pregnancy"));

  v1::PatientFacts ulcer = HealthyPatient(v1::SEX_MALE);
  ulcer.add_condition_codes("peptic_ulcer");
  v1::EligibilityResult warned = Check(ulcer);
  EXPECT_TRUE(warned.eligible());
  EXPECT_TRUE(HasWarning(warned, "peptic_ulcer"));
}

using JointPainCoursePlan = JointPainTest;

TEST_F(JointPainCoursePlan, WeeklyThreeToFiveThenAsNeeded) {
  auto plan = plugin_->PlanCourse(PlanFrom(At(2025, 10, 20, 8, 15)));
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(SessionDates(*plan),
              ElementsAre("2025-10-20", "2025-10-27", "2025-11-03"));
  EXPECT_EQ(plan->sessions(2).min_days_after_previous(), 5);
  EXPECT_EQ(plan->sessions(2).max_days_after_previous(), 9);
  EXPECT_EQ(Format(plan->sessions(2).start()), "2025-11-03 08:15");

  v1::PlanCourseRequest longest = PlanFrom(At(2025, 10, 20), 5);
  longest.set_include_maintenance(true);
  auto with_follow_up = plugin_->PlanCourse(longest);
  ASSERT_TRUE(with_follow_up.ok());
  ASSERT_EQ(with_follow_up->sessions_size(), 6);
  EXPECT_EQ(with_follow_up->sessions(5).phase(), "as_needed");
  EXPECT_EQ(SessionDates(*with_follow_up)[5], "2025-12-15");  // +28 days.
}

TEST_F(JointPainCoursePlan, RejectsCountsAndIntervalsOutsideTheProtocol) {
  EXPECT_EQ(plugin_->PlanCourse(PlanFrom(At(2025, 10, 20), 6)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(plugin_->PlanCourse(PlanFrom(At(2025, 10, 20), 2)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(plugin_->PlanCourse(PlanFrom(At(2025, 10, 20), 0, 5)).ok());
  EXPECT_EQ(
      plugin_->PlanCourse(PlanFrom(At(2025, 10, 20), 0, 4)).status().code(),
      absl::StatusCode::kInvalidArgument);
}

using JointPainTreatmentRecord = JointPainTest;

TEST_F(JointPainTreatmentRecord, ValidKneeSession) {
  v1::TreatmentRecord record;
  record.add_body_areas("knee");
  *record.add_products() = Line("piroxicam", 1, 2, 20, "knee", 20);
  *record.add_products() = Line("lidocaine", 2, 2, 20, "knee", 10);
  *record.add_products() = Line("organic_silicon", 2, 3, 20, "knee");
  auto* pain = record.add_outcome_measurements();
  pain->set_code("pain_score");
  pain->set_value(6);
  EXPECT_EQ(Validate(record).violations_size(), 0);
}

TEST_F(JointPainTreatmentRecord, ReportsEachBrokenLimit) {
  v1::TreatmentRecord record;
  record.add_body_areas("knee");
  *record.add_products() = Line("piroxicam", 1.5, 2, 41, "knee", 20);
  *record.add_products() = Line("ketoprofen", 1, 5, 10, "knee", 50);
  *record.add_products() = Line("cortisone", 1, 2, 10, "knee");
  auto* pain = record.add_outcome_measurements();
  pain->set_code("pain_score");
  pain->set_value(11);
  EXPECT_THAT(
      Violations(Validate(record)),
      UnorderedElementsAre(
          "dose_over_limit@products[0].volume_ml",
          "too_many_injection_points@products[0].injection_points",
          "depth_out_of_range@products[1].depth_mm",
          "two_local_nsaids@products[1].product",
          "product_not_allowed@products[2].product",
          "outcome_value_out_of_range@outcome_measurements[0].value"));
}

TEST_F(JointPainTreatmentRecord, NsaidForAnAspirinAllergicPatient) {
  v1::TreatmentRecord record;
  record.add_body_areas("shoulder");
  *record.add_products() = Line("ketoprofen", 1, 2, 10, "shoulder", 50);
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.add_allergies()->set_substance("aspirin");
  *record.mutable_patient_facts() = facts;
  EXPECT_THAT(Violations(Validate(record)),
              ElementsAre("product_excluded_for_patient@products[0].product"));
}

using JointPainAdverseEvent = JointPainTest;

TEST_F(JointPainAdverseEvent, FlareIsExpectedPainByGrade) {
  auto flare = plugin_->AssessAdverseEvent(Event("treated_pain_flare", 1, 1));
  ASSERT_TRUE(flare.ok());
  EXPECT_TRUE(flare->expected());
  EXPECT_EQ(flare->action(), v1::RECOMMENDED_ACTION_CONTINUE);

  // Grade 3 is above the grade 2 the protocol lists: unexpected (ICH E2A).
  auto pain = plugin_->AssessAdverseEvent(Event("injection_site_pain", 3, 0));
  EXPECT_FALSE(pain->expected());
  EXPECT_EQ(pain->action(), v1::RECOMMENDED_ACTION_PAUSE_COURSE);
}

TEST_F(JointPainAdverseEvent, SeriousOrSevereStops) {
  auto serious = plugin_->AssessAdverseEvent(Event("swelling", 2, 1, true));
  EXPECT_EQ(serious->action(), v1::RECOMMENDED_ACTION_REFER);
  auto scarring = plugin_->AssessAdverseEvent(Event("scarring", 2, 30));
  EXPECT_EQ(scarring->action(), v1::RECOMMENDED_ACTION_STOP_TREATMENT);
  EXPECT_THAT(scarring->rationale(), HasSubstr("end the course"));
}

// The protocol against the seed articles (/work/shared/seeds).
using JointPainProtocolTest = JointPainTest;

TEST_F(JointPainProtocolTest, RheumatoidArthritisIsAnIndication) {
  // 004: in rheumatoid arthritis, agents are injected to control
  // inflammation.
  EXPECT_THAT(plugin_->description().indications(),
              Contains(HasSubstr("rheumatoid arthritis")));
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.add_condition_codes("rheumatoid_arthritis");
  facts.add_condition_codes("autoimmune_disease");
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_THAT(result.reasons(), IsEmpty());
}

TEST_F(JointPainProtocolTest, OtherAutoimmuneDiseaseStillWarns) {
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.add_condition_codes("autoimmune_disease");
  v1::EligibilityResult result = Check(facts);
  EXPECT_TRUE(result.eligible());
  EXPECT_TRUE(HasWarning(result, "autoimmune_disease"));
}

TEST_F(JointPainProtocolTest, AcetylsalicylicAcidAllergyIsAnNsaidAllergy) {
  v1::PatientFacts facts = HealthyPatient(v1::SEX_MALE);
  facts.add_allergies()->set_substance("Acetylsalicylic acid");
  EXPECT_THAT(ExcludedProducts(Check(facts)),
              UnorderedElementsAre("piroxicam", "ketoprofen"));
}

TEST_F(JointPainProtocolTest, ConsentLeavesPrescribedAspirinToThePrescriber) {
  const auto& consent = plugin_->description().consent();
  EXPECT_EQ(consent.version(), 3);
  EXPECT_THAT(consent.full_text(),
              HasSubstr("aspirin for the heart, for instance"));
  EXPECT_THAT(consent.full_text(), Not(HasSubstr("Stop anti-inflammatory")));
}

}  // namespace
}  // namespace mesoclinic::plugin_tests
