#include "core/scheduling/jurisdiction_change.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/consent/jurisdiction.h"
#include "core/scheduling/booking_rules.h"

namespace mesoclinic::scheduling {
namespace {

// Sessions a refusal names one by one; it counts the rest.
constexpr std::size_t kSessionsNamed = 5;

// The sessions of `type` booked or checked in from `now` to the booking
// horizon (no session is booked beyond it).
absl::StatusOr<std::vector<std::string>> OpenSessionsOf(
    SchedulingRepository& repository, absl::string_view type, absl::Time now) {
  std::vector<std::string> names;
  SessionQuery query;
  query.starting_within = Interval{now, now + kBookingHorizon + absl::Hours(24)};
  query.limit = 1000;
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<Session> page,
                     repository.ListSessions(query));
    for (const Session& session : page) {
      const bool open = session.state == SessionState::kBooked ||
                        session.state == SessionState::kCheckedIn;
      if (open && session.treatment_type == type) {
        names.push_back(ResourceName("sessions", session.id));
      }
    }
    if (static_cast<int>(page.size()) < query.limit) return names;
    query.after = {{page.back().time.start, page.back().id}};
  }
}

}  // namespace

absl::Status CheckJurisdictionChange(storage::Transaction& transaction,
                                     const plugin_host::PluginRegistry& plugins,
                                     absl::string_view jurisdiction,
                                     absl::Time now) {
  for (const plugin_host::LoadedPlugin* type : plugins.plugins()) {
    if (consent::ForbiddingEntry(type->description(), jurisdiction) ==
        nullptr) {
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<std::string> sessions,
                     OpenSessionsOf(transaction.scheduling(), type->id(), now));
    if (sessions.empty()) continue;
    const std::size_t count = sessions.size();
    const std::string more =
        count > kSessionsNamed
            ? absl::StrCat(" and ", count - kSessionsNamed, " more")
            : "";
    sessions.resize(std::min(count, kSessionsNamed));
    const absl::Status forbidden = consent::CheckOfferedIn(
        type->description(), jurisdiction, "settings.jurisdiction");
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            forbidden.message(), "; ", count,
            " future sessions of it are booked: cancel them first (",
            absl::StrJoin(sessions, ", "), more, ")")),
        reasons::kTreatmentForbiddenInJurisdiction,
        {{"treatment_type", ResourceName("treatmentTypes", type->id())},
         {"jurisdiction", std::string(jurisdiction)},
         {"sessions", absl::StrCat(count)}});
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::scheduling
