#include "core/server/connect_protocol.h"

#include <string>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "core/api/grpc_calls.h"
#include "core/api/request_decoding.h"
#include "core/base/error_details.h"
#include "core/base/field_rules.h"
#include "core/base/json_text.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"

namespace mesoclinic::connect {
namespace {

// "application/json; charset=utf-8" -> "application/json".
absl::string_view MediaType(absl::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  absl::string_view type = content_type.substr(0, semicolon);
  type = absl::StripAsciiWhitespace(type);
  if (semicolon != absl::string_view::npos) {
    // Only a UTF-8 charset (or none) is understood.
    absl::string_view parameters =
        absl::StripAsciiWhitespace(content_type.substr(semicolon + 1));
    if (!parameters.empty() &&
        !absl::EqualsIgnoreCase(parameters, "charset=utf-8")) {
      return "";
    }
  }
  return type;
}

std::string Base64WithoutPadding(absl::string_view bytes) {
  std::string encoded = absl::Base64Escape(bytes);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

// A JSON string literal: invalid UTF-8 (a malformed body echoed in a
// parser's message) becomes U+FFFD, so that the error is always JSON.
std::string JsonString(absl::string_view text) {
  std::string quoted;
  AppendJsonString(text, quoted);
  return quoted;
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    return "{}";
  }
  return json;
}

}  // namespace

std::optional<Codec> UnaryCodec(absl::string_view content_type) {
  const absl::string_view type = MediaType(content_type);
  if (absl::EqualsIgnoreCase(type, "application/json")) return Codec::kJson;
  if (absl::EqualsIgnoreCase(type, "application/proto")) return Codec::kProto;
  return std::nullopt;
}

std::optional<Codec> StreamCodec(absl::string_view content_type) {
  const absl::string_view type = MediaType(content_type);
  if (absl::EqualsIgnoreCase(type, "application/connect+json")) {
    return Codec::kJson;
  }
  if (absl::EqualsIgnoreCase(type, "application/connect+proto")) {
    return Codec::kProto;
  }
  return std::nullopt;
}

absl::string_view UnaryContentType(Codec codec) {
  return codec == Codec::kJson ? "application/json" : "application/proto";
}

absl::string_view StreamContentType(Codec codec) {
  return codec == Codec::kJson ? "application/connect+json"
                               : "application/connect+proto";
}

absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header) {
  int64_t milliseconds = 0;
  if (header.empty() || header.size() > 10 ||
      !absl::c_all_of(header, absl::ascii_isdigit) ||
      !absl::SimpleAtoi(header, &milliseconds) || milliseconds <= 0) {
    return absl::InvalidArgumentError(
        "Connect-Timeout-Ms: must be a positive whole number of "
        "milliseconds, at most 10 digits");
  }
  return absl::Milliseconds(milliseconds);
}

absl::Status DecodeMessage(Codec codec, absl::string_view bytes,
                           google::protobuf::Message& message) {
  if (codec == Codec::kProto) return DecodeRequest(bytes, message);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(bytes.data(), bytes.size()), &message,
      options);
  if (!parsed.ok()) {
    const auto reason = parsed.message();
    return absl::InvalidArgumentError(absl::StrCat(
        "request: is not ", message.GetDescriptor()->full_name(),
        " in protobuf's JSON mapping: ",
        absl::string_view(reason.data(), reason.size())));
  }
  // The same rule as for binary requests: every string valid UTF-8.
  if (std::optional<std::string> field = FindInvalidUtf8Field(
          *message.GetDescriptor(), message.SerializeAsString())) {
    return FieldError(*field, "must be valid UTF-8");
  }
  return absl::OkStatus();
}

std::string EncodeMessage(Codec codec,
                          const google::protobuf::Message& message) {
  if (codec == Codec::kProto) return message.SerializeAsString();
  return ToJson(message);
}

