#include "core/scheduling/scheduling_service.h"

#include <string>
#include <utility>
#include <vector>

#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/call_session_changes.h"
#include "core/scheduling/consultation.h"
#include "core/scheduling/course_booker.h"
#include "core/scheduling/scheduling_proto.h"
#include "core/scheduling/session_booker.h"
#include "core/scheduling/session_mover.h"
#include "core/scheduling/session_steps.h"
#include "core/treatments/course_planner.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;

constexpr absl::string_view kSessions = "sessions";

// What the decisions of one call are made with; the sessions they change
// are announced once the call has committed.
struct CallDecisions {
  CallDecisions(ScheduleEvents& events,
                const plugin_host::PluginRegistry& plugins,
                storage::Transaction& transaction, const CallContext& call)
      : changes(events, transaction, call),
        context{transaction, plugins, changes.changes(), call.staff_id,
                call.role, call.now} {}

  CallSessionChanges changes;
  DecisionContext context;
};

// The session `name`, sent in the request's `field`.
absl::StatusOr<Session> FindSession(storage::Transaction& transaction,
                                    const CallContext& call,
                                    absl::string_view field,
                                    absl::string_view name) {
  call.notes->SetResource(std::string(name));
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName(field, name, kSessions));
  ASSIGN_OR_RETURN(Session session, transaction.scheduling().GetSession(id));
  call.notes->AddPatient(session.patient_id);
  return session;
}

// The id in `name`; "" for an empty name that is not `required`.
absl::StatusOr<std::string> ParseId(absl::string_view field,
                                    absl::string_view name,
                                    absl::string_view collection,
                                    bool required) {
  if (!required && name.empty()) return std::string();
  return ParseResourceName(field, name, collection);
}

// The ids of who a request names (empty for names left out, when not
// `required`); the patient, when named, is noted as the call's.
struct CastIds {
  std::string patient;
  std::string practitioner;
  std::string room;
};
absl::StatusOr<CastIds> ParseCast(const CallContext& call,
                                  absl::string_view patient,
                                  absl::string_view practitioner,
                                  absl::string_view room, bool required) {
  CastIds ids;
  ASSIGN_OR_RETURN(ids.patient,
                   ParseId("patient", patient, "patients", required));
  if (!ids.patient.empty()) call.notes->AddPatient(ids.patient);
  ASSIGN_OR_RETURN(ids.practitioner,
                   ParseId("practitioner", practitioner, "staff", required));
  ASSIGN_OR_RETURN(ids.room, ParseId("room", room, "rooms", required));
  return ids;
}

bool SeesTreatmentRecords(const CallContext& call) {
  return call.role != staff::Role::kFrontDesk;
}

}  // namespace

SchedulingService::SchedulingService(CallRunner& calls, storage::Store& store,
                                     const plugin_host::PluginRegistry& plugins,
                                     ScheduleEvents& events)
    : BoundService(calls),
      calls_(calls),
      store_(store),
      plugins_(plugins),
      events_(events) {
  BindRead("FindAvailableSlots", &SchedulingService::FindAvailableSlots);
  BindWrite("BookSession", &SchedulingService::BookSession);
  BindWrite("BookCourse", &SchedulingService::BookCourse);
  BindWrite("RescheduleSession", &SchedulingService::RescheduleSession);
  BindWrite("CancelSession", &SchedulingService::CancelSession);
  BindWrite("CheckIn", &SchedulingService::CheckIn);
  BindWrite("CompleteSession", &SchedulingService::CompleteSession);
  BindWrite("MarkNoShow", &SchedulingService::MarkNoShow);
  BindRead("GetSession", &SchedulingService::GetSession);
  BindRead("ListSessions", &SchedulingService::ListSessions);
  BindRead("GetCourse", &SchedulingService::GetCourse);
  BindServerStream(
      "WatchSchedule",
      [this](std::unique_ptr<IncomingCall> call,
             std::shared_ptr<OutgoingStream> stream) {
        WatchSchedule(std::move(call), std::move(stream));
      },
      kMaxQueuedScheduleChanges, [] {
        auto keep_alive = std::make_unique<v1::WatchScheduleResponse>();
        keep_alive->set_change(v1::WatchScheduleResponse::CHANGE_KEEP_ALIVE);
        return keep_alive;
      });
}

