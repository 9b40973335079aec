#include "core/patients/patient_rules.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/patients/patient.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::patients {
namespace {

using ::testing::HasSubstr;

constexpr absl::CivilDay kToday(2026, 11, 22);

// INVALID_ARGUMENT whose message is exactly "<field>: ..." and states `rule`.
MATCHER_P2(IsFieldError, field, rule,
           absl::StrCat("is INVALID_ARGUMENT \"", field, ": ...", rule,
                        "...\"")) {
  if (arg.code() != absl::StatusCode::kInvalidArgument) {
    *result_listener << "code is " << absl::StatusCodeToString(arg.code())
                     << ": " << arg.message();
    return false;
  }
  const std::string message(arg.message());
  if (message.rfind(absl::StrCat(field, ": "), 0) != 0) {
    *result_listener << "message \"" << message << "\" names another field";
    return false;
  }
  if (message.find(rule) == std::string::npos) {
    *result_listener << "message \"" << message << "\" states another rule";
    return false;
  }
  return true;
}

MATCHER(IsOk, "is OK") {
  if (arg.ok()) return true;
  *result_listener << arg.message();
  return false;
}

Patient ValidPatient() {
  Patient patient;
  patient.given_name = "Amélie";
  patient.family_name = "Durand";
  patient.date_of_birth = absl::CivilDay(1985, 4, 12);
  patient.sex = Sex::kFemale;
  return patient;
}

// Every optional part filled in with valid values, so that one change makes
// exactly one rule fail.
Patient FullPatient() {
  Patient patient = ValidPatient();
  patient.contact.phone = "+33 6 12 34 56 78";
  patient.contact.email = "amelie.durand@example.fr";
  patient.contact.address = {.line1 = "12 rue des Lilas",
                             .line2 = "Bâtiment B",
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
       .last_taken = kToday - 3},
      {.name = "Warfarin",
       .dose = "5 mg",
       .is_anticoagulant = true,
       .ongoing = true}};
  patient.clinical_facts.allergies = {
      {.substance = "Lidocaine", .reaction = "hives",
       .severity = AllergySeverity::kModerate},
      {.substance = "Latex", .severity = AllergySeverity::kMild}};
  patient.clinical_facts.conditions = {
      {.code = "diabetes_type2", .note = "Diet-controlled."},
      {.code = "active_skin_infection"}};
  patient.clinical_facts.pregnancy_status = PregnancyStatus::kNotPregnant;
  patient.clinical_facts.height_cm = 168;
  patient.clinical_facts.weight_kg = 61.5;
  patient.notes = "First visit 2026-10-01.\nPrefers morning appointments.";
  return patient;
}

absl::Status Validate(const Patient& patient) {
  return ValidatePatient(patient, kToday);
}

std::string Repeat(absl::string_view unit, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) absl::StrAppend(&text, unit);
  return text;
}

TEST(PatientRulesTest, AcceptsAMinimalPatient) {
  EXPECT_THAT(Validate(ValidPatient()), IsOk());
}

TEST(PatientRulesTest, AcceptsAFullyPopulatedPatient) {
  EXPECT_THAT(Validate(FullPatient()), IsOk());
}

// --- Free-text fields: one parameterised suite per rule ----------------------

struct TextField {
  std::string path;
  std::function<void(Patient&, const std::string&)> set;
  bool required;
  std::size_t max_length;
  bool multiline = false;
};

void PrintTo(const TextField& field, std::ostream* os) { *os << field.path; }

