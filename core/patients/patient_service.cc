#include "core/patients/patient_service.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/api/update_mask.h"
#include "core/base/etag.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/patients/fact_confirmations.h"
#include "core/patients/patient_proto.h"
#include "core/patients/patient_rules.h"

namespace mesoclinic::patients {
namespace {

namespace v1 = ::clinic::v1;

constexpr absl::string_view kCollection = "patients";
// The clinical fields come last, so that the front desk's updatable fields
// are the first kFrontDeskUpdatableCount.
constexpr absl::string_view kUpdatableFields[] = {
    "given_name", "family_name",       "date_of_birth",  "sex",
    "contact",    "emergency_contact", "clinical_facts", "notes"};
constexpr std::size_t kFrontDeskUpdatableCount = 6;

// The clinical part of a patient record, which the front desk may neither
// read nor write.
constexpr absl::string_view kClinicalFields[] = {"clinical_facts", "notes"};

absl::Status Archived(const Patient& patient) {
  return absl::FailedPreconditionError(
      ResourceName(kCollection, patient.id) +
      " is archived: archived records cannot be changed");
}

bool SeesClinicalData(const CallContext& call) {
  return call.role != staff::Role::kFrontDesk;
}

// The patient as the caller may see it, noted for the audit trail.
v1::Patient Disclose(const Patient& patient, const CallContext& call) {
  call.notes->AddPatient(patient.id);
  v1::Patient proto = PatientToProto(patient);
  if (!SeesClinicalData(call)) {
    proto.clear_clinical_facts();
    proto.clear_notes();
  }
  return proto;
}

absl::Status RefuseClinicalWrite(absl::string_view field) {
  return absl::PermissionDeniedError(absl::StrCat(
      field, ": the front desk may not set clinical information"));
}

// Whether `mask` names a clinical field or one inside it.
bool TouchesClinicalData(const google::protobuf::FieldMask& mask) {
  for (const std::string& path : mask.paths()) {
    for (absl::string_view field : kClinicalFields) {
      if (path == field || absl::StartsWith(path, absl::StrCat(field, "."))) {
        return true;
      }
    }
  }
  return false;
}

// Today in the clinic's time zone: no date of birth or medication date may
// lie after it.
absl::StatusOr<absl::CivilDay> Today(storage::Transaction& transaction,
                                     absl::Time now) {
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  return absl::ToCivilDay(now, settings.time_zone);
}

}  // namespace

PatientService::PatientService(CallRunner& calls) : BoundService(calls) {
  BindWrite("CreatePatient", &PatientService::CreatePatient);
  BindRead("GetPatient", &PatientService::GetPatient);
  BindWrite("UpdatePatient", &PatientService::UpdatePatient);
  BindRead("ListPatients", &PatientService::ListPatients);
  BindWrite("ArchivePatient", &PatientService::ArchivePatient);
}

absl::Status PatientService::CreatePatient(
    const v1::CreatePatientRequest& request,
    v1::CreatePatientResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  if (!SeesClinicalData(call)) {
    if (request.patient().has_clinical_facts()) {
      return RefuseClinicalWrite("patient.clinical_facts");
    }
    if (!request.patient().notes().empty()) {
      return RefuseClinicalWrite("patient.notes");
    }
    if (!request.confirm_facts().empty()) {
      return RefuseClinicalWrite("confirm_facts");
    }
  }
  ASSIGN_OR_RETURN(Patient patient, PatientFromProto(request.patient()));
  ASSIGN_OR_RETURN(const std::vector<FactGroup> confirmed,
                   FactGroupsFromProto("confirm_facts",
                                       request.confirm_facts()));
  ASSIGN_OR_RETURN(const absl::CivilDay today, Today(transaction, call.now));
  RETURN_IF_ERROR(ValidatePatient(patient, today));
  RecordFactConfirmations(ClinicalFacts(), patient.clinical_facts, confirmed,
                          call.staff_id, call.now);
  patient.id = NewResourceId();
  patient.create_time = call.now;
  patient.update_time = call.now;
  call.notes->SetResource(ResourceName(kCollection, patient.id));
  RETURN_IF_ERROR(transaction.patients().Insert(patient));
  *response.mutable_patient() = Disclose(patient, call);
  return absl::OkStatus();
}

absl::Status PatientService::GetPatient(const v1::GetPatientRequest& request,
                                        v1::GetPatientResponse& response,
                                        storage::Transaction& transaction,
                                        const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), kCollection));
  ASSIGN_OR_RETURN(const Patient patient, transaction.patients().Get(id));
  *response.mutable_patient() = Disclose(patient, call);
  return absl::OkStatus();
}

