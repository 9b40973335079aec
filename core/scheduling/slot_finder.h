#ifndef MESOCLINIC_CORE_SCHEDULING_SLOT_FINDER_H_
#define MESOCLINIC_CORE_SCHEDULING_SLOT_FINDER_H_

// Where a session could go: every start on the clinic's slot grid at which
// a practitioner and a room are both free for the session's length.

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/storage/store.h"

namespace mesoclinic::scheduling {

struct AvailableSlot {
  absl::Time start;
  std::string practitioner_id;
  std::string room_id;

  // Slots come by start, then practitioner, then room.
  auto Key() const { return std::tie(start, practitioner_id, room_id); }
};

struct SlotSearch {
  absl::Duration length;
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  // Empty: every practitioner, every room in service.
  std::string practitioner_id;
  std::string room_id;
  // Only slots after this one (where the previous page stopped).
  std::optional<AvailableSlot> after;
  // At most this many slots.
  int limit = 100;
};

class SlotFinder {
 public:
  // The search looks at most this many days ahead at once.
  static constexpr int kMaxSearchDays = 31;

  SlotFinder(storage::Transaction& transaction, absl::Time now)
      : transaction_(transaction), now_(now) {}

  // The first `search.limit` free slots from `search.first_day` to
  // `search.last_day` (local days, both included), none in the past, in
  // order. INVALID_ARGUMENT naming end_date when the days are reversed or
  // more than kMaxSearchDays apart; a practitioner who is not an active one
  // is refused as for a booking.
  absl::StatusOr<std::vector<AvailableSlot>> Find(const SlotSearch& search);

 private:
  storage::Transaction& transaction_;
  const absl::Time now_;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SLOT_FINDER_H_
