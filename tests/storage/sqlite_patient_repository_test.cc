#include "core/storage/sqlite_patient_repository.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"

namespace mesoclinic::storage {
namespace {

using patients::AllergySeverity;
using patients::Patient;
using patients::PatientPage;
using patients::PatientQuery;
using patients::PregnancyStatus;
using patients::Sex;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::FieldsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

// Whole microseconds: the stored precision.
absl::Time At(int64_t micros) { return absl::FromUnixMicros(micros); }

Patient MinimalPatient(std::string id, std::string given, std::string family) {
  Patient patient;
  patient.id = std::move(id);
  patient.given_name = std::move(given);
  patient.family_name = std::move(family);
  patient.date_of_birth = absl::CivilDay(1985, 4, 12);
  patient.sex = Sex::kFemale;
  patient.create_time = At(1'790'000'000'000'000);
  patient.update_time = patient.create_time;
  return patient;
}

Patient FullPatient(std::string id) {
  Patient patient = MinimalPatient(std::move(id), "Amélie", "Durand-Lefèvre");
  patient.date_of_birth = absl::CivilDay(1984, 2, 29);
  patient.sex = Sex::kOther;
  patient.contact.phone = "+33 6 12 34 56 78";
  patient.contact.email = "amelie.durand@example.fr";
  patient.contact.address = {.line1 = "12 rue des Lilas",
                             .line2 = "Bâtiment B, 3e étage",
                             .city = "Lyon",
                             .region = "Auvergne-Rhône-Alpes",
                             .postal_code = "69003",
                             .country_code = "FR"};
  patient.emergency_contact = {.name = "Paul Durand",
                               .relationship = "brother",
                               .phone = "06.98.76.54.32"};
  patient.clinical_facts.medications = {
      {.name = "Ibuprofen",
       .dose = "400 mg",
       .is_nsaid = true,
       .last_taken = absl::CivilDay(2026, 11, 19)},
      {.name = "Warfarin", .dose = "5 mg", .is_anticoagulant = true,
       .ongoing = true},
      {.name = "Aspirin", .is_nsaid = true, .is_anticoagulant = true,
       .ongoing = true, .last_taken = absl::CivilDay(2026, 1, 1)}};
  patient.clinical_facts.allergies = {
      {"Lidocaine", "hives", AllergySeverity::kModerate},
      {"Latex", "", AllergySeverity::kUnspecified},
      {"Hyaluronidase", "anaphylaxis", AllergySeverity::kSevere}};
  patient.clinical_facts.conditions = {{"diabetes_type2", "Diet-controlled."},
                                       {"active_skin_infection", ""}};
  patient.clinical_facts.pregnancy_status = PregnancyStatus::kBreastfeeding;
  patient.clinical_facts.height_cm = 168.5;
  patient.clinical_facts.weight_kg = 61.25;
  patient.notes = "Première visite.\nPrefers mornings.\r\n\tFollow-up: 6 weeks.";
  patient.archived = true;
  patient.archive_time = At(1'790'000'300'000'001);
  patient.create_time = At(1'790'000'000'123'456);
  patient.update_time = At(1'790'000'200'654'321);
  patient.revision = 7;
  return patient;
}

void ExpectSamePatient(const Patient& actual, const Patient& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.given_name, expected.given_name);
  EXPECT_EQ(actual.family_name, expected.family_name);
  EXPECT_EQ(actual.date_of_birth, expected.date_of_birth);
  EXPECT_EQ(actual.sex, expected.sex);
  EXPECT_EQ(actual.contact.phone, expected.contact.phone);
  EXPECT_EQ(actual.contact.email, expected.contact.email);
  const auto& a = actual.contact.address;
  const auto& e = expected.contact.address;
  EXPECT_EQ(a.line1, e.line1);
  EXPECT_EQ(a.line2, e.line2);
  EXPECT_EQ(a.city, e.city);
  EXPECT_EQ(a.region, e.region);
  EXPECT_EQ(a.postal_code, e.postal_code);
  EXPECT_EQ(a.country_code, e.country_code);
  EXPECT_EQ(actual.emergency_contact.name, expected.emergency_contact.name);
  EXPECT_EQ(actual.emergency_contact.relationship,
            expected.emergency_contact.relationship);
  EXPECT_EQ(actual.emergency_contact.phone, expected.emergency_contact.phone);
  const auto& af = actual.clinical_facts;
  const auto& ef = expected.clinical_facts;
  ASSERT_EQ(af.medications.size(), ef.medications.size());
  for (std::size_t i = 0; i < af.medications.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("medications[", i, "]"));
    EXPECT_EQ(af.medications[i].name, ef.medications[i].name);
    EXPECT_EQ(af.medications[i].dose, ef.medications[i].dose);
    EXPECT_EQ(af.medications[i].is_nsaid, ef.medications[i].is_nsaid);
    EXPECT_EQ(af.medications[i].is_anticoagulant,
              ef.medications[i].is_anticoagulant);
    EXPECT_EQ(af.medications[i].ongoing, ef.medications[i].ongoing);
    EXPECT_EQ(af.medications[i].last_taken, ef.medications[i].last_taken);
  }
  ASSERT_EQ(af.allergies.size(), ef.allergies.size());
  for (std::size_t i = 0; i < af.allergies.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("allergies[", i, "]"));
    EXPECT_EQ(af.allergies[i].substance, ef.allergies[i].substance);
    EXPECT_EQ(af.allergies[i].reaction, ef.allergies[i].reaction);
    EXPECT_EQ(af.allergies[i].severity, ef.allergies[i].severity);
  }
  ASSERT_EQ(af.conditions.size(), ef.conditions.size());
  for (std::size_t i = 0; i < af.conditions.size(); ++i) {
    SCOPED_TRACE(absl::StrCat("conditions[", i, "]"));
    EXPECT_EQ(af.conditions[i].code, ef.conditions[i].code);
    EXPECT_EQ(af.conditions[i].note, ef.conditions[i].note);
  }
  EXPECT_EQ(af.pregnancy_status, ef.pregnancy_status);
  EXPECT_EQ(af.height_cm, ef.height_cm);
  EXPECT_EQ(af.weight_kg, ef.weight_kg);
  EXPECT_EQ(actual.notes, expected.notes);
  EXPECT_EQ(actual.archived, expected.archived);
  EXPECT_EQ(actual.archive_time, expected.archive_time);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
  EXPECT_EQ(actual.revision, expected.revision);
}

class SqlitePatientRepositoryTest : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    repository_ = std::make_unique<SqlitePatientRepository>(*connection_);
  }

