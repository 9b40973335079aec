#include "core/consent/consent_proto.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::consent {
namespace {

namespace v1 = ::clinic::v1;

constexpr absl::string_view kPatients = "patients";
constexpr absl::string_view kConsents = "consents";

// google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59.999999999Z.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

std::string StaffName(absl::string_view id) { return ResourceName("staff", id); }

}  // namespace

std::string ConsentName(absl::string_view patient_id,
                        absl::string_view consent_id) {
  return absl::StrCat(kPatients, "/", patient_id, "/", kConsents, "/",
                      consent_id);
}

absl::StatusOr<ConsentKey> ParseConsentName(absl::string_view field,
                                            absl::string_view name) {
  constexpr absl::string_view kForm =
      "\"patients/{patient_id}/consents/{consent_id}\"";
  if (name.empty()) {
    return FieldError(field, absl::StrCat("is required, as ", kForm));
  }
  const std::string separator = absl::StrCat("/", kConsents, "/");
  const std::size_t at = name.find(separator);
  if (at == absl::string_view::npos) {
    return FieldError(field, absl::StrCat("must have the form ", kForm));
  }
  ASSIGN_OR_RETURN(std::string patient_id,
                   ParseResourceName(field, name.substr(0, at), kPatients));
  ASSIGN_OR_RETURN(std::string consent_id,
                   ParseResourceName(field, name.substr(at + 1), kConsents));
  return ConsentKey{std::move(patient_id), std::move(consent_id)};
}

absl::StatusOr<std::optional<absl::Time>> StoredTimeFromProto(
    absl::string_view field, bool present,
    const google::protobuf::Timestamp& timestamp) {
  if (!present) return std::nullopt;
  if (timestamp.seconds() < kMinTimestampSeconds ||
      timestamp.seconds() > kMaxTimestampSeconds) {
    return FieldError(field, "must lie between years 1 and 9999");
  }
  if (timestamp.nanos() < 0 || timestamp.nanos() > 999999999) {
    return FieldError(field, "nanos must be between 0 and 999999999");
  }
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Microseconds(timestamp.nanos() / 1000);
}

absl::StatusOr<Consent> ConsentFromProto(const v1::Consent& proto) {
  Consent consent;
  ASSIGN_OR_RETURN(consent.patient_id,
                   ParseResourceName("consent.patient", proto.patient(),
                                     kPatients));
  ASSIGN_OR_RETURN(consent.treatment_type,
                   ParseResourceName("consent.treatment_type",
                                     proto.treatment_type(), "treatmentTypes"));
  consent.document_version = proto.document_version();
  consent.disclosure_sha256 = proto.disclosure_sha256();
  ASSIGN_OR_RETURN(const std::optional<absl::Time> sign_time,
                   StoredTimeFromProto("consent.sign_time",
                                         proto.has_sign_time(),
                                         proto.sign_time()));
  if (!sign_time.has_value()) {
    return FieldError("consent.sign_time", "is required");
  }
  consent.sign_time = *sign_time;
  if (!v1::ConsentSigner_IsValid(proto.signer())) {
    return FieldError("consent.signer",
                      absl::StrCat(proto.signer(), " is not a defined value"));
  }
  consent.signer = static_cast<Signer>(proto.signer());
  consent.guardian_name = proto.guardian_name();
  consent.guardian_relationship = proto.guardian_relationship();
  ASSIGN_OR_RETURN(consent.practitioner_id,
                   ParseResourceName("consent.practitioner",
                                     proto.practitioner(), "staff"));
  if (!v1::ConsentMethod_IsValid(proto.method())) {
    return FieldError("consent.method",
                      absl::StrCat(proto.method(), " is not a defined value"));
  }
  consent.method = static_cast<Method>(proto.method());
  ASSIGN_OR_RETURN(consent.expire_time,
                   StoredTimeFromProto("consent.expire_time",
                                         proto.has_expire_time(),
                                         proto.expire_time()));
  return consent;
}

v1::Consent ConsentToProto(const Consent& consent, ConsentState state) {
  v1::Consent proto;
  proto.set_name(ConsentName(consent.patient_id, consent.id));
  proto.set_patient(ResourceName(kPatients, consent.patient_id));
  proto.set_treatment_type(
      ResourceName("treatmentTypes", consent.treatment_type));
  proto.set_document_version(consent.document_version);
  proto.set_disclosure_sha256(consent.disclosure_sha256);
  proto.set_disclosure_text(consent.disclosure_text);
  *proto.mutable_sign_time() = TimestampToProto(consent.sign_time);
  proto.set_signer(static_cast<v1::ConsentSigner>(consent.signer));
  proto.set_guardian_name(consent.guardian_name);
  proto.set_guardian_relationship(consent.guardian_relationship);
  proto.set_practitioner(StaffName(consent.practitioner_id));
  proto.set_method(static_cast<v1::ConsentMethod>(consent.method));
  if (consent.expire_time.has_value()) {
    *proto.mutable_expire_time() = TimestampToProto(*consent.expire_time);
  }
  proto.set_recorded_by(StaffName(consent.recorded_by));
  *proto.mutable_create_time() = TimestampToProto(consent.create_time);
  if (consent.withdrawal.has_value()) {
    *proto.mutable_withdraw_time() =
        TimestampToProto(consent.withdrawal->time);
    proto.set_withdraw_reason(consent.withdrawal->reason);
    proto.set_withdrawn_by(StaffName(consent.withdrawal->staff_id));
  }
  proto.set_state(static_cast<v1::ConsentState>(state));
  return proto;
}

}  // namespace mesoclinic::consent
