#include "core/storage/backup_encryption.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/base/internal/endian.h"
#include "absl/cleanup/cleanup.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/base/secret_file.h"
#include "core/base/status_macros.h"
#include "core/storage/durable_file.h"

namespace mesoclinic::storage {
namespace {

using Stream = crypto_secretstream_xchacha20poly1305_state;

constexpr absl::string_view kMagic("MESOBKP\x1a", 8);
constexpr absl::string_view kSqliteMagic("SQLite format 3\0", 16);
constexpr uint32_t kFormatVersion = 1;
constexpr uint32_t kChunkBytes = 64 * 1024;
// A larger chunk size in a header is refused rather than allocated.
constexpr uint32_t kMaxChunkBytes = 16 * 1024 * 1024;

// The header's fields (see the table in the .h).
constexpr std::size_t kVersionAt = 8;
constexpr std::size_t kChunkBytesAt = 12;
constexpr std::size_t kPlainBytesAt = 16;
constexpr std::size_t kKeyIdAt = 24;
constexpr std::size_t kKeyIdBytes = 8;
constexpr std::size_t kStreamHeaderAt = 32;
constexpr std::size_t kDigestAt =
    kStreamHeaderAt + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
constexpr std::size_t kDigestBytes = 16;
constexpr std::size_t kHeaderBytes = kDigestAt + kDigestBytes;
static_assert(kHeaderBytes == 72);
constexpr std::size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;

using Header = std::array<unsigned char, kHeaderBytes>;

// Subkeys of the backup key, one per use (crypto_kdf's context and ids), so
// that the key id shown to operators and the header digest say nothing of
// the key that encrypts.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "mesobkup";
constexpr uint64_t kKeyIdSubkey = 1;
constexpr uint64_t kHeaderDigestSubkey = 2;
constexpr uint64_t kStreamSubkey = 3;

absl::Status InitSodium() {
  // Safe to call again and from several threads.
  if (sodium_init() < 0) {
    return absl::InternalError("libsodium cannot be initialized");
  }
  return absl::OkStatus();
}

// A file descriptor closed when it goes away.
class File {
 public:
  static absl::StatusOr<File> Open(const std::string& path, int flags) {
    const int fd = open(path.c_str(), flags | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) return ErrnoStatus(errno, "open", path);
    return File(fd, path);
  }
  File(File&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}
  File& operator=(File&&) = delete;
  ~File() {
    if (fd_ >= 0) close(fd_);
  }

  absl::StatusOr<uint64_t> Size() const {
    struct stat info;
    if (fstat(fd_, &info) != 0) return ErrnoStatus(errno, "measure", path_);
    return static_cast<uint64_t>(info.st_size);
  }

  // Reads up to `size` bytes, fewer only at the end of the file.
  absl::StatusOr<std::size_t> Read(unsigned char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t got = read(fd_, data + done, size - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return ErrnoStatus(errno, "read", path_);
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return done;
  }

  absl::Status Write(const unsigned char* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t put = write(fd_, data + done, size - done);
      if (put < 0 && errno == EINTR) continue;
      if (put < 0) return ErrnoStatus(errno, "write", path_);
      done += static_cast<std::size_t>(put);
    }
    return absl::OkStatus();
  }

 private:
  File(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_;
  std::string path_;
};

// Bytes in a buffer wiped when it goes away: decrypted patient data and
// subkeys do not linger in freed memory.
class SecretBuffer {
 public:
  explicit SecretBuffer(std::size_t size) : bytes_(size) {}
  ~SecretBuffer() { sodium_memzero(bytes_.data(), bytes_.size()); }
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;

  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::vector<unsigned char> bytes_;
};

// How many chunks hold `plain_bytes`: an empty file is one empty final chunk.
uint64_t ChunkCount(uint64_t plain_bytes, uint32_t chunk_bytes) {
  return std::max<uint64_t>(1, (plain_bytes + chunk_bytes - 1) / chunk_bytes);
}

absl::Status Damaged(const std::string& path, absl::string_view what) {
  return absl::DataLossError(absl::StrCat(
      "the backup ", path, " is ", what,
      ": the backup cannot be trusted; use an older one"));
}

}  // namespace

// Everything that needs the key's bytes: its subkeys, the header digest,
// the stream.
class BackupFileCipher {
 public:
  static std::string KeyId(const std::string& key) {
    SecretBuffer subkey(crypto_kdf_BYTES_MIN);
    Derive(key, kKeyIdSubkey, subkey);
    return absl::BytesToHexString(absl::string_view(
        reinterpret_cast<const char*>(subkey.data()), kKeyIdBytes));
  }

