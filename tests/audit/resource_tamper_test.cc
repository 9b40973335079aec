// Rows changed, added or deleted in the database file behind clinicd's back
// (an attacker, or a well-meaning "quick fix" in the sqlite3 shell) are
// found by verification and named by the resource they belong to; and a
// copy of the database alone cannot be re-chained to hide it.
//
// A real clinicd is given a clinic with a row in every table that holds
// resources (through its API: patients with their facts, a consent, a
// course, a treated session with its follow-up tasks, an adverse event with
// a follow-up, staff with a password and a setup link, working hours, a
// closure). Each test tampers with a consistent copy of its database, the
// way someone with write access to the file would, and checks what
// verification says.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/base/secret_file.h"
#include "core/server/audit_trail_start.h"
#include "core/storage/connection.h"
#include "core/storage/online_backup.h"
#include "core/storage/sqlite_audit_repository.h"
#include "core/storage/sqlite_resource_digests.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"
#include "tests/support/clinic_examples.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The resource a row of each table belongs to, written here again (not
// taken from the catalogue under test) as the oracle.
const std::map<std::string, std::string>& ResourceOfRow() {
  static const auto* const names = new std::map<std::string, std::string>{
      {"patients", "'patients/' || id"},
      {"patient_medications", "'patients/' || patient_id"},
      {"patient_allergies", "'patients/' || patient_id"},
      {"patient_conditions", "'patients/' || patient_id"},
      {"patient_fact_confirmations", "'patients/' || patient_id"},
      {"consents", "'patients/' || patient_id || '/consents/' || id"},
      {"courses", "'courses/' || id"},
      {"sessions", "'sessions/' || id"},
      {"treatment_records", "'sessions/' || session_id"},
      {"session_products", "'sessions/' || session_id"},
      {"session_outcomes", "'sessions/' || session_id"},
      {"treatment_record_checklist", "'sessions/' || session_id"},
      {"adverse_events", "'adverseEvents/' || id"},
      {"adverse_event_products", "'adverseEvents/' || event_id"},
      {"adverse_event_follow_ups", "'adverseEvents/' || event_id"},
      {"follow_up_tasks", "'followUpTasks/' || id"},
      {"staff", "'staff/' || id"},
      {"staff_passwords", "'staff/' || staff_id"},
      {"password_setup_links", "'staff/' || staff_id"},
      {"api_keys", "'staff/' || staff_id || '/apiKeys/' || id"},
      {"rooms", "'rooms/' || id"},
      {"closures", "'closures/' || id"},
      {"clinic_settings", "'clinicSettings'"},
      {"weekly_hours",
       "CASE WHEN owner = '' THEN 'clinicSettings' ELSE 'staff/' || owner END"},
  };
  return *names;
}

class ResourceTamperTest : public AdverseEventTest {
 public:
  static void SetUpTestSuite() {
    AdverseEventTest::SetUpTestSuite();
    FillEveryResourceTable();
  }

 protected:
  // A consistent copy of the served database, as a backup takes it.
  static std::string CopyOfDatabase(const std::string& name) {
    const std::string copy = server().dir().File(name);
    absl::StatusOr<storage::BackupReport> report = storage::BackupDatabase(
        {.source = server().database_path(), .destination = copy});
    EXPECT_TRUE(report.ok()) << report.status();
    return copy;
  }

  static audit::AuditChainKey ChainKey() {
    return server().audit_chain_key();
  }

  // What verification says of `copy`, with the chain's key.
  static absl::Status Verify(const std::string& copy) {
    return storage::VerifyDatabase(copy, {.chain_keys = {ChainKey()}}).status();
  }

