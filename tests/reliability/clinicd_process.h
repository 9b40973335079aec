#ifndef MESOCLINIC_TESTS_RELIABILITY_CLINICD_PROCESS_H_
#define MESOCLINIC_TESTS_RELIABILITY_CLINICD_PROCESS_H_

// The real clinicd binary in a child process, on a free loopback port, and
// its sudden death: SIGKILL gives it no chance to finish a write, flush or
// close anything, as a power cut or an OOM kill would.

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace mesoclinic::reliability {

struct ClinicdOptions {
  std::string binary;
  std::string plugin_dir;
  std::string database_path;
  // clinicd's standard output and error are appended to this file.
  std::string log_path;
  // The clinic's zone, used when the database is new.
  std::string time_zone = "UTC";
  // How long to wait for the "serving on" line.
  absl::Duration start_timeout = absl::Seconds(30);
};

class ClinicdProcess {
 public:
  // Starts clinicd with --listen=127.0.0.1:0 and returns once it serves,
  // with the port its start line names. On failure the error quotes what
  // clinicd logged.
  static absl::StatusOr<std::unique_ptr<ClinicdProcess>> Start(
      const ClinicdOptions& options);

  // Kills the process if it still runs.
  ~ClinicdProcess();
  ClinicdProcess(const ClinicdProcess&) = delete;
  ClinicdProcess& operator=(const ClinicdProcess&) = delete;

  int port() const { return port_; }
  // "127.0.0.1:PORT".
  std::string address() const;
  pid_t pid() const { return pid_; }

  // Sends SIGKILL and reaps the process. An error when it had already
  // exited by itself (a crash of its own is a finding too).
  absl::Status Kill();

 private:
  ClinicdProcess(pid_t pid, int port) : pid_(pid), port_(port) {}

  pid_t pid_;
  int port_;
  bool reaped_ = false;
};

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_CLINICD_PROCESS_H_
