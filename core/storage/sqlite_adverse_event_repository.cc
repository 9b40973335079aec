#include "core/storage/sqlite_adverse_event_repository.h"

#include "absl/strings/str_cat.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using adverse_events::AdverseEvent;
using adverse_events::FollowUpTask;

constexpr char kEventColumns[] =
    "e.id, e.patient_id, e.session_id, e.treatment_type, e.term, "
    "e.description, e.body_site, e.onset_time, e.awareness_time, "
    "e.severity_grade, e.seriousness, e.relatedness, e.causality_assessed_by, "
    "e.action_taken, e.action_details, e.outcome, e.reporter_id, e.expected, "
    "e.recommended_action, e.assessment_rationale, e.expedited_due_time, "
    "e.expedited_submit_time, e.create_time, e.legacy_relatedness, "
    "e.reporter_kind, e.reporter_narrative, e.assessment_pending_reason, "
    "e.expedited_authority, e.expedited_reference, "
    "e.follow_up_report_due_time, e.follow_up_report_submit_time, "
    "e.follow_up_report_reference, e.patient_hold, "
    "e.patient_hold_review_time";

constexpr char kTaskColumns[] =
    "id, session_id, patient_id, practitioner_id, code, title, look_for, "
    "due_time, done_time, note";

AdverseEvent ReadEvent(SQLite::Statement& row) {
  AdverseEvent event;
  int i = 0;
  event.id = row.getColumn(i++).getString();
  event.patient_id = row.getColumn(i++).getString();
  const SQLite::Column session = row.getColumn(i++);
  event.session_id = session.isNull() ? "" : session.getString();
  event.treatment_type = row.getColumn(i++).getString();
  event.term = row.getColumn(i++).getString();
  event.description = row.getColumn(i++).getString();
  event.body_site = row.getColumn(i++).getString();
  event.onset_time = TimeColumn(row.getColumn(i++));
  event.awareness_time = TimeColumn(row.getColumn(i++));
  event.severity_grade = row.getColumn(i++).getInt();
  event.seriousness = static_cast<uint32_t>(row.getColumn(i++).getInt());
  event.relatedness = row.getColumn(i++).getInt();
  event.causality_assessed_by = row.getColumn(i++).getString();
  event.action_taken = row.getColumn(i++).getInt();
  event.action_details = row.getColumn(i++).getString();
  event.outcome = static_cast<adverse_events::Outcome>(row.getColumn(i++).getInt());
  event.reporter_id = row.getColumn(i++).getString();
  event.expected = row.getColumn(i++).getInt() != 0;
  event.recommended_action = row.getColumn(i++).getString();
  event.assessment_rationale = row.getColumn(i++).getString();
  event.expedited_due_time = OptionalTimeColumn(row.getColumn(i++));
  event.expedited_submit_time = OptionalTimeColumn(row.getColumn(i++));
  event.create_time = TimeColumn(row.getColumn(i++));
  event.legacy_relatedness = row.getColumn(i++).getInt();
  event.reporter_kind =
      static_cast<adverse_events::ReporterKind>(row.getColumn(i++).getInt());
  event.reporter_narrative = row.getColumn(i++).getString();
  event.assessment_pending_reason = row.getColumn(i++).getString();
  event.expedited_authority = row.getColumn(i++).getString();
  event.expedited_reference = row.getColumn(i++).getString();
  event.follow_up_report_due_time = OptionalTimeColumn(row.getColumn(i++));
  event.follow_up_report_submit_time = OptionalTimeColumn(row.getColumn(i++));
  event.follow_up_report_reference = row.getColumn(i++).getString();
  event.patient_hold = row.getColumn(i++).getInt() != 0;
  event.patient_hold_review_time = OptionalTimeColumn(row.getColumn(i++));
  return event;
}

FollowUpTask ReadTask(SQLite::Statement& row) {
  FollowUpTask task;
  task.id = row.getColumn(0).getString();
  task.session_id = row.getColumn(1).getString();
  task.patient_id = row.getColumn(2).getString();
  task.practitioner_id = row.getColumn(3).getString();
  task.code = row.getColumn(4).getString();
  task.title = row.getColumn(5).getString();
  task.look_for = row.getColumn(6).getString();
  task.due_time = TimeColumn(row.getColumn(7));
  task.done_time = OptionalTimeColumn(row.getColumn(8));
  task.note = row.getColumn(9).getString();
  return task;
}

absl::Status EventNotFound(absl::string_view id) {
  return absl::NotFoundError(
      absl::StrCat("adverseEvents/", id, " does not exist"));
}

}  // namespace

