#include "core/observability/log_fields.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace mesoclinic::observability {
namespace {

thread_local const ScopedLogFields* innermost = nullptr;

}  // namespace

LogField LogNumber(absl::string_view name, double value) {
  return LogField{
      .name = name, .value = absl::StrFormat("%.3f", value), .number = true};
}

ScopedLogFields::ScopedLogFields(std::vector<LogField> fields)
    : fields_(std::move(fields)), enclosing_(innermost) {
  innermost = this;
}

ScopedLogFields::~ScopedLogFields() { innermost = enclosing_; }

const std::vector<LogField>& ScopedLogFields::Current() {
  static const std::vector<LogField>* const kNone = new std::vector<LogField>;
  return innermost == nullptr ? *kNone : innermost->fields_;
}

}  // namespace mesoclinic::observability
