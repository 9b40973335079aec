// SchedulingService.WatchSchedule: a day's schedule, live.

#include <deque>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "core/base/status_macros.h"
#include "core/scheduling/scheduling_proto.h"
#include "core/scheduling/scheduling_service.h"
#include "core/server/proto_time.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;

// A slow watcher may fall this far behind before its stream is ended: memory
// stays bounded whatever the client does.
constexpr std::size_t kMaxQueuedChanges = 10000;

grpc::ByteBuffer Serialize(const v1::WatchScheduleResponse& change) {
  grpc::Slice slice(change.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

// One watcher's stream: changes are queued as they are published and
// written one at a time, as gRPC allows.
class ScheduleWatch : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit ScheduleWatch(ScheduleEvents& events) : events_(events) {}

  // Sends the day's sessions as they are now, then every change.
  void Begin(storage::Store& store, absl::CivilDay day) {
    // Subscribe first: a change committed while the day is read is then
    // sent twice (harmless: clients keep the latest state per session)
    // rather than lost.
    absl::StatusOr<std::unique_ptr<ScheduleEvents::Subscription>>
        subscription = events_.Subscribe(
            day,
            [this](const v1::WatchScheduleResponse& change) { Push(change); });
    if (!subscription.ok()) {
      End(subscription.status());
      return;
    }
    subscription_ = *std::move(subscription);
    std::vector<Session> sessions;
    const absl::Status read = store.Read([&](storage::Transaction& transaction) {
      ASSIGN_OR_RETURN(const ClinicSettings settings,
                       transaction.scheduling().GetSettings());
      SessionQuery query;
      query.starting_within =
          Interval{absl::FromCivil(day, settings.time_zone),
                   absl::FromCivil(day + 1, settings.time_zone)};
      query.include_cancelled = true;
      query.limit = 5000;
      ASSIGN_OR_RETURN(sessions, transaction.scheduling().ListSessions(query));
      return absl::OkStatus();
    });
    if (!read.ok()) {
      End(read);
      return;
    }
    for (const Session& session : sessions) {
      v1::WatchScheduleResponse existing;
      existing.set_change(v1::WatchScheduleResponse::CHANGE_EXISTING);
      *existing.mutable_session() = SessionToProto(session, false);
      Push(existing);
    }
  }

  void End(const absl::Status& status) {
    absl::MutexLock lock(&mutex_);
    EndLocked(status);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mutex_);
    writing_ = false;
    if (!ok) {
      EndLocked(absl::CancelledError("the watcher went away"));
      return;
    }
    queue_.pop_front();
    WriteNextLocked();
  }

  void OnCancel() override { End(absl::CancelledError("cancelled")); }

  void OnDone() override {
    subscription_.reset();  // No more Push() after this returns.
    delete this;
  }

 private:
  void Push(const v1::WatchScheduleResponse& change) {
    absl::MutexLock lock(&mutex_);
    if (ended_) return;
    if (queue_.size() >= kMaxQueuedChanges) {
      EndLocked(absl::ResourceExhaustedError(
          "the watcher fell too far behind; watch again"));
      return;
    }
    queue_.push_back(Serialize(change));
    WriteNextLocked();
  }

  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (ended_ || writing_ || queue_.empty()) return;
    writing_ = true;
    StartWrite(&queue_.front());
  }

  void EndLocked(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (ended_) return;
    ended_ = true;
    Finish(grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                        std::string(status.message())));
  }

  ScheduleEvents& events_;
  std::unique_ptr<ScheduleEvents::Subscription> subscription_;
  absl::Mutex mutex_;
  std::deque<grpc::ByteBuffer> queue_ ABSL_GUARDED_BY(mutex_);
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool ended_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace

grpc::ServerWriteReactor<grpc::ByteBuffer>* SchedulingService::WatchSchedule(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  auto* watch = new ScheduleWatch(events_);
  const auto day_of = [](const google::protobuf::Message& message) {
    return DateFromProto(
        "day", static_cast<const v1::WatchScheduleRequest&>(message).day());
  };
  calls_.StartStream(
      context, "/clinic.v1.SchedulingService/WatchSchedule", request,
      std::make_unique<v1::WatchScheduleRequest>(),
      [&day_of](const google::protobuf::Message& message) {
        return day_of(message).status();
      },
      [this, watch, day_of](absl::Status status, const CallContext&,
                            const google::protobuf::Message& message) {
        if (!status.ok()) {
          watch->End(status);
          return;
        }
        watch->Begin(store_, *day_of(message));
      });
  return watch;
}

}  // namespace mesoclinic::scheduling
