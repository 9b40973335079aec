#ifndef MESOCLINIC_BENCH_LOAD_SERVER_CPU_H_
#define MESOCLINIC_BENCH_LOAD_SERVER_CPU_H_

// The server's CPU use: what each step cost it, and waiting for it to
// finish the work a step left behind.
//
// A step can leave clinicd busy after its last answer: a listing step on
// the seeded database writes hundreds of megabytes of audit index pages to
// the write-ahead log, which the checkpointer then copies into the database
// for many seconds. Measured meanwhile, the next step would pay for the
// previous one. Every step therefore starts on a quiet server.

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace mesoclinic::bench {

// CPU time (user + system) process `pid` has used so far, from
// /proc/<pid>/stat.
absl::StatusOr<absl::Duration> ReadProcessCpuTime(int pid);

// Measures the cores process `pid` keeps busy on average from Start() on:
// its CPU time over the wall-clock time. With a step's calls/s, that gives
// the server's CPU time per call, which says whether a figure is bound by
// the server's CPU or by waiting (the writer, fsync, a plugin).
class CpuMeter {
 public:
  // NOT_FOUND when /proc/<pid>/stat cannot be read.
  static absl::StatusOr<CpuMeter> Start(int pid);
  absl::StatusOr<double> CoresSinceStart() const;

 private:
  CpuMeter(int pid, absl::Time wall, absl::Duration cpu)
      : pid_(pid), started_wall_(wall), started_cpu_(cpu) {}
  int pid_;
  absl::Time started_wall_;
  absl::Duration started_cpu_;
};

struct IdleWait {
  // The server is quiet once it used less than this share of one core over
  // a whole `window`.
  double quiet_share = 0.05;
  absl::Duration window = absl::Milliseconds(500);
  // Gives up (and says so) after this long.
  absl::Duration timeout = absl::Seconds(60);
};

// Waits until process `pid` is quiet; returns how long that took, or
// DEADLINE_EXCEEDED after `wait.timeout`.
absl::StatusOr<absl::Duration> WaitUntilIdle(int pid, const IdleWait& wait);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_SERVER_CPU_H_
