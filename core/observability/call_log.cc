#include "core/observability/call_log.h"

#include <string>

#include <spdlog/spdlog.h>

#include "core/observability/log_fields.h"

namespace mesoclinic::observability {

void CallLog::OnCallFinished(const FinishedCall& call) {
  if (call.shed) return;
  const ScopedLogFields fields({
      {.name = "method", .value = std::string(call.method)},
      {.name = "code", .value = absl::StatusCodeToString(call.code)},
      {.name = "staff",
       .value = call.staff_id.empty() ? "-" : std::string(call.staff_id)},
      LogNumber("elapsed_ms", absl::ToDoubleMilliseconds(call.elapsed)),
      {.name = "call_id", .value = std::string(call.call_id)},
      {.name = "transport", .value = std::string(call.transport)},
  });
  const bool ok = call.code == absl::StatusCode::kOk;
  if (call.stream) {
    spdlog::log(ok ? spdlog::level::info : spdlog::level::warn,
                ok ? "stream opened" : "stream refused");
  } else {
    spdlog::log(ok ? spdlog::level::info : spdlog::level::warn,
                ok ? "call" : "call failed");
  }
}

}  // namespace mesoclinic::observability
