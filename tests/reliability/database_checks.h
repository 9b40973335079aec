#ifndef MESOCLINIC_TESTS_RELIABILITY_DATABASE_CHECKS_H_
#define MESOCLINIC_TESTS_RELIABILITY_DATABASE_CHECKS_H_

// Checks of the database file itself, opened read-only with SQLite between
// the kill and the restart: what the disk holds, before any recovery code of
// clinicd's runs. SQLite replays its write-ahead log for the reader, so this
// is what the next clinicd will find.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/reliability/expected_state.h"
#include "tests/reliability/findings.h"

namespace mesoclinic::reliability {

struct DatabaseSession {
  SlotKey slot;
  // clinic.v1.SessionState's number.
  int state = 0;
};

struct DatabaseView {
  // PRAGMA integrity_check's rows, joined: "ok" when sound.
  std::string integrity;
  // Keyed by resource name ("sessions/{id}", "adverseEvents/{id}").
  std::map<std::string, DatabaseSession> sessions;
  std::map<std::string, std::string> treatment_notes;
  std::map<std::string, std::string> event_body_sites;
  // Pairs of sessions that hold overlapping slots of one practitioner, room
  // or patient, described.
  std::vector<std::string> overlaps;
};

absl::StatusOr<DatabaseView> ReadDatabase(const std::string& path);

// Integrity, no overlaps, every acknowledged session (in its acknowledged
// state unless an unresolved operation acts on it) and event present, and
// nothing present that only a refused operation could have written.
void CheckDatabase(const DatabaseView& database, const ExpectedState& expected,
                   Findings& findings);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_DATABASE_CHECKS_H_
