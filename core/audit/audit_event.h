#ifndef MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_
#define MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_

// The audit trail's records, the chain that links them, and the digests
// that tie every stored resource to the last record that wrote it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::audit {

// What a resource (a patient with their medical facts, a session with its
// treatment record, a consent, ...) held when a record was written.
struct ResourceDigest {
  std::string resource;  // Its name, e.g. "patients/abc".
  // SHA-256 of its stored rows in a canonical form; empty: the call
  // deleted it.
  std::string digest;

  friend bool operator==(const ResourceDigest&, const ResourceDigest&) =
      default;
};

// A key the chain is linked under (HMAC-SHA-256), kept outside the
// database so that whoever can write the file alone cannot re-link it.
struct AuditChainKey {
  std::string secret;  // 32 bytes.
  // What the database records of the key: a digest of it, 8 bytes.
  std::string id;
};

// The key `secret` is known by.
AuditChainKey ChainKeyFromSecret(std::string secret);

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
  // The resources the call left behind, sorted by name, each once.
  std::vector<ResourceDigest> resource_digests;
  std::string previous_hash;  // 32 bytes; zeros for the first record.
  // 32 bytes: SHA-256, or HMAC-SHA-256 under the chain's key from the
  // record that started using it.
  std::string hash;
  // Those of this record's patients that the repository's per-patient
  // index lists it under, when it keeps one (filled by Scan): verification
  // checks that none is missing.
  std::optional<std::vector<std::string>> indexed_patient_ids;
  // Those the index must list it under by now, sorted, when the index is
  // merged behind the trail (filled by Scan); all of DistinctPatients
  // otherwise.
  std::optional<std::vector<std::string>> patients_due_in_index;
  // How many of resource_digests the repository's per-resource index holds
  // as they are, when it keeps one (filled by Scan).
  std::optional<int64_t> indexed_resource_digests;
};

// The patients `event` names, each once, sorted: what its per-patient
// index entries must be.
std::vector<std::string> DistinctPatients(const AuditEvent& event);
std::vector<std::string> DistinctPatients(std::vector<std::string> patient_ids);

// The previous hash and every field of `event` but its own hash, each
// length-prefixed so that no two records serialize alike, under SHA-256, or
// HMAC-SHA-256 when `key` is given.
std::string ComputeAuditHash(const AuditEvent& event,
                             const AuditChainKey* key = nullptr);

// The end of the chain: the last record's sequence and hash.
struct AuditChainHead {
  int64_t sequence = 0;
  std::string hash = std::string(32, '\0');
};

// From which record on the chain is linked under which key.
struct ChainKeyUse {
  int64_t from_sequence = 0;
  std::string key_id;
};

// The last digest recorded for a resource, and by which record.
struct RecordedDigest {
  int64_t sequence = 0;
  std::string digest;  // Empty: the record deleted the resource.
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

// How far the per-patient index has got behind the trail, in a repository
// that merges it in batches (see PatientIndexMerge). The index lists every
// patient of every record up to merged_through; of the records after it up
// to batch_through (the batch being merged), the patients up to
// batch_done_through, in byte order ("": none yet); nothing else.
struct PatientIndexProgress {
  int64_t merged_through = 0;
  int64_t batch_through = 0;
  std::string batch_done_through;

  // Whether the index must list `sequence` under `patient_id`.
  bool Covers(int64_t sequence, absl::string_view patient_id) const {
    return sequence <= merged_through ||
           (sequence <= batch_through && patient_id <= batch_done_through);
  }
};

// One (patient, record) pair of the per-patient index.
struct PatientIndexEntry {
  std::string patient_id;
  int64_t sequence = 0;

  friend bool operator==(const PatientIndexEntry&,
                         const PatientIndexEntry&) = default;
  friend auto operator<=>(const PatientIndexEntry&,
                          const PatientIndexEntry&) = default;
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
  // its record does not name, for a record that does not exist, or for a
  // record it has not merged yet; nullopt when there is none. Reads the
  // whole index.
  virtual absl::StatusOr<std::optional<int64_t>>
  FirstStrayPatientIndexEntry() = 0;

  // A repository may index records' patients after appending them, in
  // batches (PatientIndexMerge): how far it has got, or nullopt when every
  // record is indexed as it is inserted. List finds the records the index
  // does not cover yet by their own patient lists.
  virtual absl::StatusOr<std::optional<PatientIndexProgress>>
  ReadPatientIndexProgress() {
    return std::nullopt;
  }
  // Appends the (patient, record) pairs of the records after `after` up to
  // `through`, in record order, whole records, until the next record would
  // take `entries` past `max_entries` (at least one record); returns the
  // last record read (`after` when there is none).
  virtual absl::StatusOr<int64_t> ReadPatientsOfRecords(
      int64_t /*after*/, int64_t /*through*/, int64_t /*max_entries*/,
      std::vector<PatientIndexEntry>& /*entries*/) {
    return absl::UnimplementedError("this repository indexes on insert");
  }
  // Inserts `entries` into the per-patient index and records `progress`,
  // which must describe the index with them.
  virtual absl::Status IndexPatients(
      absl::Span<const PatientIndexEntry> /*entries*/,
      const PatientIndexProgress& /*progress*/) {
    return absl::UnimplementedError("this repository indexes on insert");
  }

