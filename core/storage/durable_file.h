#ifndef MESOCLINIC_CORE_STORAGE_DURABLE_FILE_H_
#define MESOCLINIC_CORE_STORAGE_DURABLE_FILE_H_

// The file steps that make a backup or a restore all-or-nothing: a staging
// file created beside its destination, flushed to disk, renamed into place,
// and its folder flushed, so that after a crash the destination is either
// the old file or the whole new one.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace mesoclinic::storage {

// A failed system call on `path`, as a status: a full disk is
// RESOURCE_EXHAUSTED (the operator frees space), anything else UNAVAILABLE.
absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path);

// The folder holding `path` ("." for a bare file name).
std::string FolderOf(const std::string& path);

// Flushes the file, or with `folder` the folder, at `path` to disk.
absl::Status SyncFile(const std::string& path);
absl::Status SyncFolder(const std::string& folder);

// Creates the empty file `path`, mode 0600 whatever the umask, and only if
// absent: two runs staging the same file never write into each other's.
// ALREADY_EXISTS says that another run may be using it, or one was killed.
absl::Status CreateStagingFile(const std::string& path);

// Removes `path` and the journal files SQLite may have left beside it.
void RemoveWithJournals(const std::string& path);

// Renames `from` to `to`; unless `overwrite`, fails with ALREADY_EXISTS
// rather than replace a file that appeared at `to` meanwhile.
absl::Status MoveIntoPlace(const std::string& from, const std::string& to,
                           bool overwrite);

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_DURABLE_FILE_H_
