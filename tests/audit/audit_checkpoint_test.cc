// Signed checkpoints of the audit chain, without a server: the file format
// read back strictly, the Ed25519 signature over every field, and what
// CheckAgainstCheckpoint proves of a SQLite database (the record held, none
// removed after it, growth allowed).

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/audit/audit_checkpoint.h"
#include "core/audit/audit_event.h"
#include "core/base/sha256.h"
#include "core/storage/sqlite_audit_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"

namespace mesoclinic::audit {
namespace {

using ::testing::HasSubstr;

const std::string kSeed(kCheckpointSeedBytes, '\x07');
const std::string kOtherSeed(kCheckpointSeedBytes, '\x09');
const absl::Time kTime = absl::FromUnixMicros(1'800'000'000'123'456);

// The hash a test gives record `sequence`: checkpoints treat it as opaque.
std::string HashOf(int64_t sequence) {
  return Sha256(absl::StrCat("record ", sequence));
}

AuditCheckpoint Signed(int64_t sequence, const std::string& hash,
                       const std::string& seed = kSeed) {
  absl::StatusOr<AuditCheckpoint> checkpoint =
      MakeCheckpoint({.sequence = sequence, .hash = hash}, kTime, seed);
  EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
  return checkpoint.ok() ? *checkpoint : AuditCheckpoint{};
}

std::string PublicKeyOf(const std::string& seed) {
  absl::StatusOr<std::string> key = CheckpointPublicKey(seed);
  EXPECT_TRUE(key.ok()) << key.status();
  return key.ok() ? *key : "";
}

// The signed bytes hold every field but the signature.
void ExpectSameCheckpoint(const AuditCheckpoint& actual,
                          const AuditCheckpoint& expected) {
  EXPECT_EQ(CheckpointSignedBytes(actual), CheckpointSignedBytes(expected));
  EXPECT_EQ(actual.signature, expected.signature);
}

// ---------------------------------------------------------------------------
// Making and signing.

TEST(MakeCheckpointTest, SignsTheHeadWithTheSeedsKey) {
  const AuditCheckpoint checkpoint = Signed(42, HashOf(42));
  EXPECT_EQ(checkpoint.sequence, 42);
  EXPECT_EQ(checkpoint.hash, HashOf(42));
  EXPECT_EQ(checkpoint.time, kTime);
  EXPECT_EQ(checkpoint.public_key, PublicKeyOf(kSeed));
  EXPECT_EQ(checkpoint.signature.size(), kCheckpointSignatureBytes);
  EXPECT_TRUE(CheckCheckpointSignature(checkpoint, PublicKeyOf(kSeed)).ok());
}

TEST(MakeCheckpointTest, KeepsTheTimeToTheMicrosecond) {
  absl::StatusOr<AuditCheckpoint> checkpoint =
      MakeCheckpoint({.sequence = 1, .hash = HashOf(1)},
                     kTime + absl::Nanoseconds(789), kSeed);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->time, kTime);
  EXPECT_TRUE(CheckCheckpointSignature(*checkpoint, PublicKeyOf(kSeed)).ok());
}

TEST(MakeCheckpointTest, RefusesAnEmptyChainAndWrongSizes) {
  const absl::StatusOr<AuditCheckpoint> empty =
      MakeCheckpoint(AuditChainHead{}, kTime, kSeed);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(empty.status().message(), HasSubstr("empty"));

  const absl::StatusOr<AuditCheckpoint> short_seed =
      MakeCheckpoint({.sequence = 1, .hash = HashOf(1)}, kTime, "short");
  EXPECT_EQ(short_seed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(short_seed.status().message(), HasSubstr("32 bytes"));

  const absl::StatusOr<AuditCheckpoint> no_hash =
      MakeCheckpoint({.sequence = 1, .hash = ""}, kTime, kSeed);
  EXPECT_EQ(no_hash.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KeyFingerprintTest, IsShortStableAndTellsKeysApart) {
  const std::string fingerprint = KeyFingerprint(PublicKeyOf(kSeed));
  EXPECT_EQ(fingerprint.size(), 35u);  // 4 groups of 8 hex digits.
  EXPECT_EQ(KeyFingerprint(PublicKeyOf(kSeed)), fingerprint);
  EXPECT_NE(KeyFingerprint(PublicKeyOf(kOtherSeed)), fingerprint);
}

TEST(ParseCheckpointPublicKeyTest, AcceptsEitherCaseAndRefusesOtherShapes) {
  const std::string key = PublicKeyOf(kSeed);
  const std::string hex = absl::BytesToHexString(key);
  EXPECT_EQ(ParseCheckpointPublicKey(hex).value_or(""), key);
  EXPECT_EQ(ParseCheckpointPublicKey(absl::AsciiStrToUpper(hex)).value_or(""),
            key);
  for (const std::string& bad :
       {hex.substr(2), hex + "00", "z" + hex.substr(1), std::string()}) {
    const absl::StatusOr<std::string> parsed = ParseCheckpointPublicKey(bad);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(),
                HasSubstr("must be 64 hexadecimal digits"));
  }
}

// Length prefixes: moving bytes from the hash into a neighbour never gives
// the same signed bytes.
TEST(CheckpointSignedBytesTest, NoTwoCheckpointsSerializeAlike) {
  AuditCheckpoint a = Signed(1, std::string(32, 'a'));
  AuditCheckpoint b = a;
  b.hash = std::string(31, 'a');
  b.public_key = "a" + a.public_key.substr(0, 31);
  EXPECT_NE(CheckpointSignedBytes(a), CheckpointSignedBytes(b));
  EXPECT_THAT(CheckpointSignedBytes(a),
              HasSubstr("mesoclinic audit checkpoint signature"));
}

// ---------------------------------------------------------------------------
// The signature covers every field.

struct Alteration {
  const char* name;
  void (*alter)(AuditCheckpoint&);
};

class CheckpointAlterationTest : public ::testing::TestWithParam<Alteration> {};

TEST_P(CheckpointAlterationTest, IsRefusedAsDamaged) {
  AuditCheckpoint checkpoint = Signed(42, HashOf(42));
  GetParam().alter(checkpoint);
  const absl::Status status =
      CheckCheckpointSignature(checkpoint, PublicKeyOf(kSeed));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr("signature does not match"));
}

INSTANTIATE_TEST_SUITE_P(
    EveryField, CheckpointAlterationTest,
    ::testing::Values(
        Alteration{"sequence", [](AuditCheckpoint& c) { c.sequence = 41; }},
        Alteration{"hash", [](AuditCheckpoint& c) { c.hash = HashOf(41); }},
        Alteration{"time",
                   [](AuditCheckpoint& c) { c.time += absl::Microseconds(1); }},
        Alteration{"format_version",
                   [](AuditCheckpoint& c) { c.format_version = 2; }},
        Alteration{"signature",
                   [](AuditCheckpoint& c) { c.signature[10] ^= 1; }},
        Alteration{"signature_length",
                   [](AuditCheckpoint& c) { c.signature.pop_back(); }}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CheckCheckpointSignatureTest, AnotherKeyIsRefusedNamingBothKeys) {
  const AuditCheckpoint checkpoint = Signed(42, HashOf(42), kOtherSeed);
  const absl::Status status =
      CheckCheckpointSignature(checkpoint, PublicKeyOf(kSeed));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(),
              HasSubstr(KeyFingerprint(PublicKeyOf(kOtherSeed))));
  EXPECT_THAT(status.message(), HasSubstr(KeyFingerprint(PublicKeyOf(kSeed))));
  EXPECT_THAT(status.message(), HasSubstr("another clinic"));
}

// A checkpoint re-signed by someone else under their own key still names
// their key: trusting the right key is what refuses it.
TEST(CheckCheckpointSignatureTest, ASwappedInKeyIsRefused) {
  AuditCheckpoint forged = Signed(42, HashOf(41), kOtherSeed);
  EXPECT_TRUE(CheckCheckpointSignature(forged, forged.public_key).ok());
  EXPECT_EQ(CheckCheckpointSignature(forged, PublicKeyOf(kSeed)).code(),
            absl::StatusCode::kFailedPrecondition);
}

// ---------------------------------------------------------------------------
// The file.

TEST(CheckpointFileTest, RoundTrips) {
  const AuditCheckpoint checkpoint = Signed(1234, HashOf(1234));
  const std::string text = FormatCheckpoint(checkpoint);
  EXPECT_THAT(text, HasSubstr("sequence: 1234\n"));
  EXPECT_THAT(text, HasSubstr("time: 2027-01-15T08:00:00.123456Z\n"));
  EXPECT_THAT(
      text, HasSubstr(absl::StrCat(
                "fingerprint: ", KeyFingerprint(checkpoint.public_key), "\n")));
  absl::StatusOr<AuditCheckpoint> parsed = ParseCheckpoint(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectSameCheckpoint(*parsed, checkpoint);
  EXPECT_TRUE(CheckCheckpointSignature(*parsed, PublicKeyOf(kSeed)).ok());
}

// Mailed or printed and typed back: CRs, comments and blank lines are fine.
TEST(CheckpointFileTest, AcceptsCommentsBlankLinesAndCrlf) {
  const AuditCheckpoint checkpoint = Signed(7, HashOf(7));
  std::string text = absl::StrCat("# kept by the owner since Monday\n\n",
                                  FormatCheckpoint(checkpoint), "\n# end\n");
  text = absl::StrReplaceAll(text, {{"\n", "\r\n"}});
  absl::StatusOr<AuditCheckpoint> parsed = ParseCheckpoint(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectSameCheckpoint(*parsed, checkpoint);
}

struct BadFile {
  const char* name;
  // Applied to a good file's text.
  std::vector<std::pair<std::string, std::string>> replacements;
  const char* error;  // Part of the message: the field or line, the rule.
};

class CheckpointBadFileTest : public ::testing::TestWithParam<BadFile> {};

TEST_P(CheckpointBadFileTest, IsRefusedNamingTheFieldAndTheRule) {
  const AuditCheckpoint checkpoint = Signed(1234, std::string(32, '\xaa'));
  std::string text = FormatCheckpoint(checkpoint);
  for (const auto& [from, to] : GetParam().replacements) {
    ASSERT_THAT(text, HasSubstr(from));
    text = absl::StrReplaceAll(text, {{from, to}});
  }
  const absl::StatusOr<AuditCheckpoint> parsed = ParseCheckpoint(text);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
      << parsed.status();
  EXPECT_THAT(parsed.status().message(), HasSubstr(GetParam().error));
}

const std::string kHashLine = "hash: " + std::string(64, 'a');

INSTANTIATE_TEST_SUITE_P(
    Refusals, CheckpointBadFileTest,
    ::testing::Values(
        BadFile{"other_format",
                {{"checkpoint-1", "checkpoint-2"}},
                "field format: must be mesoclinic-audit-checkpoint-1"},
        BadFile{"zero_sequence",
                {{"sequence: 1234", "sequence: 0"}},
                "field sequence: must be a whole number from 1"},
        BadFile{"negative_sequence",
                {{"sequence: 1234", "sequence: -1234"}},
                "field sequence"},
        BadFile{"padded_sequence",
                {{"sequence: 1234", "sequence: 01234"}},
                "field sequence"},
        BadFile{"huge_sequence",
                {{"sequence: 1234", "sequence: 99999999999999999999"}},
                "field sequence"},
        BadFile{"upper_case_hash",
                {{kHashLine, "hash: " + std::string(64, 'A')}},
                "field hash: must be 2 to 128 lower-case hexadecimal digits"},
        BadFile{"odd_hash", {{kHashLine, kHashLine + "b"}}, "field hash"},
        BadFile{"empty_hash", {{kHashLine, "hash: "}}, "field hash"},
        BadFile{"local_time", {{"123456Z", "123456+01:00"}}, "field time"},
        BadFile{"seconds_only", {{".123456Z", "Z"}}, "field time"},
        BadFile{"short_public_key",
                {{"public_key: ", "public_key: 00"}},
                "field public_key: must be 64"},
        BadFile{"fingerprint",
                {{"fingerprint: ", "fingerprint: 0"}},
                "field fingerprint: does not match public_key"},
        BadFile{"short_signature",
                {{"signature: ", "signature: ab"}},
                "field signature: must be 128"},
        BadFile{"no_colon",
                {{"sequence: 1234", "sequence 1234"}},
                "line 4: must be \"field: value\""},
        BadFile{"unknown_field",
                {{"sequence: 1234", "sequence: 1234\nnote: hello"}},
                "line 5: field \"note\" where hash was expected"},
        BadFile{"twice",
                {{"sequence: 1234", "sequence: 1234\nsequence: 1234"}},
                "field \"sequence\" where hash was expected"},
        BadFile{"missing_signature",
                {{"\nsignature: ", "\n# signature: "}},
                "ends before its field signature"},
        BadFile{"out_of_place",
                {{"fingerprint: ", "extra: x\nfingerprint: "}},
                "field \"extra\" where fingerprint was expected"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(CheckpointFileTest, NothingMayFollowTheSignature) {
  const std::string text =
      FormatCheckpoint(Signed(1, HashOf(1))) + "sequence: 2\n";
  EXPECT_THAT(ParseCheckpoint(text).status().message(),
              HasSubstr("nothing may follow the signature"));
}

TEST(CheckpointFileTest, RefusesAnythingLargerThanACheckpoint) {
  const std::string text =
      std::string(20000, '#') + "\n" + FormatCheckpoint(Signed(1, HashOf(1)));
  EXPECT_THAT(ParseCheckpoint(text).status().message(),
              HasSubstr("a checkpoint file has at most"));
}

// ---------------------------------------------------------------------------
// Against a SQLite database.

class CheckAgainstCheckpointTest : public storage::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MigratedDatabaseTest::SetUp());
    audit_ = std::make_unique<storage::SqliteAuditRepository>(*connection_);
    Grow(10);
  }

  // Stores records up to `last`, each with HashOf(its sequence): the
  // records' content does not matter to a checkpoint, only their hashes.
  void Grow(int64_t last) {
    for (int64_t sequence = last_ + 1; sequence <= last; ++sequence) {
      AuditEvent event;
      event.sequence = sequence;
      event.time = kTime;
      event.method = "/clinic.v1.StaffService/GetCaller";
      event.previous_hash = HashOf(sequence - 1);
      event.hash = HashOf(sequence);
      ASSERT_TRUE(audit_->Insert(event).ok());
    }
    last_ = last;
  }

  absl::Status Check(const AuditCheckpoint& checkpoint,
                     const std::string& trusted_key = PublicKeyOf(kSeed)) {
    return CheckAgainstCheckpoint(*audit_, checkpoint, trusted_key);
  }

  // On connection_, made by SetUp.
  std::unique_ptr<storage::SqliteAuditRepository> audit_;
  int64_t last_ = 0;
};

TEST_F(CheckAgainstCheckpointTest, TheHeldHeadIsAccepted) {
  EXPECT_TRUE(Check(Signed(10, HashOf(10))).ok());
}

TEST_F(CheckAgainstCheckpointTest, ADatabaseThatGrewSinceIsAccepted) {
  const AuditCheckpoint checkpoint = Signed(10, HashOf(10));
  Grow(25);
  EXPECT_TRUE(Check(checkpoint).ok());
  EXPECT_TRUE(Check(Signed(3, HashOf(3))).ok());
}

// The database was copied back from before the checkpoint: its head is
// behind, with all its rows.
TEST_F(CheckAgainstCheckpointTest, ARolledBackTailIsRefusedNamingTheRecords) {
  const absl::Status status = Check(Signed(14, HashOf(14)));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(),
              HasSubstr("the database ends at record 10 but the checkpoint "
                        "of 2027-01-15T08:00:00.123456Z says record 14 "
                        "existed: records 11 to 14 were removed"));
  EXPECT_THAT(Check(Signed(11, HashOf(11))).message(),
              HasSubstr("record 11 was removed"));
}

// Record 7 no longer has the hash it had: the chain up to it was rebuilt
// (by someone who could recompute the links).
TEST_F(CheckAgainstCheckpointTest, ARewrittenRecordIsRefused) {
  const absl::Status status = Check(Signed(7, Sha256("the original record 7")));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("record 7 was rewritten after the "
                                          "checkpoint of 2027-01-15"));
  EXPECT_THAT(status.message(), HasSubstr(Sha256Hex("record 7")));
}

TEST_F(CheckAgainstCheckpointTest, AMissingRecordIsRefused) {
  connection_->Execute(
      "DROP TRIGGER audit_events_no_delete;"
      "DELETE FROM audit_events WHERE sequence = 7");
  const absl::Status status = Check(Signed(7, HashOf(7)));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("record 7, which the checkpoint"));
  EXPECT_THAT(status.message(), HasSubstr("is missing"));
}

// The signature is checked before the database is believed to match it.
TEST_F(CheckAgainstCheckpointTest, AnAlteredOrForeignCheckpointIsRefused) {
  AuditCheckpoint altered = Signed(10, HashOf(10));
  altered.sequence = 9;
  altered.hash = HashOf(9);
  EXPECT_EQ(Check(altered).code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(Check(altered).message(), HasSubstr("signature does not match"));

  EXPECT_EQ(Check(Signed(10, HashOf(10), kOtherSeed)).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mesoclinic::audit