absl::Status SqliteAdverseEventRepository::Insert(const AdverseEvent& event) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO adverse_events (id, patient_id, session_id, "
        "treatment_type, term, description, body_site, onset_time, "
        "awareness_time, severity_grade, seriousness, relatedness, "
        "causality_assessed_by, action_taken, action_details, outcome, "
        "reporter_id, expected, recommended_action, assessment_rationale, "
        "expedited_due_time, expedited_submit_time, create_time, "
        "reporter_kind, reporter_narrative, assessment_pending_reason, "
        "patient_hold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    insert.bind(++i, event.id);
    insert.bind(++i, event.patient_id);
    if (event.session_id.empty()) {
      insert.bind(++i);
    } else {
      insert.bind(++i, event.session_id);
    }
    insert.bind(++i, event.treatment_type);
    insert.bind(++i, event.term);
    insert.bind(++i, event.description);
    insert.bind(++i, event.body_site);
    insert.bind(++i, ToMicros(event.onset_time));
    insert.bind(++i, ToMicros(event.awareness_time));
    insert.bind(++i, event.severity_grade);
    insert.bind(++i, static_cast<int64_t>(event.seriousness));
    insert.bind(++i, event.relatedness);
    insert.bind(++i, event.causality_assessed_by);
    insert.bind(++i, event.action_taken);
    insert.bind(++i, event.action_details);
    insert.bind(++i, static_cast<int>(event.outcome));
    insert.bind(++i, event.reporter_id);
    insert.bind(++i, event.expected ? 1 : 0);
    insert.bind(++i, event.recommended_action);
    insert.bind(++i, event.assessment_rationale);
    BindOptionalTime(insert, ++i, event.expedited_due_time);
    BindOptionalTime(insert, ++i, event.expedited_submit_time);
    insert.bind(++i, ToMicros(event.create_time));
    insert.bind(++i, static_cast<int>(event.reporter_kind));
    insert.bind(++i, event.reporter_narrative);
    insert.bind(++i, event.assessment_pending_reason);
    insert.bind(++i, event.patient_hold ? 1 : 0);
    insert.exec();
    SQLite::Statement& product = connection_.Prepare(
        "INSERT INTO adverse_event_products (event_id, position, product, "
        "lot_number, relatedness) VALUES (?, ?, ?, ?, ?)");
    for (std::size_t p = 0; p < event.suspected_products.size(); ++p) {
      const adverse_events::SuspectedProduct& suspect =
          event.suspected_products[p];
      product.reset();
      product.bind(1, event.id);
      product.bind(2, static_cast<int>(p));
      product.bind(3, suspect.product);
      product.bind(4, suspect.lot_number);
      product.bind(5, suspect.relatedness);
      product.exec();
    }
    return absl::OkStatus();
  });
}

void SqliteAdverseEventRepository::ReadDetails(AdverseEvent& event) {
  SQLite::Statement& products = connection_.Prepare(
      "SELECT product, lot_number, relatedness, legacy_relatedness FROM "
      "adverse_event_products WHERE event_id = ? ORDER BY position");
  products.bind(1, event.id);
  while (products.executeStep()) {
    event.suspected_products.push_back({products.getColumn(0).getString(),
                                        products.getColumn(1).getString(),
                                        products.getColumn(2).getInt(),
                                        products.getColumn(3).getInt()});
  }
  SQLite::Statement& follow_ups = connection_.Prepare(
      "SELECT time, outcome, severity_grade, notes, recorded_by, "
      "seriousness, relatedness FROM adverse_event_follow_ups "
      "WHERE event_id = ? ORDER BY position");
  follow_ups.bind(1, event.id);
  while (follow_ups.executeStep()) {
    event.follow_ups.push_back(
        {TimeColumn(follow_ups.getColumn(0)),
         static_cast<adverse_events::Outcome>(follow_ups.getColumn(1).getInt()),
         follow_ups.getColumn(2).getInt(), follow_ups.getColumn(3).getString(),
         follow_ups.getColumn(4).getString(),
         static_cast<uint32_t>(follow_ups.getColumn(5).getInt64()),
         follow_ups.getColumn(6).getInt()});
  }
}

absl::StatusOr<AdverseEvent> SqliteAdverseEventRepository::Get(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<AdverseEvent> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kEventColumns, " FROM adverse_events e WHERE e.id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) return EventNotFound(id);
    AdverseEvent event = ReadEvent(query);
    query.tryReset();
    ReadDetails(event);
    return event;
  });
}

