// The encrypted backup file (core/storage/backup_encryption.h): what is
// encrypted comes back byte for byte under the same key and only under it;
// the file shows nothing of what it holds; and a file changed, cut short or
// of another kind is refused with a message that says which, and where.

#include "core/storage/backup_encryption.h"

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/file_bytes.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::storage {
namespace {

namespace fs = std::filesystem;
using ::mesoclinic::testing::ReadFileBytes;
using ::mesoclinic::testing::TempDir;
using ::mesoclinic::testing::WriteFileBytes;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

// The format's sizes, as docs and the header's table give them.
constexpr int64_t kHeaderBytes = 72;
constexpr int64_t kChunkBytes = 64 * 1024;
constexpr int64_t kChunkOverhead = 17;
// A name that stands for patient data in the plaintext.
constexpr char kPatientName[] = "Zephyrine Quillfeather";

// `size` bytes that do not repeat within a chunk, with the patient's name
// in every chunk.
std::string Plaintext(int64_t size) {
  std::string bytes;
  bytes.reserve(size);
  for (int64_t i = 0; static_cast<int64_t>(bytes.size()) < size; ++i) {
    if (i % 1000 == 0) {
      absl::StrAppend(&bytes, kPatientName);
    } else {
      bytes.push_back(static_cast<char>((i * 7919) % 251));
    }
  }
  bytes.resize(size);
  return bytes;
}

fs::perms Permissions(const std::string& path) {
  return fs::status(path).permissions() & fs::perms::all;
}

class BackupEncryptionTest : public ::testing::Test {
 protected:
  BackupEncryptionTest() : key_(CreateKey("backup.key")) {}

  BackupKey CreateKey(const std::string& name) {
    absl::StatusOr<BackupKey> key = BackupKey::CreateFile(dir_.File(name));
    EXPECT_TRUE(key.ok()) << key.status();
    return *std::move(key);
  }

  // Encrypts `plaintext` into "backup.enc" and returns its path.
  std::string Encrypt(const std::string& plaintext) {
    WriteFileBytes(dir_.File("plain.db"), plaintext);
    const absl::Status encrypted =
        EncryptFile(dir_.File("plain.db"), Encrypted(), key_);
    EXPECT_TRUE(encrypted.ok()) << encrypted;
    return Encrypted();
  }

  absl::Status Decrypt(const BackupKey& key) const {
    return DecryptFile(Encrypted(), Decrypted(), key);
  }
  absl::Status Decrypt() const { return Decrypt(key_); }

  // Decrypting under `key_` fails with `code`, with a message saying `says`.
  void ExpectRefused(absl::StatusCode code, const std::string& says) const {
    const absl::Status status = Decrypt();
    EXPECT_EQ(status.code(), code) << status;
    EXPECT_THAT(status.message(), HasSubstr(says));
  }

  // Replaces the byte at `offset` of the encrypted file with its complement.
  void FlipByte(int64_t offset) {
    std::string bytes = ReadFileBytes(Encrypted());
    ASSERT_LT(offset, static_cast<int64_t>(bytes.size()));
    bytes[offset] = static_cast<char>(~bytes[offset]);
    WriteFileBytes(Encrypted(), bytes);
  }

  void Truncate(int64_t size) { fs::resize_file(Encrypted(), size); }

  std::string Encrypted() const { return dir_.File("backup.enc"); }
  std::string Decrypted() const { return dir_.File("restored.db"); }

  TempDir dir_;
  BackupKey key_;
};

// Round trip: every size, from empty to several chunks and a partial one.
using BackupEncryptionRoundTripTest = BackupEncryptionTest;

TEST_F(BackupEncryptionRoundTripTest, DecryptsToTheSameBytesAtEverySize) {
  for (const int64_t size :
       {int64_t{0}, int64_t{1}, kChunkBytes - 1, kChunkBytes, kChunkBytes + 1,
        3 * kChunkBytes + 1000}) {
    const std::string plaintext = Plaintext(size);
    Encrypt(plaintext);
    const int64_t chunks =
        size == 0 ? 1 : (size + kChunkBytes - 1) / kChunkBytes;
    EXPECT_EQ(static_cast<int64_t>(fs::file_size(Encrypted())),
              kHeaderBytes + size + chunks * kChunkOverhead)
        << size;
    const absl::Status decrypted = Decrypt();
    ASSERT_TRUE(decrypted.ok()) << size << ": " << decrypted;
    EXPECT_EQ(ReadFileBytes(Decrypted()), plaintext) << size;
  }
}

TEST_F(BackupEncryptionRoundTripTest, FilesAreReadableByTheirOwnerOnly) {
  Encrypt(Plaintext(1000));
  ASSERT_TRUE(Decrypt().ok());
  const fs::perms owner_only = fs::perms::owner_read | fs::perms::owner_write;
  EXPECT_EQ(Permissions(Encrypted()), owner_only);
  EXPECT_EQ(Permissions(Decrypted()), owner_only);
}

TEST_F(BackupEncryptionRoundTripTest, TheSameDataEncryptsDifferentlyEachTime) {
  const std::string plaintext = Plaintext(5000);
  const std::string first = ReadFileBytes(Encrypt(plaintext));
  const std::string second = ReadFileBytes(Encrypt(plaintext));
  EXPECT_NE(first.substr(kHeaderBytes), second.substr(kHeaderBytes));
}

// The file shows nothing of the plaintext.
using BackupEncryptionSecrecyTest = BackupEncryptionTest;

TEST_F(BackupEncryptionSecrecyTest, CiphertextHoldsNoPlaintext) {
  const std::string plaintext = absl::StrCat(
      "SQLite format 3", std::string(1, '\0'), Plaintext(2 * kChunkBytes));
  const std::string encrypted = ReadFileBytes(Encrypt(plaintext));
  EXPECT_THAT(encrypted, Not(HasSubstr(kPatientName)));
  EXPECT_THAT(encrypted, Not(HasSubstr("Quillfeather")));
  EXPECT_THAT(encrypted, Not(HasSubstr("SQLite format 3")));
  EXPECT_EQ(DetectBackupFormat(Encrypted()), BackupFormat::kEncrypted);
}

TEST_F(BackupEncryptionSecrecyTest, CiphertextHoldsNoKey) {
  const std::string encrypted = ReadFileBytes(Encrypt(Plaintext(1000)));
  const std::string key_hex = ReadFileBytes(dir_.File("backup.key"));
  EXPECT_THAT(encrypted, Not(HasSubstr(key_hex.substr(0, 16))));
}

// Keys: made at random, kept 0600, named by an id that says nothing of them.
class BackupKeyTest : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(BackupKeyTest, NewKeyIsOwnerOnlyAndReadsBackWithTheSameId) {
  const std::string path = dir_.File("backup.key");
  const absl::StatusOr<BackupKey> created = BackupKey::CreateFile(path);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(Permissions(path), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_THAT(ReadFileBytes(path), MatchesRegex("[0-9a-f]{64}\n"));
  EXPECT_THAT(created->id(), MatchesRegex("[0-9a-f]{16}"));
  EXPECT_THAT(ReadFileBytes(path), Not(HasSubstr(created->id())));

  const absl::StatusOr<BackupKey> read = BackupKey::FromFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->id(), created->id());

  const absl::StatusOr<BackupKey> other =
      BackupKey::CreateFile(dir_.File("other.key"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id(), created->id());
}

TEST_F(BackupKeyTest, AKeyIsNeverOverwritten) {
  const std::string path = dir_.File("backup.key");
  ASSERT_TRUE(BackupKey::CreateFile(path).ok());
  const std::string before = ReadFileBytes(path);
  const absl::StatusOr<BackupKey> again = BackupKey::CreateFile(path);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFileBytes(path), before);
}

TEST_F(BackupKeyTest, KeyFileOthersMayReadIsRefused) {
  const std::string path = dir_.File("backup.key");
  ASSERT_TRUE(BackupKey::CreateFile(path).ok());
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  const absl::StatusOr<BackupKey> key = BackupKey::FromFile(path);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(key.status().message(), HasSubstr("chmod 600"));
}

TEST_F(BackupKeyTest, MissingOrMalformedKeyFileIsRefused) {
  EXPECT_EQ(BackupKey::FromFile(dir_.File("missing.key")).status().code(),
            absl::StatusCode::kNotFound);
  const std::string short_key = dir_.File("short.key");
  WriteFileBytes(short_key, "abcdef\n");
  ASSERT_EQ(chmod(short_key.c_str(), 0600), 0);
  const absl::StatusOr<BackupKey> key = BackupKey::FromFile(short_key);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(key.status().message(), HasSubstr("64 hexadecimal digits"));
}

// Another key: told apart from damage, both ids named.
using BackupWrongKeyTest = BackupEncryptionTest;

TEST_F(BackupWrongKeyTest, AnotherKeyIsNamedByBothIds) {
  Encrypt(Plaintext(3 * kChunkBytes));
  const BackupKey other = CreateKey("other.key");
  const absl::Status status = Decrypt(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("written under another key: key id ",
                                     key_.id(), ", this key is ", other.id())));
}

// One byte changed anywhere: refused as damaged, saying where.
using BackupDamageTest = BackupEncryptionTest;

TEST_F(BackupDamageTest, AFlippedHeaderByteIsFound) {
  // Format version, chunk size, plaintext size, key id, stream header,
  // header digest.
  for (const int64_t offset : {9, 13, 17, 25, 40, 60, 71}) {
    Encrypt(Plaintext(kChunkBytes + 10));
    FlipByte(offset);
    const absl::Status status = Decrypt();
    EXPECT_FALSE(status.ok()) << offset;
    if (offset == 9) {
      // The version is read before anything is authenticated.
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_THAT(status.message(), HasSubstr("format version"));
      continue;
    }
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss)
        << offset << ": " << status;
    EXPECT_THAT(status.message(), HasSubstr("damaged")) << offset;
    EXPECT_THAT(status.message(), HasSubstr("cannot be trusted")) << offset;
  }
}

