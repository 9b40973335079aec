// clinicctl consents: record, read and withdraw patients' consents.

#include <unistd.h>

#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/exit_status.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/consent.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/base/sha256.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::ConsentService::Stub;

constexpr char kConsentHelp[] =
    "patients/{id}/consents/{consent_id}, or the consent id with --patient";

// A consent as typed: its full name, or its id and --patient.
struct ConsentArgs {
  std::string consent;
  std::string patient;

  std::string Name() const {
    return ChildResourceName("patients", "consents", consent, patient,
                             "<consent>");
  }
};

void AddConsentArgs(CLI::App& command, ConsentArgs& args) {
  Positional(command, "consent", args.consent, kConsentHelp);
  Value(command, "--patient", args.patient, "PATIENT",
        "the consent's patient");
}

void PrintConsent(CliContext& context, const v1::Consent& consent) {
  const absl::TimeZone& zone = context.zone();
  std::string signer = EnumText(consent.signer());
  if (consent.signer() == v1::CONSENT_SIGNER_GUARDIAN) {
    absl::StrAppend(&signer, ": ", consent.guardian_name());
    if (!consent.guardian_relationship().empty()) {
      absl::StrAppend(&signer, " (", consent.guardian_relationship(), ")");
    }
  }
  DetailList()
      .Add("Consent", consent.name())
      .Add("Patient", consent.patient())
      .Add("Treatment type", consent.treatment_type())
      .Add("Document version", absl::StrCat(consent.document_version()))
      .Add("State", EnumText(consent.state()))
      .Add("Signed", FormatTime(consent.sign_time(), zone))
      .Add("Signer", signer)
      .Add("Method", EnumText(consent.method()))
      .Add("Practitioner", consent.practitioner())
      .Add("Expires", FormatTime(consent.expire_time(), zone))
      .Add("Recorded by", consent.recorded_by())
      .Add("Recorded", FormatTime(consent.create_time(), zone))
      .Add("Withdrawn", FormatTime(consent.withdraw_time(), zone))
      .Add("Withdrawal reason", consent.withdraw_reason())
      .Add("Withdrawn by", consent.withdrawn_by())
      .Add("Disclosure SHA-256", consent.disclosure_sha256())
      .Print(context.out());
}

// The practitioner who took the consent: --practitioner, or the caller when
// the caller is a practitioner.
std::string Practitioner(CliContext& context,
                         const std::string& practitioner) {
  if (!practitioner.empty()) {
    return ResourceName("staff", practitioner, "--practitioner");
  }
  auto staff = context.Stub<v1::StaffService>();
  const auto caller = context.Unary(*staff, &v1::StaffService::Stub::GetCaller,
                                    v1::GetCallerRequest());
  if (caller.staff_member().role() != v1::ROLE_PRACTITIONER) {
    throw UsageError(
        "missing --practitioner STAFF: the practitioner who took the consent");
  }
  return caller.staff_member().name();
}

// Shows the document and asks for confirmation, unless --yes.
void ConfirmDisclosure(CliContext& context, bool yes,
                       const clinic::plugin::v1::ConsentDocument& document) {
  if (yes) return;
  std::ostream& shown = context.json() ? context.err() : context.out();
  shown << document.title() << " (version " << document.version() << ")\n\n"
        << document.full_text() << "\n\n";
  shown.flush();
  if (isatty(STDIN_FILENO) != 1) {
    throw UsageError(
        "the consent text is shown above; once the patient has read it and "
        "signed, record the consent again with --yes");
  }
  context.err() << "Has the patient read this text and signed it? [y/N] "
                << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  answer = absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer));
  if (answer != "y" && answer != "yes") {
    throw UsageError("not confirmed: the consent was not recorded");
  }
}

struct RecordFlags {
  std::string patient;
  std::string type;
  std::string method;
  std::string practitioner;
  std::string signer = "patient";
  std::string guardian_name;
  std::string guardian_relationship;
  std::string signed_at = "now";
  std::string expires;
  bool yes = false;
};

int Record(CliContext& context, const RecordFlags& flags) {
  const std::string patient =
      ResourceName("patients", flags.patient, "<patient>");
  const std::string type =
      ResourceName("treatmentTypes", flags.type, "<type>");
  v1::RecordConsentRequest request;
  v1::Consent& consent = *request.mutable_consent();
  consent.set_patient(patient);
  consent.set_treatment_type(type);
  consent.set_method(
      ParseEnum<v1::ConsentMethod>(flags.method, "--method"));
  consent.set_signer(ParseEnum<v1::ConsentSigner>(flags.signer, "--signer"));
  consent.set_guardian_name(flags.guardian_name);
  consent.set_guardian_relationship(flags.guardian_relationship);
  *consent.mutable_sign_time() =
      ToProto(context.ParseTime(flags.signed_at, "--signed-at"));
  if (!flags.expires.empty()) {
    *consent.mutable_expire_time() =
        ToProto(context.ParseTime(flags.expires, "--expires"));
  }
  consent.set_practitioner(Practitioner(context, flags.practitioner));

  // The document version and the hash of the very text shown, computed
  // here rather than copied from the server.
  auto treatments = context.Stub<v1::TreatmentService>();
  v1::GetTreatmentProtocolRequest protocol_request;
  protocol_request.set_name(type);
  const auto protocol =
      context.Unary(*treatments, &v1::TreatmentService::Stub::GetTreatmentProtocol,
                    protocol_request);
  const clinic::plugin::v1::ConsentDocument& document =
      protocol.protocol().consent();
  ConfirmDisclosure(context, flags.yes, document);
  consent.set_document_version(document.version());
  consent.set_disclosure_sha256(Sha256Hex(document.full_text()));
  request.set_request_id(NewRequestId());

  auto stub = context.Stub<v1::ConsentService>();
  const auto response = context.Unary(*stub, &Stub::RecordConsent, request);
  Emit(context, response, [&] { PrintConsent(context, response.consent()); });
  return kExitOk;
}

