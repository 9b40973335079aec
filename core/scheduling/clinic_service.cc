#include "core/scheduling/clinic_service.h"

#include "absl/time/clock.h"
#include "core/audit/audit_event.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/audit/audit_event.h"
#include "core/base/etag.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_checks.h"
#include "core/scheduling/jurisdiction_change.h"
#include "core/scheduling/scheduling_proto.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;

// Practitioners may set their own hours and leave; admins anyone's.
absl::Status RequireSelfOrAdmin(const CallContext& call,
                                const std::string& staff_id) {
  if (call.role == staff::Role::kAdmin || call.staff_id == staff_id) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "practitioners may change only their own hours and leave");
}

// An IANA zone name ("Europe/Paris", "Etc/GMT-2"). absl::LoadTimeZone would
// also take a file path, and stops reading a name at a NUL byte, so the
// name is checked before it is loaded.
absl::Status CheckTimeZoneName(absl::string_view field,
                               absl::string_view name) {
  const bool iana_shaped =
      !name.empty() && name.size() <= 64 && name.front() != '/' &&
      !absl::StrContains(name, "..") &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
               c == '/' || c == '_' || c == '-' || c == '+';
      });
  if (iana_shaped) return absl::OkStatus();
  return FieldError(field,
                    "must be an IANA time zone such as \"Europe/Paris\"");
}

}  // namespace

absl::Status SeedClinicSettings(storage::Store& store,
                                const std::string& time_zone_name) {
  return store.WriteAndWait([&](storage::Transaction& transaction) {
    if (transaction.scheduling().GetSettings().ok()) return absl::OkStatus();
    ClinicSettings settings;
    settings.time_zone_name = time_zone_name;
    for (int weekday = 1; weekday <= 5; ++weekday) {
      settings.opening_hours.Add(weekday, {9 * 60, 18 * 60});
    }
    RETURN_IF_ERROR(ValidateSettings(settings));
    RETURN_IF_ERROR(transaction.scheduling().PutSettings(settings));
    audit::AuditEvent event = audit::ClinicdEvent(
        "SeedClinicSettings",
        absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())));
    event.resource = "clinicSettings";
    return audit::AppendAuditEvent(transaction.audit(), std::move(event));
  });
}

absl::StatusOr<std::string> ActivePractitioner(storage::Transaction& transaction,
                                               absl::string_view field,
                                               absl::string_view name) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceName(field, name, "staff"));
  RETURN_IF_ERROR(CheckActivePractitioner(transaction, field, id));
  return id;
}

ClinicService::ClinicService(CallRunner& calls,
                             const plugin_host::PluginRegistry& plugins)
    : BoundService(calls), plugins_(plugins) {
  BindRead("GetClinicSettings", &ClinicService::GetClinicSettings);
  BindWrite("UpdateClinicSettings", &ClinicService::UpdateClinicSettings);
  BindWrite("CreateRoom", &ClinicService::CreateRoom);
  BindRead("ListRooms", &ClinicService::ListRooms);
  BindWrite("DeactivateRoom", &ClinicService::DeactivateRoom);
  BindWrite("SetWorkingHours", &ClinicService::SetWorkingHours);
  BindRead("GetWorkingHours", &ClinicService::GetWorkingHours);
  BindWrite("CreateClosure", &ClinicService::CreateClosure);
  BindRead("ListClosures", &ClinicService::ListClosures);
  BindWrite("DeleteClosure", &ClinicService::DeleteClosure);
}

absl::Status ClinicService::GetClinicSettings(
    const v1::GetClinicSettingsRequest&, v1::GetClinicSettingsResponse& response,
    storage::Transaction& transaction, const CallContext&) const {
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  *response.mutable_settings() = SettingsToProto(settings);
  return absl::OkStatus();
}

