#include "core/storage/sqlite_scheduling_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using scheduling::Closure;
using scheduling::ClosureQuery;
using scheduling::Course;
using scheduling::Interval;
using scheduling::kLongestSession;
using scheduling::Room;
using scheduling::RoomQuery;
using scheduling::Session;

// SQLite's LIMIT for "every row".
constexpr int kNoLimit = -1;

constexpr char kSessionColumns[] =
    "id, patient_id, treatment_type, practitioner_id, room_id, start_time, "
    "end_time, state, course_id, course_index, min_gap_days, max_gap_days, "
    "flagged, cancel_reason, cancelled_by, check_in_time, create_time, "
    "update_time, kind, consultation_notes";

// The states of a session holding its slot (scheduling::HoldsSlot), as an
// SQL list: "1, 2, 3".
std::string SlotHoldingStates() {
  return absl::StrCat(static_cast<int>(scheduling::SessionState::kBooked),
                      ", ",
                      static_cast<int>(scheduling::SessionState::kCheckedIn),
                      ", ",
                      static_cast<int>(scheduling::SessionState::kCompleted));
}

Session ReadSession(SQLite::Statement& row) {
  Session session;
  int i = 0;
  session.id = row.getColumn(i++).getString();
  session.patient_id = row.getColumn(i++).getString();
  session.treatment_type = row.getColumn(i++).getString();
  session.practitioner_id = row.getColumn(i++).getString();
  session.room_id = row.getColumn(i++).getString();
  session.time.start = TimeColumn(row.getColumn(i++));
  session.time.end = TimeColumn(row.getColumn(i++));
  session.state = static_cast<scheduling::SessionState>(row.getColumn(i++).getInt());
  const SQLite::Column course = row.getColumn(i++);
  session.course_id = course.isNull() ? "" : course.getString();
  session.course_index = row.getColumn(i++).getInt();
  session.min_gap_days = row.getColumn(i++).getInt();
  session.max_gap_days = row.getColumn(i++).getInt();
  session.flagged = row.getColumn(i++).getInt() != 0;
  session.cancel_reason = row.getColumn(i++).getString();
  session.cancelled_by = row.getColumn(i++).getString();
  session.check_in_time = OptionalTimeColumn(row.getColumn(i++));
  session.create_time = TimeColumn(row.getColumn(i++));
  session.update_time = TimeColumn(row.getColumn(i++));
  session.kind = static_cast<scheduling::SessionKind>(row.getColumn(i++).getInt());
  session.consultation_notes = row.getColumn(i++).getString();
  return session;
}

// Binds the session columns as ?1..?20 in kSessionColumns order.
void BindSession(SQLite::Statement& statement, const Session& session) {
  int i = 0;
  statement.bind(++i, session.id);
  statement.bind(++i, session.patient_id);
  statement.bind(++i, session.treatment_type);
  statement.bind(++i, session.practitioner_id);
  statement.bind(++i, session.room_id);
  statement.bind(++i, ToMicros(session.time.start));
  statement.bind(++i, ToMicros(session.time.end));
  statement.bind(++i, static_cast<int>(session.state));
  if (session.course_id.empty()) {
    statement.bind(++i);
  } else {
    statement.bind(++i, session.course_id);
  }
  statement.bind(++i, session.course_index);
  statement.bind(++i, session.min_gap_days);
  statement.bind(++i, session.max_gap_days);
  statement.bind(++i, session.flagged ? 1 : 0);
  statement.bind(++i, session.cancel_reason);
  statement.bind(++i, session.cancelled_by);
  BindOptionalTime(statement, ++i, session.check_in_time);
  statement.bind(++i, ToMicros(session.create_time));
  statement.bind(++i, ToMicros(session.update_time));
  statement.bind(++i, static_cast<int>(session.kind));
  statement.bind(++i, session.consultation_notes);
}

Closure ReadClosure(SQLite::Statement& row) {
  Closure closure;
  closure.id = row.getColumn(0).getString();
  closure.scope = static_cast<scheduling::ClosureScope>(row.getColumn(1).getInt());
  closure.scope_id = row.getColumn(2).getString();
  closure.period = {TimeColumn(row.getColumn(3)), TimeColumn(row.getColumn(4))};
  closure.reason = row.getColumn(5).getString();
  closure.create_time = TimeColumn(row.getColumn(6));
  return closure;
}

