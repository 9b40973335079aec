#ifndef MESOCLINIC_CLIENTS_CLINICCTL_CLI_RUNNER_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_CLI_RUNNER_H_

// clinicctl's entry point: global flags, dispatch to a group's command,
// --help at every level, and every failure turned into a message on stderr
// and an exit code (see exit_status.h).

#include <ostream>
#include <string>
#include <vector>

namespace mesoclinic::clinicctl {

// `args` without the program name.
int RunCli(const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err, bool stderr_is_terminal);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_CLI_RUNNER_H_
