#ifndef MESOCLINIC_BENCH_SEED_BOOKING_GRID_H_
#define MESOCLINIC_BENCH_SEED_BOOKING_GRID_H_

// Who is busy when in the seeded clinic. Each local day is cut into the
// clinic's slots (a slot_granularity step from the earliest opening time);
// practitioners, rooms and patients hold the slots their sessions cover.
// Placing a session only where its practitioner, room and patient are all
// free keeps the seeded calendar free of overlaps, as the booking rules
// would.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace mesoclinic::bench {

// Slots of one day as bits: bit i is the i-th slot of the day.
using SlotMask = uint64_t;

// `count` slots from `first`.
SlotMask SlotsFrom(int first, int count);

class BookingGrid {
 public:
  // At most 64 slots a day.
  static constexpr int kMaxSlotsPerDay = 64;

  BookingGrid(int days, int practitioners, int rooms, int patients);

  int days() const { return days_; }

  // A day the whole clinic is closed (a public holiday).
  void CloseDay(int day) { closed_[day] = true; }
  bool Closed(int day) const { return closed_[day]; }

  // A day a practitioner does not work (leave).
  void TakeLeave(int practitioner, int day) {
    practitioner_busy_[Index(practitioner, day)] = ~SlotMask{0};
  }

  // A day a room is out of service (maintenance).
  void CloseRoom(int room, int day) {
    room_busy_[Index(room, day)] = ~SlotMask{0};
  }

  bool PractitionerFree(int practitioner, int day, SlotMask slots) const {
    return (practitioner_busy_[Index(practitioner, day)] & slots) == 0;
  }
  bool PatientFree(int patient, int day, SlotMask slots) const;
  // A room free for `slots`, trying `preferred` first and then the others
  // in turn; -1 when all are taken.
  int FreeRoom(int day, SlotMask slots, int preferred) const;

  void Hold(int practitioner, int room, int patient, int day, SlotMask slots);

 private:
  std::size_t Index(int owner, int day) const {
    return static_cast<std::size_t>(owner) * days_ + day;
  }

  const int days_;
  const int rooms_;
  std::vector<bool> closed_;
  std::vector<SlotMask> practitioner_busy_;
  std::vector<SlotMask> room_busy_;
  // Each patient's held (day, slots): a few dozen at most.
  std::vector<std::vector<std::pair<int, SlotMask>>> patient_busy_;
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_BOOKING_GRID_H_
