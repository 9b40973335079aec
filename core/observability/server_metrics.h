#ifndef MESOCLINIC_CORE_OBSERVABILITY_SERVER_METRICS_H_
#define MESOCLINIC_CORE_OBSERVABILITY_SERVER_METRICS_H_

// clinicd's Prometheus metrics, rendered in the text exposition format for
// the HTTP listener's /metrics.
//
// ServerMetrics hears the calls (CallObserver), the storage writer
// (storage::WriterObserver) and the plugin hooks (plugin_host::HookObserver),
// and reads the rest of the server's state at each scrape (ScrapedState).
// It keeps its own registry: no global state, one per server.
//
// Label values come only from fixed sets: method names from the role
// matrix, status code names, the two transports, the loaded plugins and
// their hooks. A client cannot create a series: a method the matrix does
// not name is counted as service="unknown", method="unknown".

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "core/api/call_observer.h"
#include "core/plugin_host/hook_observer.h"
#include "core/storage/writer_observer.h"

namespace mesoclinic::observability {

// Whether one loaded plugin is suspended.
struct PluginSuspension {
  std::string plugin;
  bool suspended = false;
};

// What Render reads from the running server at each scrape. A reader left
// empty leaves its gauge at 0.
struct ScrapedState {
  std::function<int()> calls_in_flight;
  std::function<int()> max_calls_in_flight;
  std::function<int()> schedule_watchers;
  std::function<int()> queued_writes;
  std::function<int64_t()> wal_size_bytes;
  std::function<bool()> database_writable;
  std::function<std::vector<PluginSuspension>()> plugins;
};

class ServerMetrics : public CallObserver,
                      public storage::WriterObserver,
                      public plugin_host::HookObserver {
 public:
  // The Content-Type of Render's text.
  static constexpr char kContentType[] =
      "text/plain; version=0.0.4; charset=utf-8";

  // Calls are labelled by the methods in `known_methods`, full names
  // ("/clinic.v1.PatientService/GetPatient"); any other is "unknown".
  explicit ServerMetrics(const std::vector<std::string>& known_methods);
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // Sets what Render reads at each scrape. Its readers must stay valid
  // until the next call, or the end of the metrics.
  void ReadAtScrape(ScrapedState state);

  // Every metric, in the Prometheus text exposition format 0.0.4.
  std::string Render();

  void OnCallFinished(const FinishedCall& call) override;
  void OnBatchCommitted(int batch_size,
                        absl::Duration commit_duration) override;
  void OnCommitFailed(const absl::Status& status) override;
  void OnHookFinished(absl::string_view plugin, absl::string_view hook,
                      plugin_host::HookOutcome outcome,
                      absl::Duration elapsed) override;

 private:
  struct MethodLabels {
    std::string service;
    std::string method;
  };

  // The labels of `full_method`: its service and method, or "unknown".
  const MethodLabels& LabelsOf(absl::string_view full_method) const;
  void CountSignIn(const FinishedCall& call);
  // Sets each scrape-time gauge from `state_`.
  void ReadState();

  prometheus::Registry registry_;
  absl::flat_hash_map<std::string, MethodLabels> known_methods_;
  const MethodLabels unknown_method_{"unknown", "unknown"};

  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& call_duration_;
  prometheus::Family<prometheus::Counter>& calls_shed_;
  prometheus::Family<prometheus::Counter>& sign_ins_;
  prometheus::Gauge& calls_in_flight_;
  prometheus::Gauge& max_calls_in_flight_;
  prometheus::Gauge& schedule_watchers_;
  prometheus::Gauge& queued_writes_;
  prometheus::Histogram& batch_size_;
  prometheus::Histogram& commit_duration_;
  prometheus::Family<prometheus::Counter>& commit_failures_;
  prometheus::Gauge& wal_size_;
  prometheus::Gauge& database_writable_;
  prometheus::Family<prometheus::Counter>& hook_calls_;
  prometheus::Family<prometheus::Histogram>& hook_duration_;
  prometheus::Family<prometheus::Gauge>& plugin_suspended_;

  absl::Mutex state_mutex_;
  ScrapedState state_ ABSL_GUARDED_BY(state_mutex_);
};

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_SERVER_METRICS_H_
