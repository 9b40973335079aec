#ifndef MESOCLINIC_CORE_TREATMENTS_COURSE_PLANNER_H_
#define MESOCLINIC_CORE_TREATMENTS_COURSE_PLANNER_H_

// A plugin's course plan, turned from the clinic's wall-clock time into
// instants.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/plugin_host/loaded_plugin.h"

namespace mesoclinic::treatments {

struct CourseRequest {
  absl::Time first_session;
  int session_count = 0;            // 0: the protocol's default.
  int preferred_interval_days = 0;  // 0: the protocol's default.
  bool include_maintenance = false;
  // Rounds of a repeating maintenance phase (touch-ups that go on as long
  // as the patient continues); 0: one round.
  int maintenance_rounds = 0;
};

struct PlannedSlot {
  int index = 0;
  std::string phase;
  absl::Time start;
  absl::Time end;
  int min_days_after_previous = 0;
  int max_days_after_previous = 0;
};

// The protocol's session length.
absl::Duration SessionLength(const plugin_host::LoadedPlugin& treatment);

// Asks `treatment` to plan a course starting at `request.first_session`, in
// `zone`'s wall-clock time, so that every session keeps the first one's
// local time of day across daylight-saving changes. A wall-clock time a
// change skips (02:30 on the spring-forward night) becomes the instant of
// the change (absl::FromCivil). The plugin's INVALID_ARGUMENT (a session
// count outside the protocol) passes through.
absl::StatusOr<std::vector<PlannedSlot>> PlanCourseInZone(
    const plugin_host::LoadedPlugin& treatment, const CourseRequest& request,
    absl::TimeZone zone);

// The window, in days after the previous session, the protocol allows for
// the course session at `index` (0-based): the interval of the phase that
// index falls in, counting each phase at its maximum size.
std::pair<int, int> GapWindowForIndex(const plugin_host::LoadedPlugin& treatment,
                                      int index);

}  // namespace mesoclinic::treatments

#endif  // MESOCLINIC_CORE_TREATMENTS_COURSE_PLANNER_H_