absl::Status SchedulingService::FindAvailableSlots(
    const v1::FindAvailableSlotsRequest& request,
    v1::FindAvailableSlotsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
                                              request.treatment_type()));
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  SlotSearch search{.length = treatments::SessionLength(*type),
                    .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(search.first_day,
                   DateFromProto("start_date", request.start_date()));
  ASSIGN_OR_RETURN(search.last_day,
                   DateFromProto("end_date", request.end_date()));
  ASSIGN_OR_RETURN(const CastIds cast,
                   ParseCast(call, "", request.practitioner(), request.room(),
                             /*required=*/false));
  search.practitioner_id = cast.practitioner;
  search.room_id = cast.room;
  ASSIGN_OR_RETURN(const PagePosition* after, pager.After(3));
  if (after != nullptr) {
    AvailableSlot& slot = search.after.emplace();
    ASSIGN_OR_RETURN(slot.start, after->TimeAt(0));
    ASSIGN_OR_RETURN(slot.practitioner_id, after->StringAt(1));
    ASSIGN_OR_RETURN(slot.room_id, after->StringAt(2));
  }
  ASSIGN_OR_RETURN(std::vector<AvailableSlot> slots,
                   SlotFinder(transaction, call.now).Find(search));
  response.set_next_page_token(pager.NextPageToken<AvailableSlot>(
      slots, [](const AvailableSlot& slot) {
        return PagePosition().Add(slot.start).Add(slot.practitioner_id).Add(
            slot.room_id);
      }));
  for (const AvailableSlot& slot : slots) {
    v1::AvailableSlot& out = *response.add_slots();
    *out.mutable_start_time() = TimestampToProto(slot.start);
    *out.mutable_end_time() = TimestampToProto(slot.start + search.length);
    out.set_practitioner(ResourceName("staff", slot.practitioner_id));
    out.set_room(ResourceName("rooms", slot.room_id));
  }
  return absl::OkStatus();
}