std::vector<TextField> TextFields() {
  return {
      {"patient.given_name",
       [](Patient& p, const std::string& v) { p.given_name = v; }, true, 100},
      {"patient.family_name",
       [](Patient& p, const std::string& v) { p.family_name = v; }, true, 100},
      {"patient.contact.address.line1",
       [](Patient& p, const std::string& v) { p.contact.address.line1 = v; },
       false, 200},
      {"patient.contact.address.line2",
       [](Patient& p, const std::string& v) { p.contact.address.line2 = v; },
       false, 200},
      {"patient.contact.address.city",
       [](Patient& p, const std::string& v) { p.contact.address.city = v; },
       false, 100},
      {"patient.contact.address.region",
       [](Patient& p, const std::string& v) { p.contact.address.region = v; },
       false, 100},
      {"patient.contact.address.postal_code",
       [](Patient& p, const std::string& v) {
         p.contact.address.postal_code = v;
       },
       false, 20},
      {"patient.emergency_contact.name",
       [](Patient& p, const std::string& v) { p.emergency_contact.name = v; },
       true, 200},
      {"patient.emergency_contact.relationship",
       [](Patient& p, const std::string& v) {
         p.emergency_contact.relationship = v;
       },
       false, 100},
      {"patient.clinical_facts.medications[1].name",
       [](Patient& p, const std::string& v) {
         p.clinical_facts.medications[1].name = v;
       },
       true, 200},
      {"patient.clinical_facts.medications[0].dose",
       [](Patient& p, const std::string& v) {
         p.clinical_facts.medications[0].dose = v;
       },
       false, 200},
      {"patient.clinical_facts.allergies[1].substance",
       [](Patient& p, const std::string& v) {
         p.clinical_facts.allergies[1].substance = v;
       },
       true, 200},
      {"patient.clinical_facts.allergies[0].reaction",
       [](Patient& p, const std::string& v) {
         p.clinical_facts.allergies[0].reaction = v;
       },
       false, 200},
      {"patient.clinical_facts.conditions[1].note",
       [](Patient& p, const std::string& v) {
         p.clinical_facts.conditions[1].note = v;
       },
       false, 500},
      {"patient.notes", [](Patient& p, const std::string& v) { p.notes = v; },
       false, kMaxNotesLength, /*multiline=*/true},
  };
}

class TextFieldRulesTest : public ::testing::TestWithParam<TextField> {
 protected:
  absl::Status ValidateWith(const std::string& value) {
    Patient patient = FullPatient();
    GetParam().set(patient, value);
    return Validate(patient);
  }
};

TEST_P(TextFieldRulesTest, EmptyIsRefusedOnlyWhenRequired) {
  if (GetParam().required) {
    EXPECT_THAT(ValidateWith(""),
                IsFieldError(GetParam().path, "must not be empty"));
  } else {
    EXPECT_THAT(ValidateWith(""), IsOk());
  }
}

TEST_P(TextFieldRulesTest, BlankIsRefusedOnlyWhenRequired) {
  if (GetParam().required) {
    EXPECT_THAT(ValidateWith("   "),
                IsFieldError(GetParam().path, "must not be blank"));
  } else {
    EXPECT_THAT(ValidateWith("   "), IsOk());
  }
}

TEST_P(TextFieldRulesTest, AcceptsTheMaximumLengthInCodePoints) {
  // "é" is two bytes: the limit counts characters, not bytes.
  EXPECT_THAT(ValidateWith(Repeat("\xC3\xA9", GetParam().max_length)), IsOk());
  EXPECT_THAT(ValidateWith(std::string(GetParam().max_length, 'a')), IsOk());
}

TEST_P(TextFieldRulesTest, RefusesOneCharacterOverTheMaximumLength) {
  EXPECT_THAT(
      ValidateWith(std::string(GetParam().max_length + 1, 'a')),
      IsFieldError(GetParam().path,
                   absl::StrCat("must be at most ", GetParam().max_length,
                                " characters long")));
}

TEST_P(TextFieldRulesTest, RefusesControlCharacters) {
  for (const std::string& value :
       {std::string("a\x01" "b"), std::string("a\x1B" "b"),
        std::string("a\x7F"), std::string("a\0b", 3),
        std::string("a\xC2\x85" "b")}) {
    SCOPED_TRACE(absl::CEscape(value));
    EXPECT_THAT(ValidateWith(value),
                IsFieldError(GetParam().path,
                             "must not contain control characters"));
  }
}

