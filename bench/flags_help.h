#ifndef MESOCLINIC_BENCH_FLAGS_HELP_H_
#define MESOCLINIC_BENCH_FLAGS_HELP_H_

// Makes --help (and --helpshort) list the flags the tool's main file
// declares. absl's default looks for flags in <program>.cc or
// <program>_main.cc, which clinic_load's main.cc and clinic_seed's
// seed_main.cc are not named, so it printed "No flags matched".

#include <string>

#include "absl/flags/usage_config.h"
#include "absl/strings/string_view.h"

namespace mesoclinic::bench {

// `main_file` is the main file's __FILE__, as ABSL_FLAG records it. Call
// before absl::ParseCommandLine.
inline void HelpListsFlagsOf(const char* main_file) {
  const std::string file = main_file;
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [file](absl::string_view flag_file) {
    return flag_file == file;
  };
  config.contains_helpshort_flags = config.contains_help_flags;
  absl::SetFlagsUsageConfig(config);
}

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_FLAGS_HELP_H_
