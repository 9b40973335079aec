#include "bench/load/server_cpu.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace mesoclinic::bench {

absl::StatusOr<absl::Duration> ReadProcessCpuTime(int pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/stat");
  std::ifstream file(path);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << file.rdbuf();
  // The command name, in parentheses, may hold spaces: the fields counted
  // here start after its closing parenthesis, at field 3 (state).
  const std::string stat = text.str();
  const std::size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) {
    return absl::InternalError(absl::StrCat("unexpected ", path, ": ", stat));
  }
  const std::vector<absl::string_view> fields = absl::StrSplit(
      absl::string_view(stat).substr(name_end + 1), ' ', absl::SkipEmpty());
  // utime and stime are fields 14 and 15 of the whole line.
  constexpr int kUserTime = 14 - 3;
  constexpr int kSystemTime = 15 - 3;
  int64_t user = 0;
  int64_t system = 0;
  if (static_cast<int>(fields.size()) <= kSystemTime ||
      !absl::SimpleAtoi(fields[kUserTime], &user) ||
      !absl::SimpleAtoi(fields[kSystemTime], &system)) {
    return absl::InternalError(absl::StrCat("unexpected ", path, ": ", stat));
  }
  const int64_t ticks_per_second = sysconf(_SC_CLK_TCK);
  return absl::Seconds(static_cast<double>(user + system) /
                       static_cast<double>(ticks_per_second));
}

absl::StatusOr<CpuMeter> CpuMeter::Start(int pid) {
  const absl::Time wall = absl::Now();
  absl::StatusOr<absl::Duration> cpu = ReadProcessCpuTime(pid);
  if (!cpu.ok()) return cpu.status();
  return CpuMeter(pid, wall, *cpu);
}

absl::StatusOr<double> CpuMeter::CoresSinceStart() const {
  absl::StatusOr<absl::Duration> cpu = ReadProcessCpuTime(pid_);
  if (!cpu.ok()) return cpu.status();
  const absl::Duration wall = absl::Now() - started_wall_;
  if (wall <= absl::ZeroDuration()) return 0.0;
  return absl::FDivDuration(*cpu - started_cpu_, wall);
}

absl::StatusOr<absl::Duration> WaitUntilIdle(int pid, const IdleWait& wait) {
  const absl::Time start = absl::Now();
  absl::StatusOr<absl::Duration> before = ReadProcessCpuTime(pid);
  if (!before.ok()) return before.status();
  while (true) {
    absl::SleepFor(wait.window);
    absl::StatusOr<absl::Duration> after = ReadProcessCpuTime(pid);
    if (!after.ok()) return after.status();
    if (*after - *before < wait.window * wait.quiet_share) {
      return absl::Now() - start;
    }
    if (absl::Now() - start > wait.timeout) {
      return absl::DeadlineExceededError(absl::StrCat(
          "the server was still busy after ",
          absl::FormatDuration(wait.timeout)));
    }
    before = after;
  }
}

}  // namespace mesoclinic::bench
