// clinicctl treatments: treatment types, their protocols, eligibility and
// course plans.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
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

std::string TypeNameArg(const ParsedArgs& args) {
  return ResourceName("treatmentTypes", args.Positional("type"), "<type>");
}

int List(CliContext& context, const ParsedArgs&) {
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

int Protocol(CliContext& context, const ParsedArgs& args) {
  v1::GetTreatmentProtocolRequest request;
  request.set_name(TypeNameArg(args));
  auto stub = context.Stub<v1::TreatmentService>();
  const auto response = context.Unary(*stub, &Stub::GetTreatmentProtocol, request);
  Emit(context, response,
       [&] { PrintProtocol(context, response, args.Switch("consent-text")); });
  return 0;
}

int Eligibility(CliContext& context, const ParsedArgs& args) {
  v1::CheckEligibilityRequest request;
  request.set_patient(
      ResourceName("patients", args.Positional("patient"), "<patient>"));
  request.set_treatment_type(TypeNameArg(args));
  if (args.Has("date")) {
    *request.mutable_session_date() = context.ParseDate(args.Get("date"), "--date");
  }
  for (const std::string& area : args.All("area")) request.add_body_areas(area);
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

int Plan(CliContext& context, const ParsedArgs& args) {
  v1::PlanCourseRequest request;
  request.set_treatment_type(TypeNameArg(args));
  *request.mutable_first_session_time() =
      ToProto(context.ParseTime(args.Get("first"), "--first"));
  request.set_session_count(args.GetInt("sessions", 0));
  request.set_preferred_interval_days(args.GetInt("interval-days", 0));
  request.set_include_maintenance(args.Switch("maintenance"));
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

const RegisterGroup kTreatments(CommandGroup{
    .name = "treatments",
    .summary = "treatment types: protocols, eligibility, course plans",
    .commands = {
        {.name = "list",
         .summary = "list the clinic's treatment types",
         .args = ArgParser(),
         .example = "treatments list",
         .run = List},
        {.name = "protocol",
         .summary = "show a treatment type's protocol",
         .args = ArgParser()
                     .Positional("type", kTypeHelp)
                     .Switch("consent-text", "also print the consent document"),
         .example = "treatments protocol cellulite --consent-text",
         .run = Protocol},
        {.name = "eligibility",
         .summary = "check whether a patient may be treated (practitioners)",
         .args = ArgParser()
                     .Positional("patient", "patient id or patients/{id}")
                     .Positional("type", kTypeHelp)
                     .Value("date", "DATE", "the planned session day (default today)")
                     .Repeated("area", "AREA", "a body area to treat"),
         .example = "treatments eligibility 3v1k9q2m7x4d8a0b cellulite --date "
                    "2027-03-01 --area thighs",
         .run = Eligibility},
        {.name = "plan",
         .summary = "propose a course's session times (books nothing)",
         .args = ArgParser()
                     .Positional("type", kTypeHelp)
                     .Required("first", "TIME", "the first session's start")
                     .Value("sessions", "N", "sessions in the course (default: "
                                             "the protocol's)")
                     .Value("interval-days", "N", "days between sessions")
                     .Switch("maintenance", "also plan maintenance sessions"),
         .example = "treatments plan cellulite --first \"2027-03-01 10:30\" "
                    "--sessions 6",
         .run = Plan},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl
