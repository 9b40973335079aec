#include "core/audit/patient_index_merge.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {
namespace {

void SortDistinct(std::vector<PatientIndexEntry>& entries) {
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
}

}  // namespace

absl::Status PatientIndexMerge::LoadBatch(AuditRepository& repository,
                                          const PatientIndexProgress& progress) {
  if (batch_from_ == progress.merged_through &&
      batch_through_ == progress.batch_through) {
    return absl::OkStatus();
  }
  entries_.clear();
  ASSIGN_OR_RETURN(
      const int64_t last,
      repository.ReadPatientsOfRecords(progress.merged_through,
                                       progress.batch_through,
                                       std::numeric_limits<int64_t>::max(),
                                       entries_));
  if (last != progress.batch_through) {
    return absl::DataLossError(absl::StrCat(
        "the per-patient audit index's batch ends at record ",
        progress.batch_through, ", and the trail at record ", last,
        ": run clinicd verify"));
  }
  SortDistinct(entries_);
  batch_from_ = progress.merged_through;
  batch_through_ = progress.batch_through;
  return absl::OkStatus();
}

absl::StatusOr<PatientIndexMerge::Step> PatientIndexMerge::Next(
    AuditRepository& repository) {
  ASSIGN_OR_RETURN(std::optional<PatientIndexProgress> stored,
                   repository.ReadPatientIndexProgress());
  if (!stored.has_value()) return Step{.caught_up = true};
  PatientIndexProgress progress = *std::move(stored);
  if (progress.batch_through == progress.merged_through) {
    // Open the next batch with the records not indexed yet.
    entries_.clear();
    ASSIGN_OR_RETURN(const int64_t last,
                     repository.ReadPatientsOfRecords(
                         progress.merged_through,
                         std::numeric_limits<int64_t>::max(),
                         options_.per_batch, entries_));
    if (last == progress.merged_through) {
      batch_from_ = -1;
      entries_ = {};
      return Step{.caught_up = true};
    }
    SortDistinct(entries_);
    batch_from_ = progress.merged_through;
    batch_through_ = last;
    progress.batch_through = last;
    progress.batch_done_through.clear();
  } else {
    RETURN_IF_ERROR(LoadBatch(repository, progress));
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
  if (batch_done) {
    // The next step opens a batch from the stored progress; free this one.
    batch_from_ = -1;
    entries_ = {};
  }
  return step;
}

}  // namespace mesoclinic::audit
