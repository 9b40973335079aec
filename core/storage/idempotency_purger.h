#ifndef MESOCLINIC_CORE_STORAGE_IDEMPOTENCY_PURGER_H_
#define MESOCLINIC_CORE_STORAGE_IDEMPOTENCY_PURGER_H_

#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/storage/store.h"

namespace mesoclinic::storage {

// Deletes the idempotency records created before `cutoff`, `batch` at a
// time. Each batch is a write of its own through `store`'s single writer,
// so that a large backlog never holds the writer (and the calls queued
// behind it) for more than one short transaction. Returns how many records
// were deleted. Not for gRPC threads: it waits for each commit.
absl::StatusOr<int64_t> PurgeIdempotencyRecords(Store& store,
                                                absl::Time cutoff,
                                                int batch = 500);

// Keeps idempotency records for a bounded time. They hold full copies of
// responses (patient records among them), which would otherwise stay in
// the database, and in every backup of it, forever.
//
// Purges once at construction (start-up), then every `interval` on a thread
// of its own, each time what is older than `retention`. A record is thus
// kept at least `retention` and at most `retention` + `interval`; a retry
// after that is answered as a new request.
class IdempotencyPurger {
 public:
  IdempotencyPurger(Store& store, absl::Duration retention,
                    absl::Duration interval);
  // Stops the thread, after the batch in progress.
  ~IdempotencyPurger();

  IdempotencyPurger(const IdempotencyPurger&) = delete;
  IdempotencyPurger& operator=(const IdempotencyPurger&) = delete;

  // For tests: records deleted and purges completed so far.
  int64_t purged() const;
  int passes() const;

 private:
  void Loop();

  Store& store_;
  const absl::Duration retention_;
  const absl::Duration interval_;

  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int64_t purged_ ABSL_GUARDED_BY(mutex_) = 0;
  int passes_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_IDEMPOTENCY_PURGER_H_
