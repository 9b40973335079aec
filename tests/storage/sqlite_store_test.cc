#include "core/storage/sqlite_store.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/storage/connection.h"
#include "core/storage/migration_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_test_support.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using patients::Patient;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> Open(SqliteStoreOptions options = {}) {
    options.path = path_;
    // These tests write patients through the repository alone, with no
    // audit record (AuditedChangesTest covers the store's refusal).
    options.require_audited_changes = false;
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  static absl::StatusOr<Patient> Get(Store& store, const std::string& id) {
    absl::StatusOr<Patient> result = absl::UnknownError("not run");
    const absl::Status status = store.Read([&](Transaction& transaction) {
      result = transaction.patients().Get(id);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return result;
  }

  static std::vector<std::string> AllIds(Store& store) {
    std::vector<std::string> ids;
    const absl::Status status = store.Read([&](Transaction& transaction) {
      absl::StatusOr<patients::PatientPage> page = transaction.patients().List(
          {.include_archived = true, .limit = 100000});
      if (!page.ok()) return page.status();
      for (const Patient& patient : page->patients) ids.push_back(patient.id);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("clinic.db");
};

TEST_F(SqliteStoreTest, OpenCreatesTheSchemaAndReportsItsVersion) {
  absl::StatusOr<std::vector<Migration>> migrations = EmbeddedMigrations();
  ASSERT_TRUE(migrations.ok());
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->schema_version(), migrations->back().version);
  EXPECT_EQ(store->migration_report().applied_now.size(), migrations->size());
  store.reset();

  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->schema_version(), migrations->back().version);
  EXPECT_THAT(reopened->migration_report().applied_now, IsEmpty());
}

TEST_F(SqliteStoreTest, OpenRefusesADatabaseNewerThanTheBinary) {
  Open().reset();
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
        "VALUES (999, '0999_future.sql', 'x', 0)");
  }
  absl::StatusOr<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open({.path = path_});
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(store.status().message()),
              HasSubstr("newer than this binary"));
}

TEST_F(SqliteStoreTest, ReadsSeeCommittedWrites) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Get(*store, "p1").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  const absl::StatusOr<Patient> patient = Get(*store, "p1");
  ASSERT_TRUE(patient.ok()) << patient.status();
  EXPECT_EQ(patient->given_name, "Given p1");
}

// A pooled read connection must not keep the snapshot of an earlier Read,
// even though Get and Find leave their cached statement stepped but not
// reset. With one reader every Read reuses the same connection.
TEST_F(SqliteStoreTest, AReadAfterAGetSeesWritesCommittedSinceThen) {
  std::unique_ptr<SqliteStore> store = Open({.max_readers = 1});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  ASSERT_TRUE(Get(*store, "p1").ok());  // Leaves the Get statement stepped.

  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p2")).ok());
  EXPECT_THAT(AllIds(*store), ElementsAre("p1", "p2"));
}

TEST_F(SqliteStoreTest, AReadAfterAnIdempotencyFindSeesLaterWrites) {
  std::unique_ptr<SqliteStore> store = Open({.max_readers = 1});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store
                  ->WriteAndWait([](Transaction& transaction) {
                    return transaction.idempotency().Insert(
                        {.caller = "c", .method = "m", .request_id = "r",
                         .request_hash = "h", .response = "x"});
                  })
                  .ok());
  ASSERT_TRUE(store
                  ->Read([](Transaction& transaction) {
                    return transaction.idempotency().Find("c", "m", "r")
                        .status();
                  })
                  .ok());
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  EXPECT_THAT(AllIds(*store), ElementsAre("p1"));
}

TEST_F(SqliteStoreTest, WriteAndWaitReturnsTheStatusOfTheWrite) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  EXPECT_EQ(store->WriteAndWait(InsertPatient("p1")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store->WriteAndWait([](Transaction&) {
                   return absl::AbortedError("stale etag");
                 }),
            absl::AbortedError("stale etag"));
}

TEST_F(SqliteStoreTest, AFailedWriteLeavesNoTrace) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  const absl::Status status = store->WriteAndWait([](Transaction& transaction) {
    if (absl::Status inserted =
            transaction.patients().Insert(NewPatient("half-done"));
        !inserted.ok()) {
      return inserted;
    }
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(status, absl::FailedPreconditionError("changed my mind"));
  EXPECT_EQ(Get(*store, "half-done").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, CommitsEveryWriteQueuedFromSeveralThreads) {
  std::unique_ptr<SqliteStore> store = Open({.max_batch = 16});
  ASSERT_NE(store, nullptr);
  constexpr int kThreads = 4;
  constexpr int kWritesPerThread = 50;
  Outcomes outcomes(kThreads * kWritesPerThread);
  std::vector<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWritesPerThread; ++i) {
      expected.push_back(absl::StrCat("t", t, "-", i));
    }
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        const int index = t * kWritesPerThread + i;
        AsStore(*store).Write(InsertPatient(expected[index]), outcomes.Slot(index));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& status : outcomes.Wait()) EXPECT_TRUE(status.ok()) << status;
  EXPECT_THAT(AllIds(*store), UnorderedElementsAreArray(expected));
}

