// clinicctl's channel (clinicctl::Connect) against a fake PatientService
// that refuses the first calls: what is retried, how often, and what is
// not.

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/connection.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gtest/gtest.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = ::clinic::v1;

// Answers GetPatient with `refusal` for the first `refusals` calls, then
// with the patient asked for.
class RefusingPatientService final : public v1::PatientService::Service {
 public:
  RefusingPatientService(grpc::StatusCode refusal, int refusals)
      : refusal_(refusal), refusals_(refusals) {}

  grpc::Status GetPatient(grpc::ServerContext* context,
                          const v1::GetPatientRequest* request,
                          v1::GetPatientResponse* response) override {
    const auto key = context->client_metadata().find("authorization");
    if (key == context->client_metadata().end() ||
        key->second != "Bearer mck_test_key") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no key");
    }
    if (calls_.fetch_add(1) < refusals_) {
      return grpc::Status(refusal_, "server overloaded; retry with backoff");
    }
    response->mutable_patient()->set_name(request->name());
    return grpc::Status::OK;
  }

  int calls() const { return calls_.load(); }

 private:
  const grpc::StatusCode refusal_;
  const int refusals_;
  std::atomic<int> calls_{0};
};

class ConnectionRetryTest : public ::testing::Test {
 protected:
  // Serves `service` on a free loopback port and returns clinicctl's
  // channel to it.
  std::shared_ptr<grpc::Channel> ServeAndConnect(
      RefusingPatientService& service) {
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service);
    server_ = builder.BuildAndStart();
    EXPECT_NE(port, 0);
    setenv("CLINIC_API_KEY", "mck_test_key", 1);
    return Connect({.server = absl::StrCat("127.0.0.1:", port)});
  }

  static grpc::Status GetPatient(
      const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = v1::PatientService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    v1::GetPatientRequest request;
    request.set_name("patients/abc");
    v1::GetPatientResponse response;
    grpc::Status status = stub->GetPatient(&context, request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.patient().name(), "patients/abc");
    }
    return status;
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<grpc::Server> server_;
};

TEST_F(ConnectionRetryTest, ACallShedWithResourceExhaustedIsRetried) {
  RefusingPatientService service(grpc::StatusCode::RESOURCE_EXHAUSTED, 2);
  std::shared_ptr<grpc::Channel> channel = ServeAndConnect(service);
  EXPECT_TRUE(GetPatient(channel).ok());
  EXPECT_EQ(service.calls(), 3);
}

TEST_F(ConnectionRetryTest, AnUnavailableServerIsRetried) {
  RefusingPatientService service(grpc::StatusCode::UNAVAILABLE, 1);
  std::shared_ptr<grpc::Channel> channel = ServeAndConnect(service);
  EXPECT_TRUE(GetPatient(channel).ok());
  EXPECT_EQ(service.calls(), 2);
}

TEST_F(ConnectionRetryTest, GivesUpAfterFourAttempts) {
  RefusingPatientService service(grpc::StatusCode::RESOURCE_EXHAUSTED, 100);
  std::shared_ptr<grpc::Channel> channel = ServeAndConnect(service);
  EXPECT_EQ(GetPatient(channel).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(service.calls(), 4);
}

// Other refusals are answers, not the server's state: never retried.
TEST_F(ConnectionRetryTest, OtherErrorsAreNotRetried) {
  RefusingPatientService service(grpc::StatusCode::FAILED_PRECONDITION, 100);
  std::shared_ptr<grpc::Channel> channel = ServeAndConnect(service);
  EXPECT_EQ(GetPatient(channel).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(service.calls(), 1);
}

}  // namespace
}  // namespace mesoclinic::clinicctl