int Get(CliContext& context, const ConsentArgs& args) {
  v1::GetConsentRequest request;
  request.set_name(args.Name());
  auto stub = context.Stub<v1::ConsentService>();
  const auto response = context.Unary(*stub, &Stub::GetConsent, request);
  Emit(context, response, [&] { PrintConsent(context, response.consent()); });
  return kExitOk;
}

struct ListFlags {
  std::string patient;
  std::string type;
  bool include_inactive = false;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListConsentsRequest request;
  request.set_parent(ResourceName("patients", flags.patient, "<patient>"));
  if (!flags.type.empty()) {
    request.set_treatment_type(
        ResourceName("treatmentTypes", flags.type, "--type"));
  }
  request.set_include_inactive(flags.include_inactive);
  auto stub = context.Stub<v1::ConsentService>();
  const auto response =
      FetchPages<v1::ListConsentsRequest, v1::ListConsentsResponse>(
          context, flags.page, request, "consents", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListConsents, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"ID", "TYPE", "VERSION", "STATE", "SIGNED", "SIGNER",
                 "EXPIRES"});
    for (const v1::Consent& consent : response.consents()) {
      table.AddRow({ShortId(consent.name()), ShortId(consent.treatment_type()),
                    absl::StrCat(consent.document_version()),
                    EnumText(consent.state()),
                    FormatTime(consent.sign_time(), zone),
                    EnumText(consent.signer()),
                    FormatTime(consent.expire_time(), zone)});
    }
    table.Print(context.out());
  });
  return kExitOk;
}

struct WithdrawFlags {
  ConsentArgs consent;
  std::string reason;
  std::string at;
};

int Withdraw(CliContext& context, const WithdrawFlags& flags) {
  v1::WithdrawConsentRequest request;
  request.set_name(flags.consent.Name());
  request.set_reason(flags.reason);
  if (!flags.at.empty()) {
    *request.mutable_withdraw_time() =
        ToProto(context.ParseTime(flags.at, "--at"));
  }
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ConsentService>();
  const auto response = context.Unary(*stub, &Stub::WithdrawConsent, request);
  Emit(context, response, [&] { PrintConsent(context, response.consent()); });
  return kExitOk;
}

void AddConsentCommands(CommandGroup& group) {
  auto [record, record_flags] = group.Add(
      {.name = "record",
       .summary = "record a signed consent (shows the consent text first)",
       .example = "consents record 3v1k9q2m7x4d8a0b cellulite --method paper "
                  "--practitioner 9k2m4x7q1v0d3a8b --yes",
       .details =
           "Fetches the treatment type's current consent document, shows "
           "its text (unless --yes) and asks for confirmation on a "
           "terminal, then records the document version and the SHA-256 of "
           "that exact text."},
      Record);
  Positional(*record, "patient", record_flags->patient,
             "patient id or patients/{id}");
  Positional(*record, "type", record_flags->type,
             "treatment type id or treatmentTypes/{id}");
  Required(*record, "--method", record_flags->method, "METHOD",
           "paper or electronic");
  Value(*record, "--practitioner", record_flags->practitioner, "STAFF",
        "the practitioner who took the consent (default: you, if you are "
        "one)");
  Value(*record, "--signer", record_flags->signer, "SIGNER",
        "patient (default) or guardian");
  Value(*record, "--guardian-name", record_flags->guardian_name, "TEXT",
        "the guardian who signed");
  Value(*record, "--guardian-relationship",
        record_flags->guardian_relationship, "TEXT",
        "the guardian's relationship, such as mother");
  Value(*record, "--signed-at", record_flags->signed_at, "TIME",
        "when it was signed (default now)");
  Value(*record, "--expires", record_flags->expires, "TIME",
        "when the consent stops covering");
  Switch(*record, "--yes", record_flags->yes,
         "the patient has read the current text: do not show it again");

  auto [get, get_flags] = group.Add(
      {.name = "get",
       .summary = "show one consent, whatever its state",
       .example = "consents get patients/3v1k9q2m7x4d8a0b/consents/"
                  "0a1b2c3d4e5f6g7h"},
      Get);
  AddConsentArgs(*get, *get_flags);

  auto [list, list_flags] = group.Add(
      {.name = "list",
       .summary = "list a patient's consents, most recent first",
       .example = "consents list 3v1k9q2m7x4d8a0b --include-inactive"},
      List);
  Positional(*list, "patient", list_flags->patient,
             "patient id or patients/{id}");
  Value(*list, "--type", list_flags->type, "TYPE",
        "only consents to this treatment type");
  Switch(*list, "--include-inactive", list_flags->include_inactive,
         "include withdrawn, expired and superseded consents");
  AddPagingFlags(*list, list_flags->page);

  auto [withdraw, withdraw_flags] = group.Add(
      {.name = "withdraw",
       .summary = "record that the patient withdrew a consent",
       .example = "consents withdraw 0a1b2c3d4e5f6g7h --patient "
                  "3v1k9q2m7x4d8a0b --reason \"changed her mind\""},
      Withdraw);
  AddConsentArgs(*withdraw, withdraw_flags->consent);
  Required(*withdraw, "--reason", withdraw_flags->reason, "TEXT",
           "why the patient withdrew");
  Value(*withdraw, "--at", withdraw_flags->at, "TIME", "when (default now)");
}

const RegisterGroup kConsents("consents",
                              "patients' consents to treatment types",
                              AddConsentCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl
