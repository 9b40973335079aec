#include "core/api/request_decoding.h"

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace mesoclinic {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

std::string Flatten(const grpc::ByteBuffer& bytes) {
  std::vector<grpc::Slice> slices;
  std::string flat;
  if (!bytes.Dump(&slices).ok()) return flat;
  for (const grpc::Slice& slice : slices) {
    flat.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return flat;
}

}  // namespace

std::optional<std::string> FindInvalidUtf8Field(
    const google::protobuf::Descriptor& type, absl::string_view message) {
  google::protobuf::io::CodedInputStream input(
      reinterpret_cast<const uint8_t*>(message.data()),
      static_cast<int>(message.size()));
  // Occurrences seen so far of each repeated field, for "[i]" in the path.
  absl::flat_hash_map<int, int> occurrences;
  while (const uint32_t tag = input.ReadTag()) {
    const FieldDescriptor* field =
        type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
    const bool length_delimited = WireFormatLite::GetTagWireType(tag) ==
                                  WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    const bool is_text = field != nullptr &&
                         field->type() == FieldDescriptor::TYPE_STRING;
    const bool is_message = field != nullptr &&
                            field->type() == FieldDescriptor::TYPE_MESSAGE;
    if (!length_delimited || (!is_text && !is_message)) {
      if (!WireFormatLite::SkipField(&input, tag)) return std::nullopt;
      continue;
    }
    std::string value;
    uint32_t length = 0;
    if (!input.ReadVarint32(&length) ||
        !input.ReadString(&value, static_cast<int>(length))) {
      return std::nullopt;
    }
    std::string path = field->name();
    if (field->is_repeated()) {
      absl::StrAppend(&path, "[", occurrences[field->number()]++, "]");
    }
    if (is_text && !IsValidUtf8(value)) return path;
    if (is_message) {
      if (std::optional<std::string> inner =
              FindInvalidUtf8Field(*field->message_type(), value)) {
        return absl::StrCat(path, ".", *inner);
      }
    }
  }
  return std::nullopt;
}

absl::Status DecodeRequest(const grpc::ByteBuffer& bytes,
                           google::protobuf::Message& request) {
  return DecodeRequest(Flatten(bytes), request);
}

absl::Status DecodeRequest(absl::string_view flat,
                           google::protobuf::Message& request) {
  if (request.ParseFromArray(flat.data(), static_cast<int>(flat.size()))) {
    return absl::OkStatus();
  }
  if (std::optional<std::string> field =
          FindInvalidUtf8Field(*request.GetDescriptor(), flat)) {
    return FieldError(*field, "must be valid UTF-8");
  }
  return absl::InvalidArgumentError(
      absl::StrCat("request: is not a well-formed ",
                   request.GetDescriptor()->full_name(), " message"));
}

std::string SerializeDeterministically(
    const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

void EncodeResponse(const google::protobuf::Message& response,
                    grpc::ByteBuffer* bytes) {
  grpc::Slice slice(response.SerializeAsString());
  *bytes = grpc::ByteBuffer(&slice, 1);
}

}  // namespace mesoclinic
