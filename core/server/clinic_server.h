#ifndef MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_
#define MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_

// clinicd's server: storage, services, health checking and reflection,
// assembled into one grpc::Server.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/patients/patient_service.h"
#include "core/server/call_runner.h"
#include "core/storage/sqlite_store.h"

namespace mesoclinic {

struct ServerOptions {
  // host:port; port 0 picks a free port (see ClinicServer::port()).
  std::string listen_address = "127.0.0.1:50051";
  std::string database_path = "var/clinic.db";
  std::string plugin_dir;
  absl::TimeZone clinic_time_zone = absl::UTCTimeZone();
};

class ClinicServer {
 public:
  // Opens (and migrates) the database and starts serving.
  static absl::StatusOr<std::unique_ptr<ClinicServer>> Start(
      const ServerOptions& options);

  // Shuts down (with no grace period) if Shutdown was not called.
  ~ClinicServer();

  // The port actually listened on.
  int port() const { return port_; }
  int schema_version() const { return store_->schema_version(); }

  // Stops accepting calls, lets calls in flight finish for up to `grace`,
  // cancels the rest, and finishes every queued write. Idempotent.
  void Shutdown(absl::Duration grace);

  // Blocks until the server has shut down.
  void Wait() { server_->Wait(); }

 private:
  ClinicServer() = default;

  std::unique_ptr<storage::SqliteStore> store_;
  std::unique_ptr<CallRunner> calls_;
  std::unique_ptr<patients::PatientService> patient_service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_CLINIC_SERVER_H_
