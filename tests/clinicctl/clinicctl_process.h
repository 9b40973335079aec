#ifndef MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_PROCESS_H_
#define MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_PROCESS_H_

// Runs the real clinicctl binary in a child process and captures what it
// prints and its exit code.

#include <map>
#include <string>
#include <vector>

namespace mesoclinic::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `binary` with `args`. The child's environment is this process's
// without CLINIC_API_KEY, plus `env`; its stdin is /dev/null.
CliResult RunProcess(const std::string& binary,
                     const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {});

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_CLINICCTL_CLINICCTL_PROCESS_H_