  // Runs `sql` on `copy` as someone editing the file would: foreign keys,
  // CHECK constraints and the append-only triggers of `table` out of the
  // way (they are the server's own guard rails, not a defence).
  static void Tamper(const std::string& copy, const std::string& table,
                     const std::string& sql) {
    SQLite::Database db(copy, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON");
    SQLite::Statement triggers(
        db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
            "tbl_name = ?");
    triggers.bind(1, table);
    std::vector<std::string> names;
    while (triggers.executeStep()) names.push_back(triggers.getColumn(0));
    for (const std::string& name : names) {
      db.exec(absl::StrCat("DROP TRIGGER ", name));
    }
    ASSERT_GT(db.exec(sql), 0) << sql;
  }

  // The last of `table`'s columns that is not part of its key nor names
  // the resource it belongs to; empty if none.
  static std::string ColumnToChange(const std::string& copy,
                                    const std::string& table) {
    SQLite::Database db(copy, SQLite::OPEN_READONLY);
    SQLite::Statement columns(
        db, absl::StrCat("SELECT name FROM pragma_table_info('", table,
                         "') WHERE pk = 0 AND name NOT IN ('id', "
                         "'patient_id', 'session_id', 'event_id', "
                         "'staff_id', 'owner') ORDER BY cid DESC"));
    return columns.executeStep() ? columns.getColumn(0).getString() : "";
  }

  // The name of the resource of `table`'s first row.
  static std::string FirstResourceOf(const std::string& copy,
                                     const std::string& table) {
    SQLite::Database db(copy, SQLite::OPEN_READONLY);
    return db.execAndGet(absl::StrCat("SELECT ", ResourceOfRow().at(table),
                                      " FROM ", table, " LIMIT 1"))
        .getString();
  }

 private:
  // A row in every table that holds resources, through the API.
  static void FillEveryResourceTable() {
    // Patients with medications, allergies and conditions (not booked:
    // eligibility is not what this suite is about).
    CreatePatient([](v1::Patient& patient) {
      v1::ClinicalFacts& facts = *patient.mutable_clinical_facts();
      v1::Medication& medication = *facts.add_medications();
      medication.set_name("levothyroxine");
      medication.set_ongoing(true);
      v1::Allergy& allergy = *facts.add_allergies();
      allergy.set_substance("latex");
      allergy.set_reaction("rash");
      allergy.set_severity(v1::ALLERGY_SEVERITY_MILD);
    });
    // A treated session with its record, and the tasks its completion
    // plans; an adverse event on it, with a follow-up.
    const Cast cast = NewCast();
    const std::vector<v1::Session> sessions =
        TreatNow({cast}, {Record("CAF-TAMPER-1")});
    ASSERT_EQ(sessions.size(), 1u);
    v1::AdverseEvent event = Minimal(cast.patient);
    event.clear_treatment_type();
    event.set_session(sessions[0].name());
    *event.mutable_onset_time() = TimestampToProto(absl::Now());
    *event.mutable_awareness_time() = TimestampToProto(absl::Now());
    const v1::ReportAdverseEventResponse reported = ReportOk(event);
    v1::AddFollowUpRequest follow_up;
    follow_up.set_adverse_event(reported.adverse_event().name());
    *follow_up.mutable_follow_up()->mutable_time() =
        TimestampToProto(absl::Now());
    follow_up.mutable_follow_up()->set_outcome(v1::EVENT_OUTCOME_RECOVERED);
    follow_up.mutable_follow_up()->set_notes("resolved");
    follow_up.set_request_id(NextRequestId());
    v1::AddFollowUpResponse followed;
    const grpc::Status added = Events()->AddFollowUp(
        ContextWithDeadline().get(), follow_up, &followed);
    ASSERT_TRUE(added.ok()) << added.error_message();
    // A course of a new patient, a closure, a practitioner's hours.
    v1::Course course;
    const grpc::Status booked = BookCourse(
        WithNewPatient(cast), At(Monday(2), 10), 6, &course);
    ASSERT_TRUE(booked.ok()) << booked.error_message();
    ASSERT_TRUE(CreateClosure(cast.room, At(Monday(8), 9), At(Monday(8), 12),
                              "painting")
                    .ok());
    v1::SetWorkingHoursRequest hours;
    hours.set_practitioner(cast.practitioner);
    v1::WeeklyTimeRange& monday = *hours.mutable_hours()->add_ranges();
    monday.set_day(v1::MONDAY);
    monday.mutable_start()->set_hours(9);
    monday.mutable_end()->set_hours(17);
    hours.set_request_id(NextRequestId());
    v1::SetWorkingHoursResponse hours_set;
    const grpc::Status worked = Clinic()->SetWorkingHours(
        ContextWithDeadline().get(), hours, &hours_set);
    ASSERT_TRUE(worked.ok()) << worked.error_message();
    // A staff member's password, and another's setup link.
    auto staff = v1::StaffService::NewStub(server().channel(staff::Role::kAdmin));
    for (const bool link : {false, true}) {
      v1::CreateStaffMemberRequest member;
      const std::string id = NextRequestId();
      member.mutable_staff_member()->set_display_name(absl::StrCat("Desk ", id));
      member.mutable_staff_member()->set_email(absl::StrCat(id, "@example.fr"));
      member.mutable_staff_member()->set_role(v1::ROLE_FRONT_DESK);
      member.set_request_id(id);
      v1::CreateStaffMemberResponse created;
      const grpc::Status made = staff->CreateStaffMember(
          ContextWithDeadline().get(), member, &created);
      ASSERT_TRUE(made.ok()) << made.error_message();
      v1::SetStaffPasswordRequest password;
      password.set_name(created.staff_member().name());
      if (link) {
        password.set_setup_link(true);
      } else {
        password.set_temporary_password(true);
      }
      password.set_request_id(NextRequestId());
      v1::SetStaffPasswordResponse set;
      const grpc::Status status = staff->SetStaffPassword(
          ContextWithDeadline().get(), password, &set);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
  }
};

TEST_F(ResourceTamperTest, EveryTableEitherHoldsResourcesOrSaysWhyNot) {
  const std::string copy = CopyOfDatabase("schema.db");
  SQLite::Database db(copy, SQLite::OPEN_READONLY);
  SQLite::Statement tables(
      db, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
          "name NOT LIKE 'sqlite_%' ORDER BY name");
  std::vector<std::string> schema;
  while (tables.executeStep()) schema.push_back(tables.getColumn(0));
  std::vector<std::string> accounted = storage::ResourceTables();
  const std::vector<std::string> outside = storage::TablesOutsideResources();
  accounted.insert(accounted.end(), outside.begin(), outside.end());
  std::sort(accounted.begin(), accounted.end());
  EXPECT_EQ(schema, accounted);
  std::vector<std::string> oracle;
  for (const auto& [table, name] : ResourceOfRow()) oracle.push_back(table);
  std::vector<std::string> tracked = storage::ResourceTables();
  std::sort(tracked.begin(), tracked.end());
  EXPECT_EQ(tracked, oracle);
}

TEST_F(ResourceTamperTest, TheUntouchedDatabaseIsProvenWhole) {
  const std::string copy = CopyOfDatabase("untouched.db");
  absl::StatusOr<storage::DatabaseCheck> check =
      storage::VerifyDatabase(copy, {.chain_keys = {ChainKey()}});
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_GT(check->resources_checked, 20);
  EXPECT_THAT(check->unproven, IsEmpty());

  auto audit = v1::AuditService::NewStub(server().channel(staff::Role::kAdmin));
  v1::VerifyAuditChainResponse response;
  ASSERT_TRUE(audit->VerifyAuditChain(ContextWithDeadline().get(), {}, &response)
                  .ok());
  EXPECT_TRUE(response.intact()) << response.problem();
  EXPECT_GT(response.resources_checked(), 20);
  EXPECT_EQ(response.resource_problem_count(), 0);
  EXPECT_EQ(response.unproven_size(), 0);
}

// One table at a time: a value of the rows of its first resource changed
// (a column that is not part of the rows' key) is reported as a change to
// that resource, with the record it should match.
TEST_F(ResourceTamperTest, AValueChangedInAnyTableIsReportedByItsResource) {
  for (const std::string& table : storage::ResourceTables()) {
    SCOPED_TRACE(table);
    const std::string copy = CopyOfDatabase(absl::StrCat(table, ".db"));
    const std::string column = ColumnToChange(copy, table);
    ASSERT_FALSE(column.empty()) << "no column to change";
    const std::string resource = FirstResourceOf(copy, table);
    ASSERT_FALSE(resource.empty()) << "the table is empty";
    Tamper(copy, table,
           absl::StrCat("UPDATE ", table, " SET ", column, " = CASE typeof(",
                        column, ") WHEN 'integer' THEN ", column,
                        " + 1 WHEN 'real' THEN ", column, " + 0.5 WHEN 'text' "
                        "THEN ", column, " || ' (edited)' WHEN 'blob' THEN ",
                        column, " || x'00' ELSE 1 END WHERE ",
                        ResourceOfRow().at(table), " = '", resource, "'"));
    const absl::Status verified = Verify(copy);
    EXPECT_EQ(verified.code(), absl::StatusCode::kDataLoss) << verified;
    EXPECT_THAT(verified.message(),
                HasSubstr(absl::StrCat(resource, " was changed outside "
                                                 "clinicd: it no longer "
                                                 "matches audit record")));
    EXPECT_THAT(verified.message(), HasSubstr("1 stored resource(s)"));
  }
}

TEST_F(ResourceTamperTest, APregnancyEditedInTheFileIsFound) {
  const std::string copy = CopyOfDatabase("pregnancy.db");
  const std::string patient = FirstResourceOf(copy, "patients");
  Tamper(copy, "patients",
         absl::StrCat("UPDATE patients SET pregnancy_status = 1 - "
                      "pregnancy_status WHERE 'patients/' || id = '",
                      patient, "'"));
  EXPECT_THAT(Verify(copy).message(),
              HasSubstr(absl::StrCat(patient, " was changed outside clinicd")));
}

TEST_F(ResourceTamperTest, ARowAddedOrDeletedIsNamed) {
  {
    const std::string copy = CopyOfDatabase("added.db");
    Tamper(copy, "rooms",
           "INSERT INTO rooms (id, display_name, active, create_time) "
           "SELECT 'planted', 'Back room', 1, create_time FROM rooms LIMIT 1");
    EXPECT_THAT(Verify(copy).message(),
                HasSubstr("rooms/planted was added outside clinicd: no audit "
                          "record wrote it"));
  }
  {
    const std::string copy = CopyOfDatabase("deleted.db");
    const std::string closure = FirstResourceOf(copy, "closures");
    Tamper(copy, "closures",
           absl::StrCat("DELETE FROM closures WHERE 'closures/' || id = '",
                        closure, "'"));
    EXPECT_THAT(Verify(copy).message(),
                HasSubstr(absl::StrCat(closure, " was deleted outside clinicd: "
                                                "audit record ")));
  }
  {
    // A treatment record's product line deleted: the session is changed.
    const std::string copy = CopyOfDatabase("product.db");
    const std::string session = FirstResourceOf(copy, "session_products");
    Tamper(copy, "session_products",
           absl::StrCat("DELETE FROM session_products WHERE 'sessions/' || "
                        "session_id = '",
                        session, "'"));
    EXPECT_THAT(Verify(copy).message(),
                HasSubstr(absl::StrCat(session, " was changed outside")));
  }
}

// Someone with write access to the file but not the key changes a row and
// then makes the trail agree: the record's digest of it, the digest index,
// and every link from there on recomputed (as plain SHA-256: without the
// key they can do no better). With the key, verification proves the
// rewrite; without it, it says that it could not.
TEST_F(ResourceTamperTest, ARowAndItsTrailRewrittenWithoutTheKeyAreCaught) {
  const std::string copy = CopyOfDatabase("rechained.db");
  const std::string patient = FirstResourceOf(copy, "patients");
  Tamper(copy, "patients",
         absl::StrCat("UPDATE patients SET pregnancy_status = 1 - "
                      "pregnancy_status WHERE 'patients/' || id = '",
                      patient, "'"));
  {
    absl::StatusOr<std::unique_ptr<storage::Connection>> connection =
        storage::Connection::Open(copy, storage::Connection::Mode::kReadWrite,
                                  absl::Seconds(5));
    ASSERT_TRUE(connection.ok()) << connection.status();
    storage::Connection& db = **connection;
    db.Execute(
        "DROP TRIGGER audit_events_no_update; "
        "DROP TRIGGER audit_resource_digests_no_update");
    absl::StatusOr<std::string> forged =
        storage::StoredResourceDigest(db, patient);
    ASSERT_TRUE(forged.ok()) << forged.status();
    storage::SqliteAuditRepository audit(db);
    absl::StatusOr<std::vector<audit::AuditEvent>> events =
        audit.Scan(0, 1 << 30);
    ASSERT_TRUE(events.ok()) << events.status();
    std::string previous(32, '\0');
    bool rewriting = false;
    for (audit::AuditEvent& event : *events) {
      for (audit::ResourceDigest& entry : event.resource_digests) {
        if (entry.resource == patient) {
          entry.digest = *forged;
          rewriting = true;
          SQLite::Statement index(
              db.database(),
              "UPDATE audit_resource_digests SET digest = ? WHERE "
              "resource = ? AND sequence = ?");
          index.bindNoCopy(1, forged->data(), static_cast<int>(forged->size()));
          index.bind(2, patient);
          index.bind(3, static_cast<int64_t>(event.sequence));
          index.exec();
        }
      }
      if (rewriting) {
        event.previous_hash = previous;
        event.hash = audit::ComputeAuditHash(event);
        std::string lines;
        for (const audit::ResourceDigest& entry : event.resource_digests) {
          absl::StrAppend(&lines, entry.resource, " ",
                          entry.digest.empty()
                              ? "-"
                              : absl::BytesToHexString(entry.digest),
                          "\n");
        }
        SQLite::Statement update(
            db.database(),
            "UPDATE audit_events SET resource_digests = ?, previous_hash = ?, "
            "hash = ? WHERE sequence = ?");
        update.bind(1, lines);
        update.bindNoCopy(2, event.previous_hash.data(),
                          static_cast<int>(event.previous_hash.size()));
        update.bindNoCopy(3, event.hash.data(),
                          static_cast<int>(event.hash.size()));
        update.bind(4, static_cast<int64_t>(event.sequence));
        update.exec();
      }
      previous = event.hash;
    }
    ASSERT_TRUE(rewriting);
    SQLite::Statement head(db.database(),
                           "UPDATE audit_chain_head SET hash = ?");
    head.bindNoCopy(1, previous.data(), static_cast<int>(previous.size()));
    head.exec();
  }
  const absl::Status with_key = Verify(copy);
  EXPECT_EQ(with_key.code(), absl::StatusCode::kDataLoss) << with_key;
  EXPECT_THAT(with_key.message(), HasSubstr("its hash does not match"));

  absl::StatusOr<storage::DatabaseCheck> without_key =
      storage::VerifyDatabase(copy);
  ASSERT_TRUE(without_key.ok()) << without_key.status();
  ASSERT_EQ(without_key->unproven.size(), 1u);
  EXPECT_THAT(without_key->unproven[0],
              HasSubstr("which was not given: their links were followed but "
                        "not proven"));
}

}  // namespace
}  // namespace mesoclinic::testing
