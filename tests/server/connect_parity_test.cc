// The Connect protocol and gRPC are two transports onto one call path: for
// the same request, every method of every service gives the same answer
// (the same message, or the same error with the same details) over both.
// The test walks the method table, so a method added later is walked too.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "core/auth/role_matrix.h"
#include "core/api/request_decoding.h"
#include "core/server/connect_protocol.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/server/raw_stream_call.h"
#include "tests/support/http_client.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Message;

// An answer, whichever transport gave it.
struct Answer {
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string message;
  // Each detail as type name and bytes.
  std::vector<std::pair<std::string, std::string>> details;
  // The response message, serialized deterministically (OK only).
  std::string response;
};


std::string TypeName(absl::string_view type_url) {
  return std::string(type_url.substr(type_url.rfind('/') + 1));
}

Answer FromGrpc(const grpc::Status& status, const std::string& bytes,
                const Message& response_prototype) {
  Answer answer;
  answer.code = static_cast<absl::StatusCode>(status.error_code());
  answer.message = status.error_message();
  google::rpc::Status details;
  if (!status.ok() && details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& detail : details.details()) {
      answer.details.emplace_back(TypeName(detail.type_url()), detail.value());
    }
  }
  if (status.ok()) {
    std::unique_ptr<Message> response(response_prototype.New());
    EXPECT_TRUE(response->ParseFromString(bytes));
    answer.response = SerializeDeterministically(*response);
  }
  return answer;
}

absl::StatusCode CodeFromName(const std::string& name) {
  for (int code = 0; code <= 16; ++code) {
    if (connect::CodeName(static_cast<absl::StatusCode>(code)) == name) {
      return static_cast<absl::StatusCode>(code);
    }
  }
  ADD_FAILURE() << "unknown Connect code " << name;
  return absl::StatusCode::kUnknown;
}

// A Connect error JSON ({"code", "message", "details"}) as an Answer.
Answer FromConnectError(const std::string& json) {
  Answer answer;
  google::protobuf::Struct error;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &error).ok())
      << json;
  const auto& fields = error.fields();
  answer.code = CodeFromName(fields.at("code").string_value());
  if (fields.contains("message")) {
    answer.message = fields.at("message").string_value();
  }
  if (fields.contains("details")) {
    for (const auto& detail : fields.at("details").list_value().values()) {
      std::string bytes;
      EXPECT_TRUE(absl::Base64Unescape(
          detail.struct_value().fields().at("value").string_value(), &bytes));
      answer.details.emplace_back(
          detail.struct_value().fields().at("type").string_value(), bytes);
    }
  }
  return answer;
}

Answer FromConnect(const HttpReply& reply, const Message& response_prototype) {
  EXPECT_TRUE(reply.error.empty()) << reply.error;
  if (reply.status != 200) return FromConnectError(reply.body);
  Answer answer;
  std::unique_ptr<Message> response(response_prototype.New());
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(reply.body, response.get())
          .ok())
      << reply.body;
  answer.response = SerializeDeterministically(*response);
  return answer;
}

// The audit trail's own methods answer with the trail, which the first of
// the two calls extended with its own record: their outcome is compared,
// not their content.
bool AnswersWithTheAuditTrail(absl::string_view method) {
  return absl::StartsWith(method, "/clinic.v1.AuditService/");
}

void ExpectSameAnswer(const std::string& method, const Answer& grpc,
                      const Answer& connect) {
  EXPECT_EQ(grpc.code, connect.code) << method;
  EXPECT_EQ(grpc.message, connect.message) << method;
  EXPECT_EQ(grpc.details, connect.details) << method;
  if (!AnswersWithTheAuditTrail(method)) {
    EXPECT_EQ(grpc.response, connect.response) << method;
  }
}

class ConnectParityTest : public ::testing::Test {
 protected:
  // A role the matrix lets call `method`, and its key; empty for a public
  // method.
  std::pair<std::shared_ptr<grpc::Channel>, std::string> CallerFor(
      const std::string& method) const {
    if (roles_.IsPublic(method)) return {server_.AnonymousChannel(), ""};
    for (staff::Role role : {staff::Role::kPractitioner,
                             staff::Role::kFrontDesk, staff::Role::kAdmin}) {
      if (roles_.Allows(method, role)) {
        return {server_.channel(role), server_.api_key(role)};
      }
    }
    ADD_FAILURE() << method << " is open to no role";
    return {server_.AnonymousChannel(), ""};
  }

  // The same request over both transports.
  void ExpectSameAnswerFor(const BoundMethod& method, const Message& request) {
    const Message& response_prototype =
        *google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            method.descriptor->output_type());
    const auto [channel, key] = CallerFor(method.name);
    const RawResponse over_grpc =
        RawUnaryCall(channel, method.name, request.SerializeAsString());
    std::string json;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(request, &json).ok());
    const HttpReply over_connect =
        ConnectJsonCall(server_.server().http_port(), method.name, json, key);
    ExpectSameAnswer(method.name,
                     FromGrpc(over_grpc.status, over_grpc.bytes,
                              response_prototype),
                     FromConnect(over_connect, response_prototype));
  }

  // An empty request of `method`'s type, with a request id when it takes
  // one (the same for both transports: the second call of a change that
  // succeeds is answered from the first, as a retry is).
  std::unique_ptr<Message> EmptyRequest(const BoundMethod& method) {
    std::unique_ptr<Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method.descriptor->input_type())
            ->New());
    if (const auto* field =
            request->GetDescriptor()->FindFieldByName("request_id")) {
      request->GetReflection()->SetString(
          request.get(), field,
          absl::StrCat("6f1c2a4e-8b1d-4c3e-9a7f-", 100000000000 + counter_++));
    }
    return request;
  }

  TestServer server_;
  const auth::RoleMatrix roles_ = auth::RoleMatrix::Default();
  int counter_ = 0;
};

