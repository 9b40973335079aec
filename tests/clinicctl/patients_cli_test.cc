// clinicctl patients: create, get, list (one page, every page, JSON),
// update with etags, archive, and what the front desk may not do.

#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clinic/v1/patients.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using staff::Role;

using PatientsTest = ClinicctlTest;

TEST_F(PatientsTest, CreatePrintsTheRecordAndGetFindsIt) {
  const CliResult created = Run(
      Role::kFrontDesk,
      {"patients", "create", "--given-name", "Amélie", "--family-name",
       "Durand", "--date-of-birth", "1985-04-12", "--sex", "female", "--phone",
       "+33 6 12 34 56 78", "--city", "Lyon", "--country", "FR"});
  ASSERT_EXIT_CODE(created, 0);
  EXPECT_THAT(created.out, HasSubstr("Amélie Durand\n"));
  EXPECT_THAT(created.out, HasSubstr("1985-04-12\n"));
  EXPECT_THAT(created.out, HasSubstr("Lyon, FR\n"));

  const std::string name = created.out.substr(
      created.out.find("patients/"), 9 + 16);
  const std::string id = name.substr(9);
  for (const std::string& which : {name, id}) {
    const CliResult got = Run(Role::kFrontDesk, {"patients", "get", which});
    EXPECT_EXIT_CODE(got, 0);
    EXPECT_THAT(got.out, HasSubstr("+33 6 12 34 56 78"));
  }
}

TEST_F(PatientsTest, ListPrintsATableAndJson) {
  CreatePatient("Marie", "Dubois");
  CreatePatient("Paul", "Martin");
  const CliResult table =
      Run(Role::kFrontDesk, {"patients", "list", "--name-prefix", "du"});
  ASSERT_EXIT_CODE(table, 0);
  EXPECT_THAT(table.out, HasSubstr("ID  "));
  EXPECT_THAT(table.out, HasSubstr("FAMILY NAME  GIVEN NAME  BORN"));
  EXPECT_THAT(table.out, HasSubstr("Dubois"));
  EXPECT_THAT(table.out, Not(HasSubstr("Martin")));

  const CliResult json =
      Run(Role::kFrontDesk, {"--json", "patients", "list", "--name-prefix", "du"});
  ASSERT_EXIT_CODE(json, 0);
  clinic::v1::ListPatientsResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &parsed).ok())
      << json.out;
  ASSERT_GE(parsed.patients_size(), 1);
  EXPECT_EQ(parsed.patients(0).family_name(), "Dubois");
}

TEST_F(PatientsTest, ListAllFetchesEveryPageWithProgress) {
  for (int i = 0; i < 5; ++i) CreatePatient("Page", "Zola");
  const CliResult result =
      Run(Role::kFrontDesk, {"--json", "--progress", "patients", "list",
                             "--name-prefix", "zola", "--page-size", "2", "--all"});
  ASSERT_EXIT_CODE(result, 0);
  EXPECT_THAT(result.err, HasSubstr("fetched 2 patients…"));
  EXPECT_THAT(result.err, HasSubstr("fetched 5 patients…"));
  clinic::v1::ListPatientsResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(result.out, &parsed).ok());
  EXPECT_EQ(parsed.patients_size(), 5);
  EXPECT_TRUE(parsed.next_page_token().empty());

  // One page only, with a pointer to the next.
  const CliResult page = Run(Role::kFrontDesk,
                             {"patients", "list", "--name-prefix", "zola",
                              "--page-size", "2"});
  ASSERT_EXIT_CODE(page, 0);
  EXPECT_THAT(page.out, HasSubstr("(more: --page-token "));
  EXPECT_TRUE(page.err.empty()) << page.err;
}

