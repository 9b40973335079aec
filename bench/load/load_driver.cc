#include "bench/load/load_driver.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <optional>
#include <thread>
#include <utility>

#include <grpcpp/generic/generic_stub.h>

#include "absl/synchronization/mutex.h"

namespace mesoclinic::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One answer as the thread that received it saw it; the step's figures are
// drawn from these once every thread has finished.
struct Answer {
  Clock::time_point done;
  Clock::duration latency;
  grpc::StatusCode code;
  Verdict verdict;
};

// What the threads of one step share.
struct Step {
  Step(Scenario& scenario, const StepOptions& options)
      : scenario(scenario), method(scenario.method()), options(options) {}

  // Stops new calls, remembering when the scenario first ran out.
  void RanOut(Clock::time_point now) {
    stop.store(true, std::memory_order_relaxed);
    int64_t never = std::numeric_limits<int64_t>::max();
    ran_out_at.compare_exchange_strong(never, now.time_since_epoch().count());
  }

  void NoteError(const grpc::Status& status) {
    absl::MutexLock lock(&mutex);
    if (first_error.empty()) {
      first_error = std::to_string(status.error_code()) + ": " +
                    status.error_message();
    }
  }

  Scenario& scenario;
  const std::string method;
  const StepOptions options;
  Clock::time_point window_start;
  Clock::time_point window_end;
  std::atomic<bool> stop{false};
  // Clock ticks; max while the scenario has requests left.
  std::atomic<int64_t> ran_out_at{std::numeric_limits<int64_t>::max()};
  absl::Mutex mutex;
  std::string first_error ABSL_GUARDED_BY(mutex);
};

// One of the calls kept in flight: when its call completes, the slot starts
// the next one.
struct CallSlot {
  grpc::GenericStub* stub = nullptr;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  Clock::time_point start;
};

// Starts the slot's next call, unless the step is over; false then.
bool StartCall(Step& step, CallSlot& slot, grpc::CompletionQueue& queue) {
  if (step.stop.load(std::memory_order_relaxed)) return false;
  const Clock::time_point now = Clock::now();
  if (now >= step.window_end) return false;
  std::optional<grpc::ByteBuffer> request = step.scenario.NextRequest();
  if (!request.has_value()) {
    step.RanOut(now);
    return false;
  }
  slot.context = std::make_unique<grpc::ClientContext>();
  slot.context->set_deadline(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(step.options.call_timeout));
  slot.response.Clear();
  slot.start = Clock::now();
  slot.reader = slot.stub->PrepareUnaryCall(slot.context.get(), step.method,
                                            *request, &queue);
  slot.reader->StartCall();
  slot.reader->Finish(&slot.response, &slot.status, &slot);
  return true;
}

// Drives `slots` on `queue` until none has a call left.
void DriveCalls(Step& step, const std::vector<CallSlot*>& slots,
                grpc::CompletionQueue& queue, std::vector<Answer>& answers) {
  int active = 0;
  for (CallSlot* slot : slots) {
    if (StartCall(step, *slot, queue)) ++active;
  }
  void* tag = nullptr;
  bool ok = false;
  while (active > 0 && queue.Next(&tag, &ok)) {
    CallSlot& slot = *static_cast<CallSlot*>(tag);
    const Clock::time_point done = Clock::now();
    const Verdict verdict = step.scenario.Judge(slot.status);
    answers.push_back(
        {done, done - slot.start, slot.status.error_code(), verdict});
    if (verdict == Verdict::kError) step.NoteError(slot.status);
    if (!StartCall(step, slot, queue)) --active;
  }
}

}  // namespace

double StepResult::calls_per_second() const {
  const double seconds = absl::ToDoubleSeconds(measured);
  return seconds > 0 ? static_cast<double>(answers()) / seconds : 0;
}

LoadDriver::LoadDriver(std::vector<std::shared_ptr<grpc::Channel>> channels,
                       int threads)
    : channels_(std::move(channels)), threads_(std::max(1, threads)) {}

StepResult LoadDriver::Run(Scenario& scenario, const StepOptions& options) {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (const std::shared_ptr<grpc::Channel>& channel : channels_) {
    stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
  }
  const int in_flight = std::max(1, options.in_flight);
  const int threads = std::min(threads_, in_flight);
  std::vector<CallSlot> slots(in_flight);
  std::vector<std::vector<CallSlot*>> slots_of_thread(threads);
  for (int i = 0; i < in_flight; ++i) {
    slots[i].stub = stubs[i % stubs.size()].get();
    slots_of_thread[i % threads].push_back(&slots[i]);
  }

  Step step(scenario, options);
  step.window_start = Clock::now() + absl::ToChronoNanoseconds(options.warmup);
  step.window_end =
      step.window_start + absl::ToChronoNanoseconds(options.duration);
  std::vector<grpc::CompletionQueue> queues(threads);
  std::vector<std::vector<Answer>> answers(threads);
  {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        DriveCalls(step, slots_of_thread[t], queues[t], answers[t]);
      });
    }
    if (options.on_window_start) {
      std::this_thread::sleep_until(step.window_start);
      options.on_window_start();
    }
    if (options.on_window_end) {
      std::this_thread::sleep_until(step.window_end);
      options.on_window_end();
    }
    for (std::thread& worker : workers) worker.join();
  }
  for (grpc::CompletionQueue& queue : queues) {
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
    }
  }

  Clock::time_point end = step.window_end;
  const int64_t ran_out_at = step.ran_out_at.load();
  StepResult result;
  result.scenario = scenario.name();
  result.in_flight = in_flight;
  if (ran_out_at != std::numeric_limits<int64_t>::max()) {
    result.ran_out = true;
    end = std::min(end, Clock::time_point(Clock::duration(ran_out_at)));
  }
  result.measured =
      end > step.window_start
          ? absl::FromChrono(end - step.window_start)
          : absl::ZeroDuration();
  for (const std::vector<Answer>& of_thread : answers) {
    for (const Answer& answer : of_thread) {
      if (answer.done < step.window_start || answer.done > end) continue;
      switch (answer.verdict) {
        case Verdict::kOk: ++result.ok; break;
        case Verdict::kExpectedRefusal: ++result.expected_refusals; break;
        case Verdict::kError: ++result.errors; break;
      }
      ++result.codes[answer.code];
      result.latencies.Add(absl::FromChrono(answer.latency));
    }
  }
  {
    absl::MutexLock lock(&step.mutex);
    result.first_error = step.first_error;
  }
  return result;
}

}  // namespace mesoclinic::bench
