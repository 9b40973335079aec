#ifndef MESOCLINIC_TESTS_RELIABILITY_CRASH_TEST_H_
#define MESOCLINIC_TESTS_RELIABILITY_CRASH_TEST_H_

// The crash-recovery test, one cycle at a time. A cycle:
//
//   1. the clients send their workload to the running clinicd;
//   2. after a random uptime clinicd is killed with SIGKILL, calls in
//      flight, and the clients stop;
//   3. the database file is checked read-only (integrity, overlaps, every
//      acknowledged write present, no refused write present);
//   4. clinicd is restarted on the same database;
//   5. every unknown outcome is resolved by resending it with its
//      request_id, and every answer must be one its operation expected;
//   6. every operation acknowledged in the cycle is resent and must get its
//      first answer again;
//   7. the API listings must hold exactly what was acknowledged, without
//      overlaps, and the audit chain must verify.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/reliability/clinicd_process.h"
#include "tests/reliability/crash_clinic.h"
#include "tests/reliability/findings.h"
#include "tests/reliability/request_replay.h"
#include "tests/reliability/workload.h"

namespace mesoclinic::reliability {

struct CrashTestOptions {
  // The database must be new; the time zone is chosen by SetUp.
  ClinicdOptions clinicd;
  ClinicShape clinic;
  int clients = 4;
  uint64_t seed = 1;
  // The kill comes after a uniformly random uptime in this range.
  absl::Duration min_uptime = absl::Milliseconds(300);
  absl::Duration max_uptime = absl::Seconds(2);
  absl::Duration call_deadline = absl::Seconds(5);
};

struct CycleSummary {
  absl::Duration uptime;
  // This cycle's operations by first answer; refusals split into lost
  // slots, invalid requests sent on purpose, and calls shed under overload.
  int operations = 0;
  int acknowledged = 0;
  int refused_conflicts = 0;
  int refused_on_purpose = 0;
  int refused_overload = 0;
  int unknown = 0;
  // What the database file held after the kill.
  int database_sessions = 0;
  int database_events = 0;
  Resolution resolution;
  int replayed = 0;
  // What the listings held after the restart.
  int sessions = 0;
  int sessions_read = 0;
  int events = 0;
  int64_t audit_records = 0;
};

std::string Describe(const CycleSummary& summary);

class CrashTest {
 public:
  explicit CrashTest(CrashTestOptions options);

  // Starts clinicd on the new database and makes the clinic.
  absl::Status SetUp();

  // Runs cycle number `cycle`; each violation is added to `findings`. An
  // error means the test itself cannot go on.
  absl::StatusOr<CycleSummary> RunCycle(int cycle, Findings& findings);

 private:
  // Runs the clients until the kill; returns the uptime.
  absl::StatusOr<absl::Duration> RunUntilKilled(int cycle, Findings& findings);
  // Counts the cycle's operations by their first answer.
  void CountAnswers(int cycle, CycleSummary& summary);
  // Step 3: the database file as the crash left it.
  void CheckFileAfterKill(CycleSummary& summary, Findings& findings);
  // Step 7, once every outcome is resolved.
  void CheckThroughApi(ServerConnections& server, int cycle,
                       CycleSummary& summary, Findings& findings);
  std::vector<History*> Histories();

  CrashTestOptions options_;
  std::unique_ptr<ClinicdProcess> clinicd_;
  CrashClinic clinic_;
  std::vector<std::unique_ptr<WorkloadClient>> clients_;
  std::mt19937_64 random_;
  int64_t audit_records_ = 0;
};

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_CRASH_TEST_H_
