// The rules a plugin description must follow, one test per rule family.

#include "core/plugin_host/description_rules.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mesoclinic/standard_rules.h"
#include "mesotherapy_baseline.h"

namespace mesoclinic::plugin_host {
namespace {

namespace v1 = ::clinic::plugin::v1;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

v1::PluginDescription ValidDescription() {
  using namespace ::mesoclinic::plugins;
  v1::PluginDescription d;
  d.set_id("rules_test");
  d.set_display_name("Rules test");
  d.set_version("1.2.3");
  d.add_indications("testing");
  d.add_body_areas("forearm");
  AddPhase(&d, {.name = "initial", .min_sessions = 2, .max_sessions = 3,
                .min_interval_days = 7, .max_interval_days = 10});
  AddPhase(&d, {.name = "maintenance", .min_sessions = 1, .max_sessions = 1,
                .min_interval_days = 30, .max_interval_days = 60,
                .maintenance = true});
  d.mutable_course()->set_min_total_sessions(2);
  d.mutable_course()->set_max_total_sessions(3);
  d.mutable_session_length()->set_seconds(900);
  d.mutable_injection_depth_mm()->set_min_mm(1);
  d.mutable_injection_depth_mm()->set_max_mm(4);
  AddProduct(&d, {.name = "saline", .display_name = "Saline",
                  .substances = {"sodium_chloride"}, .max_volume_ml = 2,
                  .max_injection_points = 10});
  AddCommonEligibility(&d);
  AddCommonAdverseEvents(&d);
  AddCommonFollowUps(&d);
  AddOutcome(&d, {.code = "pain_score", .name = "Pain", .unit = "points",
                  .min_value = 0, .max_value = 10});
  SetConsent(&d, {.title = "Consent", .treatment_text = "Text.",
                  .evidence_text = "Evidence."});
  return d;
}

TEST(DescriptionRules, ValidDescriptionHasNoProblems) {
  EXPECT_THAT(FindDescriptionProblems(ValidDescription()), IsEmpty());
  EXPECT_TRUE(ValidateDescription(ValidDescription()).ok());
}

TEST(DescriptionRulesIdentity, IdVersionAndNames) {
  v1::PluginDescription d = ValidDescription();
  d.set_id("Rules-Test");
  d.set_version("1.2");
  d.clear_display_name();
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr("id: 'Rules-Test'")));
  EXPECT_THAT(problems, Contains(HasSubstr("version: '1.2'")));
  EXPECT_THAT(problems, Contains("display_name: required"));
}

TEST(DescriptionRulesCourse, PhasesMustBeSensible) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_course()->mutable_phases(0)->set_min_interval_days(12);
  d.mutable_course()->mutable_phases(0)->set_default_interval_days(12);
  d.mutable_course()->set_max_total_sessions(5);
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems,
              Contains(HasSubstr("course.phases[0]: intervals must satisfy")));
  EXPECT_THAT(problems, Contains(HasSubstr("do not fit the phases")));
}

TEST(DescriptionRulesCourse, MaintenanceOnlyLast) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_course()->mutable_phases(0)->set_maintenance(true);
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains(HasSubstr("only the last phase may be a maintenance")));
}

TEST(DescriptionRulesProducts, LimitsMustBePositive) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_allowed_products(0)->set_max_volume_ml_per_session(0);
  d.mutable_allowed_products(0)->set_max_concentration(5);
  d.mutable_injection_depth_mm()->set_max_mm(40);
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr(
                            "allowed_products[0].max_volume_ml_per_session")));
  EXPECT_THAT(problems,
              Contains("allowed_products[0].concentration_unit: required"));
  EXPECT_THAT(problems, Contains(HasSubstr("injection_depth_mm")));
}

TEST(DescriptionRulesSafety, PregnancyMustBeAContraindication) {
  v1::PluginDescription d = ValidDescription();
  d.clear_contraindications();
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains(HasSubstr("pregnancy must be listed")));
}

TEST(DescriptionRulesSafety, DerivedCodesNeedTheirLimits) {
  v1::PluginDescription d = ValidDescription();
  auto* c = d.add_contraindications();
  c->set_code("bmi_over_ceiling");
  c->set_description("BMI");
  c->set_severity(v1::CONTRAINDICATION_SEVERITY_ABSOLUTE);
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains(HasSubstr("bmi_over_ceiling is listed but no ceiling")));
}

