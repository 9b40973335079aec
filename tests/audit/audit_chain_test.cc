// The hash chain at the domain level: AppendAuditEvent, ComputeAuditHash and
// VerifyAuditChain over an in-memory repository, and over the SQLite one.

#include <functional>
#include <utility>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "core/audit/audit_event.h"
#include "core/base/status_macros.h"
#include "core/storage/patient_index_merger.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::audit {
namespace {

using ::testing::HasSubstr;

// Records in a map, as a database would keep them: tests change or remove
// them behind the chain's back.
class FakeAuditRepository : public AuditRepository {
 public:
  absl::StatusOr<AuditChainHead> Head() override {
    if (!head_error_.ok()) return head_error_;
    if (events_.empty()) return AuditChainHead{};
    return AuditChainHead{events_.rbegin()->first, events_.rbegin()->second.hash};
  }

  absl::Status Insert(const AuditEvent& event) override {
    if (!events_.emplace(event.sequence, event).second) {
      return absl::AlreadyExistsError(absl::StrCat("sequence ", event.sequence));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<AuditEvent>> List(const AuditQuery&) override {
    return absl::UnimplementedError("not needed");
  }

  absl::StatusOr<std::vector<AuditEvent>> Scan(int64_t after_sequence,
                                               int limit) override {
    if (!scan_error_.ok()) return scan_error_;
    ++scans_;
    std::vector<AuditEvent> events;
    for (auto it = events_.upper_bound(after_sequence);
         it != events_.end() && static_cast<int>(events.size()) < limit; ++it) {
      events.push_back(it->second);
    }
    return events;
  }

  // Keeps no per-patient index.
  absl::StatusOr<std::optional<int64_t>> CountPatientIndexEntries() override {
    return std::nullopt;
  }
  absl::StatusOr<std::optional<int64_t>> FirstStrayPatientIndexEntry()
      override {
    return std::nullopt;
  }

  std::map<int64_t, AuditEvent>& events() { return events_; }
  void set_head_error(absl::Status status) { head_error_ = std::move(status); }
  void set_scan_error(absl::Status status) { scan_error_ = std::move(status); }
  int scans() const { return scans_; }

 private:
  std::map<int64_t, AuditEvent> events_;
  absl::Status head_error_;
  absl::Status scan_error_;
  int scans_ = 0;
};

AuditEvent SampleEvent(int i) {
  AuditEvent event;
  event.time = absl::FromUnixMicros(1'800'000'000'000'000 + i * 1000);
  event.staff_id = absl::StrCat("staff", i % 3);
  event.role = static_cast<staff::Role>(1 + i % 3);
  event.method = i % 2 == 0 ? "/clinic.v1.PatientService/GetPatient"
                            : "/clinic.v1.PatientService/ListPatients";
  event.resource = absl::StrCat("patients/p", i);
  for (int p = 0; p < i % 4; ++p) {
    event.patient_ids.push_back(absl::StrCat("p", i, "x", p));
  }
  event.outcome = i % 5 == 0 ? absl::StatusCode::kNotFound
                             : absl::StatusCode::kOk;
  return event;
}

void AppendSamples(AuditRepository& repository, int count) {
  for (int i = 1; i <= count; ++i) {
    ASSERT_TRUE(AppendAuditEvent(repository, SampleEvent(i)).ok());
  }
}

ChainVerification VerifyOk(AuditRepository& repository) {
  const absl::StatusOr<ChainVerification> verification =
      VerifyAuditChain(repository);
  EXPECT_TRUE(verification.ok()) << verification.status();
  return verification.ok() ? *verification : ChainVerification{};
}

// ---------------------------------------------------------------------------
// ComputeAuditHash.

TEST(AuditHashTest, IsA32ByteDigestThatDependsOnContentOnly) {
  AuditEvent event = SampleEvent(3);
  event.sequence = 3;
  event.previous_hash = std::string(32, '\x11');
  const std::string hash = ComputeAuditHash(event);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(ComputeAuditHash(event), hash);
  // The record's own hash field is not part of its content.
  event.hash = "anything";
  EXPECT_EQ(ComputeAuditHash(event), hash);
}

TEST(AuditHashTest, ChangesWhenAnyFieldChanges) {
  AuditEvent base = SampleEvent(3);
  base.sequence = 3;
  base.previous_hash = std::string(32, '\x11');
  const std::string hash = ComputeAuditHash(base);
  const std::vector<std::pair<std::string, std::function<void(AuditEvent&)>>>
      changes = {
          {"sequence", [](AuditEvent& e) { ++e.sequence; }},
          {"time", [](AuditEvent& e) { e.time += absl::Microseconds(1); }},
          {"staff_id", [](AuditEvent& e) { e.staff_id += "x"; }},
          {"role", [](AuditEvent& e) { e.role = staff::Role::kUnspecified; }},
          {"method", [](AuditEvent& e) { e.method = "/x.Y/Z"; }},
          {"resource", [](AuditEvent& e) { e.resource.clear(); }},
          {"patient added", [](AuditEvent& e) { e.patient_ids.push_back("q"); }},
          {"patient removed", [](AuditEvent& e) { e.patient_ids.pop_back(); }},
          {"patient changed", [](AuditEvent& e) { e.patient_ids[0] += "q"; }},
          {"patients reordered",
           [](AuditEvent& e) { std::swap(e.patient_ids[0], e.patient_ids[1]); }},
          {"outcome",
           [](AuditEvent& e) { e.outcome = absl::StatusCode::kPermissionDenied; }},
          {"previous_hash", [](AuditEvent& e) { e.previous_hash[31] ^= 1; }},
          {"validate_only", [](AuditEvent& e) { e.validate_only = true; }},
      };
  ASSERT_GE(base.patient_ids.size(), 2u);
  for (const auto& [label, change] : changes) {
    SCOPED_TRACE(label);
    AuditEvent changed = base;
    change(changed);
    EXPECT_NE(ComputeAuditHash(changed), hash);
  }
}

// Fields are length-prefixed: moving characters from one field to the next
// gives another hash.
TEST(AuditHashTest, NoTwoRecordsSerializeAlike) {
  AuditEvent a;
  a.staff_id = "ab";
  a.method = "c";
  AuditEvent b;
  b.staff_id = "a";
  b.method = "bc";
  EXPECT_NE(ComputeAuditHash(a), ComputeAuditHash(b));

  AuditEvent one_patient;
  one_patient.patient_ids = {"a;b"};
  AuditEvent two_patients;
  two_patients.patient_ids = {"a", "b"};
  EXPECT_NE(ComputeAuditHash(one_patient), ComputeAuditHash(two_patients));

  AuditEvent in_resource;
  in_resource.resource = "x";
  AuditEvent in_patient;
  in_patient.patient_ids = {"x"};
  EXPECT_NE(ComputeAuditHash(in_resource), ComputeAuditHash(in_patient));
}

// ---------------------------------------------------------------------------
// AppendAuditEvent.

TEST(AppendAuditEventTest, LinksEachRecordToThePreviousOne) {
  FakeAuditRepository repository;
  AppendSamples(repository, 5);
  ASSERT_EQ(repository.events().size(), 5u);
  std::string previous(32, '\0');
  int64_t expected_sequence = 1;
  for (const auto& [sequence, event] : repository.events()) {
    EXPECT_EQ(sequence, expected_sequence);
    EXPECT_EQ(event.sequence, expected_sequence);
    EXPECT_EQ(event.previous_hash, previous);
    EXPECT_EQ(event.hash, ComputeAuditHash(event));
    previous = event.hash;
    ++expected_sequence;
  }
}

TEST(AppendAuditEventTest, IgnoresChainFieldsTheCallerSet) {
  FakeAuditRepository repository;
  AuditEvent event = SampleEvent(1);
  event.sequence = 42;
  event.previous_hash = "forged";
  event.hash = "forged";
  ASSERT_TRUE(AppendAuditEvent(repository, event).ok());
  ASSERT_EQ(repository.events().count(1), 1u);
  EXPECT_EQ(repository.events()[1].previous_hash, std::string(32, '\0'));
  EXPECT_EQ(repository.events()[1].hash, ComputeAuditHash(repository.events()[1]));
}

TEST(AppendAuditEventTest, PassesOnRepositoryErrors) {
  FakeAuditRepository repository;
  repository.set_head_error(absl::UnavailableError("disk gone"));
  const absl::Status status = AppendAuditEvent(repository, SampleEvent(1));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(repository.events().empty());
}

// ---------------------------------------------------------------------------
// VerifyAuditChain.

TEST(VerifyAuditChainTest, EmptyChainIsIntact) {
  FakeAuditRepository repository;
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_TRUE(verification.intact);
  EXPECT_EQ(verification.records_checked, 0);
  EXPECT_EQ(verification.first_broken_sequence, 0);
  EXPECT_TRUE(verification.problem.empty());
}

TEST(VerifyAuditChainTest, IntactChainReportsItsLength) {
  FakeAuditRepository repository;
  AppendSamples(repository, 25);
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_TRUE(verification.intact);
  EXPECT_EQ(verification.records_checked, 25);
}

TEST(VerifyAuditChainTest, ChangedRecordIsReportedAtItsSequence) {
  FakeAuditRepository repository;
  AppendSamples(repository, 10);
  repository.events()[7].resource = "patients/forged";
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 7);
  EXPECT_EQ(verification.records_checked, 6);
  EXPECT_THAT(verification.problem, HasSubstr("record 7 was changed"));
}

// Re-hashing a changed record does not help: the next record no longer
// follows it.
TEST(VerifyAuditChainTest, RehashedRecordBreaksTheNextLink) {
  FakeAuditRepository repository;
  AppendSamples(repository, 10);
  AuditEvent& forged = repository.events()[4];
  forged.outcome = absl::StatusCode::kOk;
  forged.staff_id = "someone-else";
  forged.hash = ComputeAuditHash(forged);
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 5);
  EXPECT_THAT(verification.problem, HasSubstr("record 5 does not follow record 4"));
}

TEST(VerifyAuditChainTest, RemovedRecordIsReportedMissing) {
  FakeAuditRepository repository;
  AppendSamples(repository, 10);
  repository.events().erase(6);
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 6);
  EXPECT_EQ(verification.records_checked, 5);
  EXPECT_THAT(verification.problem, HasSubstr("record 6 is missing"));
}

TEST(VerifyAuditChainTest, RemovedFirstRecordIsReportedMissing) {
  FakeAuditRepository repository;
  AppendSamples(repository, 3);
  repository.events().erase(1);
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 1);
  EXPECT_THAT(verification.problem, HasSubstr("record 1 is missing"));
}

