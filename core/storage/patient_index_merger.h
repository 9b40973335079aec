#ifndef MESOCLINIC_CORE_STORAGE_PATIENT_INDEX_MERGER_H_
#define MESOCLINIC_CORE_STORAGE_PATIENT_INDEX_MERGER_H_

#include <cstdint>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/audit/patient_index_merge.h"
#include "core/base/periodic_task.h"
#include "core/storage/store.h"

namespace mesoclinic::storage {

// Indexes the patients of every audit record not indexed yet
// (audit::PatientIndexMerge), each step its own short transaction through
// `store`'s single writer, so that a backlog never holds the writer (and
// the calls queued behind it) long. Returns how many (patient, record)
// pairs it indexed. Not for gRPC threads: it waits for each commit.
absl::StatusOr<int64_t> MergePatientIndex(
    Store& store, audit::PatientIndexMerge::Options options = {});

// Keeps the per-patient audit index close behind the trail.
//
// Calls append their audit record alone; this merges the records' patients
// into the index in batches sorted by patient, off the calls' path: a
// listing of a busy day names hundreds of patients, and inserting them one
// by one into a large index inside the call's commit dirtied as many
// scattered pages.
// Between merges, "who saw this patient" still reads the newest records
// by their own patient lists, so the answer is exact at every moment; the
// merger only keeps that part short.
//
// Merges once at construction (start-up: whatever a previous run left),
// then every `interval` on a thread of its own until destroyed. A pass
// that fails is logged and retried at the next.
class PatientIndexMerger {
 public:
  PatientIndexMerger(Store& store, absl::Duration interval,
                     audit::PatientIndexMerge::Options options = {});
  // Stops after the write in progress; what is left is merged next start.
  ~PatientIndexMerger();

  PatientIndexMerger(const PatientIndexMerger&) = delete;
  PatientIndexMerger& operator=(const PatientIndexMerger&) = delete;

  // For tests and metrics: pairs indexed and passes completed so far.
  int64_t merged() const;
  int passes() const;

 private:
  void Pass();

  Store& store_;
  // Used by the task's thread only.
  audit::PatientIndexMerge merge_;

  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int64_t merged_ ABSL_GUARDED_BY(mutex_) = 0;
  // Last: stopped (joined) first, while the members it uses still exist.
  std::unique_ptr<PeriodicTask> task_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_PATIENT_INDEX_MERGER_H_
