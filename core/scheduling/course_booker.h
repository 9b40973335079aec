#ifndef MESOCLINIC_CORE_SCHEDULING_COURSE_BOOKER_H_
#define MESOCLINIC_CORE_SCHEDULING_COURSE_BOOKER_H_

// Planning a course with the treatment's protocol and booking every session
// of it, or none.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

struct CourseOrder {
  std::string patient_id;
  std::string practitioner_id;
  std::string room_id;
  const plugin_host::LoadedPlugin* type = nullptr;
  absl::Time first_session;
  int session_count = 0;            // 0: the protocol's default.
  int preferred_interval_days = 0;  // 0: the protocol's default.
  bool include_maintenance = false;
};

struct BookedCourse {
  Course course;
  std::vector<Session> sessions;  // By course index.
};

class CourseBooker {
 public:
  explicit CourseBooker(DecisionContext& context) : context_(context) {}

  // Plans the course from its first session (which must be bookable: in
  // range and on the slot grid) and books each planned session. When some
  // cannot be booked, nothing is: FAILED_PRECONDITION (COURSE_CONFLICTS)
  // whose message has one line per reason naming the sessions it hits by
  // course_index, and whose BadRequest names each ("sessions[3]").
  absl::StatusOr<BookedCourse> Book(const CourseOrder& order);

 private:
  DecisionContext& context_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_COURSE_BOOKER_H_
