// SchedulingService.FindAvailableSlots: where a session could go.

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
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
#include "core/api/page_token.h"
#include "core/api/proto_time.h"
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

// How far ahead of the slot being looked at busy time is read. A page is
// usually full within the first slot starts of its first day (every pair
// of practitioner and room is a slot): on a full calendar, reading the
// rest of the day's sessions was most of the search's time.
constexpr absl::Duration kBusyReadAhead = absl::Hours(2);

// Adds to `busy` every session holding its slot that starts in `starting`
// and overlaps `day`.
absl::Status ReadBusyTime(
    SchedulingRepository& repository, const Interval& starting,
    const Interval& day,
    const absl::flat_hash_map<std::string, int>& practitioner_places,
    const absl::flat_hash_map<std::string, int>& room_places, BusyDay& busy) {
  return repository.VisitBusyTime(starting, [&](const BusyTime& session) {
    if (!session.time.Overlaps(day)) return;
    if (const auto it = practitioner_places.find(session.practitioner_id);
        it != practitioner_places.end()) {
      busy.by_practitioner[it->second].push_back(session.time);
    }
    if (const auto it = room_places.find(session.room_id);
        it != room_places.end()) {
      busy.by_room[it->second].push_back(session.time);
    }
  });
}

// Each one's own hours on a day; nullopt for those who have none of their
// own and follow the clinic's.
using OwnHours = std::vector<std::optional<std::vector<Interval>>>;

// What is free of `open` for each of a list of practitioners or rooms,
// given what is `closed` to each, what is `busy` for each, and, when given,
// each one's `own_hours`.
std::vector<std::vector<Interval>> FreeTime(
    const std::vector<Interval>& open,
    const std::vector<std::vector<Interval>>& closed,
    const std::vector<std::vector<Interval>>& busy,
    const OwnHours* own_hours = nullptr) {
  std::vector<std::vector<Interval>> free(closed.size());
  for (std::size_t i = 0; i < closed.size(); ++i) {
    std::vector<Interval> blocked = closed[i];
    blocked.insert(blocked.end(), busy[i].begin(), busy[i].end());
    free[i] = Subtract(own_hours == nullptr || !(*own_hours)[i].has_value()
                           ? open
                           : Intersect(open, *(*own_hours)[i]),
                       std::move(blocked));
  }
  return free;
}

}  // namespace

absl::Status SchedulingService::FindAvailableSlots(
    const v1::FindAvailableSlotsRequest& request,
    v1::FindAvailableSlotsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
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
  ASSIGN_OR_RETURN(auto hours_by_staff, repository.ListWorkingHours());
  std::vector<WeeklyHours> working_hours(practitioners.size());
  for (std::size_t i = 0; i < practitioners.size(); ++i) {
    if (const auto it = hours_by_staff.find(practitioners[i]);
        it != hours_by_staff.end()) {
      working_hours[i] = std::move(it->second);
    }
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
    OwnHours hours_today(practitioners.size());
    for (std::size_t i = 0; i < practitioners.size(); ++i) {
      if (!working_hours[i].empty()) {
        hours_today[i] = working_hours[i].IntervalsOn(day, zone);
      }
    }
    // Busy time is read as the walk along the day needs it: the free time
    // below is exact up to `read_until` (every session starting before it
    // is in `busy`), and a slot is looked at only once it ends by then.
    BusyDay busy;
    busy.by_practitioner.resize(practitioners.size());
    busy.by_room.resize(rooms.size());
    absl::Time read_until = day_time.start - kLongestSession;
    std::vector<std::vector<Interval>> room_free, practitioner_free;
    // In page order: by start on the day's grid, then practitioner, then
    // room (both in id order), so the first slots found are the page's and
    // the search stops as soon as it is full.
    for (const absl::Time start :
         SlotStarts(open, length, granularity, zone, call.now)) {
      const Interval slot{start, start + length};
      if (slot.end > read_until) {
        const absl::Time until = std::max(
            slot.end, std::min(day_time.end, slot.end + kBusyReadAhead));
        RETURN_IF_ERROR(ReadBusyTime(repository, Interval{read_until, until},
                                     day_time, practitioner_places,
                                     room_places, busy));
        read_until = until;
        room_free = FreeTime(open, room_closed, busy.by_room);
        practitioner_free = FreeTime(open, practitioner_closed,
                                     busy.by_practitioner, &hours_today);
      }
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
