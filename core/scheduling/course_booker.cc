#include "core/scheduling/course_booker.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/consent/jurisdiction.h"
#include "core/scheduling/booking_checks.h"
#include "core/scheduling/booking_rules.h"
#include "core/treatments/course_planner.h"

namespace mesoclinic::scheduling {
namespace {

// A reason's distinct refusals listed one by one in a course's refusal; past
// this many, the reason's line names its sessions and one example.
constexpr std::size_t kMaxRefusalsPerReason = 2;

// A planned session that cannot be booked, and why.
struct Conflict {
  int course_index = 0;
  std::string label;  // "session course_index=3 (2027-03-15 10:30 ...)".
  absl::Status status;
};

// The refusal of a course with `conflicts`. A course of a dozen sessions can
// fail a dozen times for the same reason (no consent, every Monday
// closed): the message groups them, one line per reason and, inside it,
// each distinct refusal once with the sessions it hits, so that it stays
// short enough to show every conflict (see kMaxErrorMessageBytes).
absl::Status CourseConflicts(const std::vector<Conflict>& conflicts) {
  // Reasons in the order first met; in each, refusals in the order met.
  std::vector<std::pair<std::string,
                        std::vector<std::pair<std::string,
                                              std::vector<std::string>>>>>
      lines;
  for (const Conflict& conflict : conflicts) {
    const std::string reason = ErrorReason(conflict.status);
    auto line = std::find_if(lines.begin(), lines.end(),
                             [&](const auto& l) { return l.first == reason; });
    if (line == lines.end()) line = lines.insert(line, {reason, {}});
    absl::string_view why = conflict.status.message();
    absl::ConsumePrefix(&why, absl::StrCat(conflict.label, ": "));
    auto& refusals = line->second;
    auto refusal =
        std::find_if(refusals.begin(), refusals.end(),
                     [&](const auto& r) { return r.first == why; });
    if (refusal == refusals.end()) {
      refusal = refusals.insert(refusals.end(), {std::string(why), {}});
    }
    refusal->second.push_back(conflict.label);
  }
  std::vector<std::string> text;
  for (const auto& [reason, refusals] : lines) {
    std::vector<std::string> parts;
    if (refusals.size() <= kMaxRefusalsPerReason) {
      for (const auto& [why, sessions] : refusals) {
        parts.push_back(
            absl::StrCat(absl::StrJoin(sessions, ", "), ": ", why));
      }
    } else {
      // Refusals that differ only in their times (every session of a course
      // outside the opening hours names its own hours): the sessions all
      // named, the first refusal as the example; the details hold each.
      std::vector<std::string> sessions;
      for (const auto& refusal : refusals) {
        sessions.insert(sessions.end(), refusal.second.begin(),
                        refusal.second.end());
      }
      parts.push_back(absl::StrCat(
          absl::StrJoin(sessions, ", "), ": ", refusals.front().first,
          " (the first of them; the details give each session's refusal)"));
    }
    text.push_back(absl::StrCat(reason, ": ", absl::StrJoin(parts, "; ")));
  }
  absl::Status status = absl::FailedPreconditionError(
      absl::StrCat("the course cannot be booked; nothing was booked.\n",
                   absl::StrJoin(text, "\n")));
  for (const Conflict& conflict : conflicts) {
    status = WithFieldViolation(
        std::move(status),
        {absl::StrCat("sessions[", conflict.course_index, "]"),
         std::string(conflict.status.message())});
  }
  return WithReason(std::move(status), reasons::kCourseConflicts);
}

}  // namespace

absl::StatusOr<BookedCourse> CourseBooker::Book(const CourseOrder& order) {
  storage::Transaction& transaction = context_.transaction;
  const plugin_host::LoadedPlugin& type = *order.type;
  if (order.session_count < 0) {
    return FieldError("session_count", "must not be negative");
  }
  if (order.preferred_interval_days < 0) {
    return FieldError("preferred_interval_days", "must not be negative");
  }
  ASSIGN_OR_RETURN(const Participants who,
                   ResolveParticipants(transaction, order.patient_id,
                                       order.practitioner_id, order.room_id));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  BookingRules rules(transaction.scheduling(), settings, context_.now);
  // Once for the whole course: a type the jurisdiction forbids is refused
  // as such, not as a conflict of every session.
  RETURN_IF_ERROR(consent::CheckOfferedIn(type.description(),
                                          settings.jurisdiction,
                                          "treatment_type"));
  // Before the plugin plans from it: a plan from a date the clinic does not
  // book would be refused session by session, naming none of the request.
  // Planned sessions keep the first one's local time, so a first session on
  // the grid puts them all on it.
  const absl::Time first = order.first_session;
  const std::string first_label = Label("first_session_time", rules, first);
  RETURN_IF_ERROR(rules.CheckStart(first, first_label));
  RETURN_IF_ERROR(rules.CheckOnSlotGrid(first, first_label));
  // Screened once, now, for the whole course: each session is screened
  // again on its own day, at check-in and completion.
  RETURN_IF_ERROR(CheckScreening(type, who.patient, settings, context_.now,
                                 treatments::ScreeningMoment::kBeforeTheDay,
                                 first_label));
  ASSIGN_OR_RETURN(
      const std::vector<treatments::PlannedSlot> plan,
      treatments::PlanCourseInZone(
          type,
          {.first_session = first,
           .session_count = order.session_count,
           .preferred_interval_days = order.preferred_interval_days,
           .include_maintenance = order.include_maintenance},
          settings.time_zone));

  BookedCourse booked{{NewResourceId(), who.patient.id, type.id(),
                       CourseState::kActive, context_.now, context_.now},
                      {}};
  RETURN_IF_ERROR(transaction.scheduling().InsertCourse(booked.course));
  // Every session is checked, and each conflict named, before refusing: the
  // front desk can then fix them all at once. Sessions are stored as they
  // pass, so that a course never overlaps itself; a refusal rolls all back.
  std::vector<Conflict> conflicts;
  for (const treatments::PlannedSlot& slot : plan) {
    const std::string label = Label(
        absl::StrCat("session course_index=", slot.index), rules, slot.start);
    Session session = NewSession(who, type, slot.start, context_.now);
    session.time.end = slot.end;
    session.course_id = booked.course.id;
    session.course_index = slot.index;
    session.min_gap_days = slot.min_days_after_previous;
    session.max_gap_days = slot.max_days_after_previous;
    absl::Status status = rules.CheckSlot(
        {who.patient.id, who.practitioner_id, who.room_id, session.time, ""},
        label);
    if (status.ok()) {
      status = CheckPatientMayBeTreated(context_, type, who.patient, settings,
                                        slot.start, label);
    }
    if (!status.ok()) {
      if (!absl::IsFailedPrecondition(status)) return status;
      conflicts.push_back({slot.index, label, std::move(status)});
      continue;
    }
    RETURN_IF_ERROR(context_.changes.Book(session));
    booked.sessions.push_back(std::move(session));
  }
  if (!conflicts.empty()) return CourseConflicts(conflicts);
  return booked;
}

}  // namespace mesoclinic::scheduling
