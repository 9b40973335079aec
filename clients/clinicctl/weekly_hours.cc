#include "clients/clinicctl/weekly_hours.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/enum_text.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;

// 1 (Monday) to 7, from "mon", "monday" or any prefix of three letters or
// more.
int Day(absl::string_view text, absl::string_view what) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (int day = 1; day <= 7; ++day) {
    if (lower.size() >= 3 &&
        EnumText(static_cast<v1::DayOfWeek>(day)).starts_with(lower)) {
      return day;
    }
  }
  throw UsageError(absl::StrCat(what, ": \"", text,
                                "\" is not a day (mon, tue, ... sun)"));
}

v1::TimeOfDay Time(absl::string_view text, absl::string_view what) {
  int hours = 0, minutes = 0;
  char extra = 0;
  if (std::sscanf(std::string(text).c_str(), "%d:%d%c", &hours, &minutes,
                  &extra) != 2) {
    throw UsageError(absl::StrCat(what, ": \"", text, "\" is not HH:MM"));
  }
  v1::TimeOfDay time;
  time.set_hours(hours);
  time.set_minutes(minutes);
  return time;
}

}  // namespace

void AddWeeklyRanges(absl::string_view text, absl::string_view what,
                     v1::WeeklyHours& hours) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(text, ' ', absl::SkipEmpty());
  if (parts.size() != 2) {
    throw UsageError(absl::StrCat(what, ": \"", text,
                                  "\" is not DAYS HH:MM-HH:MM, such as "
                                  "\"mon-fri 09:00-18:00\""));
  }
  const std::vector<absl::string_view> times = absl::StrSplit(parts[1], '-');
  if (times.size() != 2) {
    throw UsageError(absl::StrCat(what, ": \"", parts[1],
                                  "\" is not HH:MM-HH:MM"));
  }
  const v1::TimeOfDay start = Time(times[0], what);
  const v1::TimeOfDay end = Time(times[1], what);
  for (absl::string_view days : absl::StrSplit(parts[0], ',')) {
    const std::vector<absl::string_view> bounds = absl::StrSplit(days, '-');
    if (bounds.size() > 2) {
      throw UsageError(absl::StrCat(what, ": \"", days, "\" is not a day range"));
    }
    const int first = Day(bounds.front(), what);
    const int last = Day(bounds.back(), what);
    if (last < first) {
      throw UsageError(absl::StrCat(what, ": \"", days, "\" ends before it starts"));
    }
    for (int day = first; day <= last; ++day) {
      v1::WeeklyTimeRange& range = *hours.add_ranges();
      range.set_day(static_cast<v1::DayOfWeek>(day));
      *range.mutable_start() = start;
      *range.mutable_end() = end;
    }
  }
}

std::vector<std::pair<std::string, std::string>> DescribeWeeklyHours(
    const v1::WeeklyHours& hours) {
  std::map<int, std::vector<std::pair<int, std::string>>> by_day;
  for (const v1::WeeklyTimeRange& range : hours.ranges()) {
    by_day[range.day()].emplace_back(
        range.start().hours() * 60 + range.start().minutes(),
        absl::StrFormat("%02d:%02d-%02d:%02d", range.start().hours(),
                        range.start().minutes(), range.end().hours(),
                        range.end().minutes()));
  }
  std::vector<std::pair<std::string, std::string>> lines;
  for (auto& [day, ranges] : by_day) {
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::string> texts;
    for (const auto& range : ranges) texts.push_back(range.second);
    lines.emplace_back(EnumText(static_cast<v1::DayOfWeek>(day)),
                       absl::StrJoin(texts, ", "));
  }
  return lines;
}

}  // namespace mesoclinic::clinicctl
