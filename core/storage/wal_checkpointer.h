#ifndef MESOCLINIC_CORE_STORAGE_WAL_CHECKPOINTER_H_
#define MESOCLINIC_CORE_STORAGE_WAL_CHECKPOINTER_H_

#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/storage/connection.h"

struct sqlite3;

namespace mesoclinic::storage {

// Copies committed pages from the write-ahead log back into the database
// file on a thread of its own.
//
// SQLite does this itself inside the commit that pushes the log past 1,000
// pages: that commit, and every caller of its group-commit batch, then
// waits for the copy and an fsync of the database file. Here the writer's
// commit only notes the log's size, and this thread runs a PASSIVE
// checkpoint on its own connection, beside the writer and the readers,
// blocking neither.
class WalCheckpointer {
 public:
  // Takes over checkpoints of `writer`'s database (SQLite's automatic ones
  // stop), run through `connection`, a read-write connection of its own to
  // the same file, once the log holds `threshold_pages` pages or more.
  // `writer` must outlive this object.
  WalCheckpointer(Connection& writer, std::unique_ptr<Connection> connection,
                  int threshold_pages = 1000);

  // Gives checkpoints back to SQLite and stops the thread. What is left in
  // the log is copied when the database's last connection closes.
  ~WalCheckpointer();

  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints completed so far (for tests).
  int checkpoints() const;

 private:
  // sqlite3_wal_hook: runs on the writer's thread after each commit.
  static int AfterCommit(void* self, sqlite3* db, const char* schema,
                         int log_pages);
  void Loop();

  Connection& writer_;
  const std::unique_ptr<Connection> connection_;
  const int threshold_pages_;

  mutable absl::Mutex mutex_;
  bool wanted_ ABSL_GUARDED_BY(mutex_) = false;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  int checkpoints_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_WAL_CHECKPOINTER_H_
