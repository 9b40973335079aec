#ifndef MESOCLINIC_TESTS_FUZZ_PARIS_TIME_ZONE_H_
#define MESOCLINIC_TESTS_FUZZ_PARIS_TIME_ZONE_H_

#include "absl/time/time.h"
#include "tests/fuzz/fuzz_check.h"

namespace mesoclinic::fuzz {

// Europe/Paris, loaded once: the targets' clinic zone, which has
// daylight-saving gaps and overlaps for local-time conversions to meet.
inline const absl::TimeZone& Paris() {
  static const absl::TimeZone* const zone = [] {
    auto* loaded = new absl::TimeZone;
    FUZZ_CHECK(absl::LoadTimeZone("Europe/Paris", loaded),
               "tzdata must be installed");
    return loaded;
  }();
  return *zone;
}

}  // namespace mesoclinic::fuzz

#endif  // MESOCLINIC_TESTS_FUZZ_PARIS_TIME_ZONE_H_
