#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_MOVER_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_MOVER_H_

// Moving a booked session, and with it the later sessions of its course
// that the move would take out of the protocol's window.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

struct SessionMove {
  absl::Time new_start;
  // Empty: the session keeps its practitioner or room.
  std::string practitioner_id;
  std::string room_id;
};

struct MovedSessions {
  Session session;
  // Later sessions of its course that moved with it, in course order.
  std::vector<Session> also_moved;
};

class SessionMover {
 public:
  explicit SessionMover(DecisionContext& context) : context_(context) {}

  // Moves booked `session` (SESSION_STATE_CONFLICT otherwise): its new slot
  // must pass the calendar (BookingRules), lie on the slot grid, keep the
  // protocol's window after the course's previous session and stay before
  // its next one (INTERVAL_OUTSIDE_PROTOCOL), and the patient must still be
  // treatable then. Later sessions keep their day unless the gap to the one
  // before leaves the protocol's window; then each takes the nearest day
  // inside it (same local time of day) that the calendar allows. When one
  // has no such day, nothing moves (REFLOW_IMPOSSIBLE).
  absl::StatusOr<MovedSessions> Move(Session session, const SessionMove& move);

 private:
  // Moves `next` to the day nearest its window after `anchor` that the
  // calendar and the patient allow.
  absl::Status Reflow(const plugin_host::LoadedPlugin& type,
                      const ClinicSettings& settings, BookingRules& rules,
                      const patients::Patient& patient, absl::Time anchor,
                      Session& next);

  DecisionContext& context_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_MOVER_H_
