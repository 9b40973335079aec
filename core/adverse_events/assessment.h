#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_H_

// The treatment plugin's assessment of an adverse event (expected? what to
// do?), asked so that a report never depends on the plugin's health: when
// the plugin fails, times out, answers nonsense or is suspended, the event
// is kept with its assessment pending, treated as unexpected, and asked
// again later.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/adverse_events/adverse_event.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/storage/store.h"

namespace mesoclinic::adverse_events {

// What the plugin is told about the event as it stands now (current grade
// and seriousness). Days since the session count from the event's session,
// or without one from the patient's last completed session of the treatment
// before the onset; with no such session, no_prior_session says so.
absl::StatusOr<clinic::plugin::v1::AdverseEventReport> PluginReport(
    storage::Transaction& transaction, const AdverseEvent& event);

// Records the plugin's answer on the event: expectedness (never for
// "other"), the recommended action and rationale; or, for a failure or an
// answer without an action or rationale, the assessment pending and why,
// the event then unexpected. Then recomputes the expedited and follow-up
// report deadlines.
void RecordAssessment(
    const absl::StatusOr<clinic::plugin::v1::AdverseEventAssessment>& answer,
    AdverseEvent& event);

// Asks the event's plugin and records the answer (RecordAssessment). Fails
// only on storage errors, never because of the plugin.
absl::Status Assess(storage::Transaction& transaction,
                    const plugin_host::PluginRegistry& plugins,
                    AdverseEvent& event);

// Assesses again up to `limit` events whose assessment is pending, oldest
// first, and stores each answer. Returns how many are no longer pending.
absl::StatusOr<int> RetryPendingAssessments(
    storage::Transaction& transaction,
    const plugin_host::PluginRegistry& plugins, int limit);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_H_