  explicit BackupFileCipher(const BackupKey& key)
      : key_id_hex_(key.id()),
        header_key_(crypto_generichash_KEYBYTES),
        stream_key_(crypto_secretstream_xchacha20poly1305_KEYBYTES) {
    Derive(key.bytes_, kHeaderDigestSubkey, header_key_,
           crypto_generichash_KEYBYTES);
    Derive(key.bytes_, kStreamSubkey, stream_key_,
           crypto_secretstream_xchacha20poly1305_KEYBYTES);
  }

  const std::string& key_id() const { return key_id_hex_; }

  // The key id as stored in a header.
  std::string KeyIdBytes() const { return absl::HexStringToBytes(key_id_hex_); }

  // The digest of the header's bytes before the digest itself.
  std::array<unsigned char, kDigestBytes> Digest(const Header& header) const {
    std::array<unsigned char, kDigestBytes> digest;
    crypto_generichash(digest.data(), digest.size(), header.data(), kDigestAt,
                       header_key_.data(), crypto_generichash_KEYBYTES);
    return digest;
  }

  bool DigestMatches(const Header& header) const {
    const std::array<unsigned char, kDigestBytes> digest = Digest(header);
    return sodium_memcmp(digest.data(), header.data() + kDigestAt,
                         kDigestBytes) == 0;
  }

  void InitPush(Stream& stream, unsigned char* stream_header) const {
    crypto_secretstream_xchacha20poly1305_init_push(&stream, stream_header,
                                                    stream_key_.data());
  }
  bool InitPull(Stream& stream, const unsigned char* stream_header) const {
    return crypto_secretstream_xchacha20poly1305_init_pull(
               &stream, stream_header, stream_key_.data()) == 0;
  }

 private:
  static void Derive(const std::string& key, uint64_t id, SecretBuffer& out,
                     std::size_t size = crypto_kdf_BYTES_MIN) {
    crypto_kdf_derive_from_key(
        out.data(), size, id, kKdfContext,
        reinterpret_cast<const unsigned char*>(key.data()));
  }

