#include "core/base/error_details.h"

#include <algorithm>
#include <optional>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/optional.h"
#include "core/base/error_reasons.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"

namespace mesoclinic {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";
constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

// The payload `url` of `status`, parsed as `Detail`.
template <typename Detail>
std::optional<Detail> Payload(const absl::Status& status, const char* url) {
  const absl::optional<absl::Cord> bytes = status.GetPayload(url);
  if (!bytes.has_value()) return std::nullopt;
  Detail detail;
  if (!detail.ParseFromString(std::string(*bytes))) return std::nullopt;
  return detail;
}

template <typename Detail>
void SetPayload(absl::Status& status, const char* url, const Detail& detail) {
  status.SetPayload(url, absl::Cord(detail.SerializeAsString()));
}

}  // namespace

absl::Status WithReason(
    absl::Status status, absl::string_view reason,
    std::vector<std::pair<std::string, std::string>> metadata) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  for (auto& [key, value] : metadata) {
    (*info.mutable_metadata())[key] = std::move(value);
  }
  SetPayload(status, kErrorInfoUrl, info);
  return status;
}

absl::Status WithFieldViolation(absl::Status status, FieldViolation violation) {
  if (status.ok()) return status;
  google::rpc::BadRequest request =
      Payload<google::rpc::BadRequest>(status, kBadRequestUrl)
          .value_or(google::rpc::BadRequest());
  google::rpc::BadRequest::FieldViolation& added =
      *request.add_field_violations();
  added.set_field(std::move(violation.field));
  added.set_description(std::move(violation.description));
  SetPayload(status, kBadRequestUrl, request);
  return status;
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  if (status.ok()) return status;
  google::rpc::RetryInfo info;
  const int64_t nanos = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(nanos / 1'000'000'000);
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(nanos % 1'000'000'000));
  SetPayload(status, kRetryInfoUrl, info);
  return status;
}

absl::Status AsOverload(absl::Status status, absl::Duration retry_after) {
  return WithRetryDelay(WithReason(std::move(status), reasons::kOverloaded),
                        retry_after);
}

std::string ErrorReason(const absl::Status& status) {
  const auto info = Payload<google::rpc::ErrorInfo>(status, kErrorInfoUrl);
  return info.has_value() ? info->reason() : std::string();
}

std::vector<std::pair<std::string, std::string>> ErrorMetadata(
    const absl::Status& status) {
  std::vector<std::pair<std::string, std::string>> metadata;
  const auto info = Payload<google::rpc::ErrorInfo>(status, kErrorInfoUrl);
  if (!info.has_value()) return metadata;
  for (const auto& [key, value] : info->metadata()) {
    metadata.emplace_back(key, value);
  }
  std::sort(metadata.begin(), metadata.end());
  return metadata;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> violations;
  const auto request =
      Payload<google::rpc::BadRequest>(status, kBadRequestUrl);
  if (!request.has_value()) return violations;
  for (const auto& violation : request->field_violations()) {
    violations.push_back({violation.field(), violation.description()});
  }
  return violations;
}

absl::Duration RetryDelayOf(const absl::Status& status) {
  const auto info = Payload<google::rpc::RetryInfo>(status, kRetryInfoUrl);
  if (!info.has_value()) return absl::ZeroDuration();
  return absl::Seconds(info->retry_delay().seconds()) +
         absl::Nanoseconds(info->retry_delay().nanos());
}

void FieldViolations::Check(absl::Status status) {
  if (status.ok()) return;
  std::vector<FieldViolation> found = FieldViolationsOf(status);
  if (!absl::IsInvalidArgument(status) || found.empty()) {
    if (other_.ok()) other_ = std::move(status);
    return;
  }
  messages_.emplace_back(status.message());
  NoteReason(ErrorReason(status));
  for (FieldViolation& violation : found) {
    violations_.push_back(std::move(violation));
  }
}

void FieldViolations::Add(absl::string_view field,
                          absl::string_view description) {
  messages_.push_back(absl::StrCat(field, ": ", description));
  NoteReason(reasons::kInvalidField);
  violations_.push_back({std::string(field), std::string(description)});
}

void FieldViolations::NoteReason(std::string reason) {
  if (messages_.size() == 1) {
    reason_ = std::move(reason);
  } else if (reason != reason_) {
    one_reason_ = false;
  }
}

absl::Status FieldViolations::Result() const {
  if (!other_.ok()) return other_;
  if (violations_.empty()) return absl::OkStatus();
  absl::Status status =
      absl::InvalidArgumentError(absl::StrJoin(messages_, "; "));
  google::rpc::BadRequest request;
  for (const FieldViolation& violation : violations_) {
    google::rpc::BadRequest::FieldViolation& added =
        *request.add_field_violations();
    added.set_field(violation.field);
    added.set_description(violation.description);
  }
  SetPayload(status, kBadRequestUrl, request);
  return WithReason(std::move(status), one_reason_ && !reason_.empty()
                                           ? reason_
                                           : std::string(reasons::kInvalidField));
}

google::rpc::Status ToRpcStatus(const absl::Status& status,
                                absl::string_view message) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(status.code()));
  rpc.set_message(std::string(message));
  if (status.ok()) return rpc;
  google::rpc::ErrorInfo info;
  if (auto carried = Payload<google::rpc::ErrorInfo>(status, kErrorInfoUrl)) {
    info = *std::move(carried);
  } else {
    info.set_reason(absl::StatusCodeToString(status.code()));
    info.set_domain(kErrorDomain);
  }
  rpc.add_details()->PackFrom(info, kTypeUrlPrefix);
  if (auto request = Payload<google::rpc::BadRequest>(status, kBadRequestUrl)) {
    rpc.add_details()->PackFrom(*request, kTypeUrlPrefix);
  }
  if (auto retry = Payload<google::rpc::RetryInfo>(status, kRetryInfoUrl)) {
    rpc.add_details()->PackFrom(*retry, kTypeUrlPrefix);
  }
  return rpc;
}

}  // namespace mesoclinic
