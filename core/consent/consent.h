#ifndef MESOCLINIC_CORE_CONSENT_CONSENT_H_
#define MESOCLINIC_CORE_CONSENT_CONSENT_H_

// A patient's informed consent to a treatment type, as plain data, and the
// rules that need no storage: what a recorded consent must hold, and what a
// consent is worth at a given time.

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::consent {

// Values match clinic.v1.ConsentSigner.
enum class Signer { kUnspecified = 0, kPatient = 1, kGuardian = 2 };

// Values match clinic.v1.ConsentMethod.
enum class Method { kUnspecified = 0, kPaper = 1, kElectronic = 2 };

// Values match clinic.v1.ConsentState.
enum class ConsentState {
  kUnspecified = 0,
  kActive = 1,
  kExpired = 2,
  kWithdrawn = 3,
  kSuperseded = 4,
};

// The one change a consent ever gets.
struct Withdrawal {
  absl::Time time;         // When the patient withdrew.
  std::string reason;
  std::string staff_id;    // Who recorded the withdrawal.
};

struct Consent {
  std::string id;
  std::string patient_id;
  std::string treatment_type;      // The plugin id: "cellulite".
  int document_version = 0;        // The consent document version agreed to.
  std::string disclosure_sha256;   // Of the text shown: 64 lower-case hex.
  // The text agreed to, word for word: the document's full_text with the
  // clinic's jurisdiction's off-label statement (ConsentTextFor). Empty for
  // consents recorded before the server kept it.
  std::string disclosure_text;
  absl::Time sign_time;
  Signer signer = Signer::kUnspecified;
  std::string guardian_name;
  std::string guardian_relationship;
  std::string practitioner_id;     // Who took the consent.
  Method method = Method::kUnspecified;
  std::optional<absl::Time> expire_time;
  std::string recorded_by;         // Staff id of who recorded it.
  absl::Time create_time;
  std::optional<Withdrawal> withdrawal;
};

// How far in the future a sign_time may be (clocks differ), and how long ago.
inline constexpr absl::Duration kSignTimeSkew = absl::Minutes(5);
inline constexpr absl::Duration kMaxSignAge = absl::Hours(24 * 365);
// The longest withdrawal reason, in characters.
inline constexpr std::size_t kMaxWithdrawReasonLength = 500;

// Whether `text` is 64 lower-case hex digits, as Sha256Hex writes them.
bool IsSha256Hex(absl::string_view text);

// Checks a consent about to be recorded at `now`, field by field, before
// anything is read from storage: a positive document_version, a well-formed
// disclosure_sha256, a sign_time no more than kSignTimeSkew after `now` and
// no more than kMaxSignAge before it, a signer and a method, a guardian's
// name exactly when a guardian signed (and a relationship only then), and
// an expire_time, when given, after sign_time and after `now`.
// INVALID_ARGUMENT naming the field under "consent".
absl::Status ValidateNewConsent(const Consent& consent, absl::Time now);

// Checks that `consent` agrees to the treatment type's current consent
// document: its version is `current_version` and its disclosure_sha256 is
// `current_text_sha256`. FAILED_PRECONDITION naming the field and saying
// what is current otherwise.
absl::Status CheckCurrentDocument(const Consent& consent, int current_version,
                                  absl::string_view current_text_sha256);

// Checks a withdrawal of `consent` recorded at `now`: a reason of 1 to
// kMaxWithdrawReasonLength characters and a time neither after `now` nor
// before the consent's sign_time (INVALID_ARGUMENT naming "reason" or
// "withdraw_time"), of a consent not withdrawn yet (FAILED_PRECONDITION).
absl::Status ValidateWithdrawal(const Consent& consent,
                                const Withdrawal& withdrawal, absl::Time now);

// What `consent` is worth at time `at`, when its treatment type's current
// consent document has version `current_version`. The first that applies:
//   kWithdrawn   withdrawn at or before `at`;
//   kExpired     expire_time at or before `at`;
//   kSuperseded  `current_version` is higher than document_version;
//   kActive      otherwise.
ConsentState StateAt(const Consent& consent, int current_version,
                     absl::Time at);

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_CONSENT_H_
