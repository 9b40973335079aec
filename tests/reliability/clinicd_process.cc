#include "tests/reliability/clinicd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace mesoclinic::reliability {
namespace {

constexpr char kStartLine[] = " serving on ";
constexpr char kPortPrefix[] = "(port ";

// What the log holds from byte `offset` on.
std::string ReadLogFrom(const std::string& path, off_t offset) {
  std::ifstream file(path, std::ios::binary);
  file.seekg(offset);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The port named by the start line in `log`, or 0 while there is none.
int PortFromStartLine(const std::string& log) {
  const std::size_t line = log.find(kStartLine);
  if (line == std::string::npos) return 0;
  const std::size_t port = log.find(kPortPrefix, line);
  if (port == std::string::npos) return 0;
  const std::size_t begin = port + sizeof(kPortPrefix) - 1;
  const std::size_t end = log.find(',', begin);
  int number = 0;
  if (end == std::string::npos ||
      !absl::SimpleAtoi(log.substr(begin, end - begin), &number)) {
    return 0;
  }
  return number;
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exit code ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return absl::StrCat("signal ", WTERMSIG(status), " (",
                        strsignal(WTERMSIG(status)), ")");
  }
  return absl::StrCat("wait status ", status);
}

int WaitFor(pid_t pid, int options, int* status) {
  int result;
  do {
    result = waitpid(pid, status, options);
  } while (result < 0 && errno == EINTR);
  return result;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClinicdProcess>> ClinicdProcess::Start(
    const ClinicdOptions& options) {
  const int log = open(options.log_path.c_str(),
                       O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open ", options.log_path,
                                               ": ", std::strerror(errno)));
  }
  const off_t log_start = lseek(log, 0, SEEK_END);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);
  std::vector<std::string> arguments = {
      options.binary,
      "--listen=127.0.0.1:0",
      // Not the default 127.0.0.1:8080, which tests running at once share.
      "--http_listen=127.0.0.1:0",
      absl::StrCat("--db=", options.database_path),
      absl::StrCat("--plugin_dir=", options.plugin_dir),
      absl::StrCat("--time_zone=", options.time_zone),
  };
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, options.binary.c_str(), &actions,
                                  nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(log);
  if (spawned != 0) {
    return absl::UnavailableError(absl::StrCat("cannot run ", options.binary,
                                               ": ", std::strerror(spawned)));
  }
  auto process = std::unique_ptr<ClinicdProcess>(new ClinicdProcess(pid, 0));

  const absl::Time give_up = absl::Now() + options.start_timeout;
  while (true) {
    const std::string logged = ReadLogFrom(options.log_path, log_start);
    process->port_ = PortFromStartLine(logged);
    if (process->port_ != 0) return process;
    int status = 0;
    if (WaitFor(pid, WNOHANG, &status) == pid) {
      process->reaped_ = true;
      return absl::UnavailableError(absl::StrCat("clinicd did not start (",
                                                 DescribeWaitStatus(status),
                                                 "); it logged:\n", logged));
    }
    if (absl::Now() > give_up) {
      return absl::DeadlineExceededError(
          absl::StrCat("clinicd did not say it was serving within ",
                       absl::FormatDuration(options.start_timeout),
                       "; it logged:\n", logged));
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
}

ClinicdProcess::~ClinicdProcess() {
  if (reaped_) return;
  kill(pid_, SIGKILL);
  int status = 0;
  WaitFor(pid_, 0, &status);
}

std::string ClinicdProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

absl::Status ClinicdProcess::Kill() {
  if (reaped_) return absl::FailedPreconditionError("clinicd is not running");
  int status = 0;
  // Reap first: a process that died on its own must not be mistaken for
  // one this kill stopped.
  if (WaitFor(pid_, WNOHANG, &status) != pid_) {
    kill(pid_, SIGKILL);
    WaitFor(pid_, 0, &status);
  }
  reaped_ = true;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
    return absl::OkStatus();
  }
  return absl::InternalError(absl::StrCat(
      "clinicd (pid ", pid_,
      ") had stopped by itself before the kill: ", DescribeWaitStatus(status)));
}

}  // namespace mesoclinic::reliability
