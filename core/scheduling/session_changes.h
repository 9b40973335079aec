#ifndef MESOCLINIC_CORE_SCHEDULING_SESSION_CHANGES_H_
#define MESOCLINIC_CORE_SCHEDULING_SESSION_CHANGES_H_

// The one way a session changes, whichever capability changes it (booking,
// a move, check-in, a safety hold after an adverse event): the session is
// written through the transaction's repository, and the change is handed to
// a sink that announces it to the schedule's watchers once, and only if,
// the transaction commits.

#include <optional>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/scheduling/scheduling_repository.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

// A session as a change left it, and the local days it concerns.
struct SessionChange {
  enum class Kind { kBooked, kUpdated };
  Kind kind = Kind::kUpdated;
  Session session;
  // The session's local day, and the day it started on before a move (the
  // same day otherwise): watchers of either must learn of it.
  absl::CivilDay day;
  absl::CivilDay previous_day;
};

// Where changes go to be announced. Receives them while the transaction is
// still open, so it must hold them until the transaction has committed.
class SessionChangeSink {
 public:
  virtual ~SessionChangeSink() = default;
  virtual void AnnounceAfterCommit(SessionChange change) = 0;
};

class SessionChanges {
 public:
  SessionChanges(SchedulingRepository& repository, SessionChangeSink& sink)
      : repository_(repository), sink_(sink) {}

  // Stores a new session.
  absl::Status Book(const Session& session);

  // Stores `session`'s new state; `previous_start` is where a moved session
  // started before.
  absl::Status Update(const Session& session,
                      std::optional<absl::Time> previous_start = std::nullopt);

 private:
  absl::Status Announce(SessionChange::Kind kind, const Session& session,
                        absl::Time previous_start);

  SchedulingRepository& repository_;
  SessionChangeSink& sink_;
  // The clinic's zone, read once on the first change.
  std::optional<absl::TimeZone> zone_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SESSION_CHANGES_H_
