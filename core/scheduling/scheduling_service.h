#ifndef MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_
#define MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_

// clinic.v1.SchedulingService: free slots, booking sessions and courses,
// moving, cancelling, checking in, completing with a treatment record, and a
// live view of a day's schedule.

#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/schedule_events.h"
#include "core/scheduling/slot_finder.h"

namespace mesoclinic::scheduling {

// A slow WatchSchedule watcher may fall this far behind before its stream
// is ended: memory stays bounded whatever the client does.
inline constexpr std::size_t kMaxQueuedScheduleChanges = 10000;

class SchedulingService final
    : public BoundService<clinic::v1::SchedulingService> {
 public:
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;
  // FindAvailableSlots looks at most this many days ahead at once.
  static constexpr int kMaxSlotSearchDays = SlotFinder::kMaxSearchDays;

  // Session changes are announced to, and WatchSchedule streams take their
  // places from, `events`, which every service that changes sessions
  // shares.
  SchedulingService(CallRunner& calls, storage::Store& store,
                    const plugin_host::PluginRegistry& plugins,
                    ScheduleEvents& events);

 private:

  absl::Status FindAvailableSlots(
      const clinic::v1::FindAvailableSlotsRequest&,
      clinic::v1::FindAvailableSlotsResponse&, storage::Transaction&,
      const CallContext&) const;
  absl::Status BookSession(const clinic::v1::BookSessionRequest&,
                           clinic::v1::BookSessionResponse&,
                           storage::Transaction&, const CallContext&) const;
  absl::Status BookCourse(const clinic::v1::BookCourseRequest&,
                          clinic::v1::BookCourseResponse&,
                          storage::Transaction&, const CallContext&) const;
  absl::Status RescheduleSession(const clinic::v1::RescheduleSessionRequest&,
                                 clinic::v1::RescheduleSessionResponse&,
                                 storage::Transaction&,
                                 const CallContext&) const;
  absl::Status CancelSession(const clinic::v1::CancelSessionRequest&,
                             clinic::v1::CancelSessionResponse&,
                             storage::Transaction&, const CallContext&) const;
  absl::Status CheckIn(const clinic::v1::CheckInRequest&,
                       clinic::v1::CheckInResponse&, storage::Transaction&,
                       const CallContext&) const;
  absl::Status CompleteSession(const clinic::v1::CompleteSessionRequest&,
                               clinic::v1::CompleteSessionResponse&,
                               storage::Transaction&, const CallContext&) const;
  absl::Status MarkNoShow(const clinic::v1::MarkNoShowRequest&,
                          clinic::v1::MarkNoShowResponse&,
                          storage::Transaction&, const CallContext&) const;
  absl::Status GetSession(const clinic::v1::GetSessionRequest&,
                          clinic::v1::GetSessionResponse&,
                          storage::Transaction&, const CallContext&) const;
  absl::Status ListSessions(const clinic::v1::ListSessionsRequest&,
                            clinic::v1::ListSessionsResponse&,
                            storage::Transaction&, const CallContext&) const;
  absl::Status GetCourse(const clinic::v1::GetCourseRequest&,
                         clinic::v1::GetCourseResponse&, storage::Transaction&,
                         const CallContext&) const;

  void WatchSchedule(std::unique_ptr<IncomingCall> call,
                     std::shared_ptr<OutgoingStream> stream);

  // Runs `step` on the session the request names and answers it as the
  // step left it (CancelSession, CheckIn, CompleteSession, MarkNoShow).
  template <typename Request, typename Response, typename Step>
  absl::Status TakeStep(const Request& request, Response& response,
                        storage::Transaction& transaction,
                        const CallContext& call, Step step) const;

  CallRunner& calls_;
  storage::Store& store_;
  const plugin_host::PluginRegistry& plugins_;
  ScheduleEvents& events_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_
