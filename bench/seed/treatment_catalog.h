#ifndef MESOCLINIC_BENCH_SEED_TREATMENT_CATALOG_H_
#define MESOCLINIC_BENCH_SEED_TREATMENT_CATALOG_H_

// The treatment types the seeder books, as their plugins describe them:
// session length, consent document, and the course plans the plugin makes
// (asked once per shape through the core's course planner, as BookCourse
// asks it, then laid on each course's first day).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/plugin_host/plugin_registry.h"

namespace mesoclinic::bench {

// A session of a planned course: local days after the course's first
// session, and the window the protocol allows after the session before it.
struct PlannedVisit {
  int day = 0;
  int min_gap_days = 0;
  int max_gap_days = 0;
};

// One plan the plugin makes: for a session count, with or without the
// maintenance phase.
struct CourseShape {
  int session_count = 0;
  bool maintenance = false;
  std::vector<PlannedVisit> visits;
};

struct Treatment {
  const plugin_host::LoadedPlugin* plugin = nullptr;
  std::string id;  // "cellulite"
  absl::Duration session_length;
  int slots = 1;  // Grid slots a session holds.
  int consent_version = 0;
  std::string consent_sha256;
  double course_share = 0;  // Of all courses, summing to 1 over the catalog.
  std::vector<CourseShape> shapes;

  double MeanSessionsPerCourse() const;
};

// Every plugin of `plugins` as a Treatment. Cellulite, hair loss and joint
// pain get the shares of a mesotherapy clinic's courses; other plugins an
// equal share of what is left.
absl::StatusOr<std::vector<Treatment>> LoadTreatmentCatalog(
    const plugin_host::PluginRegistry& plugins, absl::TimeZone zone,
    int slot_minutes);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_TREATMENT_CATALOG_H_
