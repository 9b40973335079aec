// PatientService records when each group of clinical facts was last
// confirmed and by whom, and takes confirm_facts to confirm facts asked
// again, "none" included.

#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

class FactConfirmationServiceTest : public ::testing::Test {
 protected:
  v1::PatientService::Stub& Stub(staff::Role role) {
    std::unique_ptr<v1::PatientService::Stub>& stub = stubs_[role];
    if (stub == nullptr) stub = v1::PatientService::NewStub(server_.channel(role));
    return *stub;
  }

  // A patient on no medication, with no allergy or condition recorded.
  v1::Patient CreateBare() {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    v1::ClinicalFacts& facts = *request.mutable_patient()->mutable_clinical_facts();
    facts.clear_medications();
    facts.clear_allergies();
    facts.clear_conditions();
    request.set_request_id(NextId());
    v1::CreatePatientResponse response;
    const grpc::Status status = Stub(staff::Role::kPractitioner)
                                    .CreatePatient(ContextWithDeadline().get(),
                                                   request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient();
  }

  grpc::Status Confirm(const std::string& name,
                       std::initializer_list<v1::FactGroup> groups,
                       v1::Patient* out,
                       staff::Role role = staff::Role::kPractitioner) {
    v1::UpdatePatientRequest request;
    request.mutable_patient()->set_name(name);
    for (const v1::FactGroup group : groups) request.add_confirm_facts(group);
    request.set_request_id(NextId());
    v1::UpdatePatientResponse response;
    const grpc::Status status = Stub(role).UpdatePatient(
        ContextWithDeadline().get(), request, &response);
    *out = response.patient();
    return status;
  }

  v1::Patient Fetch(const std::string& name) {
    v1::GetPatientRequest request;
    request.set_name(name);
    v1::GetPatientResponse response;
    const grpc::Status status = Stub(staff::Role::kPractitioner)
                                    .GetPatient(ContextWithDeadline().get(),
                                                request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient();
  }

  // The confirmations of `patient`, by group.
  static std::map<v1::FactGroup, v1::FactConfirmation> ByGroup(
      const v1::Patient& patient) {
    std::map<v1::FactGroup, v1::FactConfirmation> by_group;
    for (const v1::FactConfirmation& confirmation :
         patient.clinical_facts().confirmations()) {
      by_group[confirmation.group()] = confirmation;
    }
    return by_group;
  }

  std::string NextId() { return absl::StrCat("confirm-", ++counter_); }

  TestServer server_;
  std::map<staff::Role, std::unique_ptr<v1::PatientService::Stub>> stubs_;
  int counter_ = 0;
};

TEST_F(FactConfirmationServiceTest, AnEmptyGroupIsUnknownUntilConfirmed) {
  const v1::Patient created = CreateBare();
  std::map<v1::FactGroup, v1::FactConfirmation> confirmed = ByGroup(created);
  EXPECT_TRUE(confirmed.contains(v1::FACT_GROUP_PREGNANCY_STATUS));
  EXPECT_TRUE(confirmed.contains(v1::FACT_GROUP_BODY_MEASUREMENTS));
  EXPECT_FALSE(confirmed.contains(v1::FACT_GROUP_MEDICATIONS));
  EXPECT_FALSE(confirmed.contains(v1::FACT_GROUP_ALLERGIES));
  EXPECT_FALSE(confirmed.contains(v1::FACT_GROUP_CONDITIONS));
  const std::string practitioner =
      absl::StrCat("staff/", server_.staff_id(staff::Role::kPractitioner));
  EXPECT_EQ(confirmed[v1::FACT_GROUP_PREGNANCY_STATUS].confirmed_by(),
            practitioner);
}

TEST_F(FactConfirmationServiceTest, ConfirmFactsRecordsAskedNoneWithWhoAndWhen) {
  const v1::Patient created = CreateBare();
  v1::Patient updated;
  ASSERT_TRUE(Confirm(created.name(),
                      {v1::FACT_GROUP_MEDICATIONS, v1::FACT_GROUP_ALLERGIES},
                      &updated)
                  .ok());
  EXPECT_EQ(updated.clinical_facts().medications_size(), 0);
  const std::map<v1::FactGroup, v1::FactConfirmation> confirmed =
      ByGroup(updated);
  ASSERT_TRUE(confirmed.contains(v1::FACT_GROUP_MEDICATIONS));
  EXPECT_EQ(confirmed.at(v1::FACT_GROUP_MEDICATIONS).confirmed_by(),
            absl::StrCat("staff/",
                         server_.staff_id(staff::Role::kPractitioner)));
  EXPECT_EQ(confirmed.at(v1::FACT_GROUP_MEDICATIONS).confirm_time().seconds(),
            updated.update_time().seconds());
  EXPECT_TRUE(confirmed.contains(v1::FACT_GROUP_ALLERGIES));
  EXPECT_FALSE(confirmed.contains(v1::FACT_GROUP_CONDITIONS));
  // Stored, not only answered.
  EXPECT_EQ(ByGroup(Fetch(created.name())).size(), confirmed.size());
}

TEST_F(FactConfirmationServiceTest, TheFrontDeskMayNotConfirmFacts) {
  const v1::Patient created = CreateBare();
  v1::Patient updated;
  const grpc::Status status = Confirm(created.name(),
                                      {v1::FACT_GROUP_MEDICATIONS}, &updated,
                                      staff::Role::kFrontDesk);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("confirm_facts"));
}

TEST_F(FactConfirmationServiceTest, AnUnspecifiedGroupIsRefusedNamingIt) {
  const v1::Patient created = CreateBare();
  v1::Patient updated;
  const grpc::Status status =
      Confirm(created.name(),
              {v1::FACT_GROUP_MEDICATIONS, v1::FACT_GROUP_UNSPECIFIED},
              &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("confirm_facts[1]"));
  EXPECT_FALSE(
      ByGroup(Fetch(created.name())).contains(v1::FACT_GROUP_MEDICATIONS));
}

}  // namespace
}  // namespace mesoclinic::testing
