// SchedulingService.WatchSchedule: a day's schedule, live.

#include <atomic>
#include <deque>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "core/api/proto_time.h"
#include "core/base/status_macros.h"
#include "core/scheduling/scheduling_proto.h"
#include "core/scheduling/scheduling_service.h"

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

  // Takes the watcher's place and starts keeping the changes of `day`,
  // without sending any: part of the stream's admission, so that a stream
  // refused for want of a place is audited as refused, and nothing is sent
  // before the stream's audit record is durable. RESOURCE_EXHAUSTED when
  // every place is taken.
  absl::Status Subscribe(absl::CivilDay day) {
    // Subscribing before the day is read (in Begin): a change committed
    // meanwhile is then sent twice (harmless: clients keep the latest state
    // per session) rather than lost.
    ASSIGN_OR_RETURN(
        subscription_,
        events_.Subscribe(day, [this](const v1::WatchScheduleResponse& change) {
          Push(change);
        }));
    return absl::OkStatus();
  }

  // Once the stream is admitted and audited: sends the day's sessions as
  // they are now, after the changes kept since Subscribe, then every change.
  void Begin(storage::Store& store, absl::CivilDay day) {
    {
      // Cancelled while its audit record was written: nothing to read for.
      absl::MutexLock lock(&mutex_);
      if (ended_) return;
    }
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
    absl::MutexLock lock(&mutex_);
    sending_ = true;
    WriteNextLocked();
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

  // The stream's admission (StartStream's start callback, which calls End
  // or Begin) is over. The reactor is deleted once both this and OnDone
  // have run, in whichever order: a watcher that cancels while its audit
  // record is being written is done before its admission is.
  void AdmissionDone() { Release(); }

  void OnDone() override {
    subscription_.reset();  // No more Push() after this returns.
    Release();
  }

 private:
  void Release() {
    if (owners_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

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
    if (ended_ || !sending_ || writing_ || queue_.empty()) return;
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
  // The admission and gRPC (until OnDone).
  std::atomic<int> owners_{2};
  std::unique_ptr<ScheduleEvents::Subscription> subscription_;
  absl::Mutex mutex_;
  std::deque<grpc::ByteBuffer> queue_ ABSL_GUARDED_BY(mutex_);
  // Whether Begin allowed sending: changes are only kept before.
  bool sending_ ABSL_GUARDED_BY(mutex_) = false;
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
      [&day_of, watch](const google::protobuf::Message& message) {
        ASSIGN_OR_RETURN(const absl::CivilDay day, day_of(message));
        return watch->Subscribe(day);
      },
      [this, watch, day_of](absl::Status status, const CallContext&,
                            const google::protobuf::Message& message) {
        if (status.ok()) {
          watch->Begin(store_, *day_of(message));
        } else {
          watch->End(status);
        }
        watch->AdmissionDone();
      });
  return watch;
}

}  // namespace mesoclinic::scheduling
