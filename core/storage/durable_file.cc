#include "core/storage/durable_file.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace mesoclinic::storage {
namespace {

namespace fs = std::filesystem;

absl::Status SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open", path);
  const int synced = fsync(fd);
  const int error = errno;
  close(fd);
  if (synced != 0) return ErrnoStatus(error, "flush to disk", path);
  return absl::OkStatus();
}

absl::Status AppearedMeanwhile(const std::string& path) {
  return absl::AlreadyExistsError(
      absl::StrCat(path, " appeared meanwhile; nothing was replaced"));
}

}  // namespace

absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path) {
  const std::string message =
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) {
    return absl::ResourceExhaustedError(message);
  }
  return absl::UnavailableError(message);
}

std::string FolderOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

absl::Status SyncFile(const std::string& path) {
  return SyncPath(path, O_RDONLY);
}

absl::Status SyncFolder(const std::string& folder) {
  return SyncPath(folder, O_RDONLY | O_DIRECTORY);
}

absl::Status CreateStagingFile(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(absl::StrCat(
          path, " exists: another backup or restore writing the same file "
                "is running, or one was killed; remove it once none runs"));
    }
    return ErrnoStatus(errno, "create", path);
  }
  close(fd);
  return absl::OkStatus();
}

void RemoveWithJournals(const std::string& path) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
    unlink((path + suffix).c_str());
  }
}

absl::Status MoveIntoPlace(const std::string& from, const std::string& to,
                           bool overwrite) {
  if (!overwrite) {
    if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(),
                  RENAME_NOREPLACE) == 0) {
      return absl::OkStatus();
    }
    if (errno == EEXIST) return AppearedMeanwhile(to);
    // Some file systems (NFS) cannot rename without replacing: check, then
    // rename, as close together as we can.
    if (errno != EINVAL) return ErrnoStatus(errno, "rename to", to);
    std::error_code error;
    if (fs::exists(to, error)) return AppearedMeanwhile(to);
  }
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus(errno, "rename to", to);
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::storage