absl::Status SchedulingService::BookSession(
    const v1::BookSessionRequest& request, v1::BookSessionResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  SessionBooking booking;
  ASSIGN_OR_RETURN(booking.kind, SessionKindFromProto(request.kind()));
  if (booking.kind == SessionKind::kConsultation) {
    ASSIGN_OR_RETURN(booking.consultation_length,
                     ConsultationLengthFromProto(request));
  } else {
    if (request.consultation_minutes() != 0) {
      return FieldError("consultation_minutes",
                        "must be 0 for a treatment session: its protocol "
                        "sets its length");
    }
    ASSIGN_OR_RETURN(booking.type,
                     plugins_.FindTreatmentType("treatment_type",
                                                request.treatment_type()));
  }
  ASSIGN_OR_RETURN(booking.start,
                   TimeFromProto("start_time", request.start_time()));
  ASSIGN_OR_RETURN(const CastIds cast,
                   ParseCast(call, request.patient(), request.practitioner(),
                             request.room(), /*required=*/true));
  booking.patient_id = cast.patient;
  booking.practitioner_id = cast.practitioner;
  booking.room_id = cast.room;
  if (!request.course().empty()) {
    ASSIGN_OR_RETURN(booking.course_id,
                     ParseResourceName("course", request.course(), "courses"));
  }
  CallDecisions decisions(events_, plugins_, transaction, call);
  ASSIGN_OR_RETURN(const Session session,
                   SessionBooker(decisions.context).Book(booking));
  call.notes->SetResource(ResourceName(kSessions, session.id));
  *response.mutable_session() =
      SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

absl::Status SchedulingService::BookCourse(const v1::BookCourseRequest& request,
                                           v1::BookCourseResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  CourseOrder order{
      .session_count = request.session_count(),
      .preferred_interval_days = request.preferred_interval_days(),
      .include_maintenance = request.include_maintenance()};
  ASSIGN_OR_RETURN(order.type,
                   plugins_.FindTreatmentType("treatment_type",
                                              request.treatment_type()));
  ASSIGN_OR_RETURN(order.first_session,
                   TimeFromProto("first_session_time",
                                 request.first_session_time()));
  ASSIGN_OR_RETURN(const CastIds cast,
                   ParseCast(call, request.patient(), request.practitioner(),
                             request.room(), /*required=*/true));
  order.patient_id = cast.patient;
  order.practitioner_id = cast.practitioner;
  order.room_id = cast.room;
  CallDecisions decisions(events_, plugins_, transaction, call);
  ASSIGN_OR_RETURN(const BookedCourse booked,
                   CourseBooker(decisions.context).Book(order));
  call.notes->SetResource(ResourceName("courses", booked.course.id));
  v1::Course& out = *response.mutable_course();
  out = CourseToProto(booked.course);
  for (const Session& session : booked.sessions) {
    *out.add_sessions() = SessionToProto(session, SeesTreatmentRecords(call));
  }
  return absl::OkStatus();
}

absl::Status SchedulingService::RescheduleSession(
    const v1::RescheduleSessionRequest& request,
    v1::RescheduleSessionResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  SessionMove move;
  ASSIGN_OR_RETURN(move.new_start,
                   TimeFromProto("new_start_time", request.new_start_time()));
  ASSIGN_OR_RETURN(const CastIds cast,
                   ParseCast(call, "", request.practitioner(), request.room(),
                             /*required=*/false));
  move.practitioner_id = cast.practitioner;
  move.room_id = cast.room;
  CallDecisions decisions(events_, plugins_, transaction, call);
  ASSIGN_OR_RETURN(const MovedSessions moved,
                   SessionMover(decisions.context).Move(std::move(session),
                                                        move));
  const bool with_record = SeesTreatmentRecords(call);
  *response.mutable_session() = SessionToProto(moved.session, with_record);
  for (const Session& later : moved.also_moved) {
    *response.add_also_moved() = SessionToProto(later, with_record);
  }
  return absl::OkStatus();
}

template <typename Request, typename Response, typename Step>
absl::Status SchedulingService::TakeStep(const Request& request,
                                         Response& response,
                                         storage::Transaction& transaction,
                                         const CallContext& call,
                                         Step step) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  CallDecisions decisions(events_, plugins_, transaction, call);
  SessionSteps steps(decisions.context);
  ASSIGN_OR_RETURN(const Session changed, step(steps, std::move(session)));
  // Who completed a session has just written its record.
  const bool with_record = SeesTreatmentRecords(call) ||
                           changed.state == SessionState::kCompleted;
  *response.mutable_session() = SessionToProto(changed, with_record);
  return absl::OkStatus();
}

absl::Status SchedulingService::CancelSession(
    const v1::CancelSessionRequest& request, v1::CancelSessionResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  return TakeStep(request, response, transaction, call,
                  [&](SessionSteps& steps, Session session) {
                    return steps.Cancel(std::move(session), request.reason());
                  });
}

absl::Status SchedulingService::CheckIn(const v1::CheckInRequest& request,
                                        v1::CheckInResponse& response,
                                        storage::Transaction& transaction,
                                        const CallContext& call) const {
  return TakeStep(request, response, transaction, call,
                  [](SessionSteps& steps, Session session) {
                    return steps.CheckIn(std::move(session));
                  });
}

