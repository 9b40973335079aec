#include "core/server/clinic_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace mesoclinic {

absl::StatusOr<std::unique_ptr<ClinicServer>> ClinicServer::Start(
    const ServerOptions& options) {
  auto server = std::unique_ptr<ClinicServer>(new ClinicServer());
  ASSIGN_OR_RETURN(server->store_,
                   storage::SqliteStore::Open({.path = options.database_path}));
  server->calls_ = std::make_unique<CallRunner>(*server->store_);
  server->patient_service_ = std::make_unique<patients::PatientService>(
      *server->calls_,
      patients::PatientServiceOptions{.clinic_time_zone =
                                          options.clinic_time_zone});

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address,
                           grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(server->patient_service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen_address,
        ": the address is malformed or already in use"));
  }
  grpc::HealthCheckServiceInterface* health =
      server->server_->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus(patients::PatientService::ServiceName(), true);
  return server;
}

ClinicServer::~ClinicServer() { Shutdown(absl::ZeroDuration()); }

void ClinicServer::Shutdown(absl::Duration grace) {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
}

}  // namespace mesoclinic
