#include "core/storage/sqlite_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "core/base/error_details.h"
#include "core/base/status_macros.h"
#include "core/storage/sqlite_adverse_event_repository.h"
#include "core/storage/sqlite_audit_repository.h"
#include "core/storage/sqlite_consent_repository.h"
#include "core/storage/sqlite_idempotency_repository.h"
#include "core/storage/sqlite_patient_repository.h"
#include "core/storage/sqlite_scheduling_repository.h"
#include "core/storage/sqlite_resource_digests.h"
#include "core/storage/sqlite_sign_in_repository.h"
#include "core/storage/sqlite_staff_repository.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

// The repositories of one transaction on one connection.
class SqliteTransaction : public Transaction {
 public:
  // `chain_key`: see SqliteAuditRepository. `writer`: the writer's
  // connection, which tracks the resources it changes.
  SqliteTransaction(Connection& connection,
                    const audit::AuditChainKey* chain_key, bool writer)
      : connection_(connection),
        patients_(connection),
        staff_(connection),
        audit_(connection, {.chain_key = chain_key, .tracks_changes = writer}),
        consent_(connection),
        scheduling_(connection),
        adverse_events_(connection),
        idempotency_(connection),
        sign_in_(connection) {}

  patients::PatientRepository& patients() override { return patients_; }
  staff::StaffRepository& staff() override { return staff_; }
  audit::AuditRepository& audit() override { return audit_; }
  consent::ConsentRepository& consent() override { return consent_; }
  scheduling::SchedulingRepository& scheduling() override {
    return scheduling_;
  }
  adverse_events::AdverseEventRepository& adverse_events() override {
    return adverse_events_;
  }
  IdempotencyRepository& idempotency() override { return idempotency_; }
  staff::SignInRepository& sign_in() override { return sign_in_; }

  absl::Status RunNested(absl::FunctionRef<absl::Status()> fn) override {
    return CatchSqlite([&]() -> absl::Status {
      connection_.Run("SAVEPOINT nested");
      absl::Status status = CatchSqlite([&] { return fn(); });
      connection_.ResetStatements();
      if (!status.ok()) connection_.Run("ROLLBACK TO nested");
      connection_.Run("RELEASE nested");
      return status;
    });
  }

 private:
  Connection& connection_;
  SqlitePatientRepository patients_;
  SqliteStaffRepository staff_;
  SqliteAuditRepository audit_;
  SqliteConsentRepository consent_;
  SqliteSchedulingRepository scheduling_;
  SqliteAdverseEventRepository adverse_events_;
  SqliteIdempotencyRepository idempotency_;
  SqliteSignInRepository sign_in_;
};

