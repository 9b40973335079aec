#ifndef MESOCLINIC_CORE_SCHEDULING_CALL_SESSION_CHANGES_H_
#define MESOCLINIC_CORE_SCHEDULING_CALL_SESSION_CHANGES_H_

// SessionChanges for one call of any service: what the call changes in a
// session is written in its transaction and announced to WatchSchedule once
// that transaction has committed (CallNotes::AfterCommit).

#include "core/api/call_runner.h"
#include "core/scheduling/schedule_events.h"
#include "core/scheduling/session_changes.h"
#include "core/storage/store.h"

namespace mesoclinic::scheduling {

class CallSessionChanges {
 public:
  CallSessionChanges(ScheduleEvents& events, storage::Transaction& transaction,
                     const CallContext& call)
      : announcer_(events, *call.notes),
        changes_(transaction.scheduling(), announcer_) {}

  SessionChanges& changes() { return changes_; }

 private:
  class Announcer final : public SessionChangeSink {
   public:
    Announcer(ScheduleEvents& events, CallNotes& notes)
        : events_(events), notes_(notes) {}
    void AnnounceAfterCommit(SessionChange change) override;

   private:
    ScheduleEvents& events_;
    CallNotes& notes_;
  };

  Announcer announcer_;
  SessionChanges changes_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_CALL_SESSION_CHANGES_H_