Course ReadCourse(SQLite::Statement& row) {
  Course course;
  course.id = row.getColumn(0).getString();
  course.patient_id = row.getColumn(1).getString();
  course.treatment_type = row.getColumn(2).getString();
  course.state = static_cast<scheduling::CourseState>(row.getColumn(3).getInt());
  course.create_time = TimeColumn(row.getColumn(4));
  course.update_time = TimeColumn(row.getColumn(5));
  return course;
}

Room ReadRoom(SQLite::Statement& row) {
  return Room{row.getColumn(0).getString(), row.getColumn(1).getString(),
              row.getColumn(2).getInt() != 0, TimeColumn(row.getColumn(3))};
}

absl::Status NotFound(absl::string_view collection, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(collection, "/", id, " does not exist"));
}

}  // namespace

absl::StatusOr<scheduling::ClinicSettings>
SqliteSchedulingRepository::GetSettings() {
  return CatchSqlite([&]() -> absl::StatusOr<scheduling::ClinicSettings> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT time_zone, slot_granularity_minutes, revision, jurisdiction, "
        "sign_in_idle_timeout_seconds FROM clinic_settings WHERE id = 1");
    if (!query.executeStep()) {
      return absl::NotFoundError("the clinic has no settings yet");
    }
    scheduling::ClinicSettings settings;
    settings.time_zone_name = query.getColumn(0).getString();
    settings.slot_granularity_minutes = query.getColumn(1).getInt();
    settings.revision = query.getColumn(2).getInt64();
    settings.jurisdiction = query.getColumn(3).getString();
    settings.sign_in_idle_timeout = absl::Seconds(query.getColumn(4).getInt64());
    query.tryReset();
    if (!absl::LoadTimeZone(settings.time_zone_name, &settings.time_zone)) {
      return absl::InternalError(absl::StrCat(
          "the stored time zone ", settings.time_zone_name,
          " is unknown to this machine (is tzdata installed?)"));
    }
    absl::StatusOr<scheduling::WeeklyHours> hours = ReadHours("");
    if (!hours.ok()) return hours.status();
    settings.opening_hours = *std::move(hours);
    return settings;
  });
}

absl::Status SqliteSchedulingRepository::PutSettings(
    const scheduling::ClinicSettings& settings) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& put = connection_.Prepare(
        "INSERT INTO clinic_settings (id, time_zone, slot_granularity_minutes, "
        "revision, jurisdiction, sign_in_idle_timeout_seconds) VALUES (1, ?, "
        "?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET time_zone = "
        "excluded.time_zone, slot_granularity_minutes = "
        "excluded.slot_granularity_minutes, revision = excluded.revision, "
        "jurisdiction = excluded.jurisdiction, sign_in_idle_timeout_seconds = "
        "excluded.sign_in_idle_timeout_seconds");
    put.bind(1, settings.time_zone_name);
    put.bind(2, settings.slot_granularity_minutes);
    put.bind(3, static_cast<int64_t>(settings.revision));
    put.bind(4, settings.jurisdiction);
    put.bind(5, absl::ToInt64Seconds(settings.sign_in_idle_timeout));
    put.exec();
    WriteHours("", settings.opening_hours);
    return absl::OkStatus();
  });
}

absl::StatusOr<scheduling::WeeklyHours> SqliteSchedulingRepository::ReadHours(
    absl::string_view owner) {
  return CatchSqlite([&]() -> absl::StatusOr<scheduling::WeeklyHours> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT weekday, start_minute, end_minute FROM weekly_hours "
        "WHERE owner = ? ORDER BY weekday, start_minute");
    query.bind(1, std::string(owner));
    scheduling::WeeklyHours hours;
    while (query.executeStep()) {
      hours.Add(query.getColumn(0).getInt(),
                {query.getColumn(1).getInt(), query.getColumn(2).getInt()});
    }
    return hours;
  });
}

void SqliteSchedulingRepository::WriteHours(
    absl::string_view owner, const scheduling::WeeklyHours& hours) {
  SQLite::Statement& clear =
      connection_.Prepare("DELETE FROM weekly_hours WHERE owner = ?");
  clear.bind(1, std::string(owner));
  clear.exec();
  SQLite::Statement& insert = connection_.Prepare(
      "INSERT INTO weekly_hours (owner, weekday, start_minute, end_minute) "
      "VALUES (?, ?, ?, ?)");
  for (int weekday = 1; weekday <= 7; ++weekday) {
    for (const scheduling::MinuteRange& range : hours.On(weekday)) {
      insert.reset();
      insert.bind(1, std::string(owner));
      insert.bind(2, weekday);
      insert.bind(3, range.start);
      insert.bind(4, range.end);
      insert.exec();
    }
  }
}

