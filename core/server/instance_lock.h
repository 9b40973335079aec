#ifndef MESOCLINIC_CORE_SERVER_INSTANCE_LOCK_H_
#define MESOCLINIC_CORE_SERVER_INSTANCE_LOCK_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace mesoclinic {

// An exclusive advisory lock (flock) on "<database>.lock", held for the life
// of the object, so that two clinicd processes never serve one database:
// each would believe it is the single writer.
class InstanceLock {
 public:
  // FAILED_PRECONDITION when another process holds the lock.
  static absl::StatusOr<std::unique_ptr<InstanceLock>> Acquire(
      const std::string& database_path);
  ~InstanceLock();

  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  explicit InstanceLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_INSTANCE_LOCK_H_
