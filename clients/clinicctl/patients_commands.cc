// clinicctl patients: register, find, update and archive patients.

#include <optional>
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

// The fields create and update share, as typed; a field not given is
// left alone by an update.
struct PatientFields {
  std::optional<std::string> given_name;
  std::optional<std::string> family_name;
  std::optional<std::string> date_of_birth;
  std::optional<std::string> sex;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> address_line1;
  std::optional<std::string> address_line2;
  std::optional<std::string> city;
  std::optional<std::string> region;
  std::optional<std::string> postal_code;
  std::optional<std::string> country;
  std::optional<std::string> emergency_name;
  std::optional<std::string> emergency_relationship;
  std::optional<std::string> emergency_phone;
  std::vector<std::string> medications;
  std::vector<std::string> allergies;
  std::vector<std::string> conditions;
  std::optional<std::string> pregnancy;
  std::optional<double> height_cm;
  std::optional<double> weight_kg;
  std::optional<std::string> notes;
  // Fact groups confirmed with the patient as they stand (confirm_facts).
  std::vector<std::string> confirm;
  // Update only: empty a clinical list.
  bool no_medications = false;
  bool no_allergies = false;
  bool no_conditions = false;
};

// Declares the fields' flags; `for_update` adds the ones that only make
// sense on an existing record.
void AddPatientFlags(CLI::App& command, PatientFields& fields,
                     bool for_update) {
  // Creating a patient needs the four identifying fields.
  const auto identity = for_update ? &Value<std::optional<std::string>>
                                   : &Required<std::optional<std::string>>;
  identity(command, "--given-name", fields.given_name, "TEXT", "given name");
  identity(command, "--family-name", fields.family_name, "TEXT",
           "family name");
  identity(command, "--date-of-birth", fields.date_of_birth, "DATE",
           "YYYY-MM-DD");
  identity(command, "--sex", fields.sex, "SEX",
           "female, male, other or unknown");
  Value(command, "--phone", fields.phone, "PHONE",
        "phone number, such as +33 6 12 34 56 78");
  Value(command, "--email", fields.email, "EMAIL", "e-mail address");
  Value(command, "--address-line1", fields.address_line1, "TEXT",
        "postal address, first line");
  Value(command, "--address-line2", fields.address_line2, "TEXT",
        "postal address, second line");
  Value(command, "--city", fields.city, "TEXT", "city");
  Value(command, "--region", fields.region, "TEXT", "region");
  Value(command, "--postal-code", fields.postal_code, "TEXT", "postal code");
  Value(command, "--country", fields.country, "CC",
        "ISO country code, such as FR");
  Value(command, "--emergency-name", fields.emergency_name, "TEXT",
        "emergency contact's name");
  Value(command, "--emergency-relationship", fields.emergency_relationship,
        "TEXT", "emergency contact's relation");
  Value(command, "--emergency-phone", fields.emergency_phone, "PHONE",
        "emergency contact's phone");
  Repeated(command, "--medication", fields.medications, "KV",
           "clinical: name=...,dose=...,nsaid=true,anticoagulant=true,"
           "ongoing=true,last-taken=YYYY-MM-DD");
  Repeated(command, "--allergy", fields.allergies, "KV",
           "clinical: substance=...,reaction=...,severity=mild|moderate|"
           "severe");
  Repeated(command, "--condition", fields.conditions, "KV",
           "clinical: code=diabetes,note=...");
  Value(command, "--pregnancy", fields.pregnancy, "STATUS",
        "clinical: not-pregnant, pregnant, breastfeeding or unknown");
  Value(command, "--height-cm", fields.height_cm, "N",
        "clinical: height in centimetres");
  Value(command, "--weight-kg", fields.weight_kg, "N",
        "clinical: weight in kilograms");
  Value(command, "--notes", fields.notes, "TEXT", "clinical notes");
  Repeated(command, "--confirm", fields.confirm, "GROUP",
           "clinical: the patient was asked and this group is as recorded, "
           "\"none\" included: pregnancy-status, medications, allergies, "
           "conditions, body-measurements, or all");
  if (for_update) {
    Switch(command, "--no-medications", fields.no_medications,
           "clinical: clear the medication list");
    Switch(command, "--no-allergies", fields.no_allergies,
           "clinical: clear the allergy list");
    Switch(command, "--no-conditions", fields.no_conditions,
           "clinical: clear the condition list");
  }
}

