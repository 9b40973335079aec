#include "core/adverse_events/safety_summary.h"

#include <algorithm>
#include <tuple>

namespace mesoclinic::adverse_events {

std::vector<Cluster> FindClusters(std::vector<KeyedEvent> events,
                                  absl::Duration window, int min_events) {
  std::sort(events.begin(), events.end(),
            [](const KeyedEvent& a, const KeyedEvent& b) {
              return std::tie(a.key, a.onset, a.event_id) <
                     std::tie(b.key, b.onset, b.event_id);
            });
  // One event may appear under a key twice (two products of one lot).
  events.erase(std::unique(events.begin(), events.end(),
                           [](const KeyedEvent& a, const KeyedEvent& b) {
                             return a.key == b.key && a.event_id == b.event_id;
                           }),
               events.end());
  std::vector<Cluster> clusters;
  std::size_t first = 0;
  while (first < events.size()) {
    std::size_t last = first;
    while (last + 1 < events.size() && events[last + 1].key == events[first].key &&
           events[last + 1].onset - events[first].onset <= window) {
      ++last;
    }
    if (static_cast<int>(last - first + 1) >= min_events) {
      Cluster cluster{events[first].key, {}, events[first].onset,
                      events[last].onset};
      for (std::size_t i = first; i <= last; ++i) {
        cluster.event_ids.push_back(events[i].event_id);
      }
      clusters.push_back(std::move(cluster));
      first = last + 1;
    } else {
      ++first;
    }
  }
  return clusters;
}

}  // namespace mesoclinic::adverse_events
