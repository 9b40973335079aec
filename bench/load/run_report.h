#ifndef MESOCLINIC_BENCH_LOAD_RUN_REPORT_H_
#define MESOCLINIC_BENCH_LOAD_RUN_REPORT_H_

// The figures of one run of the load generator: a table for people, a JSON
// file for tools and for comparing runs, and the performance targets of
// the issue checked against them.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/load/load_driver.h"

namespace mesoclinic::bench {

// Where the figures were taken.
struct MachineInfo {
  int cpus = 0;
  std::string cpu_model;
  std::string kernel;

  static MachineInfo OfThisHost();
};

// A process's resident memory, from /proc/<pid>/status, in KiB.
struct ProcessMemory {
  int64_t rss_kib = 0;
  int64_t peak_rss_kib = 0;  // VmHWM: the most it ever held.
};
absl::StatusOr<ProcessMemory> ReadProcessMemory(int pid);

// The figures of one step, as printed and written.
struct StepFigures {
  std::string scenario;
  int in_flight = 0;
  double seconds = 0;
  double calls_per_second = 0;
  // calls_per_second over the health check's at the same calls in flight;
  // 0 when there is no health figure.
  double ratio_to_baseline = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
  int64_t ok = 0;
  int64_t expected_refusals = 0;
  int64_t errors = 0;
  std::map<std::string, int64_t> codes;  // By status code name.
  std::string first_error;
  bool ran_out = false;
  std::optional<ProcessMemory> server_memory;  // After the step.
  // The cores the server kept busy during the measured window (with
  // --server_pid).
  std::optional<double> server_cores;
  // Its CPU time per answered call, in microseconds: server_cores over
  // calls_per_second; absent without server_cores or answers.
  std::optional<double> ServerCpuMicrosPerCall() const;

  static StepFigures From(StepResult& result);
};

struct RunReport {
  std::string label;   // What was measured: "empty", "seeded", ...
  std::string target;  // The server's address.
  absl::Time started;
  MachineInfo machine;
  int threads = 0;
  int channels = 0;
  absl::Duration warmup;
  absl::Duration duration;
  std::vector<StepFigures> steps;

  // Fills each step's ratio_to_baseline from the health steps.
  void ComputeRatios();
  // The table: one line per step.
  void PrintTable(std::ostream& out) const;
  // The JSON document (--json_out).
  std::string ToJson() const;
};

// The figures of a run read back from its JSON file, by (scenario, calls in
// flight), for comparing a seeded run with an empty one.
struct ComparedRun {
  std::string label;
  std::map<std::pair<std::string, int>, StepFigures> steps;
};
absl::StatusOr<ComparedRun> ReadRunJson(const std::string& path);

// Prints the targets with their verdicts: BookSession at 64 calls in
// flight against the baseline and its p99, GetPatient against the baseline,
// the p99 of FindAvailableSlots and BookSession against `empty` (the same
// run on an empty database, when given), and the server's peak memory.
// Returns whether every target that could be checked was met.
bool PrintTargets(const RunReport& report,
                  const std::optional<ComparedRun>& empty,
                  std::ostream& out);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_RUN_REPORT_H_
