#ifndef MESOCLINIC_CORE_BASE_ERROR_DETAILS_H_
#define MESOCLINIC_CORE_BASE_ERROR_DETAILS_H_

// Details a program can act on without parsing an error's English (AIP-193):
// a stable reason code (google.rpc.ErrorInfo), every field that broke a rule
// (google.rpc.BadRequest), and when to try again (google.rpc.RetryInfo).
//
// They travel on the absl::Status itself, as payloads keyed by the details'
// type URLs, from the rule that refused to the transport, which sends them as
// the google.rpc.Status details of the call (ToRpcStatus). The message stays
// what it was, for people.
//
//   return WithReason(absl::FailedPreconditionError(...),
//                     reasons::kSlotTaken, {{"session", "sessions/abc"}});
//
//   FieldViolations violations;
//   violations.Check(CheckText("patient.given_name", ...));
//   violations.Check(CheckPhone("patient.phone", ...));
//   RETURN_IF_ERROR(violations.Result());   // every violation, not the first

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/rpc/status.pb.h"

namespace mesoclinic {

// The ErrorInfo domain of every reason clinicd gives.
inline constexpr char kErrorDomain[] = "mesoclinic.clinic.v1";

// One field of a request and the rule it broke.
struct FieldViolation {
  std::string field;
  std::string description;
  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
};

// `status` with the reason code `reason` (one of core/base/error_reasons.h)
// and what it concerns. Replaces a reason `status` already had. An OK status
// is returned as it is.
absl::Status WithReason(
    absl::Status status, absl::string_view reason,
    std::vector<std::pair<std::string, std::string>> metadata = {});

// `status` with `violation` added to its field violations.
absl::Status WithFieldViolation(absl::Status status, FieldViolation violation);

// `status` telling the caller to wait `delay` before trying again.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// An overload refusal: `status` with the reason OVERLOADED and a RetryInfo
// of `retry_after`, so that clients spread their retries instead of
// returning at once.
absl::Status AsOverload(absl::Status status,
                        absl::Duration retry_after = absl::Milliseconds(250));

// The reason code `status` carries; empty when it has none.
std::string ErrorReason(const absl::Status& status);
// The metadata of `status`'s reason, sorted by key.
std::vector<std::pair<std::string, std::string>> ErrorMetadata(
    const absl::Status& status);
// The field violations `status` carries, in the order they were found.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);
// The retry delay `status` carries, or absl::ZeroDuration().
absl::Duration RetryDelayOf(const absl::Status& status);

// Collects the outcome of several independent checks of one request, so that
// the caller learns every field violation at once instead of the first.
class FieldViolations {
 public:
  // Records `status` when it is an error. Errors that are not
  // INVALID_ARGUMENT are kept too: Result() returns the first of them as it
  // is, since it is not about the request's shape.
  void Check(absl::Status status);
  // Records a violation directly.
  void Add(absl::string_view field, absl::string_view description);

  bool ok() const { return violations_.empty() && other_.ok(); }

  // OK when every check passed. Otherwise the first error that is not a field
  // violation, or INVALID_ARGUMENT whose message joins every violation
  // ("a: rule; b: rule") and whose details list each, with the reason
  // kInvalidField (or the one reason all of them share).
  absl::Status Result() const;

 private:
  // Notes the reason of the violations just recorded.
  void NoteReason(std::string reason);

  std::vector<FieldViolation> violations_;
  std::vector<std::string> messages_;
  // The reason of the first violations recorded, and whether every later one
  // had the same.
  std::string reason_;
  bool one_reason_ = true;
  absl::Status other_;
};

// The google.rpc.Status a transport sends for `status`: its code, `message`
// (which a transport may have shortened), and its details as Any messages
// (ErrorInfo always: a status with no reason of its own gets the canonical
// code's name, "NOT_FOUND"; BadRequest and RetryInfo when present).
google::rpc::Status ToRpcStatus(const absl::Status& status,
                                absl::string_view message);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_ERROR_DETAILS_H_
