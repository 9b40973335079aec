#ifndef MESOCLINIC_BENCH_LOAD_LOAD_DRIVER_H_
#define MESOCLINIC_BENCH_LOAD_LOAD_DRIVER_H_

// Keeps a fixed number of calls in flight against the server for a while
// and measures what comes back: the closed-loop load of a step.
//
// Calls are asynchronous (the completion-queue API, through the generic stub
// so that one engine serves every scenario): each of `threads` threads owns a
// completion queue and drives its share of the calls in flight; every call
// that completes is replaced at once by the next. Calls are spread over the
// channels in turn.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "bench/load/latency_samples.h"
#include "bench/load/scenario.h"

namespace mesoclinic::bench {

struct StepOptions {
  int in_flight = 1;
  // Answers during the warm-up are not counted.
  absl::Duration warmup = absl::Seconds(1);
  // How long the measured window lasts.
  absl::Duration duration = absl::Seconds(5);
  // Each call's deadline.
  absl::Duration call_timeout = absl::Seconds(30);
  // Called on the thread running the step as the measured window opens
  // and as it closes: for figures taken over the window only (the
  // server's CPU).
  std::function<void()> on_window_start;
  std::function<void()> on_window_end;
};

struct StepResult {
  std::string scenario;
  int in_flight = 0;
  // The measured window: `duration`, or less when the scenario ran out.
  absl::Duration measured;
  bool ran_out = false;
  // Answers that arrived inside the window, by verdict and by status code.
  int64_t ok = 0;
  int64_t expected_refusals = 0;
  int64_t errors = 0;
  std::map<grpc::StatusCode, int64_t> codes;
  // The message of the first error answer, to say what went wrong.
  std::string first_error;
  // Latency of every answer inside the window, whatever its verdict.
  LatencySamples latencies;

  int64_t answers() const { return ok + expected_refusals + errors; }
  double calls_per_second() const;
};

class LoadDriver {
 public:
  // `threads` completion-queue threads (at least 1).
  LoadDriver(std::vector<std::shared_ptr<grpc::Channel>> channels,
             int threads);

  // Runs one step of `scenario` and waits for every call it started.
  StepResult Run(Scenario& scenario, const StepOptions& options);

 private:
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  int threads_;
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_LOAD_DRIVER_H_