TEST_F(SqliteStoreTest, AFailingWriteInABatchRollsBackAloneAndTheOthersCommit) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("existing")).ok());

  Blocker blocker;
  Outcomes outcomes(6);
  AsStore(*store).Write(blocker.Fn(), outcomes.Slot(0));
  blocker.WaitUntilEntered();
  // Queued while the writer is busy: the next batch takes all of them.
  AsStore(*store).Write(InsertPatient("a"), outcomes.Slot(1));
  AsStore(*store).Write(
      [](Transaction& transaction) {
        if (absl::Status s = transaction.patients().Insert(NewPatient("b"));
            !s.ok()) {
          return s;
        }
        return absl::InvalidArgumentError("b fails after inserting");
      },
      outcomes.Slot(2));
  AsStore(*store).Write(InsertPatient("existing"), outcomes.Slot(3));  // Duplicate.
  // Proves b's insert was rolled back inside the batch.
  AsStore(*store).Write(InsertPatient("b"), outcomes.Slot(4));
  AsStore(*store).Write(
      [](Transaction& transaction) -> absl::Status {
        // Sees a's insert from earlier in the same batch.
        absl::StatusOr<Patient> a = transaction.patients().Get("a");
        if (!a.ok()) return a.status();
        a->notes = "seen by a later write";
        return transaction.patients().Update(*a);
      },
      outcomes.Slot(5));
  blocker.Release();

  const std::vector<absl::Status>& statuses = outcomes.Wait();
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(statuses[1].ok()) << statuses[1];
  EXPECT_EQ(statuses[2], absl::InvalidArgumentError("b fails after inserting"));
  EXPECT_EQ(statuses[3].code(), absl::StatusCode::kAlreadyExists) << statuses[3];
  EXPECT_TRUE(statuses[4].ok()) << statuses[4];
  EXPECT_TRUE(statuses[5].ok()) << statuses[5];

  EXPECT_THAT(AllIds(*store), ElementsAre("a", "b", "existing"));
  const absl::StatusOr<Patient> a = Get(*store, "a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->notes, "seen by a later write");
  const absl::StatusOr<Patient> b = Get(*store, "b");
  ASSERT_TRUE(b.ok());
}

// Callers are answered on the store's reporter thread, in commit order:
// while one answer is slow, the writer goes on committing.
TEST_F(SqliteStoreTest, OutcomesAreReportedInCommitOrderWithoutHoldingTheWriter) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  absl::Notification first_reported, release_first, second_reported;
  std::vector<std::string> order;
  absl::Mutex order_mutex;
  const auto note = [&](const std::string& what) {
    absl::MutexLock lock(&order_mutex);
    order.push_back(what);
  };
  AsStore(*store).Write(InsertPatient("first"), [&](absl::Status status) {
    EXPECT_TRUE(status.ok()) << status;
    first_reported.Notify();
    release_first.WaitForNotification();
    note("first");
  });
  first_reported.WaitForNotification();
  AsStore(*store).Write(InsertPatient("second"), [&](absl::Status status) {
    EXPECT_TRUE(status.ok()) << status;
    note("second");
    second_reported.Notify();
  });
  // The second write commits while the first answer is still running.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (AllIds(*store).size() < 2 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_THAT(AllIds(*store), ElementsAre("first", "second"));
  EXPECT_FALSE(second_reported.HasBeenNotified());
  release_first.Notify();
  second_reported.WaitForNotification();
  absl::MutexLock lock(&order_mutex);
  EXPECT_THAT(order, ElementsAre("first", "second"));
}

