// Load shedding: past max_calls_in_flight, calls are refused at once with
// RESOURCE_EXHAUSTED instead of queueing; the admitted ones are answered,
// and the server serves normally once the burst is over.

#include <string>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

constexpr int kMaxInFlight = 2;
constexpr int kBurst = 200;

class OverloadTest : public ::testing::Test {
 protected:
  OverloadTest()
      : server_([](ServerOptions& options) {
          options.max_calls_in_flight = kMaxInFlight;
        }),
        stub_(v1::PatientService::NewStub(server_.channel())) {}

  std::string CreatePatient() {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    request.set_request_id("overload-create");
    v1::CreatePatientResponse response;
    const grpc::Status status =
        stub_->CreatePatient(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient().name();
  }

  grpc::Status GetPatient(const std::string& patient,
                          v1::GetPatientResponse& response) {
    v1::GetPatientRequest request;
    request.set_name(patient);
    return stub_->GetPatient(ContextWithDeadline().get(), request, &response);
  }

  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> stub_;
};

TEST_F(OverloadTest, BurstBeyondTheLimitIsShedAndTheRestAnswered) {
  const std::string patient = CreatePatient();
  struct Call {
    grpc::ClientContext context;
    v1::GetPatientRequest request;
    v1::GetPatientResponse response;
  };
  std::vector<Call> calls(kBurst);
  absl::Mutex mutex;
  std::vector<grpc::Status> statuses;
  absl::BlockingCounter done(kBurst);
  // All at once, asynchronously: far more than kMaxInFlight arrive together.
  for (Call& call : calls) {
    call.context.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(30));
    call.request.set_name(patient);
    stub_->async()->GetPatient(&call.context, &call.request, &call.response,
                               [&](grpc::Status status) {
                                 absl::MutexLock lock(&mutex);
                                 statuses.push_back(std::move(status));
                                 done.DecrementCount();
                               });
  }
  done.Wait();

  int answered = 0;
  int shed = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++answered;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << status.error_message();
      EXPECT_THAT(status.error_message(), HasSubstr("overloaded"));
      EXPECT_THAT(status.error_message(), HasSubstr("retry with backoff"));
      ++shed;
    }
  }
  EXPECT_GT(answered, 0);
  EXPECT_GT(shed, 0);
  EXPECT_LE(server_.server().calls_in_flight().peak(), kMaxInFlight);

  // The burst is over: calls are served again.
  v1::GetPatientResponse response;
  const grpc::Status after = GetPatient(patient, response);
  EXPECT_TRUE(after.ok()) << after.error_message();
  EXPECT_EQ(response.patient().name(), patient);
}

// A caller that has its answer may call again at once: the answered call
// no longer holds a place, even while the server is still tidying it away.
TEST_F(OverloadTest, AnAnsweredCallHoldsNoPlace) {
  const std::string patient = CreatePatient();
  for (int i = 0; i < 50; ++i) {
    v1::GetPatientResponse response;
    const grpc::Status status = GetPatient(patient, response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(server_.server().calls_in_flight().in_flight(), 0) << i;
  }
}

TEST_F(OverloadTest, ShedWritesChangeNothing) {
  struct Call {
    grpc::ClientContext context;
    v1::CreatePatientRequest request;
    v1::CreatePatientResponse response;
  };
  std::vector<Call> calls(kBurst);
  absl::Mutex mutex;
  int created = 0;
  absl::BlockingCounter done(kBurst);
  for (int i = 0; i < kBurst; ++i) {
    Call& call = calls[i];
    call.context.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(30));
    *call.request.mutable_patient() = CompletePatient();
    call.request.set_request_id("burst-" + std::to_string(i));
    stub_->async()->CreatePatient(
        &call.context, &call.request, &call.response,
        [&](grpc::Status status) {
          absl::MutexLock lock(&mutex);
          if (status.ok()) {
            ++created;
          } else {
            EXPECT_EQ(status.error_code(),
                      grpc::StatusCode::RESOURCE_EXHAUSTED)
                << status.error_message();
          }
          done.DecrementCount();
        });
  }
  done.Wait();
  EXPECT_LT(created, kBurst);

  // Exactly the acknowledged patients exist.
  v1::ListPatientsRequest list;
  list.set_page_size(1000);
  v1::ListPatientsResponse listed;
  const grpc::Status status =
      stub_->ListPatients(ContextWithDeadline().get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.patients_size(), created);
}

}  // namespace
}  // namespace mesoclinic::testing
