// The store's limits: a bounded write queue, a bounded wait for a read
// connection, and deadlines that stop reads and writes nobody waits for.

#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/storage/connection.h"
#include "core/storage/sqlite_status.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_test_support.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::HasSubstr;

class StoreLimitsTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> Open(SqliteStoreOptions options) {
    options.path = dir_.File("clinic.db");
    // These tests write patients through the repository alone, with no
    // audit record (AuditedChangesTest covers the store's refusal).
    options.require_audited_changes = false;
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  static int PatientCount(Store& store) {
    int count = -1;
    EXPECT_TRUE(store
                    .Read([&](Transaction& transaction) -> absl::Status {
                      absl::StatusOr<patients::PatientPage> page =
                          transaction.patients().List(
                              {.include_archived = true, .limit = 100000});
                      if (!page.ok()) return page.status();
                      count = static_cast<int>(page->patients.size());
                      return absl::OkStatus();
                    })
                    .ok());
    return count;
  }

  testing::TempDir dir_;
};

TEST_F(StoreLimitsTest, WritesBeyondTheQueueBoundAreRefusedAtOnce) {
  std::unique_ptr<SqliteStore> store = Open({.max_queued_writes = 3});
  ASSERT_NE(store, nullptr);
  Blocker blocker;
  Outcomes blocked(1);
  AsStore(*store).Write(blocker.Fn(), blocked.Slot(0));
  blocker.WaitUntilEntered();  // The writer is busy; the rest queue.

  Outcomes queued(4);
  for (int i = 0; i < 4; ++i) {
    AsStore(*store).Write(InsertPatient(absl::StrCat("p", i)), queued.Slot(i));
  }
  EXPECT_EQ(store->queued_writes(), 3);
  blocker.Release();
  const std::vector<absl::Status>& statuses = queued.Wait();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(statuses[i].ok()) << statuses[i];
  EXPECT_EQ(statuses[3].code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(statuses[3].message(), HasSubstr("overloaded"));
  EXPECT_THAT(statuses[3].message(), HasSubstr("nothing was written"));
  EXPECT_EQ(PatientCount(*store), 3);
}

TEST_F(StoreLimitsTest, ReaderWaitsForAConnectionOnlySoLong) {
  std::unique_ptr<SqliteStore> store =
      Open({.max_readers = 1, .max_reader_wait = absl::Milliseconds(50)});
  ASSERT_NE(store, nullptr);
  absl::Notification holding;
  absl::Notification release;
  std::thread holder([&] {
    EXPECT_TRUE(store
                    ->Read([&](Transaction&) {
                      holding.Notify();
                      release.WaitForNotification();
                      return absl::OkStatus();
                    })
                    .ok());
  });
  holding.WaitForNotification();
  const absl::Status overloaded =
      store->Read([](Transaction&) { return absl::OkStatus(); });
  EXPECT_EQ(overloaded.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(overloaded.message(), HasSubstr("no read connection came free"));

  // A deadline sooner than the wait limit is the caller's, and says so.
  const absl::Status late = store->Read(
      [](Transaction&) { return absl::OkStatus(); },
      absl::Now() + absl::Milliseconds(10));
  EXPECT_EQ(late.code(), absl::StatusCode::kDeadlineExceeded);
  release.Notify();
  holder.join();
  EXPECT_TRUE(store->Read([](Transaction&) { return absl::OkStatus(); }).ok());
}

TEST_F(StoreLimitsTest, QueryRunningPastItsDeadlineIsInterrupted) {
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(
      dir_.File("clinic.db"), Connection::Mode::kReadWrite, absl::Seconds(1));
  ASSERT_TRUE(connection.ok()) << connection.status();
  (*connection)->SetDeadline(absl::Now() + absl::Milliseconds(50));
  // Counting to ten billion would take minutes.
  const absl::Status status = CatchSqlite([&] {
    (*connection)->Execute(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
        "WHERE x < 10000000000) SELECT count(*) FROM n");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
  EXPECT_TRUE((*connection)->DeadlinePassed());

  // Without a deadline the connection works as before.
  (*connection)->SetDeadline(absl::InfiniteFuture());
  EXPECT_TRUE(CatchSqlite([&] {
                (*connection)->Execute("SELECT 1");
                return absl::OkStatus();
              }).ok());
}

TEST_F(StoreLimitsTest, ReadWhoseDeadlinePassedDoesNotStart) {
  std::unique_ptr<SqliteStore> store = Open({});
  ASSERT_NE(store, nullptr);
  bool ran = false;
  const absl::Status status = store->Read(
      [&](Transaction&) {
        ran = true;
        return absl::OkStatus();
      },
      absl::Now() - absl::Seconds(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(ran);
}

TEST_F(StoreLimitsTest, QueuedWriteWhoseDeadlinePassesIsNotRun) {
  std::unique_ptr<SqliteStore> store = Open({});
  ASSERT_NE(store, nullptr);
  Blocker blocker;
  Outcomes blocked(1);
  AsStore(*store).Write(blocker.Fn(), blocked.Slot(0));
  blocker.WaitUntilEntered();
  Outcomes late(1);
  store->Write(InsertPatient("late"), late.Slot(0),
               absl::Now() + absl::Milliseconds(20));
  absl::SleepFor(absl::Milliseconds(40));
  blocker.Release();
  EXPECT_EQ(late.Wait()[0].code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(PatientCount(*store), 0);
}

}  // namespace
}  // namespace mesoclinic::storage