TEST_P(TextFieldRulesTest, LineBreaksAndTabsAreAllowedOnlyInMultilineFields) {
  for (const std::string& value : {std::string("one\ntwo"),
                                  std::string("one\r\ntwo"),
                                  std::string("one\ttwo")}) {
    SCOPED_TRACE(absl::CEscape(value));
    if (GetParam().multiline) {
      EXPECT_THAT(ValidateWith(value), IsOk());
    } else {
      EXPECT_THAT(ValidateWith(value),
                  IsFieldError(GetParam().path,
                               "must not contain control characters"));
    }
  }
}

TEST_P(TextFieldRulesTest, RefusesInvalidUtf8) {
  for (const std::string& value :
       {std::string("Am\xC3"), std::string("\xC0\xAF"),
        std::string("\xED\xA0\x80"), std::string("a\xFF" "b")}) {
    SCOPED_TRACE(absl::CEscape(value));
    EXPECT_THAT(ValidateWith(value),
                IsFieldError(GetParam().path, "must be valid UTF-8"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllTextFields, TextFieldRulesTest, ::testing::ValuesIn(TextFields()),
    [](const ::testing::TestParamInfo<TextField>& info) {
      std::string name;
      for (char c : info.param.path) {
        name += absl::ascii_isalnum(static_cast<unsigned char>(c)) ? c : '_';
      }
      return name;
    });

// --- Date of birth ----------------------------------------------------------

TEST(PatientRulesTest, RejectsADateOfBirthInTheFuture) {
  Patient patient = ValidPatient();
  patient.date_of_birth = kToday + 1;
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.date_of_birth", "must not be in the future"));
}

TEST(PatientRulesTest, AcceptsADateOfBirthOfToday) {
  Patient patient = ValidPatient();
  patient.date_of_birth = kToday;
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RejectsADateOfBirthBefore1900) {
  Patient patient = ValidPatient();
  patient.date_of_birth = absl::CivilDay(1899, 12, 31);
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.date_of_birth",
                           "must not be before 1900-01-01"));
}

TEST(PatientRulesTest, AcceptsADateOfBirthOfJanuaryFirst1900) {
  Patient patient = ValidPatient();
  patient.date_of_birth = absl::CivilDay(1900, 1, 1);
  EXPECT_THAT(Validate(patient), IsOk());
}

// --- Sex --------------------------------------------------------------------

TEST(PatientRulesTest, RequiresSex) {
  Patient patient = ValidPatient();
  patient.sex = Sex::kUnspecified;
  EXPECT_THAT(Validate(patient), IsFieldError("patient.sex", "is required"));
}

TEST(PatientRulesTest, AcceptsEverySpecifiedSex) {
  for (Sex sex : {Sex::kFemale, Sex::kMale, Sex::kOther, Sex::kUnknown}) {
    SCOPED_TRACE(static_cast<int>(sex));
    Patient patient = ValidPatient();
    patient.sex = sex;
    EXPECT_THAT(Validate(patient), IsOk());
  }
}

// --- Contact ----------------------------------------------------------------

TEST(PatientRulesTest, RejectsAMalformedPatientPhone) {
  Patient patient = FullPatient();
  patient.contact.phone = "06 12 AB 56 78";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.contact.phone", "may hold only digits"));
}

TEST(PatientRulesTest, RejectsAPatientPhoneWithTooFewDigits) {
  Patient patient = FullPatient();
  patient.contact.phone = "12 34 56";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.contact.phone", "must have 7 to 15 digits"));
}

TEST(PatientRulesTest, RejectsAPatientPhoneWithTooManyDigits) {
  Patient patient = FullPatient();
  patient.contact.phone = "+1234567890123456";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.contact.phone", "must have 7 to 15 digits"));
}

TEST(PatientRulesTest, AcceptsNoPatientPhoneOrEmail) {
  Patient patient = FullPatient();
  patient.contact.phone.clear();
  patient.contact.email.clear();
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RejectsAMalformedPatientEmail) {
  for (const char* email : {"amelie.durand", "amelie@localhost",
                            "amelie@@example.fr", "am elie@example.fr"}) {
    SCOPED_TRACE(email);
    Patient patient = FullPatient();
    patient.contact.email = email;
    EXPECT_THAT(Validate(patient),
                IsFieldError("patient.contact.email",
                             "must be an e-mail address"));
  }
}

// local (64) + '@' + "a...a.b...b." + "c...c"
std::string EmailOfLength(std::size_t length) {
  const std::string prefix = std::string(64, 'l') + "@" +
                             std::string(63, 'a') + "." +
                             std::string(63, 'b') + ".";
  return prefix + std::string(length - prefix.size(), 'c');
}

TEST(PatientRulesTest, AcceptsAPatientEmailOfTwoHundredCharacters) {
  Patient patient = FullPatient();
  patient.contact.email = EmailOfLength(200);
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, AcceptsAPatientEmailOf254Characters) {
  Patient patient = FullPatient();
  patient.contact.email = EmailOfLength(254);
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RejectsAPatientEmailOver254Characters) {
  Patient patient = FullPatient();
  patient.contact.email = EmailOfLength(255);
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.contact.email",
                           "must be at most 254 characters long"));
}

