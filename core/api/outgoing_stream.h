#ifndef MESOCLINIC_CORE_API_OUTGOING_STREAM_H_
#define MESOCLINIC_CORE_API_OUTGOING_STREAM_H_

// The messages of a server-streaming call on their way to the caller, apart
// from the transport that carries them. The method (the producer) sends
// messages and at last an end status; the transport (the consumer) takes
// them as fast as its connection allows, and closes the stream when it is
// done with it, delivered or because the caller went away.
//
// Memory stays bounded whatever the caller does: a consumer that falls
// `max_queued` messages behind has its stream ended with RESOURCE_EXHAUSTED.
// Thread-safe.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

class OutgoingStream {
 public:
  explicit OutgoingStream(std::size_t max_queued) : max_queued_(max_queued) {}
  OutgoingStream(const OutgoingStream&) = delete;
  OutgoingStream& operator=(const OutgoingStream&) = delete;

  // --- The producer's side.

  // Queues a copy of `message` after those queued before. False when the
  // stream has already ended or been closed (nothing is queued then).
  bool Send(const google::protobuf::Message& message);

  // Ends the stream with `status` once the messages queued before are
  // delivered. Only the first end counts.
  void End(const absl::Status& status);

  // `on_closed` runs once, on the consumer's thread, when the consumer is
  // done with the stream: the end was delivered, or the caller went away.
  // The producer frees what the stream held there (a watcher's place). Runs
  // at once when the stream is already closed.
  void OnClosed(absl::AnyInvocable<void()> on_closed);

  // --- The consumer's side.

  // What the consumer sends next: a message, or the end status.
  struct Item {
    std::unique_ptr<google::protobuf::Message> message;  // Null at the end.
    absl::Status end;
  };

  // The next item, or nullopt when none is ready yet: `wake` then runs once
  // (on the producer's thread, with no lock held) when one is. A consumer
  // that may be gone by then makes `wake` safe to run late.
  std::optional<Item> Take(absl::AnyInvocable<void()> wake);

  // The consumer is done with the stream: runs the producer's on_closed.
  // Messages still queued are dropped. Idempotent.
  void Close();

  // Whether the stream takes no more messages: the producer ended it (its
  // end may not be delivered yet) or the consumer closed it.
  bool finished() const;

 private:
  // Takes the waiting consumer's wake-up, to run once the lock is released.
  absl::AnyInvocable<void()> TakeWakeLocked()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::size_t max_queued_;
  mutable absl::Mutex mutex_;
  std::deque<std::unique_ptr<google::protobuf::Message>> queue_
      ABSL_GUARDED_BY(mutex_);
  std::optional<absl::Status> end_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
  absl::AnyInvocable<void()> wake_ ABSL_GUARDED_BY(mutex_);
  absl::AnyInvocable<void()> on_closed_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_OUTGOING_STREAM_H_
