// How clinicctl explains a refusal from its google.rpc details, against a
// fake StaffService that answers 'staff whoami' with a chosen status: a
// server that answers UNAVAILABLE is not "not reachable", and every field
// violation gets its own line.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/clinicctl/clinicctl_process.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// A refusal as clinicd sends it: the code and message, and the details
// serialized as a google.rpc.Status.
grpc::Status Refusal(grpc::StatusCode code, const std::string& message,
                     const std::string& reason,
                     const google::rpc::BadRequest* bad_request = nullptr) {
  google::rpc::Status status;
  status.set_code(code);
  status.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("mesoclinic.clinic.v1");
  status.add_details()->PackFrom(info);
  if (bad_request != nullptr) status.add_details()->PackFrom(*bad_request);
  return grpc::Status(code, message, status.SerializeAsString());
}

class RefusingStaffService final : public v1::StaffService::Service {
 public:
  explicit RefusingStaffService(grpc::Status refusal)
      : refusal_(std::move(refusal)) {}

  grpc::Status GetCaller(grpc::ServerContext*, const v1::GetCallerRequest*,
                         v1::GetCallerResponse*) override {
    return refusal_;
  }

 private:
  const grpc::Status refusal_;
};

class ServerErrorsTest : public ::testing::Test {
 protected:
  // Runs 'clinicctl staff whoami' (and `extra` flags) against a server
  // answering `refusal`.
  CliResult WhoAmI(grpc::Status refusal, const std::string& extra = "") {
    RefusingStaffService service(std::move(refusal));
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    std::vector<std::string> args = {
        absl::StrCat("--server=127.0.0.1:", port), "staff", "whoami"};
    if (!extra.empty()) args.push_back(extra);
    CliResult result =
        RunProcess(CLINICCTL_BINARY, args, {{"CLINIC_API_KEY", "mck_test"}});
    server->Shutdown();
    return result;
  }
};

TEST_F(ServerErrorsTest, ASuspendedPluginIsNotAnUnreachableServer) {
  const CliResult result = WhoAmI(Refusal(
      grpc::StatusCode::UNAVAILABLE,
      "cellulite: suspended: its check_eligibility hook has not answered",
      "PLUGIN_SUSPENDED"));
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.err,
              HasSubstr("error: UNAVAILABLE: cellulite: suspended: its "
                        "check_eligibility hook has not answered\n"));
  EXPECT_THAT(result.err, HasSubstr("reason: PLUGIN_SUSPENDED\n"));
  EXPECT_THAT(result.err, Not(HasSubstr("not reachable")));
}

TEST_F(ServerErrorsTest, EveryFieldViolationHasItsOwnLine) {
  google::rpc::BadRequest bad_request;
  auto* given = bad_request.add_field_violations();
  given->set_field("patient.given_name");
  given->set_description("is required");
  auto* phone = bad_request.add_field_violations();
  phone->set_field("patient.contact.phone");
  phone->set_description("is not a phone number");
  const CliResult result = WhoAmI(
      Refusal(grpc::StatusCode::INVALID_ARGUMENT,
              "patient.given_name: is required; patient.contact.phone: is not "
              "a phone number",
              "INVALID_FIELD", &bad_request));
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_THAT(result.err,
              HasSubstr("error: INVALID_ARGUMENT: 2 problems:\n"
                        "reason: INVALID_FIELD\n"
                        "  patient.given_name: is required\n"
                        "  patient.contact.phone: is not a phone number\n"));

  const CliResult json = WhoAmI(
      Refusal(grpc::StatusCode::INVALID_ARGUMENT, "bad", "INVALID_FIELD",
              &bad_request),
      "--json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  EXPECT_THAT(json.err, HasSubstr("\"code\": \"INVALID_ARGUMENT\""));
  EXPECT_THAT(json.err, HasSubstr("\"reason\": \"INVALID_FIELD\""));
  EXPECT_THAT(json.err, HasSubstr("\"field\": \"patient.contact.phone\""));
  EXPECT_THAT(json.err, HasSubstr("\"description\": \"is required\""));
}

}  // namespace
}  // namespace mesoclinic::testing