TEST(PatientRulesTest, RejectsControlCharactersInThePatientEmail) {
  Patient patient = FullPatient();
  patient.contact.email = "amelie\n@example.fr";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.contact.email",
                           "must not contain control characters"));
}

TEST(PatientRulesTest, AcceptsTwoUpperCaseLettersAsCountryCode) {
  for (const char* code : {"FR", "DE", "CH", ""}) {
    SCOPED_TRACE(code);
    Patient patient = FullPatient();
    patient.contact.address.country_code = code;
    EXPECT_THAT(Validate(patient), IsOk());
  }
}

TEST(PatientRulesTest, RejectsACountryCodeThatIsNotIsoAlpha2) {
  for (const char* code : {"fr", "Fr", "fR", "FRA", "F", "F1", "12", "F ",
                           "\xC3\x89\xC3\x89"}) {
    SCOPED_TRACE(code);
    Patient patient = FullPatient();
    patient.contact.address.country_code = code;
    EXPECT_THAT(Validate(patient),
                IsFieldError("patient.contact.address.country_code",
                             "must be an ISO 3166-1 alpha-2 code"));
  }
}

// --- Emergency contact ------------------------------------------------------

TEST(PatientRulesTest, AcceptsNoEmergencyContact) {
  Patient patient = FullPatient();
  patient.emergency_contact = {};
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RequiresTheEmergencyContactNameWhenAPhoneIsGiven) {
  Patient patient = ValidPatient();
  patient.emergency_contact.phone = "06 98 76 54 32";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.name",
                           "must not be empty"));
}

TEST(PatientRulesTest, RequiresTheEmergencyContactPhoneWhenANameIsGiven) {
  Patient patient = ValidPatient();
  patient.emergency_contact.name = "Paul Durand";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.phone",
                           "is required when an emergency contact is given"));
}

TEST(PatientRulesTest, RequiresNameAndPhoneWhenOnlyARelationshipIsGiven) {
  Patient patient = ValidPatient();
  patient.emergency_contact.relationship = "mother";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.name",
                           "must not be empty"));
  patient.emergency_contact.name = "Marie Durand";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.phone",
                           "is required when an emergency contact is given"));
}

TEST(PatientRulesTest, RejectsAMalformedEmergencyContactPhone) {
  Patient patient = FullPatient();
  patient.emergency_contact.phone = "call my brother";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.phone",
                           "may hold only digits"));
  patient.emergency_contact.phone = "123";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.emergency_contact.phone",
                           "must have 7 to 15 digits"));
}

// --- Medications, allergies, conditions -------------------------------------

TEST(PatientRulesTest, RequiresAMedicationNameAndNamesItsIndex) {
  Patient patient = FullPatient();
  patient.clinical_facts.medications[1].name = "";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.clinical_facts.medications[1].name",
                           "must not be empty"));
}

TEST(PatientRulesTest, RejectsAMedicationLastTakenInTheFuture) {
  Patient patient = FullPatient();
  patient.clinical_facts.medications[1].last_taken = kToday + 1;
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.clinical_facts.medications[1].last_taken",
                           "must not be in the future"));
}

