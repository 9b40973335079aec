#include "core/treatments/course_planner.h"

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace mesoclinic::treatments {
namespace {

namespace plugin = ::clinic::plugin::v1;

// The instants a google.protobuf.Timestamp holds: from
// 0001-01-01T00:00:00Z to just before 10000-01-01T00:00:00Z.
constexpr absl::Time kFirstTimestamp = absl::FromUnixSeconds(-62135596800);
constexpr absl::Time kEndOfTimestamps = absl::FromUnixSeconds(253402300800);

plugin::LocalDateTime ToLocal(absl::CivilMinute minute) {
  plugin::LocalDateTime local;
  local.set_year(static_cast<int32_t>(minute.year()));
  local.set_month(minute.month());
  local.set_day(minute.day());
  local.set_hour(minute.hour());
  local.set_minute(minute.minute());
  return local;
}

absl::StatusOr<absl::CivilMinute> FromLocal(const plugin::LocalDateTime& local,
                                            absl::string_view plugin_id) {
  const absl::CivilMinute minute(local.year(), local.month(), local.day(),
                                 local.hour(), local.minute());
  if (minute.year() != local.year() || minute.month() != local.month() ||
      minute.day() != local.day() || minute.hour() != local.hour() ||
      minute.minute() != local.minute()) {
    return absl::InternalError(absl::StrCat(
        plugin_id, ": PlanCourse returned a session time that is not a real "
                   "date and time"));
  }
  return minute;
}

}  // namespace

absl::Duration SessionLength(const plugin_host::LoadedPlugin& treatment) {
  const google::protobuf::Duration& length =
      treatment.description().session_length();
  return absl::Seconds(length.seconds()) + absl::Nanoseconds(length.nanos());
}

absl::StatusOr<std::vector<PlannedSlot>> PlanCourseInZone(
    const plugin_host::LoadedPlugin& treatment, const CourseRequest& request,
    absl::TimeZone zone) {
  plugin::PlanCourseRequest plan_request;
  *plan_request.mutable_first_session() =
      ToLocal(absl::ToCivilMinute(request.first_session, zone));
  plan_request.set_session_count(request.session_count);
  plan_request.set_preferred_interval_days(request.preferred_interval_days);
  plan_request.set_include_maintenance(request.include_maintenance);
  plan_request.set_maintenance_rounds(request.maintenance_rounds);
  ASSIGN_OR_RETURN(const plugin::CoursePlan plan,
                   treatment.PlanCourse(plan_request));
  const absl::Duration length = SessionLength(treatment);
  std::vector<PlannedSlot> slots;
  for (const plugin::PlannedSession& planned : plan.sessions()) {
    ASSIGN_OR_RETURN(const absl::CivilMinute local,
                     FromLocal(planned.start(), treatment.id()));
    const absl::Time start = absl::FromCivil(local, zone);
    // The client gets the session as Timestamps.
    if (start < kFirstTimestamp || start + length > kEndOfTimestamps) {
      return absl::InternalError(absl::StrCat(
          treatment.id(), ": PlanCourse returned a session outside the years "
                          "1 to 9999"));
    }
    slots.push_back({planned.index(), planned.phase(), start, start + length,
                     planned.min_days_after_previous(),
                     planned.max_days_after_previous()});
  }
  return slots;
}

std::pair<int, int> GapWindowForIndex(const plugin_host::LoadedPlugin& treatment,
                                      int index) {
  const plugin::Course& course = treatment.description().course();
  int first_of_phase = 0;
  for (const plugin::CoursePhase& phase : course.phases()) {
    if (index < first_of_phase + phase.max_sessions() ||
        &phase == &course.phases(course.phases_size() - 1)) {
      return {phase.min_interval_days(), phase.max_interval_days()};
    }
    first_of_phase += phase.max_sessions();
  }
  return {0, 0};
}

}  // namespace mesoclinic::treatments
