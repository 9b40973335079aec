#ifndef MESOCLINIC_CORE_API_IN_FLIGHT_LIMIT_H_
#define MESOCLINIC_CORE_API_IN_FLIGHT_LIMIT_H_

// Load shedding: how many calls the server works on at once.
//
// Past its capacity, a server that accepts every call only queues it: every
// caller waits longer, memory grows with the queue, and in the end nobody is
// answered in time. Refusing the excess at once (RESOURCE_EXHAUSTED, which
// tells a client to back off and retry) keeps the admitted calls fast and the
// memory bounded, whatever the offered load.

#include <atomic>

#include "absl/status/status.h"

namespace mesoclinic {

class InFlightLimit {
 public:
  // A place taken by one call, given back when destroyed. Move-only.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : limit_(other.limit_) {
      other.limit_ = nullptr;
    }
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

    // Whether this slot holds a place.
    explicit operator bool() const { return limit_ != nullptr; }

   private:
    friend class InFlightLimit;
    explicit Slot(InFlightLimit* limit) : limit_(limit) {}
    InFlightLimit* limit_ = nullptr;
  };

  // `max_in_flight` places; 0 or less means no limit.
  explicit InFlightLimit(int max_in_flight) : max_(max_in_flight) {}
  InFlightLimit(const InFlightLimit&) = delete;
  InFlightLimit& operator=(const InFlightLimit&) = delete;

  // Takes a place; an empty slot when every place is taken (see
  // OverloadError).
  Slot TryAcquire();

  // The status a call refused by TryAcquire is answered with.
  absl::Status OverloadError() const;

  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }
  // The most places ever taken at once.
  int peak() const { return peak_.load(std::memory_order_relaxed); }
  int max_in_flight() const { return max_; }

 private:
  void Release() { in_flight_.fetch_sub(1, std::memory_order_acq_rel); }

  const int max_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> peak_{0};
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_IN_FLIGHT_LIMIT_H_
