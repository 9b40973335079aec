// WalCheckpointer: the write-ahead log copied back into the database file
// by a thread of its own, not by the writer's commits.

#include "core/storage/wal_checkpointer.h"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/storage/connection.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

class WalCheckpointerTest : public ::testing::Test {
 protected:
  std::unique_ptr<Connection> OpenWriter() {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(
        path_, Connection::Mode::kReadWrite, absl::Seconds(5));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return connection.ok() ? *std::move(connection) : nullptr;
  }

  // Inserts `count` page-sized rows, each its own transaction unless one is
  // open.
  static void Commit(Connection& writer, int count) {
    for (int i = 0; i < count; ++i) {
      writer.Execute(
          "INSERT INTO notes (text) VALUES (printf('%.4000c', 'x'))");
    }
  }

  // Waits (at most 30 s) until `done`.
  template <typename Predicate>
  static bool WaitFor(Predicate done) {
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (!done()) {
      if (absl::Now() > give_up) return false;
      absl::SleepFor(absl::Milliseconds(5));
    }
    return true;
  }

  // The database file's size: it grows only when a checkpoint copies the
  // log's pages into it.
  std::uintmax_t DatabaseFileSize() const {
    return std::filesystem::file_size(path_);
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("clinic.db");
};

TEST_F(WalCheckpointerTest, CopiesTheLogOnceItPassesTheThreshold) {
  std::unique_ptr<Connection> writer = OpenWriter();
  ASSERT_NE(writer, nullptr);
  writer->Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
  WalCheckpointer checkpointer(*writer, OpenWriter(), /*threshold_pages=*/20);

  Commit(*writer, 5);  // Under the threshold: no checkpoint yet.
  EXPECT_EQ(checkpointer.checkpoints(), 0);

  EXPECT_LT(DatabaseFileSize(), 10 * 4096u);

  // One transaction, so one commit asks for a checkpoint, and that
  // checkpoint finds every row in the log (later commits would start a new
  // log that may stay under the threshold).
  writer->Execute("BEGIN");
  Commit(*writer, 40);
  writer->Execute("COMMIT");
  ASSERT_TRUE(WaitFor([&] { return checkpointer.checkpoints() > 0; }));
  // 45 rows of a page each, now in the database file.
  EXPECT_GE(DatabaseFileSize(), 45 * 4096u);
}

// The writer's commits no longer copy anything themselves: with the
// checkpointer's thread held off, the log only grows.
TEST_F(WalCheckpointerTest, CommitsDoNotCheckpointThemselves) {
  std::unique_ptr<Connection> writer = OpenWriter();
  ASSERT_NE(writer, nullptr);
  writer->Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
  {
    // A threshold no log reaches: the thread never runs a checkpoint.
    WalCheckpointer checkpointer(*writer, OpenWriter(),
                                 /*threshold_pages=*/1 << 30);
    Commit(*writer, 1500);  // Past SQLite's own 1,000-page threshold.
    EXPECT_LT(DatabaseFileSize(), 10 * 4096u);
    EXPECT_EQ(checkpointer.checkpoints(), 0);
  }
  // Without the checkpointer, SQLite checkpoints on commit again.
  Commit(*writer, 1);
  EXPECT_GE(DatabaseFileSize(), 1500 * 4096u);
}

}  // namespace
}  // namespace mesoclinic::storage
