// clinicctl treatments and consents: types, protocols, eligibility, course
// plans; recording a consent with the hash of the text shown, listing and
// withdrawing it.

#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clinic/v1/consent.pb.h"
#include "clinic/v1/treatments.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using staff::Role;

using TreatmentsConsentsTest = ClinicctlTest;

TEST_F(TreatmentsConsentsTest, ListAndProtocol) {
  const CliResult table = Run(Role::kFrontDesk, {"treatments", "list"});
  ASSERT_EXIT_CODE(table, 0);
  EXPECT_THAT(table.out, HasSubstr("ID"));
  EXPECT_THAT(table.out, HasSubstr("cellulite"));
  EXPECT_THAT(table.out, HasSubstr("hair_loss"));

  const CliResult json = Run(Role::kFrontDesk, {"--json", "treatments", "list"});
  clinic::v1::ListTreatmentTypesResponse types;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &types).ok());
  EXPECT_GE(types.treatment_types_size(), 3);

  const CliResult protocol = Run(Role::kFrontDesk,
                                 {"treatments", "protocol", "treatmentTypes/cellulite"});
  ASSERT_EXIT_CODE(protocol, 0);
  EXPECT_THAT(protocol.out, HasSubstr("Phases:"));
  EXPECT_THAT(protocol.out, HasSubstr("caffeine"));
  EXPECT_THAT(protocol.out, HasSubstr("bmi_over_ceiling"));
  // What to ask before booking and on the day (issue 17).
  EXPECT_THAT(protocol.out, HasSubstr("on the session's day"));
  EXPECT_THAT(protocol.out, HasSubstr("pregnancy_possible"));

  const CliResult unknown = Run(Role::kFrontDesk, {"treatments", "protocol", "botox"});
  EXPECT_EXIT_CODE(unknown, 1);
  EXPECT_THAT(unknown.err, HasSubstr("NOT_FOUND"));
}

TEST_F(TreatmentsConsentsTest, EligibilityIsForPractitioners) {
  const std::string patient = CreatePatient("Léa", "Garnier");
  const CliResult eligible = Run(Role::kPractitioner,
                                 {"treatments", "eligibility", patient, "cellulite",
                                  "--area", "thighs"});
  ASSERT_EXIT_CODE(eligible, 0);
  EXPECT_THAT(eligible.out, ::testing::StartsWith("eligible\n"));

  const CliResult refused =
      Run(Role::kFrontDesk, {"treatments", "eligibility", patient, "cellulite"});
  EXPECT_EXIT_CODE(refused, 1);
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(TreatmentsConsentsTest, PlanCourse) {
  // About a year ahead: courses start at most 2 years ahead.
  const absl::CivilDay first =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 365;
  const std::string first_text = absl::FormatCivilTime(first);
  const CliResult plan = Run(Role::kFrontDesk,
                             {"treatments", "plan", "cellulite", "--first",
                              first_text + " 10:30", "--sessions", "8"});
  ASSERT_EXIT_CODE(plan, 0);
  EXPECT_THAT(plan.out, HasSubstr(first_text + " 10:30"));
  EXPECT_THAT(plan.out,
              HasSubstr(absl::FormatCivilTime(first + 7) + " 10:30"));
  EXPECT_THAT(plan.out, HasSubstr("consolidation"));
  EXPECT_THAT(plan.out, HasSubstr("nothing is booked"));

  const CliResult bad = Run(Role::kFrontDesk, {"treatments", "plan", "cellulite",
                                               "--first", "next monday"});
  EXPECT_EXIT_CODE(bad, 2);
  EXPECT_THAT(bad.err, HasSubstr("is not a time"));
}

TEST_F(TreatmentsConsentsTest, RecordShowsTheTextUnlessConfirmed) {
  const std::string patient = CreatePatient("Nina", "Faure");
  const CliResult shown =
      Run(Role::kPractitioner, {"consents", "record", patient, "cellulite",
                                "--method", "paper"});
  EXPECT_EXIT_CODE(shown, 2);
  EXPECT_THAT(shown.out, HasSubstr("Consent to mesotherapy for cellulite"));
  EXPECT_THAT(shown.err, HasSubstr("--yes"));
  const CliResult none = Run(Role::kFrontDesk, {"consents", "list", patient});
  EXPECT_THAT(none.out, ::testing::Not(HasSubstr("cellulite")));
}

TEST_F(TreatmentsConsentsTest, RecordListGetWithdraw) {
  const std::string patient = CreatePatient("Rose", "Lemoine");
  // A practitioner records consent as themself.
  const CliResult recorded =
      Run(Role::kPractitioner, {"--json", "consents", "record", patient,
                                "cellulite", "--method", "electronic", "--yes"});
  ASSERT_EXIT_CODE(recorded, 0);
  clinic::v1::RecordConsentResponse consent;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(recorded.out, &consent).ok());
  EXPECT_EQ(consent.consent().state(), clinic::v1::CONSENT_STATE_ACTIVE);
  EXPECT_EQ(consent.consent().practitioner(), Practitioner());
  const std::string id = consent.consent().name().substr(
      consent.consent().name().rfind('/') + 1);

  const CliResult list = Run(Role::kFrontDesk, {"consents", "list", patient});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_THAT(list.out, HasSubstr(id));
  EXPECT_THAT(list.out, HasSubstr("active"));

  const CliResult got =
      Run(Role::kFrontDesk, {"consents", "get", id, "--patient", patient});
  ASSERT_EXIT_CODE(got, 0);
  EXPECT_THAT(got.out, HasSubstr("electronic"));
  const CliResult no_parent = Run(Role::kFrontDesk, {"consents", "get", id});
  EXPECT_EXIT_CODE(no_parent, 2);

  const CliResult withdrawn =
      Run(Role::kFrontDesk, {"consents", "withdraw", consent.consent().name(),
                             "--reason", "changed her mind"});
  ASSERT_EXIT_CODE(withdrawn, 0);
  EXPECT_THAT(withdrawn.out, HasSubstr("withdrawn"));
  EXPECT_THAT(withdrawn.out, HasSubstr("changed her mind"));
  const CliResult twice =
      Run(Role::kFrontDesk, {"consents", "withdraw", consent.consent().name(),
                             "--reason", "again"});
  EXPECT_EXIT_CODE(twice, 1);
  EXPECT_THAT(twice.err, HasSubstr("FAILED_PRECONDITION"));
}

}  // namespace
}  // namespace mesoclinic::testing
