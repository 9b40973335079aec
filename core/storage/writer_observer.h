#ifndef MESOCLINIC_CORE_STORAGE_WRITER_OBSERVER_H_
#define MESOCLINIC_CORE_STORAGE_WRITER_OBSERVER_H_

// What hears how the storage writer's group commits go: the server's
// metrics, and its database health (a commit that fails means the database
// cannot be written). Storage knows nothing of either; it only reports.

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace mesoclinic::storage {

class WriterObserver {
 public:
  virtual ~WriterObserver() = default;

  // A batch of `batch_size` writes (those that ran; writes whose deadline
  // had passed are not counted) was durably committed; its COMMIT, where
  // the log is written and fsynced, took `commit_duration`. Runs on the
  // writer thread, between two batches: it must be quick.
  virtual void OnBatchCommitted(int batch_size,
                                absl::Duration commit_duration) = 0;

  // A batch could not be committed and every write in it failed with
  // `status` (a full disk is RESOURCE_EXHAUSTED, a read-only or failing
  // disk UNAVAILABLE). Runs on the writer thread: it must be quick.
  virtual void OnCommitFailed(const absl::Status& status) = 0;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_WRITER_OBSERVER_H_