  void Insert(const Patient& patient) {
    const absl::Status status = repository_->Insert(patient);
    ASSERT_TRUE(status.ok()) << patient.id << ": " << status;
  }

  PatientPage List(const PatientQuery& query) {
    absl::StatusOr<PatientPage> page = repository_->List(query);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *std::move(page) : PatientPage{};
  }

  static std::vector<std::string> Ids(const PatientPage& page) {
    std::vector<std::string> ids;
    for (const Patient& patient : page.patients) ids.push_back(patient.id);
    return ids;
  }

  std::vector<std::string> ListIds(const PatientQuery& query) {
    return Ids(List(query));
  }

  std::unique_ptr<SqlitePatientRepository> repository_;
};

// --- Insert / Get / Update ---------------------------------------------------

TEST_F(SqlitePatientRepositoryTest, RoundTripsEveryField) {
  const Patient patient = FullPatient("p1");
  Insert(patient);
  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  ExpectSamePatient(*stored, patient);
}

TEST_F(SqlitePatientRepositoryTest, RoundTripsAMinimalPatient) {
  const Patient patient = MinimalPatient("p1", "Jo", "Li");
  Insert(patient);
  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  ExpectSamePatient(*stored, patient);
  EXPECT_EQ(stored->archive_time, std::nullopt);
  EXPECT_THAT(stored->clinical_facts.medications, IsEmpty());
}

TEST_F(SqlitePatientRepositoryTest, KeepsTheOrderOfClinicalLists) {
  Patient patient = MinimalPatient("p1", "Amélie", "Durand");
  for (const char* name : {"Zinc", "Aspirin", "Magnesium", "Biotin"}) {
    patient.clinical_facts.medications.push_back({.name = name});
  }
  for (const char* code : {"rosacea", "diabetes", "keloids"}) {
    patient.clinical_facts.conditions.push_back({.code = code});
  }
  for (const char* substance : {"Nickel", "Latex"}) {
    patient.clinical_facts.allergies.push_back({.substance = substance});
  }
  Insert(patient);
  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  std::vector<std::string> medications, conditions, allergies;
  for (const auto& m : stored->clinical_facts.medications)
    medications.push_back(m.name);
  for (const auto& c : stored->clinical_facts.conditions)
    conditions.push_back(c.code);
  for (const auto& a : stored->clinical_facts.allergies)
    allergies.push_back(a.substance);
  EXPECT_THAT(medications, ElementsAre("Zinc", "Aspirin", "Magnesium", "Biotin"));
  EXPECT_THAT(conditions, ElementsAre("rosacea", "diabetes", "keloids"));
  EXPECT_THAT(allergies, ElementsAre("Nickel", "Latex"));
}

TEST_F(SqlitePatientRepositoryTest, KeepsClinicalListsOfPatientsApart) {
  Patient first = MinimalPatient("p1", "A", "A");
  first.clinical_facts.medications = {{.name = "Only-for-p1"}};
  Patient second = MinimalPatient("p2", "B", "B");
  second.clinical_facts.allergies = {{.substance = "Only-for-p2"}};
  Insert(first);
  Insert(second);
  const absl::StatusOr<Patient> stored = repository_->Get("p2");
  ASSERT_TRUE(stored.ok());
  EXPECT_THAT(stored->clinical_facts.medications, IsEmpty());
  ASSERT_EQ(stored->clinical_facts.allergies.size(), 1u);
  EXPECT_EQ(stored->clinical_facts.allergies[0].substance, "Only-for-p2");
}

TEST_F(SqlitePatientRepositoryTest, GetOfAnUnknownIdIsNotFound) {
  const absl::StatusOr<Patient> stored = repository_->Get("nobody");
  EXPECT_EQ(stored.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(stored.status().message()),
              HasSubstr("patients/nobody"));
}

TEST_F(SqlitePatientRepositoryTest, InsertOfATakenIdIsAlreadyExists) {
  const Patient original = FullPatient("p1");
  Insert(original);
  Patient clash = MinimalPatient("p1", "Other", "Person");
  clash.clinical_facts.medications = {{.name = "Should not be stored"}};
  const absl::Status status = repository_->Insert(clash);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;

  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok());
  ExpectSamePatient(*stored, original);
}