  std::string key_id_hex_;
  SecretBuffer header_key_;
  SecretBuffer stream_key_;
};

absl::StatusOr<BackupKey> BackupKey::FromFile(const std::string& key_file) {
  RETURN_IF_ERROR(InitSodium());
  ASSIGN_OR_RETURN(std::string bytes, ReadKeyFile(key_file, kBytes));
  return BackupKey(std::move(bytes));
}

absl::StatusOr<BackupKey> BackupKey::CreateFile(const std::string& key_file) {
  RETURN_IF_ERROR(InitSodium());
  ASSIGN_OR_RETURN(std::string bytes, CreateKeyFile(key_file, kBytes));
  return BackupKey(std::move(bytes));
}

BackupKey::BackupKey(std::string bytes)
    : bytes_(std::move(bytes)), id_(BackupFileCipher::KeyId(bytes_)) {}

BackupKey::BackupKey(BackupKey&& other) noexcept
    : bytes_(std::move(other.bytes_)), id_(std::move(other.id_)) {}

BackupKey& BackupKey::operator=(BackupKey&& other) noexcept {
  if (this != &other) {
    sodium_memzero(bytes_.data(), bytes_.size());
    bytes_ = std::move(other.bytes_);
    id_ = std::move(other.id_);
  }
  return *this;
}

BackupKey::~BackupKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

BackupFormat DetectBackupFormat(const std::string& path) {
  absl::StatusOr<File> file = File::Open(path, O_RDONLY);
  if (!file.ok()) return BackupFormat::kUnknown;
  std::array<unsigned char, kSqliteMagic.size()> start{};
  const absl::StatusOr<std::size_t> got = file->Read(start.data(), start.size());
  if (!got.ok()) return BackupFormat::kUnknown;
  const absl::string_view bytes(reinterpret_cast<const char*>(start.data()),
                                *got);
  if (absl::StartsWith(bytes, kMagic)) return BackupFormat::kEncrypted;
  if (bytes == kSqliteMagic) return BackupFormat::kPlainSqlite;
  return BackupFormat::kUnknown;
}

absl::Status EncryptFile(const std::string& plain, const std::string& encrypted,
                         const BackupKey& key) {
  RETURN_IF_ERROR(InitSodium());
  ASSIGN_OR_RETURN(File in, File::Open(plain, O_RDONLY));
  ASSIGN_OR_RETURN(const uint64_t plain_bytes, in.Size());
  ASSIGN_OR_RETURN(File out,
                   File::Open(encrypted, O_WRONLY | O_CREAT | O_TRUNC));
  const BackupFileCipher cipher(key);

  Header header{};
  std::memcpy(header.data(), kMagic.data(), kMagic.size());
  absl::little_endian::Store32(header.data() + kVersionAt, kFormatVersion);
  absl::little_endian::Store32(header.data() + kChunkBytesAt, kChunkBytes);
  absl::little_endian::Store64(header.data() + kPlainBytesAt, plain_bytes);
  const std::string key_id = cipher.KeyIdBytes();
  std::memcpy(header.data() + kKeyIdAt, key_id.data(), kKeyIdBytes);
  Stream stream;
  absl::Cleanup wipe_stream = [&stream] {
    sodium_memzero(&stream, sizeof(stream));
  };
  cipher.InitPush(stream, header.data() + kStreamHeaderAt);
  const std::array<unsigned char, kDigestBytes> digest = cipher.Digest(header);
  std::memcpy(header.data() + kDigestAt, digest.data(), kDigestBytes);
  RETURN_IF_ERROR(out.Write(header.data(), header.size()));

  SecretBuffer chunk(kChunkBytes);
  std::vector<unsigned char> sealed(kChunkBytes + kChunkOverhead);
  const uint64_t chunks = ChunkCount(plain_bytes, kChunkBytes);
  uint64_t left = plain_bytes;
  for (uint64_t index = 0; index < chunks; ++index) {
    const std::size_t size =
        static_cast<std::size_t>(std::min<uint64_t>(left, kChunkBytes));
    ASSIGN_OR_RETURN(const std::size_t got, in.Read(chunk.data(), size));
    if (got != size) {
      return absl::AbortedError(absl::StrCat(
          plain, " shrank while it was encrypted; nothing was kept"));
    }
    const bool last = index + 1 == chunks;
    unsigned long long sealed_size = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &stream, sealed.data(), &sealed_size, chunk.data(), size, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    RETURN_IF_ERROR(out.Write(sealed.data(), sealed_size));
    left -= size;
  }
  return absl::OkStatus();
}

namespace {

// Reads and checks the header of `path` against `cipher`; on success the
// header is authentic, so its sizes can be trusted.
absl::StatusOr<Header> ReadHeader(File& in, const std::string& path,
                                  const BackupFileCipher& cipher) {
  Header header{};
  ASSIGN_OR_RETURN(const std::size_t got, in.Read(header.data(), header.size()));
  const absl::string_view start(reinterpret_cast<const char*>(header.data()),
                                got);
  if (got == 0) return Damaged(path, "empty (0 bytes)");
  if (absl::StartsWith(start, kSqliteMagic)) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is a plain (unencrypted) SQLite database, not an encrypted "
              "backup: restore it with --unencrypted"));
  }
  if (!absl::StartsWith(start, kMagic)) {
    if (got < kMagic.size() && absl::StartsWith(kMagic, start)) {
      return Damaged(path, absl::StrCat("truncated at byte ", got));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is not a Mesoclinic backup (it does not begin with the "
              "encrypted backup's header)"));
  }
  if (got < kHeaderBytes) {
    return Damaged(path, absl::StrCat("truncated at byte ", got,
                                      ", inside its header"));
  }
  const uint32_t version =
      absl::little_endian::Load32(header.data() + kVersionAt);
  if (version != kFormatVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " is an encrypted backup of format version ", version,
        ", and this clinicd reads version ", kFormatVersion,
        " only: restore it with the clinicd that wrote it"));
  }
  const std::string key_id = cipher.KeyIdBytes();
  const unsigned char* stored_id = header.data() + kKeyIdAt;
  if (std::memcmp(stored_id, key_id.data(), kKeyIdBytes) != 0) {
    // The key's own id in its place: if the header is then authentic, this
    // is the right key and the stored id was damaged.
    Header repaired = header;
    std::memcpy(repaired.data() + kKeyIdAt, key_id.data(), kKeyIdBytes);
    if (cipher.DigestMatches(repaired)) {
      std::size_t at = 0;
      while (stored_id[at] == static_cast<unsigned char>(key_id[at])) ++at;
      return Damaged(path, absl::StrCat("damaged at byte ", kKeyIdAt + at,
                                        " (in its header's key id)"));
    }
    return absl::PermissionDeniedError(absl::StrCat(
        path, " was written under another key: key id ",
        absl::BytesToHexString(absl::string_view(
            reinterpret_cast<const char*>(stored_id), kKeyIdBytes)),
        ", this key is ", cipher.key_id(),
        "; give the key file whose id is the backup's"));
  }
  if (!cipher.DigestMatches(header)) {
    return Damaged(path, absl::StrCat("damaged in its header (bytes 0 to ",
                                      kHeaderBytes - 1, ")"));
  }
  return header;
}

}  // namespace

