#ifndef MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_
#define MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_

// clinic.v1.SchedulingService: free slots, booking sessions and courses,
// moving, cancelling, checking in, completing with a treatment record, and a
// live view of a day's schedule.

#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/schedule_events.h"
#include "core/api/bound_service.h"

namespace mesoclinic::scheduling {

class SchedulingService final
    : public BoundService<clinic::v1::SchedulingService> {
 public:
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;
  // FindAvailableSlots looks at most this many days ahead at once.
  static constexpr int kMaxSlotSearchDays = 31;

  // At most `max_schedule_watchers` WatchSchedule streams at once (0: no
  // limit); the next one ends RESOURCE_EXHAUSTED.
  SchedulingService(CallRunner& calls, storage::Store& store,
                    const plugin_host::PluginRegistry& plugins,
                    int max_schedule_watchers);

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

  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchSchedule(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request);

  // Stores a session whose state changed, announces it to watchers once
  // committed, and puts it in `out` as the caller may see it.
  absl::Status SaveChange(storage::Transaction& transaction,
                          const CallContext& call, const Session& session,
                          clinic::v1::Session& out) const;

  // Announces the committed state of `session` to watchers of its day (and
  // of `previous_start`'s day after a move).
  void Announce(const CallContext& call, const Session& session,
                clinic::v1::WatchScheduleResponse::Change change,
                absl::TimeZone zone,
                std::optional<absl::Time> previous_start = std::nullopt) const;

  CallRunner& calls_;
  storage::Store& store_;
  const plugin_host::PluginRegistry& plugins_;
  // Mutable: publishing is not a change of the service's own state.
  mutable ScheduleEvents events_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULING_SERVICE_H_
