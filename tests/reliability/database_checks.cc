#include "tests/reliability/database_checks.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mesoclinic::reliability {
namespace {

namespace v1 = ::clinic::v1;

constexpr char kCheck[] = "database file";

// Sessions in these states hold their slot (booked, checked in, completed).
constexpr char kHoldsSlot[] = "IN (1, 2, 3)";

std::string OverlapQuery() {
  std::vector<std::string> parts;
  for (const char* owner : {"practitioner", "room", "patient"}) {
    parts.push_back(
        absl::StrCat("SELECT '", owner, "', a.", owner,
                     "_id, a.id, b.id FROM sessions a "
                     "JOIN sessions b ON a.",
                     owner, "_id = b.", owner,
                     "_id "
                     "AND a.id < b.id AND a.start_time < b.end_time "
                     "AND b.start_time < a.end_time "
                     "WHERE a.state ",
                     kHoldsSlot, " AND b.state ", kHoldsSlot));
  }
  return absl::StrJoin(parts, " UNION ALL ");
}

std::string StateName(int state) {
  return v1::SessionState_Name(static_cast<v1::SessionState>(state));
}

}  // namespace

absl::StatusOr<DatabaseView> ReadDatabase(const std::string& path) {
  try {
    SQLite::Database database(path, SQLite::OPEN_READONLY);
    DatabaseView view;
    std::vector<std::string> problems;
    SQLite::Statement integrity(database, "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      problems.push_back(integrity.getColumn(0).getString());
    }
    view.integrity = absl::StrJoin(problems, "; ");

    SQLite::Statement sessions(
        database,
        "SELECT id, patient_id, practitioner_id, room_id, start_time, state "
        "FROM sessions");
    while (sessions.executeStep()) {
      DatabaseSession& session = view.sessions[absl::StrCat(
          "sessions/", sessions.getColumn(0).getString())];
      session.slot = {
          absl::StrCat("patients/", sessions.getColumn(1).getString()),
          absl::StrCat("staff/", sessions.getColumn(2).getString()),
          absl::StrCat("rooms/", sessions.getColumn(3).getString()),
          absl::FromUnixMicros(sessions.getColumn(4).getInt64())};
      session.state = sessions.getColumn(5).getInt();
    }

    SQLite::Statement records(
        database, "SELECT session_id, notes FROM treatment_records");
    while (records.executeStep()) {
      view.treatment_notes[absl::StrCat("sessions/",
                                        records.getColumn(0).getString())] =
          records.getColumn(1).getString();
    }

    SQLite::Statement events(database,
                             "SELECT id, body_site FROM adverse_events");
    while (events.executeStep()) {
      view.event_body_sites[absl::StrCat("adverseEvents/",
                                         events.getColumn(0).getString())] =
          events.getColumn(1).getString();
    }

    SQLite::Statement overlaps(database, OverlapQuery());
    while (overlaps.executeStep()) {
      view.overlaps.push_back(absl::StrCat(
          "the ", overlaps.getColumn(0).getString(), " ",
          overlaps.getColumn(1).getString(), " holds overlapping sessions/",
          overlaps.getColumn(2).getString(), " and sessions/",
          overlaps.getColumn(3).getString()));
    }
    return view;
  } catch (const SQLite::Exception& error) {
    return absl::DataLossError(
        absl::StrCat("cannot read ", path, ": ", error.what()));
  }
}

void CheckDatabase(const DatabaseView& database, const ExpectedState& expected,
                   Findings& findings) {
  if (database.integrity != "ok") {
    findings.Add("PRAGMA integrity_check", database.integrity);
  }
  for (const std::string& overlap : database.overlaps) {
    findings.Add(kCheck, overlap);
  }

  for (const auto& [name, session] : expected.sessions()) {
    const auto found = database.sessions.find(name);
    if (found == database.sessions.end()) {
      const Operation* booking = expected.BookingOf(name);
      findings.Add(kCheck,
                   absl::StrCat(name, " is missing although it was booked: ",
                                booking != nullptr ? Describe(*booking) : "?"));
    } else if (!expected.Uncertain(name) &&
               found->second.state != session.state()) {
      findings.Add(
          kCheck,
          absl::StrCat(name, " is ", StateName(found->second.state),
                       " but was acknowledged ", StateName(session.state())));
    } else if (session.has_treatment_record() &&
               !database.treatment_notes.contains(name)) {
      findings.Add(kCheck, absl::StrCat("the acknowledged treatment record of ",
                                        name, " is missing"));
    }
  }
  for (const auto& [name, session] : database.sessions) {
    if (expected.sessions().contains(name)) continue;
    const std::string problem =
        expected.ExplainUnexpectedSession(name, session.slot);
    if (!problem.empty()) findings.Add(kCheck, problem);
  }

  for (const auto& [name, notes] : database.treatment_notes) {
    const auto acknowledged = expected.sessions().find(name);
    if (acknowledged != expected.sessions().end() &&
        acknowledged->second.treatment_record().notes() == notes) {
      continue;
    }
    const std::string problem = expected.ExplainUnexpectedMarker(
        absl::StrCat("the treatment record of ", name), notes);
    if (!problem.empty()) findings.Add(kCheck, problem);
  }

  for (const auto& [name, event] : expected.events()) {
    if (!database.event_body_sites.contains(name)) {
      findings.Add(kCheck, absl::StrCat("acknowledged ", name, " (",
                                        event.body_site(), ") is missing"));
    }
  }
  for (const auto& [name, body_site] : database.event_body_sites) {
    if (expected.events().contains(name)) continue;
    const std::string problem = expected.ExplainUnexpectedMarker(
        absl::StrCat("unacknowledged ", name, " (body site)"), body_site);
    if (!problem.empty()) findings.Add(kCheck, problem);
  }
}

}  // namespace mesoclinic::reliability