TEST_F(SqlitePatientRepositoryTest, UpdateReplacesEveryFieldAndTheLists) {
  Insert(FullPatient("p1"));

  Patient updated = FullPatient("p1");
  updated.given_name = "Amandine";
  updated.family_name = "Martin";
  updated.date_of_birth = absl::CivilDay(1990, 12, 31);
  updated.sex = Sex::kFemale;
  updated.contact = {.phone = "0612345678"};
  updated.emergency_contact = {};
  updated.clinical_facts.medications = {
      {.name = "Paracetamol", .dose = "1 g", .ongoing = true},
      {.name = "Ibuprofen", .is_nsaid = true}};
  updated.clinical_facts.allergies.clear();
  updated.clinical_facts.conditions = {{"rosacea", "mild"}};
  updated.clinical_facts.pregnancy_status = PregnancyStatus::kPregnant;
  updated.clinical_facts.height_cm = 0;
  updated.clinical_facts.weight_kg = 70;
  updated.notes = "";
  updated.archived = false;
  updated.archive_time.reset();
  updated.update_time = At(1'790'000'900'000'000);
  updated.revision = 8;
  ASSERT_TRUE(repository_->Update(updated).ok());

  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  ExpectSamePatient(*stored, updated);
}

TEST_F(SqlitePatientRepositoryTest, UpdateCanEmptyEveryList) {
  Insert(FullPatient("p1"));
  Patient updated = FullPatient("p1");
  updated.clinical_facts.medications.clear();
  updated.clinical_facts.allergies.clear();
  updated.clinical_facts.conditions.clear();
  ASSERT_TRUE(repository_->Update(updated).ok());
  const absl::StatusOr<Patient> stored = repository_->Get("p1");
  ASSERT_TRUE(stored.ok());
  EXPECT_THAT(stored->clinical_facts.medications, IsEmpty());
  EXPECT_THAT(stored->clinical_facts.allergies, IsEmpty());
  EXPECT_THAT(stored->clinical_facts.conditions, IsEmpty());
}

TEST_F(SqlitePatientRepositoryTest, UpdateOfAnUnknownIdIsNotFoundAndStoresNothing) {
  Patient ghost = FullPatient("ghost");
  const absl::Status status = repository_->Update(ghost);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("patients/ghost"));
  EXPECT_EQ(repository_->Get("ghost").status().code(),
            absl::StatusCode::kNotFound);
  // No orphaned list rows either.
  Insert(MinimalPatient("ghost", "G", "G"));
  const absl::StatusOr<Patient> stored = repository_->Get("ghost");
  ASSERT_TRUE(stored.ok());
  EXPECT_THAT(stored->clinical_facts.medications, IsEmpty());
}