absl::StatusOr<scheduling::WeeklyHours>
SqliteSchedulingRepository::GetWorkingHours(absl::string_view staff_id) {
  return ReadHours(staff_id);
}

absl::StatusOr<absl::flat_hash_map<std::string, scheduling::WeeklyHours>>
SqliteSchedulingRepository::ListWorkingHours() {
  using HoursByStaff =
      absl::flat_hash_map<std::string, scheduling::WeeklyHours>;
  return CatchSqlite([&]() -> absl::StatusOr<HoursByStaff> {
    // The clinic's own opening hours are stored under the empty owner.
    SQLite::Statement& query = connection_.Prepare(
        "SELECT owner, weekday, start_minute, end_minute FROM weekly_hours "
        "WHERE owner > ''");
    HoursByStaff hours;
    while (query.executeStep()) {
      hours[TextColumnView(query.getColumn(0))].Add(
          query.getColumn(1).getInt(),
          {query.getColumn(2).getInt(), query.getColumn(3).getInt()});
    }
    return hours;
  });
}

absl::Status SqliteSchedulingRepository::PutWorkingHours(
    absl::string_view staff_id, const scheduling::WeeklyHours& hours) {
  return CatchSqlite([&]() -> absl::Status {
    WriteHours(staff_id, hours);
    return absl::OkStatus();
  });
}

absl::Status SqliteSchedulingRepository::InsertRoom(const Room& room) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO rooms (id, display_name, active, create_time) "
        "VALUES (?, ?, ?, ?)");
    insert.bind(1, room.id);
    insert.bind(2, room.display_name);
    insert.bind(3, room.active ? 1 : 0);
    insert.bind(4, ToMicros(room.create_time));
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<Room> SqliteSchedulingRepository::GetRoom(absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<Room> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id, display_name, active, create_time FROM rooms WHERE id = ?");
    query.bind(1, std::string(id));
    if (!query.executeStep()) return NotFound("rooms", id);
    return ReadRoom(query);
  });
}

absl::Status SqliteSchedulingRepository::UpdateRoom(const Room& room) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE rooms SET display_name = ?, active = ? WHERE id = ?");
    update.bind(1, room.display_name);
    update.bind(2, room.active ? 1 : 0);
    update.bind(3, room.id);
    if (update.exec() == 0) return NotFound("rooms", room.id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<Room>> SqliteSchedulingRepository::ListRooms(
    bool include_inactive) {
  return ListRooms(
      RoomQuery{.include_inactive = include_inactive, .limit = kNoLimit});
}

absl::StatusOr<std::vector<Room>> SqliteSchedulingRepository::ListRooms(
    const RoomQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Room>> {
    std::string sql =
        "SELECT id, display_name, active, create_time FROM rooms "
        "WHERE (active = 1 OR :inactive)";
    AppendPage(sql, "display_name, id", query.after.has_value());
    SQLite::Statement& statement = connection_.Prepare(sql);
    statement.bind(":inactive", query.include_inactive ? 1 : 0);
    if (query.after.has_value()) {
      statement.bind(":after1", query.after->first);
      statement.bind(":after2", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<Room> rooms;
    while (statement.executeStep()) rooms.push_back(ReadRoom(statement));
    return rooms;
  });
}

absl::Status SqliteSchedulingRepository::InsertClosure(const Closure& closure) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO closures (id, scope, scope_id, start_time, end_time, "
        "reason, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, closure.id);
    insert.bind(2, static_cast<int>(closure.scope));
    insert.bind(3, closure.scope_id);
    insert.bind(4, ToMicros(closure.period.start));
    insert.bind(5, ToMicros(closure.period.end));
    insert.bind(6, closure.reason);
    insert.bind(7, ToMicros(closure.create_time));
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<Closure> SqliteSchedulingRepository::GetClosure(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<Closure> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id, scope, scope_id, start_time, end_time, reason, create_time "
        "FROM closures WHERE id = ?");
    query.bind(1, std::string(id));
    if (!query.executeStep()) return NotFound("closures", id);
    return ReadClosure(query);
  });
}

