#include "core/server/clinic_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/audit/audit_checkpoint.h"
#include "core/auth/first_admin.h"
#include "core/auth/role_matrix.h"
#include "core/base/secret_file.h"
#include "core/base/status_macros.h"
#include "core/server/audit_trail_start.h"

namespace mesoclinic {
namespace {

constexpr size_t kGrpcMemoryBytes = size_t{128} << 20;

absl::StatusOr<std::string> ReadPemFile(absl::string_view flag,
                                        const std::string& path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  if (!file || contents.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": cannot read the PEM file ", path));
  }
  return contents.str();
}

// Refuses plaintext where other machines can listen in.
absl::Status CheckPlaintextAllowed(const ServerOptions& options,
                                   absl::string_view address) {
  if (options.tls.has_value() || options.allow_insecure ||
      IsLoopbackAddress(address)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve patient data in plaintext on ", address,
      ", which other machines can reach: give --tls_cert and --tls_key, "
      "listen on a loopback address, or pass --allow_insecure if a TLS "
      "proxy in front of clinicd encrypts the traffic"));
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (!options.tls.has_value()) {
    RETURN_IF_ERROR(CheckPlaintextAllowed(options, options.listen_address));
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.private_key,
                   ReadPemFile("--tls_key", options.tls->private_key_file));
  ASSIGN_OR_RETURN(pair.cert_chain,
                   ReadPemFile("--tls_cert", options.tls->certificate_file));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.tls->client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs,
                     ReadPemFile("--tls_client_ca", options.tls->client_ca_file));
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

int Milliseconds(absl::Duration duration) {
  return static_cast<int>(absl::ToInt64Milliseconds(duration));
}

// Keepalive, so that a WatchSchedule stream whose client vanished without
// closing its connection gives its watcher place back within keepalive
// time + timeout, instead of when TCP gives up (hours).
void SetKeepalive(const ServerOptions& options, grpc::ServerBuilder& builder) {
  const int time_ms = Milliseconds(options.keepalive_time);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, time_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             Milliseconds(options.keepalive_timeout));
  // A watcher's stream may be the connection's only call, and it is quiet
  // on a day without changes: ping anyway, and without limit (0), since
  // the point is to ping a connection that sends no data.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  // gRPC spaces its own pings on a connection without data by 5 minutes
  // unless told otherwise; keepalive needs them every time_ms.
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_SENT_PING_INTERVAL_WITHOUT_DATA_MS, time_ms);
  // Clients that keep their own connections alive (every 10 s or more, as
  // gRPC's documentation advises) are not taken for abusers: gRPC would
  // otherwise answer a ping sooner than 5 minutes after the last with
  // GOAWAY "too_many_pings".
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
}

// The services of clinic.v1, each with a health status of its own.
std::vector<const char*> ServiceNames() {
  return {patients::PatientService::ServiceName(),
          staff::StaffService::ServiceName(),
          audit::AuditService::ServiceName(),
          treatments::TreatmentService::ServiceName(),
          consent::ConsentService::ServiceName(),
          scheduling::ClinicService::ServiceName(),
          scheduling::SchedulingService::ServiceName(),
          adverse_events::AdverseEventService::ServiceName(),
          staff::SignInService::ServiceName()};
}

// A file in the database's folder: where the keys live by default.
std::string BesideDatabase(const std::string& database_path,
                           const char* name) {
  return (std::filesystem::path(database_path).parent_path() / name).string();
}

}  // namespace

std::string AdminKeyFile(const std::string& database_path) {
  return BesideDatabase(database_path, "admin.key");
}

std::string AuditSigningKeyFile(const std::string& database_path) {
  return BesideDatabase(database_path, "audit-signing.key");
}

