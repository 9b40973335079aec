#include "core/api/page_token.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/sha256.h"

namespace mesoclinic {
namespace {

constexpr std::size_t kFingerprintSize = 8;

absl::Status BadToken() {
  return FieldError("page_token",
                    "is not a token returned by this method for the same "
                    "filters; start again without page_token");
}

}  // namespace

std::string ListRequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> filters(request.New());
  filters->CopyFrom(request);
  const google::protobuf::Descriptor* descriptor = filters->GetDescriptor();
  for (const char* paging_field : {"page_size", "page_token"}) {
    if (const auto* field = descriptor->FindFieldByName(paging_field)) {
      filters->GetReflection()->ClearField(filters.get(), field);
    }
  }
  std::string serialized;
  filters->SerializePartialToString(&serialized);
  return Sha256(absl::StrCat(descriptor->full_name(), "\n", serialized))
      .substr(0, kFingerprintSize);
}

std::string EncodePageToken(absl::string_view fingerprint,
                            absl::Span<const std::string> position) {
  std::string raw(fingerprint);
  for (const std::string& part : position) {
    absl::StrAppend(&raw, part.size(), ":", part);
  }
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, absl::string_view fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      raw.size() < kFingerprintSize ||
      absl::string_view(raw).substr(0, kFingerprintSize) != fingerprint) {
    return BadToken();
  }
  std::vector<std::string> position;
  absl::string_view rest = absl::string_view(raw).substr(kFingerprintSize);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    std::size_t size = 0;
    if (colon == absl::string_view::npos ||
        !absl::SimpleAtoi(rest.substr(0, colon), &size) ||
        size > rest.size() - colon - 1) {
      return BadToken();
    }
    position.emplace_back(rest.substr(colon + 1, size));
    rest.remove_prefix(colon + 1 + size);
  }
  return position;
}

absl::StatusOr<int> EffectivePageSize(int page_size, int default_size,
                                      int max_size) {
  if (page_size < 0) return FieldError("page_size", "must not be negative");
  if (page_size == 0) return default_size;
  return page_size > max_size ? max_size : page_size;
}

}  // namespace mesoclinic