TEST(DescriptionRulesConsent, ConsentIsRequiredAndComplete) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_consent()->clear_off_label_statement();
  d.mutable_consent()->set_version(0);
  auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains("consent.off_label_statement: required"));
  EXPECT_THAT(problems, Contains("consent.version: must be 1 or more"));
  d.clear_consent();
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains("consent: a consent document is required"));
}

TEST(DescriptionRulesAdverseEvents, TermsFromTheVocabularyAndDisclosed) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_expected_adverse_events(0)->set_term("hiccups");
  auto* undisclosed = d.add_expected_adverse_events();
  undisclosed->set_term("inflammation_painful_sores");
  undisclosed->set_description("Sores.");
  undisclosed->set_onset_max_days(3);
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr("'hiccups' is not in the "
                                           "adverse-event vocabulary")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("'inflammation_painful_sores' is not "
                                 "disclosed in consent.risks")));
}

TEST(DescriptionRulesOutcomes, OutcomeMeasuresAndFollowUpsRequired) {
  v1::PluginDescription d = ValidDescription();
  d.clear_outcome_measures();
  d.mutable_follow_up_checks(0)->mutable_offset()->set_seconds(0);
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr("outcome_measures: at least one")));
  EXPECT_THAT(problems, Contains("follow_up_checks[0].offset: must be "
                                 "positive"));
}

TEST(DescriptionRulesValidate, JoinsEveryProblem) {
  v1::PluginDescription d = ValidDescription();
  d.clear_body_areas();
  d.clear_indications();
  absl::Status status = ValidateDescription(d);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("(2 problems)"));
}

TEST(DescriptionRulesSyntax, SemanticVersionsAndCodes) {
  EXPECT_TRUE(IsSemanticVersion("0.1.0"));
  EXPECT_TRUE(IsSemanticVersion("10.20.30-rc.1+build.5"));
  EXPECT_FALSE(IsSemanticVersion("01.2.3"));
  EXPECT_FALSE(IsSemanticVersion("1.2.3-"));
  EXPECT_FALSE(IsSemanticVersion("v1.2.3"));
  EXPECT_TRUE(IsLowerSnakeCode("hair_count_per_cm2"));
  EXPECT_FALSE(IsLowerSnakeCode("2fast"));
  EXPECT_FALSE(IsLowerSnakeCode("with-dash"));
}

// The facts a protocol needs (issue 17, screening).
v1::RequiredFact* FindRequiredFact(v1::PluginDescription& d,
                                   v1::PatientFactGroup group) {
  for (v1::RequiredFact& fact :
       *d.mutable_eligibility_criteria()->mutable_required_facts()) {
    if (fact.group() == group) return &fact;
  }
  return nullptr;
}

TEST(DescriptionRulesRequiredFacts, EachGroupOnceAndFreshWithinAYear) {
  v1::PluginDescription d = ValidDescription();
  v1::RequiredFact* twice =
      d.mutable_eligibility_criteria()->add_required_facts();
  twice->set_group(v1::PATIENT_FACT_GROUP_ALLERGIES);
  twice->set_max_age_days(400);
  d.mutable_eligibility_criteria()->add_required_facts();  // No group.
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr("required_facts[4].group: listed "
                                           "twice")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("required_facts[4].max_age_days: must be 0 "
                                 "(on the day) to 365")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("required_facts[5].group: must be a defined "
                                 "fact group")));
}

TEST(DescriptionRulesRequiredFacts, PregnancyIsNeededOnTheDay) {
  v1::PluginDescription d = ValidDescription();
  FindRequiredFact(d, v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS)
      ->set_max_age_days(7);
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains(HasSubstr("PATIENT_FACT_GROUP_PREGNANCY_STATUS must "
                                 "have max_age_days 0")));
}

TEST(DescriptionRulesRequiredFacts, EveryGroupTheRulesReadIsListed) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_eligibility_criteria()->set_max_bmi(30);
  d.mutable_eligibility_criteria()->clear_required_facts();
  mesoclinic::plugin::standard::RequireFact(
      &d, v1::PATIENT_FACT_GROUP_CONDITIONS, 365);
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(HasSubstr(
                            "PATIENT_FACT_GROUP_PREGNANCY_STATUS must be "
                            "listed: pregnancy is a contraindication")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("PATIENT_FACT_GROUP_BODY_MEASUREMENTS must "
                                 "be listed: max_bmi is set")));
  EXPECT_THAT(problems, Contains(HasSubstr(
                            "PATIENT_FACT_GROUP_MEDICATIONS must be listed: "
                            "recent_nsaid or anticoagulant_therapy")));
  EXPECT_THAT(problems,
              Contains(HasSubstr("PATIENT_FACT_GROUP_ALLERGIES must be "
                                 "listed: product_allergy is listed")));
}

