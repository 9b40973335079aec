// clinicctl: the Mesoclinic command-line client. See cli_runner.h, and each
// *_commands.cc for a command group.

#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "clients/clinicctl/cli_runner.h"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return mesoclinic::clinicctl::RunCli(args, std::cout, std::cerr,
                                       isatty(STDERR_FILENO) == 1);
}
