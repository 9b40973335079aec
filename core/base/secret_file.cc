#include "core/base/secret_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace mesoclinic {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path,
                        int error) {
  return absl::UnavailableError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error)));
}

// Writes `contents` to a file that must not exist yet, mode 0600, synced.
absl::Status WriteNewFile(const std::string& path,
                          const std::string& contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) {
      return absl::AlreadyExistsError(
          absl::StrCat(path, " exists already: a key file is never "
                             "overwritten; move it away first"));
    }
    return ErrnoError("create", path, errno);
  }
  const bool written =
      write(fd, contents.data(), contents.size()) ==
          static_cast<ssize_t>(contents.size()) &&
      fsync(fd) == 0;
  const int saved_errno = errno;
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return ErrnoError("write", path, saved_errno);
  }
  return absl::OkStatus();
}

// Makes a new file's name durable: its folder's entry is synced too.
void SyncFolderOf(const std::string& path) {
  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (folder.empty()) folder = std::filesystem::path(".");
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

}  // namespace

absl::Status WriteSecretFile(const std::string& path,
                             const std::string& contents) {
  unlink(path.c_str());
  return WriteNewFile(path, contents);
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path,
                                        std::size_t key_bytes) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat("no key file at ", path));
    }
    return ErrnoError("read", path, errno);
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the key file ", path, " may be read by others than its owner: ",
        "chmod 600 it (and wonder who read it)"));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return ErrnoError("read", path, errno);
  const std::string hex(absl::StripAsciiWhitespace(text.str()));
  const bool hex_shaped =
      hex.size() == 2 * key_bytes &&
      std::all_of(hex.begin(), hex.end(), [](char c) {
        return absl::ascii_isxdigit(static_cast<unsigned char>(c));
      });
  if (!hex_shaped) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the key file ", path, " does not hold a key: it must hold ",
        key_bytes, " bytes as ", 2 * key_bytes,
        " hexadecimal digits on one line"));
  }
  return absl::HexStringToBytes(hex);
}

absl::StatusOr<std::string> CreateKeyFile(const std::string& path,
                                          std::size_t key_bytes) {
  std::string key(key_bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()),
                 static_cast<int>(key.size())) != 1) {
    return absl::InternalError("no random bytes for a new key");
  }
  RETURN_IF_ERROR(
      WriteNewFile(path, absl::StrCat(absl::BytesToHexString(key), "\n")));
  SyncFolderOf(path);
  return key;
}

absl::StatusOr<std::string> ReadOrCreateKeyFile(const std::string& path,
                                                std::size_t key_bytes) {
  absl::StatusOr<std::string> key = ReadKeyFile(path, key_bytes);
  if (!absl::IsNotFound(key.status())) return key;
  key = CreateKeyFile(path, key_bytes);
  // Another process created it first: its key is the one.
  if (absl::IsAlreadyExists(key.status())) return ReadKeyFile(path, key_bytes);
  return key;
}

}  // namespace mesoclinic
