#include "clients/clinicctl/clinic_time.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {

clinic::v1::Date ParseDate(absl::string_view text, absl::string_view what,
                           const absl::TimeZone& zone, absl::Time now) {
  absl::CivilDay day;
  if (text == "today") {
    day = absl::ToCivilDay(now, zone);
  } else if (text == "tomorrow") {
    day = absl::ToCivilDay(now, zone) + 1;
  } else {
    int year = 0, month = 0, dom = 0;
    char extra = 0;
    const std::string copy(text);
    if (text.size() != 10 ||
        std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &year, &month, &dom,
                    &extra) != 3) {
      throw UsageError(absl::StrCat(what, ": \"", text,
                                    "\" is not a date (YYYY-MM-DD)"));
    }
    clinic::v1::Date date;
    date.set_year(year);
    date.set_month(month);
    date.set_day(dom);
    return date;
  }
  clinic::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::Time ParseTime(absl::string_view text, absl::string_view what,
                     const absl::TimeZone& zone, absl::Time now) {
  if (text == "now") return now;
  const std::string copy(text);
  absl::Time time;
  std::string error;
  // RFC 3339 first: it carries its own offset.
  if (absl::ParseTime(absl::RFC3339_full, copy, &time, &error)) return time;
  for (const char* format : {"%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
                             "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"}) {
    if (absl::ParseTime(format, copy, zone, &time, &error)) return time;
  }
  // A day alone is its first instant, so that "--due-before tomorrow" and
  // "--from 2027-01-01" mean what they say.
  absl::CivilDay day;
  if (text == "today" || text == "tomorrow" ||
      absl::ParseCivilTime(text, &day)) {
    const clinic::v1::Date date = ParseDate(text, what, zone, now);
    return absl::FromCivil(
        absl::CivilDay(date.year(), date.month(), date.day()), zone);
  }
  throw UsageError(absl::StrCat(
      what, ": \"", text,
      "\" is not a time: use \"YYYY-MM-DD HH:MM\" (the clinic's time zone) or "
      "RFC 3339 such as 2027-03-01T09:30:00Z, or a date for the start of "
      "that day"));
}

bool IsAbsoluteTime(absl::string_view text) {
  absl::Time time;
  std::string error;
  return text == "now" ||
         absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error);
}

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t seconds = absl::ToUnixSeconds(time);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

absl::Time FromProto(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

std::string FormatTime(const google::protobuf::Timestamp& timestamp,
                       const absl::TimeZone& zone) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", FromProto(timestamp), zone);
}

std::string FormatDate(const clinic::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

std::string FormatDuration(const google::protobuf::Duration& duration) {
  return absl::FormatDuration(absl::Seconds(duration.seconds()) +
                              absl::Nanoseconds(duration.nanos()));
}

}  // namespace mesoclinic::clinicctl
