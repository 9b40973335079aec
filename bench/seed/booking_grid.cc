#include "bench/seed/booking_grid.h"

namespace mesoclinic::bench {

SlotMask SlotsFrom(int first, int count) {
  const SlotMask run =
      count >= BookingGrid::kMaxSlotsPerDay ? ~SlotMask{0}
                                            : (SlotMask{1} << count) - 1;
  return run << first;
}

BookingGrid::BookingGrid(int days, int practitioners, int rooms, int patients)
    : days_(days),
      rooms_(rooms),
      closed_(days, false),
      practitioner_busy_(static_cast<std::size_t>(practitioners) * days, 0),
      room_busy_(static_cast<std::size_t>(rooms) * days, 0),
      patient_busy_(patients) {}

bool BookingGrid::PatientFree(int patient, int day, SlotMask slots) const {
  for (const auto& [held_day, held] : patient_busy_[patient]) {
    if (held_day == day && (held & slots) != 0) return false;
  }
  return true;
}

int BookingGrid::FreeRoom(int day, SlotMask slots, int preferred) const {
  for (int i = 0; i < rooms_; ++i) {
    const int room = (preferred + i) % rooms_;
    if ((room_busy_[Index(room, day)] & slots) == 0) return room;
  }
  return -1;
}

void BookingGrid::Hold(int practitioner, int room, int patient, int day,
                       SlotMask slots) {
  practitioner_busy_[Index(practitioner, day)] |= slots;
  room_busy_[Index(room, day)] |= slots;
  patient_busy_[patient].emplace_back(day, slots);
}

}  // namespace mesoclinic::bench