TEST_F(SqlitePatientRepositoryTest, UpdateUpdatesTheSearchKeys) {
  Insert(MinimalPatient("p1", "Amélie", "Durand"));
  Patient renamed = MinimalPatient("p1", "Amélie", "Zola");
  ASSERT_TRUE(repository_->Update(renamed).ok());
  EXPECT_THAT(ListIds({.name_prefix_key = "dur"}), IsEmpty());
  EXPECT_THAT(ListIds({.name_prefix_key = "zol"}), ElementsAre("p1"));
}

// --- List -------------------------------------------------------------------

TEST_F(SqlitePatientRepositoryTest, ListsByFamilyThenGivenNameThenIdIgnoringCase) {
  Insert(MinimalPatient("p5", "Bob", "Martin"));
  Insert(MinimalPatient("p3", "anna", "Martin"));
  Insert(MinimalPatient("p2", "Anna", "martin"));
  Insert(MinimalPatient("p4", "Zoé", "Adam"));
  Insert(MinimalPatient("p1", "Claire", "Durand"));
  Insert(MinimalPatient("p0", "ANNA", "MARTIN"));
  EXPECT_THAT(ListIds({}), ElementsAre("p4", "p1", "p0", "p2", "p3", "p5"));
}

TEST_F(SqlitePatientRepositoryTest, ListReturnsNothingFromAnEmptyDatabase) {
  const PatientPage page = List({});
  EXPECT_THAT(page.patients, IsEmpty());
  EXPECT_EQ(page.next, std::nullopt);
}

TEST_F(SqlitePatientRepositoryTest, ListReturnsFullRecordsWithTheirLists) {
  const Patient patient = FullPatient("p1");
  Patient visible = patient;
  visible.archived = false;
  visible.archive_time.reset();
  Insert(visible);
  const PatientPage page = List({});
  ASSERT_EQ(page.patients.size(), 1u);
  ExpectSamePatient(page.patients[0], visible);
}

TEST_F(SqlitePatientRepositoryTest, NamePrefixMatchesGivenOrFamilyNameIgnoringCase) {
  Insert(MinimalPatient("dupont", "Martin", "Dupont"));
  Insert(MinimalPatient("curie", "Marie", "Curie"));
  Insert(MinimalPatient("marais", "Jean", "Marais"));
  Insert(MinimalPatient("proust", "MARCEL", "Proust"));
  Insert(MinimalPatient("durand", "Anne", "Durand"));
  Insert(MinimalPatient("lamar", "Kendrick", "Lamar"));  // "mar" inside only
  EXPECT_THAT(ListIds({.name_prefix_key = "mar"}),
              ElementsAre("curie", "dupont", "marais", "proust"));
  EXPECT_THAT(ListIds({.name_prefix_key = "marc"}), ElementsAre("proust"));
  EXPECT_THAT(ListIds({.name_prefix_key = "d"}),
              ElementsAre("dupont", "durand"));
  EXPECT_THAT(ListIds({.name_prefix_key = "durand"}), ElementsAre("durand"));
  EXPECT_THAT(ListIds({.name_prefix_key = "ar"}), IsEmpty());
  EXPECT_THAT(ListIds({.name_prefix_key = "durands"}), IsEmpty());
}

