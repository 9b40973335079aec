#ifndef MESOCLINIC_CORE_PLUGIN_HOST_DESCRIPTION_RULES_H_
#define MESOCLINIC_CORE_PLUGIN_HOST_DESCRIPTION_RULES_H_

// What makes a PluginDescription complete and consistent. The registry
// refuses a plugin whose description breaks any of these rules, and
// clinic-plugin-check reports them: this is the one implementation both use.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "clinic/plugin/v1/plugin.pb.h"

namespace mesoclinic::plugin_host {

// Every rule the description breaks, one "field: rule" line each, in field
// order; empty when the description is valid. The rules: ids and codes
// lower_snake; a semantic version; indications and body areas present; at
// least one course phase, with sensible session counts and intervals, and
// totals the phases can hold; a positive session length of at most 4 hours;
// products with positive limits; a depth range within 0 to 15 mm;
// contraindications with a severity, pregnancy among them; a consent
// document with version, text, risks, off-label and evidence statements;
// expected adverse events from the vocabulary, each disclosed in the consent;
// follow-up checks at positive offsets; outcome measures with units and a
// range.
std::vector<std::string> FindDescriptionProblems(
    const clinic::plugin::v1::PluginDescription& description);

// OK, or INVALID_ARGUMENT listing every problem.
absl::Status ValidateDescription(
    const clinic::plugin::v1::PluginDescription& description);

// Whether `code` is lower_snake ASCII, [a-z][a-z0-9_]*, 1 to 64 characters.
bool IsLowerSnakeCode(const std::string& code);

// Whether `version` is a semantic version: 1.2.3, 1.2.3-rc.1, 1.2.3+build.
bool IsSemanticVersion(const std::string& version);

}  // namespace mesoclinic::plugin_host

#endif  // MESOCLINIC_CORE_PLUGIN_HOST_DESCRIPTION_RULES_H_
