#ifndef MESOCLINIC_BENCH_LOAD_SERVER_IDLE_H_
#define MESOCLINIC_BENCH_LOAD_SERVER_IDLE_H_

// Waiting for the server to finish the work a step left behind.
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

#endif  // MESOCLINIC_BENCH_LOAD_SERVER_IDLE_H_
