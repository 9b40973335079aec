// SchedulingService.FindAvailableSlots: where a session could go.

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
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

// The busy time of one day, by practitioner and by room (places in the
// search's lists; practitioners and rooms outside the search are left out).
struct BusyDay {
  std::vector<std::vector<Interval>> by_practitioner;
  std::vector<std::vector<Interval>> by_room;
};

// Whether `slot` lies inside one of the sorted, disjoint `free` intervals.
bool FitsIn(const std::vector<Interval>& free, const Interval& slot) {
  // The last interval starting at or before the slot.
  auto it = std::upper_bound(
      free.begin(), free.end(), slot.start,
      [](absl::Time time, const Interval& interval) {
        return time < interval.start;
      });
  if (it == free.begin()) return false;
  return std::prev(it)->Contains(slot);
}

// For each of `ids`, the periods of the `closures` that block it.
template <typename BlocksFn>
std::vector<std::vector<Interval>> ClosedPeriods(
    const std::vector<Closure>& closures, const std::vector<std::string>& ids,
    BlocksFn blocks) {
  std::vector<std::vector<Interval>> closed(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (const Closure& closure : closures) {
      if (blocks(closure, ids[i])) closed[i].push_back(closure.period);
    }
  }
  return closed;
}

// Each id's place in `ids`.
absl::flat_hash_map<std::string, int> Places(
    const std::vector<std::string>& ids) {
  absl::flat_hash_map<std::string, int> places;
  for (int i = 0; i < static_cast<int>(ids.size()); ++i) places[ids[i]] = i;
  return places;
}

// Every session holding its slot that overlaps `day` (those starting up to
// kLongestSession before it included). Read a day at a time: a page is
// usually full within the first day, and the rest are never read.
absl::StatusOr<BusyDay> LoadBusyDay(
    SchedulingRepository& repository, const Interval& day,
    const absl::flat_hash_map<std::string, int>& practitioner_places,
    const absl::flat_hash_map<std::string, int>& room_places) {
  ASSIGN_OR_RETURN(const std::vector<BusyTime> sessions,
                   repository.ListBusyTime(
                       Interval{day.start - kLongestSession, day.end}));
  BusyDay busy;
  busy.by_practitioner.resize(practitioner_places.size());
  busy.by_room.resize(room_places.size());
  for (const BusyTime& session : sessions) {
    if (!HoldsSlot(session.state) || !session.time.Overlaps(day)) continue;
    if (const auto it = practitioner_places.find(session.practitioner_id);
        it != practitioner_places.end()) {
      busy.by_practitioner[it->second].push_back(session.time);
    }
    if (const auto it = room_places.find(session.room_id);
        it != room_places.end()) {
      busy.by_room[it->second].push_back(session.time);
    }
  }
  return busy;
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
  ASSIGN_OR_RETURN(const std::vector<Closure> closures,
                   repository.ListClosures(period));
  // Searched in id order: the order of the page.
  std::sort(practitioners.begin(), practitioners.end());
  std::sort(rooms.begin(), rooms.end());
  std::vector<WeeklyHours> working_hours;
  for (const std::string& id : practitioners) {
    ASSIGN_OR_RETURN(working_hours.emplace_back(),
                     repository.GetWorkingHours(id));
  }
  // What the closures take from each room and each practitioner: the same
  // every day of the search.
  const std::vector<std::vector<Interval>> room_closed =
      ClosedPeriods(closures, rooms, [](const Closure& closure,
                                        const std::string& room) {
        return closure.Blocks("", room);
      });
  const std::vector<std::vector<Interval>> practitioner_closed =
      ClosedPeriods(closures, practitioners, [](const Closure& closure,
                                                const std::string& staff) {
        return closure.Blocks(staff, "");
      });
  const absl::flat_hash_map<std::string, int> practitioner_places =
      Places(practitioners);
  const absl::flat_hash_map<std::string, int> room_places = Places(rooms);

  const absl::Duration length = treatments::SessionLength(*type);
  const absl::Duration granularity =
      absl::Minutes(settings.slot_granularity_minutes);
  const std::size_t wanted = static_cast<std::size_t>(page_size) + 1;
  std::vector<Slot> page;
  for (absl::CivilDay day = first_day; day <= last_day && page.size() < wanted;
       ++day) {
    const Interval day_time{absl::FromCivil(day, zone),
                            absl::FromCivil(day + 1, zone)};
    if (after.has_value() && day_time.end <= after->start) continue;
    const std::vector<Interval> open =
        settings.opening_hours.IntervalsOn(day, zone);
    if (open.empty()) continue;
    ASSIGN_OR_RETURN(const BusyDay busy,
                     LoadBusyDay(repository, day_time, practitioner_places,
                                 room_places));
    // Free time of each room and of each practitioner this day. A slot is
    // free for a pair when it lies inside both.
    std::vector<std::vector<Interval>> room_free(rooms.size());
    for (std::size_t room = 0; room < rooms.size(); ++room) {
      std::vector<Interval> blocked = room_closed[room];
      blocked.insert(blocked.end(), busy.by_room[room].begin(),
                     busy.by_room[room].end());
      room_free[room] = Subtract(open, std::move(blocked));
    }
    std::vector<std::vector<Interval>> practitioner_free(practitioners.size());
    for (std::size_t practitioner = 0; practitioner < practitioners.size();
         ++practitioner) {
      const WeeklyHours& hours = working_hours[practitioner];
      std::vector<Interval> blocked = practitioner_closed[practitioner];
      blocked.insert(blocked.end(),
                     busy.by_practitioner[practitioner].begin(),
                     busy.by_practitioner[practitioner].end());
      practitioner_free[practitioner] = Subtract(
          hours.empty() ? open : Intersect(open, hours.IntervalsOn(day, zone)),
          std::move(blocked));
    }
    // In page order: by start on the day's grid, then practitioner, then
    // room (both in id order), so the first slots found are the page's and
    // the search stops as soon as it is full.
    for (const absl::Time start :
         SlotStarts(open, length, granularity, zone, call.now)) {
      const Interval slot{start, start + length};
      for (std::size_t practitioner = 0;
           practitioner < practitioners.size() && page.size() < wanted;
           ++practitioner) {
        if (!FitsIn(practitioner_free[practitioner], slot)) continue;
        for (std::size_t room = 0; room < rooms.size() && page.size() < wanted;
             ++room) {
          if (!FitsIn(room_free[room], slot)) continue;
          const Slot found{start, practitioners[practitioner], rooms[room]};
          if (!after.has_value() || after->Key() < found.Key()) {
            page.push_back(found);
          }
        }
      }
      if (page.size() >= wanted) break;
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
