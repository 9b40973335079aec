#ifndef MESOCLINIC_CORE_API_CALL_OBSERVER_H_
#define MESOCLINIC_CORE_API_CALL_OBSERVER_H_

// What watches every call the CallRunner answers, whichever transport
// carried it: the metrics and the per-call log line. An observer must be
// cheap and thread-safe: it runs on the thread that answers the call.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic {

struct FinishedCall {
  // "grpc" or "connect".
  absl::string_view transport;
  // "/clinic.v1.PatientService/GetPatient".
  absl::string_view method;
  // The caller, when it was identified; empty otherwise.
  absl::string_view staff_id;
  // The id the call's answer carried to the client (see CallContext).
  absl::string_view call_id;
  absl::StatusCode code = absl::StatusCode::kOk;
  // The reason code of a refusal (ErrorReason: "SIGN_IN_FAILED"); empty
  // when the call succeeded or its error has none.
  absl::string_view reason;
  // From the call's arrival to its answer.
  absl::Duration elapsed;
  // Refused before any work because too many calls were in flight.
  bool shed = false;
  // A stream's admission rather than a unary call.
  bool stream = false;
};

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void OnCallFinished(const FinishedCall& call) = 0;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_CALL_OBSERVER_H_