absl::string_view CodeName(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return "ok";
    case absl::StatusCode::kCancelled: return "canceled";
    case absl::StatusCode::kUnknown: return "unknown";
    case absl::StatusCode::kInvalidArgument: return "invalid_argument";
    case absl::StatusCode::kDeadlineExceeded: return "deadline_exceeded";
    case absl::StatusCode::kNotFound: return "not_found";
    case absl::StatusCode::kAlreadyExists: return "already_exists";
    case absl::StatusCode::kPermissionDenied: return "permission_denied";
    case absl::StatusCode::kResourceExhausted: return "resource_exhausted";
    case absl::StatusCode::kFailedPrecondition: return "failed_precondition";
    case absl::StatusCode::kAborted: return "aborted";
    case absl::StatusCode::kOutOfRange: return "out_of_range";
    case absl::StatusCode::kUnimplemented: return "unimplemented";
    case absl::StatusCode::kInternal: return "internal";
    case absl::StatusCode::kUnavailable: return "unavailable";
    case absl::StatusCode::kDataLoss: return "data_loss";
    case absl::StatusCode::kUnauthenticated: return "unauthenticated";
    default: return "unknown";
  }
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return 200;
    case absl::StatusCode::kCancelled: return 499;
    case absl::StatusCode::kInvalidArgument: return 400;
    case absl::StatusCode::kDeadlineExceeded: return 504;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kAlreadyExists: return 409;
    case absl::StatusCode::kPermissionDenied: return 403;
    case absl::StatusCode::kResourceExhausted: return 429;
    case absl::StatusCode::kFailedPrecondition: return 400;
    case absl::StatusCode::kAborted: return 409;
    case absl::StatusCode::kOutOfRange: return 400;
    case absl::StatusCode::kUnimplemented: return 501;
    case absl::StatusCode::kUnavailable: return 503;
    case absl::StatusCode::kUnauthenticated: return 401;
    default: return 500;
  }
}

std::string ErrorJson(const absl::Status& status) {
  const std::string message = WireErrorMessage(status);
  const google::rpc::Status details = ToRpcStatus(status, message);
  std::string json =
      absl::StrCat("{\"code\":", JsonString(CodeName(status.code())),
                   ",\"message\":", JsonString(message), ",\"details\":[");
  for (int i = 0; i < details.details_size(); ++i) {
    const google::protobuf::Any& detail = details.details(i);
    absl::string_view type = detail.type_url();
    type = type.substr(type.rfind('/') + 1);
    absl::StrAppend(&json, i == 0 ? "" : ",", "{\"type\":", JsonString(type),
                    ",\"value\":", JsonString(Base64WithoutPadding(detail.value())));
    // The detail in JSON too, for people reading the error with curl.
    const google::protobuf::Descriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
            std::string(type));
    if (descriptor != nullptr) {
      std::unique_ptr<google::protobuf::Message> decoded(
          google::protobuf::MessageFactory::generated_factory()
              ->GetPrototype(descriptor)
              ->New());
      if (decoded->ParseFromString(detail.value())) {
        absl::StrAppend(&json, ",\"debug\":", ToJson(*decoded));
      }
    }
    json += "}";
  }
  json += "]}";
  return json;
}

std::string Envelope(uint8_t flags, absl::string_view bytes) {
  std::string enveloped;
  enveloped.reserve(5 + bytes.size());
  enveloped.push_back(static_cast<char>(flags));
  const uint32_t size = static_cast<uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    enveloped.push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  enveloped.append(bytes.data(), bytes.size());
  return enveloped;
}

std::string EndStreamJson(const absl::Status& status) {
  if (status.ok()) return "{}";
  return absl::StrCat("{\"error\":", ErrorJson(status), "}");
}

absl::StatusOr<absl::string_view> SingleEnvelopedMessage(
    absl::string_view body) {
  if (body.size() < 5) {
    return absl::InvalidArgumentError(
        "request: a streaming call's body must be one enveloped message (5 "
        "header bytes, then the message)");
  }
  const uint8_t flags = static_cast<uint8_t>(body[0]);
  if (flags != 0) {
    return absl::InvalidArgumentError(
        (flags & kEnvelopeCompressed) != 0
            ? "request: compressed messages are not accepted; send them "
              "uncompressed"
            : "request: the request message's envelope has unknown flags");
  }
  uint32_t size = 0;
  for (int i = 1; i <= 4; ++i) {
    size = (size << 8) | static_cast<uint8_t>(body[i]);
  }
  if (body.size() - 5 != size) {
    return absl::InvalidArgumentError(
        "request: the envelope's length does not match the body: send "
        "exactly one message");
  }
  return body.substr(5);
}

}  // namespace mesoclinic::connect
