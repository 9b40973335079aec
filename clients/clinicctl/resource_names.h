#ifndef MESOCLINIC_CLIENTS_CLINICCTL_RESOURCE_NAMES_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_RESOURCE_NAMES_H_

// Resource names from what people type: a bare id ("3v1k9q") or the full
// name ("patients/3v1k9q"). The server checks the id itself.

#include <string>
#include "absl/strings/string_view.h"

namespace mesoclinic::clinicctl {

// "patients/abc" from "abc" or "patients/abc". `what` names the argument in
// errors ("<patient>"). A UsageError for an empty value or another
// collection's name.
std::string ResourceName(absl::string_view collection, absl::string_view text,
                         absl::string_view what);

// The same for an optional flag's value: "" when the flag was not given.
std::string OptionalResourceName(absl::string_view collection,
                                 absl::string_view text,
                                 absl::string_view what);

// A child's name, "patients/p/consents/c", from the full name, or from a
// bare child id and the parent (an id or name; may be empty, then the full
// name is required).
std::string ChildResourceName(absl::string_view parent_collection,
                              absl::string_view child_collection,
                              absl::string_view text, absl::string_view parent,
                              absl::string_view what);

// The last segment of a name: "abc" for "patients/abc".
std::string ShortId(absl::string_view name);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_RESOURCE_NAMES_H_
