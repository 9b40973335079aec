#include "core/audit/audit_event.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {
namespace {

void AppendField(std::string& out, absl::string_view field) {
  absl::StrAppend(&out, field.size(), ":", field, ";");
}

constexpr int kScanChunk = 1000;

// Every entry of the per-patient index was matched to its record by the
// walk along the chain, unless the index holds more than `indexed_entries`:
// then one of them lists a record under a patient the record does not name
// (adding an access to a patient's history), and the whole index is read
// to find which. Counting first keeps that read off an intact trail.
absl::StatusOr<ChainVerification> CheckNoStrayIndexEntries(
    AuditRepository& repository, int64_t indexed_entries,
    ChainVerification result) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> entries,
                   repository.CountPatientIndexEntries());
  if (!entries.has_value() || *entries == indexed_entries) return result;
  ASSIGN_OR_RETURN(const std::optional<int64_t> stray,
                   repository.FirstStrayPatientIndexEntry());
  result.intact = false;
  result.first_broken_sequence = stray.value_or(0);
  result.problem = absl::StrCat(
      "the per-patient index holds ", *entries, " entries where the records "
      "name ", indexed_entries, " (patient, record) pairs");
  if (stray.has_value()) {
    absl::StrAppend(&result.problem, ": it lists record ", *stray,
                    " under a patient the record does not name");
  } else {
    // Rows the key should forbid (the table rebuilt without it), or an id
    // the space-separated list cannot hold: no single record to name.
    absl::StrAppend(&result.problem,
                    ", and no single record can be named: inspect the "
                    "audit_event_patients table");
  }
  return result;
}

}  // namespace

std::vector<std::string> DistinctPatients(const AuditEvent& event) {
  std::vector<std::string> patients = event.patient_ids;
  std::sort(patients.begin(), patients.end());
  patients.erase(std::unique(patients.begin(), patients.end()),
                 patients.end());
  return patients;
}

std::string ComputeAuditHash(const AuditEvent& event) {
  std::string canonical;
  AppendField(canonical, event.previous_hash);
  AppendField(canonical, absl::StrCat(event.sequence));
  AppendField(canonical, absl::StrCat(absl::ToUnixMicros(event.time)));
  AppendField(canonical, event.staff_id);
  AppendField(canonical, absl::StrCat(static_cast<int>(event.role)));
  AppendField(canonical, event.method);
  AppendField(canonical, event.resource);
  AppendField(canonical, absl::StrCat(event.patient_ids.size()));
  for (const std::string& patient_id : event.patient_ids) {
    AppendField(canonical, patient_id);
  }
  AppendField(canonical, absl::StrCat(static_cast<int>(event.outcome)));
  // Covered only when kept: the records written before the transport was
  // recorded keep the hashes they were chained with.
  if (!event.transport.empty()) AppendField(canonical, event.transport);
  // Likewise covered only when set: the records of real calls keep the
  // hashes they had before previews were kept.
  if (event.validate_only) AppendField(canonical, "validate_only");
  return Sha256(canonical);
}

absl::Status AppendAuditEvent(AuditRepository& repository, AuditEvent event) {
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  event.sequence = head.sequence + 1;
  event.previous_hash = head.hash;
  event.hash = ComputeAuditHash(event);
  return repository.Insert(event);
}

absl::StatusOr<ChainVerification> VerifyAuditChain(
    AuditRepository& repository) {
  ChainVerification result;
  AuditChainHead expected;  // Sequence 0, zero hash: before the first record.
  // The per-patient index entries the records account for; any other entry
  // lists a record under a patient it does not name.
  int64_t indexed_entries = 0;
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<AuditEvent> chunk,
                     repository.Scan(expected.sequence, kScanChunk));
    for (const AuditEvent& event : chunk) {
      const auto broken = [&](int64_t sequence, std::string problem) {
        result.intact = false;
        result.first_broken_sequence = sequence;
        result.problem = std::move(problem);
        return result;
      };
      if (event.sequence != expected.sequence + 1) {
        return broken(expected.sequence + 1,
                      absl::StrCat("record ", expected.sequence + 1,
                                   " is missing"));
      }
      if (event.previous_hash != expected.hash) {
        return broken(event.sequence,
                      absl::StrCat("record ", event.sequence,
                                   " does not follow record ",
                                   expected.sequence,
                                   ": its previous hash does not match"));
      }
      if (ComputeAuditHash(event) != event.hash) {
        return broken(event.sequence,
                      absl::StrCat("record ", event.sequence,
                                   " was changed: its hash does not match "
                                   "its content"));
      }
      if (event.indexed_patient_ids.has_value()) {
        const std::vector<std::string> recorded = DistinctPatients(event);
        std::vector<std::string> indexed = *event.indexed_patient_ids;
        std::sort(indexed.begin(), indexed.end());
        if (recorded != indexed) {
          return broken(event.sequence,
                        absl::StrCat("record ", event.sequence,
                                     " was changed: the per-patient index no "
                                     "longer lists the patients it names"));
        }
        indexed_entries += static_cast<int64_t>(indexed.size());
      }
      ++result.records_checked;
      expected = {event.sequence, event.hash};
    }
    if (static_cast<int>(chunk.size()) < kScanChunk) break;
  }
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  if (head.sequence > expected.sequence) {
    result.intact = false;
    result.first_broken_sequence = expected.sequence + 1;
    result.problem = absl::StrCat("record ", expected.sequence + 1,
                                  " is missing: the chain was last appended "
                                  "at record ", head.sequence);
  } else if (head.sequence != expected.sequence || head.hash != expected.hash) {
    result.intact = false;
    result.first_broken_sequence = expected.sequence;
    result.problem = absl::StrCat("record ", expected.sequence,
                                  " does not match the recorded end of the "
                                  "chain");
  }
  if (!result.intact) return result;
  return CheckNoStrayIndexEntries(repository, indexed_entries,
                                  std::move(result));
}

}  // namespace mesoclinic::audit
