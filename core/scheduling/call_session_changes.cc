#include "core/scheduling/call_session_changes.h"

#include <utility>

#include "core/scheduling/scheduling_proto.h"

namespace mesoclinic::scheduling {

void CallSessionChanges::Announcer::AnnounceAfterCommit(SessionChange change) {
  clinic::v1::WatchScheduleResponse message;
  message.set_change(change.kind == SessionChange::Kind::kBooked
                         ? clinic::v1::WatchScheduleResponse::CHANGE_BOOKED
                         : clinic::v1::WatchScheduleResponse::CHANGE_UPDATED);
  // Watchers see the schedule, never a treatment record.
  *message.mutable_session() =
      SessionToProto(change.session, /*with_record=*/false);
  notes_.AfterCommit([&events = events_, message = std::move(message),
                      day = change.day, previous_day = change.previous_day] {
    events.Publish(message, {day, previous_day});
  });
}

}  // namespace mesoclinic::scheduling
