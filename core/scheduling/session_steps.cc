#include "core/scheduling/session_steps.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::scheduling {

absl::StatusOr<Session> SessionSteps::Cancel(Session session,
                                             absl::string_view reason) {
  RETURN_IF_ERROR(
      CheckText("reason", reason, {.required = true, .max_length = 500}));
  RETURN_IF_ERROR(CheckTransition(ResourceName("sessions", session.id),
                                  session.state, SessionState::kCancelled));
  session.state = SessionState::kCancelled;
  session.cancel_reason = std::string(reason);
  session.cancelled_by = context_.staff_id;
  session.update_time = context_.now;
  RETURN_IF_ERROR(context_.changes.Update(session));
  return session;
}

absl::StatusOr<Session> SessionSteps::CheckIn(Session session) {
  const std::string name = ResourceName("sessions", session.id);
  RETURN_IF_ERROR(
      CheckTransition(name, session.state, SessionState::kCheckedIn));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   context_.transaction.scheduling().GetSettings());
  if (absl::ToCivilDay(session.time.start, settings.time_zone) !=
      absl::ToCivilDay(context_.now, settings.time_zone)) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " is not today: patients check in on the day of their "
                  "session")),
        reasons::kNotSessionDay, {{"session", name}});
  }
  session.state = SessionState::kCheckedIn;
  session.check_in_time = context_.now;
  session.update_time = context_.now;
  RETURN_IF_ERROR(context_.changes.Update(session));
  return session;
}

absl::StatusOr<Session> SessionSteps::MarkNoShow(Session session) {
  const std::string name = ResourceName("sessions", session.id);
  RETURN_IF_ERROR(CheckTransition(name, session.state, SessionState::kNoShow));
  if (context_.now < session.time.start) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " has not started yet: a patient is a no-show only once "
                  "the session's time has come")),
        reasons::kSessionNotStarted, {{"session", name}});
  }
  session.state = SessionState::kNoShow;
  session.update_time = context_.now;
  RETURN_IF_ERROR(context_.changes.Update(session));
  return session;
}

}  // namespace mesoclinic::scheduling
