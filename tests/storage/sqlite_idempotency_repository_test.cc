#include "core/storage/sqlite_idempotency_repository.h"

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"

namespace mesoclinic::storage {
namespace {

class SqliteIdempotencyRepositoryTest : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    repository_ = std::make_unique<SqliteIdempotencyRepository>(*connection_);
  }

  static IdempotencyRecord Record(std::string caller, std::string method,
                                  std::string request_id,
                                  std::string response) {
    return {.caller = std::move(caller),
            .method = std::move(method),
            .request_id = std::move(request_id),
            .request_hash = Sha256(response),
            .response = std::move(response),
            .create_time = absl::FromUnixMicros(1'790'000'000'123'456)};
  }

  std::optional<IdempotencyRecord> Find(const std::string& caller,
                                        const std::string& method,
                                        const std::string& request_id) {
    absl::StatusOr<std::optional<IdempotencyRecord>> found =
        repository_->Find(caller, method, request_id);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : std::nullopt;
  }

  std::unique_ptr<SqliteIdempotencyRepository> repository_;
};

constexpr char kCreate[] = "/clinic.v1.PatientService/CreatePatient";
constexpr char kUpdate[] = "/clinic.v1.PatientService/UpdatePatient";

TEST_F(SqliteIdempotencyRepositoryTest, FindsNothingForAnUnknownRequest) {
  EXPECT_EQ(Find("reception", kCreate, "req-1"), std::nullopt);
}

TEST_F(SqliteIdempotencyRepositoryTest, FindsAnInsertedRecordWithEveryField) {
  const IdempotencyRecord record =
      Record("reception", kCreate, "3f2b8c1e-9d4a", "serialized response");
  ASSERT_TRUE(repository_->Insert(record).ok());

  const std::optional<IdempotencyRecord> found =
      Find("reception", kCreate, "3f2b8c1e-9d4a");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->caller, "reception");
  EXPECT_EQ(found->method, kCreate);
  EXPECT_EQ(found->request_id, "3f2b8c1e-9d4a");
  EXPECT_EQ(found->request_hash, record.request_hash);
  EXPECT_EQ(found->response, "serialized response");
  EXPECT_EQ(found->create_time, record.create_time);
}

TEST_F(SqliteIdempotencyRepositoryTest, KeepsBlobsWithNulAndHighBytesIntact) {
  // Serialized protobufs and raw SHA-256 digests routinely contain NULs.
  const std::string response("\x0A\x00\x12\x00\xFF\xFE\x00", 7);
  IdempotencyRecord record = Record("reception", kCreate, "req-nul", response);
  record.request_hash = std::string("\x00\x01\x00\x80", 4);
  ASSERT_TRUE(repository_->Insert(record).ok());

  const std::optional<IdempotencyRecord> found =
      Find("reception", kCreate, "req-nul");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->response, response);
  EXPECT_EQ(found->response.size(), 7u);
  EXPECT_EQ(found->request_hash, std::string("\x00\x01\x00\x80", 4));
}

TEST_F(SqliteIdempotencyRepositoryTest, KeepsARawSha256Digest) {
  const IdempotencyRecord record =
      Record("reception", kCreate, "req-hash", "request bytes");
  ASSERT_EQ(record.request_hash.size(), 32u);
  ASSERT_TRUE(repository_->Insert(record).ok());
  const std::optional<IdempotencyRecord> found =
      Find("reception", kCreate, "req-hash");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->request_hash, Sha256("request bytes"));
}

TEST_F(SqliteIdempotencyRepositoryTest, SameRequestIdOfAnotherCallerIsSeparate) {
  ASSERT_TRUE(
      repository_->Insert(Record("reception", kCreate, "req-1", "first")).ok());
  EXPECT_EQ(Find("dr-martin", kCreate, "req-1"), std::nullopt);

  ASSERT_TRUE(
      repository_->Insert(Record("dr-martin", kCreate, "req-1", "second")).ok());
  EXPECT_EQ(Find("reception", kCreate, "req-1")->response, "first");
  EXPECT_EQ(Find("dr-martin", kCreate, "req-1")->response, "second");
}

TEST_F(SqliteIdempotencyRepositoryTest, SameRequestIdOfAnotherMethodIsSeparate) {
  ASSERT_TRUE(
      repository_->Insert(Record("reception", kCreate, "req-1", "created"))
          .ok());
  EXPECT_EQ(Find("reception", kUpdate, "req-1"), std::nullopt);

  ASSERT_TRUE(
      repository_->Insert(Record("reception", kUpdate, "req-1", "updated"))
          .ok());
  EXPECT_EQ(Find("reception", kCreate, "req-1")->response, "created");
  EXPECT_EQ(Find("reception", kUpdate, "req-1")->response, "updated");
}

TEST_F(SqliteIdempotencyRepositoryTest, RequestIdsAreCaseSensitive) {
  ASSERT_TRUE(
      repository_->Insert(Record("reception", kCreate, "Req-1", "upper")).ok());
  EXPECT_EQ(Find("reception", kCreate, "req-1"), std::nullopt);
}

TEST_F(SqliteIdempotencyRepositoryTest, RefusesASecondRecordForTheSameRequest) {
  ASSERT_TRUE(
      repository_->Insert(Record("reception", kCreate, "req-1", "first")).ok());
  const absl::Status second =
      repository_->Insert(Record("reception", kCreate, "req-1", "second"));
  EXPECT_EQ(second.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Find("reception", kCreate, "req-1")->response, "first");
}

TEST_F(SqliteIdempotencyRepositoryTest, DeletesOnlyRecordsOlderThanTheCutoff) {
  const absl::Time cutoff = absl::FromUnixSeconds(1'800'000'000);
  for (int i = 0; i < 5; ++i) {
    IdempotencyRecord old = Record("reception", kCreate,
                                   absl::StrCat("old-", i), "old answer");
    old.create_time = cutoff - absl::Hours(i + 1);
    ASSERT_TRUE(repository_->Insert(old).ok());
  }
  IdempotencyRecord recent = Record("reception", kCreate, "recent", "kept");
  recent.create_time = cutoff;
  ASSERT_TRUE(repository_->Insert(recent).ok());

  // In batches: 2, 2, then the last one, then nothing.
  for (const int expected : {2, 2, 1, 0}) {
    absl::StatusOr<int> deleted = repository_->DeleteCreatedBefore(cutoff, 2);
    ASSERT_TRUE(deleted.ok()) << deleted.status();
    EXPECT_EQ(*deleted, expected);
  }
  EXPECT_EQ(Find("reception", kCreate, "old-0"), std::nullopt);
  EXPECT_EQ(Find("reception", kCreate, "recent")->response, "kept");
}

}  // namespace
}  // namespace mesoclinic::storage
