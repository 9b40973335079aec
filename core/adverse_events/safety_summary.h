#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_SAFETY_SUMMARY_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_SAFETY_SUMMARY_H_

// Clusters: several adverse events sharing a product lot or a practitioner
// within a short time, the signal of a contaminated lot or a technique
// problem (mycobacterial infections after mesotherapy came in such
// clusters).

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace mesoclinic::adverse_events {

// Two events with the same lot within 30 days, or three after the same
// practitioner's sessions within 14 days, make a cluster.
inline constexpr int kLotClusterEvents = 2;
inline constexpr absl::Duration kLotClusterWindow = absl::Hours(24 * 30);
inline constexpr int kPractitionerClusterEvents = 3;
inline constexpr absl::Duration kPractitionerClusterWindow = absl::Hours(24 * 14);

// One event under one key (a lot number, a practitioner id).
struct KeyedEvent {
  std::string key;
  std::string event_id;
  absl::Time onset;
};

struct Cluster {
  std::string key;
  std::vector<std::string> event_ids;  // By onset.
  absl::Time first_onset;
  absl::Time last_onset;
};

// Groups the events by key and returns each run of at least `min_events`
// whose consecutive onsets lie within `window` of the run's first. Runs
// never share an event; output is ordered by key, then onset.
std::vector<Cluster> FindClusters(std::vector<KeyedEvent> events,
                                  absl::Duration window, int min_events);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_SAFETY_SUMMARY_H_
