#ifndef MESOCLINIC_CORE_AUTH_FIRST_ADMIN_H_
#define MESOCLINIC_CORE_AUTH_FIRST_ADMIN_H_

// A new clinic's first key: without it nobody could call the server.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/storage/store.h"

namespace mesoclinic::auth {

// When the database has no staff yet, creates an admin ("Administrator")
// with an API key, records it in the audit trail, and writes the key alone
// on one line to `key_file`, readable by its owner only (mode 0600).
// Returns the path written, or nullopt when staff existed already (nothing
// is done). The key is never logged.
absl::StatusOr<std::optional<std::string>> BootstrapFirstAdmin(
    storage::Store& store, const std::string& key_file);

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_FIRST_ADMIN_H_
