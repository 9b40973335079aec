#include "core/consent/consent_service.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/api/pager.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"
#include "core/consent/consent_proto.h"
#include "core/consent/consent_repository.h"
#include "core/consent/jurisdiction.h"
#include "core/treatments/treatment_service.h"

namespace mesoclinic::consent {
namespace {

namespace v1 = ::clinic::v1;

// The patient a consent is for must exist and not be archived.
absl::Status CheckPatient(storage::Transaction& transaction,
                          const std::string& patient_id) {
  const absl::StatusOr<patients::Patient> patient =
      transaction.patients().Get(patient_id);
  if (absl::IsNotFound(patient.status())) {
    return absl::NotFoundError(absl::StrCat(
        "consent.patient: ", ResourceName("patients", patient_id),
        " does not exist"));
  }
  if (!patient.ok()) return patient.status();
  if (patient->archived) {
    return absl::FailedPreconditionError(
        absl::StrCat("consent.patient: ", ResourceName("patients", patient_id),
                     " is archived: it can no longer be given consents"));
  }
  return absl::OkStatus();
}

// The practitioner who took a consent must be an active practitioner.
absl::Status CheckPractitioner(storage::Transaction& transaction,
                               const std::string& staff_id) {
  const std::string name = ResourceName("staff", staff_id);
  absl::StatusOr<staff::StaffMember> member = transaction.staff().Get(staff_id);
  if (absl::IsNotFound(member.status())) {
    return absl::NotFoundError(
        absl::StrCat("consent.practitioner: ", name, " does not exist"));
  }
  if (!member.ok()) return member.status();
  if (member->role != staff::Role::kPractitioner) {
    return absl::FailedPreconditionError(absl::StrCat(
        "consent.practitioner: ", name, " is ", staff::RoleName(member->role),
        " staff, not a practitioner: only a practitioner takes consent"));
  }
  if (!member->active) {
    return absl::FailedPreconditionError(absl::StrCat(
        "consent.practitioner: ", name, " is deactivated"));
  }
  return absl::OkStatus();
}

PagePosition PositionOf(const Consent& consent) {
  return PagePosition().Add(consent.sign_time).Add(consent.id);
}

}  // namespace

ConsentService::ConsentService(CallRunner& calls,
                               const plugin_host::PluginRegistry& plugins)
    : BoundService(calls), plugins_(plugins) {
  BindWrite("RecordConsent", &ConsentService::RecordConsent);
  BindRead("GetConsent", &ConsentService::GetConsent);
  BindRead("ListConsents", &ConsentService::ListConsents);
  BindWrite("WithdrawConsent", &ConsentService::WithdrawConsent);
}

v1::Consent ConsentService::ToProto(const Consent& consent,
                                    absl::Time at) const {
  // A type whose plugin is no longer loaded has no newer document.
  const plugin_host::LoadedPlugin* type = plugins_.Find(consent.treatment_type);
  const int current_version = type == nullptr
                                  ? consent.document_version
                                  : type->description().consent().version();
  return ConsentToProto(consent, StateAt(consent, current_version, at));
}

absl::Status ConsentService::RecordConsent(
    const v1::RecordConsentRequest& request,
    v1::RecordConsentResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.consent().patient());
  ASSIGN_OR_RETURN(Consent consent, ConsentFromProto(request.consent()));
  call.notes->AddPatient(consent.patient_id);
  RETURN_IF_ERROR(ValidateNewConsent(consent, call.now));
  const absl::StatusOr<const plugin_host::LoadedPlugin*> type =
      plugins_.FindTreatmentType("consent.treatment_type",
                                    request.consent().treatment_type());
  if (absl::IsNotFound(type.status())) {
    return absl::NotFoundError(
        absl::StrCat("consent.treatment_type: ", type.status().message()));
  }
  if (!type.ok()) return type.status();
  const clinic::plugin::v1::ConsentDocument& document =
      (*type)->description().consent();
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  RETURN_IF_ERROR(CheckOfferedIn((*type)->description(), settings.jurisdiction,
                                 "consent.treatment_type"));
  // The text shown is the document as the clinic's jurisdiction words it;
  // the consent keeps it word for word.
  consent.disclosure_text = ConsentTextFor(document, settings.jurisdiction);
  RETURN_IF_ERROR(CheckCurrentDocument(consent, document.version(),
                                       Sha256Hex(consent.disclosure_text)));
  RETURN_IF_ERROR(CheckPatient(transaction, consent.patient_id));
  RETURN_IF_ERROR(CheckPractitioner(transaction, consent.practitioner_id));

