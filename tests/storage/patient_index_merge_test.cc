// The per-patient audit index merged behind the trail: records are appended
// alone, audit::PatientIndexMerge indexes their patients in batches sorted
// by patient, a few patients per write, and "who saw this patient" (List by
// patient) is exact before, during and after a merge, and after a restart
// in the middle of a batch. PatientIndexMerger runs the merges in the
// background.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/audit/audit_event.h"
#include "core/audit/patient_index_merge.h"
#include "core/base/status_macros.h"
#include "core/storage/patient_index_merger.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kListSessions[] = "/clinic.v1.SchedulingService/ListSessions";
constexpr char kGetPatient[] = "/clinic.v1.PatientService/GetPatient";

// A day's listing naming `patients` (a patient may appear twice: two
// sessions on the day).
audit::AuditEvent Listing(std::vector<std::string> patients, int minute) {
  audit::AuditEvent event;
  event.time = absl::FromUnixSeconds(1'800'000'000 + minute * 60);
  event.staff_id = "desk";
  event.role = staff::Role::kFrontDesk;
  event.method = kListSessions;
  event.patient_ids = std::move(patients);
  return event;
}

audit::AuditEvent Read(const std::string& patient, int minute) {
  audit::AuditEvent event = Listing({patient}, minute);
  event.method = kGetPatient;
  event.resource = absl::StrCat("patients/", patient);
  return event;
}

// How far the per-patient index has got; nullopt when it is written with
// each record.
std::optional<audit::PatientIndexProgress> ProgressOf(Store& store) {
  std::optional<audit::PatientIndexProgress> progress;
  EXPECT_TRUE(store
                  .Read([&](Transaction& transaction) -> absl::Status {
                    ASSIGN_OR_RETURN(
                        progress,
                        transaction.audit().ReadPatientIndexProgress());
                    return absl::OkStatus();
                  })
                  .ok());
  return progress;
}

class PatientIndexMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open({.path = dir_.File("clinic.db")});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void Append(std::vector<audit::AuditEvent> events) {
    ASSERT_TRUE(store_
                    ->WriteAndWait([&](Transaction& transaction) {
                      for (const audit::AuditEvent& event : events) {
                        RETURN_IF_ERROR(
                            AppendAuditEvent(transaction.audit(), event));
                      }
                      return absl::OkStatus();
                    })
                    .ok());
  }

  // One step of `merge`, its own write.
  audit::PatientIndexMerge::Step Next(audit::PatientIndexMerge& merge) {
    audit::PatientIndexMerge::Step step;
    const absl::Status status =
        store_->WriteAndWait([&](Transaction& transaction) -> absl::Status {
          ASSIGN_OR_RETURN(step, merge.Next(transaction.audit()));
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return step;
  }

  // Steps of a merge with `options` until one opens no batch.
  void MergeAll(audit::PatientIndexMerge::Options options = {}) {
    audit::PatientIndexMerge merge(options);
    while (!Next(merge).caught_up) {
    }
  }

  // The sequences List answers for `query`.
  std::vector<int64_t> Sequences(const audit::AuditQuery& query) {
    std::vector<int64_t> sequences;
    const absl::Status status =
        store_->Read([&](Transaction& transaction) -> absl::Status {
          ASSIGN_OR_RETURN(const std::vector<audit::AuditEvent> events,
                           transaction.audit().List(query));
          for (const audit::AuditEvent& event : events) {
            sequences.push_back(event.sequence);
          }
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return sequences;
  }

  std::vector<int64_t> History(const std::string& patient, int limit = 100,
                               int64_t after = 0) {
    return Sequences(
        {.patient_id = patient, .after_sequence = after, .limit = limit});
  }

  // Every record of `patient`'s history, page by page of `page` records.
  std::vector<int64_t> HistoryByPages(const std::string& patient, int page) {
    std::vector<int64_t> all;
    while (true) {
      const std::vector<int64_t> more =
          History(patient, page, all.empty() ? 0 : all.back());
      all.insert(all.end(), more.begin(), more.end());
      if (static_cast<int>(more.size()) < page) return all;
    }
  }

  int64_t MergedThrough() { return ProgressOf(*store_)->merged_through; }
  audit::PatientIndexProgress Progress() { return *ProgressOf(*store_); }

  int64_t IndexRows() {
    SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM audit_event_patients")
        .getInt64();
  }

  audit::ChainVerification Verify() {
    audit::ChainVerification result;
    EXPECT_TRUE(store_
                    ->Read([&](Transaction& transaction) -> absl::Status {
                      ASSIGN_OR_RETURN(result,
                                       VerifyAuditChain(transaction.audit()));
                      return absl::OkStatus();
                    })
                    .ok());
    return result;
  }

  // Verification must find the trail broken at `sequence`; returns it.
  audit::ChainVerification ExpectBrokenAt(int64_t sequence) {
    const audit::ChainVerification verification = Verify();
    EXPECT_FALSE(verification.intact);
    EXPECT_EQ(verification.first_broken_sequence, sequence);
    return verification;
  }

  // Runs `sql` on the file as someone editing it behind clinicd's back
  // would, the append-only triggers dropped.
  void Tamper(const std::string& sql) {
    SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READWRITE, 5000);
    db.exec(
        "DROP TRIGGER audit_event_patients_no_delete;"
        "DROP TRIGGER audit_patient_index_progress_forward;"
        "DROP TRIGGER audit_patient_index_progress_batch;");
    db.exec(sql);
  }

  mesoclinic::testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(PatientIndexMergeTest, AppendingARecordLeavesTheIndexForTheMerge) {
  Append({Listing({"ana", "ben", "chloe"}, 1)});
  EXPECT_EQ(IndexRows(), 0);
  EXPECT_EQ(MergedThrough(), 0);
  // Found by its own patient list meanwhile.
  EXPECT_THAT(History("ben"), ElementsAre(1));
  EXPECT_THAT(History("ana"), ElementsAre(1));
  EXPECT_THAT(History("dan"), IsEmpty());
}

TEST_F(PatientIndexMergeTest, MergeIndexesEachPatientOfEachRecordOnce) {
  Append({Listing({"ana", "ben", "ana"}, 1), Read("ben", 2),
          Listing({}, 3)});
  audit::PatientIndexMerge merge;
  const audit::PatientIndexMerge::Step step = Next(merge);
  EXPECT_EQ(step.entries, 3);  // ana@1, ben@1, ben@2.
  EXPECT_FALSE(step.caught_up);
  EXPECT_EQ(MergedThrough(), 3);
  EXPECT_EQ(IndexRows(), 3);
  EXPECT_THAT(History("ana"), ElementsAre(1));
  EXPECT_THAT(History("ben"), ElementsAre(1, 2));
  // Nothing left: the next step opens no batch.
  const audit::PatientIndexMerge::Step again = Next(merge);
  EXPECT_EQ(again.entries, 0);
  EXPECT_TRUE(again.caught_up);
  EXPECT_EQ(IndexRows(), 3);
}

TEST_F(PatientIndexMergeTest, ABatchTakesWholeRecordsUpToItsSize) {
  Append({Listing({"a1", "a2", "a3"}, 1), Listing({"b1", "b2", "b3"}, 2),
          Listing({"c1", "c2", "c3", "c4", "c5"}, 3)});
  audit::PatientIndexMerge merge({.per_batch = 4});
  // Record 1 (3 pairs) fits, record 2 would pass 4.
  EXPECT_EQ(Next(merge).entries, 3);
  EXPECT_EQ(MergedThrough(), 1);
  EXPECT_EQ(Next(merge).entries, 3);
  // A record larger than a batch is still taken, whole and alone.
  EXPECT_EQ(Next(merge).entries, 5);
  EXPECT_EQ(MergedThrough(), 3);
  EXPECT_TRUE(Next(merge).caught_up);
  EXPECT_EQ(IndexRows(), 11);
}

// Within a batch, writes go patient by patient in order: a patient is done
// for every record of the batch at once, and those after it are read from
// the records meanwhile.
TEST_F(PatientIndexMergeTest, AWriteTakesWholePatientsInOrder) {
  Append({Listing({"ana", "ben", "chloe"}, 1), Listing({"ben", "dan"}, 2)});
  audit::PatientIndexMerge merge({.per_write = 2});
  // ana@1, ben@1 and, the same patient, ben@2.
  EXPECT_EQ(Next(merge).entries, 3);
  audit::PatientIndexProgress progress = Progress();
  EXPECT_EQ(progress.merged_through, 0);
  EXPECT_EQ(progress.batch_through, 2);
  EXPECT_EQ(progress.batch_done_through, "ben");
  EXPECT_EQ(IndexRows(), 3);
  EXPECT_THAT(History("ben"), ElementsAre(1, 2));
  EXPECT_THAT(History("chloe"), ElementsAre(1));
  EXPECT_THAT(History("dan"), ElementsAre(2));
  EXPECT_EQ(Next(merge).entries, 2);
  progress = Progress();
  EXPECT_EQ(progress.merged_through, 2);
  EXPECT_EQ(progress.batch_through, 2);
  EXPECT_EQ(progress.batch_done_through, "");
  EXPECT_TRUE(Verify().intact) << Verify().problem;
}

TEST_F(PatientIndexMergeTest, RecordsWithoutPatientsAreBoundedByCountToo) {
  std::vector<audit::AuditEvent> events;
  for (int i = 1; i <= 10; ++i) events.push_back(Listing({}, i));
  Append(std::move(events));
  audit::PatientIndexMerge merge({.per_batch = 4});
  EXPECT_EQ(Next(merge).entries, 0);
  EXPECT_EQ(MergedThrough(), 4);
}

// The history is the same whatever part of it the index holds: before any
// merge, at every step of every batch, after the last, and page by page.
TEST_F(PatientIndexMergeTest, HistoryIsExactAtEveryStageOfTheMerge) {
  std::vector<audit::AuditEvent> events;
  std::vector<int64_t> ana_expected;
  for (int i = 1; i <= 30; ++i) {
    std::vector<std::string> patients = {absl::StrCat("p", i)};
    if (i % 3 == 0) {
      patients.push_back("ana");
      ana_expected.push_back(i);
    }
    events.push_back(Listing(std::move(patients), i));
  }
  Append(std::move(events));
  audit::PatientIndexMerge merge({.per_write = 3, .per_batch = 16});
  int steps = 0;
  while (true) {
    const audit::PatientIndexProgress progress = Progress();
    SCOPED_TRACE(absl::StrCat("merged through ", progress.merged_through,
                              ", batch through ", progress.batch_through,
                              " done through '", progress.batch_done_through,
                              "'"));
    EXPECT_THAT(History("ana"), ElementsAreArray(ana_expected));
    EXPECT_THAT(HistoryByPages("ana", 3), ElementsAreArray(ana_expected));
    EXPECT_THAT(History("ana", 4), ElementsAre(3, 6, 9, 12));
    EXPECT_THAT(History("ana", 2, 13), ElementsAre(15, 18));
    EXPECT_THAT(History("p17"), ElementsAre(17));
    EXPECT_THAT(History("p3"), ElementsAre(3));
    EXPECT_TRUE(Verify().intact) << Verify().problem;
    if (Next(merge).caught_up) break;
    ++steps;
  }
  EXPECT_GT(steps, 6);
  EXPECT_EQ(MergedThrough(), 30);
  EXPECT_EQ(IndexRows(), 40);
}

TEST_F(PatientIndexMergeTest, OtherFiltersApplyOnBothSidesOfTheMergePoint) {
  Append({Listing({"ana"}, 1), Read("ana", 2), Listing({"ana"}, 3)});
  audit::PatientIndexMerge merge({.per_batch = 2});
  Next(merge);  // Records 1 and 2 indexed, 3 not.
  ASSERT_EQ(MergedThrough(), 2);
  EXPECT_THAT(Sequences({.patient_id = "ana", .method = kListSessions}),
              ElementsAre(1, 3));
  EXPECT_THAT(
      Sequences({.patient_id = "ana",
                 .start_time = absl::FromUnixSeconds(1'800'000'000 + 120)}),
      ElementsAre(2, 3));
  EXPECT_THAT(Sequences({.patient_id = "ana", .staff_id = "nobody"}),
              IsEmpty());
}

// A patient id is matched whole in a record's list: "an" is not "ana".
TEST_F(PatientIndexMergeTest, UnmergedRecordsMatchWholeIdsOnly) {
  Append({Listing({"ana", "bana"}, 1)});
  EXPECT_THAT(History("an"), IsEmpty());
  EXPECT_THAT(History("ana"), ElementsAre(1));
  EXPECT_THAT(History("bana"), ElementsAre(1));
}

TEST_F(PatientIndexMergeTest, MergePointNeverMovesBack) {
  Append({Listing({"ana"}, 1), Listing({"ben"}, 2)});
  MergeAll();
  SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READWRITE, 5000);
  EXPECT_THROW(db.exec("UPDATE audit_patient_index_progress "
                       "SET merged_through = 1"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE audit_patient_index_progress "
                       "SET batch_through = 1"),
               SQLite::Exception);
  EXPECT_THROW(db.exec("DELETE FROM audit_patient_index_progress"),
               SQLite::Exception);
  EXPECT_EQ(MergedThrough(), 2);
}

// A batch left half done (a restart, a crash) is finished by a merge that
// never saw it, from the records.
TEST_F(PatientIndexMergeTest, ABatchLeftHalfDoneIsFinishedByAFreshMerge) {
  Append({Listing({"ana", "ben", "chloe"}, 1), Listing({"ben", "dan"}, 2),
          Read("eve", 3)});
  {
    audit::PatientIndexMerge first({.per_write = 1});
    Next(first);
    ASSERT_EQ(Progress().batch_done_through, "ana");
  }
  audit::PatientIndexMerge second({.per_write = 1});
  while (!Next(second).caught_up) {
    EXPECT_THAT(History("ben"), ElementsAre(1, 2));
    EXPECT_THAT(History("eve"), ElementsAre(3));
  }
  EXPECT_EQ(MergedThrough(), 3);
  EXPECT_EQ(IndexRows(), 6);
  EXPECT_TRUE(Verify().intact) << Verify().problem;
}

// Verification proves the index against the records whatever part of the
// trail it has reached; these are the ways the progress can lie.
TEST_F(PatientIndexMergeTest, EntryForARecordNotMergedYetIsFound) {
  Append({Listing({"ana"}, 1), Listing({"ben"}, 2), Listing({"chloe"}, 3)});
  audit::PatientIndexMerge merge({.per_batch = 2});
  Next(merge);
  ASSERT_TRUE(Verify().intact) << Verify().problem;
  // Record 3 does name chloe, but the index must not list it yet.
  Tamper("INSERT INTO audit_event_patients (patient_id, sequence) "
         "VALUES ('chloe', 3)");
  const audit::ChainVerification verification = ExpectBrokenAt(3);
  EXPECT_THAT(verification.problem, HasSubstr("before its merge point"));
}

TEST_F(PatientIndexMergeTest, EntryForAPatientTheBatchHasNotReachedIsFound) {
  Append({Listing({"ana", "ben"}, 1), Listing({"chloe"}, 2)});
  audit::PatientIndexMerge merge({.per_write = 1});
  Next(merge);
  ASSERT_EQ(Progress().batch_done_through, "ana");
  ASSERT_TRUE(Verify().intact) << Verify().problem;
  Tamper("INSERT INTO audit_event_patients (patient_id, sequence) "
         "VALUES ('ben', 1)");
  ExpectBrokenAt(1);
}

TEST_F(PatientIndexMergeTest, MergePointMovedBackIsFound) {
  Append({Listing({"ana"}, 1), Listing({"ben"}, 2), Listing({"chloe"}, 3)});
  MergeAll();
  Tamper("UPDATE audit_patient_index_progress "
         "SET merged_through = 1, batch_through = 1");
  ExpectBrokenAt(2);
}

TEST_F(PatientIndexMergeTest, MergePointMovedAheadIsFound) {
  Append({Listing({"ana"}, 1), Listing({"ben"}, 2), Listing({}, 3),
          Listing({"dan"}, 4)});
  audit::PatientIndexMerge merge({.per_batch = 1});
  Next(merge);
  ASSERT_EQ(MergedThrough(), 1);
  // Records 2 to 4 would now be read from the index alone, which lacks
  // them: ben's read would vanish from his history.
  Tamper("UPDATE audit_patient_index_progress "
         "SET merged_through = 4, batch_through = 4");
  EXPECT_THAT(History("ben"), IsEmpty());
  const audit::ChainVerification verification = ExpectBrokenAt(2);
  EXPECT_THAT(verification.problem,
              HasSubstr("no longer lists the patients it names"));
}

TEST_F(PatientIndexMergeTest, BatchProgressMovedAheadIsFound) {
  Append({Listing({"ana", "ben"}, 1), Listing({"chloe"}, 2)});
  audit::PatientIndexMerge merge({.per_write = 1});
  Next(merge);
  ASSERT_EQ(Progress().batch_done_through, "ana");
  Tamper("UPDATE audit_patient_index_progress "
         "SET batch_done_through = 'zzz'");
  ExpectBrokenAt(1);
}

TEST_F(PatientIndexMergeTest, MergesWriteByWriteThroughTheStore) {
  std::vector<audit::AuditEvent> events;
  for (int i = 1; i <= 50; ++i) {
    events.push_back(Listing({absl::StrCat("p", i), "ana"}, i));
  }
  Append(std::move(events));
  const absl::StatusOr<int64_t> merged =
      MergePatientIndex(*store_, {.per_write = 8, .per_batch = 30});
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(*merged, 100);
  EXPECT_EQ(MergedThrough(), 50);
  EXPECT_EQ(IndexRows(), 100);
  EXPECT_EQ(History("ana").size(), 50u);
  EXPECT_TRUE(Verify().intact) << Verify().problem;
}

// A database from before the merge point (schema 14) had every record
// indexed as it was appended: migrating it marks all of them merged.
TEST(PatientIndexMigrationTest, RecordsStoredBeforeAreAllMerged) {
  mesoclinic::testing::TempDir dir;
  {
    absl::StatusOr<std::unique_ptr<SqliteStore>> store =
        SqliteStore::Open({.path = dir.File("clinic.db")});
    ASSERT_TRUE(store.ok()) << store.status();
  }
  {
    // Back to schema 14, with two records indexed the old way.
    SQLite::Database db(dir.File("clinic.db"), SQLite::OPEN_READWRITE);
    db.exec(
        "DROP TABLE audit_patient_index_progress;"
        "DELETE FROM schema_migrations WHERE version >= 15;"
        "INSERT INTO audit_events (sequence, time, staff_id, role, method, "
        "resource, patient_ids, outcome, previous_hash, hash) VALUES "
        "(1, 0, 's', 1, 'm', '', 'ana', 0, x'00', x'00'),"
        "(2, 0, 's', 1, 'm', '', 'ben', 0, x'00', x'00');"
        "INSERT INTO audit_event_patients VALUES ('ana', 1), ('ben', 2);");
  }
  absl::StatusOr<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open({.path = dir.File("clinic.db")});
  ASSERT_TRUE(store.ok()) << store.status();
  const std::optional<audit::PatientIndexProgress> progress =
      ProgressOf(**store);
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->merged_through, 2);
  EXPECT_EQ(progress->batch_through, 2);
}

// ---------------------------------------------------------------------------
// PatientIndexMerger: the background thread.

class PatientIndexMergerTest : public PatientIndexMergeTest {};

TEST_F(PatientIndexMergerTest, KeepsTheIndexCloseBehindTheTrail) {
  PatientIndexMerger merger(*store_, absl::Milliseconds(10),
                            {.per_write = 3, .per_batch = 4});
  for (int round = 1; round <= 3; ++round) {
    Append({Listing({"ana", "ben"}, round), Read("ana", round)});
    const int64_t head = 2 * round;
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (MergedThrough() < head && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    ASSERT_EQ(MergedThrough(), head) << "round " << round;
    EXPECT_EQ(History("ana").size(), static_cast<size_t>(head));
  }
  EXPECT_EQ(IndexRows(), 9);
  // The counter is updated after the pass that merged the last record.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (merger.merged() < 9 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(merger.merged(), 9);
  EXPECT_GT(merger.passes(), 0);
  EXPECT_TRUE(Verify().intact) << Verify().problem;
}

// Stopping does not wait for a long backlog: what is left is merged at the
// next start, and nothing is lost meanwhile.
TEST_F(PatientIndexMergerTest, StopsWithoutFinishingABacklog) {
  std::vector<audit::AuditEvent> events;
  for (int i = 1; i <= 2000; ++i) events.push_back(Read("ana", i));
  Append(std::move(events));
  {
    PatientIndexMerger merger(*store_, absl::Hours(1),
                              {.per_write = 1, .per_batch = 1});
    absl::SleepFor(absl::Milliseconds(20));
  }
  const int64_t through = MergedThrough();
  EXPECT_LT(through, 2000);
  EXPECT_EQ(History("ana", 5000).size(), 2000u);
  EXPECT_TRUE(Verify().intact) << Verify().problem;
}

}  // namespace
}  // namespace mesoclinic::storage