bool IsLoopbackAddress(absl::string_view listen_address) {
  absl::string_view host = listen_address;
  if (absl::StartsWith(host, "[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (const std::size_t colon = host.rfind(':');
             colon != absl::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host == "localhost") return true;
  // Addresses only, parsed: a host name such as "127.example.org" is not
  // loopback.
  in_addr ipv4;
  if (inet_pton(AF_INET, std::string(host).c_str(), &ipv4) == 1) {
    return (ntohl(ipv4.s_addr) >> 24) == 127;
  }
  in6_addr ipv6;
  return inet_pton(AF_INET6, std::string(host).c_str(), &ipv6) == 1 &&
         IN6_IS_ADDR_LOOPBACK(&ipv6);
}

absl::StatusOr<std::unique_ptr<ClinicServer>> ClinicServer::Start(
    const ServerOptions& options) {
  ASSIGN_OR_RETURN(const std::shared_ptr<grpc::ServerCredentials> credentials,
                   Credentials(options));
  auto server = std::unique_ptr<ClinicServer>(new ClinicServer());
  // Before the database is opened: a wrong folder stops the start at once.
  if (!options.http_listen_address.empty() && !options.web_app_dir.empty()) {
    ASSIGN_OR_RETURN(WebAppFiles files,
                     WebAppFiles::Load(options.web_app_dir,
                                       options.web_app_max_bytes));
    server->web_app_ = std::make_unique<WebAppHandler>(std::move(files));
  }
  // The observers first: they hear the store, the plugins and the calls.
  observability::UseLogFormat(options.log_format);
  server->metrics_ = std::make_unique<observability::ServerMetrics>(
      auth::RoleMatrix::Default().Methods());
  server->health_ = std::make_unique<observability::DatabaseHealth>(
      observability::DatabaseHealthOptions{
          .unhealthy_probe_interval =
              std::min(absl::Seconds(2), options.database_probe_interval),
          .healthy_probe_interval = options.database_probe_interval});
  server->call_observers_ = std::make_unique<observability::CallObservers>(
      std::vector<CallObserver*>{server->metrics_.get(), &server->call_log_});
  ASSIGN_OR_RETURN(server->instance_lock_,
                   InstanceLock::Acquire(options.database_path));
  ASSIGN_OR_RETURN(const AuditChainKeyFile chain_key,
                   ReadOrCreateAuditChainKey(
                       options.audit_chain_key_file.empty()
                           ? AuditChainKeyFileBeside(options.database_path)
                           : options.audit_chain_key_file));
  ASSIGN_OR_RETURN(
      server->store_,
      storage::SqliteStore::Open(
          {.path = options.database_path,
           .max_queued_writes = options.max_queued_writes,
           .vfs = options.sqlite_vfs,
           .audit_chain_key = chain_key.key,
           .writer_observers = {server->metrics_.get(),
                                server->health_.get()}}));
  RETURN_IF_ERROR(PrepareAuditTrail(*server->store_, chain_key,
                                    options.audit_chain_new_key));
  RETURN_IF_ERROR(scheduling::SeedClinicSettings(*server->store_,
                                                 options.initial_time_zone));
  // Purges at once (start-up), then a few times per retention period, at
  // most 10 minutes apart.
  server->idempotency_purger_ = std::make_unique<storage::IdempotencyPurger>(
      *server->store_, options.idempotency_retention,
      std::clamp(options.idempotency_retention / 4, absl::Milliseconds(100),
                 absl::Minutes(10)));
  server->patient_index_merger_ = std::make_unique<storage::PatientIndexMerger>(
      *server->store_, options.audit_index_merge_interval);
  server->database_probe_ = server->health_->StartProbing(
      [store = server->store_.get()](storage::Store::DoneFn done) {
        store->WriteProbe(std::move(done), absl::Now() + absl::Seconds(10));
      });
  if (!options.plugin_dir.empty()) {
    // Refused plugins are logged by the registry; the server serves the rest.
    server->plugins_ =
        std::move(plugin_host::PluginRegistry::LoadDirectory(
                      options.plugin_dir,
                      {.time_limit = options.plugin_hook_time_limit,
                       .observer = server->metrics_.get()})
                      .registry);
  }
  server->calls_ = std::make_unique<CallRunner>(
      *server->store_, auth::RoleMatrix::Default(), options.max_calls_in_flight,
      server->call_observers_.get());
  server->patient_service_ =
      std::make_unique<patients::PatientService>(*server->calls_);
  server->staff_service_ = std::make_unique<staff::StaffService>(*server->calls_);
  // Read (or, at first start, created) here, beside the database whose
  // folder now exists; a key others may read stops the start.
  ASSIGN_OR_RETURN(
      std::string signing_seed,
      ReadOrCreateKeyFile(options.audit_signing_key_file.empty()
                              ? AuditSigningKeyFile(options.database_path)
                              : options.audit_signing_key_file,
                          audit::kCheckpointSeedBytes));
  server->audit_service_ = std::make_unique<audit::AuditService>(
      *server->calls_, std::move(signing_seed));
  server->sign_in_service_ =
      std::make_unique<staff::SignInService>(*server->calls_, *server->store_);
  server->treatment_service_ = std::make_unique<treatments::TreatmentService>(
      *server->calls_, server->plugins_);
  server->consent_service_ = std::make_unique<consent::ConsentService>(
      *server->calls_, server->plugins_);
  server->clinic_service_ =
      std::make_unique<scheduling::ClinicService>(*server->calls_,
                                                  server->plugins_);
  server->schedule_events_ = std::make_unique<scheduling::ScheduleEvents>(
      options.max_schedule_watchers);
  server->scheduling_service_ = std::make_unique<scheduling::SchedulingService>(
      *server->calls_, *server->store_, server->plugins_,
      *server->schedule_events_);
  server->adverse_event_service_ =
      std::make_unique<adverse_events::AdverseEventService>(
          *server->calls_, server->plugins_, *server->schedule_events_);
  server->assessment_retrier_ =
      std::make_unique<adverse_events::AssessmentRetrier>(
          *server->store_, server->plugins_,
          options.assessment_retry_interval);
  server->metrics_->ReadAtScrape(server->StateForMetrics());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC would otherwise let a second server bind the same port and take
  // half of the calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  SetKeepalive(options, builder);
  // What gRPC itself may hold in buffers for all connections together:
  // beyond it, gRPC refuses new calls instead of growing. The calls
  // themselves are bounded by max_calls_in_flight.
  grpc::ResourceQuota quota("clinicd");
  quota.Resize(kGrpcMemoryBytes);
  builder.SetResourceQuota(quota);
  builder.AddListeningPort(options.listen_address, credentials, &server->port_);
  builder.RegisterService(server->patient_service_.get());
  builder.RegisterService(server->staff_service_.get());
  builder.RegisterService(server->audit_service_.get());
  builder.RegisterService(server->treatment_service_.get());
  builder.RegisterService(server->consent_service_.get());
  builder.RegisterService(server->clinic_service_.get());
  builder.RegisterService(server->scheduling_service_.get());
  builder.RegisterService(server->adverse_event_service_.get());
  builder.RegisterService(server->sign_in_service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        ": the address is malformed or already in use"));
  }
  if (!options.http_listen_address.empty()) {
    RETURN_IF_ERROR(
        CheckPlaintextAllowed(options, options.http_listen_address));
    server->connect_handler_ = std::make_unique<connect::ConnectHandler>(
        server->calls_->methods(),
        connect::ConnectOptions{
            .allowed_origins = options.http_allowed_origins,
            .tls = options.tls.has_value(),
            .stream_keep_alive = options.http_stream_keep_alive,
        });
    // The web app answers every path the API, /metrics and /healthz do not
    // own; without it, the Connect handler answers them (404).
    server->http_router_ = std::make_unique<HttpRouter>(
        server->web_app_ != nullptr
            ? static_cast<HttpHandler&>(*server->web_app_)
            : *server->connect_handler_);
    server->http_router_->RoutePrefix("/clinic.v1.", *server->connect_handler_);
    server->metrics_endpoint_ = std::make_unique<MetricsEndpoint>(
        *server->store_, *server->metrics_, options.metrics_scrape_token);
    server->health_endpoint_ =
        std::make_unique<HealthEndpoint>(*server->health_);
    server->http_router_->Route("/metrics", *server->metrics_endpoint_);
    server->http_router_->Route("/healthz", *server->health_endpoint_);
    ASSIGN_OR_RETURN(server->http_listener_,
                     HttpListener::Start(
                         HttpListenerOptions{
                             .address = options.http_listen_address,
                             .tls = options.tls,
                             .max_body_bytes = options.http_max_body_bytes,
                             .max_connections = options.http_max_connections,
                             .idle_timeout = options.http_idle_timeout,
                             .stream_check_interval = std::clamp(
                                 options.http_stream_keep_alive / 3,
                                 absl::Milliseconds(100), absl::Seconds(1)),
                         },
                         *server->http_router_));
  }
  // The first admin is created only once the server is known to start, so
  // that the key file is never written by a start that then fails.
  ASSIGN_OR_RETURN(server->admin_key_file_,
                   auth::BootstrapFirstAdmin(
                       *server->store_, AdminKeyFile(options.database_path)));
  // Overall ("") and per service: every service needs the database.
  server->health_->Watch(
      [health = server->server_->GetHealthCheckService()](bool serving) {
        health->SetServingStatus(serving);
        for (const char* service : ServiceNames()) {
          health->SetServingStatus(service, serving);
        }
      });
  return server;
}

