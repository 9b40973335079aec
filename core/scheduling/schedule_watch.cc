// SchedulingService.WatchSchedule: a day's schedule, live.

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

// One watcher's stream: the day's sessions, then every change, sent into
// the stream the transport delivers.
class ScheduleWatch {
 public:
  ScheduleWatch(ScheduleEvents& events, std::shared_ptr<OutgoingStream> stream)
      : events_(events), stream_(std::move(stream)) {}

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
        std::unique_ptr<ScheduleEvents::Subscription> subscription,
        events_.Subscribe(day, [this](const v1::WatchScheduleResponse& change) {
          Push(change);
        }));
    absl::MutexLock lock(&mutex_);
    subscription_ = std::move(subscription);
    return absl::OkStatus();
  }

  // Once the stream is admitted and audited: sends the changes kept since
  // Subscribe, the day's sessions as they are now, then every change.
  void Begin(storage::Store& store, absl::CivilDay day) {
    // Closed while its audit record was written: nothing to read for.
    if (stream_->finished()) return;
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
      stream_->End(read);
      return;
    }
    absl::MutexLock lock(&mutex_);
    for (const v1::WatchScheduleResponse& change : kept_) stream_->Send(change);
    kept_.clear();
    for (const Session& session : sessions) {
      v1::WatchScheduleResponse existing;
      existing.set_change(v1::WatchScheduleResponse::CHANGE_EXISTING);
      *existing.mutable_session() = SessionToProto(session, false);
      stream_->Send(existing);
    }
    sending_ = true;
  }

  // The transport is done with the stream: gives back the watcher's place.
  void Close() {
    std::unique_ptr<ScheduleEvents::Subscription> subscription;
    {
      absl::MutexLock lock(&mutex_);
      subscription = std::move(subscription_);
    }
    subscription.reset();  // No more Push() after this returns.
  }

 private:
  void Push(const v1::WatchScheduleResponse& change) {
    absl::MutexLock lock(&mutex_);
    if (sending_) {
      stream_->Send(change);
    } else if (kept_.size() < kMaxQueuedScheduleChanges) {
      kept_.push_back(change);
    } else {
      stream_->End(absl::ResourceExhaustedError(
          "the watcher fell too far behind; watch again"));
    }
  }

  ScheduleEvents& events_;
  const std::shared_ptr<OutgoingStream> stream_;
  absl::Mutex mutex_;
  std::unique_ptr<ScheduleEvents::Subscription> subscription_
      ABSL_GUARDED_BY(mutex_);
  // Changes published before Begin allowed sending.
  std::vector<v1::WatchScheduleResponse> kept_ ABSL_GUARDED_BY(mutex_);
  bool sending_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace

void SchedulingService::WatchSchedule(std::unique_ptr<IncomingCall> call,
                                      std::shared_ptr<OutgoingStream> stream) {
  auto watch = std::make_shared<ScheduleWatch>(events_, stream);
  stream->OnClosed([watch] { watch->Close(); });
  const auto day_of = [](const google::protobuf::Message& message) {
    return DateFromProto(
        "day", static_cast<const v1::WatchScheduleRequest&>(message).day());
  };
  calls_.StartStream(
      std::move(call), "/clinic.v1.SchedulingService/WatchSchedule",
      std::make_unique<v1::WatchScheduleRequest>(),
      [&day_of, &watch](const google::protobuf::Message& message) {
        ASSIGN_OR_RETURN(const absl::CivilDay day, day_of(message));
        return watch->Subscribe(day);
      },
      [this, watch, stream, day_of](absl::Status status, const CallContext&,
                                    const google::protobuf::Message& message) {
        if (status.ok()) {
          watch->Begin(store_, *day_of(message));
        } else {
          stream->End(status);
        }
      });
}

}  // namespace mesoclinic::scheduling
