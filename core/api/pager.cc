#include "core/api/pager.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/api/page_token.h"
#include "core/base/field_rules.h"
#include "core/base/status_macros.h"

namespace mesoclinic {
namespace {

const google::protobuf::FieldDescriptor& PagingField(
    const google::protobuf::Message& request, const char* name,
    google::protobuf::FieldDescriptor::CppType type) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName(name);
  // Every List request of clinic.v1 has both (tests/api/pager_test.cc walks
  // them); a method without them must not use a Pager.
  if (field == nullptr || field->cpp_type() != type || field->is_repeated()) {
    std::abort();
  }
  return *field;
}

}  // namespace

absl::Status MalformedPageToken() {
  return FieldError("page_token", "is malformed");
}

PagePosition& PagePosition::Add(absl::string_view value) {
  values_.emplace_back(value);
  return *this;
}

PagePosition& PagePosition::Add(int64_t value) {
  values_.push_back(absl::StrCat(value));
  return *this;
}

PagePosition& PagePosition::Add(absl::Time value) {
  return Add(absl::ToUnixMicros(value));
}

absl::StatusOr<std::string> PagePosition::StringAt(std::size_t index) const {
  if (index >= values_.size()) return MalformedPageToken();
  return values_[index];
}

absl::StatusOr<int64_t> PagePosition::IntAt(std::size_t index) const {
  int64_t value = 0;
  if (index >= values_.size() || !absl::SimpleAtoi(values_[index], &value)) {
    return MalformedPageToken();
  }
  return value;
}

absl::StatusOr<absl::Time> PagePosition::TimeAt(std::size_t index) const {
  ASSIGN_OR_RETURN(const int64_t micros, IntAt(index));
  return absl::FromUnixMicros(micros);
}

absl::StatusOr<Pager> Pager::For(const google::protobuf::Message& request,
                                 int default_size, int max_size) {
  using CppType = google::protobuf::FieldDescriptor::CppType;
  const google::protobuf::Reflection& reflection = *request.GetReflection();
  const int32_t requested = reflection.GetInt32(
      request, &PagingField(request, "page_size", CppType::CPPTYPE_INT32));
  const std::string token = reflection.GetString(
      request, &PagingField(request, "page_token", CppType::CPPTYPE_STRING));
  ASSIGN_OR_RETURN(const int page_size,
                   EffectivePageSize(requested, default_size, max_size));
  std::string fingerprint = ListRequestFingerprint(request);
  std::optional<PagePosition> after;
  if (!token.empty()) {
    ASSIGN_OR_RETURN(std::vector<std::string> values,
                     DecodePageToken(token, fingerprint));
    if (values.empty()) return MalformedPageToken();
    after = PagePosition(std::move(values));
  }
  return Pager(page_size, std::move(fingerprint), std::move(after));
}

absl::StatusOr<const PagePosition*> Pager::After(std::size_t size) const {
  if (after_.has_value() && after_->size() != size) {
    return MalformedPageToken();
  }
  return after();
}

absl::StatusOr<std::optional<std::pair<absl::Time, std::string>>>
Pager::AfterTimeAndId() const {
  ASSIGN_OR_RETURN(const PagePosition* after, After(2));
  if (after == nullptr) return std::nullopt;
  ASSIGN_OR_RETURN(const absl::Time time, after->TimeAt(0));
  return std::make_pair(time, after->values_[1]);
}

absl::StatusOr<std::optional<std::pair<std::string, std::string>>>
Pager::AfterKeyAndId() const {
  ASSIGN_OR_RETURN(const PagePosition* after, After(2));
  if (after == nullptr) return std::nullopt;
  return std::make_pair(after->values_[0], after->values_[1]);
}

std::string Pager::Token(const PagePosition& position) const {
  return EncodePageToken(fingerprint_, position.values_);
}

}  // namespace mesoclinic