TEST(DescriptionRulesRequiredFacts, APluginOlderThanTheFieldDeclaresNone) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_eligibility_criteria()->clear_required_facts();
  EXPECT_THAT(FindDescriptionProblems(d), IsEmpty());
}

TEST(DescriptionRulesDayOfChecklist, CodesQuestionsAndBlockingAnswers) {
  v1::PluginDescription d = ValidDescription();
  v1::DayOfQuestion* repeated = d.add_day_of_checklist();
  *repeated = d.day_of_checklist(0);
  v1::DayOfQuestion* bare = d.add_day_of_checklist();
  bare->set_code("Fever?");
  const int last = d.day_of_checklist_size() - 1;
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems, Contains(absl::StrCat("day_of_checklist[", last - 1,
                                              "].code: listed twice")));
  EXPECT_THAT(problems, Contains(HasSubstr(absl::StrCat(
                            "day_of_checklist[", last,
                            "].code: 'Fever?' is not a lower_snake code"))));
  EXPECT_THAT(problems,
              Contains(absl::StrCat("day_of_checklist[", last,
                                    "].text: required")));
  EXPECT_THAT(problems,
              Contains(absl::StrCat("day_of_checklist[", last,
                                    "].blocking_answer: must be YES or NO")));
}

TEST(DescriptionRulesJurisdictions, CountryCodesAreUpperCaseAlpha2AndListedOnce) {
  v1::PluginDescription d = ValidDescription();
  // SetConsent's own (valid) jurisdictions out of the way.
  d.clear_forbidden_jurisdictions();
  d.mutable_consent()->clear_off_label_by_jurisdiction();
  v1::ForbiddenJurisdiction* lower = d.add_forbidden_jurisdictions();
  lower->set_country_code("br");
  lower->set_reason("banned");
  lower->set_source("source");
  v1::ForbiddenJurisdiction* unsourced = d.add_forbidden_jurisdictions();
  unsourced->set_country_code("BR");
  v1::ForbiddenJurisdiction* twice = d.add_forbidden_jurisdictions();
  *twice = *unsourced;
  v1::JurisdictionStatement* statement =
      d.mutable_consent()->add_off_label_by_jurisdiction();
  statement->set_country_code("USA");
  const auto problems = FindDescriptionProblems(d);
  EXPECT_THAT(problems,
              Contains(HasSubstr("forbidden_jurisdictions[0].country_code: "
                                 "'br' is not an ISO 3166-1 alpha-2 code")));
  EXPECT_THAT(problems, Contains("forbidden_jurisdictions[1].reason: required"));
  EXPECT_THAT(problems, Contains("forbidden_jurisdictions[1].source: required"));
  EXPECT_THAT(problems,
              Contains("forbidden_jurisdictions[2].country_code: 'BR' is "
                       "listed twice"));
  EXPECT_THAT(problems,
              Contains(HasSubstr("consent.off_label_by_jurisdiction[0]."
                                 "country_code: 'USA' is not")));
  EXPECT_THAT(problems,
              Contains("consent.off_label_by_jurisdiction[0].text: required"));
}

TEST(DescriptionRulesJurisdictions, FullTextHoldsTheStatementAJurisdictionReplaces) {
  v1::PluginDescription d = ValidDescription();
  d.mutable_consent()->clear_off_label_by_jurisdiction();
  d.mutable_consent()->set_full_text("A text without the statement.");
  EXPECT_THAT(FindDescriptionProblems(d),
              Not(Contains(HasSubstr("must contain off_label_statement"))));
  v1::JurisdictionStatement* statement =
      d.mutable_consent()->add_off_label_by_jurisdiction();
  statement->set_country_code("US");
  statement->set_text("Not approved by the FDA.");
  EXPECT_THAT(FindDescriptionProblems(d),
              Contains(HasSubstr("consent.full_text: must contain "
                                 "off_label_statement word for word")));
}

}  // namespace
}  // namespace mesoclinic::plugin_host
