#ifndef MESOCLINIC_CORE_PLUGIN_HOST_HOOK_RUNNER_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_HOOK_RUNNER_H_

// Runs one plugin's hooks on the plugin's own worker threads, and waits for
// each answer only up to a time limit.
//
// Plugin code is third-party code running inside clinicd. A hook that loops
// or blocks forever must not hold the caller (a gRPC call, or the storage
// writer, which calls hooks inside a write transaction) past that limit: the
// caller gets UNAVAILABLE, and the worker stays behind with the stuck hook.
// While any hook is overdue the plugin is suspended: its calls fail at once,
// instead of piling up behind the stuck one, until the hook returns (a hook
// that was merely slow) or clinicd restarts. A thread cannot be killed
// safely, so a hook that never returns costs one thread until then.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/plugin_host/hook_observer.h"

namespace mesoclinic::plugin_host {

struct HookLimits {
  // How long a caller waits for a hook's answer, time in the queue included.
  absl::Duration time_limit = absl::Seconds(2);
  // Hooks of one plugin running at once.
  int workers = 4;
  // Told of every hook call, when not null; must outlive the runner.
  HookObserver* observer = nullptr;
};

class HookRunner {
 public:
  using HookCall = absl::AnyInvocable<absl::StatusOr<std::string>()>;

  // `label` names the plugin in messages ("cellulite").
  HookRunner(std::string label, HookLimits limits);

  // Stops the workers. Those stuck in a hook are left running, detached:
  // see stuck().
  ~HookRunner();
  HookRunner(const HookRunner&) = delete;
  HookRunner& operator=(const HookRunner&) = delete;

  // Runs `call` on a worker and returns its answer. UNAVAILABLE, naming the
  // plugin and `hook_name`, when the answer did not come within the time
  // limit, or when the plugin is suspended because an earlier hook is still
  // overdue. Thread-safe.
  absl::StatusOr<std::string> Run(absl::string_view hook_name, HookCall call);

  // Whether a hook has outlived its time limit and not returned yet. The
  // library must then stay loaded: the stuck worker still runs its code.
  bool stuck() const;

 private:
  struct Task;
  // What the workers share with the runner. Held by both, so that a worker
  // detached in a stuck hook can still finish safely after the runner is
  // gone.
  struct State;

  static void WorkerLoop(std::shared_ptr<State> state);

  // Run, without telling the observer: sets `outcome`.
  absl::StatusOr<std::string> RunUnobserved(absl::string_view hook_name,
                                            HookCall call,
                                            HookOutcome& outcome);

  std::shared_ptr<State> state_;
  std::vector<std::thread> workers_;
};

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_HOOK_RUNNER_H_
