#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_STORE_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_STORE_H_

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/audit/audit_event.h"
#include "core/storage/connection.h"
#include "core/storage/migration_runner.h"
#include "core/storage/store.h"
#include "core/storage/wal_checkpointer.h"
#include "core/storage/writer_observer.h"

namespace mesoclinic::storage {

struct SqliteStoreOptions {
  // The database file; created, with its schema, when missing.
  std::string path;
  // Read connections opened at most; further readers wait for a free one.
  int max_readers = 8;
  // Writes committed together in one transaction at most (group commit).
  int max_batch = 128;
  // How long a connection waits for a lock held by another process.
  absl::Duration busy_timeout = absl::Seconds(5);
  // Writes waiting for the writer at most; more are refused at once
  // (RESOURCE_EXHAUSTED) rather than queued without bound.
  int max_queued_writes = 4096;
  // How long a reader waits for a free read connection before giving up
  // (RESOURCE_EXHAUSTED), when its deadline does not come first.
  absl::Duration max_reader_wait = absl::Seconds(2);
  // The SQLite VFS to open the file through; empty: the default. Tests use
  // a fault-injecting one.
  std::string vfs;
  // The key new audit records are linked under, once the chain is keyed
  // (see audit::StartKeyedChain); none: plain links.
  std::optional<audit::AuditChainKey> audit_chain_key;
  // Refuse (and roll back) a write that changes a resource no audit record
  // of the same write names, so that every stored resource stays proven
  // against the trail. Off only for tools and tests that fill a database
  // through the repositories directly: their changes are then forgotten
  // at the end of each write, and proven from the next start's baseline
  // (audit::RecordResourceDigestBaseline) at the earliest.
  bool require_audited_changes = true;
  // Told of every group commit and every failed one, on the writer thread.
  // They must outlive the store.
  std::vector<WriterObserver*> writer_observers;
};

// The Store on one SQLite file.
//
// Writes go through a single writer thread that practises group commit: it
// takes every queued write (up to max_batch), runs each in its own savepoint
// inside one transaction, so that a failing write rolls back alone, commits
// once (one fsync for the whole batch), and only then reports each write's
// outcome, on a thread of its own: answering the callers (encoding and
// sending their responses) overlaps the next batch instead of delaying it.
// Checkpoints of the write-ahead log run on a third thread
// (WalCheckpointer), never inside a commit.
// Reads run on the caller's thread on a pool of read-only
// connections and, thanks to WAL, never wait for the writer.
class SqliteStore : public Store {
 public:
  // Opens the database, applies pending migrations and starts the writer.
  // FAILED_PRECONDITION when the schema cannot be used (see
  // ApplyMigrations); UNAVAILABLE when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const SqliteStoreOptions& options);

  // Finishes every queued write, then closes the database.
  ~SqliteStore() override;

  absl::Status Read(ReadFn fn, absl::Time deadline) override;
  void Write(WriteFn fn, DoneFn done, absl::Time deadline) override;
  using Store::Read;
  using Store::Write;

  // Writes queued and not yet started.
  int queued_writes() const;

  // Queues a write that rewrites one page of the file (the header's
  // application id, with the value it has) and changes nothing a reader
  // sees: it commits only when the database can really be written, log
  // sync included. How the health check learns that a failing disk is
  // back, or that a quiet one has failed.
  void WriteProbe(DoneFn done, absl::Time deadline);

  // The size of the write-ahead log file (the database's "-wal"), 0 when
  // there is none.
  int64_t wal_size_bytes() const;

  // The schema version after migration.
  int schema_version() const { return migration_report_.schema_version; }
  const MigrationReport& migration_report() const { return migration_report_; }

  const audit::AuditChainKey* chain_key() const {
    return options_.audit_chain_key.has_value() ? &*options_.audit_chain_key
                                                : nullptr;
  }

 private:
  struct PendingWrite {
    WriteFn fn;
    DoneFn done;
    absl::Time deadline;
  };

  SqliteStore(SqliteStoreOptions options, std::unique_ptr<Connection> writer,
              std::unique_ptr<Connection> checkpoint_connection,
              MigrationReport report);

  // A write's `done` and its outcome, waiting to be reported.
  struct Outcome {
    DoneFn done;
    absl::Status status;
  };

  void WriterLoop();
  void CommitBatch(std::vector<PendingWrite>& batch);
  void ReporterLoop();
  // A free read connection, or RESOURCE_EXHAUSTED / DEADLINE_EXCEEDED when
  // none comes free in time.
  absl::StatusOr<std::unique_ptr<Connection>> AcquireReader(
      absl::Time deadline);
  void ReleaseReader(std::unique_ptr<Connection> reader);

  const SqliteStoreOptions options_;
  const MigrationReport migration_report_;
  std::unique_ptr<Connection> writer_;  // Used only by writer_thread_.
  // Keeps checkpoints out of the writer's commits.
  std::unique_ptr<WalCheckpointer> checkpointer_;

  mutable absl::Mutex queue_mutex_;
  std::deque<PendingWrite> queue_ ABSL_GUARDED_BY(queue_mutex_);
  bool stopping_ ABSL_GUARDED_BY(queue_mutex_) = false;

  absl::Mutex outcomes_mutex_;
  std::vector<Outcome> outcomes_ ABSL_GUARDED_BY(outcomes_mutex_);
  // Set once the writer has stopped: the reporter stops once outcomes_ is
  // empty.
  bool writer_stopped_ ABSL_GUARDED_BY(outcomes_mutex_) = false;

  absl::Mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_
      ABSL_GUARDED_BY(readers_mutex_);
  int open_readers_ ABSL_GUARDED_BY(readers_mutex_) = 0;

  std::thread writer_thread_;
  std::thread reporter_thread_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_STORE_H_
