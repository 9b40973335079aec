#ifndef MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_
#define MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_

// clinicd's server: storage, services, authentication, health checking and
// reflection, assembled into one grpc::Server.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/adverse_events/adverse_event_service.h"
#include "core/adverse_events/assessment_retrier.h"
#include "core/api/call_runner.h"
#include "core/audit/audit_service.h"
#include "core/base/periodic_task.h"
#include "core/consent/consent_service.h"
#include "core/observability/call_log.h"
#include "core/observability/call_observers.h"
#include "core/observability/database_health.h"
#include "core/observability/log_format.h"
#include "core/observability/server_metrics.h"
#include "core/patients/patient_service.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/clinic_service.h"
#include "core/scheduling/scheduling_service.h"
#include "core/server/connect_handler.h"
#include "core/server/http_listener.h"
#include "core/server/http_router.h"
#include "core/server/operator_endpoints.h"
#include "core/server/instance_lock.h"
#include "core/server/tls_options.h"
#include "core/server/web_app_handler.h"
#include "core/staff/sign_in_service.h"
#include "core/staff/staff_service.h"
#include "core/storage/idempotency_purger.h"
#include "core/storage/patient_index_merger.h"
#include "core/storage/sqlite_store.h"
#include "core/treatments/treatment_service.h"

namespace mesoclinic {

struct ServerOptions {
  // host:port; port 0 picks a free port (see ClinicServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  std::string database_path = "var/clinic.db";
  // The folder of treatment plugins (*.so) to load; empty: none.
  std::string plugin_dir;
  // The clinic's IANA time zone for a new database; afterwards the stored
  // settings (ClinicService.UpdateClinicSettings) decide.
  std::string initial_time_zone = "UTC";
  // The HTTP listener (the Connect protocol, /metrics, /healthz), as
  // host:port; port 0 picks a free port (see http_port()); empty: none.
  std::string http_listen_address;
  // Origins besides the server's own whose pages may call over HTTP.
  std::vector<std::string> http_allowed_origins;
  // The largest HTTP request body accepted; larger ones are answered 413.
  std::size_t http_max_body_bytes = 4 << 20;
  // HTTP connections open at once, and how long one may stay silent.
  unsigned http_max_connections = 4096;
  absl::Duration http_idle_timeout = absl::Seconds(30);
  // How long a Connect server stream (WatchSchedule over HTTP/1.1, which
  // has no keep-alive of its own) stays quiet before a keep-alive message
  // is sent, so that a client that vanished gives back its place.
  absl::Duration http_stream_keep_alive = absl::Seconds(30);
  // The folder of the built web app (clients/web/dist), served on the HTTP
  // listener beside the API; it must hold index.html. Empty: none.
  std::string web_app_dir;
  // What the web app's files may weigh together (they are held in memory).
  std::size_t web_app_max_bytes = WebAppFiles::kDefaultMaxTotalBytes;
  // A secret a Prometheus server may send ("Authorization: Bearer
  // <token>") to read /metrics without an admin's API key; empty: none.
  std::string metrics_scrape_token;
  // Serve TLS (on both listeners); without it, only loopback addresses are
  // served unless allow_insecure is set.
  std::optional<TlsOptions> tls;
  bool allow_insecure = false;

  // Load shedding: unary calls worked on at once; the excess is refused
  // with RESOURCE_EXHAUSTED before any work (0: no limit).
  int max_calls_in_flight = 512;
  // Writes waiting for the storage writer at most (a backstop behind
  // max_calls_in_flight).
  int max_queued_writes = 4096;
  // WatchSchedule streams open at once; the next is refused with
  // RESOURCE_EXHAUSTED (0: no limit). Streams are long-lived and not
  // counted in max_calls_in_flight.
  int max_schedule_watchers = 256;
  // How long a plugin hook may take before its call fails UNAVAILABLE and
  // the plugin is suspended until the hook returns.
  absl::Duration plugin_hook_time_limit = absl::Seconds(2);
  // How often adverse-event assessments a plugin could not give are asked
  // again (AssessmentRetrier).
  absl::Duration assessment_retry_interval = absl::Minutes(1);
  // HTTP/2 keepalive: after `keepalive_time` without a frame from a client,
  // the server pings it, and closes the connection when no answer comes
  // within `keepalive_timeout`. A WatchSchedule stream sends nothing for
  // hours on a quiet day; without this, a client that vanished (laptop
  // closed, network cut) would hold its watcher place until TCP gives up,
  // which takes hours.
  absl::Duration keepalive_time = absl::Seconds(20);
  absl::Duration keepalive_timeout = absl::Seconds(10);
  // How long idempotency records (the first answer to a change, returned
  // to its retries) are kept. A retry after that is a new request.
  absl::Duration idempotency_retention = absl::Hours(24 * 7);
  // How often the per-patient audit index is brought up to the trail
  // (storage::PatientIndexMerger). Until it is, "who saw this patient"
  // reads the newest records' own patient lists: exact either way.
  absl::Duration audit_index_merge_interval = absl::Milliseconds(200);
  // The file holding the key the audit chain is linked under (created on a
  // database whose chain has none yet); empty: audit-chain.key beside the
  // database.
  std::string audit_chain_key_file;
  // Go on linking the chain under the key file's key although it was
  // linked under another one (that key was lost).
  bool audit_chain_new_key = false;
  // The SQLite VFS the database is opened through; empty: the default.
  // Tests use a fault-injecting one.
  std::string sqlite_vfs;
  // How every log line looks (--log_format); applied to spdlog at Start.
  observability::LogFormat log_format = observability::LogFormat::kText;
  // How long the database may go without a successful commit before a
  // probe write checks that it can still be written (DatabaseHealth).
  absl::Duration database_probe_interval = absl::Seconds(30);
  // The audit signing key's file (AuditService.CreateAuditCheckpoint signs
  // with it), created at first start; empty: AuditSigningKeyFile beside the
  // database.
  std::string audit_signing_key_file;
};

class ClinicServer {
 public:
  // Opens (and migrates) the database, creates the first admin and its key
  // file when the clinic has no staff yet, and starts serving.
  static absl::StatusOr<std::unique_ptr<ClinicServer>> Start(
      const ServerOptions& options);