observability::ScrapedState ClinicServer::StateForMetrics() const {
  return {
      .calls_in_flight = [this] { return calls_->in_flight().in_flight(); },
      .max_calls_in_flight =
          [this] { return calls_->in_flight().max_in_flight(); },
      .schedule_watchers = [this] { return schedule_events_->watchers(); },
      .queued_writes = [this] { return store_->queued_writes(); },
      .wal_size_bytes = [this] { return store_->wal_size_bytes(); },
      .database_writable = [this] { return health_->serving(); },
      .plugins =
          [this] {
            std::vector<observability::PluginSuspension> plugins;
            for (const plugin_host::LoadedPlugin* plugin : plugins_.plugins()) {
              plugins.push_back({plugin->id(), plugin->suspended()});
            }
            return plugins;
          },
  };
}

std::string ClinicServer::LoadedPluginsSummary() const {
  std::string summary;
  for (const plugin_host::LoadedPlugin* plugin : plugins_.plugins()) {
    absl::StrAppend(&summary, summary.empty() ? "" : ", ", plugin->id(), " ",
                    plugin->version());
  }
  return summary.empty() ? "none" : summary;
}

ClinicServer::~ClinicServer() { Shutdown(absl::ZeroDuration()); }

void ClinicServer::Shutdown(absl::Duration grace) {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  // The database's health no longer decides: the server is going away.
  health_->Watch(nullptr);
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  // After gRPC's calls have had their grace: HTTP calls still waiting are
  // answered 503 (a change among them commits or not as a whole; its retry
  // with the same request_id gets the first answer).
  if (http_listener_ != nullptr) http_listener_->Stop();
}

}  // namespace mesoclinic