TEST_F(BackupDamageTest, ADamagedKeyIdIsNotMistakenForAnotherKey) {
  Encrypt(Plaintext(100));
  FlipByte(26);
  ExpectRefused(absl::StatusCode::kDataLoss, "damaged at byte 26");
}

TEST_F(BackupDamageTest, AFlippedByteInTheMiddleNamesItsChunk) {
  Encrypt(Plaintext(3 * kChunkBytes + 1000));
  const int64_t second_chunk = kHeaderBytes + kChunkBytes + kChunkOverhead;
  FlipByte(second_chunk + 5000);
  const absl::Status status = Decrypt();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(),
              HasSubstr(absl::StrCat("damaged at byte ", second_chunk)));
  EXPECT_THAT(status.message(), HasSubstr("use an older one"));
}

TEST_F(BackupDamageTest, AFlippedByteInTheLastChunkIsFound) {
  Encrypt(Plaintext(3 * kChunkBytes + 1000));
  const int64_t last_chunk = kHeaderBytes + 3 * (kChunkBytes + kChunkOverhead);
  FlipByte(last_chunk + 1000 + kChunkOverhead - 1);  // Its very last byte.
  ExpectRefused(absl::StatusCode::kDataLoss,
                absl::StrCat("damaged at byte ", last_chunk));
}

