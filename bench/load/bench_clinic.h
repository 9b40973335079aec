#ifndef MESOCLINIC_BENCH_LOAD_BENCH_CLINIC_H_
#define MESOCLINIC_BENCH_LOAD_BENCH_CLINIC_H_

// What the load generator reads and books with, found or made through the
// API itself with an admin key, so that it runs the same way against an
// empty database and against a seeded one (where it also reads the seeded
// patients and calendar). Everything it creates is named "Bench ..." or
// "Loadtest ...", and is found again, not duplicated, on the next run.

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace mesoclinic::bench {

// A practitioner who works in a room of their own with a set of patients:
// bookings of one pair never compete with another pair's, and a patient is
// only ever booked in their own pair.
struct BenchPair {
  std::string practitioner;  // staff/{id}
  std::string room;          // rooms/{id}
  std::vector<std::string> patients;
};

struct BenchClinic {
  absl::TimeZone time_zone;
  // ISO weekdays (Monday 1) the clinic opens.
  std::set<int> open_weekdays;
  // "treatmentTypes/cellulite": the type every booking is for.
  std::string treatment_type;
  // The fewest local days the type's protocol allows between two sessions
  // of one patient (its phases' smallest interval): the server refuses a
  // standalone booking closer than this to the patient's other sessions.
  int min_days_between_sessions = 0;
  // A front-desk key issued for this run: the timed calls use it.
  std::string front_desk_key;
  std::vector<BenchPair> pairs;
  // Patients to read: a spread over the whole database, so that a seeded
  // database is read across its size, not only the benchmark's own.
  std::vector<std::string> patients_to_read;

  absl::CivilDay Today() const;
  // Open days from `first` to `last`, inclusive.
  std::vector<absl::CivilDay> OpenDays(absl::CivilDay first,
                                       absl::CivilDay last) const;
};

struct BenchClinicOptions {
  int pairs = 8;
  // Enough for a pair's week of slots with each patient seen at most once
  // a week (the cellulite protocol's smallest interval).
  int patients_per_pair = 128;
  std::string treatment_type = "treatmentTypes/cellulite";
  int patients_to_read = 2000;
};

// A channel to the server that sends `api_key` with every call.
using Connector =
    std::function<std::shared_ptr<grpc::Channel>(const std::string& api_key)>;

// Finds or creates the bench front desk, practitioners, rooms, patients and
// their consents, issues the keys this run uses, and samples patients to
// read. Any refused call is an error naming it.
absl::StatusOr<BenchClinic> PrepareBenchClinic(
    const Connector& connect, const std::string& admin_key,
    const BenchClinicOptions& options);

// A free slot of a bench pair and the patient of that pair to book in it.
struct BookingTarget {
  std::string patient;
  std::string practitioner;
  std::string room;
  absl::Time start;
};

// Up to `count` free slots of the pairs' calendars from tomorrow on, found
// with FindAvailableSlots (one pair at a time, so no two slots compete for a
// practitioner or a room), interleaved across pairs. Each is given a patient
// of its pair, in turn, who holds no session (booked by an earlier run or
// earlier in this list) within the protocol's smallest interval of its day;
// a slot no patient may take is left. Searches at most `max_days` days
// ahead.
absl::StatusOr<std::vector<BookingTarget>> FindFreeSlots(
    const std::shared_ptr<grpc::Channel>& front_desk, const BenchClinic& clinic,
    int count, int max_days);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_BENCH_CLINIC_H_