absl::Status SqliteSchedulingRepository::DeleteClosure(absl::string_view id) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& remove =
        connection_.Prepare("DELETE FROM closures WHERE id = ?");
    remove.bind(1, std::string(id));
    if (remove.exec() == 0) return NotFound("closures", id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<Closure>> SqliteSchedulingRepository::ListClosures(
    const Interval& period) {
  return ListClosures(ClosureQuery{.period = period, .limit = kNoLimit});
}

absl::StatusOr<std::vector<Closure>> SqliteSchedulingRepository::ListClosures(
    const ClosureQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Closure>> {
    std::string sql =
        "SELECT id, scope, scope_id, start_time, end_time, reason, create_time "
        // Through closures_by_end (end, start), which finds only the
        // closures still running for any period that is not long past (a
        // booking's) and tests their start on the index: only those that
        // overlap are read from the table. Left to itself, SQLite walks
        // closures_by_time for the ORDER BY, reading every closure that ever
        // started before the period.
        "FROM closures INDEXED BY closures_by_end "
        "WHERE start_time < :end AND end_time > :start";
    AppendPage(sql, "start_time, id", query.after.has_value());
    SQLite::Statement& statement = connection_.Prepare(sql);
    statement.bind(":end", ToMicros(query.period.end));
    statement.bind(":start", ToMicros(query.period.start));
    if (query.after.has_value()) {
      statement.bind(":after1", ToMicros(query.after->first));
      statement.bind(":after2", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<Closure> closures;
    while (statement.executeStep()) closures.push_back(ReadClosure(statement));
    return closures;
  });
}

absl::Status SqliteSchedulingRepository::InsertCourse(const Course& course) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO courses (id, patient_id, treatment_type, state, "
        "create_time, update_time) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, course.id);
    insert.bind(2, course.patient_id);
    insert.bind(3, course.treatment_type);
    insert.bind(4, static_cast<int>(course.state));
    insert.bind(5, ToMicros(course.create_time));
    insert.bind(6, ToMicros(course.update_time));
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<Course> SqliteSchedulingRepository::GetCourse(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<Course> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id, patient_id, treatment_type, state, create_time, "
        "update_time FROM courses WHERE id = ?");
    query.bind(1, std::string(id));
    if (!query.executeStep()) return NotFound("courses", id);
    return ReadCourse(query);
  });
}

absl::Status SqliteSchedulingRepository::UpdateCourse(const Course& course) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE courses SET state = ?, update_time = ? WHERE id = ?");
    update.bind(1, static_cast<int>(course.state));
    update.bind(2, ToMicros(course.update_time));
    update.bind(3, course.id);
    if (update.exec() == 0) return NotFound("courses", course.id);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<Course>> SqliteSchedulingRepository::PatientCourses(
    absl::string_view patient_id, absl::string_view treatment_type) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Course>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT id, patient_id, treatment_type, state, create_time, "
        "update_time FROM courses WHERE patient_id = ? AND treatment_type = ? "
        "ORDER BY create_time, id");
    query.bind(1, std::string(patient_id));
    query.bind(2, std::string(treatment_type));
    std::vector<Course> courses;
    while (query.executeStep()) courses.push_back(ReadCourse(query));
    return courses;
  });
}

absl::StatusOr<std::vector<Session>> SqliteSchedulingRepository::CourseSessions(
    absl::string_view course_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Session>> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kSessionColumns,
        " FROM sessions WHERE course_id = ? ORDER BY course_index, start_time"));
    query.bind(1, std::string(course_id));
    std::vector<Session> sessions;
    while (query.executeStep()) sessions.push_back(ReadSession(query));
    query.tryReset();
    for (Session& session : sessions) {
      if (session.state == scheduling::SessionState::kCompleted) {
        session.treatment_record = ReadTreatmentRecord(session.id);
      }
    }
    return sessions;
  });
}

