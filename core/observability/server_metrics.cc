#include "core/observability/server_metrics.h"

#include <prometheus/text_serializer.h>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace mesoclinic::observability {
namespace {

using prometheus::Histogram;
using prometheus::Labels;

// From half a millisecond (a cached read) to 10 s (a call stuck behind a
// slow disk or a slow plugin), about three buckets a decade.
const Histogram::BucketBoundaries& SecondsBuckets() {
  static const auto* const kBuckets = new Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return *kBuckets;
}

// Up to the writer's largest batch (SqliteStoreOptions::max_batch, 128).
const Histogram::BucketBoundaries& BatchSizeBuckets() {
  static const auto* const kBuckets =
      new Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64, 128};
  return *kBuckets;
}

std::string TransportLabel(absl::string_view transport) {
  if (transport == "grpc" || transport == "connect") {
    return std::string(transport);
  }
  return "unknown";
}

// A reason code as a label: reasons are the server's own constants
// (core/base/error_reasons.h), but a label is checked all the same.
std::string ReasonLabel(absl::string_view reason) {
  if (reason.empty()) return "none";
  if (reason.size() > 64) return "other";
  for (const char c : reason) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return "other";
    }
  }
  return std::string(reason);
}

prometheus::Family<prometheus::Counter>& Counters(
    prometheus::Registry& registry, const char* name, const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

prometheus::Family<Histogram>& Histograms(prometheus::Registry& registry,
                                          const char* name, const char* help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(registry);
}

// A gauge without labels.
prometheus::Gauge& Gauge(prometheus::Registry& registry, const char* name,
                         const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add(
      {});
}

double Seconds(absl::Duration duration) {
  return absl::ToDoubleSeconds(duration);
}

}  // namespace

ServerMetrics::ServerMetrics(const std::vector<std::string>& known_methods)
    : calls_(Counters(registry_, "clinicd_calls_total",
                      "Calls answered, by transport, service, method and "
                      "status code; a WatchSchedule stream counts once, when "
                      "it is admitted or refused")),
      call_duration_(Histograms(registry_, "clinicd_call_duration_seconds",
                                "Time from a call's arrival to its answer, by "
                                "transport, service and method (calls shed "
                                "under overload are not timed)")),
      calls_shed_(Counters(registry_, "clinicd_calls_shed_total",
                           "Calls refused with RESOURCE_EXHAUSTED before any "
                           "work because too many were in flight")),
      sign_ins_(Counters(registry_, "clinicd_sign_ins_total",
                         "SignIn calls by status code and reason "
                         "(SIGN_IN_FAILED, SIGN_IN_THROTTLED, ACCOUNT_LOCKED; "
                         "none for a success)")),
      calls_in_flight_(Gauge(registry_, "clinicd_calls_in_flight",
                             "Unary calls being worked on now")),
      max_calls_in_flight_(Gauge(registry_, "clinicd_calls_in_flight_limit",
                                 "Unary calls worked on at once at most "
                                 "(--max_calls_in_flight; 0: no limit)")),
      schedule_watchers_(Gauge(registry_, "clinicd_schedule_watchers",
                               "WatchSchedule streams open now")),
      queued_writes_(Gauge(registry_, "clinicd_storage_write_queue_depth",
                           "Writes waiting for the storage writer now")),
      batch_size_(Histograms(registry_, "clinicd_storage_write_batch_size",
                             "Writes committed together in one transaction "
                             "(group commit)")
                      .Add({}, BatchSizeBuckets())),
      commit_duration_(
          Histograms(registry_, "clinicd_storage_commit_duration_seconds",
                     "Time of a group commit's COMMIT, where the write-ahead "
                     "log is written and fsynced")
              .Add({}, SecondsBuckets())),
      commit_failures_(Counters(
          registry_, "clinicd_storage_commit_failures_total",
          "Group commits that failed, every write in them refused, by status "
          "code (RESOURCE_EXHAUSTED: disk full; UNAVAILABLE: read-only or "
          "failing disk)")),
      wal_size_(Gauge(registry_, "clinicd_storage_wal_size_bytes",
                      "Size of the database's write-ahead log file")),
      database_writable_(Gauge(registry_, "clinicd_database_writable",
                               "1 while the database can be written, 0 while "
                               "writes fail (the health status is then "
                               "NOT_SERVING)")),
      hook_calls_(Counters(registry_, "clinicd_plugin_hook_calls_total",
                           "Plugin hook calls by plugin, hook and outcome "
                           "(answered, timed_out, suspended, busy, "
                           "unloading)")),
      hook_duration_(Histograms(registry_,
                                "clinicd_plugin_hook_duration_seconds",
                                "Time a plugin hook call took, by plugin and "
                                "hook, time-outs included")),
      plugin_suspended_(prometheus::BuildGauge()
                            .Name("clinicd_plugin_suspended")
                            .Help("1 while a plugin is suspended because a "
                                  "hook outlived its time limit, else 0")
                            .Register(registry_)) {
  for (const std::string& full_name : known_methods) {
    // "/clinic.v1.PatientService/GetPatient"
    const std::vector<absl::string_view> parts =
        absl::StrSplit(absl::StripPrefix(full_name, "/"), '/');
    if (parts.size() != 2) continue;
    known_methods_[full_name] =
        MethodLabels{std::string(parts[0]), std::string(parts[1])};
  }
}

