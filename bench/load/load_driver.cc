#include "bench/load/load_driver.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>

#include <grpcpp/generic/generic_stub.h>

#include "bench/load/step_window.h"

namespace mesoclinic::bench {
namespace {

// One of the calls kept in flight: when its call completes, the slot starts
// the next one.
struct CallSlot {
  grpc::GenericStub* stub = nullptr;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  StepClock::time_point start;
};

// Starts the slot's next call, unless the step is over; false then.
bool StartCall(StepWindow& step, const std::string& method, CallSlot& slot,
               grpc::CompletionQueue& queue) {
  std::optional<grpc::ByteBuffer> request = step.NextRequest();
  if (!request.has_value()) return false;
  slot.context = std::make_unique<grpc::ClientContext>();
  slot.context->set_deadline(
      std::chrono::system_clock::now() +
      absl::ToChronoNanoseconds(step.options().call_timeout));
  slot.response.Clear();
  slot.start = StepClock::now();
  slot.reader =
      slot.stub->PrepareUnaryCall(slot.context.get(), method, *request, &queue);
  slot.reader->StartCall();
  slot.reader->Finish(&slot.response, &slot.status, &slot);
  return true;
}

// Drives `slots` on `queue` until none has a call left.
void DriveCalls(StepWindow& step, const std::vector<CallSlot*>& slots,
                grpc::CompletionQueue& queue, std::vector<Answer>& answers) {
  const std::string method = step.scenario().method();
  int active = 0;
  for (CallSlot* slot : slots) {
    if (StartCall(step, method, *slot, queue)) ++active;
  }
  void* tag = nullptr;
  bool ok = false;
  while (active > 0 && queue.Next(&tag, &ok)) {
    CallSlot& slot = *static_cast<CallSlot*>(tag);
    step.Record(slot.status, slot.start, answers);
    if (!StartCall(step, method, slot, queue)) --active;
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

  StepWindow step(scenario, options);
  std::vector<grpc::CompletionQueue> queues(threads);
  std::vector<std::vector<Answer>> answers(threads);
  {
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        DriveCalls(step, slots_of_thread[t], queues[t], answers[t]);
      });
    }
    step.CallWindowCallbacks();
    for (std::thread& worker : workers) worker.join();
  }
  for (grpc::CompletionQueue& queue : queues) {
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
    }
  }
  return step.Tally(in_flight, answers);
}

}  // namespace mesoclinic::bench