TEST_F(SqlitePatientRepositoryTest, NamePrefixWorksWithNonAsciiNames) {
  Insert(MinimalPatient("elodie", "Élodie", "Bernard"));
  Insert(MinimalPatient("emile", "Émile", "Zola"));
  Insert(MinimalPatient("eric", "Eric", "Blanc"));
  Insert(MinimalPatient("beatrice", "Béatrice", "Dalle"));
  Insert(MinimalPatient("bea", "Bea", "Arthur"));
  Insert(MinimalPatient("yamada", "Taro", "山田"));
  Insert(MinimalPatient("emoji", "😀x", "Zz"));
  EXPECT_THAT(ListIds({.name_prefix_key = patients::NameSearchKey("Él")}),
              ElementsAre("elodie"));
  EXPECT_THAT(ListIds({.name_prefix_key = patients::NameSearchKey("É")}),
              ElementsAre("elodie", "emile"));
  EXPECT_THAT(ListIds({.name_prefix_key = patients::NameSearchKey("Bé")}),
              ElementsAre("beatrice"));
  // Only ASCII letters are folded (patient.h): "É" does not find "é".
  EXPECT_THAT(ListIds({.name_prefix_key = patients::NameSearchKey("BÉ")}),
              IsEmpty());
  EXPECT_THAT(ListIds({.name_prefix_key = patients::NameSearchKey("bea")}),
              ElementsAre("bea"));
  EXPECT_THAT(ListIds({.name_prefix_key = "山"}), ElementsAre("yamada"));
  EXPECT_THAT(ListIds({.name_prefix_key = "😀"}), ElementsAre("emoji"));
  EXPECT_THAT(ListIds({.name_prefix_key = "e"}), ElementsAre("eric"));
}

TEST_F(SqlitePatientRepositoryTest, FiltersByDateOfBirth) {
  Patient a = MinimalPatient("a", "A", "A");
  a.date_of_birth = absl::CivilDay(1980, 1, 1);
  Patient b = MinimalPatient("b", "B", "B");
  b.date_of_birth = absl::CivilDay(1980, 1, 2);
  Patient c = MinimalPatient("c", "C", "C");
  c.date_of_birth = absl::CivilDay(1980, 1, 1);
  Insert(a);
  Insert(b);
  Insert(c);
  EXPECT_THAT(ListIds({.date_of_birth = absl::CivilDay(1980, 1, 1)}),
              ElementsAre("a", "c"));
  EXPECT_THAT(ListIds({.date_of_birth = absl::CivilDay(1980, 1, 2)}),
              ElementsAre("b"));
  EXPECT_THAT(ListIds({.date_of_birth = absl::CivilDay(1999, 1, 1)}), IsEmpty());
}

TEST_F(SqlitePatientRepositoryTest, CombinesNamePrefixAndDateOfBirth) {
  Patient a = MinimalPatient("a", "Marie", "Curie");
  a.date_of_birth = absl::CivilDay(1980, 1, 1);
  Patient b = MinimalPatient("b", "Marie", "Dupont");
  b.date_of_birth = absl::CivilDay(1990, 1, 1);
  Patient c = MinimalPatient("c", "Anne", "Durand");
  c.date_of_birth = absl::CivilDay(1980, 1, 1);
  Insert(a);
  Insert(b);
  Insert(c);
  EXPECT_THAT(ListIds({.name_prefix_key = "marie",
                       .date_of_birth = absl::CivilDay(1980, 1, 1)}),
              ElementsAre("a"));
}

