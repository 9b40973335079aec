#ifndef MESOCLINIC_CORE_CONSENT_JURISDICTION_H_
#define MESOCLINIC_CORE_CONSENT_JURISDICTION_H_

// What the clinic's jurisdiction changes about a treatment type: whether it
// may be offered at all, and the off-label disclosure its patients sign.
//
// A jurisdiction is an ISO 3166-1 alpha-2 country code (ClinicSettings.
// jurisdiction); empty when the clinic has not said, which forbids nothing
// and keeps every document's default disclosure.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "clinic/plugin/v1/plugin.pb.h"

namespace mesoclinic::consent {

// The entry of `description.forbidden_jurisdictions` for `jurisdiction`, or
// nullptr when the treatment type may be offered there.
const ::clinic::plugin::v1::ForbiddenJurisdiction* ForbiddingEntry(
    const ::clinic::plugin::v1::PluginDescription& description,
    absl::string_view jurisdiction);

// OK when the treatment type `description` may be offered in
// `jurisdiction`; otherwise FAILED_PRECONDITION
// (TREATMENT_FORBIDDEN_IN_JURISDICTION) starting with `label`, giving the
// plugin's reason and source, with the treatment type and the jurisdiction
// as metadata.
absl::Status CheckOfferedIn(
    const ::clinic::plugin::v1::PluginDescription& description,
    absl::string_view jurisdiction, absl::string_view label);

// The text a patient of a clinic in `jurisdiction` signs: `document`'s
// full_text with its off_label_statement replaced by the jurisdiction's own
// (off_label_by_jurisdiction), or full_text as it is when the jurisdiction
// has none. The consent's disclosure_sha256 is the SHA-256 of this text.
std::string ConsentTextFor(const ::clinic::plugin::v1::ConsentDocument& document,
                           absl::string_view jurisdiction);

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_JURISDICTION_H_
