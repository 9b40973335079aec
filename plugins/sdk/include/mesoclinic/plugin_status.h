// The status types plugin hooks return: a small Status and StatusOr<T> of the
// SDK's own, so authors need no Abseil. Codes mirror absl::StatusCode and the
// C ABI's mesoclinic_status_code.
#ifndef MESOCLINIC_PLUGIN_STATUS_H_
#define MESOCLINIC_PLUGIN_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "mesoclinic/plugin_abi.h"

namespace mesoclinic::plugin {

enum class StatusCode : int32_t {
  kOk = MESOCLINIC_STATUS_OK,
  kInvalidArgument = MESOCLINIC_STATUS_INVALID_ARGUMENT,
  kNotFound = MESOCLINIC_STATUS_NOT_FOUND,
  kFailedPrecondition = MESOCLINIC_STATUS_FAILED_PRECONDITION,
  kOutOfRange = MESOCLINIC_STATUS_OUT_OF_RANGE,
  kUnimplemented = MESOCLINIC_STATUS_UNIMPLEMENTED,
  kInternal = MESOCLINIC_STATUS_INTERNAL,
};

// An error code and a message naming the field and the rule, or OK.
class Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}
inline Status FailedPreconditionError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status UnimplementedError(std::string message) {
  return Status(StatusCode::kUnimplemented, std::move(message));
}
inline Status InternalError(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

// A value or the error that prevented it.
template <typename T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit.
  // `status` must be an error; an OK status without a value becomes INTERNAL.
  StatusOr(Status status)  // NOLINT: implicit.
      : status_(status.ok() ? InternalError("StatusOr built from OK status")
                            : std::move(status)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Only when ok().
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace mesoclinic::plugin

#endif  // MESOCLINIC_PLUGIN_STATUS_H_
