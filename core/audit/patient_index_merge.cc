#include "core/audit/patient_index_merge.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {

absl::StatusOr<int64_t> PatientIndexMerge::ReadBatch(
    AuditRepository& repository, int64_t after, int64_t through,
    int64_t max_entries) {
  entries_.clear();
  ASSIGN_OR_RETURN(const int64_t last,
                   repository.ReadPatientsOfRecords(after, through, max_entries,
                                                    entries_));
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  batch_from_ = after;
  batch_through_ = last;
  return last;
}

void PatientIndexMerge::ForgetBatch() {
  batch_from_ = -1;
  entries_ = {};
}

absl::StatusOr<PatientIndexMerge::Step> PatientIndexMerge::Next(
    AuditRepository& repository) {
  ASSIGN_OR_RETURN(std::optional<PatientIndexProgress> stored,
                   repository.ReadPatientIndexProgress());
  if (!stored.has_value()) return Step{.caught_up = true};
  PatientIndexProgress progress = *std::move(stored);
  if (progress.batch_through == progress.merged_through) {
    // Open the next batch with the records not indexed yet.
    ASSIGN_OR_RETURN(progress.batch_through,
                     ReadBatch(repository, progress.merged_through,
                               std::numeric_limits<int64_t>::max(),
                               options_.per_batch));
    if (progress.batch_through == progress.merged_through) {
      ForgetBatch();
      return Step{.caught_up = true};
    }
    progress.batch_done_through.clear();
  } else if (batch_from_ != progress.merged_through ||
             batch_through_ != progress.batch_through) {
    // A batch this merge did not leave (a rolled-back step, a restart):
    // read its pairs again.
    ASSIGN_OR_RETURN(const int64_t last,
                     ReadBatch(repository, progress.merged_through,
                               progress.batch_through,
                               std::numeric_limits<int64_t>::max()));
    if (last != progress.batch_through) {
      ForgetBatch();
      return absl::DataLossError(absl::StrCat(
          "the per-patient audit index's batch ends at record ",
          progress.batch_through, ", and the trail at record ", last,
          ": run clinicd verify"));
    }
  }
  // The next patients after those done, whole: a patient is either done
  // for the whole batch or not at all.
  const auto begin = std::upper_bound(
      entries_.begin(), entries_.end(), progress.batch_done_through,
      [](const std::string& done, const PatientIndexEntry& entry) {
        return done < entry.patient_id;
      });
  auto end = begin + std::min<std::ptrdiff_t>(options_.per_write,
                                              entries_.end() - begin);
  while (end != entries_.end() && end != begin &&
         end->patient_id == (end - 1)->patient_id) {
    ++end;
  }
  const bool batch_done = end == entries_.end();
  if (batch_done) {
    progress.merged_through = progress.batch_through;
    progress.batch_done_through.clear();
  } else {
    progress.batch_done_through = (end - 1)->patient_id;
  }
  RETURN_IF_ERROR(repository.IndexPatients(
      absl::MakeConstSpan(entries_.data() + (begin - entries_.begin()),
                          static_cast<size_t>(end - begin)),
      progress));
  const Step step{.entries = end - begin};
  // The next step opens a batch from the stored progress; free this one.
  if (batch_done) ForgetBatch();
  return step;
}

}  // namespace mesoclinic::audit
