#include "bench/seed/bulk_writer.h"

#include "absl/strings/str_cat.h"
#include "core/audit/patient_index_merge.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::bench {

absl::StatusOr<std::unique_ptr<BulkWriter>> BulkWriter::Open(
    const std::string& path, int64_t cache_mib, int64_t rows_per_commit) {
  absl::StatusOr<std::unique_ptr<storage::Connection>> connection =
      storage::Connection::Open(path, storage::Connection::Mode::kReadWrite,
                                absl::Seconds(5));
  if (!connection.ok()) return connection.status();
  std::unique_ptr<BulkWriter> writer(
      new BulkWriter(*std::move(connection), rows_per_commit));
  const absl::Status begun = storage::CatchSqlite([&] {
    const std::string pragmas =
        absl::StrCat("PRAGMA synchronous = OFF; PRAGMA cache_size = -",
                     cache_mib * 1024, ";");
    writer->connection_->Execute(pragmas.c_str());
    writer->connection_->Execute("BEGIN IMMEDIATE");
    return absl::OkStatus();
  });
  if (!begun.ok()) return begun;
  return writer;
}

BulkWriter::BulkWriter(std::unique_ptr<storage::Connection> connection,
                       int64_t rows_per_commit)
    : connection_(std::move(connection)),
      rows_per_commit_(rows_per_commit),
      patients_(*connection_),
      staff_(*connection_),
      consent_(*connection_),
      scheduling_(*connection_),
      adverse_events_(*connection_),
      audit_(*connection_) {}

BulkWriter::~BulkWriter() {
  if (!connection_->InTransaction()) return;
  storage::CatchSqlite([&] {
    connection_->ResetStatements();
    connection_->Execute("ROLLBACK");
    return absl::OkStatus();
  }).IgnoreError();
}

absl::Status BulkWriter::Commit(bool begin_next) {
  return storage::CatchSqlite([&] {
    connection_->ResetStatements();
    connection_->Execute("COMMIT");
    if (begin_next) connection_->Execute("BEGIN IMMEDIATE");
    uncommitted_rows_ = 0;
    return absl::OkStatus();
  });
}

absl::Status BulkWriter::Wrote(int64_t rows) {
  uncommitted_rows_ += rows;
  if (uncommitted_rows_ < rows_per_commit_) return absl::OkStatus();
  return Commit(/*begin_next=*/true);
}

absl::Status BulkWriter::Finish() {
  // The per-patient audit index, as clinicd's merger would have kept it:
  // the whole history merged, so that a run starts with no backlog.
  audit::PatientIndexMerge merge({.per_write = 200000, .per_batch = 4000000});
  while (true) {
    absl::StatusOr<audit::PatientIndexMerge::Step> step = merge.Next(audit_);
    if (!step.ok()) return step.status();
    if (absl::Status wrote = Wrote(step->entries); !wrote.ok()) return wrote;
    if (step->caught_up) break;
  }
  if (absl::Status committed = Commit(/*begin_next=*/false); !committed.ok()) {
    return committed;
  }
  return storage::CatchSqlite([&] {
    connection_->Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    return absl::OkStatus();
  });
}

}  // namespace mesoclinic::bench
