// The rules every built-in protocol shares with the seed articles and the
// domain brief's safety section: anticoagulants, prescribed aspirin,
// allergies matched by substance (numbing cream included), and consent.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mesoclinic/standard_rules.h"
#include "tests/plugins/plugin_test_helpers.h"

namespace mesoclinic::plugin_tests {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Each built-in plugin, and whether it injects fat (phosphatidylcholine
// with deoxycholate: injection lipolysis).
struct BuiltIn {
  const char* name;
  const char* path;
  bool injects_fat;
};

constexpr BuiltIn kBuiltIns[] = {
    {"cellulite", CELLULITE_PLUGIN_PATH, true},
    {"hair_loss", HAIR_LOSS_PLUGIN_PATH, false},
    {"joint_pain", JOINT_PAIN_PLUGIN_PATH, false},
};

class EveryPluginTest : public PluginRulesTest,
                        public ::testing::WithParamInterface<BuiltIn> {
 protected:
  EveryPluginTest() : PluginRulesTest(GetParam().path) {}

  // The message of the reason coded `code`, or "" when there is none.
  static std::string Message(const v1::EligibilityResult& result,
                             const std::string& code) {
    for (const auto& reason : result.reasons()) {
      if (reason.code() == code) return reason.message();
    }
    return "";
  }

  // A session's record: one product of the protocol within its limits, and
  // the numbing cream, for a patient with `allergy` (none when empty).
  v1::TreatmentRecord RecordWithNumbingCream(const std::string& allergy) {
    const v1::PluginDescription& d = plugin_->description();
    const v1::AllowedProduct& first = d.allowed_products(0);
    const v1::DepthRange& depth = first.has_depth_override_mm()
                                      ? first.depth_override_mm()
                                      : d.injection_depth_mm();
    const std::string area = d.body_areas(0);
    v1::TreatmentRecord record;
    record.add_body_areas(area);
    *record.add_products() =
        Line(first.name(), first.max_volume_ml_per_session() / 2,
             (depth.min_mm() + depth.max_mm()) / 2, 10, area,
             first.max_concentration() / 2);
    // On the skin: no depth, no injection points.
    *record.add_products() = Line("numbing_cream", 5, 0, 0, area, 5);
    *record.mutable_patient_facts() = HealthyPatient(v1::SEX_MALE);
    if (!allergy.empty()) {
      record.mutable_patient_facts()->add_allergies()->set_substance(allergy);
    }
    return record;
  }
};

std::string PluginName(const ::testing::TestParamInfo<BuiltIn>& info) {
  return info.param.name;
}

TEST_P(EveryPluginTest, AnticoagulantMessageNeverAdvisesStopping) {
  v1::PatientFacts ongoing = HealthyPatient();
  auto* warfarin = ongoing.add_medications();
  warfarin->set_name("warfarin");
  warfarin->set_is_anticoagulant(true);
  warfarin->set_ongoing(true);
  v1::PatientFacts recent = HealthyPatient();
  auto* apixaban = recent.add_medications();
  apixaban->set_name("apixaban");
  apixaban->set_is_anticoagulant(true);
  apixaban->set_days_since_last_taken(2);

  for (const v1::PatientFacts& facts : {ongoing, recent}) {
    const v1::EligibilityResult result = Check(facts);
    EXPECT_TRUE(HasBlocking(result, "anticoagulant_therapy"));
    const std::string message =
        absl::AsciiStrToLower(Message(result, "anticoagulant_therapy"));
    EXPECT_THAT(message, HasSubstr("unless the prescriber decides otherwise"));
    EXPECT_THAT(message, Not(HasSubstr("stop")));
  }
}

TEST_P(EveryPluginTest, NsaidPreparationLeavesPrescribedAspirinToPrescriber) {
  std::string text;
  for (const auto& instruction :
       plugin_->description().preparation_instructions()) {
    if (instruction.code() == "no_nsaids") text = instruction.text();
  }
  EXPECT_THAT(text, HasSubstr("If a doctor prescribed your aspirin "
                              "(for the heart, for instance)"));
  EXPECT_THAT(text, HasSubstr("only your prescriber decides"));

  v1::PatientFacts facts = HealthyPatient();
  TookNsaid(&facts, 0, "aspirin");
  facts.mutable_medications(0)->set_ongoing(true);
  const std::string message = Message(Check(facts), "recent_nsaid");
  EXPECT_THAT(message, HasSubstr("paused only by its prescriber"));
  EXPECT_THAT(message, Not(HasSubstr("must be stopped")));
}

TEST_P(EveryPluginTest, OffLabelDisclosureInConsent) {
  const v1::ConsentDocument& consent = plugin_->description().consent();
  EXPECT_THAT(consent.off_label_statement(), HasSubstr("off-label"));
  EXPECT_THAT(consent.full_text(), HasSubstr(consent.off_label_statement()));
}

// domain.md and seed 000: mesotherapy was banned in Brazil in 2003.
TEST_P(EveryPluginTest, BrazilForbidsTheTreatmentCitingTheBan) {
  const v1::PluginDescription& d = plugin_->description();
  ASSERT_EQ(d.forbidden_jurisdictions_size(), 1);
  EXPECT_EQ(d.forbidden_jurisdictions(0).country_code(), "BR");
  EXPECT_THAT(d.forbidden_jurisdictions(0).reason(), HasSubstr("2003"));
  EXPECT_THAT(d.forbidden_jurisdictions(0).source(), HasSubstr("seed"));
}

// The off-label statement written for the US, France and the UK: each says
// the use is off-label, and the US one names the FDA (seeds 000 and 002).
TEST_P(EveryPluginTest, OffLabelStatementsForUsFranceAndTheUk) {
  const v1::ConsentDocument& consent = plugin_->description().consent();
  std::map<std::string, std::string> by_country;
  for (const v1::JurisdictionStatement& statement :
       consent.off_label_by_jurisdiction()) {
    by_country[statement.country_code()] = statement.text();
  }
  for (const char* country : {"US", "FR", "GB"}) {
    ASSERT_TRUE(by_country.contains(country)) << country;
    EXPECT_THAT(by_country[country], HasSubstr("off-label")) << country;
  }
  EXPECT_THAT(by_country["US"], HasSubstr("Food and Drug Administration"));
  EXPECT_THAT(by_country["FR"], HasSubstr("French National Academy"));
}

TEST_P(EveryPluginTest, FatDissolvingStatementsOnlyWhereFatIsInjected) {
  const v1::ConsentDocument& consent = plugin_->description().consent();
  for (const char* statement :
       {"injection lipolysis", "dissolved fat", "fat removal"}) {
    if (GetParam().injects_fat) {
      EXPECT_THAT(consent.full_text(), HasSubstr(statement));
    } else {
      EXPECT_THAT(consent.full_text(), Not(HasSubstr(statement)));
    }
  }
}

TEST_P(EveryPluginTest, ChangedProtocolCarriesNewVersions) {
  // Consent records name the version the patient agreed to.
  EXPECT_EQ(plugin_->description().version(), "1.2.0");
  EXPECT_EQ(plugin_->description().consent().version(), 3);
}

TEST_P(EveryPluginTest, NumbingCreamIsRecordedAsATopicalProduct) {
  EXPECT_THAT(Violations(Validate(RecordWithNumbingCream(""))), IsEmpty());
}

// ICH E2A: expected means listed with that nature AND severity in the
// reference information, here the protocol's expected_adverse_events.
TEST_P(EveryPluginTest, ExpectedEventsCarryTheirReferenceSeverity) {
  for (const v1::ExpectedAdverseEvent& event :
       plugin_->description().expected_adverse_events()) {
    EXPECT_GE(event.max_expected_grade(), 1) << event.term();
    EXPECT_LE(event.max_expected_grade(), 5) << event.term();
    EXPECT_NE(event.term(), "other") << "a catch-all is never expected";
  }
}

TEST_P(EveryPluginTest, AnEventMoreSevereThanListedIsUnexpected) {
  for (const v1::ExpectedAdverseEvent& event :
       plugin_->description().expected_adverse_events()) {
    const int listed = event.max_expected_grade();
    const int day = event.onset_min_days();
    auto as_listed = plugin_->AssessAdverseEvent(Event(event.term(), listed, day));
    ASSERT_TRUE(as_listed.ok()) << as_listed.status();
    EXPECT_TRUE(as_listed->expected()) << event.term();
    if (listed < 5) {
      auto worse =
          plugin_->AssessAdverseEvent(Event(event.term(), listed + 1, day));
      ASSERT_TRUE(worse.ok()) << worse.status();
      EXPECT_FALSE(worse->expected()) << event.term();
    }
  }
}

TEST_P(EveryPluginTest, ASeriousEventListedAsNonSeriousIsUnexpected) {
  for (const v1::ExpectedAdverseEvent& event :
       plugin_->description().expected_adverse_events()) {
    if (event.serious_expected()) continue;
    auto serious = plugin_->AssessAdverseEvent(
        Event(event.term(), 1, event.onset_min_days(), /*serious=*/true));
    ASSERT_TRUE(serious.ok()) << serious.status();
    EXPECT_FALSE(serious->expected()) << event.term();
  }
}

TEST_P(EveryPluginTest, TheCatchAllTermIsNeverExpected) {
  for (int day : {0, 1, 14, 60}) {
    auto other = plugin_->AssessAdverseEvent(Event("other", 1, day));
    ASSERT_TRUE(other.ok()) << other.status();
    EXPECT_FALSE(other->expected()) << day;
  }
}

TEST_P(EveryPluginTest, AnEventWithNoEarlierSessionIsNotDatedAsDayZero) {
  const v1::ExpectedAdverseEvent& first =
      plugin_->description().expected_adverse_events(0);
  v1::AdverseEventReport report = Event(first.term(), 1, 0);
  report.set_no_prior_session(true);
  auto assessment = plugin_->AssessAdverseEvent(report);
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  EXPECT_FALSE(assessment->expected());
  EXPECT_THAT(assessment->rationale(), HasSubstr("no earlier session"));
  EXPECT_THAT(assessment->rationale(), Not(HasSubstr("0 days")));
}

TEST_P(EveryPluginTest, ASystemicReactionEndsTheCourse) {
  auto anaphylaxis = plugin_->AssessAdverseEvent(Event("anaphylaxis", 3, 0));
  ASSERT_TRUE(anaphylaxis.ok()) << anaphylaxis.status();
  EXPECT_FALSE(anaphylaxis->expected());
  EXPECT_EQ(anaphylaxis->action(), v1::RECOMMENDED_ACTION_STOP_TREATMENT);
}

// Issue 17: the facts each protocol needs, and the questions of the day.
TEST_P(EveryPluginTest, PregnancyIsNeededConfirmedOnTheDay) {
  bool found = false;
  for (const v1::RequiredFact& fact :
       plugin_->description().eligibility_criteria().required_facts()) {
    if (fact.group() != v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS) continue;
    found = true;
    EXPECT_EQ(fact.max_age_days(), 0);
  }
  EXPECT_TRUE(found);
}

TEST_P(EveryPluginTest, MedicationsAllergiesAndConditionsAreNeeded) {
  std::vector<int> groups;
  for (const v1::RequiredFact& fact :
       plugin_->description().eligibility_criteria().required_facts()) {
    groups.push_back(fact.group());
  }
  for (const int needed :
       {v1::PATIENT_FACT_GROUP_MEDICATIONS, v1::PATIENT_FACT_GROUP_ALLERGIES,
        v1::PATIENT_FACT_GROUP_CONDITIONS}) {
    EXPECT_THAT(groups, Contains(needed));
  }
  // Height and weight only where a BMI ceiling reads them.
  EXPECT_EQ(std::count(groups.begin(), groups.end(),
                       v1::PATIENT_FACT_GROUP_BODY_MEASUREMENTS),
            plugin_->description().eligibility_criteria().max_bmi() > 0 ? 1
                                                                        : 0);
}

TEST_P(EveryPluginTest, DayOfChecklistAsksPregnancyNsaidsAndTheSite) {
  std::vector<std::string> codes;
  for (const v1::DayOfQuestion& question :
       plugin_->description().day_of_checklist()) {
    codes.push_back(question.code());
    EXPECT_EQ(question.blocking_answer(), v1::DAY_OF_ANSWER_YES);
  }
  EXPECT_THAT(codes, Contains("pregnancy_possible"));
  EXPECT_THAT(codes, Contains("nsaid_or_anticoagulant_since_last_visit"));
  EXPECT_THAT(codes, Contains("site_infection_or_broken_skin"));
}

INSTANTIATE_TEST_SUITE_P(BuiltIns, EveryPluginTest,
                         ::testing::ValuesIn(kBuiltIns), PluginName);

// Allergies are matched by substance, whatever the spelling recorded.
using AllergyMatchingTest = EveryPluginTest;

TEST_P(AllergyMatchingTest, LignocaineIsLidocaine) {
  EXPECT_THAT(Violations(Validate(RecordWithNumbingCream("lignocaine"))),
              Contains("product_excluded_for_patient@products[1].product"));
}

TEST_P(AllergyMatchingTest, XylocaineIsLidocaineWhateverTheCase) {
  v1::PatientFacts facts = HealthyPatient();
  facts.add_allergies()->set_substance("XYLOCAINE");
  EXPECT_THAT(ExcludedProducts(Check(facts)), Contains("numbing_cream"));
  EXPECT_THAT(Violations(Validate(RecordWithNumbingCream("Xylocaine"))),
              Contains("product_excluded_for_patient@products[1].product"));
}

TEST_P(AllergyMatchingTest, SaltSuffixesAreIgnored) {
  for (const char* allergy :
       {"lidocaine HCl", "Lidocaine hydrochloride", "lidocaine_hcl"}) {
    EXPECT_THAT(Violations(Validate(RecordWithNumbingCream(allergy))),
                Contains("product_excluded_for_patient@products[1].product"))
        << allergy;
  }
}

TEST_P(AllergyMatchingTest, AnotherAnaestheticDoesNotMatch) {
  EXPECT_THAT(Violations(Validate(RecordWithNumbingCream("bupivacaine"))),
              IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(BuiltIns, AllergyMatchingTest,
                         ::testing::ValuesIn(kBuiltIns), PluginName);

TEST(CanonicalSubstanceTest, OneNamePerSubstance) {
  using plugin::standard::CanonicalSubstance;
  for (const char* name :
       {"lidocaine", "Lidocaine", "lignocaine", "Xylocaine", "lidocaine HCl",
        "lidocaine hydrochloride", " Lidocaine  Hydrochloride "}) {
    EXPECT_EQ(CanonicalSubstance(name), "lidocaine") << name;
  }
  EXPECT_EQ(CanonicalSubstance("Acetylsalicylic acid"), "aspirin");
  EXPECT_EQ(CanonicalSubstance("sodium"), "sodium");
  EXPECT_EQ(CanonicalSubstance("sodium deoxycholate"), "sodium_deoxycholate");
  EXPECT_EQ(CanonicalSubstance("prilocaine"), "prilocaine");
}

}  // namespace
}  // namespace mesoclinic::plugin_tests