TEST(PatientRulesTest, AcceptsAMedicationLastTakenToday) {
  Patient patient = FullPatient();
  patient.clinical_facts.medications[0].last_taken = kToday;
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, AcceptsAMedicationWithoutALastTakenDate) {
  Patient patient = FullPatient();
  patient.clinical_facts.medications[0].last_taken.reset();
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RequiresAnAllergySubstanceAndNamesItsIndex) {
  Patient patient = FullPatient();
  patient.clinical_facts.allergies.push_back({.reaction = "swelling"});
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.clinical_facts.allergies[2].substance",
                           "must not be empty"));
}

TEST(PatientRulesTest, AcceptsConditionCodesOfTheDocumentedShape) {
  for (const std::string& code :
       {std::string("a"), std::string("diabetes"),
        std::string("active_skin_infection"), std::string("type2_diabetes"),
        std::string("x") + std::string(63, '9')}) {
    SCOPED_TRACE(code);
    Patient patient = FullPatient();
    patient.clinical_facts.conditions[0].code = code;
    EXPECT_THAT(Validate(patient), IsOk());
  }
}

TEST(PatientRulesTest, RejectsMalformedConditionCodes) {
  for (const std::string& code :
       {std::string(""), std::string("Diabetes"), std::string("DIABETES"),
        std::string("2diabetes"), std::string("_diabetes"),
        std::string("skin-infection"), std::string("skin infection"),
        std::string("diab\xC3\xA8te"), std::string("x") + std::string(64, 'a')}) {
    SCOPED_TRACE(code);
    Patient patient = FullPatient();
    patient.clinical_facts.conditions[1].code = code;
    EXPECT_THAT(Validate(patient),
                IsFieldError("patient.clinical_facts.conditions[1].code",
                             "must be a lower-case letter followed by"));
  }
}

struct ClinicalList {
  std::string path;
  std::function<void(Patient&, std::size_t)> fill;
};

void PrintTo(const ClinicalList& list, std::ostream* os) { *os << list.path; }

class ClinicalListSizeTest : public ::testing::TestWithParam<ClinicalList> {
 protected:
  absl::Status ValidateWithEntries(std::size_t count) {
    Patient patient = FullPatient();
    GetParam().fill(patient, count);
    return Validate(patient);
  }
};

TEST_P(ClinicalListSizeTest, AcceptsOneHundredEntries) {
  EXPECT_THAT(ValidateWithEntries(kMaxListEntries), IsOk());
}

TEST_P(ClinicalListSizeTest, RejectsOneHundredAndOneEntries) {
  EXPECT_THAT(ValidateWithEntries(kMaxListEntries + 1),
              IsFieldError(GetParam().path, "must have at most 100 entries"));
}

INSTANTIATE_TEST_SUITE_P(
    AllLists, ClinicalListSizeTest,
    ::testing::Values(
        ClinicalList{"patient.clinical_facts.medications",
                     [](Patient& p, std::size_t n) {
                       p.clinical_facts.medications.assign(
                           n, {.name = "Arnica", .dose = "5 CH"});
                     }},
        ClinicalList{"patient.clinical_facts.allergies",
                     [](Patient& p, std::size_t n) {
                       p.clinical_facts.allergies.assign(
                           n, {.substance = "Pollen"});
                     }},
        ClinicalList{"patient.clinical_facts.conditions",
                     [](Patient& p, std::size_t n) {
                       p.clinical_facts.conditions.assign(
                           n, {.code = "rosacea"});
                     }}),
    [](const ::testing::TestParamInfo<ClinicalList>& info) {
      return info.param.path.substr(info.param.path.rfind('.') + 1);
    });

// --- Height and weight ------------------------------------------------------

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

TEST(PatientRulesTest, AcceptsHeightsInRangeAndZeroForUnknown) {
  for (double height : {0.0, kMinHeightCm, 40.0, 168.5, kMaxHeightCm, 272.0}) {
    SCOPED_TRACE(height);
    Patient patient = FullPatient();
    patient.clinical_facts.height_cm = height;
    patient.clinical_facts.weight_kg = 0;  // Unknown: no body-mass index.
    EXPECT_THAT(Validate(patient), IsOk());
  }
}

