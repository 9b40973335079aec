#include "core/scheduling/session_changes.h"

#include "core/base/status_macros.h"

namespace mesoclinic::scheduling {

absl::Status SessionChanges::Book(const Session& session) {
  RETURN_IF_ERROR(repository_.InsertSession(session));
  return Announce(SessionChange::Kind::kBooked, session, session.time.start);
}

absl::Status SessionChanges::Update(const Session& session,
                                    std::optional<absl::Time> previous_start) {
  RETURN_IF_ERROR(repository_.UpdateSession(session));
  return Announce(SessionChange::Kind::kUpdated, session,
                  previous_start.value_or(session.time.start));
}

absl::Status SessionChanges::Announce(SessionChange::Kind kind,
                                      const Session& session,
                                      absl::Time previous_start) {
  if (!zone_.has_value()) {
    ASSIGN_OR_RETURN(const ClinicSettings settings, repository_.GetSettings());
    zone_ = settings.time_zone;
  }
  sink_.AnnounceAfterCommit({kind, session,
                             absl::ToCivilDay(session.time.start, *zone_),
                             absl::ToCivilDay(previous_start, *zone_)});
  return absl::OkStatus();
}

}  // namespace mesoclinic::scheduling
