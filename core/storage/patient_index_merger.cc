#include "core/storage/patient_index_merger.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "absl/functional/function_ref.h"

namespace mesoclinic::storage {
namespace {

// Whether any record waits for the index: a read, so that an idle clinic's
// passes never queue a write.
absl::StatusOr<bool> AnythingToMerge(Store& store) {
  bool pending = false;
  absl::Status status = store.Read([&](Transaction& transaction) {
    audit::AuditRepository& audit = transaction.audit();
    absl::StatusOr<std::optional<int64_t>> through =
        audit.PatientIndexMergedThrough();
    if (!through.ok()) return through.status();
    if (!through->has_value()) return absl::OkStatus();
    absl::StatusOr<audit::AuditChainHead> head = audit.Head();
    if (!head.ok()) return head.status();
    pending = head->sequence > **through;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return pending;
}

// Merges write by write until caught up or `stop` says so.
absl::StatusOr<int64_t> MergeUntil(Store& store, int per_write,
                                   absl::FunctionRef<bool()> stop) {
  int64_t total = 0;
  while (!stop()) {
    audit::PatientIndexMerge merge;
    const absl::Status status =
        store.WriteAndWait([&](Transaction& transaction) -> absl::Status {
          absl::StatusOr<audit::PatientIndexMerge> result =
              transaction.audit().MergePatientIndex(per_write);
          if (!result.ok()) return result.status();
          merge = *result;
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    total += merge.entries;
    if (merge.caught_up) break;
  }
  return total;
}

}  // namespace

absl::StatusOr<int64_t> MergePatientIndex(Store& store, int per_write) {
  return MergeUntil(store, per_write, [] { return false; });
}

PatientIndexMerger::PatientIndexMerger(Store& store, absl::Duration interval,
                                       int per_write)
    : store_(store),
      per_write_(per_write),
      task_(std::make_unique<PeriodicTask>(interval, [this] { Pass(); })) {}

PatientIndexMerger::~PatientIndexMerger() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  task_.reset();
}

int64_t PatientIndexMerger::merged() const {
  absl::MutexLock lock(&mutex_);
  return merged_;
}

int PatientIndexMerger::passes() const {
  absl::MutexLock lock(&mutex_);
  return passes_;
}

void PatientIndexMerger::Pass() {
  absl::StatusOr<int64_t> merged = int64_t{0};
  absl::StatusOr<bool> pending = AnythingToMerge(store_);
  if (!pending.ok()) {
    merged = pending.status();
  } else if (*pending) {
    merged = MergeUntil(store_, per_write_, [this] {
      absl::MutexLock lock(&mutex_);
      return stopping_;
    });
  }
  if (!merged.ok()) {
    // Nothing is lost: the records keep their patient lists, and "who saw
    // this patient" reads them until the index catches up.
    spdlog::warn("audit: merging the per-patient index failed: {}",
                 merged.status().ToString());
  }
  absl::MutexLock lock(&mutex_);
  if (merged.ok()) merged_ += *merged;
  ++passes_;
}

}  // namespace mesoclinic::storage
