#ifndef MESOCLINIC_CORE_SCHEDULING_FREE_TIME_H_
#define MESOCLINIC_CORE_SCHEDULING_FREE_TIME_H_

// Interval arithmetic for finding free slots: sorted, non-overlapping lists
// of [start, end) intervals.

#include <vector>

#include "absl/time/time.h"
#include "core/scheduling/calendar.h"

namespace mesoclinic::scheduling {

// `base` without any time covered by `remove` (neither need be sorted).
std::vector<Interval> Subtract(std::vector<Interval> base,
                               std::vector<Interval> remove);

// The time covered by both lists.
std::vector<Interval> Intersect(const std::vector<Interval>& a,
                                const std::vector<Interval>& b);

// Slot starts of `length` inside `free`, on multiples of `granularity`
// after local midnight in `zone`, and not before `earliest`.
std::vector<absl::Time> SlotStarts(const std::vector<Interval>& free,
                                   absl::Duration length,
                                   absl::Duration granularity,
                                   absl::TimeZone zone, absl::Time earliest);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_FREE_TIME_H_
