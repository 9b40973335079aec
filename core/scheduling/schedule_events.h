#ifndef MESOCLINIC_CORE_SCHEDULING_SCHEDULE_EVENTS_H_
#define MESOCLINIC_CORE_SCHEDULING_SCHEDULE_EVENTS_H_

// Live schedule changes for WatchSchedule: committed session changes are
// published here, and each watcher receives those of the local day it
// watches.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "clinic/v1/scheduling.pb.h"

namespace mesoclinic::scheduling {

class ScheduleEvents {
 public:
  // Receives one change; called on the publishing thread, must be quick.
  using Listener = std::function<void(const clinic::v1::WatchScheduleResponse&)>;

  // At most `max_watchers` subscriptions at once (0: no limit). Each
  // watcher may queue up to a bounded number of changes; the cap is what
  // keeps the sum of those queues bounded too.
  explicit ScheduleEvents(int max_watchers = 0) : max_watchers_(max_watchers) {}

  class Subscription {
   public:
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    friend class ScheduleEvents;
    Subscription(ScheduleEvents& events, uint64_t id)
        : events_(events), id_(id) {}
    ScheduleEvents& events_;
    const uint64_t id_;
  };

  // Calls `listener` with every change published for local `day` until the
  // subscription is destroyed. RESOURCE_EXHAUSTED, naming the limit, when
  // `max_watchers` subscriptions are already open.
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(absl::CivilDay day,
                                                          Listener listener);

  // Announces a committed change to the session, whose local day (before
  // and after a move) is `days`.
  void Publish(const clinic::v1::WatchScheduleResponse& change,
               std::initializer_list<absl::CivilDay> days);

  // The subscriptions open now: the WatchSchedule streams being served.
  int watchers() const;

 private:
  struct Watcher {
    absl::CivilDay day;
    Listener listener;
  };

  void Unsubscribe(uint64_t id);

  const int max_watchers_;
  mutable absl::Mutex mutex_;
  uint64_t next_id_ ABSL_GUARDED_BY(mutex_) = 1;
  std::map<uint64_t, Watcher> watchers_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULE_EVENTS_H_
