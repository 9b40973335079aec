// clinic-plugin-check PATH.so: the conformance checker for plugin authors.
// Exit status: 0 every check passed, 1 a check failed, 2 usage error.

#include <cstdio>
#include <string>

#include "conformance.h"

namespace {

constexpr char kUsage[] =
    "usage: clinic-plugin-check PATH.so\n"
    "\n"
    "Loads a Mesoclinic treatment plugin exactly as clinicd does, validates\n"
    "its description, calls every hook with typical and edge inputs\n"
    "(eligible patient, pregnancy, NSAID yesterday, BMI over the ceiling,\n"
    "empty facts, garbage bytes, out-of-protocol course requests, bad\n"
    "treatment records, adverse events), and checks that the answers parse,\n"
    "agree with the description and are deterministic.\n"
    "\n"
    "Exit status: 0 all checks passed, 1 a check failed, 2 usage error.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--help" ||
                    std::string(argv[1]) == "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (argc != 2 || argv[1][0] == '-') {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const mesoclinic::plugin_check::ConformanceReport report =
      mesoclinic::plugin_check::CheckPlugin(argv[1]);
  std::fputs(mesoclinic::plugin_check::FormatReport(report).c_str(), stdout);
  return report.passed() ? 0 : 1;
}
