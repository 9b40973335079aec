#ifndef MESOCLINIC_CORE_BASE_PERIODIC_TASK_H_
#define MESOCLINIC_CORE_BASE_PERIODIC_TASK_H_

#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace mesoclinic {

// Runs `pass` once at construction, then every `interval`, on a thread of
// its own, until destroyed: the shape of the server's background upkeep
// (a pass that logs its own failures and tries again next time).
class PeriodicTask {
 public:
  PeriodicTask(absl::Duration interval, absl::AnyInvocable<void()> pass);
  // Stops the thread, after the pass in progress.
  ~PeriodicTask();

  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Passes completed so far.
  int passes() const;

 private:
  void Loop();

  const absl::Duration interval_;
  absl::AnyInvocable<void()> pass_;

  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int passes_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_PERIODIC_TASK_H_
