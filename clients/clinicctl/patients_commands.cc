// clinicctl patients: register, find, update and archive patients.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/key_values.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/patients.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::PatientService::Stub;

// The flags create and update share; `for_update` adds the ones that only
// make sense on an existing record.
ArgParser PatientFlags(ArgParser parser, bool for_update) {
  // Creating a patient needs the four identifying fields.
  const auto identity = for_update ? &ArgParser::Value : &ArgParser::Required;
  (parser.*identity)("given-name", "TEXT", "given name");
  (parser.*identity)("family-name", "TEXT", "family name");
  (parser.*identity)("date-of-birth", "DATE", "YYYY-MM-DD");
  (parser.*identity)("sex", "SEX", "female, male, other or unknown");
  parser.Value("phone", "PHONE", "phone number, such as +33 6 12 34 56 78")
      .Value("email", "EMAIL", "e-mail address")
      .Value("address-line1", "TEXT", "postal address, first line")
      .Value("address-line2", "TEXT", "postal address, second line")
      .Value("city", "TEXT", "city")
      .Value("region", "TEXT", "region")
      .Value("postal-code", "TEXT", "postal code")
      .Value("country", "CC", "ISO country code, such as FR")
      .Value("emergency-name", "TEXT", "emergency contact's name")
      .Value("emergency-relationship", "TEXT", "emergency contact's relation")
      .Value("emergency-phone", "PHONE", "emergency contact's phone")
      .Repeated("medication", "KV",
                "clinical: name=...,dose=...,nsaid=true,anticoagulant=true,"
                "ongoing=true,last-taken=YYYY-MM-DD")
      .Repeated("allergy", "KV",
                "clinical: substance=...,reaction=...,severity=mild|moderate|"
                "severe")
      .Repeated("condition", "KV", "clinical: code=diabetes,note=...")
      .Value("pregnancy", "STATUS",
             "clinical: not-pregnant, pregnant, breastfeeding or unknown")
      .Value("height-cm", "N", "clinical: height in centimetres")
      .Value("weight-kg", "N", "clinical: weight in kilograms")
      .Value("notes", "TEXT", "clinical notes");
  if (for_update) {
    parser.Switch("no-medications", "clinical: clear the medication list")
        .Switch("no-allergies", "clinical: clear the allergy list")
        .Switch("no-conditions", "clinical: clear the condition list")
        .Value("etag", "ETAG",
               "refuse the update if the record changed since this etag was "
               "read (from 'patients get')");
  }
  return parser;
}

