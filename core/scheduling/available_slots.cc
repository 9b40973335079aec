// SchedulingService.FindAvailableSlots: where a session could go.

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/clinic_service.h"
#include "core/scheduling/free_time.h"
#include "core/scheduling/scheduling_service.h"
#include "core/server/page_token.h"
#include "core/server/proto_time.h"
#include "core/treatments/course_planner.h"
#include "core/treatments/treatment_service.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;

struct Slot {
  absl::Time start;
  std::string practitioner_id;
  std::string room_id;

  auto Key() const { return std::tie(start, practitioner_id, room_id); }
};

// Every session in `period` (and those starting up to kLongestSession
// before it), grouped by practitioner and by room.
absl::Status LoadBusyTime(SchedulingRepository& repository,
                          const Interval& period,
                          std::map<std::string, std::vector<Interval>>& by_staff,
                          std::map<std::string, std::vector<Interval>>& by_room) {
  SessionQuery query;
  query.starting_within = Interval{period.start - kLongestSession, period.end};
  query.limit = 5000;
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<Session> sessions,
                     repository.ListSessions(query));
    for (const Session& session : sessions) {
      if (!HoldsSlot(session.state)) continue;
      by_staff[session.practitioner_id].push_back(session.time);
      by_room[session.room_id].push_back(session.time);
    }
    if (static_cast<int>(sessions.size()) < query.limit) return absl::OkStatus();
    query.after = {sessions.back().time.start, sessions.back().id};
  }
}

}  // namespace

absl::Status SchedulingService::FindAvailableSlots(
    const v1::FindAvailableSlotsRequest& request,
    v1::FindAvailableSlotsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   treatments::FindTreatmentType(plugins_, "treatment_type",
                                                 request.treatment_type()));
  ASSIGN_OR_RETURN(const int page_size,
                   EffectivePageSize(request.page_size(), kDefaultPageSize,
                                     kMaxPageSize));
  ASSIGN_OR_RETURN(const absl::CivilDay first_day,
                   DateFromProto("start_date", request.start_date()));
  ASSIGN_OR_RETURN(const absl::CivilDay last_day,
                   DateFromProto("end_date", request.end_date()));
  if (last_day < first_day) {
    return FieldError("end_date", "must not be before start_date");
  }
  if (last_day - first_day >= kMaxSlotSearchDays) {
    return FieldError("end_date", absl::StrCat("must be at most ",
                                               kMaxSlotSearchDays,
                                               " days after start_date"));
  }
  SchedulingRepository& repository = transaction.scheduling();
  ASSIGN_OR_RETURN(const ClinicSettings settings, repository.GetSettings());
  const absl::TimeZone zone = settings.time_zone;

  std::vector<std::string> practitioners;
  if (!request.practitioner().empty()) {
    ASSIGN_OR_RETURN(practitioners.emplace_back(),
                     ActivePractitioner(transaction, "practitioner",
                                        request.practitioner()));
  } else {
    staff::StaffQuery query{.role = staff::Role::kPractitioner, .limit = 1000};
    ASSIGN_OR_RETURN(const staff::StaffPage page,
                     transaction.staff().List(query));
    for (const staff::StaffMember& member : page.staff) {
      practitioners.push_back(member.id);
    }
  }
  std::vector<std::string> rooms;
  if (!request.room().empty()) {
    ASSIGN_OR_RETURN(const std::string id,
                     ParseResourceName("room", request.room(), "rooms"));
    ASSIGN_OR_RETURN(const Room room, repository.GetRoom(id));
    if (room.active) rooms.push_back(room.id);
  } else {
    ASSIGN_OR_RETURN(const std::vector<Room> all, repository.ListRooms(false));
    for (const Room& room : all) rooms.push_back(room.id);
  }

  const std::string fingerprint = ListRequestFingerprint(request);
  std::optional<Slot> after;
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(const std::vector<std::string> position,
                     DecodePageToken(request.page_token(), fingerprint));
    int64_t micros = 0;
    if (position.size() != 3 || !absl::SimpleAtoi(position[0], &micros)) {
      return FieldError("page_token", "is malformed");
    }
    after = Slot{absl::FromUnixMicros(micros), position[1], position[2]};
  }

  const Interval period{absl::FromCivil(first_day, zone),
                        absl::FromCivil(last_day + 1, zone)};
  std::map<std::string, std::vector<Interval>> busy_staff, busy_room;
  RETURN_IF_ERROR(LoadBusyTime(repository, period, busy_staff, busy_room));
  ASSIGN_OR_RETURN(const std::vector<Closure> closures,
                   repository.ListClosures(period));
  std::map<std::string, WeeklyHours> working_hours;
  for (const std::string& id : practitioners) {
    ASSIGN_OR_RETURN(working_hours[id], repository.GetWorkingHours(id));
  }
  const auto closed_for = [&](const std::string& staff_id,
                              const std::string& room_id) {
    std::vector<Interval> closed;
    for (const Closure& closure : closures) {
      if (closure.Blocks(staff_id, room_id)) closed.push_back(closure.period);
    }
    return closed;
  };

  const absl::Duration length = treatments::SessionLength(*type);
  const absl::Duration granularity =
      absl::Minutes(settings.slot_granularity_minutes);
  std::vector<Slot> page;
  for (absl::CivilDay day = first_day;
       day <= last_day && static_cast<int>(page.size()) <= page_size; ++day) {
    const std::vector<Interval> open =
        settings.opening_hours.IntervalsOn(day, zone);
    std::vector<Slot> slots;
    for (const std::string& room_id : rooms) {
      std::vector<Interval> room_blocked = closed_for("", room_id);
      const auto& room_busy = busy_room[room_id];
      room_blocked.insert(room_blocked.end(), room_busy.begin(), room_busy.end());
      const std::vector<Interval> room_free = Subtract(open, room_blocked);
      for (const std::string& staff_id : practitioners) {
        const WeeklyHours& hours = working_hours[staff_id];
        std::vector<Interval> free =
            hours.empty() ? room_free
                          : Intersect(room_free, hours.IntervalsOn(day, zone));
        std::vector<Interval> blocked = closed_for(staff_id, "");
        const auto& staff_busy = busy_staff[staff_id];
        blocked.insert(blocked.end(), staff_busy.begin(), staff_busy.end());
        free = Subtract(std::move(free), std::move(blocked));
        for (const absl::Time start :
             SlotStarts(free, length, granularity, zone, call.now)) {
          slots.push_back({start, staff_id, room_id});
        }
      }
    }
    std::sort(slots.begin(), slots.end(),
              [](const Slot& a, const Slot& b) { return a.Key() < b.Key(); });
    for (Slot& slot : slots) {
      if (after.has_value() && !(after->Key() < slot.Key())) continue;
      page.push_back(std::move(slot));
      if (static_cast<int>(page.size()) > page_size) break;
    }
  }
  const bool more = static_cast<int>(page.size()) > page_size;
  if (more) page.resize(page_size);
  for (const Slot& slot : page) {
    v1::AvailableSlot& out = *response.add_slots();
    *out.mutable_start_time() = TimestampToProto(slot.start);
    *out.mutable_end_time() = TimestampToProto(slot.start + length);
    out.set_practitioner(ResourceName("staff", slot.practitioner_id));
    out.set_room(ResourceName("rooms", slot.room_id));
  }
  if (more) {
    const Slot& last = page.back();
    response.set_next_page_token(EncodePageToken(
        fingerprint, {absl::StrCat(absl::ToUnixMicros(last.start)),
                      last.practitioner_id, last.room_id}));
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::scheduling
