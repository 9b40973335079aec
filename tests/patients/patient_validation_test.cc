// Every patient validation rule, through a real channel: each bad request
// gets INVALID_ARGUMENT naming the field and the rule, and stores nothing.

#include <algorithm>
#include <cctype>
#include <functional>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

struct RuleCase {
  std::string rule;
  std::function<void(v1::Patient&)> break_it;
  std::string field;        // Expected at the start of the message.
  std::string rule_words;   // Expected somewhere in the message.
};

void PrintTo(const RuleCase& rule, std::ostream* os) { *os << rule.rule; }

std::string AsId(const std::string& words) {
  std::string id;
  for (char c : words) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return id;
}

void SetDate(v1::Date* date, int year, int month, int day) {
  date->set_year(year);
  date->set_month(month);
  date->set_day(day);
}

std::vector<RuleCase> Rules() {
  return {
      {"given name required", [](v1::Patient& p) { p.clear_given_name(); },
       "patient.given_name", "must not be empty"},
      {"given name blank", [](v1::Patient& p) { p.set_given_name("   "); },
       "patient.given_name", "blank"},
      {"family name required", [](v1::Patient& p) { p.clear_family_name(); },
       "patient.family_name", "must not be empty"},
      {"family name too long",
       [](v1::Patient& p) { p.set_family_name(std::string(101, 'x')); },
       "patient.family_name", "at most 100"},
      {"name with control characters",
       [](v1::Patient& p) { p.set_given_name("Am\x07lie"); },
       "patient.given_name", "control characters"},
      {"date of birth required",
       [](v1::Patient& p) { p.clear_date_of_birth(); },
       "patient.date_of_birth", "is required"},
      {"date of birth not a calendar date",
       [](v1::Patient& p) { SetDate(p.mutable_date_of_birth(), 1990, 2, 30); },
       "patient.date_of_birth", "not a real calendar date"},
      {"date of birth month out of range",
       [](v1::Patient& p) { SetDate(p.mutable_date_of_birth(), 1990, 13, 1); },
       "patient.date_of_birth", "month"},
      {"date of birth in the future",
       [](v1::Patient& p) { SetDate(p.mutable_date_of_birth(), 2999, 1, 1); },
       "patient.date_of_birth", "future"},
      {"date of birth before 1900",
       [](v1::Patient& p) { SetDate(p.mutable_date_of_birth(), 1899, 12, 31); },
       "patient.date_of_birth", "1900"},
      {"sex required", [](v1::Patient& p) { p.clear_sex(); }, "patient.sex",
       "required"},
      {"sex out of range",
       [](v1::Patient& p) { p.set_sex(static_cast<v1::Sex>(42)); },
       "patient.sex", "not a defined value"},
      {"phone with letters",
       [](v1::Patient& p) { p.mutable_contact()->set_phone("call me maybe"); },
       "patient.contact.phone", "digits"},
      {"phone too short",
       [](v1::Patient& p) { p.mutable_contact()->set_phone("+33 12"); },
       "patient.contact.phone", "7 to 15 digits"},
      {"email without at sign",
       [](v1::Patient& p) { p.mutable_contact()->set_email("amelie.example.fr"); },
       "patient.contact.email", "e-mail address"},
      {"email without domain dot",
       [](v1::Patient& p) { p.mutable_contact()->set_email("amelie@localhost"); },
       "patient.contact.email", "e-mail address"},
      {"country code not alpha-2",
       [](v1::Patient& p) {
         p.mutable_contact()->mutable_address()->set_country_code("France");
       },
       "patient.contact.address.country_code", "ISO 3166-1"},
      {"address line too long",
       [](v1::Patient& p) {
         p.mutable_contact()->mutable_address()->set_line1(std::string(201, 'a'));
       },
       "patient.contact.address.line1", "at most 200"},
      {"emergency contact without phone",
       [](v1::Patient& p) { p.mutable_emergency_contact()->clear_phone(); },
       "patient.emergency_contact.phone", "required"},
      {"emergency contact without name",
       [](v1::Patient& p) { p.mutable_emergency_contact()->clear_name(); },
       "patient.emergency_contact.name", "must not be empty"},
      {"medication without name",
       [](v1::Patient& p) {
         p.mutable_clinical_facts()->mutable_medications(1)->clear_name();
       },
       "patient.clinical_facts.medications[1].name", "must not be empty"},
      {"medication taken in the future",
       [](v1::Patient& p) {
         SetDate(p.mutable_clinical_facts()->mutable_medications(0)->mutable_last_taken(),
                 2999, 1, 1);
       },
       "patient.clinical_facts.medications[0].last_taken", "future"},
      {"too many medications",
       [](v1::Patient& p) {
         for (int i = 0; i < 100; ++i) {
           p.mutable_clinical_facts()->add_medications()->set_name("vitamin");
         }
       },
       "patient.clinical_facts.medications", "at most 100"},
      {"allergy without substance",
       [](v1::Patient& p) {
         p.mutable_clinical_facts()->mutable_allergies(0)->clear_substance();
       },
       "patient.clinical_facts.allergies[0].substance", "must not be empty"},
      {"allergy severity out of range",
       [](v1::Patient& p) {
         p.mutable_clinical_facts()->mutable_allergies(0)->set_severity(
             static_cast<v1::AllergySeverity>(9));
       },
       "patient.clinical_facts.allergies[0].severity", "not a defined value"},
      {"condition code malformed",
       [](v1::Patient& p) {
         p.mutable_clinical_facts()->mutable_conditions(0)->set_code("Diabetes Type 2");
       },
       "patient.clinical_facts.conditions[0].code", "lower-case"},
      {"pregnancy status out of range",
       [](v1::Patient& p) {
         p.mutable_clinical_facts()->set_pregnancy_status(
             static_cast<v1::PregnancyStatus>(-3));
       },
       "patient.clinical_facts.pregnancy_status", "not a defined value"},
      {"implausible height",
       [](v1::Patient& p) { p.mutable_clinical_facts()->set_height_cm(16.5); },
       "patient.clinical_facts.height_cm", "between 40 and 272"},
      {"negative weight",
       [](v1::Patient& p) { p.mutable_clinical_facts()->set_weight_kg(-60); },
       "patient.clinical_facts.weight_kg", "between 2 and 650"},
      {"implausible weight",
       [](v1::Patient& p) { p.mutable_clinical_facts()->set_weight_kg(6000); },
       "patient.clinical_facts.weight_kg", "between 2 and 650"},
      {"notes too long",
       [](v1::Patient& p) { p.set_notes(std::string(10001, 'n')); },
       "patient.notes", "at most 10000"},
  };
}

