#include "core/plugin_host/hook_runner.h"

#include <deque>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic::plugin_host {

struct HookRunner::Task {
  enum class Stage { kQueued, kRunning, kDone, kAbandoned };

  HookCall call;
  // Guarded by State::mutex.
  Stage stage = Stage::kQueued;
  bool overdue = false;
  absl::StatusOr<std::string> answer;
};

struct HookRunner::State {
  State(std::string label, HookLimits limits)
      : label(std::move(label)), limits(limits) {}

  const std::string label;
  const HookLimits limits;

  absl::Mutex mutex;
  std::deque<std::shared_ptr<Task>> queue ABSL_GUARDED_BY(mutex);
  // Hooks that outlived the time limit and are still running.
  int overdue ABSL_GUARDED_BY(mutex) = 0;
  // The hook the plugin is suspended for, for messages.
  std::string overdue_hook ABSL_GUARDED_BY(mutex);
  bool stopping ABSL_GUARDED_BY(mutex) = false;
};

HookRunner::HookRunner(std::string label, HookLimits limits)
    : state_(std::make_shared<State>(std::move(label), limits)) {
  const int workers = limits.workers > 0 ? limits.workers : 1;
  workers_.reserve(workers);
  for (int i = 0; i < workers; ++i) {
    workers_.emplace_back(&HookRunner::WorkerLoop, state_);
  }
}

HookRunner::~HookRunner() {
  bool stuck;
  {
    absl::MutexLock lock(&state_->mutex);
    state_->stopping = true;
    stuck = state_->overdue > 0;
  }
  for (std::thread& worker : workers_) {
    // Which worker is stuck is unknown; the others end by themselves.
    if (stuck) {
      worker.detach();
    } else {
      worker.join();
    }
  }
}

bool HookRunner::stuck() const {
  absl::MutexLock lock(&state_->mutex);
  return state_->overdue > 0;
}

void HookRunner::WorkerLoop(std::shared_ptr<State> state) {
  while (true) {
    std::shared_ptr<Task> task;
    {
      absl::MutexLock lock(&state->mutex);
      const auto ready = [&state]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(
                             state->mutex) {
        return !state->queue.empty() || state->stopping;
      };
      state->mutex.Await(absl::Condition(&ready));
      if (state->queue.empty()) return;  // Stopping.
      task = std::move(state->queue.front());
      state->queue.pop_front();
      if (task->stage == Task::Stage::kAbandoned) continue;
      task->stage = Task::Stage::kRunning;
    }
    absl::StatusOr<std::string> answer = task->call();
    task->call = nullptr;  // Frees what the call captured, here.
    absl::MutexLock lock(&state->mutex);
    task->answer = std::move(answer);
    task->stage = Task::Stage::kDone;
    if (task->overdue) {
      --state->overdue;
      spdlog::warn("plugin {}: an overdue hook returned; {} still overdue",
                   state->label, state->overdue);
    }
  }
}

absl::string_view HookOutcomeName(HookOutcome outcome) {
  switch (outcome) {
    case HookOutcome::kAnswered:
      return "answered";
    case HookOutcome::kTimedOut:
      return "timed_out";
    case HookOutcome::kSuspended:
      return "suspended";
    case HookOutcome::kBusy:
      return "busy";
    case HookOutcome::kUnloading:
      return "unloading";
  }
  return "unknown";
}

absl::StatusOr<std::string> HookRunner::Run(absl::string_view hook_name,
                                            HookCall call) {
  const absl::Time start = absl::Now();
  HookOutcome outcome = HookOutcome::kAnswered;
  absl::StatusOr<std::string> answer =
      RunUnobserved(hook_name, std::move(call), outcome);
  // Outside the runner's mutex: the observer must not hold up the workers.
  if (HookObserver* observer = state_->limits.observer; observer != nullptr) {
    observer->OnHookFinished(state_->label, hook_name, outcome,
                             absl::Now() - start);
  }
  return answer;
}

absl::StatusOr<std::string> HookRunner::RunUnobserved(
    absl::string_view hook_name, HookCall call, HookOutcome& outcome) {
  State& state = *state_;
  auto task = std::make_shared<Task>();
  task->call = std::move(call);
  absl::MutexLock lock(&state.mutex);
  if (state.overdue > 0) {
    outcome = HookOutcome::kSuspended;
    return WithReason(
        absl::UnavailableError(absl::StrCat(
            state.label, ": suspended: its ", state.overdue_hook,
            " hook has not answered within ",
            absl::FormatDuration(state.limits.time_limit),
            "; the plugin is unavailable until that hook returns or clinicd "
            "restarts")),
        reasons::kPluginSuspended);
  }
  if (state.stopping) {
    outcome = HookOutcome::kUnloading;
    return absl::UnavailableError(
        absl::StrCat(state.label, ": the plugin is being unloaded"));
  }
  state.queue.push_back(task);
  const Task& waited = *task;
  const auto done = [&waited]() { return waited.stage == Task::Stage::kDone; };
  // The Condition reads the task under the mutex it is evaluated with.
  if (state.mutex.AwaitWithTimeout(absl::Condition(&done),
                                   state.limits.time_limit)) {
    return std::move(task->answer);
  }
  if (task->stage == Task::Stage::kQueued) {
    task->stage = Task::Stage::kAbandoned;
    outcome = HookOutcome::kBusy;
    return absl::UnavailableError(absl::StrCat(
        state.label, ": every worker was busy for ",
        absl::FormatDuration(state.limits.time_limit), "; ", hook_name,
        " did not start; retry later"));
  }
  outcome = HookOutcome::kTimedOut;
  task->overdue = true;
  ++state.overdue;
  state.overdue_hook = std::string(hook_name);
  spdlog::error(
      "plugin {}: {} did not answer within {}; the plugin is suspended until "
      "it does",
      state.label, std::string(hook_name),
      absl::FormatDuration(state.limits.time_limit));
  return WithReason(
      absl::UnavailableError(absl::StrCat(
          state.label, ": ", hook_name, " did not answer within ",
          absl::FormatDuration(state.limits.time_limit),
          "; the plugin is suspended until it does")),
      reasons::kPluginTimeout);
}

}  // namespace mesoclinic::plugin_host
