// A full disk and a read-only file system: writes fail with a clear status
// (RESOURCE_EXHAUSTED, UNAVAILABLE), what was committed stays intact, reads
// go on, and writes work again as soon as the disk does. A write whose
// fsync fails is never answered as a success.

#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/fault_injecting_vfs.h"
#include "tests/storage/store_test_support.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Fault = testing::FaultInjectingVfs::Fault;

class DiskFaultTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> OpenFaulty() {
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open({.path = path_,
                           .vfs = vfs_.name(),
                           .require_audited_changes = false});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  static std::vector<std::string> Ids(Store& store) {
    std::vector<std::string> ids;
    const absl::Status status = store.Read([&](Transaction& transaction) {
      absl::StatusOr<patients::PatientPage> page = transaction.patients().List(
          {.include_archived = true, .limit = 1000});
      if (!page.ok()) return page.status();
      for (const patients::Patient& patient : page->patients) {
        ids.push_back(patient.id);
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return ids;
  }

  // Opens the file again, through the ordinary VFS, and checks it.
  void ExpectIntactWith(const std::vector<std::string>& ids) {
    SQLite::Database database(path_, SQLite::OPEN_READONLY);
    EXPECT_EQ(database.execAndGet("PRAGMA integrity_check").getString(), "ok");
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open({.path = path_});
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_EQ(Ids(**store), ids);
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.File("clinic.db");
  testing::FaultInjectingVfs vfs_{"disk_fault_test"};
};

// A fault while writing, and the status that says so.
struct WriteFault {
  Fault fault;
  absl::StatusCode code;
  const char* message;  // Part of the status message.
};

class WriteFaultTest : public DiskFaultTest,
                       public ::testing::WithParamInterface<WriteFault> {};

// The write made during the fault fails with a clear status and leaves no
// trace; reads go on meanwhile, and writes work again once the fault is
// gone.
TEST_P(WriteFaultTest, WriteFailsClearlyAndWritesResumeAfter) {
  const WriteFault& fault = GetParam();
  {
    std::unique_ptr<SqliteStore> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->WriteAndWait(InsertPatient("before")).ok());

    vfs_.set_fault(fault.fault);
    const absl::Status failed = store->WriteAndWait(InsertPatient("during"));
    EXPECT_EQ(failed.code(), fault.code) << failed;
    EXPECT_THAT(failed.message(), HasSubstr(fault.message));
    EXPECT_THAT(Ids(*store), ElementsAre("before"));

    vfs_.set_fault(Fault::kNone);
    EXPECT_TRUE(store->WriteAndWait(InsertPatient("after")).ok());
    EXPECT_THAT(Ids(*store), ElementsAre("after", "before"));
  }
  ExpectIntactWith({"after", "before"});
}

INSTANTIATE_TEST_SUITE_P(
    Faults, WriteFaultTest,
    ::testing::Values(
        WriteFault{Fault::kDiskFull, absl::StatusCode::kResourceExhausted,
                   "disk is full"},
        WriteFault{Fault::kReadOnly, absl::StatusCode::kUnavailable,
                   "storage"},
        // The pages reached the kernel but not the disk: never answered
        // as a success.
        WriteFault{Fault::kSyncFails, absl::StatusCode::kUnavailable,
                   "retried with the same request_id"}),
    [](const ::testing::TestParamInfo<WriteFault>& info) {
      switch (info.param.fault) {
        case Fault::kDiskFull:
          return "FullDisk";
        case Fault::kReadOnly:
          return "ReadOnlyFileSystem";
        case Fault::kSyncFails:
          return "FailingSync";
        case Fault::kNone:
          break;
      }
      return "None";
    });

TEST_F(DiskFaultTest, ManyWritesDuringAFullDiskAllFailAndNoneIsHalfDone) {
  {
    std::unique_ptr<SqliteStore> store = OpenFaulty();
    ASSERT_NE(store, nullptr);
    vfs_.set_fault(Fault::kDiskFull);
    Outcomes outcomes(20);
    for (int i = 0; i < 20; ++i) {
      AsStore(*store).Write(InsertPatient(absl::StrCat("p", i)),
                            outcomes.Slot(i));
    }
    for (const absl::Status& status : outcomes.Wait()) {
      EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted) << status;
    }
    vfs_.set_fault(Fault::kNone);
  }
  ExpectIntactWith({});
}

TEST_F(DiskFaultTest, ReadOnlyDatabaseIsRefusedAtStart) {
  { ASSERT_NE(OpenFaulty(), nullptr); }  // Creates the database.
  vfs_.set_fault(Fault::kReadOnly);
  absl::StatusOr<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open({.path = path_,
                           .vfs = vfs_.name(),
                           .require_audited_changes = false});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(store.status().message(), HasSubstr("for writing"));
  EXPECT_THAT(store.status().message(), HasSubstr("read-only file system"));
}

}  // namespace
}  // namespace mesoclinic::storage