  // The keys the chain is linked under, oldest first; empty while its
  // links are plain SHA-256 (always, in a repository that keeps no keys).
  virtual absl::StatusOr<std::vector<ChainKeyUse>> ChainKeyUses() {
    return std::vector<ChainKeyUse>();
  }
  virtual absl::Status InsertChainKeyUse(const ChainKeyUse&) {
    return absl::UnimplementedError("this repository keeps no chain keys");
  }
  // The key this repository links new records with, when it has one.
  virtual const AuditChainKey* chain_key() const { return nullptr; }

  // Resource digests. A repository that keeps none answers as if no
  // resource existed (the defaults).
  //
  // The resources this transaction changed since a record was last
  // appended, each with its digest now, sorted by name; forgets them, so
  // that the next record names only its own changes.
  virtual absl::StatusOr<std::vector<ResourceDigest>> TakeChangedResources() {
    return std::vector<ResourceDigest>();
  }
  // Calls `fn` with every resource the database holds and its digest, in
  // no particular order; stops at the first error `fn` returns.
  virtual absl::Status ForEachStoredResource(
      absl::FunctionRef<absl::Status(const ResourceDigest&)>) {
    return absl::OkStatus();
  }
  // The digest of `resource` as stored now; empty when it does not exist.
  virtual absl::StatusOr<std::string> StoredDigest(const std::string&) {
    return std::string();
  }
  // The last digest recorded for `resource`, if any record named it.
  virtual absl::StatusOr<std::optional<RecordedDigest>> LastRecordedDigest(
      const std::string&) {
    return std::nullopt;
  }
  // Calls `fn` with every resource some record named and its last recorded
  // digest.
  virtual absl::Status ForEachLastRecordedDigest(
      absl::FunctionRef<absl::Status(const std::string& resource,
                                     const RecordedDigest&)>) {
    return absl::OkStatus();
  }
  // How many entries the per-resource index holds.
  virtual absl::StatusOr<int64_t> CountResourceDigestEntries() { return 0; }
  // The record from which every stored resource has a recorded digest;
  // nullopt before the first start that recorded them.
  virtual absl::StatusOr<std::optional<int64_t>> ResourceDigestBaseline() {
    return std::nullopt;
  }
  virtual absl::Status SetResourceDigestBaseline(int64_t) {
    return absl::UnimplementedError("this repository keeps no digests");
  }
};

// Appends `event` at the end of the chain: sets its sequence, the
// resources the transaction changed since the last record, its previous
// hash and its hash (under the chain's key once it has one). Must run in
// the same transaction as the change it describes. FAILED_PRECONDITION when
// the chain is keyed under a key the repository does not have.
absl::Status AppendAuditEvent(AuditRepository& repository, AuditEvent event);

// A record written by clinicd itself rather than for a caller: staff_id
// empty, method "clinicd/<name>".
AuditEvent ClinicdEvent(absl::string_view name, absl::Time time);

// Makes `key` (the repository's chain_key()) the one new records are
// linked under, unless it already is: appends a "clinicd/KeyAuditChain"
// record, the first linked under it. Existing records keep their links.
// FAILED_PRECONDITION when the chain is linked under another key, unless
// `replace_key` (that key was lost): records before the switch are then
// proven by their links only.
absl::Status StartKeyedChain(AuditRepository& repository,
                             const AuditChainKey& key, absl::Time time,
                             bool replace_key = false);

// Records the digest of every stored resource that has none yet, in
// "clinicd/RecordResourceDigests" records of at most `per_record`
// resources, and notes where the digests start; nothing when they were
// recorded already. Returns how many resources it recorded.
absl::StatusOr<int64_t> RecordResourceDigestBaseline(
    AuditRepository& repository, absl::Time time, int per_record = 5000);

// A stored resource that no longer matches the last record that wrote it.
struct ResourceProblem {
  enum class Kind {
    kChanged,  // Its rows differ from what the record says it left.
    kAdded,    // No record wrote it.
    kDeleted,  // A record left it, and it is gone.
  };
  std::string resource;
  Kind kind = Kind::kChanged;
  // The record it should match; 0 for a resource no record wrote.
  int64_t expected_sequence = 0;

  std::string Describe() const;
};

struct ChainVerification {
  bool intact = true;
  int64_t records_checked = 0;
  int64_t first_broken_sequence = 0;
  std::string problem;
  // Stored resources compared with their last recorded digest.
  int64_t resources_checked = 0;
  // The first resources found not to match (at most kMaxResourceProblems),
  // and how many there are in all.
  std::vector<ResourceProblem> resource_problems;
  int64_t resource_problem_count = 0;
  // What the verification could not prove, in plain words (records linked
  // under a key it was not given, resources from before their digests were
  // recorded).
  std::vector<std::string> unproven;

  static constexpr int kMaxResourceProblems = 50;
};

// Walks the whole chain and reports the first record that was changed,
// removed (the newest ones included) or re-linked, or that the per-patient
// index no longer lists under one of its patients. When the chain is intact,
// also reports the first record the index lists under a patient it does not
// name. Reads each record once and the index once more: linear in the
// trail's length.
//
// Then compares every stored resource with the digest the last record that
// wrote it recorded, and reports those changed, added or deleted outside
// the server (a broken chain is reported first: its digests cannot be
// trusted).
//
// The links of records under a key among `keys` are proven against it;
// those under a key not given are checked for continuity only, and said
// to be unproven.
absl::StatusOr<ChainVerification> VerifyAuditChain(
    AuditRepository& repository,
    const std::vector<AuditChainKey>& keys = {});

}  // namespace mesoclinic::audit

#endif  // MESOCLINIC_CORE_AUDIT_AUDIT_EVENT_H_
