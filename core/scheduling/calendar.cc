#include "core/scheduling/calendar.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/base/etag.h"
#include "core/base/field_rules.h"

namespace mesoclinic::scheduling {

int IsoWeekday(absl::CivilDay day) {
  // absl::Weekday runs monday = 0 ... sunday = 6.
  return static_cast<int>(absl::GetWeekday(day)) + 1;
}

void WeeklyHours::Add(int weekday, MinuteRange range) {
  if (weekday < 1 || weekday > 7) {
    days_[0].push_back(range);  // Kept so that Validate() reports it.
    return;
  }
  auto& ranges = days_[weekday];
  ranges.push_back(range);
  std::sort(ranges.begin(), ranges.end(),
            [](const MinuteRange& a, const MinuteRange& b) {
              return a.start < b.start;
            });
}

bool WeeklyHours::empty() const {
  return std::all_of(days_.begin(), days_.end(),
                     [](const auto& ranges) { return ranges.empty(); });
}

absl::Status WeeklyHours::Validate(absl::string_view field) const {
  if (!days_[0].empty()) {
    return FieldError(field, "day must be MONDAY to SUNDAY");
  }
  for (int weekday = 1; weekday <= 7; ++weekday) {
    const auto& ranges = days_[weekday];
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const MinuteRange& range = ranges[i];
      if (range.start < 0 || range.end > 24 * 60 || range.start >= range.end) {
        return FieldError(field, absl::StrCat("each range must run forward "
                                              "between 00:00 and 24:00 (day ",
                                              weekday, ")"));
      }
      if (i > 0 && ranges[i - 1].end > range.start) {
        return FieldError(field, absl::StrCat("ranges of day ", weekday,
                                              " overlap"));
      }
    }
  }
  return absl::OkStatus();
}

std::vector<Interval> WeeklyHours::IntervalsOn(absl::CivilDay day,
                                               absl::TimeZone zone) const {
  std::vector<Interval> intervals;
  for (const MinuteRange& range : days_[IsoWeekday(day)]) {
    const absl::CivilMinute midnight(day);
    intervals.push_back({absl::FromCivil(midnight + range.start, zone),
                         absl::FromCivil(midnight + range.end, zone)});
  }
  return intervals;
}

bool WeeklyHours::Contains(const Interval& session, absl::TimeZone zone) const {
  const absl::CivilDay day = absl::ToCivilDay(session.start, zone);
  for (const Interval& hours : IntervalsOn(day, zone)) {
    if (hours.Contains(session)) return true;
  }
  return false;
}

std::string ClinicSettings::Etag() const {
  return RevisionEtag("clinicSettings", revision);
}

absl::Status ValidateSettings(const ClinicSettings& settings) {
  absl::TimeZone zone;
  if (settings.time_zone_name.empty() ||
      !absl::LoadTimeZone(settings.time_zone_name, &zone)) {
    return FieldError("settings.time_zone",
                      "must be an IANA time zone such as \"Europe/Paris\"");
  }
  switch (settings.slot_granularity_minutes) {
    case 5: case 10: case 15: case 20: case 30: case 60:
      break;
    default:
      return FieldError("settings.slot_granularity_minutes",
                        "must be 5, 10, 15, 20, 30 or 60");
  }
  if (!settings.jurisdiction.empty() &&
      !IsCountryCode(settings.jurisdiction)) {
    return FieldError("settings.jurisdiction",
                      "must be an ISO 3166-1 alpha-2 country code in upper "
                      "case, such as \"FR\", or empty");
  }
  if (settings.sign_in_idle_timeout < kMinSignInIdleTimeout ||
      settings.sign_in_idle_timeout > kMaxSignInIdleTimeout) {
    return FieldError("settings.sign_in_idle_timeout",
                      "must be between 5 minutes and 8 hours");
  }
  return settings.opening_hours.Validate("settings.opening_hours");
}

bool Closure::Blocks(const std::string& practitioner_id,
                     const std::string& room_id) const {
  switch (scope) {
    case ClosureScope::kClinic:
      return true;
    case ClosureScope::kPractitioner:
      return scope_id == practitioner_id;
    case ClosureScope::kRoom:
      return scope_id == room_id;
  }
  return true;
}

}  // namespace mesoclinic::scheduling
