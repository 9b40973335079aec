// treatments::MissingFacts: which facts a protocol needs that the patient
// record cannot answer today (issue 17, screening before booking).

#include "core/treatments/patient_facts.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::treatments {
namespace {

namespace plugin = ::clinic::plugin::v1;
using patients::FactGroup;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::TimeZone kUtc = absl::UTCTimeZone();
const absl::CivilDay kToday(2030, 1, 14);

absl::Time Noon(absl::CivilDay day) {
  return absl::FromCivil(absl::CivilHour(day.year(), day.month(), day.day(), 12),
                         kUtc);
}

// Pregnancy on the day, medications within 30 days: the built-in
// protocols' needs, in part.
plugin::EligibilityCriteria Criteria() {
  plugin::EligibilityCriteria criteria;
  plugin::RequiredFact* pregnancy = criteria.add_required_facts();
  pregnancy->set_group(plugin::PATIENT_FACT_GROUP_PREGNANCY_STATUS);
  pregnancy->set_max_age_days(0);
  plugin::RequiredFact* medications = criteria.add_required_facts();
  medications->set_group(plugin::PATIENT_FACT_GROUP_MEDICATIONS);
  medications->set_max_age_days(30);
  return criteria;
}

patients::ClinicalFacts ConfirmedOn(absl::CivilDay day) {
  patients::ClinicalFacts facts;
  facts.pregnancy_status = patients::PregnancyStatus::kNotPregnant;
  facts.confirmations[FactGroup::kPregnancyStatus] = {Noon(day), "dr"};
  facts.confirmations[FactGroup::kMedications] = {Noon(day), "dr"};
  return facts;
}

TEST(MissingFacts, AFactNeverConfirmedIsMissingEvenWhenEmpty) {
  const std::vector<MissingFact> missing =
      MissingFacts(patients::ClinicalFacts(), Criteria(), kUtc, kToday,
                   ScreeningMoment::kOnTheDay);
  EXPECT_THAT(
      missing,
      ElementsAre(
          Field(&MissingFact::field,
                "patient.clinical_facts.pregnancy_status"),
          Field(&MissingFact::field, "patient.clinical_facts.medications")));
  EXPECT_THAT(missing[1].problem, HasSubstr("never confirmed"));
}

TEST(MissingFacts, AFactNeededOnTheDayIsNotAskedBeforeTheDay) {
  EXPECT_THAT(MissingFacts(ConfirmedOn(kToday - 3), Criteria(), kUtc, kToday,
                           ScreeningMoment::kBeforeTheDay),
              IsEmpty());
}

TEST(MissingFacts, AFactNeededOnTheDayMustBeConfirmedThatDay) {
  const std::vector<MissingFact> missing =
      MissingFacts(ConfirmedOn(kToday - 1), Criteria(), kUtc, kToday,
                   ScreeningMoment::kOnTheDay);
  ASSERT_THAT(missing, ElementsAre(Field(&MissingFact::group,
                                         FactGroup::kPregnancyStatus)));
  EXPECT_THAT(missing[0].problem, HasSubstr("on the session's day"));
  EXPECT_THAT(MissingFacts(ConfirmedOn(kToday), Criteria(), kUtc, kToday,
                           ScreeningMoment::kOnTheDay),
              IsEmpty());
}

TEST(MissingFacts, AFactOlderThanItsMaximumAgeIsMissing) {
  EXPECT_THAT(MissingFacts(ConfirmedOn(kToday - 30), Criteria(), kUtc, kToday,
                           ScreeningMoment::kBeforeTheDay),
              IsEmpty());
  const std::vector<MissingFact> missing =
      MissingFacts(ConfirmedOn(kToday - 31), Criteria(), kUtc, kToday,
                   ScreeningMoment::kBeforeTheDay);
  ASSERT_THAT(missing,
              ElementsAre(Field(&MissingFact::group, FactGroup::kMedications)));
  EXPECT_THAT(missing[0].problem, HasSubstr("more than the 30 days"));
}

TEST(MissingFacts, AMedicationNoLongerTakenNeedsTheDayItWasLastTaken) {
  patients::ClinicalFacts facts = ConfirmedOn(kToday);
  facts.medications = {{.name = "levothyroxine", .ongoing = true},
                       {.name = "ibuprofen", .is_nsaid = true},
                       {.name = "aspirin", .last_taken = kToday - 20}};
  const std::vector<MissingFact> missing = MissingFacts(
      facts, Criteria(), kUtc, kToday, ScreeningMoment::kOnTheDay);
  ASSERT_THAT(missing,
              ElementsAre(Field(&MissingFact::field,
                                "patient.clinical_facts.medications[1]"
                                ".last_taken")));
  EXPECT_THAT(missing[0].problem, HasSubstr("ibuprofen"));
}

TEST(MissingFacts, AProtocolThatDeclaresNoneNeedsPregnancyOnTheDay) {
  const plugin::EligibilityCriteria older;  // A plugin older than the field.
  EXPECT_THAT(MissingFacts(patients::ClinicalFacts(), older, kUtc, kToday,
                           ScreeningMoment::kBeforeTheDay),
              IsEmpty());
  EXPECT_THAT(MissingFacts(patients::ClinicalFacts(), older, kUtc, kToday,
                           ScreeningMoment::kOnTheDay),
              ElementsAre(Field(&MissingFact::group,
                                FactGroup::kPregnancyStatus)));
}

}  // namespace
}  // namespace mesoclinic::treatments