TEST_F(SqliteStoreTest, AWriteWhoseDeadlinePassedIsNotRun) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::atomic<bool> ran{false};
  Outcomes outcomes(1);
  AsStore(*store).Write(
      [&ran](Transaction& transaction) {
        ran = true;
        return transaction.patients().Insert(NewPatient("late"));
      },
      outcomes.Slot(0), absl::InfinitePast());
  EXPECT_EQ(outcomes.Wait()[0].code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(ran);
  EXPECT_EQ(Get(*store, "late").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, AnExpiredWriteDoesNotAffectTheRestOfItsBatch) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  Blocker blocker;
  Outcomes outcomes(4);
  AsStore(*store).Write(blocker.Fn(), outcomes.Slot(0));
  blocker.WaitUntilEntered();
  AsStore(*store).Write(InsertPatient("before"), outcomes.Slot(1));
  AsStore(*store).Write(InsertPatient("expired"), outcomes.Slot(2),
               absl::Now() - absl::Seconds(1));
  AsStore(*store).Write(InsertPatient("after"), outcomes.Slot(3),
               absl::InfiniteFuture());
  blocker.Release();
  const std::vector<absl::Status>& statuses = outcomes.Wait();
  EXPECT_TRUE(statuses[1].ok()) << statuses[1];
  EXPECT_EQ(statuses[2].code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(statuses[3].ok()) << statuses[3];
  EXPECT_THAT(AllIds(*store), ElementsAre("after", "before"));
}

TEST_F(SqliteStoreTest, AReaderDoesNotWaitForASlowWriter) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("committed")).ok());

  absl::Notification inserted;
  absl::Notification release;
  Outcomes outcomes(1);
  AsStore(*store).Write(
      [&](Transaction& transaction) {
        absl::Status status = transaction.patients().Insert(NewPatient("pending"));
        inserted.Notify();
        release.WaitForNotification();
        return status;
      },
      outcomes.Slot(0));
  inserted.WaitForNotification();

  // The writer holds an open write transaction; reads still complete, on
  // the last committed state.
  absl::StatusOr<Patient> committed = absl::UnknownError("not read");
  absl::StatusOr<Patient> pending = absl::UnknownError("not read");
  std::thread reader([&] {
    committed = Get(*store, "committed");
    pending = Get(*store, "pending");
  });
  reader.join();
  EXPECT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(pending.status().code(), absl::StatusCode::kNotFound);

  release.Notify();
  EXPECT_TRUE(outcomes.Wait()[0].ok());
  EXPECT_TRUE(Get(*store, "pending").ok());
}

TEST_F(SqliteStoreTest, ManyConcurrentReadersAllSucceed) {
  std::unique_ptr<SqliteStore> store = Open({.max_readers = 2});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (!Get(*store, "p1").ok()) ++failures;
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(SqliteStoreTest, AReadThatFailsReportsItsStatusAndTheStoreStaysUsable) {
  std::unique_ptr<SqliteStore> store = Open({.max_readers = 1});
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Read([](Transaction&) {
              return absl::PermissionDeniedError("no");
            }),
            absl::PermissionDeniedError("no"));
  ASSERT_TRUE(store->WriteAndWait(InsertPatient("p1")).ok());
  EXPECT_TRUE(Get(*store, "p1").ok());
}

TEST_F(SqliteStoreTest, WritesQueuedBeforeDestructionAreAllCommitted) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  constexpr int kWrites = 40;
  Blocker blocker;
  Outcomes outcomes(kWrites + 1);
  AsStore(*store).Write(blocker.Fn(), outcomes.Slot(kWrites));
  blocker.WaitUntilEntered();
  std::vector<std::string> expected;
  for (int i = 0; i < kWrites; ++i) {
    expected.push_back(absl::StrCat("queued", i));
    AsStore(*store).Write(InsertPatient(expected.back()), outcomes.Slot(i));
  }
  SqliteStore* const raw = store.get();
  std::thread destroy([&] { store.reset(); });

  // Wait until the destructor has begun: from then on Write refuses at once,
  // calling `done` before it returns. Writes accepted before that point are
  // queued like the others and must be committed too.
  struct Probe {
    std::atomic<bool> answered{false};
    std::atomic<bool> ran{false};
    absl::Status status;
  };
  std::shared_ptr<Probe> refused;
  for (;;) {
    auto probe = std::make_shared<Probe>();
    AsStore(*raw).Write(
        [probe](Transaction&) {
          probe->ran = true;
          return absl::OkStatus();
        },
        [probe](absl::Status status) {
          probe->status = std::move(status);
          probe->answered = true;
        });
    if (probe->answered) {  // Answered inline: the store is stopping.
      refused = probe;
      break;
    }
    std::this_thread::yield();
  }
  blocker.Release();
  destroy.join();

  EXPECT_EQ(refused->status.code(), absl::StatusCode::kUnavailable)
      << refused->status;
  EXPECT_FALSE(refused->ran);
  for (const absl::Status& status : outcomes.Wait()) {
    EXPECT_TRUE(status.ok()) << status;
  }
  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(AllIds(*reopened), UnorderedElementsAreArray(expected));
}

TEST_F(SqliteStoreTest, DestroyingAnIdleStoreKeepsEverythingCommitted) {
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    Outcomes outcomes(10);
    for (int i = 0; i < 10; ++i) {
      AsStore(*store).Write(InsertPatient(absl::StrCat("p", i)), outcomes.Slot(i));
    }
    store.reset();  // Without waiting for the outcomes first.
    for (const absl::Status& status : outcomes.Wait()) {
      EXPECT_TRUE(status.ok()) << status;
    }
  }
  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(AllIds(*reopened).size(), 10u);
}

}  // namespace
}  // namespace mesoclinic::storage
