#ifndef MESOCLINIC_CORE_SERVER_CONNECT_PROTOCOL_H_
#define MESOCLINIC_CORE_SERVER_CONNECT_PROTOCOL_H_

// The Connect protocol's wire format (connectrpc.com/docs/protocol), apart
// from any HTTP server: content types, the timeout header, messages in JSON
// (protobuf's canonical mapping) or binary, enveloped stream messages, and
// errors. Pure functions on bytes, so that hostile input is tested and
// fuzzed without a server.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace mesoclinic::connect {

// How messages are encoded on the wire.
enum class Codec { kJson, kProto };

// The codec of a unary call from its Content-Type ("application/json",
// "application/json; charset=utf-8", "application/proto"); nullopt for any
// other (answered 415 Unsupported Media Type).
std::optional<Codec> UnaryCodec(absl::string_view content_type);

// The codec of a streaming call from its Content-Type
// ("application/connect+json", "application/connect+proto").
std::optional<Codec> StreamCodec(absl::string_view content_type);

// The Content-Type a response of `codec` carries.
absl::string_view UnaryContentType(Codec codec);
absl::string_view StreamContentType(Codec codec);

// The call's time limit from the Connect-Timeout-Ms header: a positive
// integer of at most 10 digits. INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::Duration> ParseTimeout(absl::string_view header);

// Decodes `bytes` into `message`. JSON: protobuf's canonical mapping, where
// an unknown field, a wrong type or malformed JSON is INVALID_ARGUMENT
// naming what is wrong; binary: as over gRPC (core/api/request_decoding.h).
absl::Status DecodeMessage(Codec codec, absl::string_view bytes,
                           google::protobuf::Message& message);

// Encodes `message`: JSON with lowerCamelCase names, default values left
// out, as protobuf's canonical mapping and Connect clients expect.
std::string EncodeMessage(Codec codec, const google::protobuf::Message& message);

// The Connect name of a status code: "not_found", "canceled", ...
absl::string_view CodeName(absl::StatusCode code);

// The HTTP status a unary error is answered with (Connect's table:
// not_found 404, unauthenticated 401, resource_exhausted 429, ...).
int HttpStatusFor(absl::StatusCode code);

// The Connect error JSON for a failed call: its code, its message (cut as
// over gRPC) and its details, the same google.rpc details gRPC sends (each
// {"type": full name, "value": base64 of the binary message, "debug": its
// JSON form}).
std::string ErrorJson(const absl::Status& status);

// One enveloped message of a stream: a flags byte, a 4-byte big-endian
// length, the bytes.
inline constexpr uint8_t kEnvelopeCompressed = 0x01;
inline constexpr uint8_t kEnvelopeEndStream = 0x02;
std::string Envelope(uint8_t flags, absl::string_view bytes);

// The end-of-stream message's JSON: {} when `status` is OK, {"error": ...}
// otherwise.
std::string EndStreamJson(const absl::Status& status);

// The single message of a server-streaming call's request body: exactly one
// uncompressed envelope and nothing after it. INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::string_view> SingleEnvelopedMessage(absl::string_view body);

}  // namespace mesoclinic::connect

#endif  // MESOCLINIC_CORE_SERVER_CONNECT_PROTOCOL_H_