absl::Status ClinicService::UpdateClinicSettings(
    const v1::UpdateClinicSettingsRequest& request,
    v1::UpdateClinicSettingsResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  call.notes->SetResource("clinicSettings");
  ASSIGN_OR_RETURN(const ClinicSettings current,
                   transaction.scheduling().GetSettings());
  RETURN_IF_ERROR(CheckEtag(
      request.etag(), current.Etag(),
      "etag: the settings changed since they were read; read them again"));
  RETURN_IF_ERROR(
      CheckTimeZoneName("settings.time_zone", request.settings().time_zone()));
  ClinicSettings updated;
  updated.time_zone_name = request.settings().time_zone();
  updated.slot_granularity_minutes =
      request.settings().slot_granularity_minutes();
  ASSIGN_OR_RETURN(updated.opening_hours,
                   WeeklyHoursFromProto("settings.opening_hours",
                                        request.settings().opening_hours()));
  updated.jurisdiction = request.settings().jurisdiction();
  if (request.settings().has_sign_in_idle_timeout()) {
    ASSIGN_OR_RETURN(updated.sign_in_idle_timeout,
                     WholeSecondsFromProto(
                         "settings.sign_in_idle_timeout",
                         request.settings().sign_in_idle_timeout()));
  }
  RETURN_IF_ERROR(ValidateSettings(updated));
  if (updated.jurisdiction != current.jurisdiction) {
    RETURN_IF_ERROR(CheckJurisdictionChange(transaction, plugins_,
                                            updated.jurisdiction, call.now));
  }
  absl::LoadTimeZone(updated.time_zone_name, &updated.time_zone);
  updated.revision = current.revision + 1;
  RETURN_IF_ERROR(transaction.scheduling().PutSettings(updated));
  *response.mutable_settings() = SettingsToProto(updated);
  return absl::OkStatus();
}

absl::Status ClinicService::CreateRoom(const v1::CreateRoomRequest& request,
                                       v1::CreateRoomResponse& response,
                                       storage::Transaction& transaction,
                                       const CallContext& call) const {
  RETURN_IF_ERROR(CheckText("room.display_name", request.room().display_name(),
                            {.required = true, .max_length = 100}));
  const Room room{NewResourceId(), request.room().display_name(), true,
                  call.now};
  call.notes->SetResource(ResourceName("rooms", room.id));
  RETURN_IF_ERROR(transaction.scheduling().InsertRoom(room));
  *response.mutable_room() = RoomToProto(room);
  return absl::OkStatus();
}

absl::Status ClinicService::ListRooms(const v1::ListRoomsRequest& request,
                                      v1::ListRoomsResponse& response,
                                      storage::Transaction& transaction,
                                      const CallContext&) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  RoomQuery query{.include_inactive = request.include_inactive(),
                  .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(query.after, pager.AfterKeyAndId());
  ASSIGN_OR_RETURN(std::vector<Room> rooms,
                   transaction.scheduling().ListRooms(query));
  response.set_next_page_token(
      pager.NextPageToken<Room>(rooms, [](const Room& room) {
        return PagePosition().Add(room.display_name).Add(room.id);
      }));
  for (const Room& room : rooms) *response.add_rooms() = RoomToProto(room);
  return absl::OkStatus();
}

absl::Status ClinicService::DeactivateRoom(
    const v1::DeactivateRoomRequest& request,
    v1::DeactivateRoomResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), "rooms"));
  ASSIGN_OR_RETURN(Room room, transaction.scheduling().GetRoom(id));
  if (!room.active) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), " is already inactive"));
  }
  room.active = false;
  RETURN_IF_ERROR(transaction.scheduling().UpdateRoom(room));
  *response.mutable_room() = RoomToProto(room);
  return absl::OkStatus();
}

absl::Status ClinicService::SetWorkingHours(
    const v1::SetWorkingHoursRequest& request,
    v1::SetWorkingHoursResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.practitioner());
  ASSIGN_OR_RETURN(const std::string staff_id,
                   ActivePractitioner(transaction, "practitioner",
                                      request.practitioner()));
  RETURN_IF_ERROR(RequireSelfOrAdmin(call, staff_id));
  ASSIGN_OR_RETURN(const WeeklyHours hours,
                   WeeklyHoursFromProto("hours", request.hours()));
  RETURN_IF_ERROR(hours.Validate("hours"));
  RETURN_IF_ERROR(transaction.scheduling().PutWorkingHours(staff_id, hours));
  *response.mutable_hours() = WeeklyHoursToProto(hours);
  return absl::OkStatus();
}

absl::Status ClinicService::GetWorkingHours(
    const v1::GetWorkingHoursRequest& request,
    v1::GetWorkingHoursResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.practitioner());
  ASSIGN_OR_RETURN(const std::string staff_id,
                   ParseResourceName("practitioner", request.practitioner(),
                                     "staff"));
  RETURN_IF_ERROR(transaction.staff().Get(staff_id).status());
  ASSIGN_OR_RETURN(const WeeklyHours hours,
                   transaction.scheduling().GetWorkingHours(staff_id));
  *response.mutable_hours() = WeeklyHoursToProto(hours);
  return absl::OkStatus();
}

