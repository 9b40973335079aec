#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_RETRIER_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_RETRIER_H_

#include <atomic>

#include "absl/time/time.h"
#include "core/base/periodic_task.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/storage/store.h"

namespace mesoclinic::adverse_events {

// Asks plugins again for the assessments they could not give when the
// event was reported (RetryPendingAssessments), at start-up and then every
// `interval`, a few events per write so that a plugin still failing never
// holds the writer long. A plugin that recovers has its events'
// expectedness and deadlines recorded within one interval.
class AssessmentRetrier {
 public:
  // Events asked again per pass.
  static constexpr int kBatch = 10;

  AssessmentRetrier(storage::Store& store,
                    const plugin_host::PluginRegistry& plugins,
                    absl::Duration interval);

  // For tests: assessments recorded and passes completed so far.
  int assessed() const { return assessed_.load(); }
  int passes() const { return task_.passes(); }

 private:
  void Pass();

  storage::Store& store_;
  const plugin_host::PluginRegistry& plugins_;
  std::atomic<int> assessed_ = 0;
  // Last: its thread starts once everything it uses is set.
  PeriodicTask task_;
};

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ASSESSMENT_RETRIER_H_
