// What the clinic's jurisdiction changes about a treatment type, as plain
// C++: whether it may be offered there, and the off-label disclosure its
// patients sign.

#include <string>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/consent/jurisdiction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::consent {
namespace {

namespace plugin = ::clinic::plugin::v1;
using ::testing::UnorderedElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kDefault[] = "Not approved by the US FDA.";

// A treatment type forbidden in Brazil, with statements for the US and
// France.
plugin::PluginDescription Description() {
  plugin::PluginDescription d;
  d.set_id("cellulite");
  plugin::ForbiddenJurisdiction* brazil = d.add_forbidden_jurisdictions();
  brazil->set_country_code("BR");
  brazil->set_reason("mesotherapy was banned in Brazil in 2003");
  brazil->set_source("domain brief");
  plugin::ConsentDocument* consent = d.mutable_consent();
  consent->set_off_label_statement(kDefault);
  consent->set_full_text(std::string("Title\n\n") + kDefault + "\n\nRisks.");
  plugin::JurisdictionStatement* us = consent->add_off_label_by_jurisdiction();
  us->set_country_code("US");
  us->set_text("US text.");
  plugin::JurisdictionStatement* fr = consent->add_off_label_by_jurisdiction();
  fr->set_country_code("FR");
  fr->set_text("Texte FR.");
  return d;
}

TEST(CountryCodeTest, AJurisdictionIsTwoUpperCaseLetters) {
  EXPECT_TRUE(IsCountryCode("FR"));
  EXPECT_TRUE(IsCountryCode("BR"));
  EXPECT_FALSE(IsCountryCode("fr"));
  EXPECT_FALSE(IsCountryCode("FRA"));
  EXPECT_FALSE(IsCountryCode("F"));
  EXPECT_FALSE(IsCountryCode("F1"));
  EXPECT_FALSE(IsCountryCode(""));
}

TEST(ForbiddenJurisdictionTest, AForbiddingJurisdictionRefusesTheTypeNamingWhy) {
  const absl::Status status =
      CheckOfferedIn(Description(), "BR", "start_time (2030-01-14 10:00)");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(status), reasons::kTreatmentForbiddenInJurisdiction);
  EXPECT_THAT(ErrorMetadata(status),
              UnorderedElementsAre(
                  Pair("treatment_type", "treatmentTypes/cellulite"),
                  Pair("jurisdiction", "BR")));
  EXPECT_THAT(status.message(),
              HasSubstr("start_time (2030-01-14 10:00): "
                        "treatmentTypes/cellulite may not be offered"));
  EXPECT_THAT(status.message(),
              HasSubstr("banned in Brazil in 2003 (source: domain brief)"));
}

TEST(ForbiddenJurisdictionTest, OtherJurisdictionsAndNoneForbidNothing) {
  EXPECT_TRUE(CheckOfferedIn(Description(), "FR", "x").ok());
  EXPECT_TRUE(CheckOfferedIn(Description(), "", "x").ok());
  EXPECT_EQ(ForbiddingEntry(Description(), "GB"), nullptr);
}

TEST(ConsentTextTest, TheJurisdictionsStatementReplacesTheDefaultOne) {
  EXPECT_EQ(ConsentTextFor(Description().consent(), "FR"),
            "Title\n\nTexte FR.\n\nRisks.");
  EXPECT_EQ(ConsentTextFor(Description().consent(), "US"),
            "Title\n\nUS text.\n\nRisks.");
}

TEST(ConsentTextTest, AJurisdictionWithoutAStatementSignsTheDefaultText) {
  const plugin::ConsentDocument document = Description().consent();
  EXPECT_EQ(ConsentTextFor(document, "GB"), document.full_text());
  EXPECT_EQ(ConsentTextFor(document, ""), document.full_text());
}

}  // namespace
}  // namespace mesoclinic::consent
