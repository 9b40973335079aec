// The metrics of a running clinicd, moved by real calls over gRPC, real
// writes and a real plugin that hangs.

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/observability/exposition_text.h"
#include "tests/patients/patient_test_data.h"
#include "tests/plugin_host/fixture_plugin_folder.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using Labels = std::map<std::string, std::string>;

std::vector<Sample> Scrape(TestServer& server) {
  absl::StatusOr<std::vector<Sample>> samples =
      ParseExposition(server.server().metrics().Render());
  EXPECT_TRUE(samples.ok()) << samples.status();
  return samples.ok() ? *samples : std::vector<Sample>();
}

grpc::Status GetPatient(v1::PatientService::Stub& patients,
                        const std::string& name) {
  v1::GetPatientRequest request;
  request.set_name(name);
  v1::GetPatientResponse response;
  return patients.GetPatient(ContextWithDeadline().get(), request, &response);
}

class MetricsServerTest : public ::testing::Test {
 protected:
  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> patients_ =
      v1::PatientService::NewStub(server_.channel());
};

TEST_F(MetricsServerTest, GrpcCallIsCountedWithItsMethodAndCode) {
  ASSERT_EQ(GetPatient(*patients_, "patients/none").error_code(),
            grpc::StatusCode::NOT_FOUND);
  const std::vector<Sample> samples = Scrape(server_);
  const Labels get_patient = {{"transport", "grpc"},
                              {"service", "clinic.v1.PatientService"},
                              {"method", "GetPatient"}};
  Labels not_found = get_patient;
  not_found["code"] = "NOT_FOUND";
  EXPECT_EQ(SumOf(samples, "clinicd_calls_total", not_found), 1);
  EXPECT_EQ(SumOf(samples, "clinicd_call_duration_seconds_count", get_patient),
            1);
}

TEST_F(MetricsServerTest, WriteMovesTheWriterBatchAndCommitMetrics) {
  const std::vector<Sample> before = Scrape(server_);
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  request.set_request_id("metrics-write");
  v1::CreatePatientResponse response;
  ASSERT_TRUE(
      patients_->CreatePatient(ContextWithDeadline().get(), request, &response)
          .ok());
  const std::vector<Sample> after = Scrape(server_);
  for (const char* name : {"clinicd_storage_write_batch_size_count",
                           "clinicd_storage_write_batch_size_sum",
                           "clinicd_storage_commit_duration_seconds_count"}) {
    SCOPED_TRACE(name);
    EXPECT_GT(SumOf(after, name), SumOf(before, name));
  }
  EXPECT_EQ(SumOf(after, "clinicd_storage_commit_failures_total"), 0);
  EXPECT_EQ(SumOf(after, "clinicd_database_writable"), 1);
}

TEST_F(MetricsServerTest, WalSizeIsTheSizeOfTheWalFile) {
  ASSERT_EQ(GetPatient(*patients_, "patients/none").error_code(),
            grpc::StatusCode::NOT_FOUND);  // Audited: a write.
  const double reported =
      SumOf(Scrape(server_), "clinicd_storage_wal_size_bytes");
  EXPECT_GT(reported, 0);
  EXPECT_EQ(reported, static_cast<double>(std::filesystem::file_size(
                          server_.database_path() + "-wal")));
}

TEST(ShedCallMetricsTest, EveryShedCallIsCounted) {
  TestServer server(
      [](ServerOptions& options) { options.max_calls_in_flight = 1; });
  auto patients = v1::PatientService::NewStub(server.channel());
  constexpr int kBurst = 100;
  struct Call {
    grpc::ClientContext context;
    v1::GetPatientRequest request;
    v1::GetPatientResponse response;
  };
  std::vector<Call> calls(kBurst);
  std::atomic<int> refused{0};
  absl::BlockingCounter done(kBurst);
  for (Call& call : calls) {
    call.context.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(30));
    call.request.set_name("patients/none");
    patients->async()->GetPatient(
        &call.context, &call.request, &call.response, [&](grpc::Status status) {
          if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
            refused.fetch_add(1);
          }
          done.DecrementCount();
        });
  }
  done.Wait();
  ASSERT_GT(refused.load(), 0) << "the burst never went past the limit";
  const std::vector<Sample> samples = Scrape(server);
  EXPECT_EQ(SumOf(samples, "clinicd_calls_shed_total",
                  {{"method", "GetPatient"}, {"transport", "grpc"}}),
            refused.load());
  EXPECT_EQ(SumOf(samples, "clinicd_calls_in_flight_limit"), 1);
}

// The fixture plugin's eligibility hook never returns for a 96-year-old.
TEST(PluginMetricsTest, HookTimeOutIsCountedAndThePluginShownSuspended) {
  TempDir plugins;
  TestServer server([&](ServerOptions& options) {
    options.plugin_dir =
        FixturePluginFolder(plugins, {{FIXTURE_GOOD_PATH, "fixture_good.so"}});
    options.plugin_hook_time_limit = absl::Milliseconds(200);
  });
  auto patients = v1::PatientService::NewStub(server.channel());
  auto treatments = v1::TreatmentService::NewStub(server.channel());
  const auto check_eligibility = [&](const std::string& patient) {
    v1::CheckEligibilityRequest request;
    request.set_patient(patient);
    request.set_treatment_type("treatmentTypes/fixture");
    v1::CheckEligibilityResponse response;
    return treatments->CheckEligibility(ContextWithDeadline().get(), request,
                                        &response);
  };
  const std::string aged_40 = CreatePatientAged(*patients, 40, "aged-40");
  const std::string aged_96 = CreatePatientAged(*patients, 96, "aged-96");
  ASSERT_TRUE(check_eligibility(aged_40).ok());
  EXPECT_EQ(SumOf(Scrape(server), "clinicd_plugin_suspended",
                  {{"plugin", "fixture"}}),
            0);

  ASSERT_EQ(check_eligibility(aged_96).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ASSERT_EQ(check_eligibility(aged_40).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  const std::vector<Sample> samples = Scrape(server);
  const auto hook_calls = [&](const char* outcome) {
    return SumOf(samples, "clinicd_plugin_hook_calls_total",
                 {{"plugin", "fixture"},
                  {"hook", "CheckEligibility"},
                  {"outcome", outcome}});
  };
  EXPECT_EQ(hook_calls("answered"), 1);
  EXPECT_EQ(hook_calls("timed_out"), 1);
  EXPECT_EQ(hook_calls("suspended"), 1);
  EXPECT_EQ(SumOf(samples, "clinicd_plugin_suspended", {{"plugin", "fixture"}}),
            1);
}

}  // namespace
}  // namespace mesoclinic::testing
