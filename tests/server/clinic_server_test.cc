// The server as standard gRPC tools see it: health checking, reflection,
// unknown methods, shutdown.

#include <filesystem>
#include <string>

#include <grpcpp/generic/generic_stub.h>

#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "tests/support/health_check.h"
#include "tests/support/raw_call.h"
#include "tests/support/reflection_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(ClinicServerTest, HealthCheckAnswersServing) {
  TestServer server;
  for (const std::string service : {"", "clinic.v1.PatientService"}) {
    SCOPED_TRACE(service);
    EXPECT_EQ(CheckHealth(server.channel(), service), HealthStatus::kServing);
  }
}

TEST(ClinicServerTest, ReflectionListsTheClinicServices) {
  TestServer server;
  const std::vector<std::string> services = ReflectedServices(server.channel());
  EXPECT_THAT(services, Contains("clinic.v1.PatientService"));
  EXPECT_THAT(services, Contains("grpc.health.v1.Health"));
}

TEST(ClinicServerTest, UnknownMethodIsUnimplemented) {
  TestServer server;
  const RawResponse response = RawUnaryCall(
      server.channel(), "/clinic.v1.PatientService/DeleteEverything", "");
  EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST(ClinicServerTest, RefusesToStartOnAnAddressInUse) {
  TestServer running;
  TempDir dir;
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = running.address();
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(server.status().message(), HasSubstr(running.address()));
}

TEST(ClinicServerTest, RefusesASecondServerOnTheSameDatabase) {
  TestServer running;
  ServerOptions options;
  options.database_path = running.database_path();
  options.listen_address = "127.0.0.1:0";
  const absl::StatusOr<std::unique_ptr<ClinicServer>> second =
      ClinicServer::Start(options);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("another clinicd"));
}

TEST(ClinicServerTest, RefusesPlaintextOnANonLoopbackAddress) {
  TempDir dir;
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = "0.0.0.0:0";
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(), HasSubstr("--tls_cert"));
  EXPECT_THAT(server.status().message(), HasSubstr("--allow_insecure"));
  // Nothing was created: the refusal comes before the database is touched.
  EXPECT_FALSE(std::filesystem::exists(options.database_path));

  options.allow_insecure = true;
  EXPECT_TRUE(ClinicServer::Start(options).ok());
}

TEST(ClinicServerTest, KnowsLoopbackAddresses) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackAddress("127.3.4.5:1"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:50051"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("192.168.1.10:50051"));
  EXPECT_FALSE(IsLoopbackAddress("clinic.example.org:50051"));
}

TEST(ClinicServerTest, ShutdownStopsServingAndKeepsData) {
  TestServer server;
  auto stub = clinic::v1::PatientService::NewStub(server.channel());
  clinic::v1::CreatePatientRequest request;
  request.set_request_id("before-shutdown");
  clinic::v1::Patient& patient = *request.mutable_patient();
  patient.set_given_name("Eve");
  patient.set_family_name("Lambert");
  patient.mutable_date_of_birth()->set_year(1970);
  patient.mutable_date_of_birth()->set_month(1);
  patient.mutable_date_of_birth()->set_day(1);
  patient.set_sex(clinic::v1::SEX_FEMALE);
  clinic::v1::CreatePatientResponse created;
  ASSERT_TRUE(
      stub->CreatePatient(ContextWithDeadline().get(), request, &created).ok());

  server.server().Shutdown(absl::Seconds(1));
  clinic::v1::GetPatientRequest get;
  get.set_name(created.patient().name());
  clinic::v1::GetPatientResponse fetched;
  EXPECT_FALSE(
      stub->GetPatient(ContextWithDeadline(2).get(), get, &fetched).ok());

  server.Restart();
  stub = clinic::v1::PatientService::NewStub(server.channel());
  ASSERT_TRUE(
      stub->GetPatient(ContextWithDeadline().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.patient().family_name(), "Lambert");
}

}  // namespace
}  // namespace mesoclinic::testing
