#include "core/adverse_events/assessment_retrier.h"

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "core/adverse_events/assessment.h"
#include "core/audit/audit_event.h"

namespace mesoclinic::adverse_events {

AssessmentRetrier::AssessmentRetrier(storage::Store& store,
                                     const plugin_host::PluginRegistry& plugins,
                                     absl::Duration interval)
    : store_(store), plugins_(plugins), task_(interval, [this] { Pass(); }) {}

void AssessmentRetrier::Pass() {
  // Most passes find nothing pending: they only read, so that an idle
  // server (or one on a read-only database) never writes for nothing.
  bool pending = false;
  int assessed = 0;
  absl::Status status = store_.Read([&](storage::Transaction& transaction) {
    absl::StatusOr<std::vector<std::string>> ids =
        transaction.adverse_events().PendingAssessments(1);
    if (!ids.ok()) return ids.status();
    pending = !ids->empty();
    return absl::OkStatus();
  });
  if (status.ok() && pending) {
    status = store_.WriteAndWait([&](storage::Transaction& transaction) {
      absl::StatusOr<int> result =
          RetryPendingAssessments(transaction, plugins_, kBatch);
      if (!result.ok()) return result.status();
      assessed = *result;
      // The reports it assessed are named by the record, with their
      // digests, like those of any other change.
      return audit::AppendAuditEvent(
          transaction.audit(),
          audit::ClinicdEvent(
              "RetryAdverseEventAssessments",
              absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()))));
    });
  }
  if (status.ok()) assessed_ += assessed;
  if (!status.ok()) {
    // The events stay pending until the next pass.
    spdlog::warn("adverse events: retrying pending assessments failed: {}",
                 status.ToString());
  }
}

}  // namespace mesoclinic::adverse_events
