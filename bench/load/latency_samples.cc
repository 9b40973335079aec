#include "bench/load/latency_samples.h"

#include <algorithm>
#include <cmath>

namespace mesoclinic::bench {

void LatencySamples::Add(absl::Duration latency) {
  nanos_.push_back(absl::ToInt64Nanoseconds(latency));
  sorted_ = false;
}

absl::Duration LatencySamples::Quantile(double q) {
  if (nanos_.empty()) return absl::ZeroDuration();
  if (!sorted_) {
    std::sort(nanos_.begin(), nanos_.end());
    sorted_ = true;
  }
  const double rank = std::ceil(std::clamp(q, 0.0, 1.0) *
                                static_cast<double>(nanos_.size()));
  const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return absl::Nanoseconds(nanos_[std::min(index, nanos_.size() - 1)]);
}

}  // namespace mesoclinic::bench
