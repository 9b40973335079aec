// SlotFinder: where a session could go.

#include "core/scheduling/slot_finder.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/status_macros.h"
#include "core/scheduling/booking_checks.h"
#include "core/scheduling/free_time.h"

namespace mesoclinic::scheduling {
namespace {

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


// The practitioners and rooms a search looks through, in id order (the
// order of the page), and what is the same for them every day of it.
struct SearchScope {
  std::vector<std::string> practitioners;
  std::vector<std::string> rooms;
  std::vector<WeeklyHours> working_hours;  // By practitioner; may be empty.
  // What the closures take from each room and each practitioner.
  std::vector<std::vector<Interval>> room_closed;
  std::vector<std::vector<Interval>> practitioner_closed;
  absl::flat_hash_map<std::string, int> practitioner_places;
  absl::flat_hash_map<std::string, int> room_places;
};

absl::StatusOr<SearchScope> ScopeOf(storage::Transaction& transaction,
                                    const SlotSearch& search,
                                    const Interval& period) {
  SchedulingRepository& repository = transaction.scheduling();
  SearchScope scope;
  if (!search.practitioner_id.empty()) {
    RETURN_IF_ERROR(CheckActivePractitioner(transaction, "practitioner",
                                            search.practitioner_id));
    scope.practitioners.push_back(search.practitioner_id);
  } else {
    staff::StaffQuery query{.role = staff::Role::kPractitioner, .limit = 1000};
    ASSIGN_OR_RETURN(const staff::StaffPage page,
                     transaction.staff().List(query));
    for (const staff::StaffMember& member : page.staff) {
      scope.practitioners.push_back(member.id);
    }
  }
  if (!search.room_id.empty()) {
    ASSIGN_OR_RETURN(const Room room, repository.GetRoom(search.room_id));
    if (room.active) scope.rooms.push_back(room.id);
  } else {
    ASSIGN_OR_RETURN(const std::vector<Room> all, repository.ListRooms(false));
    for (const Room& room : all) scope.rooms.push_back(room.id);
  }
  std::sort(scope.practitioners.begin(), scope.practitioners.end());
  std::sort(scope.rooms.begin(), scope.rooms.end());
  ASSIGN_OR_RETURN(auto hours_by_staff, repository.ListWorkingHours());
  scope.working_hours.resize(scope.practitioners.size());
  for (std::size_t i = 0; i < scope.practitioners.size(); ++i) {
    if (const auto it = hours_by_staff.find(scope.practitioners[i]);
        it != hours_by_staff.end()) {
      scope.working_hours[i] = std::move(it->second);
    }
  }
  ASSIGN_OR_RETURN(const std::vector<Closure> closures,
                   repository.ListClosures(period));
  scope.room_closed = ClosedPeriods(
      closures, scope.rooms,
      [](const Closure& closure, const std::string& room) {
        return closure.Blocks("", room);
      });
  scope.practitioner_closed = ClosedPeriods(
      closures, scope.practitioners,
      [](const Closure& closure, const std::string& staff) {
        return closure.Blocks(staff, "");
      });
  scope.practitioner_places = Places(scope.practitioners);
  scope.room_places = Places(scope.rooms);
  return scope;
}

// Adds to `page` the free slots of local `day` after `after`, in page
// order, until it holds `wanted`.
absl::Status SearchDay(SchedulingRepository& repository,
                       const ClinicSettings& settings,
                       const SearchScope& scope, const SlotSearch& search,
                       absl::CivilDay day, absl::Time now,
                       std::size_t wanted, std::vector<AvailableSlot>& page) {
  const absl::TimeZone zone = settings.time_zone;
  const Interval day_time{absl::FromCivil(day, zone),
                          absl::FromCivil(day + 1, zone)};
  const std::vector<Interval> open =
      settings.opening_hours.IntervalsOn(day, zone);
  if (open.empty()) return absl::OkStatus();
  OwnHours hours_today(scope.practitioners.size());
  for (std::size_t i = 0; i < scope.practitioners.size(); ++i) {
    if (!scope.working_hours[i].empty()) {
      hours_today[i] = scope.working_hours[i].IntervalsOn(day, zone);
    }
  }
  // Busy time is read as the walk along the day needs it: the free time
  // below is exact up to `read_until` (every session starting before it
  // is in `busy`), and a slot is looked at only once it ends by then.
  BusyDay busy;
  busy.by_practitioner.resize(scope.practitioners.size());
  busy.by_room.resize(scope.rooms.size());
  absl::Time read_until = day_time.start - kLongestSession;
  std::vector<std::vector<Interval>> room_free, practitioner_free;
  const absl::Duration granularity =
      absl::Minutes(settings.slot_granularity_minutes);
  // In page order: by start on the day's grid, then practitioner, then
  // room (both in id order), so the first slots found are the page's and
  // the search stops as soon as it is full.
  for (const absl::Time start :
       SlotStarts(open, search.length, granularity, zone, now)) {
    const Interval slot{start, start + search.length};
    if (slot.end > read_until) {
      const absl::Time until = std::max(
          slot.end, std::min(day_time.end, slot.end + kBusyReadAhead));
      RETURN_IF_ERROR(ReadBusyTime(repository, Interval{read_until, until},
                                   day_time, scope.practitioner_places,
                                   scope.room_places, busy));
      read_until = until;
      room_free = FreeTime(open, scope.room_closed, busy.by_room);
      practitioner_free = FreeTime(open, scope.practitioner_closed,
                                   busy.by_practitioner, &hours_today);
    }
    for (std::size_t p = 0; p < scope.practitioners.size(); ++p) {
      if (!FitsIn(practitioner_free[p], slot)) continue;
      for (std::size_t r = 0; r < scope.rooms.size(); ++r) {
        if (!FitsIn(room_free[r], slot)) continue;
        const AvailableSlot found{start, scope.practitioners[p],
                                  scope.rooms[r]};
        if (search.after.has_value() && !(search.after->Key() < found.Key())) {
          continue;
        }
        page.push_back(found);
        if (page.size() >= wanted) return absl::OkStatus();
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<AvailableSlot>> SlotFinder::Find(
    const SlotSearch& search) {
  if (search.last_day < search.first_day) {
    return FieldError("end_date", "must not be before start_date");
  }
  if (search.last_day - search.first_day >= kMaxSearchDays) {
    return FieldError("end_date", absl::StrCat("must be at most ",
                                               kMaxSearchDays,
                                               " days after start_date"));
  }
  SchedulingRepository& repository = transaction_.scheduling();
  ASSIGN_OR_RETURN(const ClinicSettings settings, repository.GetSettings());
  const absl::TimeZone zone = settings.time_zone;
  const Interval period{absl::FromCivil(search.first_day, zone),
                        absl::FromCivil(search.last_day + 1, zone)};
  ASSIGN_OR_RETURN(const SearchScope scope,
                   ScopeOf(transaction_, search, period));
  const std::size_t wanted = static_cast<std::size_t>(search.limit);
  std::vector<AvailableSlot> page;
  for (absl::CivilDay day = search.first_day;
       day <= search.last_day && page.size() < wanted; ++day) {
    if (search.after.has_value() &&
        absl::FromCivil(day + 1, zone) <= search.after->start) {
      continue;
    }
    RETURN_IF_ERROR(SearchDay(repository, settings, scope, search, day, now_,
                              wanted, page));
  }
  return page;
}

}  // namespace mesoclinic::scheduling
