#ifndef MESOCLINIC_CLIENTS_CLINICCTL_HELP_FORMATTER_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_HELP_FORMATTER_H_

// clinicctl's --help on its three levels (the program, a group, a command),
// written from the CLI11 declarations so that help never drifts from what
// is parsed. CLI11's own layout is replaced because the commands' help
// carries an example and notes that CLI11 has no place for.

#include <string>

#include <CLI/CLI.hpp>

#include "clients/clinicctl/command_registry.h"

namespace mesoclinic::clinicctl {

class HelpFormatter : public CLI::FormatterBase {
 public:
  explicit HelpFormatter(const CommandTable& commands)
      : commands_(commands) {}

  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override;

 private:
  const CommandTable& commands_;
};

// "Usage: clinicctl sessions cancel <session> --reason TEXT [flags]\n".
std::string CommandUsage(const CLI::App& command);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_HELP_FORMATTER_H_