absl::Status DecryptFile(const std::string& encrypted, const std::string& plain,
                         const BackupKey& key) {
  RETURN_IF_ERROR(InitSodium());
  ASSIGN_OR_RETURN(File in, File::Open(encrypted, O_RDONLY));
  const BackupFileCipher cipher(key);
  ASSIGN_OR_RETURN(const Header header, ReadHeader(in, encrypted, cipher));

  const uint32_t chunk_bytes =
      absl::little_endian::Load32(header.data() + kChunkBytesAt);
  const uint64_t plain_bytes =
      absl::little_endian::Load64(header.data() + kPlainBytesAt);
  if (chunk_bytes == 0 || chunk_bytes > kMaxChunkBytes) {
    return absl::FailedPreconditionError(absl::StrCat(
        encrypted, " has chunks of ", chunk_bytes,
        " bytes, more than this clinicd reads (", kMaxChunkBytes, ")"));
  }
  const uint64_t chunks = ChunkCount(plain_bytes, chunk_bytes);
  const uint64_t expected = kHeaderBytes + plain_bytes + chunks * kChunkOverhead;
  ASSIGN_OR_RETURN(const uint64_t actual, in.Size());
  if (actual < expected) {
    return Damaged(encrypted,
                   absl::StrCat("truncated: ", actual, " bytes where its "
                                "header says ", expected, " (a copy cut short?)"));
  }
  if (actual > expected) {
    return Damaged(encrypted,
                   absl::StrCat("damaged at byte ", expected, ": ",
                                actual - expected,
                                " bytes follow its final chunk"));
  }

  Stream stream;
  absl::Cleanup wipe_stream = [&stream] {
    sodium_memzero(&stream, sizeof(stream));
  };
  if (!cipher.InitPull(stream, header.data() + kStreamHeaderAt)) {
    return Damaged(encrypted, absl::StrCat("damaged in its header (bytes ",
                                           kStreamHeaderAt, " to ",
                                           kDigestAt - 1, ")"));
  }
  ASSIGN_OR_RETURN(File out, File::Open(plain, O_WRONLY | O_CREAT | O_TRUNC));
  std::vector<unsigned char> sealed(chunk_bytes + kChunkOverhead);
  SecretBuffer chunk(chunk_bytes);
  uint64_t offset = kHeaderBytes;
  uint64_t left = plain_bytes;
  for (uint64_t index = 0; index < chunks; ++index) {
    const std::size_t size =
        static_cast<std::size_t>(std::min<uint64_t>(left, chunk_bytes)) +
        kChunkOverhead;
    ASSIGN_OR_RETURN(const std::size_t got, in.Read(sealed.data(), size));
    if (got != size) {
      return Damaged(encrypted, absl::StrCat("truncated at byte ",
                                             offset + got,
                                             " (it shrank while read)"));
    }
    unsigned long long opened = 0;
    unsigned char tag = 0;
    const bool authentic =
        crypto_secretstream_xchacha20poly1305_pull(
            &stream, chunk.data(), &opened, &tag, sealed.data(), size,
            nullptr, 0) == 0;
    const bool last = index + 1 == chunks;
    const bool tag_fits =
        last ? tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL
             : tag == 0;
    if (!authentic || !tag_fits) {
      return Damaged(encrypted,
                     absl::StrCat("damaged at byte ", offset, " (the chunk of "
                                  "bytes ", offset, " to ", offset + size - 1,
                                  " fails its authentication)"));
    }
    RETURN_IF_ERROR(out.Write(chunk.data(), opened));
    offset += size;
    left -= opened;
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::storage
