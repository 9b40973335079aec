#ifndef MESOCLINIC_CORE_STORAGE_BACKUP_ENCRYPTION_H_
#define MESOCLINIC_CORE_STORAGE_BACKUP_ENCRYPTION_H_

// The encrypted backup file: a database copy sealed under a backup key, so
// that whoever holds the file but not the key can neither read it nor change
// it unnoticed (see docs/operations.md, "Encrypted backups").
//
// The file is a header followed by the copy in chunks of 64 KiB, each
// encrypted and authenticated by libsodium's secretstream
// (XChaCha20-Poly1305); the last chunk carries the stream's final tag, so a
// file cut short is told from a whole one even at a chunk boundary:
//
//   offset  size  field
//        0     8  magic "MESOBKP\x1a"
//        8     4  format version (1), little-endian
//       12     4  chunk size in bytes of plaintext, little-endian
//       16     8  plaintext size in bytes, little-endian
//       24     8  key id (BackupKey::id), as bytes
//       32    24  secretstream header
//       56    16  header digest: keyed BLAKE2b of bytes 0 to 55
//       72     -  chunks: each its plaintext + 17 bytes
//
// The key id tells "written under another key" from "damaged" without
// revealing anything of the key; the header digest makes the sizes and the
// key id trustworthy before a chunk is read.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace mesoclinic::storage {

// A 32-byte secret that encrypts backups, read from a key file (one line of
// hex, mode 0600; core/base/secret_file.h). Its bytes are wiped when it
// goes away. Never on a command line: whoever lists the processes sees it.
class BackupKey {
 public:
  static constexpr std::size_t kBytes = 32;

  // The key in `key_file`. NOT_FOUND when there is none; FAILED_PRECONDITION
  // when the file is not a key of kBytes bytes, or others than its owner may
  // read it.
  static absl::StatusOr<BackupKey> FromFile(const std::string& key_file);
  // A new random key written to `key_file` (mode 0600), which must not exist
  // (ALREADY_EXISTS: a key is never overwritten).
  static absl::StatusOr<BackupKey> CreateFile(const std::string& key_file);

  BackupKey(BackupKey&& other) noexcept;
  BackupKey& operator=(BackupKey&& other) noexcept;
  BackupKey(const BackupKey&) = delete;
  BackupKey& operator=(const BackupKey&) = delete;
  ~BackupKey();

  // 16 hex digits that name the key without revealing it (8 bytes of a
  // subkey derived from it by crypto_kdf, a keyed BLAKE2b), written in
  // every backup it encrypts: operators label key files with it, and a
  // restore names both ids when the key does not fit.
  const std::string& id() const { return id_; }

 private:
  friend class BackupFileCipher;
  explicit BackupKey(std::string bytes);

  std::string bytes_;
  std::string id_;
};

// What the first bytes of a file say it is.
enum class BackupFormat {
  kEncrypted,     // Starts with the encrypted backup's magic.
  kPlainSqlite,   // A SQLite database: an unencrypted backup, or any other.
  kUnknown,       // Neither (or no file).
};
BackupFormat DetectBackupFormat(const std::string& path);

// Encrypts the file `plain` into `encrypted`, which is created (mode 0600)
// or truncated; the caller syncs and renames it. UNAVAILABLE or
// RESOURCE_EXHAUSTED (disk full) when either file cannot be read or written.
absl::Status EncryptFile(const std::string& plain, const std::string& encrypted,
                         const BackupKey& key);

// Decrypts the encrypted backup `encrypted` into `plain`, created (mode
// 0600) or truncated. Nothing of a chunk reaches `plain` before the chunk
// is authenticated; on failure `plain` holds a partial copy the caller must
// discard. Refusals name the file and say what to do:
//   FAILED_PRECONDITION: not an encrypted backup (a plain SQLite database is
//     named as such), or a format version this binary does not read;
//   PERMISSION_DENIED: written under another key ("key id X, this key is Y");
//   DATA_LOSS: damaged ("damaged at byte N") or truncated.
absl::Status DecryptFile(const std::string& encrypted, const std::string& plain,
                         const BackupKey& key);

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_BACKUP_ENCRYPTION_H_
