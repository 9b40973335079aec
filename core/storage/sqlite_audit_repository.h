#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/audit/audit_event.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// AuditRepository on the audit_events table and its indexes (by patient,
// by resource), the chain's head and keys.
//
// The per-patient index (audit_event_patients) is merged in the background
// (audit::PatientIndexMerge, run by PatientIndexMerger): appending a record
// writes the record alone, and List by patient reads the index as far as it
// covers the patient and the records' own patient lists after that.
class SqliteAuditRepository : public audit::AuditRepository {
 public:
  struct Options {
    // Links new records, when given (it must outlive the repository).
    const audit::AuditChainKey* chain_key = nullptr;
    // The connection notes the resources its statements change
    // (TrackResourceChanges), and new records name them.
    bool tracks_changes = false;
    // False for a database from before resource digests and chain keys
    // (schema version 13 or less: a backup read before it is migrated).
    bool schema_has_digests = true;
    // False for a database from before the per-patient index was merged in
    // batches (schema version 15 or less): every record there was indexed
    // as it was appended. (Version 15, which merged in record order, never
    // left development; a file at it is migrated by clinicd's start.)
    bool schema_merges_patient_index = true;
  };

  explicit SqliteAuditRepository(Connection& connection)
      : SqliteAuditRepository(connection, Options()) {}
  SqliteAuditRepository(Connection& connection, const Options& options)
      : connection_(connection), options_(options) {}

  absl::StatusOr<audit::AuditChainHead> Head() override;
  absl::Status Insert(const audit::AuditEvent& event) override;
  absl::StatusOr<std::vector<audit::AuditEvent>> List(
      const audit::AuditQuery& query) override;
  absl::StatusOr<std::vector<audit::AuditEvent>> Scan(int64_t after_sequence,
                                                      int limit) override;
  absl::StatusOr<std::optional<int64_t>> CountPatientIndexEntries() override;
  absl::StatusOr<std::optional<int64_t>> FirstStrayPatientIndexEntry() override;
  absl::StatusOr<std::optional<audit::PatientIndexProgress>>
  ReadPatientIndexProgress() override;
  absl::StatusOr<int64_t> ReadPatientsOfRecords(
      int64_t after, int64_t through, int64_t max_entries,
      std::vector<audit::PatientIndexEntry>& entries) override;
  absl::Status IndexPatients(absl::Span<const audit::PatientIndexEntry> entries,
                             const audit::PatientIndexProgress& progress)
      override;

  absl::StatusOr<std::vector<audit::ChainKeyUse>> ChainKeyUses() override;
  absl::Status InsertChainKeyUse(const audit::ChainKeyUse& use) override;
  const audit::AuditChainKey* chain_key() const override {
    return options_.chain_key;
  }

  absl::StatusOr<std::vector<audit::ResourceDigest>> TakeChangedResources()
      override;
  absl::Status ForEachStoredResource(
      absl::FunctionRef<absl::Status(const audit::ResourceDigest&)> fn)
      override;
  absl::StatusOr<std::string> StoredDigest(const std::string& resource) override;
  absl::StatusOr<std::optional<audit::RecordedDigest>> LastRecordedDigest(
      const std::string& resource) override;
  absl::Status ForEachLastRecordedDigest(
      absl::FunctionRef<absl::Status(const std::string& resource,
                                     const audit::RecordedDigest&)>
          fn) override;
  absl::StatusOr<int64_t> CountResourceDigestEntries() override;
  absl::StatusOr<std::optional<int64_t>> ResourceDigestBaseline() override;
  absl::Status SetResourceDigestBaseline(int64_t sequence) override;

 private:
  const char* columns() const;

  Connection& connection_;
  const Options options_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_