TEST_F(PatientsTest, UpdateChangesOnlyTheFieldsGivenAndHonoursEtags) {
  const std::string name = CreatePatient("Chloé", "Petit");
  const CliResult got = Run(Role::kPractitioner, {"--json", "patients", "get", name});
  clinic::v1::GetPatientResponse read;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(got.out, &read).ok());
  const std::string etag = read.patient().etag();
  ASSERT_FALSE(etag.empty());

  const CliResult updated = Run(
      Role::kPractitioner,
      {"patients", "update", name, "--phone", "01 23 45 67 89", "--etag", etag,
       "--medication", "name=ibuprofen,dose=400 mg,nsaid=true,last-taken=2020-01-02"});
  ASSERT_EXIT_CODE(updated, 0);
  EXPECT_THAT(updated.out, HasSubstr("01 23 45 67 89"));
  EXPECT_THAT(updated.out, HasSubstr("ibuprofen (400 mg, NSAID, last taken 2020-01-02)"));
  EXPECT_THAT(updated.out, HasSubstr("168 cm"));

  const CliResult stale = Run(Role::kPractitioner,
                              {"patients", "update", name, "--phone",
                               "01 23 45 67 00", "--etag", etag});
  EXPECT_EXIT_CODE(stale, 1);
  EXPECT_THAT(stale.err, HasSubstr("error: ABORTED: "));

  const CliResult nothing = Run(Role::kPractitioner, {"patients", "update", name});
  EXPECT_EXIT_CODE(nothing, 2);
}

TEST_F(PatientsTest, ArchiveAndUnknownPatients) {
  const std::string name = CreatePatient("Louis", "Archambault");
  const CliResult archived = Run(Role::kFrontDesk, {"patients", "archive", name});
  ASSERT_EXIT_CODE(archived, 0);
  EXPECT_THAT(archived.out, HasSubstr("archived " + name));
  const CliResult again = Run(Role::kFrontDesk, {"patients", "archive", name});
  EXPECT_EXIT_CODE(again, 1);
  EXPECT_THAT(again.err, HasSubstr("error: FAILED_PRECONDITION: "));

  const CliResult unknown =
      Run(Role::kFrontDesk, {"patients", "get", "zzzzzzzzzzzzzzzz"});
  EXPECT_EXIT_CODE(unknown, 1);
  EXPECT_THAT(unknown.err, HasSubstr("error: NOT_FOUND: "));
}

TEST_F(PatientsTest, TheFrontDeskMayNotSetClinicalFacts) {
  const CliResult result = Run(
      Role::kFrontDesk,
      {"patients", "create", "--given-name", "Eve", "--family-name", "Blanc",
       "--date-of-birth", "1990-01-01", "--sex", "female", "--height-cm", "170"});
  EXPECT_EXIT_CODE(result, 1);
  EXPECT_THAT(result.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(PatientsTest, APractitionerConfirmsFactsAskedAgainUnchanged) {
  const CliResult created = Run(
      Role::kPractitioner,
      {"--json", "patients", "create", "--given-name", "Inès", "--family-name",
       "Roux", "--date-of-birth", "1990-01-01", "--sex", "female"});
  ASSERT_EXIT_CODE(created, 0);
  const std::string patient = JsonString(created.out, "name");
  const CliResult confirmed = Run(
      Role::kPractitioner,
      {"patients", "update", patient, "--confirm", "medications", "--confirm",
       "allergies"});
  ASSERT_EXIT_CODE(confirmed, 0);
  EXPECT_THAT(confirmed.out, HasSubstr("Confirmed"));
  EXPECT_THAT(confirmed.out, HasSubstr("medications"));
  EXPECT_THAT(confirmed.out, HasSubstr("allergies"));
  const CliResult front_desk = Run(
      Role::kFrontDesk, {"patients", "update", patient, "--confirm", "all"});
  EXPECT_EXIT_CODE(front_desk, 1);
  EXPECT_THAT(front_desk.err, HasSubstr("PERMISSION_DENIED"));
}

}  // namespace
}  // namespace mesoclinic::testing
