// When each group of a patient's facts was confirmed (issue 17): stored and
// read back by SqlitePatientRepository, and derived by the migration that
// added them for records kept before it, losing nothing.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/storage/sqlite_patient_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"

namespace mesoclinic::storage {
namespace {

using patients::FactConfirmation;
using patients::FactGroup;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

const absl::Time kCreated = absl::FromUnixMicros(1'700'000'000'000'000);
const absl::Time kUpdated = kCreated + absl::Hours(24 * 200);

patients::Patient Patient(std::string id) {
  patients::Patient patient;
  patient.id = std::move(id);
  patient.given_name = "Camille";
  patient.family_name = "Martin";
  patient.date_of_birth = absl::CivilDay(1985, 4, 12);
  patient.sex = patients::Sex::kFemale;
  patient.create_time = kCreated;
  patient.update_time = kUpdated;
  return patient;
}

class FactConfirmationStorageTest : public MigratedDatabaseTest {};

TEST_F(FactConfirmationStorageTest, ConfirmationsAreStoredAndReplaced) {
  SqlitePatientRepository repository(*connection_);
  patients::Patient patient = Patient("p1");
  patient.clinical_facts.confirmations[FactGroup::kMedications] = {kUpdated,
                                                                   "dr-a"};
  ASSERT_TRUE(repository.Insert(patient).ok());
  EXPECT_THAT(repository.Get("p1")->clinical_facts.confirmations,
              ElementsAre(Pair(FactGroup::kMedications,
                               FactConfirmation{kUpdated, "dr-a"})));
  patient.clinical_facts.confirmations = {
      {FactGroup::kPregnancyStatus, {kUpdated, "dr-b"}}};
  ASSERT_TRUE(repository.Update(patient).ok());
  EXPECT_THAT(repository.Get("p1")->clinical_facts.confirmations,
              ElementsAre(Pair(FactGroup::kPregnancyStatus,
                               FactConfirmation{kUpdated, "dr-b"})));
}

// A database as it was before the migration: the facts, no confirmations.
class FactConfirmationMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenNewDatabase(dir_, connection_, all_));
    std::vector<Migration> before;
    for (const Migration& migration : all_) {
      if (absl::StrContains(migration.name, "fact_confirmations")) break;
      before.push_back(migration);
    }
    ASSERT_LT(before.size(), all_.size());
    ASSERT_TRUE(ApplyMigrations(*connection_, before).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> connection_;
  std::vector<Migration> all_;
};

TEST_F(FactConfirmationMigrationTest,
       RecordedFactsCountAsConfirmedAtCreationEmptyOnesStayUnknown) {
  {
    // Rows as the schema before the migration held them.
    for (const char* sql :
         {"INSERT INTO patients (id, given_name, family_name, given_name_key, "
          "family_name_key, birth_date, sex, pregnancy_status, height_cm, "
          "weight_kg, create_time, update_time) VALUES ('asked', 'A', 'B', "
          "'a', 'b', '1985-04-12', 1, 1, 165, 60, 1700000000000000, "
          "1717280000000000)",
          "INSERT INTO patient_medications (patient_id, position, name, "
          "ongoing) VALUES ('asked', 0, 'levothyroxine', 1)",
          "INSERT INTO patient_allergies (patient_id, position, substance) "
          "VALUES ('asked', 0, 'latex')",
          "INSERT INTO patient_conditions (patient_id, position, code) "
          "VALUES ('asked', 0, 'diabetes')",
          "INSERT INTO patients (id, given_name, family_name, given_name_key, "
          "family_name_key, birth_date, sex, height_cm, create_time, "
          "update_time) VALUES ('never', 'C', 'D', 'c', 'd', '1990-01-01', 1, "
          "170, 1700000000000000, 1717280000000000)"}) {
      connection_->Execute(sql);
    }
  }
  ASSERT_TRUE(ApplyMigrations(*connection_, all_).ok());
  SqlitePatientRepository repository(*connection_);
  const FactConfirmation at_creation{kCreated, ""};
  const absl::StatusOr<patients::Patient> asked = repository.Get("asked");
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_THAT(asked->clinical_facts.confirmations,
              ElementsAre(Pair(FactGroup::kPregnancyStatus, at_creation),
                          Pair(FactGroup::kMedications, at_creation),
                          Pair(FactGroup::kAllergies, at_creation),
                          Pair(FactGroup::kConditions, at_creation),
                          Pair(FactGroup::kBodyMeasurements, at_creation)));
  // Nothing lost: the facts read as they were written.
  EXPECT_EQ(asked->clinical_facts.medications.size(), 1u);
  EXPECT_EQ(asked->clinical_facts.allergies.size(), 1u);
  // A height without a weight, nothing else: never asked, so unknown.
  const absl::StatusOr<patients::Patient> never = repository.Get("never");
  ASSERT_TRUE(never.ok()) << never.status();
  EXPECT_THAT(never->clinical_facts.confirmations, IsEmpty());
  EXPECT_EQ(never->clinical_facts.height_cm, 170);
}

}  // namespace
}  // namespace mesoclinic::storage
