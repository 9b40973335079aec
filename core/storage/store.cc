#include "core/storage/store.h"

#include <utility>

#include "absl/synchronization/notification.h"

namespace mesoclinic::storage {

absl::Status Store::WriteAndWait(WriteFn fn) {
  absl::Notification done;
  absl::Status result;
  Write(std::move(fn), [&](absl::Status status) {
    result = std::move(status);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

}  // namespace mesoclinic::storage
