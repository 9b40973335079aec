#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_H_

// Sessions, courses and treatment records as plain data, and the session's
// state machine.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/scheduling/calendar.h"

namespace mesoclinic::scheduling {

// Sessions never last longer than this: an overlap search looks back this far
// from a start time, so that a time index bounds it (the slot search and the
// repositories rely on it). The plugin host allows sessions of at most 4 hours,
// well inside it.
inline constexpr absl::Duration kLongestSession = absl::Hours(12);

// Values match clinic.v1.SessionState.
enum class SessionState {
  kUnspecified = 0,
  kBooked = 1,
  kCheckedIn = 2,
  kCompleted = 3,
  kCancelled = 4,
  kNoShow = 5,
};

// "booked", "checked_in", ...
absl::string_view SessionStateName(SessionState state);

// Whether a session in `state` holds its time slot (cancelled and no-show
// sessions free it).
bool HoldsSlot(SessionState state);

// booked -> checked_in -> completed; booked -> cancelled; booked -> no_show.
// FAILED_PRECONDITION naming the session and its current state otherwise.
absl::Status CheckTransition(absl::string_view session_name, SessionState from,
                             SessionState to);

// Values match clinic.v1.SessionKind. A consultation (core/scheduling/
// consultation.h) has no treatment type, course or treatment record.
enum class SessionKind { kTreatment = 1, kConsultation = 2 };

struct ProductUse {
  std::string product;
  std::string lot_number;
  double concentration = 0;
  double volume_ml = 0;
  double depth_mm = 0;
  std::string area;
  int injection_points = 0;
};

struct OutcomeMeasurement {
  std::string code;
  std::string site;
  double value = 0;
};

// The answer given on the day to a question of the protocol's checklist
// (clinic.plugin.v1.DayOfQuestion).
struct ChecklistAnswer {
  std::string question;  // DayOfQuestion.code.
  bool yes = false;
};

struct TreatmentRecord {
  std::vector<std::string> areas;
  std::vector<ProductUse> products;
  std::vector<OutcomeMeasurement> outcomes;
  std::string notes;
  // One per question of the protocol's day-of checklist, in the order given.
  std::vector<ChecklistAnswer> day_of_answers;
  std::string recorded_by;
  absl::Time record_time;
};

struct Session {
  std::string id;
  std::string patient_id;
  SessionKind kind = SessionKind::kTreatment;
  std::string treatment_type;  // Empty for a consultation.
  std::string practitioner_id;
  std::string room_id;
  Interval time;
  SessionState state = SessionState::kBooked;
  std::string course_id;  // Empty outside a course.
  int course_index = 0;
  int min_gap_days = 0;
  int max_gap_days = 0;
  bool flagged = false;
  std::string cancel_reason;
  std::string cancelled_by;
  std::optional<absl::Time> check_in_time;
  std::optional<TreatmentRecord> treatment_record;
  // A completed consultation's notes.
  std::string consultation_notes;
  absl::Time create_time;
  absl::Time update_time;
};

// Values match clinic.v1.CourseState.
enum class CourseState { kUnspecified = 0, kActive = 1, kSuspended = 2,
                         kStopped = 3 };

struct Course {
  std::string id;
  std::string patient_id;
  std::string treatment_type;
  CourseState state = CourseState::kActive;
  absl::Time create_time;
  absl::Time update_time;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_H_
