// What a caller sees when the disk fills up or turns read-only under a
// running server: a clear RESOURCE_EXHAUSTED or UNAVAILABLE, nothing half
// stored, and normal service once the disk is back.

#include <string>

#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/storage/fault_injecting_vfs.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using Fault = FaultInjectingVfs::Fault;

class DiskFaultServerTest : public ::testing::Test {
 protected:
  DiskFaultServerTest()
      : server_([this](ServerOptions& options) {
          options.sqlite_vfs = vfs_.name();
        }),
        stub_(v1::PatientService::NewStub(server_.channel())) {}

  grpc::Status Create(const std::string& request_id, std::string* name) {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    request.set_request_id(request_id);
    v1::CreatePatientResponse response;
    grpc::Status status =
        stub_->CreatePatient(ContextWithDeadline().get(), request, &response);
    if (name != nullptr) *name = response.patient().name();
    return status;
  }

  int PatientCount() {
    v1::ListPatientsRequest request;
    request.set_page_size(1000);
    v1::ListPatientsResponse response;
    const grpc::Status status =
        stub_->ListPatients(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patients_size();
  }

  FaultInjectingVfs vfs_{"disk_fault_server_test"};
  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> stub_;
};

TEST_F(DiskFaultServerTest, FullDiskIsResourceExhaustedThenServiceResumes) {
  std::string first;
  ASSERT_TRUE(Create("before", &first).ok());

  vfs_.set_fault(Fault::kDiskFull);
  const grpc::Status full = Create("during", nullptr);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(full.error_message(), HasSubstr("disk is full"));
  // Reads are audited before they are answered: with no room for the audit
  // record, they are refused too rather than answered unaudited.
  v1::GetPatientRequest get;
  get.set_name(first);
  v1::GetPatientResponse got;
  EXPECT_EQ(stub_->GetPatient(ContextWithDeadline().get(), get, &got)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  vfs_.set_fault(Fault::kNone);
  EXPECT_EQ(PatientCount(), 1);
  // The refused change can be retried with the same request_id.
  EXPECT_TRUE(Create("during", nullptr).ok());
  EXPECT_EQ(PatientCount(), 2);
}

TEST_F(DiskFaultServerTest, ReadOnlyDiskIsUnavailableThenServiceResumes) {
  ASSERT_TRUE(Create("before", nullptr).ok());
  vfs_.set_fault(Fault::kReadOnly);
  const grpc::Status refused = Create("during", nullptr);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE)
      << refused.error_message();
  vfs_.set_fault(Fault::kNone);
  EXPECT_TRUE(Create("after", nullptr).ok());
  EXPECT_EQ(PatientCount(), 2);
}

}  // namespace
}  // namespace mesoclinic::testing
