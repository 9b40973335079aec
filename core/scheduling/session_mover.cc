#include "core/scheduling/session_mover.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_checks.h"
#include "core/scheduling/booking_rules.h"

namespace mesoclinic::scheduling {
namespace {

// Days after the previous session for `next`, nearest first to the edge of
// the window that its current `gap` is outside.
std::vector<int> CandidateGaps(const Session& next, int gap) {
  const int target =
      gap < next.min_gap_days ? next.min_gap_days : next.max_gap_days;
  std::vector<int> candidates;
  for (int days = next.min_gap_days; days <= next.max_gap_days; ++days) {
    candidates.push_back(days);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](int a, int b) {
    return std::abs(a - target) < std::abs(b - target);
  });
  return candidates;
}

}  // namespace

absl::StatusOr<MovedSessions> SessionMover::Move(Session session,
                                                 const SessionMove& move) {
  storage::Transaction& transaction = context_.transaction;
  const std::string name = ResourceName("sessions", session.id);
  if (session.state != SessionState::kBooked) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            name, " is ", SessionStateName(session.state),
            ": only booked sessions can be moved")),
        reasons::kSessionStateConflict, {{"session", name}});
  }
  // A consultation has no treatment type, and so no treatment checks.
  const plugin_host::LoadedPlugin* type = nullptr;
  if (session.kind == SessionKind::kTreatment) {
    ASSIGN_OR_RETURN(type, context_.plugins.FindTreatmentType(
                               "session", ResourceName("treatmentTypes",
                                                       session.treatment_type)));
  }
  if (!move.practitioner_id.empty()) {
    RETURN_IF_ERROR(CheckActivePractitioner(transaction, "practitioner",
                                            move.practitioner_id));
    session.practitioner_id = move.practitioner_id;
  }
  if (!move.room_id.empty()) {
    RETURN_IF_ERROR(CheckRoomInService(transaction, "room", move.room_id));
    session.room_id = move.room_id;
  }
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  ASSIGN_OR_RETURN(const patients::Patient patient,
                   transaction.patients().Get(session.patient_id));
  BookingRules rules(transaction.scheduling(), settings, context_.now);
  const absl::Time new_start = move.new_start;
  const absl::Time previous_start = session.time.start;
  session.time = {new_start, new_start + (session.time.end - previous_start)};
  session.update_time = context_.now;

  std::vector<Session> course;
  if (!session.course_id.empty()) {
    ASSIGN_OR_RETURN(course, transaction.scheduling().CourseSessions(
                                 session.course_id));
    std::erase_if(course, [](const Session& s) { return !HoldsSlot(s.state); });
  }
  const auto position = std::find_if(
      course.begin(), course.end(),
      [&](const Session& s) { return s.id == session.id; });
  const std::string label = Label("new_start_time", rules, new_start);
  if (position != course.end() && position != course.begin()) {
    const Session& before = *std::prev(position);
    RETURN_IF_ERROR(CheckGap(before.time.start, new_start, session.min_gap_days,
                             session.max_gap_days, settings.time_zone, label));
  }
  if (position != course.end() && std::next(position) != course.end() &&
      std::next(position)->time.start <= new_start) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            label, ": a session cannot move past the course's next session; "
                   "move that one first")),
        reasons::kIntervalOutsideProtocol);
  }
  RETURN_IF_ERROR(rules.CheckSlot({session.patient_id, session.practitioner_id,
                                   session.room_id, session.time, session.id},
                                  label));
  RETURN_IF_ERROR(rules.CheckOnSlotGrid(new_start, label));
  if (type != nullptr) {
    RETURN_IF_ERROR(CheckPatientMayBeTreated(context_, *type, patient,
                                             settings, new_start, label));
    if (session.course_id.empty()) {
      RETURN_IF_ERROR(CheckStandaloneInterval(transaction, *type, settings,
                                              session.patient_id, new_start,
                                              session.id, label));
    }
  }
  RETURN_IF_ERROR(context_.changes.Update(session, previous_start));

  MovedSessions moved{session, {}};
  if (position == course.end()) return moved;
  absl::Time anchor = new_start;
  for (auto later = std::next(position); later != course.end(); ++later) {
    Session next = *later;
    if (next.state != SessionState::kBooked) break;
    const int gap = DaysBetween(anchor, next.time.start, settings.time_zone);
    if (gap >= next.min_gap_days && gap <= next.max_gap_days) break;
    const absl::Time old_start = next.time.start;
    RETURN_IF_ERROR(Reflow(*type, settings, rules, patient, anchor, next));
    RETURN_IF_ERROR(context_.changes.Update(next, old_start));
    anchor = next.time.start;
    moved.also_moved.push_back(std::move(next));
  }
  return moved;
}

absl::Status SessionMover::Reflow(const plugin_host::LoadedPlugin& type,
                                  const ClinicSettings& settings,
                                  BookingRules& rules,
                                  const patients::Patient& patient,
                                  absl::Time anchor, Session& next) {
  const absl::TimeZone zone = settings.time_zone;
  const int gap = DaysBetween(anchor, next.time.start, zone);
  const absl::CivilDay anchor_day = absl::ToCivilDay(anchor, zone);
  const absl::CivilSecond time_of_day =
      absl::ToCivilSecond(next.time.start, zone);
  const absl::Duration length = next.time.end - next.time.start;
  const std::string name = ResourceName("sessions", next.id);
  absl::Status last_refusal = absl::OkStatus();
  for (int days : CandidateGaps(next, gap)) {
    const absl::CivilDay day = anchor_day + days;
    const absl::Time start = absl::FromCivil(
        absl::CivilSecond(day.year(), day.month(), day.day(),
                          time_of_day.hour(), time_of_day.minute(), 0),
        zone);
    const std::string label = Label(name, rules, start);
    last_refusal = rules.CheckSlot({next.patient_id, next.practitioner_id,
                                    next.room_id, {start, start + length},
                                    next.id},
                                   label);
    if (last_refusal.ok()) {
      last_refusal = CheckPatientMayBeTreated(context_, type, patient,
                                              settings, start, label);
    }
    if (last_refusal.ok()) {
      next.time = {start, start + length};
      next.update_time = context_.now;
      return absl::OkStatus();
    }
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "nothing was moved: ", name, " (course_index=", next.course_index,
          ") would have to move to ", next.min_gap_days, " to ",
          next.max_gap_days, " days after the session before it, and no such "
          "day fits. Last refusal: ", last_refusal.message())),
      reasons::kReflowImpossible, {{"session", name}});
}

}  // namespace mesoclinic::scheduling
