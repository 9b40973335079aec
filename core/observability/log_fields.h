#ifndef MESOCLINIC_CORE_OBSERVABILITY_LOG_FIELDS_H_
#define MESOCLINIC_CORE_OBSERVABILITY_LOG_FIELDS_H_

// Named values a log line carries beside its message: in the text format
// " method=... code=..." after the message, in the JSON format members of
// the line's object, so that a log system can filter on them without
// parsing the message.
//
//   {
//     ScopedLogFields fields(
//         {{.name = "method", .value = method}, LogNumber("elapsed_ms", ms)});
//     spdlog::info("call");
//   }
//
// The fields belong to the thread: every line logged on it while the scope
// lives carries them. spdlog formats on the logging thread (clinicd uses no
// asynchronous logger), so the formatter sees them.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace mesoclinic::observability {

struct LogField {
  // A fixed name: "method", "elapsed_ms".
  absl::string_view name;
  std::string value;
  // Written unquoted in JSON; `value` must then be a JSON number.
  bool number = false;
};

// A numeric field, printed with three decimals ("0.412").
LogField LogNumber(absl::string_view name, double value);

class ScopedLogFields {
 public:
  explicit ScopedLogFields(std::vector<LogField> fields);
  // Restores the fields of the enclosing scope, if any.
  ~ScopedLogFields();
  ScopedLogFields(const ScopedLogFields&) = delete;
  ScopedLogFields& operator=(const ScopedLogFields&) = delete;

  // The fields of the innermost scope on this thread; empty outside one.
  static const std::vector<LogField>& Current();

 private:
  const std::vector<LogField> fields_;
  const ScopedLogFields* const enclosing_;
};

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_LOG_FIELDS_H_
