#ifndef MESOCLINIC_CORE_SERVER_AUDIT_TRAIL_START_H_
#define MESOCLINIC_CORE_SERVER_AUDIT_TRAIL_START_H_

// What clinicd does to the audit trail when it starts: find the chain's key
// (creating it on a database that has none yet), link the chain under it,
// and record the digest of every stored resource that has none.

#include <string>

#include "absl/status/statusor.h"
#include "core/audit/audit_event.h"
#include "core/storage/store.h"

namespace mesoclinic {

// The file the chain's key is kept in by default: audit-chain.key beside
// the database (and its admin.key).
std::string AuditChainKeyFileBeside(const std::string& database_path);

struct AuditChainKeyFile {
  std::string path;
  audit::AuditChainKey key;
  bool created = false;  // The file was written by this start.
};

// The key in the file at `path` (ReadKeyFile's errors, prefixed "the audit
// chain's key: ").
absl::StatusOr<audit::AuditChainKey> ReadAuditChainKey(const std::string& path);

// Reads the key at `path`, or writes a new one there when there is none.
absl::StatusOr<AuditChainKeyFile> ReadOrCreateAuditChainKey(
    const std::string& path);

// Links new records under `key_file`'s key (the store's) and records the
// digests of stored resources that have none (once, on the first start
// after the migration that brought them; the time it took is logged).
// FAILED_PRECONDITION, naming the key file, when the chain is linked under
// another key and not `replace_key`; a key file this start created is then
// removed.
absl::Status PrepareAuditTrail(storage::Store& store,
                               const AuditChainKeyFile& key_file,
                               bool replace_key);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_AUDIT_TRAIL_START_H_