TEST_F(BackupDamageTest, BytesAddedAfterTheLastChunkAreFound) {
  Encrypt(Plaintext(1000));
  std::ofstream(Encrypted(), std::ios::binary | std::ios::app) << "more";
  ExpectRefused(absl::StatusCode::kDataLoss, "follow its final chunk");
}

// Cut short anywhere, even between two chunks: refused as truncated.
using BackupTruncationTest = BackupEncryptionTest;

TEST_F(BackupTruncationTest, CutAtAChunkBoundaryIsFound) {
  Encrypt(Plaintext(3 * kChunkBytes + 1000));
  Truncate(kHeaderBytes + 2 * (kChunkBytes + kChunkOverhead));
  ExpectRefused(absl::StatusCode::kDataLoss, "truncated");
}

TEST_F(BackupTruncationTest, CutBeforeTheLastChunkOfWholeChunksIsFound) {
  // Two whole chunks: without the final tag the first would look complete.
  Encrypt(Plaintext(2 * kChunkBytes));
  Truncate(kHeaderBytes + kChunkBytes + kChunkOverhead);
  ExpectRefused(absl::StatusCode::kDataLoss, "truncated");
}

TEST_F(BackupTruncationTest, CutInsideAChunkIsFound) {
  Encrypt(Plaintext(3 * kChunkBytes + 1000));
  Truncate(kHeaderBytes + kChunkBytes + 300);
  ExpectRefused(absl::StatusCode::kDataLoss, "truncated");
}

TEST_F(BackupTruncationTest, CutInsideTheHeaderIsFound) {
  for (const int64_t size : {int64_t{3}, int64_t{40}}) {
    Encrypt(Plaintext(1000));
    Truncate(size);
    const absl::Status status = Decrypt();
    EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << size;
    EXPECT_THAT(status.message(),
                HasSubstr(absl::StrCat("truncated at byte ", size)));
  }
}

TEST_F(BackupTruncationTest, EmptyFileIsRefused) {
  WriteFileBytes(Encrypted(), "");
  ExpectRefused(absl::StatusCode::kDataLoss, "empty");
}

// Files of another kind: named for what they are.
using BackupKindTest = BackupEncryptionTest;

TEST_F(BackupKindTest, APlainSqliteFileIsNamedAsSuch) {
  WriteFileBytes(
      Encrypted(),
      absl::StrCat("SQLite format 3", std::string(1, '\0'), Plaintext(4000)));
  EXPECT_EQ(DetectBackupFormat(Encrypted()), BackupFormat::kPlainSqlite);
  const absl::Status status = Decrypt();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("plain (unencrypted) SQLite"));
  EXPECT_THAT(status.message(), HasSubstr("--unencrypted"));
}

TEST_F(BackupKindTest, AnyOtherFileIsNotAMesoclinicBackup) {
  WriteFileBytes(Encrypted(),
                 "these are the clinic's opening hours, not a backup");
  EXPECT_EQ(DetectBackupFormat(Encrypted()), BackupFormat::kUnknown);
  ExpectRefused(absl::StatusCode::kFailedPrecondition,
                "not a Mesoclinic backup");
}

TEST_F(BackupKindTest, AFlippedMagicByteIsNotAMesoclinicBackup) {
  Encrypt(Plaintext(1000));
  FlipByte(2);
  ExpectRefused(absl::StatusCode::kFailedPrecondition,
                "not a Mesoclinic backup");
}

TEST_F(BackupKindTest, AMissingFileIsUnavailable) {
  EXPECT_EQ(DetectBackupFormat(dir_.File("missing.enc")),
            BackupFormat::kUnknown);
  EXPECT_EQ(DecryptFile(dir_.File("missing.enc"), Decrypted(), key_).code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mesoclinic::storage
