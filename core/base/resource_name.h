#ifndef MESOCLINIC_CORE_BASE_RESOURCE_NAME_H_
#define MESOCLINIC_CORE_BASE_RESOURCE_NAME_H_

// Resource names after Google's AIP-122: "patients/7k3m9q2x4p1c".

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mesoclinic {

// A new random resource id: 16 characters of lower-case Crockford base32
// (80 bits), so ids neither collide in practice nor reveal record counts.
std::string NewResourceId();

// "patients" + "abc" -> "patients/abc".
std::string ResourceName(absl::string_view collection, absl::string_view id);

// Extracts the id from "collection/id". INVALID_ARGUMENT naming `field` when
// the name is empty, of another collection, or its id is malformed (ids are
// 1 to 64 lower-case letters, digits, '-' or '_').
absl::StatusOr<std::string> ParseResourceName(absl::string_view field,
                                              absl::string_view name,
                                              absl::string_view collection);

// A filter naming a resource: nullopt when `name` is empty, the id
// otherwise (errors as ParseResourceName).
absl::StatusOr<std::optional<std::string>> ParseOptionalResourceName(
    absl::string_view field, absl::string_view name,
    absl::string_view collection);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_RESOURCE_NAME_H_