  // Shuts down (with no grace period) if Shutdown was not called.
  ~ClinicServer();

  // The port actually listened on.
  int port() const { return port_; }
  // The HTTP listener's port, or 0 when there is none.
  int http_port() const {
    return http_listener_ == nullptr ? 0 : http_listener_->port();
  }
  // The web app's files when it is served, else null.
  const WebAppFiles* web_app_files() const {
    return web_app_ == nullptr ? nullptr : &web_app_->files();
  }
  int schema_version() const { return store_->schema_version(); }
  // "cellulite 1.0.0, hair_loss 1.0.0", or "none".
  std::string LoadedPluginsSummary() const;
  const plugin_host::PluginRegistry& plugins() const { return plugins_; }
  const storage::IdempotencyPurger& idempotency_purger() const {
    return *idempotency_purger_;
  }
  const storage::PatientIndexMerger& patient_index_merger() const {
    return *patient_index_merger_;
  }
  // Every method served, by both transports.
  const MethodTable& methods() const { return calls_->methods(); }
  // The server's storage: for tests that look at what a call stored.
  storage::Store& store() { return *store_; }
  // The unary calls being worked on, and the most there ever were.
  const InFlightLimit& calls_in_flight() const { return calls_->in_flight(); }

  // The Prometheus metrics (/metrics) and whether the database can be
  // written (the gRPC health status, /healthz).
  observability::ServerMetrics& metrics() { return *metrics_; }
  observability::DatabaseHealth& health() { return *health_; }

  // Where the first admin's key was written at this start, if it was.
  const std::optional<std::string>& admin_key_file() const {
    return admin_key_file_;
  }

  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // cancels the rest, and finishes every queued write. Idempotent.
  void Shutdown(absl::Duration grace);

  // Blocks until the server has shut down.
  void Wait() { server_->Wait(); }

 private:
  ClinicServer() = default;

  // What the metrics read at each scrape.
  observability::ScrapedState StateForMetrics() const;

  // Declared first, so destroyed last: the store, the plugins and the calls
  // report to them until they are gone.
  std::unique_ptr<observability::ServerMetrics> metrics_;
  std::unique_ptr<observability::DatabaseHealth> health_;
  observability::CallLog call_log_;
  std::unique_ptr<observability::CallObservers> call_observers_;
  std::unique_ptr<InstanceLock> instance_lock_;
  plugin_host::PluginRegistry plugins_;
  std::unique_ptr<storage::SqliteStore> store_;
  // Use store_: declared after it, so stopped before it closes.
  std::unique_ptr<storage::IdempotencyPurger> idempotency_purger_;
  std::unique_ptr<storage::PatientIndexMerger> patient_index_merger_;
  std::unique_ptr<PeriodicTask> database_probe_;
  std::unique_ptr<CallRunner> calls_;
  std::unique_ptr<patients::PatientService> patient_service_;
  std::unique_ptr<staff::StaffService> staff_service_;
  std::unique_ptr<audit::AuditService> audit_service_;
  std::unique_ptr<staff::SignInService> sign_in_service_;
  std::unique_ptr<treatments::TreatmentService> treatment_service_;
  std::unique_ptr<consent::ConsentService> consent_service_;
  std::unique_ptr<scheduling::ClinicService> clinic_service_;
  // Every session change, whichever service makes it, reaches the
  // schedule's watchers through this one feed.
  std::unique_ptr<scheduling::ScheduleEvents> schedule_events_;
  std::unique_ptr<scheduling::SchedulingService> scheduling_service_;
  std::unique_ptr<adverse_events::AdverseEventService> adverse_event_service_;
  // Uses store_ and plugins_: declared after them, so stopped before.
  std::unique_ptr<adverse_events::AssessmentRetrier> assessment_retrier_;
  std::unique_ptr<grpc::Server> server_;
  // The HTTP transport; declared after the services and the runner, so
  // stopped before them.
  std::unique_ptr<connect::ConnectHandler> connect_handler_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  std::unique_ptr<HealthEndpoint> health_endpoint_;
  std::unique_ptr<WebAppHandler> web_app_;
  std::unique_ptr<HttpRouter> http_router_;
  std::unique_ptr<HttpListener> http_listener_;
  std::optional<std::string> admin_key_file_;
  int port_ = 0;
  bool shut_down_ = false;
};

// The file the first admin's key is written to: admin.key beside the
// database.
std::string AdminKeyFile(const std::string& database_path);

// The default audit signing key file: audit-signing.key beside the
// database.
std::string AuditSigningKeyFile(const std::string& database_path);

// Whether `listen_address` (host:port) only accepts connections from this
// machine: 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackAddress(absl::string_view listen_address);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_
