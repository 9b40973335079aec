#ifndef MESOCLINIC_CORE_SCHEDULING_CALENDAR_H_
#define MESOCLINIC_CORE_SCHEDULING_CALENDAR_H_

// The clinic's calendar: its time zone, weekly hours, rooms and closures.
// Times are absl::Time (UTC instants); hours are local wall-clock minutes,
// turned into instants day by day in the clinic's zone, so that opening
// hours mean the same local times on both sides of a daylight-saving change.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace mesoclinic::scheduling {

// [start, end) in time.
struct Interval {
  absl::Time start;
  absl::Time end;

  bool Overlaps(const Interval& other) const {
    return start < other.end && other.start < end;
  }
  bool Contains(const Interval& other) const {
    return start <= other.start && other.end <= end;
  }
};

// [start, end) in minutes after local midnight; end may be 1440 (24:00).
struct MinuteRange {
  int start = 0;
  int end = 0;
};

// ISO weekday of a local date: Monday 1 ... Sunday 7.
int IsoWeekday(absl::CivilDay day);

// Hours in a week, by ISO weekday. A day without ranges is closed.
class WeeklyHours {
 public:
  // Adds a range to `weekday` (1..7). Validate() checks the result.
  void Add(int weekday, MinuteRange range);
  const std::vector<MinuteRange>& On(int weekday) const {
    return days_[weekday];
  }
  bool empty() const;

  // INVALID_ARGUMENT naming `field` when a weekday is out of range, a range
  // is empty or outside 00:00-24:00, or two ranges of a day overlap.
  absl::Status Validate(absl::string_view field) const;

  // The hours of local `day` as instants in `zone`, in order.
  std::vector<Interval> IntervalsOn(absl::CivilDay day,
                                    absl::TimeZone zone) const;

  // Whether `session` lies inside one range of the local day it starts on.
  bool Contains(const Interval& session, absl::TimeZone zone) const;

 private:
  std::array<std::vector<MinuteRange>, 8> days_;  // Index 1..7.
};

// The bounds and default of ClinicSettings::sign_in_idle_timeout: long
// enough for a consultation, short enough that a desk left open does not
// stay signed in for a whole day.
inline constexpr absl::Duration kDefaultSignInIdleTimeout = absl::Minutes(15);
inline constexpr absl::Duration kMinSignInIdleTimeout = absl::Minutes(5);
inline constexpr absl::Duration kMaxSignInIdleTimeout = absl::Hours(8);

struct ClinicSettings {
  std::string time_zone_name = "UTC";
  absl::TimeZone time_zone = absl::UTCTimeZone();
  WeeklyHours opening_hours;
  int slot_granularity_minutes = 15;
  // ISO 3166-1 alpha-2 ("FR"), or empty when not said: which treatment
  // types the clinic may offer and the off-label text its patients sign
  // (core/consent/jurisdiction.h).
  std::string jurisdiction;
  // How long a staff sign-in session may go unused before it ends.
  absl::Duration sign_in_idle_timeout = kDefaultSignInIdleTimeout;
  int64_t revision = 1;

  std::string Etag() const;
};

// INVALID_ARGUMENT naming the field for an unknown zone or granularity, a
// jurisdiction that is not an ISO 3166-1 alpha-2 code, or a sign-in idle
// timeout outside 5 minutes to 8 hours.
absl::Status ValidateSettings(const ClinicSettings& settings);

struct Room {
  std::string id;
  std::string display_name;
  bool active = true;
  absl::Time create_time;
};

enum class ClosureScope { kClinic = 0, kPractitioner = 1, kRoom = 2 };

struct Closure {
  std::string id;
  ClosureScope scope = ClosureScope::kClinic;
  std::string scope_id;  // Staff or room id; empty for the clinic.
  Interval period;
  std::string reason;
  absl::Time create_time;

  // Whether the closure keeps `practitioner_id` or `room_id` from working.
  bool Blocks(const std::string& practitioner_id,
              const std::string& room_id) const;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_CALENDAR_H_
