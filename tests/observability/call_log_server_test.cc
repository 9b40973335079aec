// The per-call log line of a running clinicd with --log_format=json: one
// JSON object per line, carrying the call id the client received, and
// nothing of the patient.

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_split.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "core/observability/log_format.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::Not;
using ::testing::HasSubstr;

// Makes the default logger write to a string while it lives.
class CapturedServerLog {
 public:
  CapturedServerLog()
      : previous_(spdlog::default_logger()),
        sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)) {
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("captured", sink_));
  }
  ~CapturedServerLog() {
    spdlog::set_default_logger(previous_);
    observability::UseLogFormat(observability::LogFormat::kText);
  }
  std::string text() {
    sink_->flush();
    return text_.str();
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

std::string CallIdOf(const grpc::ClientContext& context) {
  const auto& metadata = context.GetServerInitialMetadata();
  const auto it = metadata.find("call-id");
  return it == metadata.end() ? "" : std::string(it->second.data(),
                                                 it->second.size());
}

TEST(JsonCallLogTest, EveryLineIsJsonAndEachCallCarriesItsCallId) {
  CapturedServerLog log;
  std::string created_call_id;
  std::string failed_call_id;
  {
    TestServer server([](ServerOptions& options) {
      options.log_format = observability::LogFormat::kJson;
    });
    auto patients = v1::PatientService::NewStub(server.channel());
    v1::CreatePatientRequest create;
    *create.mutable_patient() = CompletePatient("Zoë", "Marchetti");
    create.set_request_id("json-log");
    v1::CreatePatientResponse created;
    grpc::ClientContext create_context;
    ASSERT_TRUE(
        patients->CreatePatient(&create_context, create, &created).ok());
    created_call_id = CallIdOf(create_context);

    v1::GetPatientRequest get;
    get.set_name("patients/none");
    v1::GetPatientResponse got;
    grpc::ClientContext get_context;
    EXPECT_EQ(patients->GetPatient(&get_context, get, &got).error_code(),
              grpc::StatusCode::NOT_FOUND);
    failed_call_id = CallIdOf(get_context);
  }
  ASSERT_FALSE(created_call_id.empty());
  ASSERT_FALSE(failed_call_id.empty());

  const std::string text = log.text();
  std::map<std::string, google::protobuf::Struct> calls;  // By call id.
  for (const std::string& line : std::vector<std::string>(
           absl::StrSplit(text, '\n', absl::SkipEmpty()))) {
    google::protobuf::Struct object;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(line, &object).ok())
        << line;
    const auto id = object.fields().find("call_id");
    if (id != object.fields().end()) {
      calls[id->second.string_value()] = object;
    }
  }
  ASSERT_TRUE(calls.contains(created_call_id)) << text;
  ASSERT_TRUE(calls.contains(failed_call_id)) << text;
  const auto field = [&](const std::string& call_id, const char* name) {
    return calls[call_id].fields().at(name);
  };
  EXPECT_EQ(field(created_call_id, "method").string_value(),
            "/clinic.v1.PatientService/CreatePatient");
  EXPECT_EQ(field(created_call_id, "code").string_value(), "OK");
  EXPECT_EQ(field(created_call_id, "transport").string_value(), "grpc");
  EXPECT_EQ(field(created_call_id, "level").string_value(), "info");
  EXPECT_FALSE(field(created_call_id, "staff").string_value().empty());
  EXPECT_TRUE(field(created_call_id, "elapsed_ms").has_number_value());
  EXPECT_EQ(field(failed_call_id, "code").string_value(), "NOT_FOUND");
  EXPECT_EQ(field(failed_call_id, "level").string_value(), "warning");
  // Neither the request nor the answer: no patient data in the log.
  EXPECT_THAT(text, Not(HasSubstr("Marchetti")));
}

}  // namespace
}  // namespace mesoclinic::testing