TEST(PatientRulesTest, RejectsImplausibleHeights) {
  for (double height : {39.99, 272.01, 1.0, 1000.0, -0.5, -170.0, kNaN,
                        kInfinity, -kInfinity}) {
    SCOPED_TRACE(height);
    Patient patient = FullPatient();
    patient.clinical_facts.height_cm = height;
    EXPECT_THAT(Validate(patient),
                IsFieldError("patient.clinical_facts.height_cm",
                             "must be 0 (unknown) or between 40 and 272 cm"));
  }
}

TEST(PatientRulesTest, AcceptsWeightsInRangeAndZeroForUnknown) {
  for (double weight : {0.0, kMinWeightKg, 2.0, 61.5, kMaxWeightKg, 650.0}) {
    SCOPED_TRACE(weight);
    Patient patient = FullPatient();
    patient.clinical_facts.weight_kg = weight;
    patient.clinical_facts.height_cm = 0;  // Unknown: no body-mass index.
    EXPECT_THAT(Validate(patient), IsOk());
  }
}

// Height and weight each in range can still make a body-mass index no
// patient has (and the plugins refuse): one of them was mistyped.
TEST(PatientRulesTest, RejectsABodyMassIndexAboveTwoHundred) {
  Patient patient = FullPatient();
  patient.clinical_facts.height_cm = 185;
  patient.clinical_facts.weight_kg = 635;  // The heaviest on record: ~186.
  EXPECT_THAT(Validate(patient), IsOk());
  patient.clinical_facts.height_cm = 40;
  patient.clinical_facts.weight_kg = 61.5;  // 384: 4.0 typed for 140?
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.clinical_facts.weight_kg",
                           "gives a body-mass index above 200"));
}

TEST(PatientRulesTest, RejectsImplausibleWeights) {
  for (double weight : {1.99, 650.01, 0.5, 5000.0, -1.0, -61.5, kNaN,
                        kInfinity, -kInfinity}) {
    SCOPED_TRACE(weight);
    Patient patient = FullPatient();
    patient.clinical_facts.weight_kg = weight;
    EXPECT_THAT(Validate(patient),
                IsFieldError("patient.clinical_facts.weight_kg",
                             "must be 0 (unknown) or between 2 and 650 kg"));
  }
}

// --- Notes ------------------------------------------------------------------

TEST(PatientRulesTest, AcceptsMultilineNotesUpToTenThousandCharacters) {
  Patient patient = FullPatient();
  patient.notes = Repeat("Ligne \xC3\xA9\n", kMaxNotesLength / 8);
  ASSERT_EQ(mesoclinic::CodePointCount(patient.notes), kMaxNotesLength);
  EXPECT_THAT(Validate(patient), IsOk());
}

TEST(PatientRulesTest, RejectsNotesOverTenThousandCharacters) {
  Patient patient = FullPatient();
  patient.notes = Repeat("Ligne \xC3\xA9\n", kMaxNotesLength / 8) + "!";
  EXPECT_THAT(Validate(patient),
              IsFieldError("patient.notes",
                           "must be at most 10000 characters long"));
}

// --- patient.h: BMI, etag, search key ---------------------------------------

TEST(ClinicalFactsTest, ComputesBmiFromHeightAndWeight) {
  ClinicalFacts facts;
  facts.height_cm = 180;
  facts.weight_kg = 81;
  EXPECT_DOUBLE_EQ(facts.Bmi(), 25.0);
  facts.height_cm = 160;
  facts.weight_kg = 64;
  EXPECT_DOUBLE_EQ(facts.Bmi(), 25.0);
  facts.height_cm = 172.5;
  facts.weight_kg = 58.3;
  EXPECT_NEAR(facts.Bmi(), 58.3 / (1.725 * 1.725), 1e-9);
}

TEST(ClinicalFactsTest, BmiIsZeroWhenHeightOrWeightIsUnknown) {
  ClinicalFacts facts;
  EXPECT_EQ(facts.Bmi(), 0);
  facts.height_cm = 180;
  EXPECT_EQ(facts.Bmi(), 0);
  facts.height_cm = 0;
  facts.weight_kg = 81;
  EXPECT_EQ(facts.Bmi(), 0);
}

