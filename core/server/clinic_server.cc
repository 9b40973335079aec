#include "core/server/clinic_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/auth/first_admin.h"
#include "core/auth/role_matrix.h"
#include "core/base/status_macros.h"

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

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (!options.tls.has_value()) {
    if (!options.allow_insecure && !IsLoopbackAddress(options.listen_address)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing to serve patient data in plaintext on ",
          options.listen_address,
          ", which other machines can reach: give --tls_cert and --tls_key, "
          "listen on a loopback address, or pass --allow_insecure if a TLS "
          "proxy in front of clinicd encrypts the traffic"));
    }
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

}  // namespace

std::string AdminKeyFile(const std::string& database_path) {
  return (std::filesystem::path(database_path).parent_path() / "admin.key")
      .string();
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
  ASSIGN_OR_RETURN(server->instance_lock_,
                   InstanceLock::Acquire(options.database_path));
  ASSIGN_OR_RETURN(server->store_,
                   storage::SqliteStore::Open(
                       {.path = options.database_path,
                        .max_queued_writes = options.max_queued_writes,
                        .vfs = options.sqlite_vfs}));
  RETURN_IF_ERROR(scheduling::SeedClinicSettings(*server->store_,
                                                 options.initial_time_zone));
  // Purges at once (start-up), then a few times per retention period, at
  // most 10 minutes apart.
  server->idempotency_purger_ = std::make_unique<storage::IdempotencyPurger>(
      *server->store_, options.idempotency_retention,
      std::clamp(options.idempotency_retention / 4, absl::Milliseconds(100),
                 absl::Minutes(10)));
  if (!options.plugin_dir.empty()) {
    // Refused plugins are logged by the registry; the server serves the rest.
    server->plugins_ =
        std::move(plugin_host::PluginRegistry::LoadDirectory(
                      options.plugin_dir,
                      {.time_limit = options.plugin_hook_time_limit})
                      .registry);
  }
  server->calls_ = std::make_unique<CallRunner>(
      *server->store_, auth::RoleMatrix::Default(), options.max_calls_in_flight);
  server->patient_service_ =
      std::make_unique<patients::PatientService>(*server->calls_);
  server->staff_service_ = std::make_unique<staff::StaffService>(*server->calls_);
  server->audit_service_ = std::make_unique<audit::AuditService>(*server->calls_);
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
  // The first admin is created only once the server is known to start, so
  // that the key file is never written by a start that then fails.
  ASSIGN_OR_RETURN(server->admin_key_file_,
                   auth::BootstrapFirstAdmin(
                       *server->store_, AdminKeyFile(options.database_path)));
  grpc::HealthCheckServiceInterface* health =
      server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  for (const char* service :
       {patients::PatientService::ServiceName(),
        staff::StaffService::ServiceName(), audit::AuditService::ServiceName(),
        treatments::TreatmentService::ServiceName(),
        consent::ConsentService::ServiceName(),
        scheduling::ClinicService::ServiceName(),
        scheduling::SchedulingService::ServiceName(),
        adverse_events::AdverseEventService::ServiceName(),
        staff::SignInService::ServiceName()}) {
    health->SetServingStatus(service, true);
  }
  return server;
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
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
}

}  // namespace mesoclinic
