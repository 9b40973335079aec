#ifndef MESOCLINIC_BENCH_LOAD_STEP_WINDOW_H_
#define MESOCLINIC_BENCH_LOAD_STEP_WINDOW_H_

// What the calls of one step share, whatever carries them (gRPC in
// LoadDriver, Connect over HTTP/1.1 in ConnectLoadDriver): when the measured
// window opens and closes, whether the scenario ran out, the first error;
// and the answers, tallied into the step's figures, so that both transports
// are counted by the same rules.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "bench/load/load_driver.h"
#include "bench/load/scenario.h"

namespace mesoclinic::bench {

using StepClock = std::chrono::steady_clock;

// One answer as the thread that received it saw it; the step's figures are
// drawn from these once every thread has finished.
struct Answer {
  StepClock::time_point done;
  StepClock::duration latency;
  grpc::StatusCode code;
  Verdict verdict;
};

class StepWindow {
 public:
  // The window opens options.warmup from now and lasts options.duration.
  StepWindow(Scenario& scenario, const StepOptions& options);

  Scenario& scenario() const { return scenario_; }
  const StepOptions& options() const { return options_; }

  // The request of the next call, or nullopt when no call should start:
  // the window has closed, or the scenario ran out (which ends the step for
  // every thread).
  std::optional<grpc::ByteBuffer> NextRequest();

  // Judges `status` by the scenario and adds the answer to `answers` (the
  // calling thread's own list); keeps the first error's message.
  void Record(const grpc::Status& status, StepClock::time_point start,
              std::vector<Answer>& answers);

  // Runs the options' window callbacks when the window opens and closes,
  // on the calling thread; returns at once without them.
  void CallWindowCallbacks() const;

  // The step's figures from every thread's answers: those inside the
  // window (which ends early when the scenario ran out).
  StepResult Tally(int in_flight,
                   const std::vector<std::vector<Answer>>& answers);

 private:
  Scenario& scenario_;
  const StepOptions options_;
  const StepClock::time_point window_start_;
  const StepClock::time_point window_end_;
  std::atomic<bool> stop_{false};
  // Clock ticks; max while the scenario has requests left.
  std::atomic<int64_t> ran_out_at_{std::numeric_limits<int64_t>::max()};
  absl::Mutex mutex_;
  std::string first_error_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_STEP_WINDOW_H_
