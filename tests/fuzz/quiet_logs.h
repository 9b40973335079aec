#ifndef MESOCLINIC_TESTS_FUZZ_QUIET_LOGS_H_
#define MESOCLINIC_TESTS_FUZZ_QUIET_LOGS_H_

// Silences the libraries' own logging (protobuf's "invalid UTF-8" error on
// every malformed message, the plugin host's spdlog lines): at fuzzing
// speed it would flood the output and slow the run. Call first in every
// input; only the first call does anything.

#include <spdlog/spdlog.h>

#include "google/protobuf/stubs/logging.h"

namespace mesoclinic::fuzz {

inline void QuietLibraryLogs() {
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
}

}  // namespace mesoclinic::fuzz

#endif  // MESOCLINIC_TESTS_FUZZ_QUIET_LOGS_H_
