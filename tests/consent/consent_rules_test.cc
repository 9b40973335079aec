// The consent rules that need no storage: what a recorded consent must hold,
// the current-document check, withdrawals, and StateAt.

#include "core/consent/consent.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "core/base/error_details.h"
#include "core/base/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::consent {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const absl::Time kNow = absl::FromUnixSeconds(1'790'000'000);

Consent ValidConsent() {
  Consent consent;
  consent.id = "c1";
  consent.patient_id = "p1";
  consent.treatment_type = "cellulite";
  consent.document_version = 2;
  consent.disclosure_sha256 = Sha256Hex("the consent text");
  consent.sign_time = kNow - absl::Hours(1);
  consent.signer = Signer::kPatient;
  consent.practitioner_id = "s1";
  consent.method = Method::kPaper;
  return consent;
}

// The message of an INVALID_ARGUMENT naming `field`, or a failure.
void ExpectFieldError(const absl::Status& status, const std::string& field,
                      const std::string& rule) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_THAT(std::string(status.message()), StartsWith(field + ": ")) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(rule)) << status;
}

TEST(ValidateNewConsentTest, AcceptsACompleteConsent) {
  EXPECT_TRUE(ValidateNewConsent(ValidConsent(), kNow).ok());
  Consent guardian = ValidConsent();
  guardian.signer = Signer::kGuardian;
  guardian.guardian_name = "Marie Durand";
  guardian.guardian_relationship = "mother";
  guardian.method = Method::kElectronic;
  guardian.expire_time = kNow + absl::Hours(24 * 180);
  EXPECT_TRUE(ValidateNewConsent(guardian, kNow).ok());
  // A guardian's relationship is optional.
  guardian.guardian_relationship.clear();
  EXPECT_TRUE(ValidateNewConsent(guardian, kNow).ok());
}

// A consent form with several gaps is refused once, naming each.
TEST(ValidateNewConsentTest, NamesEveryFieldAtFault) {
  Consent consent = ValidConsent();
  consent.document_version = 0;
  consent.signer = Signer::kGuardian;
  consent.method = Method::kUnspecified;
  const absl::Status status = ValidateNewConsent(consent, kNow);
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(status)) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields,
              ::testing::ElementsAre("consent.document_version",
                                     "consent.guardian_name", "consent.method"));
  ExpectFieldError(status, "consent.document_version", "is required");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("; consent.method: is required"));
}

TEST(ValidateNewConsentTest, DocumentVersionIsRequired) {
  Consent consent = ValidConsent();
  consent.document_version = 0;
  ExpectFieldError(ValidateNewConsent(consent, kNow),
                   "consent.document_version", "is required");
  consent.document_version = -3;
  ExpectFieldError(ValidateNewConsent(consent, kNow),
                   "consent.document_version", "is required");
}

TEST(ValidateNewConsentTest, DisclosureHashMustBeLowerCaseHexSha256) {
  Consent consent = ValidConsent();
  consent.disclosure_sha256.clear();
  ExpectFieldError(ValidateNewConsent(consent, kNow),
                   "consent.disclosure_sha256", "is required");
  for (const std::string& bad :
       {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'g'),
        std::string(64, 'A'), std::string(62, 'a') + "  "}) {
    SCOPED_TRACE(bad);
    consent.disclosure_sha256 = bad;
    ExpectFieldError(ValidateNewConsent(consent, kNow),
                     "consent.disclosure_sha256", "64 lower-case hex");
  }
}

TEST(ValidateNewConsentTest, SignTimeNotInTheFutureBeyondSkewNorOlderThanAYear) {
  Consent consent = ValidConsent();
  consent.sign_time = kNow + kSignTimeSkew;
  EXPECT_TRUE(ValidateNewConsent(consent, kNow).ok());
  consent.sign_time = kNow + kSignTimeSkew + absl::Seconds(1);
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.sign_time",
                   "must not be in the future");
  consent.sign_time = kNow - kMaxSignAge;
  EXPECT_TRUE(ValidateNewConsent(consent, kNow).ok());
  consent.sign_time = kNow - kMaxSignAge - absl::Seconds(1);
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.sign_time",
                   "365 days");
}

TEST(ValidateNewConsentTest, SignerAndMethodAreRequired) {
  Consent consent = ValidConsent();
  consent.signer = Signer::kUnspecified;
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.signer",
                   "is required");
  consent = ValidConsent();
  consent.method = Method::kUnspecified;
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.method",
                   "is required");
}

TEST(ValidateNewConsentTest, GuardianNameExactlyWhenAGuardianSigns) {
  Consent consent = ValidConsent();
  consent.signer = Signer::kGuardian;
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.guardian_name",
                   "is required when a guardian signs");
  consent.guardian_name = std::string(101, 'x');
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.guardian_name",
                   "");
  consent.guardian_name = "Paul\nDurand";
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.guardian_name",
                   "");
  consent.guardian_name = "Paul Durand";
  consent.guardian_relationship = std::string(101, 'x');
  ExpectFieldError(ValidateNewConsent(consent, kNow),
                   "consent.guardian_relationship", "");

  consent = ValidConsent();
  consent.guardian_name = "Paul Durand";
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.guardian_name",
                   "must be empty when the patient signs");
  consent.guardian_name.clear();
  consent.guardian_relationship = "father";
  ExpectFieldError(ValidateNewConsent(consent, kNow),
                   "consent.guardian_relationship",
                   "must be empty when the patient signs");
}

