#include "core/audit/audit_checkpoint.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {
namespace {

// Signed first, so that a checkpoint signature can never be taken for a
// signature of anything else the key might one day sign.
constexpr absl::string_view kSignatureDomain =
    "mesoclinic audit checkpoint signature";
constexpr absl::string_view kFormatName = "mesoclinic-audit-checkpoint-1";
constexpr absl::string_view kTimeFormat = "%Y-%m-%dT%H:%M:%E6SZ";
// A checkpoint file is a few hundred bytes; anything far larger is not one.
constexpr std::size_t kMaxFileBytes = 16 << 10;

// The file's fields, in the order they must come.
constexpr std::array<absl::string_view, 7> kFields = {
    "format",     "sequence",    "hash",     "time",
    "public_key", "fingerprint", "signature"};

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

absl::Status InitSodium() {
  // Safe to call again and from several threads; it only sets up once.
  if (sodium_init() < 0) {
    return absl::InternalError("libsodium cannot be initialized");
  }
  return absl::OkStatus();
}

// `value` as 8 bytes, big-endian.
std::string BigEndian(uint64_t value) {
  std::string bytes;
  for (int shift = 56; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<char>((value >> shift) & 0xff));
  }
  return bytes;
}

// `bytes`, preceded by its length.
void AppendLengthPrefixed(std::string& out, absl::string_view bytes) {
  absl::StrAppend(&out, BigEndian(bytes.size()), bytes);
}

// A number is a field like any other: 8 bytes, length-prefixed.
void AppendInt64(std::string& out, int64_t value) {
  AppendLengthPrefixed(out, BigEndian(static_cast<uint64_t>(value)));
}

struct KeyPair {
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key;
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key;

  ~KeyPair() { sodium_memzero(secret_key.data(), secret_key.size()); }
};

absl::Status DeriveKeyPair(absl::string_view seed, KeyPair& pair) {
  static_assert(crypto_sign_SEEDBYTES == kCheckpointSeedBytes);
  static_assert(crypto_sign_PUBLICKEYBYTES == kCheckpointPublicKeyBytes);
  static_assert(crypto_sign_BYTES == kCheckpointSignatureBytes);
  if (seed.size() != kCheckpointSeedBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the audit signing key must be ", kCheckpointSeedBytes,
                     " bytes, not ", seed.size()));
  }
  RETURN_IF_ERROR(InitSodium());
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(),
                           Bytes(seed));
  return absl::OkStatus();
}

std::string TimeText(absl::Time time) {
  return absl::FormatTime(kTimeFormat, time, absl::UTCTimeZone());
}

// "records 8 to 12 were", or "record 12 was".
std::string RecordRange(int64_t first, int64_t last) {
  return first == last ? absl::StrCat("record ", last, " was")
                       : absl::StrCat("records ", first, " to ", last, " were");
}

// Parsing the file's values: each names its field and the rule.

absl::Status FieldError(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("checkpoint field ", field, ": ", rule));
}

absl::StatusOr<std::string> ParseHex(absl::string_view field,
                                     absl::string_view value,
                                     std::size_t min_bytes,
                                     std::size_t max_bytes) {
  const bool hex =
      value.size() % 2 == 0 &&
      std::all_of(value.begin(), value.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
               (c >= 'a' && c <= 'f');
      });
  if (!hex || value.size() < 2 * min_bytes || value.size() > 2 * max_bytes) {
    const std::string size =
        min_bytes == max_bytes
            ? absl::StrCat(2 * min_bytes)
            : absl::StrCat(2 * min_bytes, " to ", 2 * max_bytes);
    return FieldError(field, absl::StrCat("must be ", size,
                                          " lower-case hexadecimal digits"));
  }
  return absl::HexStringToBytes(value);
}

absl::StatusOr<int64_t> ParseSequence(absl::string_view value) {
  int64_t sequence = 0;
  const bool digits_only =
      !value.empty() && value.front() != '0' &&
      std::all_of(value.begin(), value.end(), [](char c) {
        return absl::ascii_isdigit(static_cast<unsigned char>(c));
      });
  if (!digits_only || !absl::SimpleAtoi(value, &sequence)) {
    return FieldError("sequence", "must be a whole number from 1, in digits");
  }
  return sequence;
}

absl::StatusOr<absl::Time> ParseTime(absl::string_view value) {
  absl::Time time;
  std::string error;
  // Read back exactly as written: the signature covers the microseconds.
  if (!absl::ParseTime(kTimeFormat, value, absl::UTCTimeZone(), &time,
                       &error) ||
      TimeText(time) != value) {
    return FieldError("time",
                      "must be a UTC time to the microsecond, such as "
                      "2026-01-12T09:00:00.000000Z");
  }
  return time;
}

