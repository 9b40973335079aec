#include "core/storage/wal_checkpointer.h"

#include <sqlite3.h>

#include <utility>

#include <spdlog/spdlog.h>

namespace mesoclinic::storage {

WalCheckpointer::WalCheckpointer(Connection& writer,
                                 std::unique_ptr<Connection> connection,
                                 int threshold_pages)
    : writer_(writer),
      connection_(std::move(connection)),
      threshold_pages_(threshold_pages),
      thread_([this] { Loop(); }) {
  // Replaces SQLite's own hook, which is what checkpoints automatically.
  sqlite3_wal_hook(writer_.database().getHandle(), &AfterCommit, this);
}

WalCheckpointer::~WalCheckpointer() {
  // SQLite's own default: checkpoint in the commit that passes 1,000 pages.
  constexpr int kSqliteAutocheckpointPages = 1000;
  sqlite3_wal_autocheckpoint(writer_.database().getHandle(),
                             kSqliteAutocheckpointPages);
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

int WalCheckpointer::checkpoints() const {
  absl::MutexLock lock(&mutex_);
  return checkpoints_;
}

int WalCheckpointer::AfterCommit(void* self, sqlite3*, const char*,
                                 int log_pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (log_pages >= checkpointer->threshold_pages_) {
    absl::MutexLock lock(&checkpointer->mutex_);
    checkpointer->wanted_ = true;
  }
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(
          +[](WalCheckpointer* c) ABSL_EXCLUSIVE_LOCKS_REQUIRED(c->mutex_) {
            return c->wanted_ || c->stopping_;
          },
          this));
      if (stopping_) return;
      wanted_ = false;
    }
    // PASSIVE: copies what no reader still needs, without waiting for the
    // writer or the readers. The log starts over once it is all copied.
    int log_pages = 0;
    int copied_pages = 0;
    const int result = sqlite3_wal_checkpoint_v2(
        connection_->database().getHandle(), "main",
        SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied_pages);
    if (result != SQLITE_OK && result != SQLITE_BUSY) {
      // The log keeps the data safe meanwhile; the next commit past the
      // threshold tries again.
      spdlog::warn("storage: a WAL checkpoint failed ({}): {} of {} pages "
                   "copied to the database file",
                   sqlite3_errstr(result), copied_pages, log_pages);
      continue;
    }
    absl::MutexLock lock(&mutex_);
    ++checkpoints_;
  }
}

}  // namespace mesoclinic::storage
