#include "core/scheduling/session.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic::scheduling {

absl::string_view SessionStateName(SessionState state) {
  switch (state) {
    case SessionState::kBooked:
      return "booked";
    case SessionState::kCheckedIn:
      return "checked_in";
    case SessionState::kCompleted:
      return "completed";
    case SessionState::kCancelled:
      return "cancelled";
    case SessionState::kNoShow:
      return "no_show";
    case SessionState::kUnspecified:
      break;
  }
  return "unspecified";
}

bool HoldsSlot(SessionState state) {
  return state == SessionState::kBooked || state == SessionState::kCheckedIn ||
         state == SessionState::kCompleted;
}

absl::Status CheckTransition(absl::string_view session_name, SessionState from,
                             SessionState to) {
  const bool allowed =
      (from == SessionState::kBooked &&
       (to == SessionState::kCheckedIn || to == SessionState::kCancelled ||
        to == SessionState::kNoShow)) ||
      (from == SessionState::kCheckedIn && to == SessionState::kCompleted);
  if (allowed) return absl::OkStatus();
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          session_name, " is ", SessionStateName(from), ": it cannot become ",
          SessionStateName(to), " (booked -> checked_in -> completed; booked "
          "-> cancelled or no_show)")),
      reasons::kSessionStateConflict,
      {{"session", std::string(session_name)},
       {"state", std::string(SessionStateName(from))}});
}

}  // namespace mesoclinic::scheduling