absl::Status SqliteSchedulingRepository::InsertSession(const Session& session) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO sessions (", kSessionColumns,
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16, ?17, ?18, ?19, ?20)"));
    BindSession(insert, session);
    insert.exec();
    if (session.treatment_record.has_value()) {
      WriteTreatmentRecord(session.id, *session.treatment_record);
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<Session> SqliteSchedulingRepository::GetSession(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<Session> {
    SQLite::Statement& query = connection_.Prepare(
        absl::StrCat("SELECT ", kSessionColumns, " FROM sessions WHERE id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) return NotFound("sessions", id);
    Session session = ReadSession(query);
    query.tryReset();
    session.treatment_record = ReadTreatmentRecord(session.id);
    return session;
  });
}

absl::Status SqliteSchedulingRepository::UpdateSession(const Session& session) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE sessions SET patient_id = ?2, treatment_type = ?3, "
        "practitioner_id = ?4, room_id = ?5, start_time = ?6, end_time = ?7, "
        "state = ?8, course_id = ?9, course_index = ?10, min_gap_days = ?11, "
        "max_gap_days = ?12, flagged = ?13, cancel_reason = ?14, "
        "cancelled_by = ?15, check_in_time = ?16, create_time = ?17, "
        "update_time = ?18, kind = ?19, consultation_notes = ?20 "
        "WHERE id = ?1");
    BindSession(update, session);
    if (update.exec() == 0) return NotFound("sessions", session.id);
    if (session.treatment_record.has_value() &&
        !ReadTreatmentRecord(session.id).has_value()) {
      WriteTreatmentRecord(session.id, *session.treatment_record);
    }
    return absl::OkStatus();
  });
}

