#ifndef MESOCLINIC_TESTS_RELIABILITY_CRASH_CLINIC_H_
#define MESOCLINIC_TESTS_RELIABILITY_CRASH_CLINIC_H_

// The clinic a crash test works in, made through the API on a new database:
// open round the clock, a front desk, a few practitioners, rooms and
// patients (each with a consent to cellulite). The pools are small on
// purpose, so that concurrent bookings compete for the same practitioners,
// rooms and patients.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tests/reliability/server_connections.h"

namespace mesoclinic::reliability {

inline constexpr char kCellulite[] = "treatmentTypes/cellulite";

struct StaffWithKey {
  std::string name;  // "staff/{id}"
  std::string api_key;
};

struct CrashClinic {
  absl::TimeZone zone;
  std::string admin_key;
  std::string front_desk_key;
  std::vector<StaffWithKey> practitioners;
  std::vector<std::string> rooms;     // "rooms/{id}"
  std::vector<std::string> patients;  // "patients/{id}"

  // The clinic's date now.
  absl::CivilDay Today() const { return absl::ToCivilDay(absl::Now(), zone); }
};

struct ClinicShape {
  int practitioners = 3;
  int rooms = 3;
  int patients = 8;
};

// Makes the clinic through `server` with the first admin's key. clinicd was
// started with `zone_name` on a new database. Any refused call is an error
// naming it.
absl::StatusOr<CrashClinic> SetUpClinic(ServerConnections& server,
                                        const std::string& admin_key,
                                        const std::string& zone_name,
                                        const ClinicShape& shape);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_CRASH_CLINIC_H_