absl::Status SqliteAdverseEventRepository::AppendFollowUp(
    absl::string_view id, const adverse_events::FollowUp& follow_up) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO adverse_event_follow_ups (event_id, position, time, "
        "outcome, severity_grade, notes, recorded_by, seriousness, "
        "relatedness) SELECT ?1, COALESCE(MAX(position) + 1, 0), ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8 FROM adverse_event_follow_ups WHERE event_id = ?1");
    insert.bind(1, std::string(id));
    insert.bind(2, ToMicros(follow_up.time));
    insert.bind(3, static_cast<int>(follow_up.outcome));
    insert.bind(4, follow_up.severity_grade);
    insert.bind(5, follow_up.notes);
    insert.bind(6, follow_up.recorded_by);
    insert.bind(7, static_cast<int64_t>(follow_up.seriousness));
    insert.bind(8, follow_up.relatedness);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::Status SqliteAdverseEventRepository::UpdateAssessment(
    const AdverseEvent& event) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE adverse_events SET expected = ?, recommended_action = ?, "
        "assessment_rationale = ?, assessment_pending_reason = ?, "
        "expedited_due_time = ?, follow_up_report_due_time = ? WHERE id = ?");
    update.bind(1, event.expected ? 1 : 0);
    update.bind(2, event.recommended_action);
    update.bind(3, event.assessment_rationale);
    update.bind(4, event.assessment_pending_reason);
    BindOptionalTime(update, 5, event.expedited_due_time);
    BindOptionalTime(update, 6, event.follow_up_report_due_time);
    update.bind(7, event.id);
    if (update.exec() == 0) return EventNotFound(event.id);
    return absl::OkStatus();
  });
}

absl::Status SqliteAdverseEventRepository::MarkExpeditedSubmitted(
    absl::string_view id, const adverse_events::Submission& submission) {
  return RecordSubmission(
      "UPDATE adverse_events SET expedited_submit_time = ?1, "
      "expedited_authority = ?2, expedited_reference = ?3 WHERE id = ?4",
      id, submission);
}

absl::Status SqliteAdverseEventRepository::MarkFollowUpReportSubmitted(
    absl::string_view id, const adverse_events::Submission& submission) {
  // The follow-up report goes to the expedited report's authority: ?2 is
  // left out.
  return RecordSubmission(
      "UPDATE adverse_events SET follow_up_report_submit_time = ?1, "
      "follow_up_report_reference = ?3 WHERE id = ?4",
      id, submission);
}

absl::Status SqliteAdverseEventRepository::RecordSubmission(
    const char* sql, absl::string_view id,
    const adverse_events::Submission& submission) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(sql);
    update.bind(1, ToMicros(submission.time));
    update.bind(2, submission.authority);
    update.bind(3, submission.reference);
    update.bind(4, std::string(id));
    if (update.exec() == 0) return EventNotFound(id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>>
SqliteAdverseEventRepository::UnreviewedPatientHolds(
    absl::string_view patient_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<std::string>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id FROM adverse_events WHERE patient_id = ? AND "
        "patient_hold = 1 AND patient_hold_review_time IS NULL ORDER BY id");
    query.bind(1, std::string(patient_id));
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    return ids;
  });
}

absl::Status SqliteAdverseEventRepository::ReviewPatientHolds(
    absl::string_view patient_id, absl::Time time, absl::string_view staff_id,
    absl::string_view reason) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE adverse_events SET patient_hold_review_time = ?, "
        "patient_hold_reviewed_by = ?, patient_hold_review_reason = ? "
        "WHERE patient_id = ? AND patient_hold = 1 AND "
        "patient_hold_review_time IS NULL");
    update.bind(1, ToMicros(time));
    update.bind(2, std::string(staff_id));
    update.bind(3, std::string(reason));
    update.bind(4, std::string(patient_id));
    update.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>>
SqliteAdverseEventRepository::PendingAssessments(int limit) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<std::string>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id FROM adverse_events WHERE assessment_pending_reason <> '' "
        "ORDER BY create_time, id LIMIT ?");
    query.bind(1, limit);
    std::vector<std::string> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getString());
    return ids;
  });
}

absl::StatusOr<std::optional<absl::Time>>
SqliteAdverseEventRepository::LastCompletedSession(
    absl::string_view patient_id, absl::string_view treatment_type,
    absl::Time before) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<absl::Time>> {
    // State 3: completed (scheduling::SessionState::kCompleted).
    SQLite::Statement& query = connection_.Prepare(
        "SELECT MAX(start_time) FROM sessions WHERE patient_id = ? AND "
        "treatment_type = ? AND state = 3 AND start_time < ?");
    query.bind(1, std::string(patient_id));
    query.bind(2, std::string(treatment_type));
    query.bind(3, ToMicros(before));
    query.executeStep();
    return OptionalTimeColumn(query.getColumn(0));
  });
}

absl::StatusOr<std::vector<AdverseEvent>> SqliteAdverseEventRepository::List(
    const adverse_events::EventQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<AdverseEvent>> {
    // Expedited listings go by due date (overdue first), the rest by onset.
    const char* order = query.expedited_pending_only ? "e.expedited_due_time"
                                                     : "e.onset_time";
    std::string sql =
        absl::StrCat("SELECT ", kEventColumns, " FROM adverse_events e WHERE 1");
    if (query.patient_id) absl::StrAppend(&sql, " AND e.patient_id = :patient");
    if (query.treatment_type) absl::StrAppend(&sql, " AND e.treatment_type = :type");
    if (query.term) absl::StrAppend(&sql, " AND e.term = :term");
    if (query.min_grade > 0) absl::StrAppend(&sql, " AND e.severity_grade >= :grade");
    if (query.serious_only) absl::StrAppend(&sql, " AND e.seriousness != 0");
    if (query.lot_number) {
      absl::StrAppend(&sql,
                      " AND EXISTS (SELECT 1 FROM adverse_event_products p "
                      "WHERE p.event_id = e.id AND p.lot_number = :lot)");
    }
    if (query.onset_from) absl::StrAppend(&sql, " AND e.onset_time >= :from");
    if (query.onset_to) absl::StrAppend(&sql, " AND e.onset_time < :to");
    if (query.expedited_pending_only) {
      absl::StrAppend(&sql,
                      " AND e.expedited_due_time IS NOT NULL AND "
                      "e.expedited_submit_time IS NULL");
    }
    if (query.after) {
      absl::StrAppend(&sql, " AND (", order, ", e.id) > (:after_time, :after_id)");
    }
    absl::StrAppend(&sql, " ORDER BY ", order, ", e.id LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    if (query.patient_id) statement.bind(":patient", *query.patient_id);
    if (query.treatment_type) statement.bind(":type", *query.treatment_type);
    if (query.term) statement.bind(":term", *query.term);
    if (query.min_grade > 0) statement.bind(":grade", query.min_grade);
    if (query.lot_number) statement.bind(":lot", *query.lot_number);
    if (query.onset_from) statement.bind(":from", ToMicros(*query.onset_from));
    if (query.onset_to) statement.bind(":to", ToMicros(*query.onset_to));
    if (query.after) {
      statement.bind(":after_time", ToMicros(query.after->first));
      statement.bind(":after_id", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<AdverseEvent> events;
    while (statement.executeStep()) events.push_back(ReadEvent(statement));
    statement.tryReset();
    for (AdverseEvent& event : events) ReadDetails(event);
    return events;
  });
}

absl::StatusOr<std::vector<AdverseEvent>> SqliteAdverseEventRepository::ForSession(
    absl::string_view session_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<AdverseEvent>> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kEventColumns,
        " FROM adverse_events e WHERE e.session_id = ? ORDER BY e.onset_time"));
    query.bind(1, std::string(session_id));
    std::vector<AdverseEvent> events;
    while (query.executeStep()) events.push_back(ReadEvent(query));
    return events;
  });
}

absl::StatusOr<std::vector<adverse_events::LotUse>>
SqliteAdverseEventRepository::LotUses(
    const adverse_events::LotUseQuery& query) {
  return CatchSqlite(
      [&]() -> absl::StatusOr<std::vector<adverse_events::LotUse>> {
        std::string sql =
            "SELECT s.id, s.patient_id, s.practitioner_id, s.start_time, "
            "p.volume_ml, p.area, p.position FROM session_products p JOIN "
            "sessions s ON s.id = p.session_id WHERE p.lot_number = "
            ":lot AND p.product = :product COLLATE NOCASE";
        AppendPage(sql, "s.start_time, s.id, p.position",
                   query.after.has_value());
        SQLite::Statement& statement = connection_.Prepare(sql);
        statement.bind(":lot", query.lot_number);
        statement.bind(":product", query.product);
        if (query.after.has_value()) {
          statement.bind(":after1", ToMicros(query.after->session_time));
          statement.bind(":after2", query.after->session_id);
          statement.bind(":after3", query.after->position);
        }
        statement.bind(":limit", query.limit);
        std::vector<adverse_events::LotUse> uses;
        while (statement.executeStep()) {
          uses.push_back({statement.getColumn(0).getString(),
                          statement.getColumn(1).getString(),
                          statement.getColumn(2).getString(),
                          TimeColumn(statement.getColumn(3)),
                          statement.getColumn(4).getDouble(),
                          statement.getColumn(5).getString(),
                          statement.getColumn(6).getInt64()});
        }
        return uses;
      });
}

