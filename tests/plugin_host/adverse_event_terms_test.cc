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
                  "other"));
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
