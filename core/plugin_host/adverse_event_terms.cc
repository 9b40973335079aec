#include "core/plugin_host/adverse_event_terms.h"

#include <string_view>

#include "absl/strings/str_cat.h"

namespace mesoclinic::plugin_host {
namespace {

// absl::string_view is not std::string_view in Debian's Abseil.
std::string_view ToStd(absl::string_view text) {
  return std::string_view(text.data(), text.size());
}

}  // namespace

bool IsAdverseEventTerm(absl::string_view code) {
  return plugin::FindAdverseEventTerm(ToStd(code)) != nullptr;
}

std::vector<std::string> AdverseEventTermCodes() {
  std::vector<std::string> codes;
  for (const plugin::AdverseEventTerm& term : plugin::kAdverseEventTerms) {
    codes.emplace_back(term.code);
  }
  return codes;
}

std::string AdverseEventTermName(absl::string_view code) {
  const plugin::AdverseEventTerm* term = plugin::FindAdverseEventTerm(ToStd(code));
  return term == nullptr ? std::string() : std::string(term->name);
}

absl::Status CheckAdverseEventTerm(absl::string_view field,
                                   absl::string_view code) {
  if (IsAdverseEventTerm(code)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, ": '", code, "' is not in the adverse-event vocabulary"));
}

}  // namespace mesoclinic::plugin_host