absl::StatusOr<int64_t> SqliteAdverseEventRepository::CountLotPatients(
    absl::string_view product, absl::string_view lot_number) {
  return CatchSqlite([&]() -> absl::StatusOr<int64_t> {
    SQLite::Statement& count = connection_.Prepare(
        "SELECT COUNT(DISTINCT s.patient_id) FROM session_products p JOIN "
        "sessions s ON s.id = p.session_id WHERE p.lot_number = ? AND "
        "p.product = ? COLLATE NOCASE");
    count.bind(1, std::string(lot_number));
    count.bind(2, std::string(product));
    count.executeStep();
    return count.getColumn(0).getInt64();
  });
}

absl::StatusOr<int64_t> SqliteAdverseEventRepository::CountCompletedSessions(
    absl::string_view treatment_type, absl::Time from, absl::Time to) {
  return CatchSqlite([&]() -> absl::StatusOr<int64_t> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT COUNT(*) FROM sessions WHERE treatment_type = ? AND state = 3 "
        "AND start_time >= ? AND start_time < ?");
    query.bind(1, std::string(treatment_type));
    query.bind(2, ToMicros(from));
    query.bind(3, ToMicros(to));
    query.executeStep();
    return query.getColumn(0).getInt64();
  });
}

absl::StatusOr<std::string> SqliteAdverseEventRepository::SessionPractitioner(
    absl::string_view session_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::string> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT practitioner_id FROM sessions WHERE id = ?");
    query.bind(1, std::string(session_id));
    if (!query.executeStep()) {
      return absl::NotFoundError(
          absl::StrCat("sessions/", session_id, " does not exist"));
    }
    return query.getColumn(0).getString();
  });
}

absl::Status SqliteAdverseEventRepository::InsertTask(const FollowUpTask& task) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO follow_up_tasks (", kTaskColumns,
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.bind(1, task.id);
    insert.bind(2, task.session_id);
    insert.bind(3, task.patient_id);
    insert.bind(4, task.practitioner_id);
    insert.bind(5, task.code);
    insert.bind(6, task.title);
    insert.bind(7, task.look_for);
    insert.bind(8, ToMicros(task.due_time));
    BindOptionalTime(insert, 9, task.done_time);
    insert.bind(10, task.note);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<FollowUpTask> SqliteAdverseEventRepository::GetTask(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<FollowUpTask> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kTaskColumns, " FROM follow_up_tasks WHERE id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) {
      return absl::NotFoundError(
          absl::StrCat("followUpTasks/", id, " does not exist"));
    }
    return ReadTask(query);
  });
}

absl::Status SqliteAdverseEventRepository::CompleteTask(absl::string_view id,
                                                        absl::Time done,
                                                        absl::string_view note) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE follow_up_tasks SET done_time = ?, note = ? WHERE id = ?");
    update.bind(1, ToMicros(done));
    update.bind(2, std::string(note));
    update.bind(3, std::string(id));
    if (update.exec() == 0) {
      return absl::NotFoundError(
          absl::StrCat("followUpTasks/", id, " does not exist"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<FollowUpTask>> SqliteAdverseEventRepository::ListTasks(
    const adverse_events::TaskQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<FollowUpTask>> {
    std::string sql =
        absl::StrCat("SELECT ", kTaskColumns, " FROM follow_up_tasks WHERE 1");
    if (query.practitioner_id) {
      absl::StrAppend(&sql, " AND practitioner_id = :practitioner");
    }
    if (query.due_before) absl::StrAppend(&sql, " AND due_time < :before");
    if (!query.include_done) absl::StrAppend(&sql, " AND done_time IS NULL");
    if (query.after) {
      absl::StrAppend(&sql, " AND (due_time, id) > (:after_time, :after_id)");
    }
    absl::StrAppend(&sql, " ORDER BY due_time, id LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    if (query.practitioner_id) {
      statement.bind(":practitioner", *query.practitioner_id);
    }
    if (query.due_before) statement.bind(":before", ToMicros(*query.due_before));
    if (query.after) {
      statement.bind(":after_time", ToMicros(query.after->first));
      statement.bind(":after_id", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<FollowUpTask> tasks;
    while (statement.executeStep()) tasks.push_back(ReadTask(statement));
    return tasks;
  });
}

}  // namespace mesoclinic::storage