// Writes the fields given into `patient`; returns the update-mask paths of
// the fields they set.
std::vector<std::string> ApplyPatientFields(CliContext& context,
                                            const PatientFields& fields,
                                            v1::Patient& patient) {
  std::vector<std::string> paths;
  auto text = [&](const std::optional<std::string>& value, const char* path,
                  std::string* field) {
    if (!value) return;
    *field = *value;
    paths.push_back(path);
  };
  text(fields.given_name, "given_name", patient.mutable_given_name());
  text(fields.family_name, "family_name", patient.mutable_family_name());
  if (fields.date_of_birth) {
    *patient.mutable_date_of_birth() =
        context.ParseDate(*fields.date_of_birth, "--date-of-birth");
    paths.push_back("date_of_birth");
  }
  if (fields.sex) {
    patient.set_sex(ParseEnum<v1::Sex>(*fields.sex, "--sex"));
    paths.push_back("sex");
  }
  v1::ContactInfo& contact = *patient.mutable_contact();
  text(fields.phone, "contact.phone", contact.mutable_phone());
  text(fields.email, "contact.email", contact.mutable_email());
  v1::PostalAddress& address = *contact.mutable_address();
  text(fields.address_line1, "contact.address.line1", address.mutable_line1());
  text(fields.address_line2, "contact.address.line2", address.mutable_line2());
  text(fields.city, "contact.address.city", address.mutable_city());
  text(fields.region, "contact.address.region", address.mutable_region());
  text(fields.postal_code, "contact.address.postal_code",
       address.mutable_postal_code());
  text(fields.country, "contact.address.country_code",
       address.mutable_country_code());
  v1::EmergencyContact& emergency = *patient.mutable_emergency_contact();
  text(fields.emergency_name, "emergency_contact.name",
       emergency.mutable_name());
  text(fields.emergency_relationship, "emergency_contact.relationship",
       emergency.mutable_relationship());
  text(fields.emergency_phone, "emergency_contact.phone",
       emergency.mutable_phone());
  text(fields.notes, "notes", patient.mutable_notes());

  // Clinical facts: only touched when a clinical flag is given, because the
  // front desk may not send them at all.
  auto facts = [&]() -> v1::ClinicalFacts& {
    return *patient.mutable_clinical_facts();
  };
  if (!fields.medications.empty() || fields.no_medications) {
    facts().clear_medications();
    for (const std::string& value : fields.medications) {
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
  if (!fields.allergies.empty() || fields.no_allergies) {
    facts().clear_allergies();
    for (const std::string& value : fields.allergies) {
      const KeyValues kv = KeyValues::Parse(
          value, "--allergy", {"substance", "reaction", "severity"});
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
  if (!fields.conditions.empty() || fields.no_conditions) {
    facts().clear_conditions();
    for (const std::string& value : fields.conditions) {
      const KeyValues kv =
          KeyValues::Parse(value, "--condition", {"code", "note"});
      v1::Condition& condition = *facts().add_conditions();
      condition.set_code(kv.Required("code"));
      condition.set_note(kv.Get("note"));
    }
    paths.push_back("clinical_facts.conditions");
  }
  if (fields.pregnancy) {
    facts().set_pregnancy_status(
        ParseEnum<v1::PregnancyStatus>(*fields.pregnancy, "--pregnancy"));
    paths.push_back("clinical_facts.pregnancy_status");
  }
  if (fields.height_cm) {
    facts().set_height_cm(*fields.height_cm);
    paths.push_back("clinical_facts.height_cm");
  }
  if (fields.weight_kg) {
    facts().set_weight_kg(*fields.weight_kg);
    paths.push_back("clinical_facts.weight_kg");
  }
  return paths;
}

// The --confirm flags as confirm_facts.
void ApplyConfirmations(const PatientFields& fields,
                        google::protobuf::RepeatedField<int>* confirm_facts) {
  for (const std::string& group : fields.confirm) {
    if (group == "all") {
      for (int value = v1::FACT_GROUP_PREGNANCY_STATUS;
           value <= v1::FACT_GROUP_BODY_MEASUREMENTS; ++value) {
        confirm_facts->Add(value);
      }
      continue;
    }
    confirm_facts->Add(ParseEnum<v1::FactGroup>(group, "--confirm"));
  }
}

// "medications 2026-12-07 09:40 by staff/abc; ..." for the confirmations.
std::string DescribeConfirmations(const v1::ClinicalFacts& facts,
                                  const absl::TimeZone& zone) {
  std::vector<std::string> lines;
  for (const v1::FactConfirmation& confirmation : facts.confirmations()) {
    std::string line = absl::StrCat(EnumText(confirmation.group()), " ",
                                    FormatTime(confirmation.confirm_time(),
                                               zone));
    if (!confirmation.confirmed_by().empty()) {
      absl::StrAppend(&line, " by ", confirmation.confirmed_by());
    }
    lines.push_back(std::move(line));
  }
  return absl::StrJoin(lines, "; ");
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
        .Add("Conditions", absl::StrJoin(conditions, "; "))
        .Add("Confirmed", DescribeConfirmations(facts, zone));
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

std::string PatientName(const std::string& patient) {
  return ResourceName("patients", patient, "<patient>");
}

int Create(CliContext& context, const PatientFields& fields) {
  v1::CreatePatientRequest request;
  ApplyPatientFields(context, fields, *request.mutable_patient());
  ApplyConfirmations(fields, request.mutable_confirm_facts());
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::CreatePatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

// Commands whose one argument is a patient.
struct PatientFlags {
  std::string patient;
};

int Get(CliContext& context, const PatientFlags& flags) {
  v1::GetPatientRequest request;
  request.set_name(PatientName(flags.patient));
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::GetPatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

struct ListFlags {
  std::string name_prefix;
  std::string date_of_birth;
  bool include_archived = false;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListPatientsRequest request;
  request.set_name_prefix(flags.name_prefix);
  if (!flags.date_of_birth.empty()) {
    *request.mutable_date_of_birth() =
        context.ParseDate(flags.date_of_birth, "--date-of-birth");
  }
  request.set_include_archived(flags.include_archived);
  auto stub = context.Stub<v1::PatientService>();
  const auto response = FetchPages<v1::ListPatientsRequest,
                                   v1::ListPatientsResponse>(
      context, flags.page, request, "patients", [&](const auto& page) {
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

struct UpdateFlags {
  std::string patient;
  PatientFields fields;
  std::string etag;
};

int Update(CliContext& context, const UpdateFlags& flags) {
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(PatientName(flags.patient));
  const std::vector<std::string> paths =
      ApplyPatientFields(context, flags.fields, *request.mutable_patient());
  ApplyConfirmations(flags.fields, request.mutable_confirm_facts());
  if (paths.empty() && request.confirm_facts().empty()) {
    throw UsageError(
        "nothing to change: give at least one field flag or --confirm");
  }
  for (const std::string& path : paths) {
    request.mutable_update_mask()->add_paths(path);
  }
  request.set_etag(flags.etag);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::PatientService>();
  const auto response = context.Unary(*stub, &Stub::UpdatePatient, request);
  Emit(context, response, [&] { PrintPatient(context, response.patient()); });
  return 0;
}

int Archive(CliContext& context, const PatientFlags& flags) {
  v1::ArchivePatientRequest request;
  request.set_name(PatientName(flags.patient));
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

constexpr char kPatientHelp[] = "patient id or patients/{id}";

void AddPatientCommands(CommandGroup& group) {
  auto [create, create_fields] = group.Add(
      {.name = "create",
       .summary = "register a new patient",
       .example = "patients create --given-name Amélie --family-name Durand "
                  "--date-of-birth 1985-04-12 --sex female --phone "
                  "\"+33 6 12 34 56 78\"",
       .details = "Flags marked \"clinical\" are for practitioners: the "
                  "front desk may not set clinical information."},
      Create);
  AddPatientFlags(*create, *create_fields, /*for_update=*/false);

  auto [get, get_flags] = group.Add(
      {.name = "get",
       .summary = "show one patient (archived or not)",
       .example = "patients get 3v1k9q2m7x4d8a0b"},
      Get);
  Positional(*get, "patient", get_flags->patient, kPatientHelp);

  auto [list, list_flags] = group.Add(
      {.name = "list",
       .summary = "list patients by family name",
       .example = "patients list --name-prefix du --all"},
      List);
  Value(*list, "--name-prefix", list_flags->name_prefix, "TEXT",
        "only patients whose given or family name starts with TEXT");
  Value(*list, "--date-of-birth", list_flags->date_of_birth, "DATE",
        "only patients born that day");
  Switch(*list, "--include-archived", list_flags->include_archived,
         "include archived patients");
  AddPagingFlags(*list, list_flags->page);

  auto [update, update_flags] = group.Add(
      {.name = "update",
       .summary = "change some of a patient's fields",
       .example = "patients update 3v1k9q2m7x4d8a0b --phone \"+33 6 98 76 54 "
                  "32\" --etag 7",
       .details = "Only the fields given change. A list flag (--medication, "
                  "--allergy, --condition) replaces the whole list: give "
                  "every entry. --confirm records that the patient was "
                  "asked again (a protocol needs some facts confirmed "
                  "recently, the pregnancy status on the day): "
                  "'patients update ID --confirm all' when nothing "
                  "changed."},
      Update);
  Positional(*update, "patient", update_flags->patient, kPatientHelp);
  AddPatientFlags(*update, update_flags->fields, /*for_update=*/true);
  Value(*update, "--etag", update_flags->etag, "ETAG",
        "refuse the update if the record changed since this etag was read "
        "(from 'patients get')");

  auto [archive, archive_flags] = group.Add(
      {.name = "archive",
       .summary = "archive a patient: kept, but hidden and read-only",
       .example = "patients archive 3v1k9q2m7x4d8a0b"},
      Archive);
  Positional(*archive, "patient", archive_flags->patient, kPatientHelp);
}

const RegisterGroup kPatients("patients",
                              "register, find, update and archive patients",
                              AddPatientCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl
