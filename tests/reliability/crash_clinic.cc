#include "tests/reliability/crash_clinic.h"

#include "absl/strings/str_cat.h"
#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/consent.pb.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/staff.pb.h"
#include "clinic/v1/treatments.pb.h"
#include "core/api/proto_time.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/clinic_examples.h"

namespace mesoclinic::reliability {
namespace {

namespace v1 = ::clinic::v1;

// Calls the set-up needs, each refused call an error that names it.
class SetUp {
 public:
  explicit SetUp(ServerConnections& server) : server_(server) {}

  template <typename Response>
  absl::StatusOr<Response> Call(const std::string& api_key,
                                const std::string& method,
                                const google::protobuf::Message& request) {
    Response response;
    const grpc::Status status =
        server_.Call(api_key, method, request, &response);
    if (!status.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("set-up call ", method, " failed (code ",
                       static_cast<int>(status.error_code()),
                       "): ", status.error_message()));
    }
    return response;
  }

  std::string NextRequestId() { return absl::StrCat("setup-", ++requests_); }

 private:
  ServerConnections& server_;
  int requests_ = 0;
};

absl::Status OpenRoundTheClock(SetUp& setup, const std::string& admin_key) {
  absl::StatusOr<v1::GetClinicSettingsResponse> current =
      setup.Call<v1::GetClinicSettingsResponse>(
          admin_key, "/clinic.v1.ClinicService/GetClinicSettings",
          v1::GetClinicSettingsRequest());
  if (!current.ok()) return current.status();
  const v1::UpdateClinicSettingsRequest request =
      testing::OpenRoundTheClock(current->settings(), setup.NextRequestId());
  return setup
      .Call<v1::UpdateClinicSettingsResponse>(
          admin_key, "/clinic.v1.ClinicService/UpdateClinicSettings", request)
      .status();
}

// A staff member of `role` and an API key for them: {name, key}.
absl::StatusOr<StaffWithKey> CreateStaffWithKey(SetUp& setup,
                                                const std::string& admin_key,
                                                v1::Role role, int number) {
  v1::CreateStaffMemberRequest create;
  v1::StaffMember& member = *create.mutable_staff_member();
  member.set_role(role);
  if (role == v1::ROLE_PRACTITIONER) {
    member.set_display_name(absl::StrCat("Dr Crash ", number));
    member.set_licence_number(absl::StrCat("RPPS-CRASH-", number));
  } else {
    member.set_display_name(absl::StrCat("Front desk ", number));
  }
  create.set_request_id(setup.NextRequestId());
  absl::StatusOr<v1::CreateStaffMemberResponse> created =
      setup.Call<v1::CreateStaffMemberResponse>(
          admin_key, "/clinic.v1.StaffService/CreateStaffMember", create);
  if (!created.ok()) return created.status();
  v1::IssueApiKeyRequest issue;
  issue.set_parent(created->staff_member().name());
  issue.set_request_id(setup.NextRequestId());
  absl::StatusOr<v1::IssueApiKeyResponse> key =
      setup.Call<v1::IssueApiKeyResponse>(
          admin_key, "/clinic.v1.StaffService/IssueApiKey", issue);
  if (!key.ok()) return key.status();
  return StaffWithKey{created->staff_member().name(), key->secret()};
}

absl::StatusOr<std::string> CreatePatient(SetUp& setup,
                                          const std::string& practitioner_key,
                                          int number) {
  v1::CreatePatientRequest request;
  *request.mutable_patient() =
      testing::CompletePatient(absl::StrCat("Patient", number), "Crashtest");
  // Nothing that could make a patient ineligible for cellulite.
  request.mutable_patient()->mutable_clinical_facts()->clear_medications();
  request.mutable_patient()->mutable_clinical_facts()->clear_allergies();
  request.mutable_patient()->mutable_contact()->set_email(
      absl::StrCat("patient", number, "@crash.example"));
  // Screened: the cleared groups too ("no medications", "no allergies").
  testing::ConfirmEveryFact(request.mutable_confirm_facts());
  request.set_request_id(setup.NextRequestId());
  absl::StatusOr<v1::CreatePatientResponse> created =
      setup.Call<v1::CreatePatientResponse>(
          practitioner_key, "/clinic.v1.PatientService/CreatePatient", request);
  if (!created.ok()) return created.status();
  return created->patient().name();
}

absl::Status RecordConsent(SetUp& setup, const std::string& practitioner_key,
                           const v1::TreatmentType& type,
                           const std::string& patient,
                           const std::string& practitioner) {
  v1::RecordConsentRequest request;
  v1::Consent& consent = *request.mutable_consent();
  consent.set_patient(patient);
  consent.set_treatment_type(type.name());
  consent.set_document_version(type.consent_version());
  consent.set_disclosure_sha256(type.consent_text_sha256());
  *consent.mutable_sign_time() =
      TimestampToProto(absl::Now() - absl::Minutes(10));
  consent.set_signer(v1::CONSENT_SIGNER_PATIENT);
  consent.set_practitioner(practitioner);
  consent.set_method(v1::CONSENT_METHOD_ELECTRONIC);
  request.set_request_id(setup.NextRequestId());
  return setup
      .Call<v1::RecordConsentResponse>(
          practitioner_key, "/clinic.v1.ConsentService/RecordConsent", request)
      .status();
}

}  // namespace

absl::StatusOr<CrashClinic> SetUpClinic(ServerConnections& server,
                                        const std::string& admin_key,
                                        const std::string& zone_name,
                                        const ClinicShape& shape) {
  CrashClinic clinic;
  if (!absl::LoadTimeZone(zone_name, &clinic.zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown time zone ", zone_name));
  }
  clinic.admin_key = admin_key;
  SetUp setup(server);
  if (absl::Status opened = OpenRoundTheClock(setup, admin_key); !opened.ok()) {
    return opened;
  }
  absl::StatusOr<StaffWithKey> front_desk =
      CreateStaffWithKey(setup, admin_key, v1::ROLE_FRONT_DESK, 1);
  if (!front_desk.ok()) return front_desk.status();
  clinic.front_desk_key = front_desk->api_key;
  for (int i = 1; i <= shape.practitioners; ++i) {
    absl::StatusOr<StaffWithKey> practitioner =
        CreateStaffWithKey(setup, admin_key, v1::ROLE_PRACTITIONER, i);
    if (!practitioner.ok()) return practitioner.status();
    clinic.practitioners.push_back(*std::move(practitioner));
  }
  for (int i = 1; i <= shape.rooms; ++i) {
    v1::CreateRoomRequest request;
    request.mutable_room()->set_display_name(absl::StrCat("Room ", i));
    request.set_request_id(setup.NextRequestId());
    absl::StatusOr<v1::CreateRoomResponse> room =
        setup.Call<v1::CreateRoomResponse>(
            admin_key, "/clinic.v1.ClinicService/CreateRoom", request);
    if (!room.ok()) return room.status();
    clinic.rooms.push_back(room->room().name());
  }

  absl::StatusOr<v1::ListTreatmentTypesResponse> types =
      setup.Call<v1::ListTreatmentTypesResponse>(
          clinic.front_desk_key,
          "/clinic.v1.TreatmentService/ListTreatmentTypes",
          v1::ListTreatmentTypesRequest());
  if (!types.ok()) return types.status();
  const v1::TreatmentType* cellulite = nullptr;
  for (const v1::TreatmentType& type : types->treatment_types()) {
    if (type.name() == kCellulite) cellulite = &type;
  }
  if (cellulite == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(kCellulite, " is not loaded: check --plugin_dir"));
  }
  for (int i = 1; i <= shape.patients; ++i) {
    absl::StatusOr<std::string> patient =
        CreatePatient(setup, clinic.practitioners.front().api_key, i);
    if (!patient.ok()) return patient.status();
    if (absl::Status consented =
            RecordConsent(setup, clinic.practitioners.front().api_key,
                          *cellulite, *patient,
                          clinic.practitioners.front().name);
        !consented.ok()) {
      return consented;
    }
    clinic.patients.push_back(*std::move(patient));
  }
  return clinic;
}

}  // namespace mesoclinic::reliability
