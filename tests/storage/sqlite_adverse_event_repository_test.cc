// Adverse events in SQLite: migration 0008 moves causality to WHO-UMC
// without losing what was recorded, and a report as first made is never
// edited while what follows from it (assessment, deadlines, submissions,
// a patient hold's review) is recorded.

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "core/storage/connection.h"
#include "core/storage/migration_runner.h"
#include "core/storage/sqlite_adverse_event_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

using ::testing::HasSubstr;

// An event row as migration 0005 stored it, with `relatedness`, and one
// suspected product with the same; foreign keys are off so that no patient
// or session row is needed.
void InsertOldEvent(Connection& connection, const std::string& id,
                    int relatedness) {
  connection.Execute("PRAGMA foreign_keys = OFF");
  SQLite::Statement& event = connection.Prepare(
      "INSERT INTO adverse_events (id, patient_id, treatment_type, term, "
      "onset_time, awareness_time, severity_grade, seriousness, relatedness, "
      "outcome, reporter_id, expected, create_time) VALUES "
      "(?, 'p1', 'cellulite', 'bruising', 0, 0, 2, 8, ?, 1, 's1', 0, 0)");
  event.bind(1, id);
  event.bind(2, relatedness);
  event.exec();
  SQLite::Statement& product = connection.Prepare(
      "INSERT INTO adverse_event_products (event_id, position, product, "
      "relatedness) VALUES (?, 0, 'caffeine', ?)");
  product.bind(1, id);
  product.bind(2, relatedness);
  product.exec();
}

TEST(Migration0008Test, UnrelatedBecomesUnlikelyAndTheOriginalIsKept) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(
      dir.File("clinic.db"), Connection::Mode::kReadWrite, absl::Seconds(5));
  ASSERT_TRUE(connection.ok()) << connection.status();
  absl::StatusOr<std::vector<Migration>> migrations = EmbeddedMigrations();
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  ASSERT_GE(migrations->size(), 8u);
  const absl::Span<const Migration> before_0008(migrations->data(), 7);
  ASSERT_TRUE(ApplyMigrations(**connection, before_0008).ok());
  InsertOldEvent(**connection, "unrelated", 1);
  InsertOldEvent(**connection, "probable", 4);
  ASSERT_TRUE(ApplyMigrations(**connection, *migrations).ok());

  SqliteAdverseEventRepository repository(**connection);
  absl::StatusOr<adverse_events::AdverseEvent> migrated =
      repository.Get("unrelated");
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  EXPECT_EQ(migrated->relatedness, adverse_events::kRelatednessUnlikely);
  EXPECT_EQ(migrated->legacy_relatedness, adverse_events::kRelatednessUnrelated);
  ASSERT_EQ(migrated->suspected_products.size(), 1u);
  EXPECT_EQ(migrated->suspected_products[0].relatedness,
            adverse_events::kRelatednessUnlikely);
  EXPECT_EQ(migrated->suspected_products[0].legacy_relatedness,
            adverse_events::kRelatednessUnrelated);

  absl::StatusOr<adverse_events::AdverseEvent> kept =
      repository.Get("probable");
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->relatedness, adverse_events::kRelatednessProbable);
  EXPECT_EQ(kept->legacy_relatedness, 0);
}

class AdverseEventRowsTest : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    InsertOldEvent(*connection_, "ae1", 3);
  }
};

TEST_F(AdverseEventRowsTest, TheReportAsFirstMadeIsNeverEdited) {
  for (const char* change :
       {"UPDATE adverse_events SET term = 'necrosis' WHERE id = 'ae1'",
        "UPDATE adverse_events SET severity_grade = 1 WHERE id = 'ae1'",
        "UPDATE adverse_events SET relatedness = 2 WHERE id = 'ae1'",
        "UPDATE adverse_events SET reporter_narrative = 'x' WHERE id = 'ae1'",
        "UPDATE adverse_events SET patient_hold = 1 WHERE id = 'ae1'"}) {
    try {
      connection_->Execute(change);
      ADD_FAILURE() << change << " was accepted";
    } catch (const SQLite::Exception& error) {
      EXPECT_THAT(error.what(), HasSubstr("never edited")) << change;
    }
  }
}

TEST_F(AdverseEventRowsTest, AssessmentDeadlinesAndSubmissionsAreRecorded) {
  SqliteAdverseEventRepository repository(*connection_);
  absl::StatusOr<adverse_events::AdverseEvent> event = repository.Get("ae1");
  ASSERT_TRUE(event.ok()) << event.status();
  event->expected = true;
  event->recommended_action = "RECOMMENDED_ACTION_MONITOR";
  event->assessment_pending_reason = "";
  event->expedited_due_time = absl::FromUnixSeconds(86400 * 15);
  ASSERT_TRUE(repository.UpdateAssessment(*event).ok());
  const absl::Time sent = absl::FromUnixSeconds(86400);
  ASSERT_TRUE(repository
                  .MarkExpeditedSubmitted("ae1", {sent, "ANSM", "FR-1"})
                  .ok());
  ASSERT_TRUE(
      repository.MarkFollowUpReportSubmitted("ae1", {sent, "", "FR-1-FU"})
          .ok());
  absl::StatusOr<adverse_events::AdverseEvent> stored = repository.Get("ae1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(stored->expected);
  EXPECT_EQ(stored->expedited_due_time, absl::FromUnixSeconds(86400 * 15));
  EXPECT_EQ(stored->expedited_authority, "ANSM");
  EXPECT_EQ(stored->expedited_reference, "FR-1");
  EXPECT_EQ(stored->follow_up_report_submit_time, sent);
  EXPECT_EQ(stored->follow_up_report_reference, "FR-1-FU");
  // A submission is recorded once.
  EXPECT_FALSE(repository
                   .MarkExpeditedSubmitted("ae1", {sent + absl::Hours(1),
                                                   "ANSM", "FR-2"})
                   .ok());
}

}  // namespace
}  // namespace mesoclinic::storage