  consent.id = NewResourceId();
  consent.recorded_by = call.staff_id;
  consent.create_time = call.now;
  call.notes->SetResource(ConsentName(consent.patient_id, consent.id));
  RETURN_IF_ERROR(transaction.consent().Insert(consent));
  *response.mutable_consent() = ToProto(consent, call.now);
  return absl::OkStatus();
}

absl::Status ConsentService::GetConsent(const v1::GetConsentRequest& request,
                                        v1::GetConsentResponse& response,
                                        storage::Transaction& transaction,
                                        const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const ConsentKey key,
                   ParseConsentName("name", request.name()));
  call.notes->AddPatient(key.patient_id);
  ASSIGN_OR_RETURN(const Consent consent,
                   transaction.consent().Get(key.patient_id, key.consent_id));
  *response.mutable_consent() = ToProto(consent, call.now);
  return absl::OkStatus();
}

absl::Status ConsentService::ListConsents(
    const v1::ListConsentsRequest& request,
    v1::ListConsentsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.parent());
  ConsentQuery query;
  ASSIGN_OR_RETURN(query.patient_id,
                   ParseResourceName("parent", request.parent(), "patients"));
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  const int page_size = pager.page_size();
  if (!request.treatment_type().empty()) {
    ASSIGN_OR_RETURN(query.treatment_type,
                     ParseResourceName("treatment_type",
                                       request.treatment_type(),
                                       "treatmentTypes"));
  }
  ASSIGN_OR_RETURN(const auto after, pager.AfterTimeAndId());
  if (after.has_value()) {
    query.after = ConsentListPosition{after->first, after->second};
  }
  call.notes->AddPatient(query.patient_id);
  RETURN_IF_ERROR(transaction.patients().Get(query.patient_id).status());

  // States are computed, not stored: without include_inactive, rows are
  // read page by page and the inactive ones skipped until the page is full.
  query.limit = page_size;
  while (true) {
    ASSIGN_OR_RETURN(const ConsentPage page, transaction.consent().List(query));
    for (std::size_t i = 0; i < page.consents.size(); ++i) {
      const Consent& consent = page.consents[i];
      v1::Consent proto = ToProto(consent, call.now);
      if (!request.include_inactive() &&
          proto.state() != v1::CONSENT_STATE_ACTIVE) {
        continue;
      }
      *response.add_consents() = std::move(proto);
      if (response.consents_size() == page_size) {
        const bool more = i + 1 < page.consents.size() || page.next.has_value();
        if (more) {
          response.set_next_page_token(pager.Token(PositionOf(consent)));
        }
        return absl::OkStatus();
      }
    }
    if (!page.next.has_value()) return absl::OkStatus();
    query.after = page.next;
  }
}

absl::Status ConsentService::WithdrawConsent(
    const v1::WithdrawConsentRequest& request,
    v1::WithdrawConsentResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const ConsentKey key,
                   ParseConsentName("name", request.name()));
  ASSIGN_OR_RETURN(const std::optional<absl::Time> withdraw_time,
                   StoredTimeFromProto("withdraw_time",
                                         request.has_withdraw_time(),
                                         request.withdraw_time()));
  call.notes->AddPatient(key.patient_id);
  ASSIGN_OR_RETURN(Consent consent,
                   transaction.consent().Get(key.patient_id, key.consent_id));
  const Withdrawal withdrawal{.time = withdraw_time.value_or(call.now),
                              .reason = request.reason(),
                              .staff_id = call.staff_id};
  RETURN_IF_ERROR(ValidateWithdrawal(consent, withdrawal, call.now));
  consent.withdrawal = withdrawal;
  RETURN_IF_ERROR(transaction.consent().Update(consent));
  *response.mutable_consent() = ToProto(consent, call.now);
  return absl::OkStatus();
}

}  // namespace mesoclinic::consent
