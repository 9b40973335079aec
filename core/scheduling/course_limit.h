#ifndef MESOCLINIC_CORE_SCHEDULING_COURSE_LIMIT_H_
#define MESOCLINIC_CORE_SCHEDULING_COURSE_LIMIT_H_

// How many sessions one course of a protocol may hold.
//
// A course is the course proper (at most Course.max_total_sessions) and,
// when the protocol has one, a maintenance phase of touch-ups after it. A
// maintenance phase that runs once adds at most its max_sessions; one that
// repeats (CoursePhase.repeats: "a touch-up every 6 to 8 months for as long
// as the patient continues") sets no maximum, since the literature sets none.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "clinic/plugin/v1/plugin.pb.h"

namespace mesoclinic::scheduling {

struct CourseLimit {
  // Sessions in the course proper: Course.max_total_sessions.
  int course_proper = 0;
  // Touch-ups of a maintenance phase that runs once; 0 without one.
  int touch_ups = 0;
  // True when the maintenance phase repeats: no maximum at all.
  bool unlimited = false;

  // course_proper + touch_ups; meaningless when unlimited.
  int total() const { return course_proper + touch_ups; }
};

// The limit `course` sets.
CourseLimit CourseLimitOf(const ::clinic::plugin::v1::Course& course);

// OK when a course named `course_name` that holds `booked` sessions may
// take one more under `limit`; FAILED_PRECONDITION (COURSE_FULL) naming the
// maximum, in words and as the `max_sessions` metadata, otherwise.
absl::Status CheckCourseHasRoom(const CourseLimit& limit, int booked,
                                absl::string_view course_name);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_COURSE_LIMIT_H_