// Renumbering the records after a removal still breaks the links.
TEST(VerifyAuditChainTest, RemovedAndRenumberedRecordIsReported) {
  FakeAuditRepository repository;
  AppendSamples(repository, 5);
  std::map<int64_t, AuditEvent> renumbered;
  for (auto& [sequence, event] : repository.events()) {
    if (sequence == 3) continue;
    const int64_t new_sequence = sequence > 3 ? sequence - 1 : sequence;
    event.sequence = new_sequence;
    renumbered[new_sequence] = event;
  }
  repository.events() = renumbered;
  const ChainVerification verification = VerifyOk(repository);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 3);
}

// The chain is read in chunks; breaks on either side of a chunk boundary
// are found at the right place.
TEST(VerifyAuditChainTest, LongChainsAreCheckedAcrossChunks) {
  FakeAuditRepository repository;
  AppendSamples(repository, 2500);
  ChainVerification verification = VerifyOk(repository);
  EXPECT_TRUE(verification.intact);
  EXPECT_EQ(verification.records_checked, 2500);
  EXPECT_GE(repository.scans(), 3);

  for (int64_t broken : {1000, 1001, 2000, 2001, 2500}) {
    SCOPED_TRACE(broken);
    FakeAuditRepository copy;
    copy.events() = repository.events();
    copy.events()[broken].method = "/forged";
    verification = VerifyOk(copy);
    EXPECT_FALSE(verification.intact);
    EXPECT_EQ(verification.first_broken_sequence, broken);
    EXPECT_EQ(verification.records_checked, broken - 1);
    EXPECT_THAT(verification.problem, HasSubstr("changed"));

    copy.events() = repository.events();
    copy.events().erase(broken);
    verification = VerifyOk(copy);
    if (broken == 2500) continue;  // See DeletingTheNewestRecordIsReported.
    EXPECT_FALSE(verification.intact);
    EXPECT_EQ(verification.first_broken_sequence, broken);
    EXPECT_THAT(verification.problem, HasSubstr("missing"));
  }
}

