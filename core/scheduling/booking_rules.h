#ifndef MESOCLINIC_CORE_SCHEDULING_BOOKING_RULES_H_
#define MESOCLINIC_CORE_SCHEDULING_BOOKING_RULES_H_

// The calendar rules a session must satisfy to hold its slot, checked inside
// the transaction that books or moves it: the single writer makes the check
// and the write one atomic step, so two bookings can never both pass.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/scheduling/calendar.h"
#include "core/scheduling/scheduling_repository.h"

namespace mesoclinic::scheduling {

// Sessions start at most this far ahead. A safety hold after an adverse
// event flags the booked sessions of the next 3 years (adverse_events), and
// a course runs about a year from its first session: every booked session
// stays within a hold's reach. It also keeps dates the plugins reason about
// (a patient's age at the session) within reason.
inline constexpr absl::Duration kBookingHorizon = absl::Hours(24 * 366 * 2);
inline constexpr char kBookingHorizonText[] = "2 years";

struct SlotRequest {
  std::string patient_id;
  std::string practitioner_id;
  std::string room_id;
  Interval time;
  // A session being moved: its own current slot is no conflict.
  std::string moving_session_id;
};

class BookingRules {
 public:
  BookingRules(SchedulingRepository& repository, const ClinicSettings& settings,
               absl::Time now)
      : repository_(repository), settings_(settings), now_(now) {}

  // OK when a session may start at `start`: not in the past, and at most
  // kBookingHorizon ahead. Otherwise FAILED_PRECONDITION whose message
  // starts with `label`.
  absl::Status CheckStart(absl::Time start, absl::string_view label) const;

  // OK when `start` is on the clinic's slot grid: a multiple of the slot
  // granularity (ClinicSettings) after local midnight, the starts
  // FindAvailableSlots offers (SlotStarts). A start off the grid would leave
  // gaps no slot search can fill, so bookings and moves are refused rather
  // than rounded: FAILED_PRECONDITION (OFF_SLOT_GRID) starting with `label`,
  // naming the grid and the two nearest starts on it. A start less than one
  // grid step from now (a walk-in treated at once) may be off the grid.
  absl::Status CheckOnSlotGrid(absl::Time start, absl::string_view label) const;

  // OK when `slot` may start when it does (CheckStart), is inside the
  // clinic's opening hours and the practitioner's working hours (the opening
  // hours when they have set none), outside every closure that concerns it,
  // and free for the practitioner, the room and the patient. Otherwise
  // FAILED_PRECONDITION whose message starts with `label` and names the rule
  // or the conflicting session, with the rule's reason (START_OUT_OF_RANGE,
  // OUTSIDE_HOURS, CLOSED with {"closure"}, SLOT_TAKEN with {"session"}).
  absl::Status CheckSlot(const SlotRequest& slot, absl::string_view label);

  // Local "2027-03-15 10:30 Europe/Paris" for messages.
  std::string Describe(absl::Time time) const;

 private:
  absl::StatusOr<const WeeklyHours*> WorkingHours(const std::string& staff_id);

  SchedulingRepository& repository_;
  const ClinicSettings& settings_;
  const absl::Time now_;
  std::map<std::string, WeeklyHours> working_hours_;
};

// The whole days between the local dates of `previous` and `next`.
int DaysBetween(absl::Time previous, absl::Time next, absl::TimeZone zone);

// FAILED_PRECONDITION (INTERVAL_OUTSIDE_PROTOCOL), starting with `label`,
// when `next` is not `min_days` to `max_days` local days after `previous`.
absl::Status CheckGap(absl::Time previous, absl::Time next, int min_days,
                      int max_days, absl::TimeZone zone,
                      absl::string_view label);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_BOOKING_RULES_H_
