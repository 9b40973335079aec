#ifndef MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_
#define MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_

// The audit trail's records and the hash chain that links them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::audit {

struct AuditEvent {
  int64_t sequence = 0;  // Position in the chain, from 1.
  absl::Time time;
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  std::string method;
  std::string resource;
  std::vector<std::string> patient_ids;
  absl::StatusCode outcome = absl::StatusCode::kOk;
  // "grpc" or "connect"; empty in records from before it was kept.
  std::string transport;
  // The call only previewed a change (validate_only): it changed nothing,
  // and is recorded as a read of what it showed.
  bool validate_only = false;
  std::string previous_hash;  // 32 bytes; zeros for the first record.
  std::string hash;           // 32 bytes.
  // Those of this record's patients that the repository's per-patient
  // index lists it under, when it keeps one (filled by Scan): verification
  // checks that none is missing.
  std::optional<std::vector<std::string>> indexed_patient_ids;
};

// The patients `event` names, each once, sorted: what its per-patient
// index entries must be.
std::vector<std::string> DistinctPatients(const AuditEvent& event);

// SHA-256 over the previous hash and every field of `event` but its own
// hash, each length-prefixed so that no two records serialize alike.
std::string ComputeAuditHash(const AuditEvent& event);

// The end of the chain: the last record's sequence and hash.
struct AuditChainHead {
  int64_t sequence = 0;
  std::string hash = std::string(32, '\0');
};

struct AuditQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> staff_id;
  std::optional<std::string> method;
  std::optional<absl::Time> start_time;  // Inclusive.
  std::optional<absl::Time> end_time;    // Exclusive.
  int64_t after_sequence = 0;
  int limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;

  // The end of the chain as recorded at the last append (kept apart from
  // the records, so that removing the newest records is detected).
  virtual absl::StatusOr<AuditChainHead> Head() = 0;
  // Stores `event` as it is (sequence and hashes already set) and makes it
  // the head.
  virtual absl::Status Insert(const AuditEvent& event) = 0;
  // Events matching `query`, in sequence order.
  virtual absl::StatusOr<std::vector<AuditEvent>> List(
      const AuditQuery& query) = 0;
  // Every event after `after_sequence`, in order, at most `limit`.
  virtual absl::StatusOr<std::vector<AuditEvent>> Scan(int64_t after_sequence,
                                                       int limit) = 0;
  // How many entries the per-patient index holds, or nullopt when the
  // repository keeps none. An intact index holds one entry for each
  // distinct patient of each record.
  virtual absl::StatusOr<std::optional<int64_t>> CountPatientIndexEntries() = 0;
  // The lowest sequence that the per-patient index lists under a patient
  // its record does not name, or for a record that does not exist; nullopt
  // when there is none. Reads the whole index.
  virtual absl::StatusOr<std::optional<int64_t>>
  FirstStrayPatientIndexEntry() = 0;
};

// Appends `event` at the end of the chain: sets its sequence, previous hash
// and hash. Must run in the same transaction as the change it describes.
absl::Status AppendAuditEvent(AuditRepository& repository, AuditEvent event);

struct ChainVerification {
  bool intact = true;
  int64_t records_checked = 0;
  int64_t first_broken_sequence = 0;
  std::string problem;
};

// Walks the whole chain and reports the first record that was changed,
// removed (the newest ones included) or re-linked, or that the per-patient
// index no longer lists under one of its patients. When the chain is intact,
// also reports the first record the index lists under a patient it does not
// name. Reads each record once and the index once more: linear in the
// trail's length.
absl::StatusOr<ChainVerification> VerifyAuditChain(AuditRepository& repository);

}  // namespace mesoclinic::audit

#endif  // MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_
