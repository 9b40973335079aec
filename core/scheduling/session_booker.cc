#include "core/scheduling/session_booker.h"

#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_checks.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/course_limit.h"
#include "core/treatments/course_planner.h"

namespace mesoclinic::scheduling {
namespace {

// OK when `course` may take another session of `type` for `patient_id`.
absl::Status CheckCourseOpen(const Course& course,
                             absl::string_view patient_id,
                             const plugin_host::LoadedPlugin& type) {
  const std::string name = ResourceName("courses", course.id);
  if (course.patient_id != patient_id || course.treatment_type != type.id()) {
    return FieldError("course", "belongs to another patient or treatment");
  }
  if (course.state == CourseState::kSuspended) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " is suspended after an adverse event: a practitioner "
                  "must review it before new bookings")),
        reasons::kCourseSuspended, {{"course", name}});
  }
  if (course.state != CourseState::kActive) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " was stopped after a safety review: book a new course "
                  "instead")),
        reasons::kCourseStopped, {{"course", name}});
  }
  return absl::OkStatus();
}

// Makes `session` the next of its course, inside the protocol's window
// after the course's last session that holds its slot.
absl::Status JoinCourse(SchedulingRepository& repository,
                        const plugin_host::LoadedPlugin& type,
                        const ClinicSettings& settings, const Course& course,
                        absl::string_view label, Session& session) {
  ASSIGN_OR_RETURN(std::vector<Session> booked,
                   repository.CourseSessions(course.id));
  std::erase_if(booked, [](const Session& s) { return !HoldsSlot(s.state); });
  RETURN_IF_ERROR(CheckCourseHasRoom(
      CourseLimitOf(type.description().course()),
      static_cast<int>(booked.size()), ResourceName("courses", course.id)));
  session.course_id = course.id;
  if (booked.empty()) return absl::OkStatus();
  session.course_index = booked.back().course_index + 1;
  std::tie(session.min_gap_days, session.max_gap_days) =
      treatments::GapWindowForIndex(type, session.course_index);
  return CheckGap(booked.back().time.start, session.time.start,
                  session.min_gap_days, session.max_gap_days,
                  settings.time_zone, label);
}

}  // namespace

absl::StatusOr<Session> SessionBooker::Book(const SessionBooking& booking) {
  storage::Transaction& transaction = context_.transaction;
  const bool consultation = booking.kind == SessionKind::kConsultation;
  ASSIGN_OR_RETURN(const Participants who,
                   ResolveParticipants(transaction, booking.patient_id,
                                       booking.practitioner_id,
                                       booking.room_id));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  BookingRules rules(transaction.scheduling(), settings, context_.now);
  Session session =
      consultation ? NewConsultation(who, booking.start,
                                     booking.consultation_length, context_.now)
                   : NewSession(who, *booking.type, booking.start, context_.now);
  const std::string label = Label("start_time", rules, booking.start);
  if (!consultation && !booking.course_id.empty()) {
    const plugin_host::LoadedPlugin& type = *booking.type;
    ASSIGN_OR_RETURN(const Course course,
                     transaction.scheduling().GetCourse(booking.course_id));
    RETURN_IF_ERROR(CheckCourseOpen(course, who.patient.id, type));
    RETURN_IF_ERROR(JoinCourse(transaction.scheduling(), type, settings,
                               course, label, session));
  }
  RETURN_IF_ERROR(rules.CheckSlot({who.patient.id, who.practitioner_id,
                                   who.room_id, session.time, ""},
                                  label));
  // After the calendar: a start someone else holds is refused for that,
  // which says more than its minute.
  RETURN_IF_ERROR(rules.CheckOnSlotGrid(booking.start, label));
  if (!consultation) {
    RETURN_IF_ERROR(CheckScreening(*booking.type, who.patient, settings,
                                   context_.now,
                                   treatments::ScreeningMoment::kBeforeTheDay,
                                   label));
    RETURN_IF_ERROR(CheckPatientMayBeTreated(context_, *booking.type,
                                             who.patient, settings,
                                             booking.start, label));
    // Last: whether the patient may be treated at all says more.
    if (booking.course_id.empty()) {
      RETURN_IF_ERROR(CheckStandaloneInterval(transaction, *booking.type,
                                              settings, who.patient.id,
                                              booking.start, "", label));
    }
  }
  RETURN_IF_ERROR(context_.changes.Book(session));
  return session;
}

}  // namespace mesoclinic::scheduling
