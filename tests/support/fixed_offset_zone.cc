#include "tests/support/fixed_offset_zone.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace mesoclinic::testing {

FixedOffsetZone FixedOffsetZoneWhereHourIs(absl::Time now, int local_hour) {
  const int utc_hour =
      static_cast<int>(absl::ToCivilHour(now, absl::UTCTimeZone()).hour());
  // Any offset ±24 hours gives the same hour of the day; pick the one IANA
  // has a zone for.
  int offset = local_hour - utc_hour;
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  FixedOffsetZone zone;
  // The Etc zones' signs are POSIX's, the opposite of ISO 8601's.
  zone.name = offset == 0 ? "Etc/GMT"
                          : absl::StrCat("Etc/GMT", offset > 0 ? "-" : "+",
                                         std::abs(offset));
  zone.zone = absl::FixedTimeZone(offset * 3600);
  return zone;
}

}  // namespace mesoclinic::testing
