// RecordFactConfirmations: which groups of clinical facts a write confirms,
// so that "no medications" is a fact only once someone asked.

#include "core/patients/fact_confirmations.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::patients {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Pair;

const absl::Time kEarlier = absl::FromUnixSeconds(1'800'000'000);
const absl::Time kNow = kEarlier + absl::Hours(24 * 10);

ClinicalFacts Asked() {
  ClinicalFacts facts;
  facts.pregnancy_status = PregnancyStatus::kNotPregnant;
  facts.medications = {{.name = "levothyroxine", .ongoing = true}};
  facts.height_cm = 165;
  facts.weight_kg = 60;
  for (const FactGroup group : kAllFactGroups) {
    facts.confirmations[group] = {kEarlier, "dr-earlier"};
  }
  return facts;
}

TEST(FactConfirmations, ANewPatientsRecordedValuesAreConfirmedTheRestUnknown) {
  ClinicalFacts facts;
  facts.pregnancy_status = PregnancyStatus::kNotPregnant;
  facts.height_cm = 165;  // Without a weight: no BMI, not a value.
  RecordFactConfirmations(ClinicalFacts(), facts, {}, "dr-now", kNow);
  EXPECT_THAT(facts.confirmations,
              ElementsAre(Pair(FactGroup::kPregnancyStatus,
                               FactConfirmation{kNow, "dr-now"})));
}

TEST(FactConfirmations, AnEmptyGroupIsUnknownUntilConfirmedAsNone) {
  ClinicalFacts facts;
  RecordFactConfirmations(ClinicalFacts(), facts, {}, "dr-now", kNow);
  EXPECT_THAT(facts.confirmations, IsEmpty());
  ClinicalFacts asked;
  RecordFactConfirmations(facts, asked, {FactGroup::kMedications}, "dr-now",
                          kNow);
  EXPECT_THAT(asked.confirmations,
              ElementsAre(Pair(FactGroup::kMedications,
                               FactConfirmation{kNow, "dr-now"})));
}

TEST(FactConfirmations, AChangedGroupIsConfirmedByWhoChangedIt) {
  const ClinicalFacts before = Asked();
  ClinicalFacts after = before;
  after.medications.push_back({.name = "ibuprofen", .is_nsaid = true});
  RecordFactConfirmations(before, after, {}, "dr-now", kNow);
  EXPECT_EQ(after.confirmations.at(FactGroup::kMedications),
            (FactConfirmation{kNow, "dr-now"}));
  EXPECT_EQ(after.confirmations.at(FactGroup::kPregnancyStatus),
            (FactConfirmation{kEarlier, "dr-earlier"}));
}

TEST(FactConfirmations, RewritingTheSameValuesConfirmsNothingNew) {
  const ClinicalFacts before = Asked();
  ClinicalFacts after = before;
  after.confirmations.clear();  // A request cannot set them.
  RecordFactConfirmations(before, after, {}, "dr-now", kNow);
  EXPECT_EQ(after.confirmations, before.confirmations);
}

TEST(FactConfirmations, ConfirmFactsConfirmsAnUnchangedGroup) {
  const ClinicalFacts before = Asked();
  ClinicalFacts after = before;
  RecordFactConfirmations(before, after, {FactGroup::kPregnancyStatus},
                          "dr-now", kNow);
  EXPECT_EQ(after.confirmations.at(FactGroup::kPregnancyStatus),
            (FactConfirmation{kNow, "dr-now"}));
  EXPECT_EQ(after.confirmations.at(FactGroup::kMedications),
            (FactConfirmation{kEarlier, "dr-earlier"}));
}

TEST(FactConfirmations, EmptyingAGroupMakesItUnknownUnlessConfirmed) {
  const ClinicalFacts before = Asked();
  ClinicalFacts emptied = before;
  emptied.medications.clear();
  emptied.weight_kg = 0;
  RecordFactConfirmations(before, emptied, {FactGroup::kBodyMeasurements},
                          "dr-now", kNow);
  EXPECT_THAT(emptied.confirmations, ::testing::Not(::testing::Contains(
                                         Key(FactGroup::kMedications))));
  EXPECT_EQ(emptied.confirmations.at(FactGroup::kBodyMeasurements),
            (FactConfirmation{kNow, "dr-now"}));
}

}  // namespace
}  // namespace mesoclinic::patients