TEST(VerifyAuditChainTest, PassesOnRepositoryErrors) {
  FakeAuditRepository repository;
  AppendSamples(repository, 3);
  repository.set_scan_error(absl::DataLossError("corrupt page"));
  const absl::StatusOr<ChainVerification> verification =
      VerifyAuditChain(repository);
  EXPECT_EQ(verification.status().code(), absl::StatusCode::kDataLoss);
}

// ---------------------------------------------------------------------------
// The same over the SQLite repository: what it stores verifies, and a change
// made in the file is found.

class SqliteAuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::SqliteStore>> store =
        storage::SqliteStore::Open({.path = dir_.File("clinic.db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  absl::Status Append(const AuditEvent& event) {
    return store_->WriteAndWait([event](storage::Transaction& transaction) {
      return AppendAuditEvent(transaction.audit(), event);
    });
  }

  ChainVerification Verify() {
    ChainVerification result;
    const absl::Status status =
        store_->Read([&](storage::Transaction& transaction) -> absl::Status {
          absl::StatusOr<ChainVerification> verification =
              VerifyAuditChain(transaction.audit());
          if (!verification.ok()) return verification.status();
          result = *verification;
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return result;
  }

  // Runs `sql` on the file, as someone editing it behind clinicd's back
  // would (the append-only triggers dropped).
  void Tamper(const std::string& sql) {
    SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READWRITE, 5000);
    db.exec("DROP TRIGGER audit_event_patients_no_delete");
    db.exec(sql);
  }

  // Brings the per-patient index up to the trail, as clinicd's merger
  // does in the background.
  void MergeIndex() {
    const absl::StatusOr<int64_t> merged = storage::MergePatientIndex(*store_);
    EXPECT_TRUE(merged.ok()) << merged.status();
  }

  // Appends sample records 1 to 10, merges them into the per-patient index,
  // runs `sql` on the file, and verifies.
  ChainVerification VerifyTenRecordsAfter(const std::string& sql) {
    for (int i = 1; i <= 10; ++i) EXPECT_TRUE(Append(SampleEvent(i)).ok());
    MergeIndex();
    Tamper(sql);
    return Verify();
  }

  mesoclinic::testing::TempDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
};

// Every field survives storage exactly, or the stored chain would not
// verify: times to the microsecond, several patients, every role and
// outcome.
TEST_F(SqliteAuditChainTest, StoredChainVerifies) {
  for (int i = 1; i <= 40; ++i) {
    ASSERT_TRUE(Append(SampleEvent(i)).ok());
  }
  AuditEvent odd = SampleEvent(41);
  odd.time = absl::FromUnixMicros(1'800'000'000'123'457);
  odd.outcome = absl::StatusCode::kUnauthenticated;
  odd.resource = "";
  odd.method = "clinicd/BootstrapFirstAdmin";
  ASSERT_TRUE(Append(odd).ok());
  const ChainVerification verification = Verify();
  EXPECT_TRUE(verification.intact) << verification.problem;
  EXPECT_EQ(verification.records_checked, 41);
}

TEST_F(SqliteAuditChainTest, ChangeInTheFileIsFound) {
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(Append(SampleEvent(i)).ok());
  {
    SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READWRITE, 5000);
    db.exec("DROP TRIGGER audit_events_no_update");
    // Record 7 names patients p7x0, p7x1 and p7x2: one is removed.
    db.exec("UPDATE audit_events SET patient_ids = 'p7x0 p7x2' "
            "WHERE sequence = 7");
  }
  ChainVerification verification = Verify();
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 7);
  EXPECT_THAT(verification.problem, HasSubstr("changed"));
}

// The per-patient index (what ListAuditEvents(patient=...) reads) must list
// each record under exactly the patients it names. Sample record i names
// i % 4 patients, "p<i>x0"...
struct IndexTampering {
  const char* name;
  const char* sql;
  int64_t broken_sequence;
  const char* problem;  // Part of the reported problem.
};

class SqliteAuditIndexTamperingTest
    : public SqliteAuditChainTest,
      public ::testing::WithParamInterface<IndexTampering> {};

TEST_P(SqliteAuditIndexTamperingTest, IsFoundAtTheRecordItConcerns) {
  const ChainVerification verification =
      VerifyTenRecordsAfter(GetParam().sql);
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, GetParam().broken_sequence);
  EXPECT_THAT(verification.problem, HasSubstr(GetParam().problem));
}

