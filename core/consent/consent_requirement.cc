#include "core/consent/consent_requirement.h"

#include <algorithm>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/status_macros.h"

namespace mesoclinic::consent {
namespace {

std::string UtcText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

bool Covers(const Consent& consent, int current_version,
            absl::Time session_start) {
  return !consent.withdrawal.has_value() &&
         consent.document_version == current_version &&
         StateAt(consent, current_version, session_start) ==
             ConsentState::kActive;
}

// Why `latest`, which does not cover the session, does not, given the
// latest withdrawal of any of the patient's consents to the treatment.
std::string WhyNot(const Consent& latest, int current_version,
                   absl::Time session_start, absl::Time latest_withdrawal) {
  if (!latest.withdrawal.has_value() && latest.sign_time <= latest_withdrawal) {
    return absl::StrCat("was signed before the patient withdrew consent at ",
                        UtcText(latest_withdrawal),
                        ", and a withdrawal cancels earlier consents");
  }
  if (latest.withdrawal.has_value()) {
    return absl::StrCat("was withdrawn at ",
                        UtcText(latest.withdrawal->time));
  }
  if (latest.expire_time.has_value() &&
      *latest.expire_time <= session_start) {
    return absl::StrCat("expires at ", UtcText(*latest.expire_time),
                        ", before the session at ", UtcText(session_start));
  }
  return absl::StrCat("was signed for consent version ",
                      latest.document_version,
                      " but the current version is ", current_version);
}

}  // namespace

absl::Status RequireActiveConsent(ConsentRepository& consents,
                                  absl::string_view patient_id,
                                  absl::string_view treatment_type_id,
                                  int current_version,
                                  absl::Time session_start) {
  ASSIGN_OR_RETURN(
      const std::vector<Consent> recorded,
      consents.ListForPatientAndType(patient_id, treatment_type_id));
  // A withdrawal revokes the patient's agreement to the treatment, so it
  // cancels every consent signed before it: only consents signed after the
  // latest withdrawal can cover a session.
  absl::Time latest_withdrawal = absl::InfinitePast();
  for (const Consent& consent : recorded) {
    if (consent.withdrawal.has_value()) {
      latest_withdrawal = std::max(latest_withdrawal, consent.withdrawal->time);
    }
  }
  for (const Consent& consent : recorded) {
    if (consent.sign_time > latest_withdrawal &&
        Covers(consent, current_version, session_start)) {
      return absl::OkStatus();
    }
  }
  const std::string who = absl::StrCat("patients/", patient_id);
  const std::string what = absl::StrCat("treatmentTypes/", treatment_type_id);
  if (recorded.empty()) {
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            who, " has no consent recorded for ", what,
            ": record the patient's consent (RecordConsent) before booking")),
        reasons::kConsentMissing, {{"treatment_type", what}});
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          who, " has no active consent for ", what,
          ": the most recent consent ",
          WhyNot(recorded.front(), current_version, session_start,
                 latest_withdrawal),
          "; the patient must consent again")),
      reasons::kConsentMissing, {{"treatment_type", what}});
}

}  // namespace mesoclinic::consent
