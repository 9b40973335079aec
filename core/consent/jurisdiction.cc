#include "core/consent/jurisdiction.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic::consent {

namespace plugin = ::clinic::plugin::v1;

const plugin::ForbiddenJurisdiction* ForbiddingEntry(
    const plugin::PluginDescription& description,
    absl::string_view jurisdiction) {
  if (jurisdiction.empty()) return nullptr;
  for (const plugin::ForbiddenJurisdiction& entry :
       description.forbidden_jurisdictions()) {
    if (entry.country_code() == jurisdiction) return &entry;
  }
  return nullptr;
}

absl::Status CheckOfferedIn(const plugin::PluginDescription& description,
                            absl::string_view jurisdiction,
                            absl::string_view label) {
  const plugin::ForbiddenJurisdiction* entry =
      ForbiddingEntry(description, jurisdiction);
  if (entry == nullptr) return absl::OkStatus();
  const std::string type = absl::StrCat("treatmentTypes/", description.id());
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": ", type, " may not be offered in the clinic's "
          "jurisdiction ", jurisdiction, ": ", entry->reason(), " (source: ",
          entry->source(), ")")),
      reasons::kTreatmentForbiddenInJurisdiction,
      {{"treatment_type", type}, {"jurisdiction", std::string(jurisdiction)}});
}

std::string ConsentTextFor(const plugin::ConsentDocument& document,
                           absl::string_view jurisdiction) {
  const std::string& text = document.full_text();
  if (jurisdiction.empty() || document.off_label_statement().empty()) {
    return text;
  }
  for (const plugin::JurisdictionStatement& statement :
       document.off_label_by_jurisdiction()) {
    if (statement.country_code() != jurisdiction) continue;
    const std::size_t at = text.find(document.off_label_statement());
    // The host refuses a document whose full_text lacks its default
    // statement; without one there is nothing to replace.
    if (at == std::string::npos) return text;
    return absl::StrCat(text.substr(0, at), statement.text(),
                        text.substr(at + document.off_label_statement().size()));
  }
  return text;
}

}  // namespace mesoclinic::consent
