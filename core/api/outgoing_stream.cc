#include "core/api/outgoing_stream.h"

#include <utility>

namespace mesoclinic {

absl::AnyInvocable<void()> OutgoingStream::TakeWakeLocked() {
  absl::AnyInvocable<void()> wake = std::move(wake_);
  wake_ = nullptr;
  return wake;
}

bool OutgoingStream::Send(const google::protobuf::Message& message) {
  absl::AnyInvocable<void()> wake;
  bool queued = false;
  {
    absl::MutexLock lock(&mutex_);
    if (end_.has_value() || closed_) return false;
    if (queue_.size() >= max_queued_) {
      // Ended after what is queued: the caller learns that it fell behind
      // once it has caught up with what it was sent.
      end_ = absl::ResourceExhaustedError(
          "the caller fell too far behind the stream; call again");
    } else {
      std::unique_ptr<google::protobuf::Message> copy(message.New());
      copy->CopyFrom(message);
      queue_.push_back(std::move(copy));
      queued = true;
    }
    wake = TakeWakeLocked();
  }
  if (wake) wake();
  return queued;
}

void OutgoingStream::End(const absl::Status& status) {
  absl::AnyInvocable<void()> wake;
  {
    absl::MutexLock lock(&mutex_);
    if (end_.has_value() || closed_) return;
    end_ = status;
    wake = TakeWakeLocked();
  }
  if (wake) wake();
}

void OutgoingStream::OnClosed(absl::AnyInvocable<void()> on_closed) {
  {
    absl::MutexLock lock(&mutex_);
    if (!closed_) {
      on_closed_ = std::move(on_closed);
      return;
    }
  }
  on_closed();
}

std::optional<OutgoingStream::Item> OutgoingStream::Take(
    absl::AnyInvocable<void()> wake) {
  absl::MutexLock lock(&mutex_);
  if (!queue_.empty()) {
    Item item{.message = std::move(queue_.front())};
    queue_.pop_front();
    return item;
  }
  if (end_.has_value()) return Item{.message = nullptr, .end = *end_};
  wake_ = std::move(wake);
  return std::nullopt;
}

void OutgoingStream::Close() {
  absl::AnyInvocable<void()> on_closed;
  {
    absl::MutexLock lock(&mutex_);
    if (closed_) return;
    closed_ = true;
    queue_.clear();
    wake_ = nullptr;
    on_closed = std::move(on_closed_);
  }
  if (on_closed) on_closed();
}

bool OutgoingStream::finished() const {
  absl::MutexLock lock(&mutex_);
  return end_.has_value() || closed_;
}

}  // namespace mesoclinic