// Writes the flags given into `patient`; returns the update-mask paths of
// the fields they set.
std::vector<std::string> ApplyPatientFlags(CliContext& context,
                                           const ParsedArgs& args,
                                           v1::Patient& patient) {
  std::vector<std::string> paths;
  auto text = [&](const char* flag, const char* path, std::string* field) {
    if (!args.Has(flag)) return;
    *field = args.Get(flag);
    paths.push_back(path);
  };
  text("given-name", "given_name", patient.mutable_given_name());
  text("family-name", "family_name", patient.mutable_family_name());
  if (args.Has("date-of-birth")) {
    *patient.mutable_date_of_birth() =
        context.ParseDate(args.Get("date-of-birth"), "--date-of-birth");
    paths.push_back("date_of_birth");
  }
  if (args.Has("sex")) {
    patient.set_sex(ParseEnum<v1::Sex>(args.Get("sex"), "--sex"));
    paths.push_back("sex");
  }
  v1::ContactInfo& contact = *patient.mutable_contact();
  text("phone", "contact.phone", contact.mutable_phone());
  text("email", "contact.email", contact.mutable_email());
  v1::PostalAddress& address = *contact.mutable_address();
  text("address-line1", "contact.address.line1", address.mutable_line1());
  text("address-line2", "contact.address.line2", address.mutable_line2());
  text("city", "contact.address.city", address.mutable_city());
  text("region", "contact.address.region", address.mutable_region());
  text("postal-code", "contact.address.postal_code",
       address.mutable_postal_code());
  text("country", "contact.address.country_code",
       address.mutable_country_code());
  v1::EmergencyContact& emergency = *patient.mutable_emergency_contact();
  text("emergency-name", "emergency_contact.name", emergency.mutable_name());
  text("emergency-relationship", "emergency_contact.relationship",
       emergency.mutable_relationship());
  text("emergency-phone", "emergency_contact.phone", emergency.mutable_phone());
  text("notes", "notes", patient.mutable_notes());

  // Clinical facts: only touched when a clinical flag is given, because the
  // front desk may not send them at all.
  auto facts = [&]() -> v1::ClinicalFacts& {
    return *patient.mutable_clinical_facts();
  };
  if (args.Has("medication") || args.Switch("no-medications")) {
    facts().clear_medications();
    for (const std::string& value : args.All("medication")) {
      const KeyValues kv = KeyValues::Parse(
          value, "--medication",
          {"name", "dose", "nsaid", "anticoagulant", "ongoing", "last-taken"});
      v1::Medication& medication = *facts().add_medications();
      medication.set_name(kv.Required("name"));
      medication.set_dose(kv.Get("dose"));
      medication.set_is_nsaid(kv.GetBool("nsaid"));
      medication.set_is_anticoagulant(kv.GetBool("anticoagulant"));
      medication.set_ongoing(kv.GetBool("ongoing"));
      if (kv.Has("last-taken")) {
        *medication.mutable_last_taken() =
            context.ParseDate(kv.Get("last-taken"), "--medication last-taken");
      }
    }
    paths.push_back("clinical_facts.medications");
  }
  if (args.Has("allergy") || args.Switch("no-allergies")) {
    facts().clear_allergies();
    for (const std::string& value : args.All("allergy")) {
      const KeyValues kv = KeyValues::Parse(value, "--allergy",
                                            {"substance", "reaction", "severity"});
      v1::Allergy& allergy = *facts().add_allergies();
      allergy.set_substance(kv.Required("substance"));
      allergy.set_reaction(kv.Get("reaction"));
      if (kv.Has("severity")) {
        allergy.set_severity(ParseEnum<v1::AllergySeverity>(
            kv.Get("severity"), "--allergy severity"));
      }
    }
    paths.push_back("clinical_facts.allergies");
  }
  if (args.Has("condition") || args.Switch("no-conditions")) {
    facts().clear_conditions();
    for (const std::string& value : args.All("condition")) {
      const KeyValues kv = KeyValues::Parse(value, "--condition", {"code", "note"});
      v1::Condition& condition = *facts().add_conditions();
      condition.set_code(kv.Required("code"));
      condition.set_note(kv.Get("note"));
    }
    paths.push_back("clinical_facts.conditions");
  }
  if (args.Has("pregnancy")) {
    facts().set_pregnancy_status(
        ParseEnum<v1::PregnancyStatus>(args.Get("pregnancy"), "--pregnancy"));
    paths.push_back("clinical_facts.pregnancy_status");
  }
  if (args.Has("height-cm")) {
    facts().set_height_cm(args.GetDouble("height-cm", 0));
    paths.push_back("clinical_facts.height_cm");
  }
  if (args.Has("weight-kg")) {
    facts().set_weight_kg(args.GetDouble("weight-kg", 0));
    paths.push_back("clinical_facts.weight_kg");
  }
  return paths;
}

std::string Describe(const v1::Medication& medication) {
  std::vector<std::string> notes;
  if (!medication.dose().empty()) notes.push_back(medication.dose());
  if (medication.is_nsaid()) notes.push_back("NSAID");
  if (medication.is_anticoagulant()) notes.push_back("anticoagulant");
  if (medication.ongoing()) notes.push_back("ongoing");
  if (const std::string last = FormatDate(medication.last_taken());
      !last.empty()) {
    notes.push_back("last taken " + last);
  }
  return notes.empty() ? medication.name()
                       : absl::StrCat(medication.name(), " (",
                                      absl::StrJoin(notes, ", "), ")");
}

