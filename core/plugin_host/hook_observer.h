#ifndef MESOCLINIC_CORE_PLUGIN_HOST_HOOK_OBSERVER_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_HOOK_OBSERVER_H_

// What hears how each plugin hook call went: the server's metrics. The
// plugin host knows nothing of them; it only reports.

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::plugin_host {

enum class HookOutcome {
  // The hook answered in time (whatever its answer: a refusal is an answer).
  kAnswered,
  // The hook did not answer within the time limit: the plugin is suspended.
  kTimedOut,
  // Refused at once: the plugin is suspended by an earlier overdue hook.
  kSuspended,
  // Every worker stayed busy for the whole time limit: the hook never ran.
  kBusy,
  // Refused at once: the plugin is being unloaded.
  kUnloading,
};

// "answered", "timed_out", "suspended", "busy", "unloading".
absl::string_view HookOutcomeName(HookOutcome outcome);

class HookObserver {
 public:
  virtual ~HookObserver() = default;
  // The call of `hook` ("CheckEligibility") of `plugin` ("cellulite") ended
  // with `outcome` after `elapsed`. Runs on the caller's thread; must be
  // quick and thread-safe.
  virtual void OnHookFinished(absl::string_view plugin, absl::string_view hook,
                              HookOutcome outcome, absl::Duration elapsed) = 0;
};

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_HOOK_OBSERVER_H_
