#ifndef MESOCLINIC_CORE_PLUGIN_HOST_ADVERSE_EVENT_TERMS_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_ADVERSE_EVENT_TERMS_H_

// The core's view of the adverse-event vocabulary: the terms plugins list as
// expected, consent documents disclose and practitioners report.
//
// The list itself lives once, in the plugin SDK
// (plugins/sdk/include/mesoclinic/adverse_event_terms.h), because plugins
// built outside this repository need it too; this header adapts it to the
// core's types.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "mesoclinic/adverse_event_terms.h"

namespace mesoclinic::plugin_host {

using AdverseEventCategory = ::mesoclinic::plugin::AdverseEventCategory;

// Whether `code` is a term of the vocabulary ("bruising", "necrosis", ...).
bool IsAdverseEventTerm(absl::string_view code);

// Every term code, in the vocabulary's order.
std::vector<std::string> AdverseEventTermCodes();

// The human-readable name of a term ("Tissue death (necrosis)"), or an empty
// string when `code` is not a term.
std::string AdverseEventTermName(absl::string_view code);

// OK for a term; INVALID_ARGUMENT "field: 'x' is not in the adverse-event
// vocabulary" otherwise.
absl::Status CheckAdverseEventTerm(absl::string_view field,
                                   absl::string_view code);

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_ADVERSE_EVENT_TERMS_H_
