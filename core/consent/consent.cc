#include "core/consent/consent.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::consent {
namespace {

std::string UtcText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

}  // namespace

bool IsSha256Hex(absl::string_view text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

absl::Status ValidateNewConsent(const Consent& consent, absl::Time now) {
  FieldViolations violations;
  if (consent.document_version <= 0) {
    violations.Add("consent.document_version",
                   "is required: the consent document version the patient "
                   "agreed to (TreatmentType.consent_version)");
  }
  if (consent.disclosure_sha256.empty()) {
    violations.Add("consent.disclosure_sha256",
                   "is required: the SHA-256 of the text shown to the "
                   "patient (TreatmentType.consent_text_sha256)");
  } else if (!IsSha256Hex(consent.disclosure_sha256)) {
    violations.Add("consent.disclosure_sha256",
                   "must be 64 lower-case hex digits (a SHA-256)");
  }
  if (consent.sign_time > now + kSignTimeSkew) {
    violations.Add("consent.sign_time", "must not be in the future");
  } else if (consent.sign_time < now - kMaxSignAge) {
    violations.Add("consent.sign_time",
                   "must not be more than 365 days ago: take a new consent");
  }
  switch (consent.signer) {
    case Signer::kPatient:
      if (!consent.guardian_name.empty()) {
        violations.Add("consent.guardian_name",
                       "must be empty when the patient signs");
      }
      if (!consent.guardian_relationship.empty()) {
        violations.Add("consent.guardian_relationship",
                       "must be empty when the patient signs");
      }
      break;
    case Signer::kGuardian:
      if (consent.guardian_name.empty()) {
        violations.Add("consent.guardian_name",
                       "is required when a guardian signs");
      } else {
        violations.Check(CheckText("consent.guardian_name",
                                   consent.guardian_name,
                                   {.required = true, .max_length = 100}));
      }
      violations.Check(CheckText("consent.guardian_relationship",
                                 consent.guardian_relationship,
                                 {.max_length = 100}));
      break;
    case Signer::kUnspecified:
      violations.Add("consent.signer", "is required");
      break;
  }
  if (consent.method == Method::kUnspecified) {
    violations.Add("consent.method", "is required");
  }
  if (consent.expire_time.has_value()) {
    if (*consent.expire_time <= consent.sign_time) {
      violations.Add("consent.expire_time", "must be after sign_time");
    } else if (*consent.expire_time <= now) {
      violations.Add("consent.expire_time", "must be in the future");
    }
  }
  return violations.Result();
}

absl::Status CheckCurrentDocument(const Consent& consent, int current_version,
                                  absl::string_view current_text_sha256) {
  const std::string type = ResourceName("treatmentTypes", consent.treatment_type);
  if (consent.document_version != current_version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "consent.document_version: ", consent.document_version,
        " is not the current consent document of ", type, ", which is version ",
        current_version, ": show the patient the current document"));
  }
  if (consent.disclosure_sha256 != current_text_sha256) {
    return absl::FailedPreconditionError(absl::StrCat(
        "consent.disclosure_sha256: does not match the text of ", type,
        "'s consent document version ", current_version,
        ": the patient was shown another text (see "
        "TreatmentType.consent_text_sha256)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateWithdrawal(const Consent& consent,
                                const Withdrawal& withdrawal, absl::Time now) {
  RETURN_IF_ERROR(CheckText(
      "reason", withdrawal.reason,
      {.required = true, .max_length = kMaxWithdrawReasonLength,
       .multiline = true}));
  if (withdrawal.time > now) {
    return FieldError("withdraw_time", "must not be in the future");
  }
  if (consent.withdrawal.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "patients/", consent.patient_id, "/consents/", consent.id,
        " was already withdrawn at ", UtcText(consent.withdrawal->time),
        ": a consent is withdrawn once"));
  }
  if (withdrawal.time < consent.sign_time) {
    return FieldError("withdraw_time",
                      absl::StrCat("must not be before the consent's "
                                   "sign_time, ",
                                   UtcText(consent.sign_time)));
  }
  return absl::OkStatus();
}

ConsentState StateAt(const Consent& consent, int current_version,
                     absl::Time at) {
  if (consent.withdrawal.has_value() && consent.withdrawal->time <= at) {
    return ConsentState::kWithdrawn;
  }
  if (consent.expire_time.has_value() && *consent.expire_time <= at) {
    return ConsentState::kExpired;
  }
  if (current_version > consent.document_version) {
    return ConsentState::kSuperseded;
  }
  return ConsentState::kActive;
}

}  // namespace mesoclinic::consent
