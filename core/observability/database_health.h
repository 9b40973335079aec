#ifndef MESOCLINIC_CORE_OBSERVABILITY_DATABASE_HEALTH_H_
#define MESOCLINIC_CORE_OBSERVABILITY_DATABASE_HEALTH_H_

// Whether the database can be written: what the gRPC health status and the
// HTTP listener's /healthz report.
//
// A clinic whose disk is full or remounted read-only still answers some
// calls, but refuses every change and every audited read: a load balancer
// or a monitor should know. The health turns bad at once when the storage
// writer's group commit fails (it hears the writer as a WriterObserver),
// and good again at the next commit that succeeds. A probe write
// (SqliteStore::WriteProbe) finds the way back when nobody writes, every
// few seconds while bad; and, while good, finds a disk that failed while
// the clinic was quiet, once no commit has succeeded for a while.

#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/base/periodic_task.h"
#include "core/storage/writer_observer.h"

namespace mesoclinic::observability {

struct DatabaseHealthOptions {
  // How often a database that cannot be written is tried again.
  absl::Duration unhealthy_probe_interval = absl::Seconds(2);
  // How long a healthy database may go without a successful commit before
  // a probe write checks it.
  absl::Duration healthy_probe_interval = absl::Seconds(30);
};

class DatabaseHealth : public storage::WriterObserver {
 public:
  // Queues one probe write; calls `done` with its outcome.
  using Probe =
      std::function<void(absl::AnyInvocable<void(absl::Status)> done)>;

  explicit DatabaseHealth(DatabaseHealthOptions options = {});
  DatabaseHealth(const DatabaseHealth&) = delete;
  DatabaseHealth& operator=(const DatabaseHealth&) = delete;

  // Whether the last commit (or probe) succeeded. True at start.
  bool serving() const;
  // Why not, for /healthz and the log: "database not writable:
  // RESOURCE_EXHAUSTED since 2026-12-07T10:00:00Z"; empty while serving.
  std::string reason() const;

  // Calls `listener` with serving() now, then at every change, in order,
  // until Watch is called again (nullptr: nobody). Runs on the thread that
  // saw the change (the storage writer, or the store's reporter): it must
  // be quick and must not call back into this.
  void Watch(std::function<void(bool serving)> listener);

  // Starts probing with `probe` (see the top of this file): every
  // unhealthy_probe_interval, it probes when the database is unhealthy, or
  // when no commit has succeeded for healthy_probe_interval. Probing stops
  // when the returned task is destroyed, which must happen before the
  // probed store closes; this must outlive the store (its probes report
  // here).
  std::unique_ptr<PeriodicTask> StartProbing(Probe probe);

  void OnBatchCommitted(int batch_size,
                        absl::Duration commit_duration) override;
  void OnCommitFailed(const absl::Status& status) override;

 private:
  // One pass of the probing task.
  void ProbeIfDue(const Probe& probe);
  // Records a commit's outcome, telling the listener of a change.
  void Record(const absl::Status& status);

  const DatabaseHealthOptions options_;
  mutable absl::Mutex mutex_;
  bool serving_ ABSL_GUARDED_BY(mutex_) = true;
  absl::StatusCode failure_code_ ABSL_GUARDED_BY(mutex_) =
      absl::StatusCode::kOk;
  absl::Time unhealthy_since_ ABSL_GUARDED_BY(mutex_);
  absl::Time last_success_ ABSL_GUARDED_BY(mutex_);
  bool probe_in_flight_ ABSL_GUARDED_BY(mutex_) = false;
  std::function<void(bool)> listener_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_DATABASE_HEALTH_H_