// Every change to a resource is named by an audit record of the same
// write (AppendAuditEvent takes them), or the resource could not be proven
// against the trail: such a write is refused, and rolled back (unless not
// `required`: the changes are then forgotten).
absl::Status CheckChangesAudited(Connection& db, bool required) {
  return CatchSqlite([&]() -> absl::Status {
    if (!HasUntakenResourceChanges(db)) return absl::OkStatus();
    const std::vector<std::string> changed = TakeChangedResources(db);
    if (!required) return absl::OkStatus();
    return absl::InternalError(absl::StrCat(
        "storage: a write changed ", absl::StrJoin(changed, ", "),
        " without recording it in the audit trail; it was undone"));
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const SqliteStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> opened =
      Connection::Open(options.path, Connection::Mode::kReadWrite,
                       options.busy_timeout, options.vfs);
  // SQLite quietly opens a file it cannot write read-only (or, in WAL mode,
  // not at all); the server would then fail every write. Say so at start.
  if (opened.ok() &&
      sqlite3_db_readonly((*opened)->database().getHandle(), "main") == 1) {
    opened = absl::UnavailableError("the file is read-only");
  }
  if (!opened.ok()) {
    return absl::Status(
        opened.status().code(),
        absl::StrCat("cannot open the database ", options.path,
                     " for writing (", opened.status().message(),
                     "): clinicd must be able to write the file, its -wal "
                     "and -shm files and its folder; check permissions, a "
                     "read-only file system, and free disk space"));
  }
  std::unique_ptr<Connection> writer = *std::move(opened);
  ASSIGN_OR_RETURN(const std::vector<Migration> migrations,
                   EmbeddedMigrations());
  ASSIGN_OR_RETURN(MigrationReport report,
                   ApplyMigrations(*writer, migrations));
  RETURN_IF_ERROR(CatchSqlite([&] {
    TrackResourceChanges(*writer);
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> checkpoint_connection,
                   Connection::Open(options.path, Connection::Mode::kReadWrite,
                                    options.busy_timeout, options.vfs));
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(options, std::move(writer),
                      std::move(checkpoint_connection), std::move(report)));
}

SqliteStore::SqliteStore(SqliteStoreOptions options,
                         std::unique_ptr<Connection> writer,
                         std::unique_ptr<Connection> checkpoint_connection,
                         MigrationReport report)
    : options_(std::move(options)),
      migration_report_(std::move(report)),
      writer_(std::move(writer)),
      checkpointer_(std::make_unique<WalCheckpointer>(
          *writer_, std::move(checkpoint_connection))),
      writer_thread_([this] { WriterLoop(); }),
      reporter_thread_([this] { ReporterLoop(); }) {}

SqliteStore::~SqliteStore() {
  {
    absl::MutexLock lock(&queue_mutex_);
    stopping_ = true;
  }
  writer_thread_.join();
  checkpointer_.reset();
  {
    absl::MutexLock lock(&outcomes_mutex_);
    writer_stopped_ = true;
  }
  reporter_thread_.join();
}

absl::Status SqliteStore::Read(ReadFn fn, absl::Time deadline) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader,
                   AcquireReader(deadline));
  Connection* connection = reader.get();
  absl::Cleanup release = [&] { ReleaseReader(std::move(reader)); };
  connection->SetDeadline(deadline);
  absl::Status status = CatchSqlite([&]() -> absl::Status {
    // One read transaction, so that everything fn reads is one snapshot.
    connection->Run("BEGIN");
    SqliteTransaction transaction(*connection, chain_key(), /*writer=*/false);
    absl::Status status = fn(transaction);
    connection->ResetStatements();
    connection->Run("COMMIT");
    return status;
  });
  if (!status.ok() && connection->DeadlinePassed()) {
    status = absl::DeadlineExceededError(
        "the deadline passed while reading; nothing was changed");
  }
  connection->SetDeadline(absl::InfiniteFuture());
  return status;
}

absl::StatusOr<std::unique_ptr<Connection>> SqliteStore::AcquireReader(
    absl::Time deadline) {
  const absl::Time now = absl::Now();
  if (now > deadline) {
    return absl::DeadlineExceededError(
        "the deadline passed before the read could start");
  }
  {
    absl::MutexLock lock(&readers_mutex_);
    const auto available = [this]() ABSL_SHARED_LOCKS_REQUIRED(
                               readers_mutex_) {
      return !idle_readers_.empty() || open_readers_ < options_.max_readers;
    };
    const bool deadline_first = deadline - now < options_.max_reader_wait;
    if (!readers_mutex_.AwaitWithDeadline(
            absl::Condition(&available),
            deadline_first ? deadline : now + options_.max_reader_wait)) {
      if (deadline_first) {
        return absl::DeadlineExceededError(
            "the deadline passed while waiting for a read connection");
      }
      return AsOverload(absl::ResourceExhaustedError(absl::StrCat(
          "server overloaded: no read connection came free within ",
          absl::FormatDuration(options_.max_reader_wait),
          "; nothing was read; retry with backoff")));
    }
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
    ++open_readers_;  // Reserved while opening, outside the lock.
  }
  absl::StatusOr<std::unique_ptr<Connection>> reader =
      Connection::Open(options_.path, Connection::Mode::kReadOnly,
                       options_.busy_timeout, options_.vfs);
  if (!reader.ok()) {
    absl::MutexLock lock(&readers_mutex_);
    --open_readers_;
    return absl::UnavailableError(absl::StrCat(
        "storage: cannot open a read connection: ", reader.status().message()));
  }
  return reader;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> reader) {
  // A connection left inside a transaction (after an error) is discarded.
  reader->ResetStatements();
  absl::MutexLock lock(&readers_mutex_);
  if (reader->InTransaction()) {
    --open_readers_;
    return;
  }
  idle_readers_.push_back(std::move(reader));
}

void SqliteStore::Write(WriteFn fn, DoneFn done, absl::Time deadline) {
  absl::Status refused;
  {
    absl::MutexLock lock(&queue_mutex_);
    if (stopping_) {
      refused = absl::UnavailableError("storage: the server is shutting down");
    } else if (static_cast<int>(queue_.size()) >= options_.max_queued_writes) {
      refused = AsOverload(absl::ResourceExhaustedError(absl::StrCat(
          "server overloaded: ", queue_.size(),
          " writes are already waiting; nothing was written; retry with "
          "backoff")));
    } else {
      queue_.push_back({std::move(fn), std::move(done), deadline});
      return;
    }
  }
  done(std::move(refused));
}

void SqliteStore::WriteProbe(DoneFn done, absl::Time deadline) {
  Write(
      [this](Transaction&) {
        // Runs on the writer thread, which alone uses writer_.
        return CatchSqlite([this] {
          const int application_id =
              writer_->database().execAndGet("PRAGMA application_id").getInt();
          writer_->Run(
              absl::StrCat("PRAGMA application_id = ", application_id));
          return absl::OkStatus();
        });
      },
      std::move(done), deadline);
}

int64_t SqliteStore::wal_size_bytes() const {
  std::error_code error;
  const std::uintmax_t size =
      std::filesystem::file_size(options_.path + "-wal", error);
  return error ? 0 : static_cast<int64_t>(size);
}

int SqliteStore::queued_writes() const {
  absl::MutexLock lock(&queue_mutex_);
  return static_cast<int>(queue_.size());
}

void SqliteStore::WriterLoop() {
  std::vector<PendingWrite> batch;
  while (true) {
    {
      absl::MutexLock lock(&queue_mutex_);
      queue_mutex_.Await(absl::Condition(
          +[](SqliteStore* store) ABSL_EXCLUSIVE_LOCKS_REQUIRED(
               store->queue_mutex_) {
            return !store->queue_.empty() || store->stopping_;
          },
          this));
      if (queue_.empty()) return;  // Stopping, and nothing left to write.
      while (!queue_.empty() &&
             static_cast<int>(batch.size()) < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitBatch(batch);
    batch.clear();
  }
}

void SqliteStore::CommitBatch(std::vector<PendingWrite>& batch) {
  std::vector<absl::Status> results(batch.size());
  Connection& db = *writer_;
  int writes_run = 0;
  absl::Duration commit_duration;
  absl::Status batch_status = CatchSqlite([&]() -> absl::Status {
    db.Run("BEGIN IMMEDIATE");
    SqliteTransaction transaction(db, chain_key(), /*writer=*/true);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // Checked per write: a long batch must not start a write whose caller
      // has already been told it failed.
      if (batch[i].deadline != absl::InfiniteFuture() &&
          absl::Now() > batch[i].deadline) {
        results[i] = absl::DeadlineExceededError(
            "the deadline passed before the write could start");
        continue;
      }
      ++writes_run;
      db.Run("SAVEPOINT write");
      results[i] = CatchSqlite([&] { return batch[i].fn(transaction); });
      if (results[i].ok()) {
        results[i] = CheckChangesAudited(db, options_.require_audited_changes);
      }
      db.ResetStatements();
      if (!results[i].ok()) db.Run("ROLLBACK TO write");
      db.Run("RELEASE write");
    }
    const absl::Time commit_start = absl::Now();
    db.Run("COMMIT");
    commit_duration = absl::Now() - commit_start;
    return absl::OkStatus();
  });
  for (WriterObserver* observer : options_.writer_observers) {
    if (!batch_status.ok()) {
      observer->OnCommitFailed(batch_status);
    } else if (writes_run > 0) {
      observer->OnBatchCommitted(writes_run, commit_duration);
    }
  }
  if (!batch_status.ok()) {
    // Nothing of this batch was committed: every write fails.
    db.ResetStatements();
    if (db.InTransaction()) {
      CatchSqlite([&] {
        db.Execute("ROLLBACK");
        return absl::OkStatus();
      }).IgnoreError();
    }
    for (absl::Status& result : results) {
      if (result.ok()) result = batch_status;
    }
  }
  absl::MutexLock lock(&outcomes_mutex_);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    outcomes_.push_back({std::move(batch[i].done), std::move(results[i])});
  }
}

void SqliteStore::ReporterLoop() {
  std::vector<Outcome> reporting;
  while (true) {
    {
      absl::MutexLock lock(&outcomes_mutex_);
      outcomes_mutex_.Await(absl::Condition(
          +[](SqliteStore* store) ABSL_EXCLUSIVE_LOCKS_REQUIRED(
               store->outcomes_mutex_) {
            return !store->outcomes_.empty() || store->writer_stopped_;
          },
          this));
      if (outcomes_.empty()) return;  // The writer stopped; all reported.
      reporting.swap(outcomes_);
    }
    for (Outcome& outcome : reporting) {
      std::move(outcome.done)(std::move(outcome.status));
    }
    reporting.clear();
  }
}

}  // namespace mesoclinic::storage
