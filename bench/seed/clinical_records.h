#ifndef MESOCLINIC_BENCH_SEED_CLINICAL_RECORDS_H_
#define MESOCLINIC_BENCH_SEED_CLINICAL_RECORDS_H_

// What practitioners record at and after a completed session of the seeded
// clinic: treatment records inside the protocol's limits, the protocol's
// follow-up tasks, and adverse events assessed by the plugin, each as the
// server would store it.

#include <optional>
#include <string>
#include <vector>

#include "absl/random/bit_gen_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/adverse_events/adverse_event.h"
#include "core/adverse_events/adverse_event_repository.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/session.h"

namespace mesoclinic::bench {

// One or two of the protocol's body areas; one or two of its products, each
// with a volume, concentration, depth and number of injection points inside
// the product's limits and a lot that changes every two months; one
// outcome measurement inside its range. Recorded by the session's
// practitioner at `record_time`.
scheduling::TreatmentRecord RandomTreatmentRecord(
    absl::BitGenRef random,
    const clinic::plugin::v1::PluginDescription& protocol,
    const scheduling::Session& session, absl::Time record_time);

// The protocol's post-session checks as CompleteSession creates them, each
// done a little after it fell due when that is before `now`; a few are
// still open.
std::vector<adverse_events::FollowUpTask> FollowUpTasksFor(
    absl::BitGenRef random,
    const clinic::plugin::v1::PluginDescription& protocol,
    const scheduling::Session& session, absl::Time now);

// An adverse event after the completed `session`, reported by its
// practitioner as ReportAdverseEvent stores it: most are events the
// protocol expects, in their usual window and mild; some are unexpected;
// a few are of grade 3 or serious. The plugin assesses each. Follow-ups are
// added until recovery, those after `now` left out. nullopt when the report
// would fall after `now`. An error when the event breaks the core's rules
// (a bug of the seeder).
absl::StatusOr<std::optional<adverse_events::AdverseEvent>>
RandomAdverseEvent(absl::BitGenRef random,
                   const plugin_host::LoadedPlugin& plugin,
                   const scheduling::Session& session, absl::Time now);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_CLINICAL_RECORDS_H_
