#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_RESOURCE_DIGESTS_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_RESOURCE_DIGESTS_H_

// The resources a Mesoclinic database holds, as the audit trail names them
// ("patients/abc", "sessions/def", "patients/abc/consents/ghi", ...), which
// tables hold each, and the digest of what a resource holds: the
// verifiable link between the rows and the audit record that wrote them.
//
// A resource's digest is SHA-256 over its rows, table by table in a fixed
// order, each row as its non-empty columns (name, type, value; NULL, 0 and
// "" are left out, so that a migration adding a column with such a default
// leaves every digest as it was), rows sorted. A migration that changes
// stored values must record the new digests in an audit record of its own.

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/audit/audit_event.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// Makes `connection` note, in a table of its own (TEMP: this connection's
// only, never stored), the name of every resource a statement on it
// inserts, updates or deletes rows of. The writer's connection runs with
// it, so that no change escapes its audit record. Throws SQLite::Exception.
void TrackResourceChanges(Connection& connection);

// The resources changed on `connection` since the last call, sorted, each
// once; forgets them. Empty when the connection does not track changes.
std::vector<std::string> TakeChangedResources(Connection& connection);

// Whether a statement on `connection` changed a resource since the last
// TakeChangedResources.
bool HasUntakenResourceChanges(Connection& connection);

// The digest of `resource` as stored; empty when it does not exist.
// INVALID_ARGUMENT for a name no table holds.
absl::StatusOr<std::string> StoredResourceDigest(Connection& connection,
                                                 const std::string& resource);

// Calls `fn` with every stored resource and its digest.
absl::Status ForEachStoredResource(
    Connection& connection,
    absl::FunctionRef<absl::Status(const audit::ResourceDigest&)> fn);

// The tables that hold resources, and those that hold none, deliberately
// (each with why); together, every table of the schema.
std::vector<std::string> ResourceTables();
std::vector<std::string> TablesOutsideResources();

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_RESOURCE_DIGESTS_H_
