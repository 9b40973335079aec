#include "core/base/periodic_task.h"

#include <utility>

namespace mesoclinic {

PeriodicTask::PeriodicTask(absl::Duration interval,
                           absl::AnyInvocable<void()> pass)
    : interval_(interval), pass_(std::move(pass)), thread_([this] { Loop(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

int PeriodicTask::passes() const {
  absl::MutexLock lock(&mutex_);
  return passes_;
}

void PeriodicTask::Loop() {
  while (true) {
    pass_();
    absl::MutexLock lock(&mutex_);
    ++passes_;
    const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return stopping_;
    };
    if (mutex_.AwaitWithTimeout(absl::Condition(&stopping), interval_)) {
      return;
    }
  }
}

}  // namespace mesoclinic