class PatientValidationTest : public ::testing::TestWithParam<RuleCase> {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  int StoredPatients() {
    auto stub = v1::PatientService::NewStub(server_->channel());
    v1::ListPatientsRequest request;
    request.set_include_archived(true);
    v1::ListPatientsResponse response;
    EXPECT_TRUE(
        stub->ListPatients(ContextWithDeadline().get(), request, &response)
            .ok());
    return response.patients_size();
  }

  static TestServer* server_;
};

TestServer* PatientValidationTest::server_ = nullptr;

TEST_P(PatientValidationTest, CreateRefusesAndStoresNothing) {
  const RuleCase& rule = GetParam();
  auto stub = v1::PatientService::NewStub(server_->channel());
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  rule.break_it(*request.mutable_patient());
  request.set_request_id(AsId("rule-" + rule.rule));
  const int before = StoredPatients();
  v1::CreatePatientResponse response;
  const grpc::Status status =
      stub->CreatePatient(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith(rule.field + ":"));
  EXPECT_THAT(status.error_message(), HasSubstr(rule.rule_words));
  EXPECT_EQ(StoredPatients(), before);
}

TEST_P(PatientValidationTest, UpdateRefusesAndChangesNothing) {
  const RuleCase& rule = GetParam();
  auto stub = v1::PatientService::NewStub(server_->channel());
  v1::CreatePatientRequest create;
  *create.mutable_patient() = CompletePatient();
  create.set_request_id(AsId("valid-for-" + rule.rule));
  v1::CreatePatientResponse created;
  ASSERT_TRUE(
      stub->CreatePatient(ContextWithDeadline().get(), create, &created).ok());

  v1::UpdatePatientRequest update;
  *update.mutable_patient() = created.patient();
  rule.break_it(*update.mutable_patient());
  update.mutable_update_mask()->add_paths("*");
  update.set_request_id(AsId("update-" + rule.rule));
  v1::UpdatePatientResponse response;
  const grpc::Status status =
      stub->UpdatePatient(ContextWithDeadline().get(), update, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith(rule.field + ":"));

  v1::GetPatientRequest get;
  get.set_name(created.patient().name());
  v1::GetPatientResponse fetched;
  const grpc::Status get_status =
      stub->GetPatient(ContextWithDeadline().get(), get, &fetched);
  ASSERT_TRUE(get_status.ok()) << get_status.error_message();
  EXPECT_EQ(fetched.patient().etag(), created.patient().etag());
}

INSTANTIATE_TEST_SUITE_P(
    EveryRule, PatientValidationTest, ::testing::ValuesIn(Rules()),
    [](const ::testing::TestParamInfo<RuleCase>& info) {
      std::string name = AsId(info.param.rule);
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

// Proto3 forbids invalid UTF-8 in strings; a well-behaved client cannot even
// send it, so these requests are built byte by byte.
class PatientWireTest : public ::testing::Test {
 protected:
  TestServer server_;
};

TEST_F(PatientWireTest, InvalidUtf8IsInvalidArgumentNamingTheField) {
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  request.mutable_patient()->mutable_clinical_facts()->mutable_medications(1)->set_name(
      "PLACEHOLDER");
  request.set_request_id("utf8");
  std::string bytes = request.SerializeAsString();
  const std::size_t at = bytes.find("PLACEHOLDER");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 11, "\xC3\x28 bad \xFF\xFE");  // Same length: 11 bytes.

  const RawResponse response = RawUnaryCall(
      server_.channel(), "/clinic.v1.PatientService/CreatePatient", bytes);
  EXPECT_EQ(response.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(response.status.error_message(),
            "patient.clinical_facts.medications[1].name: must be valid UTF-8");
}

TEST_F(PatientWireTest, GarbageBytesAreInvalidArgument) {
  const RawResponse response =
      RawUnaryCall(server_.channel(), "/clinic.v1.PatientService/CreatePatient",
                   std::string("\x0a\xff\xff\xff\xff\x0f garbage", 14));
  EXPECT_EQ(response.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(response.status.error_message(),
              HasSubstr("clinic.v1.CreatePatientRequest"));
}

}  // namespace
}  // namespace mesoclinic::testing
