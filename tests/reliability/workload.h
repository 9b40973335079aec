#ifndef MESOCLINIC_TESTS_RELIABILITY_WORKLOAD_H_
#define MESOCLINIC_TESTS_RELIABILITY_WORKLOAD_H_

// One crash-test client: books sessions (today, on later days, and now and
// then in the past, which must be refused), checks them in, completes them
// with treatment records (some over the dose limit, which must be
// refused), cancels a few, and reports adverse events (some invalid), one
// call at a time, keeping every operation in its history.
//
// A client only acts on sessions it booked itself and whose state it knows:
// once an answer about a session is unknown, the client leaves it alone
// until the outcome is resolved after the restart.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

#include "absl/time/time.h"
#include "tests/reliability/crash_clinic.h"
#include "tests/reliability/expected_state.h"
#include "tests/reliability/server_connections.h"

namespace mesoclinic::reliability {

class WorkloadClient {
 public:
  WorkloadClient(int client, const CrashClinic& clinic, uint64_t seed)
      : client_(client), clinic_(clinic), random_(seed) {}

  // Sends operations through `server` until `stop` is set. Returns an
  // error when an acknowledged answer does not parse.
  absl::Status Run(int cycle, ServerConnections& server,
                   const std::atomic<bool>& stop);

  History& history() { return history_; }
  const History& history() const { return history_; }

 private:
  // The next operation, ready to send; its answer not yet known.
  Operation Next(int cycle, const ExpectedState& own);
  Operation Book(absl::Time now);
  Operation CheckIn(const clinic::v1::Session& session, bool today);
  Operation Complete(const clinic::v1::Session& session);
  Operation Cancel(const clinic::v1::Session& session);
  Operation Report(const clinic::v1::Session* session, absl::Time now);
  // A new operation with the next request id.
  Operation NewOperation(OperationKind kind, const std::string& caller_key);

  const std::string& KeyOf(const std::string& practitioner) const;
  bool Chance(double probability);
  // 0 to count - 1.
  int Pick(std::size_t count);
  absl::Time WholeSecondsBetween(absl::Time from, absl::Time to);

  const int client_;
  const CrashClinic& clinic_;
  std::mt19937_64 random_;
  History history_;
  int64_t sequence_ = 0;
};

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_WORKLOAD_H_
