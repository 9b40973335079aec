#include "core/scheduling/schedule_events.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"

namespace mesoclinic::scheduling {

ScheduleEvents::Subscription::~Subscription() { events_.Unsubscribe(id_); }

absl::StatusOr<std::unique_ptr<ScheduleEvents::Subscription>>
ScheduleEvents::Subscribe(absl::CivilDay day, Listener listener) {
  absl::MutexLock lock(&mutex_);
  if (max_watchers_ > 0 &&
      watchers_.size() >= static_cast<std::size_t>(max_watchers_)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "WatchSchedule: ", max_watchers_,
        " schedules are already being watched, the most this server takes "
        "(--max_schedule_watchers); close a watch or retry later"));
  }
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

int ScheduleEvents::watchers() const {
  absl::MutexLock lock(&mutex_);
  return static_cast<int>(watchers_.size());
}

}  // namespace mesoclinic::scheduling
