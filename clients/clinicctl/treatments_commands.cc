// clinicctl treatments: treatment types, their protocols, eligibility and
// course plans.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/course_shape.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/treatments.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
namespace plugin = clinic::plugin::v1;
using Stub = v1::TreatmentService::Stub;

constexpr char kTypeHelp[] =
    "treatment type id (cellulite) or treatmentTypes/{id}";

std::string TypeName(const std::string& type) {
  return ResourceName("treatmentTypes", type, "<type>");
}

int List(CliContext& context) {
  auto stub = context.Stub<v1::TreatmentService>();
  const auto response = FetchAllPages<v1::ListTreatmentTypesRequest,
                                      v1::ListTreatmentTypesResponse>(
      {}, [&](const auto& page) {
        return context.Unary(*stub, &Stub::ListTreatmentTypes, page);
      });
  Emit(context, response, [&] {
    Table table({"ID", "NAME", "VERSION", "SESSION", "CONSENT", "AREAS"});
    for (const v1::TreatmentType& type : response.treatment_types()) {
      table.AddRow({ShortId(type.name()), type.display_name(), type.version(),
                    FormatDuration(type.session_length()),
                    absl::StrCat("v", type.consent_version()),
                    absl::StrJoin(type.body_areas(), ", ")});
    }
    table.Print(context.out());
  });
  return 0;
}

std::string Range(double low, double high, const std::string& unit) {
  return absl::StrCat(FormatNumber(low), "-", FormatNumber(high), " ", unit);
}

void PrintProtocol(CliContext& context, const v1::GetTreatmentProtocolResponse& response,
                   bool consent_text) {
  std::ostream& out = context.out();
  const plugin::PluginDescription& protocol = response.protocol();
  DetailList()
      .Add("Treatment type", response.treatment_type().name())
      .Add("Name", protocol.display_name())
      .Add("Version", protocol.version())
      .Add("Indications", absl::StrJoin(protocol.indications(), "; "))
      .Add("Body areas", absl::StrJoin(protocol.body_areas(), ", "))
      .Add("Session length", FormatDuration(protocol.session_length()))
      .Add("Depth", Range(protocol.injection_depth_mm().min_mm(),
                          protocol.injection_depth_mm().max_mm(), "mm"))
      .Add("Course", absl::StrCat(protocol.course().min_total_sessions(), " to ",
                                  protocol.course().max_total_sessions(),
                                  " sessions"))
      .Add("Consent", absl::StrCat("v", protocol.consent().version(), " \"",
                                   protocol.consent().title(), "\""))
      .Print(out);

  out << "\nPhases:\n";
  Table phases({"PHASE", "SESSIONS", "DAYS APART", "DEFAULT", "NOTE"});
  for (const plugin::CoursePhase& phase : protocol.course().phases()) {
    phases.AddRow({phase.maintenance() ? phase.name() + " (maintenance)"
                                       : phase.name(),
                   absl::StrCat(phase.min_sessions(), "-", phase.max_sessions()),
                   absl::StrCat(phase.min_interval_days(), "-",
                                phase.max_interval_days()),
                   absl::StrCat(phase.default_interval_days()), phase.note()});
  }
  phases.Print(out);

  out << "\nProducts:\n";
  Table products({"PRODUCT", "CATEGORY", "MAX ML", "MAX CONC.", "MAX POINTS",
                  "EXCLUDED WHEN"});
  for (const plugin::AllowedProduct& product : protocol.allowed_products()) {
    products.AddRow(
        {product.name(), product.category(),
         FormatNumber(product.max_volume_ml_per_session()),
         product.max_concentration() > 0
             ? absl::StrCat(FormatNumber(product.max_concentration()), " ",
                            product.concentration_unit())
             : "",
         absl::StrCat(product.max_injection_points_per_session()),
         absl::StrJoin(product.excluded_when(), ", ")});
  }
  products.Print(out);

  out << "\nContraindications:\n";
  Table contraindications({"CODE", "SEVERITY", "DESCRIPTION"});
  for (const plugin::Contraindication& item : protocol.contraindications()) {
    contraindications.AddRow(
        {item.code(), EnumText(item.severity()), item.description()});
  }
  contraindications.Print(out);

  if (protocol.eligibility_criteria().required_facts_size() > 0) {
    out << "\nFacts needed (confirmed with the patient at most this long "
           "ago):\n";
    Table facts({"FACTS", "CONFIRMED"});
    for (const plugin::RequiredFact& fact :
         protocol.eligibility_criteria().required_facts()) {
      facts.AddRow({EnumText(fact.group()),
                    fact.max_age_days() == 0
                        ? "on the session's day"
                        : absl::StrCat("within ", fact.max_age_days(),
                                       " days")});
    }
    facts.Print(out);
  }

  if (protocol.day_of_checklist_size() > 0) {
    out << "\nDay-of checklist (sessions complete --answer CODE=yes|no):\n";
    Table checklist({"CODE", "STOPS ON", "QUESTION"});
    for (const plugin::DayOfQuestion& question : protocol.day_of_checklist()) {
      checklist.AddRow({question.code(), EnumText(question.blocking_answer()),
                        question.text()});
    }
    checklist.Print(out);
  }

  if (protocol.outcome_measures_size() > 0) {
    out << "\nOutcome measures:\n";
    Table outcomes({"CODE", "NAME", "UNIT", "RANGE", "SITES"});
    for (const plugin::OutcomeMeasure& measure : protocol.outcome_measures()) {
      outcomes.AddRow({measure.code(), measure.name(), measure.unit(),
                       absl::StrCat(FormatNumber(measure.min_value()), "-",
                                    FormatNumber(measure.max_value())),
                       absl::StrJoin(measure.sites(), ", ")});
    }
    outcomes.Print(out);
  }
  if (consent_text) {
    out << "\nConsent document (v" << protocol.consent().version() << "):\n\n"
        << protocol.consent().full_text() << "\n";
  }
}