TEST(ValidateNewConsentTest, ExpireTimeAfterSignTimeAndInTheFuture) {
  Consent consent = ValidConsent();
  consent.expire_time = consent.sign_time;
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.expire_time",
                   "must be after sign_time");
  consent.expire_time = kNow - absl::Minutes(1);
  ExpectFieldError(ValidateNewConsent(consent, kNow), "consent.expire_time",
                   "must be in the future");
  consent.expire_time = kNow + absl::Minutes(1);
  EXPECT_TRUE(ValidateNewConsent(consent, kNow).ok());
}

TEST(CheckCurrentDocumentTest, VersionAndTextMustBeTheCurrentOnes) {
  const Consent consent = ValidConsent();
  EXPECT_TRUE(
      CheckCurrentDocument(consent, 2, Sha256Hex("the consent text")).ok());

  absl::Status status =
      CheckCurrentDocument(consent, 3, Sha256Hex("the consent text"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), StartsWith("consent.document_version: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("treatmentTypes/cellulite"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("version 3"));

  status = CheckCurrentDocument(consent, 2, Sha256Hex("another text"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), StartsWith("consent.disclosure_sha256: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("shown another text"));
}

TEST(ValidateWithdrawalTest, ReasonTimeAndOnce) {
  Consent consent = ValidConsent();
  Withdrawal withdrawal{.time = kNow, .reason = "Changed her mind.",
                        .staff_id = "s2"};
  EXPECT_TRUE(ValidateWithdrawal(consent, withdrawal, kNow).ok());

  withdrawal.reason.clear();
  ExpectFieldError(ValidateWithdrawal(consent, withdrawal, kNow), "reason", "");
  withdrawal.reason = std::string(kMaxWithdrawReasonLength + 1, 'x');
  ExpectFieldError(ValidateWithdrawal(consent, withdrawal, kNow), "reason", "");
  withdrawal.reason = std::string(kMaxWithdrawReasonLength, 'x');
  EXPECT_TRUE(ValidateWithdrawal(consent, withdrawal, kNow).ok());
  withdrawal.reason = "Line one.\nLine two.";
  EXPECT_TRUE(ValidateWithdrawal(consent, withdrawal, kNow).ok());

  withdrawal.time = kNow + absl::Seconds(1);
  ExpectFieldError(ValidateWithdrawal(consent, withdrawal, kNow),
                   "withdraw_time", "must not be in the future");
  withdrawal.time = consent.sign_time - absl::Seconds(1);
  ExpectFieldError(ValidateWithdrawal(consent, withdrawal, kNow),
                   "withdraw_time", "must not be before the consent's sign_time");
  withdrawal.time = consent.sign_time;
  EXPECT_TRUE(ValidateWithdrawal(consent, withdrawal, kNow).ok());

  consent.withdrawal = withdrawal;
  const absl::Status twice = ValidateWithdrawal(consent, withdrawal, kNow);
  EXPECT_EQ(twice.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(twice.message()), HasSubstr("patients/p1/consents/c1"));
  EXPECT_THAT(std::string(twice.message()), HasSubstr("already withdrawn"));
}

TEST(StateAtTest, ActiveWhileCurrentUnexpiredAndNotWithdrawn) {
  Consent consent = ValidConsent();
  EXPECT_EQ(StateAt(consent, 2, kNow), ConsentState::kActive);
  EXPECT_EQ(StateAt(consent, 2, kNow + absl::Hours(24 * 3650)),
            ConsentState::kActive);
  // A plugin that went back to an older document supersedes nothing.
  EXPECT_EQ(StateAt(consent, 1, kNow), ConsentState::kActive);
}

TEST(StateAtTest, ExpiredFromExpireTimeOn) {
  Consent consent = ValidConsent();
  consent.expire_time = kNow + absl::Hours(1);
  EXPECT_EQ(StateAt(consent, 2, kNow), ConsentState::kActive);
  EXPECT_EQ(StateAt(consent, 2, *consent.expire_time - absl::Microseconds(1)),
            ConsentState::kActive);
  EXPECT_EQ(StateAt(consent, 2, *consent.expire_time), ConsentState::kExpired);
}

TEST(StateAtTest, WithdrawnFromWithdrawTimeOn) {
  Consent consent = ValidConsent();
  consent.withdrawal = Withdrawal{.time = kNow, .reason = "r", .staff_id = "s"};
  EXPECT_EQ(StateAt(consent, 2, kNow - absl::Seconds(1)),
            ConsentState::kActive);
  EXPECT_EQ(StateAt(consent, 2, kNow), ConsentState::kWithdrawn);
}

TEST(StateAtTest, SupersededByANewerDocument) {
  const Consent consent = ValidConsent();
  EXPECT_EQ(StateAt(consent, 3, kNow), ConsentState::kSuperseded);
}

TEST(StateAtTest, WithdrawnThenExpiredThenSupersededWin) {
  Consent consent = ValidConsent();
  consent.expire_time = kNow;
  EXPECT_EQ(StateAt(consent, 3, kNow), ConsentState::kExpired);
  consent.withdrawal = Withdrawal{.time = kNow, .reason = "r", .staff_id = "s"};
  EXPECT_EQ(StateAt(consent, 3, kNow), ConsentState::kWithdrawn);
}

}  // namespace
}  // namespace mesoclinic::consent