// The "field: value" lines of `text`, comments and blank lines dropped,
// each with its line number.
struct FieldLine {
  int number = 0;
  absl::string_view name;
  absl::string_view value;
};

absl::StatusOr<std::vector<FieldLine>> SplitFieldLines(absl::string_view text) {
  std::vector<FieldLine> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    line = absl::StripSuffix(line, "\r");  // Mailed files gain CRs.
    const absl::string_view content = absl::StripAsciiWhitespace(line);
    if (content.empty() || absl::StartsWith(content, "#")) continue;
    const std::size_t colon = line.find(": ");
    if (colon == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "checkpoint line ", number, ": must be \"field: value\""));
    }
    lines.push_back({number, line.substr(0, colon), line.substr(colon + 2)});
  }
  return lines;
}

// The lines' values in kFields' order, each field exactly once.
absl::StatusOr<std::array<absl::string_view, kFields.size()>> FieldValues(
    const std::vector<FieldLine>& lines) {
  const std::string order = absl::StrJoin(kFields, ", ");
  std::array<absl::string_view, kFields.size()> values;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (i >= lines.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the checkpoint ends before its field ", kFields[i],
                       " (a checkpoint has ", order, ", in that order)"));
    }
    if (lines[i].name != kFields[i]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "checkpoint line ", lines[i].number, ": field \"", lines[i].name,
          "\" where ", kFields[i], " was expected (a checkpoint has ", order,
          ", once each, in that order)"));
    }
    values[i] = lines[i].value;
  }
  if (lines.size() > kFields.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("checkpoint line ", lines[kFields.size()].number,
                     ": nothing may follow the signature"));
  }
  return values;
}

}  // namespace

std::string CheckpointSignedBytes(const AuditCheckpoint& checkpoint) {
  std::string bytes;
  AppendLengthPrefixed(bytes, kSignatureDomain);
  AppendInt64(bytes, checkpoint.format_version);
  AppendInt64(bytes, checkpoint.sequence);
  AppendLengthPrefixed(bytes, checkpoint.hash);
  AppendInt64(bytes, absl::ToUnixMicros(checkpoint.time));
  AppendLengthPrefixed(bytes, checkpoint.public_key);
  return bytes;
}

absl::StatusOr<std::string> CheckpointPublicKey(
    absl::string_view signing_seed) {
  KeyPair pair;
  RETURN_IF_ERROR(DeriveKeyPair(signing_seed, pair));
  return std::string(pair.public_key.begin(), pair.public_key.end());
}

absl::StatusOr<std::string> ParseCheckpointPublicKey(absl::string_view hex) {
  const std::string lower = absl::AsciiStrToLower(hex);
  absl::StatusOr<std::string> key =
      ParseHex("public_key", lower, kCheckpointPublicKeyBytes,
               kCheckpointPublicKeyBytes);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("a public key must be ", 2 * kCheckpointPublicKeyBytes,
                     " hexadecimal digits (a checkpoint's public_key line)"));
  }
  return key;
}

std::string KeyFingerprint(absl::string_view public_key) {
  const std::string hex = Sha256Hex(public_key).substr(0, 32);
  return absl::StrJoin(absl::StrSplit(hex, absl::ByLength(8)), "-");
}

absl::StatusOr<AuditCheckpoint> MakeCheckpoint(const AuditChainHead& head,
                                               absl::Time time,
                                               absl::string_view signing_seed) {
  if (head.sequence < 1) {
    return absl::FailedPreconditionError(
        "the audit trail is empty: there is nothing to checkpoint yet");
  }
  if (head.hash.empty() || head.hash.size() > kCheckpointMaxHashBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "record ", head.sequence, "'s hash has ", head.hash.size(),
        " bytes; a checkpoint holds 1 to ", kCheckpointMaxHashBytes));
  }
  KeyPair pair;
  RETURN_IF_ERROR(DeriveKeyPair(signing_seed, pair));
  AuditCheckpoint checkpoint;
  checkpoint.sequence = head.sequence;
  checkpoint.hash = head.hash;
  // The file keeps microseconds: sign what it will say.
  checkpoint.time = absl::FromUnixMicros(absl::ToUnixMicros(time));
  checkpoint.public_key.assign(pair.public_key.begin(), pair.public_key.end());
  const std::string message = CheckpointSignedBytes(checkpoint);
  checkpoint.signature.resize(crypto_sign_BYTES);
  crypto_sign_detached(
      reinterpret_cast<unsigned char*>(checkpoint.signature.data()), nullptr,
      Bytes(message), message.size(), pair.secret_key.data());
  return checkpoint;
}

