#include "core/plugin_host/adverse_event_terms.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::plugin_host {
namespace {

TEST(AdverseEventTerms, VocabularyIsTheDomainList) {
  EXPECT_THAT(AdverseEventTermCodes(),
              ::testing::ElementsAre(
                  "swelling", "redness", "bruising", "irritation", "itching",
                  "rash", "injection_site_pain", "injection_site_bumps",
                  "skin_discoloration", "inflammation_painful_sores",
                  "bacterial_infection", "granuloma", "necrosis", "scarring",
                  "haematoma", "abscess", "panniculitis", "vasovagal_reaction",
                  "anaphylaxis", "systemic_reaction", "hair_shedding",
                  "treated_pain_flare", "other"));
}

TEST(AdverseEventTerms, EveryTermCarriesGuidanceForEachGrade) {
  for (const plugin::AdverseEventTerm& term : plugin::kAdverseEventTerms) {
    for (size_t grade = 0; grade < term.grades.size(); ++grade) {
      EXPECT_FALSE(term.grades[grade].empty())
          << term.code << " grade " << grade + 1;
    }
    EXPECT_EQ(term.grades[4], plugin::kGrade5) << term.code;
  }
}

TEST(AdverseEventTerms, SystemicTermsAreMarkedAndEndTheCourse) {
  for (const char* code : {"anaphylaxis", "systemic_reaction"}) {
    const plugin::AdverseEventTerm* term = plugin::FindAdverseEventTerm(code);
    ASSERT_NE(term, nullptr) << code;
    EXPECT_TRUE(plugin::IsSystemic(*term)) << code;
    EXPECT_TRUE(plugin::EndsCourse(*term)) << code;
  }
  const plugin::AdverseEventTerm* fainting =
      plugin::FindAdverseEventTerm("vasovagal_reaction");
  ASSERT_NE(fainting, nullptr);
  EXPECT_FALSE(plugin::IsSystemic(*fainting));
  EXPECT_FALSE(plugin::EndsCourse(*fainting));
}

TEST(AdverseEventTerms, InfectionsAndLastingDamageEndTheCourse) {
  for (const char* code : {"bacterial_infection", "abscess", "granuloma",
                           "scarring", "necrosis", "panniculitis"}) {
    const plugin::AdverseEventTerm* term = plugin::FindAdverseEventTerm(code);
    ASSERT_NE(term, nullptr) << code;
    EXPECT_TRUE(plugin::EndsCourse(*term)) << code;
    EXPECT_FALSE(plugin::IsSystemic(*term)) << code;
  }
}

TEST(AdverseEventTerms, RecognisesTermsOnly) {
  EXPECT_TRUE(IsAdverseEventTerm("necrosis"));
  EXPECT_FALSE(IsAdverseEventTerm("Necrosis"));
  EXPECT_FALSE(IsAdverseEventTerm(""));
  EXPECT_EQ(AdverseEventTermName("necrosis"), "Tissue death (necrosis)");
  EXPECT_EQ(AdverseEventTermName("headache"), "");
}

TEST(AdverseEventTerms, CheckNamesTheField) {
  EXPECT_TRUE(CheckAdverseEventTerm("report.term", "bruising").ok());
  absl::Status status = CheckAdverseEventTerm("report.term", "headache");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "report.term: 'headache' is not in the adverse-event vocabulary");
}

}  // namespace
}  // namespace mesoclinic::plugin_host
