// Fuzz target: the Connect protocol decoder (core/server/connect_protocol),
// everything clinicd reads from an HTTP request before the call runner:
// content types, the timeout header, JSON and binary messages, enveloped
// stream requests, and the error JSON it answers with. Input:
//
//   uint16  the method (an index into the API's methods)
//   byte    bit 0: a streaming call's body (enveloped); bit 1: binary
//   part    a Content-Type header value
//   part    a Connect-Timeout-Ms header value
//   rest    the body
//
// Properties: nothing crashes; a body that decodes re-encodes to a body
// that decodes to the same message; a refusal is INVALID_ARGUMENT with a
// message, and its error JSON is valid JSON.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "core/api/request_decoding.h"
#include "core/server/connect_protocol.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/method_ids.h"
#include "tests/fuzz/quiet_logs.h"

namespace mesoclinic::fuzz {
namespace {

using connect::Codec;

std::unique_ptr<google::protobuf::Message> NewRequest(
    const google::protobuf::MethodDescriptor& method) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method.input_type())
          ->New());
}


void CheckRefusal(const absl::Status& status) {
  FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument,
             "a body the decoder refuses is INVALID_ARGUMENT");
  FUZZ_CHECK(!status.message().empty(), "a refusal says why");
  google::protobuf::Struct error;
  FUZZ_CHECK(google::protobuf::util::JsonStringToMessage(
                 connect::ErrorJson(status), &error)
                 .ok(),
             "the error JSON is JSON");
}

void Run(FuzzInput& input) {
  const auto& methods = ApiMethods();
  const google::protobuf::MethodDescriptor& method =
      *methods[input.TakeUint16() % methods.size()];
  const uint8_t mode = input.TakeByte();
  const absl::string_view content_type = input.TakePart();
  const absl::string_view timeout = input.TakePart();
  const absl::string_view body = input.TakeRest();

  (void)connect::UnaryCodec(content_type);
  (void)connect::StreamCodec(content_type);
  if (const absl::StatusOr<absl::Duration> parsed =
          connect::ParseTimeout(timeout);
      parsed.ok()) {
    FUZZ_CHECK(*parsed > absl::ZeroDuration(), "a timeout is positive");
  } else {
    CheckRefusal(parsed.status());
  }

  const Codec codec = (mode & 2) != 0 ? Codec::kProto : Codec::kJson;
  absl::string_view message_bytes = body;
  if ((mode & 1) != 0) {
    const absl::StatusOr<absl::string_view> single =
        connect::SingleEnvelopedMessage(body);
    if (!single.ok()) {
      CheckRefusal(single.status());
      return;
    }
    message_bytes = *single;
  }
  std::unique_ptr<google::protobuf::Message> request = NewRequest(method);
  const absl::Status decoded =
      connect::DecodeMessage(codec, message_bytes, *request);
  if (!decoded.ok()) {
    CheckRefusal(decoded);
    return;
  }
  // What clinicd would send back decodes to the same message.
  const std::string encoded = connect::EncodeMessage(codec, *request);
  std::unique_ptr<google::protobuf::Message> again = NewRequest(method);
  FUZZ_CHECK(connect::DecodeMessage(codec, encoded, *again).ok(),
             "an encoded message decodes");
  FUZZ_CHECK(SerializeDeterministically(*request) ==
                 SerializeDeterministically(*again),
             "a message survives encoding and decoding");
}

}  // namespace
}  // namespace mesoclinic::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mesoclinic::fuzz::QuietLibraryLogs();
  mesoclinic::fuzz::FuzzInput input(data, size);
  mesoclinic::fuzz::Run(input);
  return 0;
}
