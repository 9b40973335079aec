// A plugin whose hook never returns, inside a running clinicd: the call that
// reached it fails UNAVAILABLE in about the hook time limit, the plugin is
// suspended, and the rest of the server goes on serving.

#include <string>

#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugin_host/fixture_plugin_folder.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

class HungPluginServerTest : public ::testing::Test {
 protected:
  HungPluginServerTest()
      : server_([this](ServerOptions& options) {
          // The fixture's eligibility hook never returns for a
          // 96-year-old.
          options.plugin_dir = FixturePluginFolder(
              plugins_, {{FIXTURE_GOOD_PATH, "fixture_good.so"}});
          options.plugin_hook_time_limit = absl::Milliseconds(200);
        }),
        patients_(v1::PatientService::NewStub(server_.channel())),
        treatments_(v1::TreatmentService::NewStub(server_.channel())) {}

  std::string CreatePatientAged(int years, const std::string& request_id) {
    return mesoclinic::testing::CreatePatientAged(*patients_, years,
                                                  request_id);
  }

  grpc::Status CheckEligibility(const std::string& patient) {
    v1::CheckEligibilityRequest request;
    request.set_patient(patient);
    request.set_treatment_type("treatmentTypes/fixture");
    v1::CheckEligibilityResponse response;
    return treatments_->CheckEligibility(ContextWithDeadline().get(), request,
                                         &response);
  }

  TempDir plugins_;
  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> patients_;
  std::unique_ptr<v1::TreatmentService::Stub> treatments_;
};

TEST_F(HungPluginServerTest, HungHookFailsItsCallAndTheServerGoesOn) {
  const std::string aged_96 = CreatePatientAged(96, "aged-96");
  const std::string aged_40 = CreatePatientAged(40, "aged-40");
  ASSERT_TRUE(CheckEligibility(aged_40).ok());

  const grpc::Status hung = CheckEligibility(aged_96);
  EXPECT_EQ(hung.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(hung.error_message(),
              HasSubstr("fixture: CheckEligibility did not answer within"));

  // The plugin is suspended: its calls fail at once, with the reason.
  const grpc::Status suspended = CheckEligibility(aged_40);
  EXPECT_EQ(suspended.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(suspended.error_message(), HasSubstr("suspended"));

  // Everything that does not need the plugin works as before.
  EXPECT_FALSE(CreatePatientAged(30, "after-the-hang").empty());
}

}  // namespace
}  // namespace mesoclinic::testing