absl::Status SchedulingService::CompleteSession(
    const v1::CompleteSessionRequest& request,
    v1::CompleteSessionResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  return TakeStep(
      request, response, transaction, call,
      [&](SessionSteps& steps, Session session) -> absl::StatusOr<Session> {
        // A consultation ends with notes, a treatment with its record: the
        // request must carry the one its session's kind asks for.
        if (session.kind == SessionKind::kConsultation) {
          if (request.has_treatment_record()) {
            return FieldError("treatment_record",
                              "must be empty for a consultation: complete it "
                              "with consultation_notes");
          }
          return steps.CompleteConsultation(std::move(session),
                                            request.consultation_notes());
        }
        if (!request.consultation_notes().empty()) {
          return FieldError("consultation_notes",
                            "must be empty for a treatment session: its "
                            "notes go in treatment_record.notes");
        }
        return steps.Complete(
            std::move(session),
            TreatmentRecordFromProto(request.treatment_record()));
      });
}

absl::Status SchedulingService::MarkNoShow(const v1::MarkNoShowRequest& request,
                                           v1::MarkNoShowResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  return TakeStep(request, response, transaction, call,
                  [](SessionSteps& steps, Session session) {
                    return steps.MarkNoShow(std::move(session));
                  });
}

absl::Status SchedulingService::GetSession(const v1::GetSessionRequest& request,
                                           v1::GetSessionResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  ASSIGN_OR_RETURN(const Session session,
                   FindSession(transaction, call, "name", request.name()));
  *response.mutable_session() =
      SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

absl::Status SchedulingService::ListSessions(
    const v1::ListSessionsRequest& request, v1::ListSessionsResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  SessionQuery query{.include_cancelled = request.include_cancelled(),
                     .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(query.patient_id,
                   ParseOptionalResourceName("patient", request.patient(),
                                             "patients"));
  ASSIGN_OR_RETURN(query.practitioner_id,
                   ParseOptionalResourceName(
                       "practitioner", request.practitioner(), "staff"));
  ASSIGN_OR_RETURN(query.room_id, ParseOptionalResourceName(
                                      "room", request.room(), "rooms"));
  ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> day,
                   OptionalDateFromProto("day", request.day()));
  if (day.has_value()) {
    ASSIGN_OR_RETURN(const ClinicSettings settings,
                     transaction.scheduling().GetSettings());
    query.starting_within =
        Interval{absl::FromCivil(*day, settings.time_zone),
                 absl::FromCivil(*day + 1, settings.time_zone)};
  }
  if (!query.patient_id && !query.practitioner_id && !query.room_id &&
      !query.starting_within) {
    return FieldError("patient",
                      "at least one of patient, practitioner, room or day is "
                      "required");
  }
  ASSIGN_OR_RETURN(query.after, pager.AfterTimeAndId());
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   transaction.scheduling().ListSessions(query));
  response.set_next_page_token(pager.NextPageToken<Session>(
      sessions, [](const Session& session) {
        return PagePosition().Add(session.time.start).Add(session.id);
      }));
  for (const Session& session : sessions) {
    call.notes->AddPatient(session.patient_id);
    *response.add_sessions() = SessionToProto(session, /*with_record=*/false);
  }
  return absl::OkStatus();
}

absl::Status SchedulingService::GetCourse(const v1::GetCourseRequest& request,
                                          v1::GetCourseResponse& response,
                                          storage::Transaction& transaction,
                                          const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), "courses"));
  ASSIGN_OR_RETURN(const Course course, transaction.scheduling().GetCourse(id));
  call.notes->AddPatient(course.patient_id);
  ASSIGN_OR_RETURN(const std::vector<Session> sessions,
                   transaction.scheduling().CourseSessions(id));
  *response.mutable_course() = CourseToProto(course);
  for (const Session& session : sessions) {
    *response.mutable_course()->add_sessions() =
        SessionToProto(session, SeesTreatmentRecords(call));
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::scheduling
