#ifndef MESOCLINIC_BENCH_SEED_BULK_WRITER_H_
#define MESOCLINIC_BENCH_SEED_BULK_WRITER_H_

// Writes a seeded clinic through the core's SQLite repositories, so that the
// rows are exactly what the server would store, on a connection of its own
// tuned for one bulk load: many rows per transaction, no sync at each commit
// and a large page cache (a seed that fails is simply run again on a fresh
// file). clinicd later opens the file with its usual settings.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/storage/connection.h"
#include "core/storage/sqlite_adverse_event_repository.h"
#include "core/storage/sqlite_audit_repository.h"
#include "core/storage/sqlite_consent_repository.h"
#include "core/storage/sqlite_patient_repository.h"
#include "core/storage/sqlite_scheduling_repository.h"
#include "core/storage/sqlite_staff_repository.h"

namespace mesoclinic::bench {

class BulkWriter {
 public:
  // Opens `path`, which must already hold the schema (SqliteStore::Open
  // migrates it), and begins the first transaction.
  static absl::StatusOr<std::unique_ptr<BulkWriter>> Open(
      const std::string& path, int64_t cache_mib, int64_t rows_per_commit);

  // Rolls back what was not committed.
  ~BulkWriter();

  storage::SqlitePatientRepository& patients() { return patients_; }
  storage::SqliteStaffRepository& staff() { return staff_; }
  storage::SqliteConsentRepository& consent() { return consent_; }
  storage::SqliteSchedulingRepository& scheduling() { return scheduling_; }
  storage::SqliteAdverseEventRepository& adverse_events() {
    return adverse_events_;
  }
  storage::SqliteAuditRepository& audit() { return audit_; }

  // Notes `rows` more rows written: every `rows_per_commit` rows, commits
  // and begins the next transaction.
  absl::Status Wrote(int64_t rows = 1);

  // Commits what is left and moves the write-ahead log into the database
  // file, so that the file alone is the database.
  absl::Status Finish();

 private:
  BulkWriter(std::unique_ptr<storage::Connection> connection,
             int64_t rows_per_commit);
  absl::Status Commit(bool begin_next);

  std::unique_ptr<storage::Connection> connection_;
  const int64_t rows_per_commit_;
  int64_t uncommitted_rows_ = 0;
  storage::SqlitePatientRepository patients_;
  storage::SqliteStaffRepository staff_;
  storage::SqliteConsentRepository consent_;
  storage::SqliteSchedulingRepository scheduling_;
  storage::SqliteAdverseEventRepository adverse_events_;
  storage::SqliteAuditRepository audit_;
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_BULK_WRITER_H_
