#ifndef MESOCLINIC_CORE_API_REQUEST_DECODING_H_
#define MESOCLINIC_CORE_API_REQUEST_DECODING_H_

// Requests arrive as raw bytes and are decoded here rather than by gRPC, so
// that a request that does not parse gets INVALID_ARGUMENT naming the field
// at fault instead of gRPC's bare INTERNAL.

#include <optional>
#include <string>

#include <grpcpp/support/byte_buffer.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// Parses `bytes` into `request`. INVALID_ARGUMENT naming the field when a
// string field holds invalid UTF-8 (which proto3 forbids), or saying the
// request is not a well-formed message otherwise.
absl::Status DecodeRequest(absl::string_view bytes,
                           google::protobuf::Message& request);
absl::Status DecodeRequest(const grpc::ByteBuffer& bytes,
                           google::protobuf::Message& request);

// `message`'s bytes, the same every time for the same message (map
// entries sorted): for hashing and comparing messages.
std::string SerializeDeterministically(const google::protobuf::Message& message);

// Serializes `response` into `bytes`.
void EncodeResponse(const google::protobuf::Message& response,
                    grpc::ByteBuffer* bytes);

// The path ("patient.clinical_facts.medications[1].name") of the first
// string field in the serialized `message` of type `type` that is not valid
// UTF-8, or nullopt when there is none or the bytes are malformed.
std::optional<std::string> FindInvalidUtf8Field(
    const google::protobuf::Descriptor& type, absl::string_view message);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_REQUEST_DECODING_H_