std::string FormatCheckpoint(const AuditCheckpoint& checkpoint) {
  const std::array<std::string, kFields.size()> values = {
      std::string(kFormatName),
      absl::StrCat(checkpoint.sequence),
      absl::BytesToHexString(checkpoint.hash),
      TimeText(checkpoint.time),
      absl::BytesToHexString(checkpoint.public_key),
      KeyFingerprint(checkpoint.public_key),
      absl::BytesToHexString(checkpoint.signature)};
  std::string text =
      "# Mesoclinic audit checkpoint. Keep it away from the clinic's server;\n"
      "# check a database against it: clinicd verify --db=FILE "
      "--checkpoint=THIS_FILE\n";
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    absl::StrAppend(&text, kFields[i], ": ", values[i], "\n");
  }
  return text;
}

absl::StatusOr<AuditCheckpoint> ParseCheckpoint(absl::string_view text) {
  if (text.size() > kMaxFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the checkpoint has ", text.size(),
                     " bytes; a checkpoint file has at most ", kMaxFileBytes));
  }
  ASSIGN_OR_RETURN(const std::vector<FieldLine> lines, SplitFieldLines(text));
  ASSIGN_OR_RETURN(const auto values, FieldValues(lines));
  if (values[0] != kFormatName) {
    return FieldError("format", absl::StrCat("must be ", kFormatName,
                                             " (this clinicd knows no other)"));
  }
  AuditCheckpoint checkpoint;
  ASSIGN_OR_RETURN(checkpoint.sequence, ParseSequence(values[1]));
  ASSIGN_OR_RETURN(checkpoint.hash,
                   ParseHex("hash", values[2], 1, kCheckpointMaxHashBytes));
  ASSIGN_OR_RETURN(checkpoint.time, ParseTime(values[3]));
  ASSIGN_OR_RETURN(checkpoint.public_key,
                   ParseHex("public_key", values[4], kCheckpointPublicKeyBytes,
                            kCheckpointPublicKeyBytes));
  if (values[5] != KeyFingerprint(checkpoint.public_key)) {
    return FieldError("fingerprint",
                      "does not match public_key, from which it is derived");
  }
  ASSIGN_OR_RETURN(checkpoint.signature,
                   ParseHex("signature", values[6], kCheckpointSignatureBytes,
                            kCheckpointSignatureBytes));
  return checkpoint;
}

absl::Status CheckCheckpointSignature(const AuditCheckpoint& checkpoint,
                                      absl::string_view trusted_public_key) {
  if (checkpoint.public_key != trusted_public_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the checkpoint was signed with the key ",
        KeyFingerprint(checkpoint.public_key), ", not with the trusted key ",
        KeyFingerprint(trusted_public_key),
        ": it comes from another clinic or another signing key"));
  }
  RETURN_IF_ERROR(InitSodium());
  const std::string message = CheckpointSignedBytes(checkpoint);
  if (checkpoint.signature.size() != crypto_sign_BYTES ||
      checkpoint.public_key.size() != crypto_sign_PUBLICKEYBYTES ||
      crypto_sign_verify_detached(Bytes(checkpoint.signature), Bytes(message),
                                  message.size(),
                                  Bytes(checkpoint.public_key)) != 0) {
    return absl::DataLossError(
        "the checkpoint's signature does not match its contents: the "
        "checkpoint file was altered or damaged");
  }
  return absl::OkStatus();
}

absl::Status CheckAgainstCheckpoint(AuditRepository& repository,
                                    const AuditCheckpoint& checkpoint,
                                    absl::string_view trusted_public_key) {
  RETURN_IF_ERROR(CheckCheckpointSignature(checkpoint, trusted_public_key));
  const int64_t held = checkpoint.sequence;
  const std::string of_time =
      absl::StrCat("the checkpoint of ", TimeText(checkpoint.time));
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  if (head.sequence < held) {
    return absl::DataLossError(absl::StrCat(
        "the database ends at record ", head.sequence, " but ", of_time,
        " says record ", held,
        " existed: ", RecordRange(head.sequence + 1, held),
        " removed (the database, or the end of its audit trail, was "
        "replaced by an older copy)"));
  }
  ASSIGN_OR_RETURN(const std::vector<AuditEvent> records,
                   repository.Scan(held - 1, 1));
  if (records.empty() || records.front().sequence != held) {
    return absl::DataLossError(absl::StrCat("record ", held, ", which ",
                                            of_time, " holds, is missing"));
  }
  if (records.front().hash != checkpoint.hash) {
    return absl::DataLossError(absl::StrCat(
        "record ", held, " was rewritten after ", of_time, ": its hash is ",
        absl::BytesToHexString(records.front().hash), ", the checkpoint's ",
        absl::BytesToHexString(checkpoint.hash),
        " (the audit trail up to it was rebuilt)"));
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::audit