void SqliteSchedulingRepository::WriteTreatmentRecord(
    const std::string& session_id, const scheduling::TreatmentRecord& record) {
  SQLite::Statement& insert = connection_.Prepare(
      "INSERT INTO treatment_records (session_id, areas, notes, recorded_by, "
      "record_time) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, session_id);
  insert.bind(2, absl::StrJoin(record.areas, " "));
  insert.bind(3, record.notes);
  insert.bind(4, record.recorded_by);
  insert.bind(5, ToMicros(record.record_time));
  insert.exec();
  SQLite::Statement& product = connection_.Prepare(
      "INSERT INTO session_products (session_id, position, product, "
      "lot_number, concentration, volume_ml, depth_mm, area, "
      "injection_points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < record.products.size(); ++i) {
    const scheduling::ProductUse& use = record.products[i];
    product.reset();
    product.bind(1, session_id);
    product.bind(2, static_cast<int>(i));
    product.bind(3, use.product);
    product.bind(4, use.lot_number);
    product.bind(5, use.concentration);
    product.bind(6, use.volume_ml);
    product.bind(7, use.depth_mm);
    product.bind(8, use.area);
    product.bind(9, use.injection_points);
    product.exec();
  }
  SQLite::Statement& outcome = connection_.Prepare(
      "INSERT INTO session_outcomes (session_id, position, code, site, value) "
      "VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < record.outcomes.size(); ++i) {
    outcome.reset();
    outcome.bind(1, session_id);
    outcome.bind(2, static_cast<int>(i));
    outcome.bind(3, record.outcomes[i].code);
    outcome.bind(4, record.outcomes[i].site);
    outcome.bind(5, record.outcomes[i].value);
    outcome.exec();
  }  SQLite::Statement& answer = connection_.Prepare(
      "INSERT INTO treatment_record_checklist (session_id, position, "
      "question, answer_yes) VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < record.day_of_answers.size(); ++i) {
    answer.reset();
    answer.bind(1, session_id);
    answer.bind(2, static_cast<int>(i));
    answer.bind(3, record.day_of_answers[i].question);
    answer.bind(4, record.day_of_answers[i].yes ? 1 : 0);
    answer.exec();
  }
}

std::optional<scheduling::TreatmentRecord>
SqliteSchedulingRepository::ReadTreatmentRecord(const std::string& session_id) {
  SQLite::Statement& query = connection_.Prepare(
      "SELECT areas, notes, recorded_by, record_time FROM treatment_records "
      "WHERE session_id = ?");
  query.bind(1, session_id);
  if (!query.executeStep()) return std::nullopt;
  scheduling::TreatmentRecord record;
  record.areas = absl::StrSplit(query.getColumn(0).getString(), ' ',
                                absl::SkipEmpty());
  record.notes = query.getColumn(1).getString();
  record.recorded_by = query.getColumn(2).getString();
  record.record_time = TimeColumn(query.getColumn(3));
  query.tryReset();
  SQLite::Statement& products = connection_.Prepare(
      "SELECT product, lot_number, concentration, volume_ml, depth_mm, area, "
      "injection_points FROM session_products WHERE session_id = ? "
      "ORDER BY position");
  products.bind(1, session_id);
  while (products.executeStep()) {
    record.products.push_back(
        {products.getColumn(0).getString(), products.getColumn(1).getString(),
         products.getColumn(2).getDouble(), products.getColumn(3).getDouble(),
         products.getColumn(4).getDouble(), products.getColumn(5).getString(),
         products.getColumn(6).getInt()});
  }
  SQLite::Statement& outcomes = connection_.Prepare(
      "SELECT code, site, value FROM session_outcomes WHERE session_id = ? "
      "ORDER BY position");
  outcomes.bind(1, session_id);
  while (outcomes.executeStep()) {
    record.outcomes.push_back({outcomes.getColumn(0).getString(),
                               outcomes.getColumn(1).getString(),
                               outcomes.getColumn(2).getDouble()});
  }
  SQLite::Statement& answers = connection_.Prepare(
      "SELECT question, answer_yes FROM treatment_record_checklist "
      "WHERE session_id = ? ORDER BY position");
  answers.bind(1, session_id);
  while (answers.executeStep()) {
    record.day_of_answers.push_back(
        {answers.getColumn(0).getString(), answers.getColumn(1).getInt() != 0});
  }
  return record;
}

absl::StatusOr<std::vector<Session>> SqliteSchedulingRepository::ListSessions(
    const scheduling::SessionQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Session>> {
    std::string sql =
        absl::StrCat("SELECT ", kSessionColumns, " FROM sessions WHERE 1");
    if (query.patient_id) absl::StrAppend(&sql, " AND patient_id = :patient");
    if (query.practitioner_id) {
      absl::StrAppend(&sql, " AND practitioner_id = :practitioner");
    }
    if (query.room_id) absl::StrAppend(&sql, " AND room_id = :room");
    if (query.starting_within) {
      absl::StrAppend(&sql, " AND start_time >= :from AND start_time < :to");
    }
    if (!query.include_cancelled) {
      absl::StrAppend(&sql, " AND state != ",
                      static_cast<int>(scheduling::SessionState::kCancelled));
    }
    if (query.after) {
      absl::StrAppend(&sql, " AND (start_time, id) > (:after_time, :after_id)");
    }
    absl::StrAppend(&sql, " ORDER BY start_time, id LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    if (query.patient_id) statement.bind(":patient", *query.patient_id);
    if (query.practitioner_id) {
      statement.bind(":practitioner", *query.practitioner_id);
    }
    if (query.room_id) statement.bind(":room", *query.room_id);
    if (query.starting_within) {
      statement.bind(":from", ToMicros(query.starting_within->start));
      statement.bind(":to", ToMicros(query.starting_within->end));
    }
    if (query.after) {
      statement.bind(":after_time", ToMicros(query.after->first));
      statement.bind(":after_id", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<Session> sessions;
    while (statement.executeStep()) sessions.push_back(ReadSession(statement));
    return sessions;
  });
}

absl::Status SqliteSchedulingRepository::VisitBusyTime(
    const scheduling::Interval& starting_within,
    absl::FunctionRef<void(const scheduling::BusyTime&)> visit) {
  return CatchSqlite([&]() -> absl::Status {
    // Every column is in sessions_by_time: no table row is read.
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT practitioner_id, room_id, start_time, end_time FROM sessions "
        "WHERE start_time >= ? AND start_time < ? AND state IN (",
        SlotHoldingStates(), ")"));
    query.bind(1, ToMicros(starting_within.start));
    query.bind(2, ToMicros(starting_within.end));
    while (query.executeStep()) {
      visit({.practitioner_id = TextColumnView(query.getColumn(0)),
             .room_id = TextColumnView(query.getColumn(1)),
             .time = {TimeColumn(query.getColumn(2)),
                      TimeColumn(query.getColumn(3))}});
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<Session>> SqliteSchedulingRepository::FindOverlap(
    scheduling::SessionOwner owner, absl::string_view owner_id,
    const Interval& time, absl::string_view except_session_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<Session>> {
    const char* column = owner == scheduling::SessionOwner::kPractitioner
                             ? "practitioner_id"
                         : owner == scheduling::SessionOwner::kRoom
                             ? "room_id"
                             : "patient_id";
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kSessionColumns, " FROM sessions WHERE ", column,
        " = ? AND start_time >= ? AND start_time < ? AND end_time > ? "
        "AND state IN (",
        SlotHoldingStates(), ") AND id != ? ORDER BY start_time LIMIT 1"));
    query.bind(1, std::string(owner_id));
    query.bind(2, ToMicros(time.start - kLongestSession));
    query.bind(3, ToMicros(time.end));
    query.bind(4, ToMicros(time.start));
    query.bind(5, std::string(except_session_id));
    if (!query.executeStep()) return std::nullopt;
    return ReadSession(query);
  });
}

}  // namespace mesoclinic::storage
