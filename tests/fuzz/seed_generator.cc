// Writes the seed corpus of every fuzz target: a handful of meaningful
// inputs each, so that fuzzing starts from requests and answers that get
// deep into the code instead of from nothing.
//
//   fuzz_seed_generator tests/fuzz/corpus [build/plugins]
//
// With a plugin folder, the descriptions of the plugins in it (loaded as
// clinicd loads them) become seeds too. The output is deterministic: run it
// again after changing the API or the protocols, and commit what changed.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "clinic/plugin/v1/plugin.pb.h"
#include "clinic/v1/patients.pb.h"
#include "core/api/page_token.h"
#include "core/plugin_host/plugin_registry.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "mesoclinic/standard_rules.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_protocol.h"
#include "tests/fuzz/method_ids.h"

namespace mesoclinic::fuzz {
namespace {

namespace fs = std::filesystem;
namespace plugin_v1 = ::clinic::plugin::v1;
namespace standard = ::mesoclinic::plugin::standard;

// A request seed: the method's full name and the request in text format.
struct RequestSeed {
  const char* file;
  const char* method;
  const char* request;
};

const RequestSeed kRequestSeeds[] = {
    {"create_patient", "clinic.v1.PatientService.CreatePatient", R"pb(
      request_id: "0b5e2a8c-create-patient"
      patient {
        given_name: "Amélie" family_name: "Durand"
        date_of_birth { year: 1988 month: 2 day: 29 }
        sex: SEX_FEMALE
        contact {
          phone: "+33 (0)6 12.34-56 78" email: "amelie.durand@example.fr"
          address { line1: "12 rue des Lilas" city: "Lyon" postal_code: "69003"
                    country_code: "FR" }
        }
        emergency_contact { name: "Paul Durand" relationship: "brother"
                            phone: "+33 6 98 76 54 32" }
        clinical_facts {
          medications { name: "Ibuprofen" dose: "400 mg" is_nsaid: true
                        last_taken { year: 2026 month: 3 day: 20 } }
          medications { name: "Warfarin" is_anticoagulant: true ongoing: true }
          allergies { substance: "Hyaluronic acid" reaction: "hives"
                      severity: ALLERGY_SEVERITY_MODERATE }
          conditions { code: "keloid_scarring" note: "left shoulder" }
          pregnancy_status: PREGNANCY_STATUS_UNKNOWN
          height_cm: 165.5 weight_kg: 61.2
        }
        notes: "Prefers morning sessions.\nNervous about needles."
      })pb"},
    {"update_patient", "clinic.v1.PatientService.UpdatePatient", R"pb(
      request_id: "update-1"
      patient {
        name: "patients/7k3m9q2x4p1c0abc"
        given_name: "Amélie" family_name: "Durand-Martin"
        date_of_birth { year: 1988 month: 2 day: 29 }
        contact { phone: "0612345678" }
        clinical_facts { pregnancy_status: PREGNANCY_STATUS_NOT_PREGNANT }
      }
      update_mask { paths: "family_name" paths: "contact.phone"
                    paths: "clinical_facts" }
      etag: "W/\"3\""
      confirm_facts: FACT_GROUP_MEDICATIONS
      confirm_facts: FACT_GROUP_ALLERGIES)pb"},
    {"list_patients", "clinic.v1.PatientService.ListPatients", R"pb(
      page_size: 20 name_prefix: "dur"
      date_of_birth { year: 1988 month: 2 day: 29 })pb"},
    {"record_consent", "clinic.v1.ConsentService.RecordConsent", R"pb(
      request_id: "consent-1"
      consent {
        patient: "patients/7k3m9q2x4p1c0abc"
        treatment_type: "treatmentTypes/cellulite"
        document_version: 1
        disclosure_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        sign_time { seconds: 1774742400 nanos: 123456789 }
        signer: CONSENT_SIGNER_GUARDIAN
        guardian_name: "Marie Durand" guardian_relationship: "mother"
        practitioner: "staff/dr-lefevre"
        method: CONSENT_METHOD_PAPER
        expire_time { seconds: 1806278400 }
      })pb"},
    {"withdraw_consent", "clinic.v1.ConsentService.WithdrawConsent", R"pb(
      request_id: "withdraw-1"
      name: "patients/7k3m9q2x4p1c0abc/consents/c0nsent1"
      reason: "Changed her mind."
      withdraw_time { seconds: 1774742000 })pb"},
    {"report_adverse_event", "clinic.v1.AdverseEventService.ReportAdverseEvent",
     R"pb(
      request_id: "ae-1"
      adverse_event {
        patient: "patients/7k3m9q2x4p1c0abc"
        session: "sessions/s3ss10n"
        treatment_type: "treatmentTypes/cellulite"
        term: "bacterial_infection"
        description: "Painful red nodules at injection sites, day 21."
        body_site: "thighs"
        onset_time { seconds: 1774224000 }
        awareness_time { seconds: 1774310400 nanos: 500000000 }
        severity_grade: 3
        seriousness: SERIOUSNESS_CRITERION_HOSPITALISATION
        relatedness: RELATEDNESS_PROBABLE
        causality_assessed_by: "staff/dr-lefevre"
        suspected_products { product: "phosphatidylcholine_deoxycholate"
                             lot_number: "LOT-2026-0042"
                             relatedness: RELATEDNESS_PROBABLE }
        action_taken: ACTION_TAKEN_REFERRED
        action_details: "Referred to dermatology; cultures taken."
        outcome: EVENT_OUTCOME_RECOVERING
      })pb"},
    {"add_follow_up", "clinic.v1.AdverseEventService.AddFollowUp", R"pb(
      request_id: "follow-up-1"
      adverse_event: "adverseEvents/ae1"
      follow_up { time { seconds: 1774700000 } outcome: EVENT_OUTCOME_RECOVERED
                  severity_grade: 1 notes: "Resolved after antibiotics." })pb"},
    {"update_clinic_settings", "clinic.v1.ClinicService.UpdateClinicSettings",
     R"pb(
      request_id: "settings-1"
      settings {
        time_zone: "Europe/Paris"
        slot_granularity_minutes: 15
        opening_hours {
          ranges { day: MONDAY start { hours: 9 } end { hours: 12 minutes: 30 } }
          ranges { day: MONDAY start { hours: 14 } end { hours: 19 } }
          ranges { day: SATURDAY start { hours: 9 } end { hours: 24 } }
        }
      })pb"},
    {"set_working_hours", "clinic.v1.ClinicService.SetWorkingHours", R"pb(
      request_id: "hours-1"
      practitioner: "staff/dr-lefevre"
      hours { ranges { day: SUNDAY start { hours: 1 minutes: 30 }
                       end { hours: 4 } } })pb"},
    {"create_closure", "clinic.v1.ClinicService.CreateClosure", R"pb(
      request_id: "closure-1"
      closure { resource: "rooms/room-2" reason: "Autoclave maintenance"
                start_time { seconds: 1775030400 }
                end_time { seconds: 1775059200 } })pb"},
    {"book_course", "clinic.v1.SchedulingService.BookCourse", R"pb(
      request_id: "course-1"
      patient: "patients/7k3m9q2x4p1c0abc"
      treatment_type: "treatmentTypes/hair_loss"
      practitioner: "staff/dr-lefevre" room: "rooms/room-1"
      first_session_time { seconds: 1774830600 }
      session_count: 6 preferred_interval_days: 14 include_maintenance: true)pb"},
    {"complete_session", "clinic.v1.SchedulingService.CompleteSession", R"pb(
      request_id: "complete-1"
      session: "sessions/s3ss10n"
      treatment_record {
        areas: "thighs"
        products { product: "caffeine" lot_number: "CAF-7" concentration: 20
                   volume_ml: 2.5 depth_mm: 3 area: "thighs"
                   injection_points: 40 }
        outcomes { code: "circumference_cm" site: "thigh_left" value: 58.5 }
        notes: "Well tolerated."
        day_of_answers { question: "pregnancy_possible" yes: false }
        day_of_answers { question: "unwell_or_fever" yes: true }
      })pb"},
    {"find_available_slots", "clinic.v1.SchedulingService.FindAvailableSlots",
     R"pb(
      treatment_type: "treatmentTypes/joint_pain"
      start_date { year: 2026 month: 3 day: 28 }
      end_date { year: 2026 month: 4 day: 3 }
      practitioner: "staff/dr-lefevre" page_size: 100)pb"},
    {"list_audit_events", "clinic.v1.AuditService.ListAuditEvents", R"pb(
      page_size: 1000 patient: "patients/7k3m9q2x4p1c0abc"
      method: "/clinic.v1.PatientService/GetPatient"
      start_time { seconds: -62135596800 }
      end_time { seconds: 253402300799 nanos: 999999999 })pb"},
    {"create_staff_member", "clinic.v1.StaffService.CreateStaffMember", R"pb(
      request_id: "staff-1"
      staff_member { display_name: "Dr Claire Lefèvre"
                     email: "c.lefevre@clinic.example" role: ROLE_PRACTITIONER
                     licence_number: "RPPS 10101010101" })pb"},
    {"revoke_api_key", "clinic.v1.StaffService.RevokeApiKey", R"pb(
      request_id: "revoke-1" name: "staff/dr-lefevre/apiKeys/k3y")pb"},
    {"check_eligibility", "clinic.v1.TreatmentService.CheckEligibility", R"pb(
      patient: "patients/7k3m9q2x4p1c0abc"
      treatment_type: "treatmentTypes/cellulite"
      session_date { year: 2026 month: 4 day: 1 }
      body_areas: "thighs" body_areas: "hips")pb"},
    {"plan_course", "clinic.v1.TreatmentService.PlanCourse", R"pb(
      treatment_type: "treatmentTypes/cellulite"
      first_session_time { seconds: 1774143000 }
      include_maintenance: true)pb"},
};

void WriteSeed(const fs::path& folder, const std::string& name,
               const std::string& bytes) {
  fs::create_directories(folder);
  std::ofstream out(folder / name, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", (folder / name).c_str());
    std::exit(1);
  }
}

const google::protobuf::MethodDescriptor& FindMethod(const char* full_name) {
  for (const google::protobuf::MethodDescriptor* method : ApiMethods()) {
    if (method->full_name() == full_name) return *method;
  }
  std::fprintf(stderr, "no method %s\n", full_name);
  std::exit(1);
}

void WriteRequestSeeds(const fs::path& folder) {
  for (const RequestSeed& seed : kRequestSeeds) {
    const google::protobuf::MethodDescriptor& method = FindMethod(seed.method);
    std::unique_ptr<google::protobuf::Message> request(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method.input_type())
            ->New());
    if (!google::protobuf::TextFormat::ParseFromString(seed.request,
                                                       request.get())) {
      std::fprintf(stderr, "seed %s does not parse\n", seed.file);
      std::exit(1);
    }
    WriteSeed(folder, seed.file,
              FuzzInputWriter()
                  .AddUint16(MethodId(method))
                  .AddRest(request->SerializeAsString())
                  .bytes());
  }
  // A second page: its token encodes where the first one stopped, for
  // these filters.
  clinic::v1::ListPatientsRequest next_page;
  next_page.set_page_size(20);
  next_page.set_name_prefix("dur");
  next_page.set_page_token(EncodePageToken(ListRequestFingerprint(next_page),
                                           {"7k3m9q2x4p1c0abc"}));
  WriteSeed(folder, "list_patients_next_page",
            FuzzInputWriter()
                .AddUint16(MethodId(FindMethod(
                    "clinic.v1.PatientService.ListPatients")))
                .AddRest(next_page.SerializeAsString())
                .bytes());
}

// plugin_reply inputs: hook, status code, flags, message, answer.
std::string PluginReply(uint8_t hook, int8_t code, uint8_t flags,
                        const std::string& message,
                        const std::string& answer) {
  return FuzzInputWriter()
      .AddByte(hook)
      .AddByte(static_cast<uint8_t>(code))
      .AddByte(flags)
      .AddPart(message)
      .AddRest(answer)
      .bytes();
}

// Requests a plugin receives, as the core builds them.
struct PluginRequests {
  plugin_v1::EligibilityRequest eligibility;
  plugin_v1::PlanCourseRequest plan;
  plugin_v1::TreatmentRecord record;
  plugin_v1::AdverseEventReport report;
};

PluginRequests TypicalRequests(const plugin_v1::PluginDescription& protocol) {
  PluginRequests requests;
  plugin_v1::PatientFacts& facts = *requests.eligibility.mutable_facts();
  facts.set_age_years(34);
  facts.set_sex(plugin_v1::SEX_FEMALE);
  facts.set_pregnancy_status(plugin_v1::PREGNANCY_STATUS_UNKNOWN);
  facts.set_height_cm(165);
  facts.set_weight_kg(70);
  plugin_v1::PatientMedication& ibuprofen = *facts.add_medications();
  ibuprofen.set_name("ibuprofen");
  ibuprofen.set_is_nsaid(true);
  ibuprofen.set_days_since_last_taken(2);
  facts.add_allergies()->set_substance("lidocaine");
  facts.add_condition_codes("diabetes");
  facts.set_session_in_days(5);
  requests.eligibility.add_body_areas(protocol.body_areas(0));

  plugin_v1::LocalDateTime& first = *requests.plan.mutable_first_session();
  first.set_year(2026), first.set_month(3), first.set_day(22);
  first.set_hour(2), first.set_minute(30);
  requests.plan.set_include_maintenance(true);

  requests.record.set_session_index(1);
  requests.record.add_body_areas(protocol.body_areas(0));
  for (const plugin_v1::AllowedProduct& allowed : protocol.allowed_products()) {
    plugin_v1::TreatmentProduct& line = *requests.record.add_products();
    line.set_product(allowed.name());
    line.set_lot_number("LOT-1");
    line.set_concentration(allowed.max_concentration());
    line.set_volume_ml(allowed.max_volume_ml_per_session() + 0.5);
    line.set_depth_mm(3);
    line.set_injection_points(allowed.max_injection_points_per_session());
    line.set_area(protocol.body_areas(0));
  }
  for (const plugin_v1::OutcomeMeasure& measure : protocol.outcome_measures()) {
    plugin_v1::OutcomeMeasurement& measurement =
        *requests.record.add_outcome_measurements();
    measurement.set_code(measure.code());
    if (measure.sites_size() > 0) measurement.set_site(measure.sites(0));
    measurement.set_value(measure.max_value());
  }
  *requests.record.mutable_patient_facts() = facts;

  requests.report.set_term("bruising");
  requests.report.set_severity_grade(2);
  requests.report.set_days_since_session(1);
  requests.report.set_body_site(protocol.body_areas(0));
  requests.report.set_description("A bruise the size of a coin.");
  return requests;
}

template <typename Result>
std::string AnswerBytes(const plugin::StatusOr<Result>& answer) {
  return answer.ok() ? answer->SerializeAsString() : std::string();
}

void WritePluginSeeds(const fs::path& corpus,
                      const std::vector<plugin_v1::PluginDescription>& real) {
  const plugin_v1::PluginDescription& protocol = FuzzProtocolDescription();
  const PluginRequests requests = TypicalRequests(protocol);
  const fs::path reply = corpus / "plugin_reply";
  WriteSeed(reply, "describe_fuzz_protocol",
            PluginReply(0, 0, 1, "", protocol.SerializeAsString()));
  WriteSeed(reply, "describe_fails",
            PluginReply(0, 9, 4, "the protocol file is missing", ""));
  for (const plugin_v1::PluginDescription& description : real) {
    WriteSeed(reply, "describe_" + description.id(),
              PluginReply(0, 0, 1, "", description.SerializeAsString()));
  }
  WriteSeed(reply, "eligibility_answer",
            PluginReply(1, 0, 1, "",
                        AnswerBytes(standard::CheckEligibility(
                            protocol, requests.eligibility))));
  WriteSeed(reply, "plan_answer",
            PluginReply(2, 0, 1, "",
                        AnswerBytes(standard::PlanCourse(protocol,
                                                         requests.plan))));
  WriteSeed(reply, "plan_refused",
            PluginReply(2, 3, 4, "session_count: 12 is outside 4 to 8", ""));
  WriteSeed(reply, "record_answer",
            PluginReply(3, 0, 1, "",
                        AnswerBytes(standard::ValidateTreatmentRecord(
                            protocol, requests.record))));
  WriteSeed(reply, "assessment_answer",
            PluginReply(4, 0, 1, "",
                        AnswerBytes(standard::AssessAdverseEvent(
                            protocol, requests.report))));

  const fs::path request = corpus / "plugin_request";
  const char* const names[] = {"eligibility", "plan", "record", "report"};
  auto write_request = [&](uint8_t hook, const std::string& prefix,
                           const std::string& description,
                           const PluginRequests& typical) {
    const std::string bodies[] = {
        typical.eligibility.SerializeAsString(),
        typical.plan.SerializeAsString(), typical.record.SerializeAsString(),
        typical.report.SerializeAsString()};
    WriteSeed(request, prefix + names[hook],
              FuzzInputWriter()
                  .AddByte(hook)
                  .AddPart(description)
                  .AddRest(bodies[hook])
                  .bytes());
  };
  for (uint8_t hook = 0; hook < 4; ++hook) {
    write_request(hook, "", "", requests);
    // Each hook also once with a real protocol (they are KBs each: one
    // input per hook keeps the corpus small).
    if (!real.empty()) {
      const plugin_v1::PluginDescription& description =
          real[hook % real.size()];
      write_request(hook, description.id() + "_",
                    description.SerializeAsString(),
                    TypicalRequests(description));
    }
  }
}

std::vector<plugin_v1::PluginDescription> RealDescriptions(
    const std::string& plugin_dir) {
  std::vector<plugin_v1::PluginDescription> descriptions;
  if (plugin_dir.empty()) return descriptions;
  plugin_host::PluginRegistry::LoadResult loaded =
      plugin_host::PluginRegistry::LoadDirectory(plugin_dir);
  for (const plugin_host::LoadedPlugin* plugin : loaded.registry.plugins()) {
    descriptions.push_back(plugin->description());
  }
  if (descriptions.empty()) {
    std::fprintf(stderr, "no plugin loaded from %s\n", plugin_dir.c_str());
    std::exit(1);
  }
  return descriptions;
}

}  // namespace
}  // namespace mesoclinic::fuzz

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [PLUGIN_DIR]\n", argv[0]);
    return 2;
  }
  namespace fuzz = mesoclinic::fuzz;
  const std::filesystem::path corpus = argv[1];
  fuzz::WriteRequestSeeds(corpus / "request_validation");
  fuzz::WritePluginSeeds(corpus,
                         fuzz::RealDescriptions(argc == 3 ? argv[2] : ""));
  return 0;
}