struct ProtocolFlags {
  std::string type;
  bool consent_text = false;
};

int Protocol(CliContext& context, const ProtocolFlags& flags) {
  v1::GetTreatmentProtocolRequest request;
  request.set_name(TypeName(flags.type));
  auto stub = context.Stub<v1::TreatmentService>();
  const auto response = context.Unary(*stub, &Stub::GetTreatmentProtocol, request);
  Emit(context, response,
       [&] { PrintProtocol(context, response, flags.consent_text); });
  return 0;
}

struct EligibilityFlags {
  std::string patient;
  std::string type;
  std::string date;
  std::vector<std::string> areas;
};

int Eligibility(CliContext& context, const EligibilityFlags& flags) {
  v1::CheckEligibilityRequest request;
  request.set_patient(ResourceName("patients", flags.patient, "<patient>"));
  request.set_treatment_type(TypeName(flags.type));
  if (!flags.date.empty()) {
    *request.mutable_session_date() = context.ParseDate(flags.date, "--date");
  }
  for (const std::string& area : flags.areas) request.add_body_areas(area);
  auto stub = context.Stub<v1::TreatmentService>();
  const auto response = context.Unary(*stub, &Stub::CheckEligibility, request);
  Emit(context, response, [&] {
    const plugin::EligibilityResult& result = response.result();
    std::ostream& out = context.out();
    out << (result.eligible() ? "eligible" : "NOT eligible") << "\n";
    if (result.reasons_size() > 0) {
      out << "\n";
      Table reasons({"", "CODE", "REASON"});
      for (const plugin::EligibilityReason& reason : result.reasons()) {
        reasons.AddRow({reason.blocking() ? "BLOCKING" : "warning",
                        reason.code(), reason.message()});
      }
      reasons.Print(out);
    }
    if (result.excluded_products_size() > 0) {
      out << "\nProducts not to use:\n";
      Table excluded({"PRODUCT", "REASON", "WHY"});
      for (const plugin::ExcludedProduct& product : result.excluded_products()) {
        excluded.AddRow({product.product(), product.reason_code(), product.message()});
      }
      excluded.Print(out);
    }
  });
  return 0;
}

struct PlanFlags {
  std::string type;
  std::string first;
  CourseShapeFlags shape;
};

int Plan(CliContext& context, const PlanFlags& flags) {
  v1::PlanCourseRequest request;
  request.set_treatment_type(TypeName(flags.type));
  *request.mutable_first_session_time() =
      ToProto(context.ParseTime(flags.first, "--first"));
  flags.shape.SetOn(request);
  auto stub = context.Stub<v1::TreatmentService>();
  const auto response = context.Unary(*stub, &Stub::PlanCourse, request);
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"#", "PHASE", "START", "END", "DAYS AFTER PREVIOUS"});
    for (const v1::PlannedSession& session : response.sessions()) {
      table.AddRow({absl::StrCat(session.index() + 1), session.phase(),
                    FormatTime(session.start_time(), zone),
                    FormatTime(session.end_time(), zone),
                    session.index() == 0
                        ? ""
                        : absl::StrCat(session.min_days_after_previous(), "-",
                                       session.max_days_after_previous())});
    }
    table.Print(context.out());
    context.out() << "(times in " << response.time_zone()
                  << "; nothing is booked: see 'sessions book-course')\n";
  });
  return 0;
}

void AddTreatmentCommands(CommandGroup& group) {
  group.Add({.name = "list",
             .summary = "list the clinic's treatment types",
             .example = "treatments list"},
            List);

  auto [protocol, protocol_flags] = group.Add(
      {.name = "protocol",
       .summary = "show a treatment type's protocol",
       .example = "treatments protocol cellulite --consent-text"},
      Protocol);
  Positional(*protocol, "type", protocol_flags->type, kTypeHelp);
  Switch(*protocol, "--consent-text", protocol_flags->consent_text,
         "also print the consent document");

  auto [eligibility, eligibility_flags] = group.Add(
      {.name = "eligibility",
       .summary = "check whether a patient may be treated (practitioners)",
       .example = "treatments eligibility 3v1k9q2m7x4d8a0b cellulite --date "
                  "2027-03-01 --area thighs"},
      Eligibility);
  Positional(*eligibility, "patient", eligibility_flags->patient,
             "patient id or patients/{id}");
  Positional(*eligibility, "type", eligibility_flags->type, kTypeHelp);
  Value(*eligibility, "--date", eligibility_flags->date, "DATE",
        "the planned session day (default today)");
  Repeated(*eligibility, "--area", eligibility_flags->areas, "AREA",
           "a body area to treat");

  auto [plan, plan_flags] = group.Add(
      {.name = "plan",
       .summary = "propose a course's session times (books nothing)",
       .example = "treatments plan cellulite --first \"2027-03-01 10:30\" "
                  "--sessions 6"},
      Plan);
  Positional(*plan, "type", plan_flags->type, kTypeHelp);
  Required(*plan, "--first", plan_flags->first, "TIME",
           "the first session's start");
  AddCourseShapeFlags(*plan, plan_flags->shape, "plan");
}

const RegisterGroup kTreatments(
    "treatments", "treatment types: protocols, eligibility, course plans",
    AddTreatmentCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl
