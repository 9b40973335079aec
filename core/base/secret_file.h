#ifndef MESOCLINIC_CORE_BASE_SECRET_FILE_H_
#define MESOCLINIC_CORE_BASE_SECRET_FILE_H_

// Files that hold secrets: the first admin's API key, the audit chain's
// key, the checkpoint signing key, a backup key. Each is readable by its
// owner only (mode 0600) and kept outside the database, so that a copy of
// the database alone does not carry it.

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace mesoclinic {

// Writes `contents` to a new file at `path`, mode 0600, and syncs it;
// a file already there is replaced. UNAVAILABLE when it cannot be written
// (nothing is left behind then).
absl::Status WriteSecretFile(const std::string& path,
                             const std::string& contents);

// A key of `key_bytes` random bytes, stored as one line of hexadecimal.
//
// ReadKeyFile: NOT_FOUND when there is no file; FAILED_PRECONDITION when
// the file is not such a key, or when its group or others may read it
// (a secret others can read is no secret: chmod 600 it).
absl::StatusOr<std::string> ReadKeyFile(const std::string& path,
                                        std::size_t key_bytes);

// ReadKeyFile, or, when there is no file, a new random key written there
// first (mode 0600, synced, its folder synced) and returned.
absl::StatusOr<std::string> ReadOrCreateKeyFile(const std::string& path,
                                                std::size_t key_bytes);

// A new random key of `key_bytes` bytes written to `path`, which must not
// exist yet (ALREADY_EXISTS: a key is never overwritten by accident).
absl::StatusOr<std::string> CreateKeyFile(const std::string& path,
                                          std::size_t key_bytes);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_SECRET_FILE_H_
