#ifndef MESOCLINIC_TESTS_PLUGIN_HOST_FIXTURE_PLUGIN_FOLDER_H_
#define MESOCLINIC_TESTS_PLUGIN_HOST_FIXTURE_PLUGIN_FOLDER_H_

// What the suites that run clinicd on purpose-built bad plugins share: a
// plugin folder holding only those plugins, and patients of a given age.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {

// A folder in `dir` holding a link to each (built plugin path, file name).
inline std::string FixturePluginFolder(
    const TempDir& dir,
    const std::vector<std::pair<const char*, const char*>>& plugins) {
  const std::filesystem::path folder = dir.File("plugins");
  std::filesystem::create_directories(folder);
  for (const auto& [path, name] : plugins) {
    std::filesystem::create_symlink(path, folder / name);
  }
  return folder.string();
}

// A complete patient born on the 1st of this month `years` years ago.
inline std::string CreatePatientAged(clinic::v1::PatientService::Stub& patients,
                                     int years, const std::string& request_id) {
  const absl::CivilDay today =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const absl::CivilDay born(today.year() - years, today.month(), 1);
  clinic::v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  clinic::v1::Date& birth = *request.mutable_patient()->mutable_date_of_birth();
  birth.set_year(static_cast<int>(born.year()));
  birth.set_month(born.month());
  birth.set_day(born.day());
  request.set_request_id(request_id);
  clinic::v1::CreatePatientResponse response;
  const grpc::Status status = patients.CreatePatient(
      ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.patient().name();
}

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_PLUGIN_HOST_FIXTURE_PLUGIN_FOLDER_H_