TEST_F(SqlitePatientRepositoryTest, ExcludesArchivedPatientsUnlessAsked) {
  Insert(MinimalPatient("active", "A", "Active"));
  Patient archived = MinimalPatient("archived", "B", "Archived");
  archived.archived = true;
  archived.archive_time = At(1'790'000'500'000'000);
  Insert(archived);
  EXPECT_THAT(ListIds({}), ElementsAre("active"));
  EXPECT_THAT(ListIds({.include_archived = true}),
              ElementsAre("active", "archived"));
  EXPECT_THAT(ListIds({.name_prefix_key = "arch"}), IsEmpty());
  EXPECT_THAT(ListIds({.name_prefix_key = "arch", .include_archived = true}),
              ElementsAre("archived"));
}

TEST_F(SqlitePatientRepositoryTest, LeavesNextUnsetWhenEverythingFitsExactly) {
  for (int i = 0; i < 5; ++i) {
    Insert(MinimalPatient(absl::StrCat("p", i), "A", "A"));
  }
  const PatientPage page = List({.limit = 5});
  EXPECT_EQ(page.patients.size(), 5u);
  EXPECT_EQ(page.next, std::nullopt);
}

TEST_F(SqlitePatientRepositoryTest, SetsNextToTheLastPatientReturned) {
  Insert(MinimalPatient("p1", "Anna", "MARTIN"));
  Insert(MinimalPatient("p2", "Bob", "Martin"));
  const PatientPage page = List({.limit = 1});
  ASSERT_THAT(Ids(page), ElementsAre("p1"));
  ASSERT_TRUE(page.next.has_value());
  EXPECT_EQ(page.next->family_name_key, "martin");
  EXPECT_EQ(page.next->given_name_key, "anna");
  EXPECT_EQ(page.next->id, "p1");
}

TEST_F(SqlitePatientRepositoryTest, PagesThroughEveryPatientWithoutDuplicatesOrGaps) {
  // Shared family and given names, so pages break inside runs of equal names
  // and the id has to decide the order.
  const std::vector<std::string> families = {"Martin", "martin", "Durand",
                                             "Émile", "Zola"};
  const std::vector<std::string> givens = {"Anna", "anna", "Bob"};
  std::vector<std::string> inserted;
  int n = 0;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& family : families) {
      for (const std::string& given : givens) {
        const std::string id = absl::StrCat("id", (n * 7919) % 1000);
        ++n;
        Insert(MinimalPatient(id, given, family));
        inserted.push_back(id);
      }
    }
  }
  ASSERT_EQ(inserted.size(), 30u);
  const std::vector<std::string> everything = ListIds({.limit = 1000});
  ASSERT_EQ(everything.size(), inserted.size());

  for (int limit : {1, 4, 7, 10, 29, 30}) {
    SCOPED_TRACE(absl::StrCat("limit ", limit));
    std::vector<std::string> seen;
    PatientQuery query{.limit = limit};
    int pages = 0;
    while (true) {
      const PatientPage page = List(query);
      ++pages;
      ASSERT_LE(page.patients.size(), static_cast<std::size_t>(limit));
      for (const Patient& patient : page.patients) seen.push_back(patient.id);
      if (!page.next.has_value()) break;
      ASSERT_EQ(page.patients.size(), static_cast<std::size_t>(limit))
          << "a page before the last must be full";
      ASSERT_EQ(page.next->id, page.patients.back().id);
      query.after = page.next;
      ASSERT_LE(pages, 100) << "pagination does not end";
    }
    EXPECT_EQ(pages, (30 + limit - 1) / limit);
    EXPECT_EQ(seen, everything);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(),
              seen.size());
  }
}

TEST_F(SqlitePatientRepositoryTest, PagesThroughAFilteredListing) {
  for (int i = 0; i < 12; ++i) {
    Insert(MinimalPatient(absl::StrCat("m", i), "Marie", "Curie"));
    Insert(MinimalPatient(absl::StrCat("o", i), "Other", "Person"));
  }
  std::vector<std::string> seen;
  PatientQuery query{.name_prefix_key = "mar", .limit = 5};
  for (int pages = 0; pages < 10; ++pages) {
    const PatientPage page = List(query);
    for (const Patient& patient : page.patients) seen.push_back(patient.id);
    if (!page.next.has_value()) break;
    query.after = page.next;
  }
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) expected.push_back(absl::StrCat("m", i));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
}

TEST_F(SqlitePatientRepositoryTest, AfterAPositionSkipsEverythingUpToIt) {
  Insert(MinimalPatient("a", "Anna", "Adam"));
  Insert(MinimalPatient("b", "Bob", "Adam"));
  Insert(MinimalPatient("c", "Anna", "Brun"));
  // The position need not be a stored patient's.
  EXPECT_THAT(ListIds({.after = patients::PatientListPosition{"adam", "b", ""}}),
              ElementsAre("b", "c"));
  EXPECT_THAT(
      ListIds({.after = patients::PatientListPosition{"adam", "bob", "b"}}),
      ElementsAre("c"));
  EXPECT_THAT(ListIds({.after = patients::PatientListPosition{"zz", "", ""}}),
              IsEmpty());
}

}  // namespace
}  // namespace mesoclinic::storage
