#include "core/api/in_flight_limit.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"

namespace mesoclinic {

InFlightLimit::Slot& InFlightLimit::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (limit_ != nullptr) limit_->Release();
    limit_ = other.limit_;
    other.limit_ = nullptr;
  }
  return *this;
}

InFlightLimit::Slot::~Slot() {
  if (limit_ != nullptr) limit_->Release();
}

InFlightLimit::Slot InFlightLimit::TryAcquire() {
  const int now = in_flight_.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (max_ > 0 && now > max_) {
    Release();
    return Slot();
  }
  int peak = peak_.load(std::memory_order_relaxed);
  while (now > peak &&
         !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return Slot(this);
}

absl::Status InFlightLimit::OverloadError() const {
  return AsOverload(absl::ResourceExhaustedError(absl::StrCat(
      "server overloaded: ", max_,
      " calls are already in flight (clinicd --max_calls_in_flight); nothing "
      "was done; retry with backoff")));
}

}  // namespace mesoclinic
