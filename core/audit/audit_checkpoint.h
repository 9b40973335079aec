#ifndef MESOCLINIC_CORE_AUDIT_AUDIT_CHECKPOINT_H_
#define MESOCLINIC_CORE_AUDIT_AUDIT_CHECKPOINT_H_

// Signed checkpoints of the audit chain: the chain's end (the last record's
// sequence and hash) at some moment, signed with the clinic's Ed25519 audit
// signing key, kept somewhere the database's writers cannot reach.
//
// The chain alone proves that its records are linked; it cannot prove that
// the file was not replaced by an older copy (a whole tail rolled back with
// its rows), or, for whoever can recompute the links, rebuilt. A checkpoint
// made earlier and kept elsewhere can: the database must still hold record N
// with the hash the checkpoint names, and the chain must reach at least N.
// With VerifyAuditChain's walk (records 1 to the head are linked), that
// proves no record up to N was changed, removed or rebuilt since.
//
// The record hashes are opaque bytes here: how the chain computes them is
// audit_event.h's business.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/audit/audit_event.h"

namespace mesoclinic::audit {

// The signing key's file holds a 32-byte Ed25519 seed, from which the key
// pair is derived (libsodium's crypto_sign_seed_keypair).
inline constexpr std::size_t kCheckpointSeedBytes = 32;
inline constexpr std::size_t kCheckpointPublicKeyBytes = 32;
inline constexpr std::size_t kCheckpointSignatureBytes = 64;
// The largest record hash a checkpoint carries.
inline constexpr std::size_t kCheckpointMaxHashBytes = 64;
// The only format there is so far; a new one gets a new number.
inline constexpr int kCheckpointFormatVersion = 1;

struct AuditCheckpoint {
  int format_version = kCheckpointFormatVersion;
  // The chain's end when the checkpoint was made: record `sequence` (from
  // 1) and its hash.
  int64_t sequence = 0;
  std::string hash;
  // When it was signed (to the microsecond).
  absl::Time time;
  // The Ed25519 public key that verifies `signature`.
  std::string public_key;
  // Ed25519 over CheckpointSignedBytes(*this).
  std::string signature;
};

// What is signed: a domain-separation label, then every field but the
// signature, each length-prefixed, so that no two checkpoints (and nothing
// else signed with the key) serialize alike.
std::string CheckpointSignedBytes(const AuditCheckpoint& checkpoint);

// The public key of the key pair derived from `signing_seed`.
// INVALID_ARGUMENT when the seed is not kCheckpointSeedBytes long.
absl::StatusOr<std::string> CheckpointPublicKey(absl::string_view signing_seed);

// A public key typed as 64 hexadecimal digits (a checkpoint's public_key
// line), as bytes. INVALID_ARGUMENT naming the rule otherwise.
absl::StatusOr<std::string> ParseCheckpointPublicKey(absl::string_view hex);

// A short name of a public key for people to compare: the first 16 bytes of
// its SHA-256 as hex, in four groups ("3f2a91bc-...").
std::string KeyFingerprint(absl::string_view public_key);

// A checkpoint of `head`, signed at `time` with the key pair derived from
// `signing_seed`. FAILED_PRECONDITION when the chain is empty (there is
// nothing to hold to); INVALID_ARGUMENT when the seed or hash has the
// wrong size.
absl::StatusOr<AuditCheckpoint> MakeCheckpoint(const AuditChainHead& head,
                                               absl::Time time,
                                               absl::string_view signing_seed);

// The checkpoint file: a comment, then one "field: value" line each
// (format, sequence, hash, time, public_key, fingerprint, signature), bytes
// as lower-case hex and the time as RFC 3339 in UTC.
std::string FormatCheckpoint(const AuditCheckpoint& checkpoint);

// Reads FormatCheckpoint's text back, strictly: every field exactly once,
// in that order, nothing else but '#' comments and blank lines. Each
// INVALID_ARGUMENT names the line or field at fault and the rule. The
// signature is not checked here (CheckCheckpointSignature).
absl::StatusOr<AuditCheckpoint> ParseCheckpoint(absl::string_view text);

// That `checkpoint` was signed by the holder of `trusted_public_key`:
// FAILED_PRECONDITION when it names another key (both fingerprints said);
// DATA_LOSS when its signature does not match its fields (the file was
// altered or damaged).
absl::Status CheckCheckpointSignature(const AuditCheckpoint& checkpoint,
                                      absl::string_view trusted_public_key);

// That `repository` still holds what `checkpoint` saw: its signature is
// checked first (CheckCheckpointSignature), then the chain's head must be at
// or after the checkpoint's record, and that record must be there with the
// checkpoint's hash. DATA_LOSS naming the records otherwise: records
// removed (the database, or its tail, replaced by an older copy), record N
// missing, or record N rewritten. Reads the head and one record; run it in
// the same snapshot as VerifyAuditChain, which proves the rest.
absl::Status CheckAgainstCheckpoint(AuditRepository& repository,
                                    const AuditCheckpoint& checkpoint,
                                    absl::string_view trusted_public_key);

}  // namespace mesoclinic::audit

#endif  // MESOCLINIC_CORE_AUDIT_AUDIT_CHECKPOINT_H_
