#ifndef MESOCLINIC_CORE_OBSERVABILITY_LOG_FORMAT_H_
#define MESOCLINIC_CORE_OBSERVABILITY_LOG_FORMAT_H_

// How clinicd's log lines look (--log_format).
//
//   text  2026-12-07T10:00:00.123456Z info clinicd: call method=... code=OK
//   json  {"time":"2026-12-07T10:00:00.123456Z","level":"info","msg":"call",
//          "method":"...","code":"OK",...}                  (on one line)
//
// In JSON every line is one object on one line, whatever its message holds
// (see json_text.h), so that a log shipper can take the log as it is.

#include <memory>
#include <string>

#include <spdlog/formatter.h>

#include "absl/strings/string_view.h"

namespace mesoclinic::observability {

enum class LogFormat { kText, kJson };

// For absl flags: "text" or "json".
bool AbslParseFlag(absl::string_view text, LogFormat* format,
                   std::string* error);
std::string AbslUnparseFlag(LogFormat format);

// The formatter of `format`, for one spdlog sink.
std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format);

// Makes every spdlog logger (the default one included, and those made
// later) write its lines in `format`.
void UseLogFormat(LogFormat format);

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_LOG_FORMAT_H_