void PrintPatient(CliContext& context, const v1::Patient& patient) {
  const absl::TimeZone& zone = context.zone();
  const v1::PostalAddress& address = patient.contact().address();
  std::vector<std::string> address_parts;
  for (const std::string* part :
       {&address.line1(), &address.line2(), &address.postal_code(),
        &address.city(), &address.region(), &address.country_code()}) {
    if (!part->empty()) address_parts.push_back(*part);
  }
  const v1::EmergencyContact& emergency = patient.emergency_contact();
  std::string emergency_text;
  if (!emergency.name().empty()) {
    emergency_text = emergency.name();
    if (!emergency.relationship().empty()) {
      absl::StrAppend(&emergency_text, " (", emergency.relationship(), ")");
    }
    absl::StrAppend(&emergency_text, ", ", emergency.phone());
  }
  DetailList details;
  details.Add("Patient", patient.name())
      .Add("Name", absl::StrCat(patient.given_name(), " ", patient.family_name()))
      .Add("Born", FormatDate(patient.date_of_birth()))
      .Add("Sex", EnumText(patient.sex()))
      .Add("Phone", patient.contact().phone())
      .Add("E-mail", patient.contact().email())
      .Add("Address", absl::StrJoin(address_parts, ", "))
      .Add("Emergency contact", emergency_text);
  if (patient.has_clinical_facts()) {
    const v1::ClinicalFacts& facts = patient.clinical_facts();
    std::vector<std::string> medications, allergies, conditions;
    for (const auto& medication : facts.medications()) {
      medications.push_back(Describe(medication));
    }
    for (const auto& allergy : facts.allergies()) {
      std::string text = allergy.substance();
      if (!allergy.reaction().empty()) absl::StrAppend(&text, ": ", allergy.reaction());
      if (allergy.severity() != v1::ALLERGY_SEVERITY_UNSPECIFIED) {
        absl::StrAppend(&text, " (", EnumText(allergy.severity()), ")");
      }
      allergies.push_back(text);
    }
    for (const auto& condition : facts.conditions()) {
      conditions.push_back(condition.note().empty()
                               ? condition.code()
                               : absl::StrCat(condition.code(), " (",
                                              condition.note(), ")"));
    }
    details.Add("Pregnancy", EnumText(facts.pregnancy_status()))
        .Add("Height", facts.height_cm() > 0
                           ? absl::StrCat(FormatNumber(facts.height_cm()), " cm")
                           : "")
        .Add("Weight", facts.weight_kg() > 0
                           ? absl::StrCat(FormatNumber(facts.weight_kg()), " kg")
                           : "")
        .Add("BMI", facts.bmi() > 0 ? absl::StrFormat("%.1f", facts.bmi()) : "")
        .Add("Medications", absl::StrJoin(medications, "; "))
        .Add("Allergies", absl::StrJoin(allergies, "; "))
        .Add("Conditions", absl::StrJoin(conditions, "; "));
  }
  details.Add("Notes", patient.notes())
      .Add("Archived", patient.archived()
                           ? absl::StrCat("yes, ",
                                          FormatTime(patient.archive_time(), zone))
                           : "")
      .Add("Created", FormatTime(patient.create_time(), zone))
      .Add("Updated", FormatTime(patient.update_time(), zone))
      .Add("Etag", patient.etag());
  details.Print(context.out());
}

std::string PatientNameArg(const ParsedArgs& args) {
  return ResourceName("patients", args.Positional("patient"), "<patient>");
}

