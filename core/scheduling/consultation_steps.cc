// SessionSteps::CompleteConsultation: a consultation ends with its notes.

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/consultation.h"
#include "core/scheduling/session_steps.h"

namespace mesoclinic::scheduling {

absl::StatusOr<Session> SessionSteps::CompleteConsultation(Session session,
                                                           std::string notes) {
  const std::string name = ResourceName("sessions", session.id);
  if (session.kind != SessionKind::kConsultation) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " is a treatment session: complete it with its treatment "
                  "record")),
        reasons::kSessionStateConflict, {{"session", name}});
  }
  RETURN_IF_ERROR(
      CheckTransition(name, session.state, SessionState::kCompleted));
  RETURN_IF_ERROR(CheckConsultationNotes("consultation_notes", notes));
  session.state = SessionState::kCompleted;
  session.update_time = context_.now;
  session.consultation_notes = std::move(notes);
  RETURN_IF_ERROR(context_.changes.Update(session));
  return session;
}

}  // namespace mesoclinic::scheduling
