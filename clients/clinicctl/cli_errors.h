#ifndef MESOCLINIC_CLIENTS_CLINICCTL_CLI_ERRORS_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_CLI_ERRORS_H_

// The three ways a clinicctl command fails. Each is thrown where it is found
// and turned into a message and an exit code in one place (RunCli).

#include <stdexcept>
#include <string>

#include <grpcpp/support/status.h>

namespace mesoclinic::clinicctl {

// The command line is wrong: an unknown flag, a missing argument, a date
// that does not parse. Exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The server (or the transport) refused a call.
class RpcError : public std::runtime_error {
 public:
  explicit RpcError(grpc::Status status)
      : std::runtime_error(status.error_message()), status_(std::move(status)) {}
  const grpc::Status& status() const { return status_; }

 private:
  grpc::Status status_;
};

// clinicctl could not set up the connection: no API key, an unreadable
// key or certificate file. Exit code 3.
class ConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_CLI_ERRORS_H_
