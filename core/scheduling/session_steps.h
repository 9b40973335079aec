#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_

// The steps of a booked session's day: cancelled, checked in, completed
// with its treatment record, or a no-show. Each takes the session as
// stored and returns it as the step left it, stored and announced; a step
// its state does not allow is SESSION_STATE_CONFLICT (CheckTransition).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

class SessionSteps {
 public:
  explicit SessionSteps(DecisionContext& context) : context_(context) {}

  // `reason` is required, at most 500 characters.
  absl::StatusOr<Session> Cancel(Session session, absl::string_view reason);

  // Only on the session's local day (NOT_SESSION_DAY).
  absl::StatusOr<Session> CheckIn(Session session);

  // With `record`, once the API's shape rules (CheckRecordShape) and the
  // protocol's plugin accept it: TREATMENT_RECORD_INVALID with every field
  // violation otherwise. Creates the protocol's follow-up tasks.
  absl::StatusOr<Session> Complete(Session session, TreatmentRecord record);

  // A consultation (consultation.h) ends with the practitioner's `notes`
  // (CheckConsultationNotes), without a treatment record, a plugin or
  // follow-up tasks. SESSION_STATE_CONFLICT for a treatment session.
  absl::StatusOr<Session> CompleteConsultation(Session session,
                                               std::string notes);

  // Only once the session's time has come (SESSION_NOT_STARTED).
  absl::StatusOr<Session> MarkNoShow(Session session);

 private:
  DecisionContext& context_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_
