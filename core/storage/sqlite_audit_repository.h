#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/audit/audit_event.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// AuditRepository on the audit_events and audit_event_patients tables.
class SqliteAuditRepository : public audit::AuditRepository {
 public:
  explicit SqliteAuditRepository(Connection& connection)
      : connection_(connection) {}

  absl::StatusOr<audit::AuditChainHead> Head() override;
  absl::Status Insert(const audit::AuditEvent& event) override;
  absl::StatusOr<std::vector<audit::AuditEvent>> List(
      const audit::AuditQuery& query) override;
  absl::StatusOr<std::vector<audit::AuditEvent>> Scan(int64_t after_sequence,
                                                      int limit) override;
  absl::StatusOr<std::optional<int64_t>> CountPatientIndexEntries() override;
  absl::StatusOr<std::optional<int64_t>> FirstStrayPatientIndexEntry() override;

 private:
  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_AUDIT_REPOSITORY_H_
