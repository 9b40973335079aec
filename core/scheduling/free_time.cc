#include "core/scheduling/free_time.h"

#include <algorithm>

namespace mesoclinic::scheduling {
namespace {

void SortByStart(std::vector<Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
}

}  // namespace

std::vector<Interval> Subtract(std::vector<Interval> base,
                               std::vector<Interval> remove) {
  SortByStart(base);
  SortByStart(remove);
  std::vector<Interval> result;
  for (Interval piece : base) {
    for (const Interval& hole : remove) {
      if (hole.end <= piece.start) continue;
      if (hole.start >= piece.end) break;
      if (hole.start > piece.start) result.push_back({piece.start, hole.start});
      piece.start = std::max(piece.start, hole.end);
      if (piece.start >= piece.end) break;
    }
    if (piece.start < piece.end) result.push_back(piece);
  }
  return result;
}

std::vector<Interval> Intersect(const std::vector<Interval>& a,
                                const std::vector<Interval>& b) {
  std::vector<Interval> result;
  for (const Interval& x : a) {
    for (const Interval& y : b) {
      const absl::Time start = std::max(x.start, y.start);
      const absl::Time end = std::min(x.end, y.end);
      if (start < end) result.push_back({start, end});
    }
  }
  SortByStart(result);
  return result;
}

std::vector<absl::Time> SlotStarts(const std::vector<Interval>& free,
                                   absl::Duration length,
                                   absl::Duration granularity,
                                   absl::TimeZone zone, absl::Time earliest) {
  std::vector<absl::Time> starts;
  for (const Interval& interval : free) {
    const absl::Time midnight =
        absl::FromCivil(absl::ToCivilDay(interval.start, zone), zone);
    const absl::Time from = std::max(interval.start, earliest);
    // The first grid point at or after `from`.
    absl::Time start =
        midnight + absl::Ceil(from - midnight, granularity);
    for (; start + length <= interval.end; start += granularity) {
      starts.push_back(start);
    }
  }
  return starts;
}

}  // namespace mesoclinic::scheduling
