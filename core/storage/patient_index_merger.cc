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
    absl::StatusOr<std::optional<audit::PatientIndexProgress>> progress =
        audit.ReadPatientIndexProgress();
    if (!progress.ok()) return progress.status();
    if (!progress->has_value()) return absl::OkStatus();
    absl::StatusOr<audit::AuditChainHead> head = audit.Head();
    if (!head.ok()) return head.status();
    pending = head->sequence > (*progress)->merged_through;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return pending;
}

// Merges write by write until caught up or `stop` says so.
absl::StatusOr<int64_t> MergeUntil(Store& store, audit::PatientIndexMerge& merge,
                                   absl::FunctionRef<bool()> stop) {
  int64_t total = 0;
  while (!stop()) {
    audit::PatientIndexMerge::Step step;
    const absl::Status status =
        store.WriteAndWait([&](Transaction& transaction) -> absl::Status {
          absl::StatusOr<audit::PatientIndexMerge::Step> result =
              merge.Next(transaction.audit());
          if (!result.ok()) return result.status();
          step = *result;
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    total += step.entries;
    if (step.caught_up) break;
  }
  return total;
}

}  // namespace

absl::StatusOr<int64_t> MergePatientIndex(
    Store& store, audit::PatientIndexMerge::Options options) {
  audit::PatientIndexMerge merge(options);
  return MergeUntil(store, merge, [] { return false; });
}

PatientIndexMerger::PatientIndexMerger(Store& store, absl::Duration interval,
                                       audit::PatientIndexMerge::Options options)
    : store_(store),
      merge_(options),
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

int PatientIndexMerger::passes() const { return task_->passes(); }

void PatientIndexMerger::Pass() {
  absl::StatusOr<int64_t> merged = int64_t{0};
  absl::StatusOr<bool> pending = AnythingToMerge(store_);
  if (!pending.ok()) {
    merged = pending.status();
  } else if (*pending) {
    merged = MergeUntil(store_, merge_, [this] {
      absl::MutexLock lock(&mutex_);
      return stopping_;
    });
  }
  if (!merged.ok()) {
    // Nothing is lost: the records keep their patient lists, and "who saw
    // this patient" reads them until the index catches up.
    spdlog::warn("audit: merging the per-patient index failed: {}",
                 merged.status().ToString());
    return;
  }
  absl::MutexLock lock(&mutex_);
  merged_ += *merged;
}

}  // namespace mesoclinic::storage
