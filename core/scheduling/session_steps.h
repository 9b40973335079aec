#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_

// The steps of a booked session's day: cancelled, checked in, completed
// with its treatment record, or a no-show. Each takes the session as
// stored and returns it as the step left it, stored and announced; a step
// its state does not allow is SESSION_STATE_CONFLICT (CheckTransition).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/patients/patient.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::scheduling {

// One refusal for several checks: OK when all passed; the only failure as
// it is; several FAILED_PRECONDITION failures as one FAILED_PRECONDITION
// (TREATMENT_DAY_CHECKS_FAILED) whose message joins theirs, whose metadata
// "reasons" lists their reason codes and whose field violations are all of
// theirs. Any other error is returned first, as it is: it is not a refusal.
absl::Status CombineRefusals(const std::vector<absl::Status>& results);

class SessionSteps {
 public:
  explicit SessionSteps(DecisionContext& context) : context_(context) {}

  // `reason` is required, at most 500 characters.
  absl::StatusOr<Session> Cancel(Session session, absl::string_view reason);

  // Only on the session's local day (NOT_SESSION_DAY), and only when the
  // patient may still be treated (CheckTreatmentDay; the facts needed on
  // the day itself are asked in the treatment room, so completion requires
  // them, not check-in).
  absl::StatusOr<Session> CheckIn(Session session);

  // With `record`, once the API's shape rules (CheckRecordShape) and the
  // protocol's plugin accept it: TREATMENT_RECORD_INVALID with every field
  // violation otherwise; CHECKLIST_INCOMPLETE unless the record answers
  // every question of the protocol's day-of checklist. Then the patient must
  // still be treatable (CheckTreatmentDay, with the facts needed on the day
  // confirmed that day) and no checklist answer may stop the session
  // (CHECKLIST_BLOCKS_TREATMENT). Creates the protocol's follow-up tasks.
  absl::StatusOr<Session> Complete(Session session, TreatmentRecord record);

  // A consultation (consultation.h) ends with the practitioner's `notes`
  // (CheckConsultationNotes), without a treatment record, a plugin or
  // follow-up tasks. SESSION_STATE_CONFLICT for a treatment session.
  absl::StatusOr<Session> CompleteConsultation(Session session,
                                               std::string notes);

  // Only once the session's time has come (SESSION_NOT_STARTED).
  absl::StatusOr<Session> MarkNoShow(Session session);

 private:
  // Every reason `patient` may not be treated in `session` now, as one
  // refusal (see CombineRefusals): the facts the protocol needs, confirmed
  // recently enough for the session's day (at `moment`); the session not
  // flagged by a safety hold (SESSION_FLAGGED); no suspended course of the
  // treatment; a current consent of the protocol's version; eligibility
  // with the facts as they are now, medication wash-outs included; and
  // `also`, a refusal the caller found. Storage and plugin errors are
  // returned as they are.
  absl::Status CheckTreatmentDay(const Session& session,
                                 const plugin_host::LoadedPlugin& type,
                                 const patients::Patient& patient,
                                 const ClinicSettings& settings,
                                 treatments::ScreeningMoment moment,
                                 absl::Status also = absl::OkStatus());

  DecisionContext& context_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_STEPS_H_
