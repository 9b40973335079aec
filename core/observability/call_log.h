#ifndef MESOCLINIC_CORE_OBSERVABILITY_CALL_LOG_H_
#define MESOCLINIC_CORE_OBSERVABILITY_CALL_LOG_H_

// The log line of each call: the one place a call is logged.
//
//   ... info clinicd: call method=/clinic.v1.PatientService/GetPatient
//       code=OK staff=st_1 elapsed_ms=1.204 call_id=5f3a09c1-42
//       transport=grpc
//
// A failed call is a warning ("call failed"); a WatchSchedule stream's
// admission is "stream opened" or "stream refused". Never the request, the
// error message or anything of a patient: a message may echo what the
// caller sent. Calls shed under overload get no line of their own (the
// runner logs a count once a second): a line each would cost what
// shedding saves.

#include "core/api/call_observer.h"

namespace mesoclinic::observability {

class CallLog : public CallObserver {
 public:
  void OnCallFinished(const FinishedCall& call) override;
};

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_CALL_LOG_H_
