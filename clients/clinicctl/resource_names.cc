#include "clients/clinicctl/resource_names.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {

std::string ResourceName(absl::string_view collection, absl::string_view text,
                         absl::string_view what) {
  if (text.empty()) throw UsageError(absl::StrCat(what, " is empty"));
  const std::string prefix = absl::StrCat(collection, "/");
  if (absl::StartsWith(text, prefix)) return std::string(text);
  if (absl::StrContains(text, '/')) {
    throw UsageError(absl::StrCat(what, ": \"", text, "\" is not an id or ",
                                  collection, "/{id}"));
  }
  return absl::StrCat(prefix, text);
}

std::string OptionalResourceName(absl::string_view collection,
                                 absl::string_view text,
                                 absl::string_view what) {
  return text.empty() ? "" : ResourceName(collection, text, what);
}

std::string ChildResourceName(absl::string_view parent_collection,
                              absl::string_view child_collection,
                              absl::string_view text, absl::string_view parent,
                              absl::string_view what) {
  if (text.empty()) throw UsageError(absl::StrCat(what, " is empty"));
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  if (parts.size() == 4 && parts[0] == parent_collection &&
      parts[2] == child_collection) {
    return std::string(text);
  }
  if (parts.size() != 1) {
    throw UsageError(absl::StrCat(what, ": \"", text, "\" is not an id or ",
                                  parent_collection, "/{id}/", child_collection,
                                  "/{id}"));
  }
  if (parent.empty()) {
    throw UsageError(absl::StrCat(what, ": give the full name ",
                                  parent_collection, "/{id}/", child_collection,
                                  "/", text, ", or the parent's id with its "
                                  "flag"));
  }
  return absl::StrCat(ResourceName(parent_collection, parent, what), "/",
                      child_collection, "/", text);
}

std::string ShortId(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name
                                                     : name.substr(slash + 1));
}

}  // namespace mesoclinic::clinicctl