TEST(ClinicalFactsTest, BmiIsZeroForNegativeMeasurements) {
  ClinicalFacts facts;
  facts.height_cm = -180;
  facts.weight_kg = 81;
  EXPECT_EQ(facts.Bmi(), 0);
  facts.height_cm = 180;
  facts.weight_kg = -81;
  EXPECT_EQ(facts.Bmi(), 0);
}

TEST(PatientEtagTest, IsAnOpaqueTokenWithoutQuoteMarks) {
  Patient patient;
  patient.id = "p1";
  EXPECT_THAT(patient.Etag(), ::testing::MatchesRegex("r1-[0-9a-f]{8}"));
  patient.revision = 42;
  EXPECT_THAT(patient.Etag(), ::testing::MatchesRegex("r42-[0-9a-f]{8}"));
  Patient other = patient;
  other.id = "p2";
  EXPECT_NE(other.Etag(), patient.Etag()) << "same revision, another patient";
}

TEST(PatientEtagTest, ChangesWithTheRevisionAndOnlyWithIt) {
  Patient before = FullPatient();
  before.revision = 7;
  Patient renamed = before;
  renamed.given_name = "Amandine";
  EXPECT_EQ(renamed.Etag(), before.Etag());
  Patient next = before;
  next.revision = 8;
  EXPECT_NE(next.Etag(), before.Etag());
}

TEST(NameSearchKeyTest, LowerCasesAsciiLetters) {
  EXPECT_EQ(NameSearchKey("Durand"), "durand");
  EXPECT_EQ(NameSearchKey("McDONALD"), "mcdonald");
  EXPECT_EQ(NameSearchKey(""), "");
}

TEST(NameSearchKeyTest, KeepsOtherCharactersAsTheyAre) {
  EXPECT_EQ(NameSearchKey("O'Brien-Smith 2"), "o'brien-smith 2");
  // Only ASCII letters are folded: "É" stays, "LODIE" becomes "lodie".
  EXPECT_EQ(NameSearchKey("\xC3\x89LODIE"), "\xC3\x89lodie");
  EXPECT_EQ(NameSearchKey("Am\xC3\xA9lie"), "am\xC3\xA9lie");
}

// A form with several mistakes is refused once, naming each: the front desk
// corrects all of them in one round instead of one per submission.
TEST(PatientValidationTest, ReportsEveryFieldAtFault) {
  Patient patient = ValidPatient();
  patient.given_name = "";
  patient.sex = Sex::kUnspecified;
  patient.contact.phone = "call me";
  patient.clinical_facts.medications.push_back({.name = ""});
  patient.clinical_facts.height_cm = 900;
  const absl::Status status = ValidatePatient(patient, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), reasons::kInvalidField);
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(status)) {
    fields.push_back(violation.field);
    EXPECT_THAT(std::string(status.message()), HasSubstr(absl::StrCat(
                                                   violation.field, ": ",
                                                   violation.description)));
  }
  EXPECT_THAT(fields, ::testing::ElementsAre(
                          "patient.given_name", "patient.sex",
                          "patient.contact.phone",
                          "patient.clinical_facts.medications[0].name",
                          "patient.clinical_facts.height_cm"));
}

// One rule per field: an e-mail address that is too long is not also
// reported as malformed, and a list over its size is not checked entry by
// entry (a thousand violations would hide the one that matters).
TEST(PatientValidationTest, ReportsOneRulePerFieldAndNoEntriesOfAnOversizedList) {
  Patient patient = ValidPatient();
  patient.contact.email = std::string(300, 'a');
  patient.clinical_facts.allergies.resize(kMaxListEntries + 1);
  const std::vector<FieldViolation> violations =
      FieldViolationsOf(ValidatePatient(patient, kToday));
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "patient.contact.email");
  EXPECT_EQ(violations[1].field, "patient.clinical_facts.allergies");
}

}  // namespace
}  // namespace mesoclinic::patients