absl::Status ClinicService::CreateClosure(
    const v1::CreateClosureRequest& request,
    v1::CreateClosureResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  const v1::Closure& proto = request.closure();
  Closure closure;
  closure.id = NewResourceId();
  closure.create_time = call.now;
  call.notes->SetResource(ResourceName("closures", closure.id));
  RETURN_IF_ERROR(
      CheckText("closure.reason", proto.reason(), {.max_length = 200}));
  closure.reason = proto.reason();
  ASSIGN_OR_RETURN(closure.period.start,
                   TimeFromProto("closure.start_time", proto.start_time()));
  ASSIGN_OR_RETURN(closure.period.end,
                   TimeFromProto("closure.end_time", proto.end_time()));
  if (closure.period.end <= closure.period.start) {
    return FieldError("closure.end_time", "must be after start_time");
  }
  if (proto.resource().empty()) {
    if (call.role != staff::Role::kAdmin) {
      return absl::PermissionDeniedError(
          "only admins may close the whole clinic");
    }
  } else if (absl::StartsWith(proto.resource(), "rooms/")) {
    ASSIGN_OR_RETURN(closure.scope_id, ParseResourceName("closure.resource",
                                                         proto.resource(),
                                                         "rooms"));
    RETURN_IF_ERROR(transaction.scheduling().GetRoom(closure.scope_id).status());
    closure.scope = ClosureScope::kRoom;
    if (call.role != staff::Role::kAdmin) {
      return absl::PermissionDeniedError("only admins may close a room");
    }
  } else {
    ASSIGN_OR_RETURN(closure.scope_id,
                     ActivePractitioner(transaction, "closure.resource",
                                        proto.resource()));
    RETURN_IF_ERROR(RequireSelfOrAdmin(call, closure.scope_id));
    closure.scope = ClosureScope::kPractitioner;
  }
  // Booked sessions are never silently stranded inside a closure.
  SessionQuery booked;
  booked.starting_within = Interval{closure.period.start - kLongestSession,
                                    closure.period.end};
  booked.limit = 1000;
  for (bool more = true; more;) {
    ASSIGN_OR_RETURN(const std::vector<Session> sessions,
                     transaction.scheduling().ListSessions(booked));
    for (const Session& session : sessions) {
      if (session.state == SessionState::kBooked &&
          session.time.Overlaps(closure.period) &&
          closure.Blocks(session.practitioner_id, session.room_id)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "sessions/", session.id, " is booked during the closure: move or "
            "cancel it first"));
      }
    }
    more = static_cast<int>(sessions.size()) == booked.limit;
    if (more) booked.after = {sessions.back().time.start, sessions.back().id};
  }
  RETURN_IF_ERROR(transaction.scheduling().InsertClosure(closure));
  *response.mutable_closure() = ClosureToProto(closure);
  return absl::OkStatus();
}

absl::Status ClinicService::ListClosures(const v1::ListClosuresRequest& request,
                                         v1::ListClosuresResponse& response,
                                         storage::Transaction& transaction,
                                         const CallContext&) const {
  Interval period;
  ASSIGN_OR_RETURN(period.start,
                   TimeFromProto("start_time", request.start_time()));
  ASSIGN_OR_RETURN(period.end, TimeFromProto("end_time", request.end_time()));
  if (period.end <= period.start) {
    return FieldError("end_time", "must be after start_time");
  }
  if (period.end - period.start > absl::Hours(24 * 400)) {
    return FieldError("end_time", "must be at most 400 days after start_time");
  }
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  ClosureQuery query{.period = period, .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(query.after, pager.AfterTimeAndId());
  ASSIGN_OR_RETURN(std::vector<Closure> closures,
                   transaction.scheduling().ListClosures(query));
  response.set_next_page_token(
      pager.NextPageToken<Closure>(closures, [](const Closure& closure) {
        return PagePosition().Add(closure.period.start).Add(closure.id);
      }));
  for (const Closure& closure : closures) {
    *response.add_closures() = ClosureToProto(closure);
  }
  return absl::OkStatus();
}

absl::Status ClinicService::DeleteClosure(const v1::DeleteClosureRequest& request,
                                          v1::DeleteClosureResponse&,
                                          storage::Transaction& transaction,
                                          const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), "closures"));
  ASSIGN_OR_RETURN(const Closure closure,
                   transaction.scheduling().GetClosure(id));
  if (closure.scope == ClosureScope::kPractitioner) {
    RETURN_IF_ERROR(RequireSelfOrAdmin(call, closure.scope_id));
  } else if (call.role != staff::Role::kAdmin) {
    return absl::PermissionDeniedError(
        "only admins may reopen the clinic or a room");
  }
  return transaction.scheduling().DeleteClosure(id);
}

}  // namespace mesoclinic::scheduling
