#include "bench/load/step_window.h"

#include <algorithm>
#include <thread>

namespace mesoclinic::bench {

StepWindow::StepWindow(Scenario& scenario, const StepOptions& options)
    : scenario_(scenario),
      options_(options),
      window_start_(StepClock::now() +
                    absl::ToChronoNanoseconds(options.warmup)),
      window_end_(window_start_ + absl::ToChronoNanoseconds(options.duration)) {
}

std::optional<grpc::ByteBuffer> StepWindow::NextRequest() {
  if (stop_.load(std::memory_order_relaxed)) return std::nullopt;
  const StepClock::time_point now = StepClock::now();
  if (now >= window_end_) return std::nullopt;
  std::optional<grpc::ByteBuffer> request = scenario_.NextRequest();
  if (!request.has_value()) {
    // Remember when the scenario first ran out: the window ends there.
    stop_.store(true, std::memory_order_relaxed);
    int64_t never = std::numeric_limits<int64_t>::max();
    ran_out_at_.compare_exchange_strong(never, now.time_since_epoch().count());
  }
  return request;
}

void StepWindow::Record(const grpc::Status& status, StepClock::time_point start,
                        std::vector<Answer>& answers) {
  const StepClock::time_point done = StepClock::now();
  const Verdict verdict = scenario_.Judge(status);
  answers.push_back({done, done - start, status.error_code(), verdict});
  if (verdict != Verdict::kError) return;
  absl::MutexLock lock(&mutex_);
  if (first_error_.empty()) {
    first_error_ =
        std::to_string(status.error_code()) + ": " + status.error_message();
  }
}

void StepWindow::CallWindowCallbacks() const {
  if (options_.on_window_start) {
    std::this_thread::sleep_until(window_start_);
    options_.on_window_start();
  }
  if (options_.on_window_end) {
    std::this_thread::sleep_until(window_end_);
    options_.on_window_end();
  }
}

StepResult StepWindow::Tally(int in_flight,
                             const std::vector<std::vector<Answer>>& answers) {
  StepClock::time_point end = window_end_;
  const int64_t ran_out_at = ran_out_at_.load();
  StepResult result;
  result.scenario = scenario_.name();
  result.in_flight = in_flight;
  if (ran_out_at != std::numeric_limits<int64_t>::max()) {
    result.ran_out = true;
    end = std::min(end, StepClock::time_point(StepClock::duration(ran_out_at)));
  }
  result.measured = end > window_start_ ? absl::FromChrono(end - window_start_)
                                        : absl::ZeroDuration();
  for (const std::vector<Answer>& of_thread : answers) {
    for (const Answer& answer : of_thread) {
      if (answer.done < window_start_ || answer.done > end) continue;
      switch (answer.verdict) {
        case Verdict::kOk:
          ++result.ok;
          break;
        case Verdict::kExpectedRefusal:
          ++result.expected_refusals;
          break;
        case Verdict::kError:
          ++result.errors;
          break;
      }
      ++result.codes[answer.code];
      result.latencies.Add(absl::FromChrono(answer.latency));
    }
  }
  absl::MutexLock lock(&mutex_);
  result.first_error = first_error_;
  return result;
}

}  // namespace mesoclinic::bench