int Create(CliContext& context, const ParsedArgs& args) {
  v1::CreatePatientRequest request;
  ApplyPatientFlags(context, args, *request.mutable_patient());
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::CreatePatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

int Get(CliContext& context, const ParsedArgs& args) {
  v1::GetPatientRequest request;
  request.set_name(PatientNameArg(args));
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::GetPatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

int List(CliContext& context, const ParsedArgs& args) {
  v1::ListPatientsRequest request;
  request.set_name_prefix(args.Get("name-prefix"));
  if (args.Has("date-of-birth")) {
    *request.mutable_date_of_birth() =
        context.ParseDate(args.Get("date-of-birth"), "--date-of-birth");
  }
  request.set_include_archived(args.Switch("include-archived"));
  auto stub = context.Stub<v1::PatientService>();
  const auto response = FetchPages<v1::ListPatientsRequest,
                                   v1::ListPatientsResponse>(
      context, args, request, "patients", [&](const auto& page) {
        return context.Unary(*stub, &Stub::ListPatients, page);
      });
  Emit(context, response, [&] {
    Table table({"ID", "FAMILY NAME", "GIVEN NAME", "BORN", "SEX", "PHONE",
                 "ARCHIVED"});
    for (const v1::Patient& patient : response.patients()) {
      table.AddRow({ShortId(patient.name()), patient.family_name(),
                    patient.given_name(), FormatDate(patient.date_of_birth()),
                    EnumText(patient.sex()), patient.contact().phone(),
                    patient.archived() ? "archived" : ""});
    }
    table.Print(context.out());
    if (!response.next_page_token().empty()) {
      context.out() << "(more: --page-token " << response.next_page_token()
                    << ", or --all)\n";
    }
  });
  return 0;
}

int Update(CliContext& context, const ParsedArgs& args) {
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(PatientNameArg(args));
  const std::vector<std::string> paths =
      ApplyPatientFlags(context, args, *request.mutable_patient());
  if (paths.empty()) {
    throw UsageError("nothing to change: give at least one field flag");
  }
  for (const std::string& path : paths) {
    request.mutable_update_mask()->add_paths(path);
  }
  request.set_etag(args.Get("etag"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::UpdatePatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

int Archive(CliContext& context, const ParsedArgs& args) {
  v1::ArchivePatientRequest request;
  request.set_name(PatientNameArg(args));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::ArchivePatient, request);
  Emit(context, response, [&] {
    context.out() << "archived " << response.patient().name() << " ("
                  << response.patient().given_name() << " "
                  << response.patient().family_name() << ")\n";
  });
  return 0;
}

const RegisterGroup kPatients(CommandGroup{
    .name = "patients",
    .summary = "register, find, update and archive patients",
    .commands = {
        {.name = "create",
         .summary = "register a new patient",
         .args = PatientFlags(ArgParser(), false),
         .example = "patients create --given-name Amélie --family-name Durand "
                    "--date-of-birth 1985-04-12 --sex female --phone "
                    "\"+33 6 12 34 56 78\"",
         .run = Create,
         .details = "Flags marked \"clinical\" are for practitioners: the "
                    "front desk may not set clinical information."},
        {.name = "get",
         .summary = "show one patient (archived or not)",
         .args = ArgParser().Positional("patient", "patient id or patients/{id}"),
         .example = "patients get 3v1k9q2m7x4d8a0b",
         .run = Get},
        {.name = "list",
         .summary = "list patients by family name",
         .args = WithPagingFlags(
             ArgParser()
                 .Value("name-prefix", "TEXT",
                        "only patients whose given or family name starts "
                        "with TEXT")
                 .Value("date-of-birth", "DATE", "only patients born that day")
                 .Switch("include-archived", "include archived patients")),
         .example = "patients list --name-prefix du --all",
         .run = List},
        {.name = "update",
         .summary = "change some of a patient's fields",
         .args = PatientFlags(
             ArgParser().Positional("patient", "patient id or patients/{id}"),
             true),
         .example = "patients update 3v1k9q2m7x4d8a0b --phone \"+33 6 98 76 54 "
                    "32\" --etag 7",
         .run = Update,
         .details = "Only the fields given change. A list flag (--medication, "
                    "--allergy, --condition) replaces the whole list: give "
                    "every entry."},
        {.name = "archive",
         .summary = "archive a patient: kept, but hidden and read-only",
         .args = ArgParser().Positional("patient", "patient id or patients/{id}"),
         .example = "patients archive 3v1k9q2m7x4d8a0b",
         .run = Archive},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl
