#include "core/scheduling/course_limit.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic::scheduling {

namespace plugin = ::clinic::plugin::v1;

CourseLimit CourseLimitOf(const plugin::Course& course) {
  CourseLimit limit;
  limit.course_proper = course.max_total_sessions();
  for (const plugin::CoursePhase& phase : course.phases()) {
    if (!phase.maintenance()) continue;
    if (phase.repeats()) {
      limit.unlimited = true;
    } else {
      limit.touch_ups += phase.max_sessions();
    }
  }
  return limit;
}

absl::Status CheckCourseHasRoom(const CourseLimit& limit, int booked,
                                absl::string_view course_name) {
  if (limit.unlimited || booked < limit.total()) return absl::OkStatus();
  const std::string breakdown =
      limit.touch_ups == 0
          ? std::string(" (the protocol has no maintenance phase)")
          : absl::StrCat(" (", limit.course_proper, " in the course and ",
                         limit.touch_ups, " maintenance touch-ups)");
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          course_name, " already has ", booked,
          " sessions: the protocol allows at most ", limit.total(),
          breakdown, "; book a new course instead")),
      reasons::kCourseFull,
      {{"course", std::string(course_name)},
       {"max_sessions", absl::StrCat(limit.total())}});
}

}  // namespace mesoclinic::scheduling
