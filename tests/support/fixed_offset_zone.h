#ifndef MESOCLINIC_TESTS_SUPPORT_FIXED_OFFSET_ZONE_H_
#define MESOCLINIC_TESTS_SUPPORT_FIXED_OFFSET_ZONE_H_

// A clinic zone chosen for the hour it is there now: for a test that books,
// checks in and treats sessions today, and must not find itself too close
// to the clinic's midnight for that whatever time it runs.

#include <string>

#include "absl/time/time.h"

namespace mesoclinic::testing {

struct FixedOffsetZone {
  // The IANA name, POSIX-style: "Etc/GMT-3" is three hours east of UTC.
  std::string name;
  // The same zone, from -12 to +14 hours east of UTC (the Etc zones IANA
  // has).
  absl::TimeZone zone;
};

// The fixed-offset zone in which `now` falls in the hour that starts at
// `local_hour` (0 to 23).
FixedOffsetZone FixedOffsetZoneWhereHourIs(absl::Time now, int local_hour);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_FIXED_OFFSET_ZONE_H_
