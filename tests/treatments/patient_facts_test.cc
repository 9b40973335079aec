#include "core/treatments/patient_facts.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::treatments {
namespace {

patients::Patient PatientBornOn(absl::CivilDay birth) {
  patients::Patient patient;
  patient.given_name = "Zoé";
  patient.family_name = "Leroy";
  patient.date_of_birth = birth;
  patient.sex = patients::Sex::kFemale;
  return patient;
}

TEST(PatientFactsTest, AgeIsCountedOnTheSessionDay) {
  const patients::Patient patient = PatientBornOn(absl::CivilDay(1990, 6, 15));
  EXPECT_EQ(PatientFactsFor(patient, absl::CivilDay(2026, 6, 10),
                            absl::CivilDay(2026, 6, 14))
                .age_years(),
            35);
  EXPECT_EQ(PatientFactsFor(patient, absl::CivilDay(2026, 6, 10),
                            absl::CivilDay(2026, 6, 15))
                .age_years(),
            36);
}

TEST(PatientFactsTest, MedicationDaysAreCountedFromToday) {
  patients::Patient patient = PatientBornOn(absl::CivilDay(1990, 1, 1));
  patient.clinical_facts.medications.push_back(
      {.name = "ibuprofen", .is_nsaid = true,
       .last_taken = absl::CivilDay(2026, 11, 19)});
  patient.clinical_facts.medications.push_back({.name = "aspirin",
                                                .is_nsaid = true,
                                                .ongoing = true});
  const auto facts = PatientFactsFor(patient, absl::CivilDay(2026, 11, 22),
                                     absl::CivilDay(2026, 11, 29));
  ASSERT_EQ(facts.medications_size(), 2);
  EXPECT_EQ(facts.medications(0).days_since_last_taken(), 3);
  EXPECT_TRUE(facts.medications(0).is_nsaid());
  EXPECT_EQ(facts.medications(1).days_since_last_taken(), -1);
  EXPECT_TRUE(facts.medications(1).ongoing());
  EXPECT_EQ(facts.session_in_days(), 7);
}

TEST(PatientFactsTest, CarriesTheClinicalFactsButNothingIdentifying) {
  patients::Patient patient = PatientBornOn(absl::CivilDay(1990, 1, 1));
  patient.contact.email = "zoe@example.fr";
  patient.notes = "private";
  patient.clinical_facts.pregnancy_status = patients::PregnancyStatus::kPregnant;
  patient.clinical_facts.height_cm = 170;
  patient.clinical_facts.weight_kg = 72.25;
  patient.clinical_facts.conditions.push_back({"diabetes", ""});
  patient.clinical_facts.allergies.push_back({"Hyaluronic acid (HA)", "", {}});
  const auto facts = PatientFactsFor(patient, absl::CivilDay(2026, 1, 1),
                                     absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(facts.pregnancy_status(),
            clinic::plugin::v1::PREGNANCY_STATUS_PREGNANT);
  EXPECT_DOUBLE_EQ(facts.bmi(), 25.0);
  EXPECT_THAT(facts.condition_codes(), ::testing::ElementsAre("diabetes"));
  ASSERT_EQ(facts.allergies_size(), 1);
  EXPECT_EQ(facts.allergies(0).substance(), "hyaluronic_acid_ha");
  const std::string serialized = facts.DebugString();
  EXPECT_THAT(serialized, ::testing::Not(::testing::HasSubstr("Leroy")));
  EXPECT_THAT(serialized, ::testing::Not(::testing::HasSubstr("example.fr")));
  EXPECT_THAT(serialized, ::testing::Not(::testing::HasSubstr("private")));
}

TEST(PatientFactsTest, SubstanceCodes) {
  EXPECT_EQ(SubstanceCode("Lidocaine"), "lidocaine");
  EXPECT_EQ(SubstanceCode("  latex  "), "latex");
  EXPECT_EQ(SubstanceCode("NSAIDs / aspirin"), "nsaids_aspirin");
}

}  // namespace
}  // namespace mesoclinic::treatments
