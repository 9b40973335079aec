#ifndef MESOCLINIC_CLIENTS_CLINICCTL_COURSE_SHAPE_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_COURSE_SHAPE_H_

// The shape of a course of sessions, as 'treatments plan' and 'sessions
// book-course' both take it: how many sessions, how far apart, and whether
// maintenance sessions follow.

#include <string>

#include <CLI/CLI.hpp>

namespace mesoclinic::clinicctl {

struct CourseShapeFlags {
  // 0: the protocol's.
  int sessions = 0;
  int interval_days = 0;
  bool maintenance = false;

  // Sets them on a PlanCourseRequest or a BookCourseRequest.
  template <typename Request>
  void SetOn(Request& request) const {
    request.set_session_count(sessions);
    request.set_preferred_interval_days(interval_days);
    request.set_include_maintenance(maintenance);
  }
};

// Adds --sessions, --interval-days and --maintenance; `verb` says what is
// done with the maintenance sessions ("plan", "book").
void AddCourseShapeFlags(CLI::App& command, CourseShapeFlags& flags,
                         const std::string& verb);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_COURSE_SHAPE_H_