void ServerMetrics::ReadAtScrape(ScrapedState state) {
  absl::MutexLock lock(&state_mutex_);
  state_ = std::move(state);
}

const ServerMetrics::MethodLabels& ServerMetrics::LabelsOf(
    absl::string_view full_method) const {
  const auto it = known_methods_.find(full_method);
  return it == known_methods_.end() ? unknown_method_ : it->second;
}

void ServerMetrics::OnCallFinished(const FinishedCall& call) {
  const MethodLabels& method = LabelsOf(call.method);
  const std::string transport = TransportLabel(call.transport);
  calls_
      .Add({{"transport", transport},
            {"service", method.service},
            {"method", method.method},
            {"code", absl::StatusCodeToString(call.code)}})
      .Increment();
  const Labels labels = {{"transport", transport},
                         {"service", method.service},
                         {"method", method.method}};
  if (call.shed) {
    calls_shed_.Add(labels).Increment();
  } else {
    call_duration_.Add(labels, SecondsBuckets()).Observe(Seconds(call.elapsed));
  }
  if (method.method == "SignIn") CountSignIn(call);
}

void ServerMetrics::CountSignIn(const FinishedCall& call) {
  sign_ins_
      .Add({{"code", absl::StatusCodeToString(call.code)},
            {"reason", ReasonLabel(call.reason)}})
      .Increment();
}

void ServerMetrics::OnBatchCommitted(int batch_size,
                                     absl::Duration commit_duration) {
  batch_size_.Observe(batch_size);
  commit_duration_.Observe(Seconds(commit_duration));
}

void ServerMetrics::OnCommitFailed(const absl::Status& status) {
  commit_failures_.Add({{"code", absl::StatusCodeToString(status.code())}})
      .Increment();
}

void ServerMetrics::OnHookFinished(absl::string_view plugin,
                                   absl::string_view hook,
                                   plugin_host::HookOutcome outcome,
                                   absl::Duration elapsed) {
  const std::string plugin_label(plugin);
  const std::string hook_label(hook);
  hook_calls_
      .Add({{"plugin", plugin_label},
            {"hook", hook_label},
            {"outcome", std::string(plugin_host::HookOutcomeName(outcome))}})
      .Increment();
  hook_duration_.Add({{"plugin", plugin_label}, {"hook", hook_label}},
                     SecondsBuckets())
      .Observe(Seconds(elapsed));
}

void ServerMetrics::ReadState() {
  absl::MutexLock lock(&state_mutex_);
  const auto set = [](prometheus::Gauge& gauge, const auto& reader) {
    if (reader) gauge.Set(static_cast<double>(reader()));
  };
  set(calls_in_flight_, state_.calls_in_flight);
  set(max_calls_in_flight_, state_.max_calls_in_flight);
  set(schedule_watchers_, state_.schedule_watchers);
  set(queued_writes_, state_.queued_writes);
  set(wal_size_, state_.wal_size_bytes);
  set(database_writable_, state_.database_writable);
  if (state_.plugins) {
    for (const PluginSuspension& plugin : state_.plugins()) {
      plugin_suspended_.Add({{"plugin", plugin.plugin}})
          .Set(plugin.suspended ? 1 : 0);
    }
  }
}

std::string ServerMetrics::Render() {
  ReadState();
  return prometheus::TextSerializer().Serialize(registry_.Collect());
}

}  // namespace mesoclinic::observability
