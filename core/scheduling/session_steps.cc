#include "core/scheduling/session_steps.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_checks.h"

namespace mesoclinic::scheduling {

absl::Status CombineRefusals(const std::vector<absl::Status>& results) {
  std::vector<const absl::Status*> refusals;
  for (const absl::Status& result : results) {
    if (result.ok()) continue;
    if (!absl::IsFailedPrecondition(result)) return result;
    refusals.push_back(&result);
  }
  if (refusals.empty()) return absl::OkStatus();
  if (refusals.size() == 1) return *refusals.front();
  std::vector<std::string> messages;
  std::vector<std::string> reasons;
  for (const absl::Status* refusal : refusals) {
    messages.push_back(std::string(refusal->message()));
    const std::string reason = ErrorReason(*refusal);
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(reason);
    }
  }
  absl::Status combined = WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          refusals.size(), " checks refuse: ", absl::StrJoin(messages, "; "))),
      reasons::kDayChecksFailed,
      {{"reasons", absl::StrJoin(reasons, ",")}});
  for (const absl::Status* refusal : refusals) {
    for (FieldViolation& violation : FieldViolationsOf(*refusal)) {
      combined = WithFieldViolation(std::move(combined), std::move(violation));
    }
  }
  return combined;
}

absl::Status SessionSteps::CheckTreatmentDay(
    const Session& session, const plugin_host::LoadedPlugin& type,
    const patients::Patient& patient, const ClinicSettings& settings,
    treatments::ScreeningMoment moment, absl::Status also) {
  const std::string name = ResourceName("sessions", session.id);
  const absl::Time start = session.time.start;
  std::vector<absl::Status> results;
  results.push_back(
      CheckScreening(type, patient, settings, context_.now, moment, name));
  if (session.flagged) {
    results.push_back(WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " was flagged by a safety hold after an adverse event: a "
                  "practitioner reviews the hold (ReviewSafetyHold) before "
                  "the patient is treated")),
        reasons::kSessionFlagged, {{"session", name}}));
  }
  for (absl::Status& refusal : PatientMayBeTreatedRefusals(
           context_, type, patient, settings, start, name, Refusals::kEvery)) {
    results.push_back(std::move(refusal));
  }
  results.push_back(std::move(also));
  return CombineRefusals(results);
}

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
  // A consultation treats nobody: it is where the screening and consent the
  // treatment-day checks look for are taken.
  if (session.kind != SessionKind::kConsultation) {
    ASSIGN_OR_RETURN(
        const plugin_host::LoadedPlugin* type,
        context_.plugins.FindTreatmentType(
            "session", ResourceName("treatmentTypes", session.treatment_type)));
    ASSIGN_OR_RETURN(const patients::Patient patient,
                     context_.transaction.patients().Get(session.patient_id));
    RETURN_IF_ERROR(
        CheckTreatmentDay(session, *type, patient, settings,
                          treatments::ScreeningMoment::kBeforeTheDay));
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
