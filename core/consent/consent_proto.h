#ifndef MESOCLINIC_CORE_CONSENT_CONSENT_PROTO_H_
#define MESOCLINIC_CORE_CONSENT_CONSENT_PROTO_H_

// Conversions between clinic.v1 consent messages and the domain types.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "clinic/v1/consent.pb.h"
#include "core/consent/consent.h"
#include "google/protobuf/timestamp.pb.h"

namespace mesoclinic::consent {

// "patients/{patient_id}/consents/{consent_id}".
std::string ConsentName(absl::string_view patient_id,
                        absl::string_view consent_id);

struct ConsentKey {
  std::string patient_id;
  std::string consent_id;
};

// Parses "patients/{patient_id}/consents/{consent_id}"; INVALID_ARGUMENT
// naming `field` when malformed.
absl::StatusOr<ConsentKey> ParseConsentName(absl::string_view field,
                                            absl::string_view name);

// A timestamp the client sent: nullopt when unset; INVALID_ARGUMENT naming
// `field` when outside 0001-01-01 to 9999-12-31 or its nanos are out of
// range. Truncated to the microsecond, the stored precision.
absl::StatusOr<std::optional<absl::Time>> StoredTimeFromProto(
    absl::string_view field, bool present,
    const google::protobuf::Timestamp& timestamp);

// The client-settable fields of `proto`, with resource names reduced to ids
// and times to the microsecond. INVALID_ARGUMENT naming the field under
// "consent" for a malformed name, an undefined enum value, or a missing or
// malformed time; the rules themselves are ValidateNewConsent's.
absl::StatusOr<Consent> ConsentFromProto(const clinic::v1::Consent& proto);

// Every field, with `state` as the output-only state.
clinic::v1::Consent ConsentToProto(const Consent& consent, ConsentState state);

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_CONSENT_PROTO_H_
