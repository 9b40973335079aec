// The health status follows whether the database can be written: NOT_SERVING
// as soon as a commit fails on a full or read-only disk, or a probe finds a
// quiet one failed; SERVING again once a write succeeds.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/observability/exposition_text.h"
#include "tests/patients/patient_test_data.h"
#include "tests/storage/fault_injecting_vfs.h"
#include "tests/support/http_client.h"
#include "tests/support/health_check.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using Fault = FaultInjectingVfs::Fault;
using ::testing::HasSubstr;

class DatabaseHealthTest : public ::testing::Test {
 protected:
  DatabaseHealthTest()
      : server_([this](ServerOptions& options) {
          options.sqlite_vfs = vfs_.name();
          options.database_probe_interval = absl::Milliseconds(200);
        }),
        patients_(v1::PatientService::NewStub(server_.channel())) {}

  grpc::Status Create(const std::string& request_id) {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    request.set_request_id(request_id);
    v1::CreatePatientResponse response;
    return patients_->CreatePatient(ContextWithDeadline().get(), request,
                                    &response);
  }

  // Both the server's status and a clinic service's.
  bool HealthIs(HealthStatus status) {
    return CheckHealth(server_.channel(), "") == status &&
           CheckHealth(server_.channel(), "clinic.v1.PatientService") == status;
  }

  // Polls for up to 10 s: the probe runs every 200 ms.
  bool HealthBecomes(HealthStatus status) {
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (absl::Now() < give_up) {
      if (HealthIs(status)) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  // GET /healthz on the HTTP listener, as a load balancer asks.
  HttpReply Healthz() {
    HttpExchange exchange;
    exchange.method = "GET";
    exchange.url = absl::StrCat("http://127.0.0.1:",
                                server_.server().http_port(), "/healthz");
    return Http(exchange);
  }

  double Writable() {
    return SumOf(*ParseExposition(server_.server().metrics().Render()),
                 "clinicd_database_writable");
  }

  FaultInjectingVfs vfs_{"database_health_test"};
  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> patients_;
};

TEST_F(DatabaseHealthTest, FailedWriteTurnsNotServingAndRecoveredDiskServing) {
  ASSERT_TRUE(HealthIs(HealthStatus::kServing));
  vfs_.set_fault(Fault::kDiskFull);
  ASSERT_EQ(Create("during").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // At once: the failed commit itself turned the status.
  EXPECT_TRUE(HealthIs(HealthStatus::kNotServing));
  EXPECT_FALSE(server_.server().health().serving());
  EXPECT_THAT(server_.server().health().reason(),
              HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_EQ(Writable(), 0);
  const HttpReply not_serving = Healthz();
  EXPECT_EQ(not_serving.status, 503);
  EXPECT_THAT(not_serving.body, HasSubstr("NOT_SERVING"));
  EXPECT_THAT(not_serving.body, HasSubstr("RESOURCE_EXHAUSTED"));

  // Nobody writes: the probe finds the disk back.
  vfs_.set_fault(Fault::kNone);
  EXPECT_TRUE(HealthBecomes(HealthStatus::kServing));
  EXPECT_TRUE(server_.server().health().serving());
  EXPECT_EQ(server_.server().health().reason(), "");
  EXPECT_EQ(Writable(), 1);
  const HttpReply serving = Healthz();
  EXPECT_EQ(serving.status, 200);
  EXPECT_EQ(serving.body, "SERVING\n");
  EXPECT_TRUE(Create("after").ok());
}

TEST_F(DatabaseHealthTest, ProbeFindsADiskThatFailedWhileNobodyWrote) {
  ASSERT_TRUE(HealthIs(HealthStatus::kServing));
  vfs_.set_fault(Fault::kReadOnly);
  EXPECT_TRUE(HealthBecomes(HealthStatus::kNotServing));
  EXPECT_THAT(server_.server().health().reason(), HasSubstr("UNAVAILABLE"));
  vfs_.set_fault(Fault::kNone);
  EXPECT_TRUE(HealthBecomes(HealthStatus::kServing));
}

TEST_F(DatabaseHealthTest, FailedFsyncTurnsNotServing) {
  vfs_.set_fault(Fault::kSyncFails);
  EXPECT_FALSE(Create("during").ok());
  EXPECT_TRUE(HealthIs(HealthStatus::kNotServing));
  vfs_.set_fault(Fault::kNone);
  EXPECT_TRUE(HealthBecomes(HealthStatus::kServing));
}

}  // namespace
}  // namespace mesoclinic::testing
