#ifndef MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_FIXTURE_H_
#define MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_FIXTURE_H_

// A real server (one per test suite) and the real clinicctl binary, run as
// the test server's admin, practitioner or front desk.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/clinicctl/clinicctl_process.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {

class ClinicctlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static TestServer& server() { return *server_; }

  // Runs clinicctl as `role`: --server and the key (in CLINIC_API_KEY) are
  // added.
  static CliResult Run(staff::Role role, const std::vector<std::string>& args);
  // Runs clinicctl with exactly `args` and the environment `env`.
  static CliResult RunRaw(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});
  // --server=127.0.0.1:PORT.
  static std::string ServerFlag();

  // Registers a patient as a practitioner (not pregnant, so eligible for
  // the treatment plugins); returns its name "patients/{id}".
  static std::string CreatePatient(const std::string& given_name,
                                   const std::string& family_name);

  static std::string Practitioner() {
    return "staff/" + server().staff_id(staff::Role::kPractitioner);
  }

 private:
  static TestServer* server_;
};

// The value of `"key": "value"` in JSON text (the first occurrence).
std::string JsonString(const std::string& json, const std::string& key);

// Fails the test (and prints what clinicctl said) unless it exited with
// `code`.
#define EXPECT_EXIT_CODE(result, code)                                     \
  EXPECT_EQ((result).exit_code, code) << "stdout:\n"                       \
                                      << (result).out << "\nstderr:\n"     \
                                      << (result).err
#define ASSERT_EXIT_CODE(result, code)                                     \
  ASSERT_EQ((result).exit_code, code) << "stdout:\n"                       \
                                      << (result).out << "\nstderr:\n"     \
                                      << (result).err

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_FIXTURE_H_
