// The store's side of tamper evidence: every change the writer makes to a
// resource is named, with its digest, by the audit record of the same
// write, or the write is refused and undone.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/audit/audit_event.h"
#include "core/scheduling/calendar.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class AuditedChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open({.path = dir_.File("clinic.db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  static scheduling::Room NewRoom(const std::string& id) {
    return {.id = id, .display_name = "Salle 1", .create_time = absl::Now()};
  }

  static absl::Status Record(Transaction& transaction) {
    return audit::AppendAuditEvent(
        transaction.audit(), audit::ClinicdEvent("Test", absl::Now()));
  }

  // The newest audit record.
  audit::AuditEvent Newest() {
    audit::AuditEvent newest;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& transaction) -> absl::Status {
                      absl::StatusOr<audit::AuditChainHead> head =
                          transaction.audit().Head();
                      if (!head.ok()) return head.status();
                      absl::StatusOr<std::vector<audit::AuditEvent>> events =
                          transaction.audit().Scan(head->sequence - 1, 1);
                      if (!events.ok()) return events.status();
                      if (!events->empty()) newest = events->front();
                      return absl::OkStatus();
                    })
                    .ok());
    return newest;
  }

  std::string StoredDigest(const std::string& resource) {
    std::string digest;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& transaction) -> absl::Status {
                      absl::StatusOr<std::string> stored =
                          transaction.audit().StoredDigest(resource);
                      if (!stored.ok()) return stored.status();
                      digest = *stored;
                      return absl::OkStatus();
                    })
                    .ok());
    return digest;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(AuditedChangesTest, AChangeNoRecordNamesIsRefusedAndUndone) {
  const absl::Status written =
      store_->WriteAndWait([](Transaction& transaction) {
        return transaction.scheduling().InsertRoom(NewRoom("r1"));
      });
  EXPECT_EQ(written.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(written.message(),
              HasSubstr("changed rooms/r1 without recording it in the audit "
                        "trail; it was undone"));
  EXPECT_EQ(StoredDigest("rooms/r1"), "");
}

TEST_F(AuditedChangesTest, TheRecordNamesWhatTheWriteChangedWithItsDigest) {
  ASSERT_TRUE(store_
                  ->WriteAndWait([](Transaction& transaction) -> absl::Status {
                    absl::Status inserted =
                        transaction.scheduling().InsertRoom(NewRoom("r2"));
                    if (!inserted.ok()) return inserted;
                    inserted =
                        transaction.scheduling().InsertRoom(NewRoom("r1"));
                    if (!inserted.ok()) return inserted;
                    return Record(transaction);
                  })
                  .ok());
  const std::string r1 = StoredDigest("rooms/r1");
  const std::string r2 = StoredDigest("rooms/r2");
  EXPECT_EQ(r1.size(), 32u);
  EXPECT_NE(r1, r2) << "the digest covers every column, the id too";
  EXPECT_THAT(Newest().resource_digests,
              ElementsAre(audit::ResourceDigest{"rooms/r1", r1},
                          audit::ResourceDigest{"rooms/r2", r2}));
}

TEST_F(AuditedChangesTest, ADeletedResourceIsNamedWithAnEmptyDigest) {
  const scheduling::Closure closure{
      .id = "c1",
      .period = {absl::Now(), absl::Now() + absl::Hours(2)},
      .reason = "painting",
      .create_time = absl::Now()};
  ASSERT_TRUE(store_
                  ->WriteAndWait([&](Transaction& transaction) -> absl::Status {
                    const absl::Status inserted =
                        transaction.scheduling().InsertClosure(closure);
                    if (!inserted.ok()) return inserted;
                    return Record(transaction);
                  })
                  .ok());
  EXPECT_EQ(Newest().resource_digests.size(), 1u);
  ASSERT_TRUE(store_
                  ->WriteAndWait([](Transaction& transaction) -> absl::Status {
                    const absl::Status deleted =
                        transaction.scheduling().DeleteClosure("c1");
                    if (!deleted.ok()) return deleted;
                    return Record(transaction);
                  })
                  .ok());
  EXPECT_THAT(Newest().resource_digests,
              ElementsAre(audit::ResourceDigest{"closures/c1", ""}));
}

TEST_F(AuditedChangesTest, AChangeRolledBackBeforeTheRecordIsNotNamed) {
  ASSERT_TRUE(store_
                  ->WriteAndWait([](Transaction& transaction) -> absl::Status {
                    const absl::Status refused = transaction.RunNested([&] {
                      const absl::Status inserted =
                          transaction.scheduling().InsertRoom(NewRoom("r3"));
                      if (!inserted.ok()) return inserted;
                      return absl::FailedPreconditionError("refused");
                    });
                    EXPECT_EQ(refused.code(),
                              absl::StatusCode::kFailedPrecondition);
                    return Record(transaction);
                  })
                  .ok());
  EXPECT_THAT(Newest().resource_digests, IsEmpty());
  EXPECT_EQ(StoredDigest("rooms/r3"), "");
}

TEST_F(AuditedChangesTest, EachRecordNamesOnlyTheChangesOfItsOwnWrite) {
  ASSERT_TRUE(store_
                  ->WriteAndWait([](Transaction& transaction) -> absl::Status {
                    const absl::Status inserted =
                        transaction.scheduling().InsertRoom(NewRoom("r4"));
                    if (!inserted.ok()) return inserted;
                    return Record(transaction);
                  })
                  .ok());
  ASSERT_TRUE(store_->WriteAndWait(&Record).ok());
  EXPECT_THAT(Newest().resource_digests, IsEmpty());
}

}  // namespace
}  // namespace mesoclinic::storage