absl::Status PatientService::UpdatePatient(
    const v1::UpdatePatientRequest& request,
    v1::UpdatePatientResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.patient().name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("patient.name", request.patient().name(),
                                     kCollection));
  // The front desk's "everything" is everything but the clinical fields.
  const absl::Span<const absl::string_view> updatable =
      SeesClinicalData(call)
          ? absl::Span<const absl::string_view>(kUpdatableFields)
          : absl::Span<const absl::string_view>(kUpdatableFields)
                .subspan(0, kFrontDeskUpdatableCount);
  if (!SeesClinicalData(call)) {
    if (TouchesClinicalData(request.update_mask())) {
      return RefuseClinicalWrite("update_mask");
    }
    if (request.update_mask().paths().empty()) {
      if (request.patient().has_clinical_facts()) {
        return RefuseClinicalWrite("patient.clinical_facts");
      }
      if (!request.patient().notes().empty()) {
        return RefuseClinicalWrite("patient.notes");
      }
    }
    if (!request.confirm_facts().empty()) {
      return RefuseClinicalWrite("confirm_facts");
    }
  }
  absl::StatusOr<google::protobuf::FieldMask> resolved = ResolveUpdateMask(
      request.update_mask(), request.patient(), updatable);
  // A request that only confirms facts asked again sets no field: with an
  // empty mask, the one refusal ResolveUpdateMask can give is for that.
  if (!resolved.ok() && request.update_mask().paths().empty() &&
      !request.confirm_facts().empty()) {
    resolved = google::protobuf::FieldMask();
  }
  if (!resolved.ok()) return resolved.status();
  const google::protobuf::FieldMask& mask = *resolved;
  call.notes->AddPatient(id);
  ASSIGN_OR_RETURN(const Patient current, transaction.patients().Get(id));
  if (current.archived) return Archived(current);
  RETURN_IF_ERROR(CheckEtag(
      request.etag(), current.Etag(),
      "etag: the patient was changed since it was read; read it again and "
      "reapply the change"));
  v1::Patient merged = PatientToProto(current);
  ApplyUpdateMask(request.patient(), mask, &merged);
  ASSIGN_OR_RETURN(Patient updated, PatientFromProto(merged));
  ASSIGN_OR_RETURN(const std::vector<FactGroup> confirmed,
                   FactGroupsFromProto("confirm_facts",
                                       request.confirm_facts()));
  ASSIGN_OR_RETURN(const absl::CivilDay today, Today(transaction, call.now));
  RETURN_IF_ERROR(ValidatePatient(updated, today));
  RecordFactConfirmations(current.clinical_facts, updated.clinical_facts,
                          confirmed, call.staff_id, call.now);
  updated.id = current.id;
  updated.create_time = current.create_time;
  updated.update_time = call.now;
  updated.revision = current.revision + 1;
  RETURN_IF_ERROR(transaction.patients().Update(updated));
  *response.mutable_patient() = Disclose(updated, call);
  return absl::OkStatus();
}

absl::Status PatientService::ListPatients(
    const v1::ListPatientsRequest& request, v1::ListPatientsResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  PatientQuery query;
  query.limit = pager.page_size();
  RETURN_IF_ERROR(
      CheckText("name_prefix", request.name_prefix(), {.max_length = 100}));
  query.name_prefix_key = NameSearchKey(request.name_prefix());
  ASSIGN_OR_RETURN(query.date_of_birth,
                   OptionalDateFromProto("date_of_birth",
                                         request.date_of_birth()));
  query.include_archived = request.include_archived();
  ASSIGN_OR_RETURN(const PagePosition* after, pager.After(1));
  if (after != nullptr) {
    // The token holds only the last patient's id, never names: tokens end
    // up in logs. The sort keys are looked up again here.
    ASSIGN_OR_RETURN(const std::string last_id, after->StringAt(0));
    absl::StatusOr<Patient> last = transaction.patients().Get(last_id);
    if (absl::IsNotFound(last.status())) return MalformedPageToken();
    if (!last.ok()) return last.status();
    query.after = PatientListPosition{NameSearchKey(last->family_name),
                                      NameSearchKey(last->given_name),
                                      last->id};
  }
  ASSIGN_OR_RETURN(const PatientPage page, transaction.patients().List(query));
  for (const Patient& patient : page.patients) {
    *response.add_patients() = Disclose(patient, call);
  }
  if (page.next.has_value()) {
    response.set_next_page_token(
        pager.Token(PagePosition().Add(page.next->id)));
  }
  return absl::OkStatus();
}

absl::Status PatientService::ArchivePatient(
    const v1::ArchivePatientRequest& request,
    v1::ArchivePatientResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), kCollection));
  call.notes->AddPatient(id);
  ASSIGN_OR_RETURN(Patient patient, transaction.patients().Get(id));
  if (patient.archived) return Archived(patient);
  patient.archived = true;
  patient.archive_time = call.now;
  patient.update_time = call.now;
  ++patient.revision;
  RETURN_IF_ERROR(transaction.patients().Update(patient));
  *response.mutable_patient() = Disclose(patient, call);
  return absl::OkStatus();
}

}  // namespace mesoclinic::patients
