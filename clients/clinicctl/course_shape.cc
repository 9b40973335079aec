#include "clients/clinicctl/course_shape.h"

#include "clients/clinicctl/command_registry.h"

namespace mesoclinic::clinicctl {

void AddCourseShapeFlags(CLI::App& command, CourseShapeFlags& flags,
                         const std::string& verb) {
  Value(command, "--sessions", flags.sessions, "N",
        "sessions in the course (default: the protocol's)");
  Value(command, "--interval-days", flags.interval_days, "N",
        "days between sessions (default: the protocol's)");
  Switch(command, "--maintenance", flags.maintenance,
         "also " + verb + " maintenance sessions");
}

}  // namespace mesoclinic::clinicctl
