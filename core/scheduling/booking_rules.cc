#include "core/scheduling/booking_rules.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/status_macros.h"

namespace mesoclinic::scheduling {
namespace {

absl::string_view OwnerName(SessionOwner owner) {
  switch (owner) {
    case SessionOwner::kPractitioner:
      return "the practitioner";
    case SessionOwner::kRoom:
      return "the room";
    case SessionOwner::kPatient:
      return "the patient";
  }
  return "";
}

}  // namespace

std::string BookingRules::Describe(absl::Time time) const {
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", time,
                                       settings_.time_zone),
                      " ", settings_.time_zone_name);
}

absl::StatusOr<const WeeklyHours*> BookingRules::WorkingHours(
    const std::string& staff_id) {
  auto it = working_hours_.find(staff_id);
  if (it == working_hours_.end()) {
    ASSIGN_OR_RETURN(WeeklyHours hours,
                     repository_.GetWorkingHours(staff_id));
    it = working_hours_.emplace(staff_id, std::move(hours)).first;
  }
  return &it->second;
}

absl::Status BookingRules::CheckStart(absl::Time start,
                                      absl::string_view label) const {
  const auto refuse = [&](absl::string_view why) {
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat(label, ": ", Describe(start), why)),
                      reasons::kStartOutOfRange);
  };
  if (start < now_) return refuse(" is in the past");
  if (start > now_ + kBookingHorizon) {
    return refuse(absl::StrCat(" is more than ", kBookingHorizonText,
                               " ahead"));
  }
  return absl::OkStatus();
}

absl::Status BookingRules::CheckOnSlotGrid(absl::Time start,
                                           absl::string_view label) const {
  const absl::TimeZone zone = settings_.time_zone;
  const absl::Duration step =
      absl::Minutes(settings_.slot_granularity_minutes);
  const absl::Time midnight =
      absl::FromCivil(absl::ToCivilDay(start, zone), zone);
  // The grid point at or before `start`, as SlotStarts places them.
  const absl::Time before = midnight + absl::Floor(start - midnight, step);
  // A patient seen now (a walk-in) starts when they arrive: only starts a
  // grid step or more ahead, the ones a slot search could offer, keep to it.
  if (before == start || start < now_ + step) return absl::OkStatus();
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": sessions start every ",
          settings_.slot_granularity_minutes,
          " minutes from midnight; the nearest starts are ",
          Describe(before), " and ", Describe(before + step))),
      reasons::kOffSlotGrid,
      {{"slot_granularity_minutes",
        absl::StrCat(settings_.slot_granularity_minutes)}});
}

absl::Status BookingRules::CheckSlot(const SlotRequest& slot,
                                     absl::string_view label) {
  const auto refuse =
      [&](absl::string_view why, absl::string_view reason,
          std::vector<std::pair<std::string, std::string>> metadata = {}) {
        return WithReason(
            absl::FailedPreconditionError(absl::StrCat(label, ": ", why)),
            reason, std::move(metadata));
      };
  RETURN_IF_ERROR(CheckStart(slot.time.start, label));
  if (!settings_.opening_hours.Contains(slot.time, settings_.time_zone)) {
    return refuse(absl::StrCat(Describe(slot.time.start), " to ",
                               Describe(slot.time.end),
                               " is outside the clinic's opening hours"),
                  reasons::kOutsideHours);
  }
  ASSIGN_OR_RETURN(const WeeklyHours* hours, WorkingHours(slot.practitioner_id));
  if (!hours->empty() && !hours->Contains(slot.time, settings_.time_zone)) {
    return refuse(absl::StrCat(Describe(slot.time.start),
                               " is outside the working hours of staff/",
                               slot.practitioner_id),
                  reasons::kOutsideHours);
  }
  ASSIGN_OR_RETURN(const std::vector<Closure> closures,
                   repository_.ListClosures(slot.time));
  for (const Closure& closure : closures) {
    if (closure.Blocks(slot.practitioner_id, slot.room_id)) {
      return refuse(absl::StrCat("closures/", closure.id, " (", closure.reason,
                                 ") covers ", Describe(slot.time.start)),
                    reasons::kClosed,
                    {{"closure", absl::StrCat("closures/", closure.id)}});
    }
  }
  for (const auto& [owner, id] :
       {std::pair{SessionOwner::kPractitioner, slot.practitioner_id},
        std::pair{SessionOwner::kRoom, slot.room_id},
        std::pair{SessionOwner::kPatient, slot.patient_id}}) {
    ASSIGN_OR_RETURN(const std::optional<Session> conflict,
                     repository_.FindOverlap(owner, id, slot.time,
                                             slot.moving_session_id));
    if (conflict.has_value()) {
      return refuse(absl::StrCat(
          OwnerName(owner), " is already booked from ",
          Describe(conflict->time.start), " to ",
          absl::FormatTime("%H:%M", conflict->time.end, settings_.time_zone),
          " (sessions/", conflict->id, ")"),
          reasons::kSlotTaken,
          {{"session", absl::StrCat("sessions/", conflict->id)}});
    }
  }
  return absl::OkStatus();
}

int DaysBetween(absl::Time previous, absl::Time next, absl::TimeZone zone) {
  return static_cast<int>(absl::ToCivilDay(next, zone) -
                          absl::ToCivilDay(previous, zone));
}

absl::Status CheckGap(absl::Time previous, absl::Time next, int min_days,
                      int max_days, absl::TimeZone zone,
                      absl::string_view label) {
  const int days = DaysBetween(previous, next, zone);
  if (days >= min_days && days <= max_days) return absl::OkStatus();
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": ", days, " days after the previous session of the "
          "course; the protocol allows ", min_days, " to ", max_days)),
      reasons::kIntervalOutsideProtocol);
}

}  // namespace mesoclinic::scheduling
