#ifndef MESOCLINIC_BENCH_LOAD_LATENCY_SAMPLES_H_
#define MESOCLINIC_BENCH_LOAD_LATENCY_SAMPLES_H_

// The latencies of one measured step, every one kept: a step holds at most a
// few hundred thousand calls, so exact percentiles from the sorted samples
// cost less than getting a histogram's buckets right.

#include <cstdint>
#include <vector>

#include "absl/time/time.h"

namespace mesoclinic::bench {

class LatencySamples {
 public:
  void Add(absl::Duration latency);

  int64_t count() const { return static_cast<int64_t>(nanos_.size()); }

  // The nearest-rank quantile, q in [0, 1]: the smallest sample that at
  // least q of all samples do not exceed. Zero when there are none.
  absl::Duration Quantile(double q);

 private:
  std::vector<int64_t> nanos_;
  bool sorted_ = true;
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_LATENCY_SAMPLES_H_
