#include "bench/load/connect_load_driver.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "bench/load/step_window.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace mesoclinic::bench {
namespace {

// The request of `method` ("/clinic.v1.PatientService/GetPatient") in
// `request` as protobuf's canonical JSON.
grpc::Status RequestJson(const std::string& method,
                         const grpc::ByteBuffer& request, std::string& json) {
  const std::string full_name =
      absl::StrReplaceAll(absl::StripPrefix(method, "/"), {{"/", "."}});
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          full_name);
  if (descriptor == nullptr) {
    return {grpc::StatusCode::INTERNAL, absl::StrCat("no method ", full_name)};
  }
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(descriptor->input_type())
          ->New());
  std::vector<grpc::Slice> slices;
  if (grpc::Status status = request.Dump(&slices); !status.ok()) return status;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (!message->ParseFromString(bytes)) {
    return {grpc::StatusCode::INTERNAL, "cannot read the request"};
  }
  json.clear();
  if (!google::protobuf::util::MessageToJsonString(*message, &json).ok()) {
    return {grpc::StatusCode::INTERNAL, "cannot write the request as JSON"};
  }
  return grpc::Status::OK;
}

size_t AppendToString(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One keep-alive connection to the Connect listener, used by one thread.
class ConnectConnection {
 public:
  ConnectConnection(const std::string& api_key, absl::Duration timeout)
      : curl_(curl_easy_init()) {
    for (const std::string& header :
         {std::string("Content-Type: application/json"),
          std::string("Connect-Protocol-Version: 1"),
          absl::StrCat("Connect-Timeout-Ms: ",
                       absl::ToInt64Milliseconds(timeout)),
          absl::StrCat("Authorization: Bearer ", api_key)}) {
      headers_ = curl_slist_append(headers_, header.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(absl::ToInt64Milliseconds(timeout)));
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &AppendToString);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response_);
  }
  ~ConnectConnection() {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }
  ConnectConnection(const ConnectConnection&) = delete;
  ConnectConnection& operator=(const ConnectConnection&) = delete;

  // POSTs `body` to `url`; the answer's status, from the Connect error JSON
  // when it is not 200.
  grpc::Status Call(const std::string& url, const std::string& body) {
    response_.clear();
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE,
                     static_cast<long>(body.size()));
    const CURLcode sent = curl_easy_perform(curl_);
    if (sent != CURLE_OK) {
      return {sent == CURLE_OPERATION_TIMEDOUT
                  ? grpc::StatusCode::DEADLINE_EXCEEDED
                  : grpc::StatusCode::UNAVAILABLE,
              curl_easy_strerror(sent)};
    }
    long http_status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &http_status);
    if (http_status == 200) return grpc::Status::OK;
    google::protobuf::Struct error;
    if (!google::protobuf::util::JsonStringToMessage(response_, &error).ok()) {
      return {grpc::StatusCode::UNKNOWN,
              absl::StrCat("HTTP ", http_status, ", not Connect error JSON: ",
                           response_.substr(0, 200))};
    }
    const auto field = [&error](const std::string& name) {
      const auto found = error.fields().find(name);
      return found == error.fields().end() ? std::string()
                                           : found->second.string_value();
    };
    return {StatusCodeOfConnectCode(field("code")), field("message")};
  }

 private:
  CURL* curl_;
  curl_slist* headers_ = nullptr;
  std::string response_;
};

// Sends the step's calls one after the other on one connection until the
// step is over.
void DriveCalls(StepWindow& step, const std::string& base_url,
                const std::string& api_key, std::vector<Answer>& answers) {
  const std::string method = step.scenario().method();
  const std::string url = base_url + method;
  ConnectConnection connection(api_key, step.options().call_timeout);
  std::string body;
  for (;;) {
    std::optional<grpc::ByteBuffer> request = step.NextRequest();
    if (!request.has_value()) return;
    const StepClock::time_point start = StepClock::now();
    grpc::Status status = RequestJson(method, *request, body);
    if (status.ok()) status = connection.Call(url, body);
    step.Record(status, start, answers);
  }
}

// A scenario whose calls go over Connect.
class OverConnectScenario : public Scenario {
 public:
  explicit OverConnectScenario(std::unique_ptr<Scenario> scenario)
      : scenario_(std::move(scenario)) {}

  std::string name() const override {
    return absl::StrCat("connect_", scenario_->name());
  }
  std::string method() const override { return scenario_->method(); }
  std::optional<grpc::ByteBuffer> NextRequest() override {
    return scenario_->NextRequest();
  }
  Verdict Judge(const grpc::Status& status) const override {
    return scenario_->Judge(status);
  }
  Transport transport() const override { return Transport::kConnectJson; }

 private:
  std::unique_ptr<Scenario> scenario_;
};

}  // namespace

ConnectLoadDriver::ConnectLoadDriver(std::string http_target,
                                     std::string api_key)
    : base_url_(absl::StrCat("http://", http_target)),
      api_key_(std::move(api_key)) {
  // Not thread-safe, and needed once before any handle is made.
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_ALL); });
}

StepResult ConnectLoadDriver::Run(Scenario& scenario,
                                  const StepOptions& options) {
  const int in_flight = std::max(1, options.in_flight);
  StepWindow step(scenario, options);
  std::vector<std::vector<Answer>> answers(in_flight);
  {
    std::vector<std::thread> workers;
    for (int i = 0; i < in_flight; ++i) {
      workers.emplace_back(
          [&, i] { DriveCalls(step, base_url_, api_key_, answers[i]); });
    }
    step.CallWindowCallbacks();
    for (std::thread& worker : workers) worker.join();
  }
  return step.Tally(in_flight, answers);
}

std::unique_ptr<Scenario> OverConnect(std::unique_ptr<Scenario> scenario) {
  return std::make_unique<OverConnectScenario>(std::move(scenario));
}

grpc::StatusCode StatusCodeOfConnectCode(const std::string& connect_code) {
  // connectrpc.com/docs/protocol#error-codes: gRPC's codes, in snake case.
  static constexpr std::array<std::pair<const char*, grpc::StatusCode>, 16>
      kCodes = {{
          {"canceled", grpc::StatusCode::CANCELLED},
          {"unknown", grpc::StatusCode::UNKNOWN},
          {"invalid_argument", grpc::StatusCode::INVALID_ARGUMENT},
          {"deadline_exceeded", grpc::StatusCode::DEADLINE_EXCEEDED},
          {"not_found", grpc::StatusCode::NOT_FOUND},
          {"already_exists", grpc::StatusCode::ALREADY_EXISTS},
          {"permission_denied", grpc::StatusCode::PERMISSION_DENIED},
          {"resource_exhausted", grpc::StatusCode::RESOURCE_EXHAUSTED},
          {"failed_precondition", grpc::StatusCode::FAILED_PRECONDITION},
          {"aborted", grpc::StatusCode::ABORTED},
          {"out_of_range", grpc::StatusCode::OUT_OF_RANGE},
          {"unimplemented", grpc::StatusCode::UNIMPLEMENTED},
          {"internal", grpc::StatusCode::INTERNAL},
          {"unavailable", grpc::StatusCode::UNAVAILABLE},
          {"data_loss", grpc::StatusCode::DATA_LOSS},
          {"unauthenticated", grpc::StatusCode::UNAUTHENTICATED},
      }};
  for (const auto& [name, code] : kCodes) {
    if (connect_code == name) return code;
  }
  return grpc::StatusCode::UNKNOWN;
}

}  // namespace mesoclinic::bench
