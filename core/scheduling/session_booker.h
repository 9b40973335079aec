#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_BOOKER_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_BOOKER_H_

// Booking one session, alone or as the next session of a course.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

struct SessionBooking {
  std::string patient_id;
  std::string practitioner_id;
  std::string room_id;
  // Null for a consultation.
  const plugin_host::LoadedPlugin* type = nullptr;
  absl::Time start;
  // The course the session continues; empty for a session outside one.
  std::string course_id;
  SessionKind kind = SessionKind::kTreatment;
  // A consultation's length (ConsultationLength); unused for a treatment.
  absl::Duration consultation_length = absl::ZeroDuration();
};

class SessionBooker {
 public:
  explicit SessionBooker(DecisionContext& context) : context_(context) {}

  // Books the session when its participants may take part, the calendar
  // has the slot (BookingRules), its start is on the slot grid, the patient
  // may be treated then, and, in a course, the course is active, not full
  // (COURSE_FULL: the course proper and a maintenance phase that runs once
  // are full; a repeating one never is, see course_limit.h), and the session
  // comes inside the protocol's window after the course's last one.
  // A consultation (consultation.h) passes the participants' and the
  // calendar's checks only: it names no treatment and joins no course.
  absl::StatusOr<Session> Book(const SessionBooking& booking);

 private:
  DecisionContext& context_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_BOOKER_H_