TEST_F(ConnectParityTest, EveryMethodTheRoleMatrixNamesIsServedOverConnect) {
  std::vector<std::string> served;
  for (const BoundMethod* method : server_.server().methods().All()) {
    served.push_back(method->name);
  }
  EXPECT_EQ(served, roles_.Methods());
}

TEST_F(ConnectParityTest, EveryUnaryMethodAnswersAnEmptyRequestAlike) {
  int walked = 0;
  for (const BoundMethod* method : server_.server().methods().All()) {
    if (method->server_streaming()) continue;
    SCOPED_TRACE(method->name);
    ExpectSameAnswerFor(*method, *EmptyRequest(*method));
    ++walked;
  }
  EXPECT_GT(walked, 40);
}

TEST_F(ConnectParityTest, EveryUnaryMethodRefusesAStrangerAlike) {
  for (const BoundMethod* method : server_.server().methods().All()) {
    if (method->server_streaming() || roles_.IsPublic(method->name)) continue;
    SCOPED_TRACE(method->name);
    const Message& response_prototype =
        *google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            method->descriptor->output_type());
    const std::unique_ptr<Message> request = EmptyRequest(*method);
    const RawResponse over_grpc = RawUnaryCall(
        server_.ChannelWithKey("not-a-key"), method->name,
        request->SerializeAsString());
    const HttpReply over_connect = ConnectJsonCall(
        server_.server().http_port(), method->name, "{}", "not-a-key");
    const Answer grpc =
        FromGrpc(over_grpc.status, over_grpc.bytes, response_prototype);
    EXPECT_EQ(grpc.code, absl::StatusCode::kUnauthenticated);
    ExpectSameAnswer(method->name, grpc,
                     FromConnect(over_connect, response_prototype));
  }
}

TEST_F(ConnectParityTest, AReadOfARealRecordGivesTheSameMessage) {
  v1::CreatePatientRequest create;
  create.set_request_id("0d7b6c2e-3f4a-4b5c-8d9e-0f1a2b3c4d5e");
  create.mutable_patient()->set_given_name("Ana");
  create.mutable_patient()->set_family_name("Lima");
  create.mutable_patient()->mutable_date_of_birth()->set_year(1985);
  create.mutable_patient()->mutable_date_of_birth()->set_month(3);
  create.mutable_patient()->mutable_date_of_birth()->set_day(14);
  create.mutable_patient()->set_sex(v1::SEX_FEMALE);
  v1::CreatePatientResponse created;
  auto context = ContextWithDeadline();
  ASSERT_TRUE(v1::PatientService::NewStub(server_.channel())
                  ->CreatePatient(context.get(), create, &created)
                  .ok());
  const BoundMethod* get =
      server_.server().methods().Find("/clinic.v1.PatientService/GetPatient");
  ASSERT_NE(get, nullptr);
  v1::GetPatientRequest request;
  request.set_name(created.patient().name());
  ExpectSameAnswerFor(*get, request);
  // The same change sent again over Connect is a retry: the first answer.
  const BoundMethod* create_method = server_.server().methods().Find(
      "/clinic.v1.PatientService/CreatePatient");
  ExpectSameAnswerFor(*create_method, create);
}

TEST_F(ConnectParityTest, EveryStreamingMethodRefusesABadRequestAlike) {
  for (const BoundMethod* method : server_.server().methods().All()) {
    if (!method->server_streaming()) continue;
    SCOPED_TRACE(method->name);
    const auto [channel, key] = CallerFor(method->name);
    // An empty request: no day to watch.
    const RawResponse over_grpc = RawServerStreamCall(channel, method->name, "");
    HttpExchange exchange;
    exchange.url = absl::StrCat("http://127.0.0.1:",
                                server_.server().http_port(), method->name);
    exchange.headers = {"Content-Type: application/connect+json",
                        absl::StrCat("Authorization: Bearer ", key)};
    exchange.body = connect::Envelope(0, "{}");
    const HttpReply over_connect = Http(exchange);
    ASSERT_EQ(over_connect.status, 200) << over_connect.body;
    const std::vector<Enveloped> messages = SplitEnvelopes(over_connect.body);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].flags, connect::kEnvelopeEndStream);
    google::protobuf::Struct end;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(messages[0].bytes, &end)
            .ok());
    std::string error_json;
    ASSERT_TRUE(google::protobuf::util::MessageToJsonString(
                    end.fields().at("error").struct_value(), &error_json)
                    .ok());
    const Answer connect = FromConnectError(error_json);
    EXPECT_FALSE(over_grpc.status.ok());
    EXPECT_EQ(connect.code,
              static_cast<absl::StatusCode>(over_grpc.status.error_code()));
    EXPECT_EQ(connect.message, over_grpc.status.error_message());
  }
}

}  // namespace
}  // namespace mesoclinic::testing
