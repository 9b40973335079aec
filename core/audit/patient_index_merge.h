#ifndef MESOCLINIC_CORE_AUDIT_PATIENT_INDEX_MERGE_H_
#define MESOCLINIC_CORE_AUDIT_PATIENT_INDEX_MERGE_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/audit/audit_event.h"

namespace mesoclinic::audit {

// Brings the per-patient audit index up to the trail in a repository that
// indexes after appending (AuditRepository::ReadPatientIndexProgress),
// one short step at a time.
//
// A step with no batch open takes the records not indexed yet (up to
// `per_batch` pairs) as a batch and sorts their (patient, record) pairs by
// patient; each step then inserts the next `per_write` or so of them,
// whole patients, and moves the progress in the same transaction. On a
// large index a day's listing names patients all over it: inserted in
// record order, every pair wrote a page of its own; by patient, each page
// of the index is written about once per batch, and no write holds the
// writer long.
//
// The batch is kept in memory between steps and read again from the
// records when the stored progress is not the one it left (a rolled-back
// step, another process, a restart), so a step is always correct on its
// own. Not thread-safe: one merge per database.
class PatientIndexMerge {
 public:
  struct Options {
    int per_write = 4096;
    int per_batch = 131072;
  };
  struct Step {
    int64_t entries = 0;     // Pairs inserted by this step.
    bool caught_up = false;  // Nothing was left to index.
  };

  PatientIndexMerge() : PatientIndexMerge(Options()) {}
  explicit PatientIndexMerge(Options options) : options_(options) {}

  // One step, in the caller's write transaction on `repository`.
  absl::StatusOr<Step> Next(AuditRepository& repository);

 private:
  // Reads the pairs of the records after `after` up to `through` (at most
  // about `max_entries`) into `entries_`, sorted, as the open batch;
  // returns its last record (`after`: none).
  absl::StatusOr<int64_t> ReadBatch(AuditRepository& repository, int64_t after,
                                    int64_t through, int64_t max_entries);
  void ForgetBatch();

  const Options options_;
  // The open batch as last read: the pairs of the records after
  // batch_from_ up to batch_through_, sorted. batch_from_ < 0: none.
  int64_t batch_from_ = -1;
  int64_t batch_through_ = -1;
  std::vector<PatientIndexEntry> entries_;
};

}  // namespace mesoclinic::audit

#endif  // MESOCLINIC_CORE_AUDIT_PATIENT_INDEX_MERGE_H_
