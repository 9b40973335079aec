#include "core/scheduling/schedule_events.h"

#include <set>
#include <utility>

namespace mesoclinic::scheduling {

ScheduleEvents::Subscription::~Subscription() { events_.Unsubscribe(id_); }

std::unique_ptr<ScheduleEvents::Subscription> ScheduleEvents::Subscribe(
    absl::CivilDay day, Listener listener) {
  absl::MutexLock lock(&mutex_);
  const uint64_t id = next_id_++;
  watchers_.emplace(id, Watcher{day, std::move(listener)});
  return std::unique_ptr<Subscription>(new Subscription(*this, id));
}

void ScheduleEvents::Unsubscribe(uint64_t id) {
  absl::MutexLock lock(&mutex_);
  watchers_.erase(id);
}

void ScheduleEvents::Publish(const clinic::v1::WatchScheduleResponse& change,
                             std::initializer_list<absl::CivilDay> days) {
  const std::set<absl::CivilDay> affected(days);
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, watcher] : watchers_) {
    if (affected.contains(watcher.day)) watcher.listener(change);
  }
}

}  // namespace mesoclinic::scheduling