INSTANTIATE_TEST_SUITE_P(
    Tamperings, SqliteAuditIndexTamperingTest,
    ::testing::Values(
        // An access hidden from one patient's history.
        IndexTampering{"RecordMissingFromAPatientsIndex",
                       "DELETE FROM audit_event_patients "
                       "WHERE patient_id = 'p7x1' AND sequence = 7",
                       7, "no longer lists the patients it names"},
        // Record 4 names no patient: it is made to appear in someone's.
        IndexTampering{"RecordListedUnderAnotherPatient",
                       "INSERT INTO audit_event_patients "
                       "(patient_id, sequence) VALUES ('someone', 4)",
                       4, "record 4 under a patient"},
        // A prefix of a patient the record names is another patient.
        IndexTampering{"RecordListedUnderAPrefixOfItsPatient",
                       "INSERT INTO audit_event_patients "
                       "(patient_id, sequence) VALUES ('p7x', 7)",
                       7, "record 7 under a patient"},
        IndexTampering{"EntryForARecordThatDoesNotExist",
                       "INSERT INTO audit_event_patients "
                       "(patient_id, sequence) VALUES ('p3x0', 42)",
                       42, "record 42 under a patient"}),
    [](const ::testing::TestParamInfo<IndexTampering>& info) {
      return std::string(info.param.name);
    });

// Verification reads the trail in chunks of 1,000 records: a change to the
// index far into the trail is found and placed exactly.
TEST_F(SqliteAuditChainTest, IndexChangeInALaterChunkIsFound) {
  constexpr int kRecords = 2'500;
  ASSERT_TRUE(store_
                  ->WriteAndWait([](storage::Transaction& transaction) {
                    for (int i = 1; i <= kRecords; ++i) {
                      RETURN_IF_ERROR(AppendAuditEvent(transaction.audit(),
                                                       SampleEvent(i)));
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  MergeIndex();
  ChainVerification verification = Verify();
  EXPECT_TRUE(verification.intact) << verification.problem;
  EXPECT_EQ(verification.records_checked, kRecords);

  Tamper("DELETE FROM audit_event_patients "
         "WHERE patient_id = 'p1703x2' AND sequence = 1703");
  verification = Verify();
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.first_broken_sequence, 1703);
}

}  // namespace
}  // namespace mesoclinic::audit
