// clinicctl sessions: free slots, booking sessions and courses, moving,
// cancelling, checking in, completing with a treatment record, and watching
// a day's schedule live.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
#include "clinic/v1/scheduling.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::SchedulingService::Stub;

constexpr char kSessionHelp[] = "session id or sessions/{id}";
constexpr char kPatientHelp[] = "patient id or patients/{id}";
constexpr char kTypeHelp[] = "treatment type id or treatmentTypes/{id}";

std::string SessionNameArg(const ParsedArgs& args) {
  return ResourceName("sessions", args.Positional("session"), "<session>");
}

std::string OptionalName(const ParsedArgs& args, const std::string& flag,
                         absl::string_view collection) {
  return args.Has(flag)
             ? ResourceName(collection, args.Get(flag), absl::StrCat("--", flag))
             : "";
}

std::vector<std::string> SessionHeader() {
  return {"ID",   "START",  "END",   "STATE", "PATIENT",
          "TYPE", "PRACTITIONER", "ROOM", "COURSE", "FLAG"};
}

std::vector<std::string> SessionRow(const v1::Session& session,
                                    const absl::TimeZone& zone) {
  return {ShortId(session.name()),
          FormatTime(session.start_time(), zone),
          absl::FormatTime("%H:%M", FromProto(session.end_time()), zone),
          EnumText(session.state()),
          ShortId(session.patient()),
          ShortId(session.treatment_type()),
          ShortId(session.practitioner()),
          ShortId(session.room()),
          session.course().empty()
              ? ""
              : absl::StrCat(ShortId(session.course()), " #",
                             session.course_index() + 1),
          session.flagged() ? "FLAGGED: check with a practitioner" : ""};
}

void PrintSessions(CliContext& context,
                   const google::protobuf::RepeatedPtrField<v1::Session>& sessions) {
  const absl::TimeZone& zone = context.zone();
  Table table(SessionHeader());
  for (const v1::Session& session : sessions) {
    table.AddRow(SessionRow(session, zone));
  }
  table.Print(context.out());
}

void PrintSession(CliContext& context, const v1::Session& session) {
  const absl::TimeZone& zone = context.zone();
  DetailList()
      .Add("Session", session.name())
      .Add("State", EnumText(session.state()))
      .Add("Start", FormatTime(session.start_time(), zone))
      .Add("End", FormatTime(session.end_time(), zone))
      .Add("Patient", session.patient())
      .Add("Treatment type", session.treatment_type())
      .Add("Practitioner", session.practitioner())
      .Add("Room", session.room())
      .Add("Course", session.course().empty()
                         ? ""
                         : absl::StrCat(session.course(), ", session ",
                                        session.course_index() + 1))
      .Add("Window", session.max_days_after_previous() > 0
                         ? absl::StrCat(session.min_days_after_previous(), " to ",
                                        session.max_days_after_previous(),
                                        " days after the previous session")
                         : "")
      .Add("Flagged", session.flagged()
                          ? "yes: a safety hold suspended the course; check "
                            "with a practitioner before treating"
                          : "")
      .Add("Checked in", FormatTime(session.check_in_time(), zone))
      .Add("Cancelled", session.cancel_reason().empty()
                            ? ""
                            : absl::StrCat(session.cancel_reason(), " (by ",
                                           session.cancelled_by(), ")"))
      .Print(context.out());
  if (!session.has_treatment_record()) return;
  const v1::TreatmentRecord& record = session.treatment_record();
  context.out() << "\nTreatment record (" << record.recorded_by() << ", "
                << FormatTime(record.record_time(), zone) << "), areas: "
                << absl::StrJoin(record.areas(), ", ") << "\n";
  Table products({"PRODUCT", "LOT", "AREA", "VOLUME ML", "DEPTH MM", "POINTS",
                  "CONC."});
  for (const v1::ProductUse& use : record.products()) {
    products.AddRow({use.product(), use.lot_number(), use.area(),
                     FormatNumber(use.volume_ml()), FormatNumber(use.depth_mm()),
                     absl::StrCat(use.injection_points()),
                     use.concentration() > 0 ? FormatNumber(use.concentration())
                                             : ""});
  }
  products.Print(context.out());
  if (record.outcomes_size() > 0) {
    Table outcomes({"OUTCOME", "SITE", "VALUE"});
    for (const v1::OutcomeMeasurement& outcome : record.outcomes()) {
      outcomes.AddRow({outcome.code(), outcome.site(), FormatNumber(outcome.value())});
    }
    context.out() << "\n";
    outcomes.Print(context.out());
  }
  if (!record.notes().empty()) context.out() << "\nNotes: " << record.notes() << "\n";
}

void PrintCourse(CliContext& context, const v1::Course& course) {
  DetailList()
      .Add("Course", course.name())
      .Add("Patient", course.patient())
      .Add("Treatment type", course.treatment_type())
      .Add("State", EnumText(course.state()))
      .Add("Created", FormatTime(course.create_time(), context.zone()))
      .Print(context.out());
  context.out() << "\n";
  PrintSessions(context, course.sessions());
}

int Slots(CliContext& context, const ParsedArgs& args) {
  v1::FindAvailableSlotsRequest request;
  request.set_treatment_type(
      ResourceName("treatmentTypes", args.Positional("type"), "<type>"));
  *request.mutable_start_date() = context.ParseDate(args.Get("from"), "--from");
  *request.mutable_end_date() =
      context.ParseDate(args.GetOr("to", args.Get("from")), "--to");
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  request.set_room(OptionalName(args, "room", "rooms"));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response =
      FetchPages<v1::FindAvailableSlotsRequest, v1::FindAvailableSlotsResponse>(
          context, args, request, "slots", [&](const auto& page) {
            return context.Unary(*stub, &Stub::FindAvailableSlots, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"START", "END", "PRACTITIONER", "ROOM"});
    for (const v1::AvailableSlot& slot : response.slots()) {
      table.AddRow({FormatTime(slot.start_time(), zone),
                    absl::FormatTime("%H:%M", FromProto(slot.end_time()), zone),
                    ShortId(slot.practitioner()), ShortId(slot.room())});
    }
    table.Print(context.out());
    if (!response.next_page_token().empty()) {
      context.out() << "(more: --page-token " << response.next_page_token()
                    << ", or --all)\n";
    }
  });
  return 0;
}

int Book(CliContext& context, const ParsedArgs& args) {
  v1::BookSessionRequest request;
  request.set_patient(ResourceName("patients", args.Positional("patient"), "<patient>"));
  request.set_treatment_type(
      ResourceName("treatmentTypes", args.Positional("type"), "<type>"));
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  request.set_room(OptionalName(args, "room", "rooms"));
  *request.mutable_start_time() = ToProto(context.ParseTime(args.Get("at"), "--at"));
  request.set_course(OptionalName(args, "course", "courses"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::BookSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int BookCourse(CliContext& context, const ParsedArgs& args) {
  v1::BookCourseRequest request;
  request.set_patient(ResourceName("patients", args.Positional("patient"), "<patient>"));
  request.set_treatment_type(
      ResourceName("treatmentTypes", args.Positional("type"), "<type>"));
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  request.set_room(OptionalName(args, "room", "rooms"));
  *request.mutable_first_session_time() =
      ToProto(context.ParseTime(args.Get("first"), "--first"));
  request.set_session_count(args.GetInt("sessions", 0));
  request.set_preferred_interval_days(args.GetInt("interval-days", 0));
  request.set_include_maintenance(args.Switch("maintenance"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::BookCourse, request);
  Emit(context, response, [&] { PrintCourse(context, response.course()); });
  return 0;
}

int Move(CliContext& context, const ParsedArgs& args) {
  v1::RescheduleSessionRequest request;
  request.set_session(SessionNameArg(args));
  *request.mutable_new_start_time() = ToProto(context.ParseTime(args.Get("to"), "--to"));
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  request.set_room(OptionalName(args, "room", "rooms"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::RescheduleSession, request);
  Emit(context, response, [&] {
    PrintSession(context, response.session());
    if (response.also_moved_size() > 0) {
      context.out() << "\nLater sessions of the course moved with it:\n";
      PrintSessions(context, response.also_moved());
    }
  });
  return 0;
}

int Cancel(CliContext& context, const ParsedArgs& args) {
  v1::CancelSessionRequest request;
  request.set_session(SessionNameArg(args));
  request.set_reason(args.Get("reason"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::CancelSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

// check-in and no-show: a session name and a request id.
template <typename Request, typename Response>
int SimpleTransition(CliContext& context, const ParsedArgs& args,
                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                  const Request&, Response*)) {
  Request request;
  request.set_session(SessionNameArg(args));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const Response response = context.Unary(*stub, method, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int CheckIn(CliContext& context, const ParsedArgs& args) {
  return SimpleTransition(context, args, &Stub::CheckIn);
}

int NoShow(CliContext& context, const ParsedArgs& args) {
  return SimpleTransition(context, args, &Stub::MarkNoShow);
}

int Complete(CliContext& context, const ParsedArgs& args) {
  v1::CompleteSessionRequest request;
  request.set_session(SessionNameArg(args));
  v1::TreatmentRecord& record = *request.mutable_treatment_record();
  for (const std::string& text : args.All("product")) {
    const KeyValues kv = KeyValues::Parse(
        text, "--product",
        {"name", "lot", "volume", "depth", "area", "points", "concentration"});
    v1::ProductUse& use = *record.add_products();
    use.set_product(kv.Required("name"));
    use.set_lot_number(kv.Required("lot"));
    use.set_volume_ml(kv.GetDouble("volume"));
    use.set_depth_mm(kv.GetDouble("depth"));
    use.set_area(kv.Required("area"));
    use.set_injection_points(kv.GetInt("points"));
    use.set_concentration(kv.GetDouble("concentration"));
  }
  // The areas treated: --area, or else every area the products name.
  std::vector<std::string> areas = args.All("area");
  if (areas.empty()) {
    for (const v1::ProductUse& use : record.products()) {
      if (std::find(areas.begin(), areas.end(), use.area()) == areas.end()) {
        areas.push_back(use.area());
      }
    }
  }
  for (const std::string& area : areas) record.add_areas(area);
  for (const std::string& text : args.All("outcome")) {
    const KeyValues kv = KeyValues::Parse(text, "--outcome", {"code", "site", "value"});
    v1::OutcomeMeasurement& outcome = *record.add_outcomes();
    outcome.set_code(kv.Required("code"));
    outcome.set_site(kv.Get("site"));
    outcome.set_value(kv.GetDouble("value"));
  }
  record.set_notes(args.Get("notes"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::CompleteSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int Get(CliContext& context, const ParsedArgs& args) {
  v1::GetSessionRequest request;
  request.set_name(SessionNameArg(args));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::GetSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int List(CliContext& context, const ParsedArgs& args) {
  v1::ListSessionsRequest request;
  request.set_patient(OptionalName(args, "patient", "patients"));
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  request.set_room(OptionalName(args, "room", "rooms"));
  if (args.Has("day")) {
    *request.mutable_day() = context.ParseDate(args.Get("day"), "--day");
  }
  if (!args.Has("patient") && !args.Has("practitioner") && !args.Has("room") &&
      !args.Has("day")) {
    throw UsageError("give at least one of --patient, --practitioner, --room, --day");
  }
  request.set_include_cancelled(args.Switch("include-cancelled"));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response =
      FetchPages<v1::ListSessionsRequest, v1::ListSessionsResponse>(
          context, args, request, "sessions", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListSessions, page);
          });
  Emit(context, response, [&] { PrintSessions(context, response.sessions()); });
  return 0;
}

int Course(CliContext& context, const ParsedArgs& args) {
  v1::GetCourseRequest request;
  request.set_name(ResourceName("courses", args.Positional("course"), "<course>"));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::GetCourse, request);
  Emit(context, response, [&] { PrintCourse(context, response.course()); });
  return 0;
}

// Streams a day's schedule until interrupted, or for --for. One line per
// change; with --json one JSON object per line.
int Watch(CliContext& context, const ParsedArgs& args) {
  v1::WatchScheduleRequest request;
  *request.mutable_day() = context.ParseDate(args.GetOr("day", "today"), "--day");
  absl::Duration duration = absl::InfiniteDuration();
  if (args.Has("for") && !absl::ParseDuration(args.Get("for"), &duration)) {
    throw UsageError(absl::StrCat("--for: \"", args.Get("for"),
                                  "\" is not a duration such as 30s or 8h"));
  }
  const absl::TimeZone& zone = context.zone();
  auto stub = context.Stub<v1::SchedulingService>();
  grpc::ClientContext call;
  if (duration != absl::InfiniteDuration()) {
    call.set_deadline(absl::ToChronoTime(absl::Now() + duration));
  }
  auto reader = stub->WatchSchedule(&call, request);
  if (!context.json()) {
    context.err() << "watching " << FormatDate(request.day())
                  << " (Ctrl-C to stop)\n";
  }
  v1::WatchScheduleResponse change;
  while (reader->Read(&change)) {
    if (context.json()) {
      context.out() << ToJson(change, /*pretty=*/false);
    } else {
      std::vector<std::string> row = SessionRow(change.session(), zone);
      context.out() << EnumText(change.change()) << ": "
                    << absl::StrJoin(row.begin(), row.end() - 1, "  ")
                    << (change.session().flagged() ? "  FLAGGED" : "") << "\n";
    }
    context.out().flush();
  }
  const grpc::Status status = reader->Finish();
  // The end of --for is a normal end.
  if (!status.ok() && !(status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
                        duration != absl::InfiniteDuration())) {
    throw RpcError(status);
  }
  return 0;
}

ArgParser BookingFlags(ArgParser parser, const std::string& time_flag,
                       const std::string& time_help) {
  return parser.Positional("patient", kPatientHelp)
      .Positional("type", kTypeHelp)
      .Required("practitioner", "STAFF", "the practitioner")
      .Required("room", "ROOM", "the room")
      .Required(time_flag, "TIME", time_help);
}

const RegisterGroup kSessions(CommandGroup{
    .name = "sessions",
    .summary = "slots, booking, moving, check-in, completing; watch a day",
    .commands = {
        {.name = "slots",
         .summary = "find free slots for a treatment type",
         .args = WithPagingFlags(
             ArgParser()
                 .Positional("type", kTypeHelp)
                 .Required("from", "DATE", "first day (YYYY-MM-DD, today, tomorrow)")
                 .Value("to", "DATE", "last day (default --from; at most 31 days)")
                 .Value("practitioner", "STAFF", "only this practitioner")
                 .Value("room", "ROOM", "only this room")),
         .example = "sessions slots cellulite --from 2027-03-01 --to 2027-03-05",
         .run = Slots},
        {.name = "book",
         .summary = "book one session (or a course's next session)",
         .args = BookingFlags(ArgParser(), "at", "the session's start")
                     .Value("course", "COURSE", "book the next session of this course"),
         .example = "sessions book 3v1k9q2m7x4d8a0b cellulite --practitioner "
                    "9k2m4x7q1v0d3a8b --room 4d8a0b3v1k9q2m7x --at \"2027-03-01 "
                    "10:30\"",
         .run = Book},
        {.name = "book-course",
         .summary = "book a whole course by the protocol, all or nothing",
         .args = BookingFlags(ArgParser(), "first", "the first session's start")
                     .Value("sessions", "N", "sessions (default: the protocol's)")
                     .Value("interval-days", "N", "days between sessions")
                     .Switch("maintenance", "also book maintenance sessions"),
         .example = "sessions book-course 3v1k9q2m7x4d8a0b cellulite "
                    "--practitioner 9k2m4x7q1v0d3a8b --room 4d8a0b3v1k9q2m7x "
                    "--first \"2027-03-01 10:30\" --sessions 6",
         .run = BookCourse},
        {.name = "move",
         .summary = "move a session; later course sessions follow as needed",
         .args = ArgParser()
                     .Positional("session", kSessionHelp)
                     .Required("to", "TIME", "the new start")
                     .Value("practitioner", "STAFF", "another practitioner")
                     .Value("room", "ROOM", "another room"),
         .example = "sessions move 8a0b3v1k9q2m7x4d --to \"2027-03-03 14:00\"",
         .run = Move},
        {.name = "cancel",
         .summary = "cancel a booked session",
         .args = ArgParser()
                     .Positional("session", kSessionHelp)
                     .Required("reason", "TEXT", "why"),
         .example = "sessions cancel 8a0b3v1k9q2m7x4d --reason \"patient is ill\"",
         .run = Cancel},
        {.name = "check-in",
         .summary = "check a patient in, on the day of the session",
         .args = ArgParser().Positional("session", kSessionHelp),
         .example = "sessions check-in 8a0b3v1k9q2m7x4d",
         .run = CheckIn},
        {.name = "complete",
         .summary = "record the treatment given (practitioners)",
         .args = ArgParser()
                     .Positional("session", kSessionHelp)
                     .Repeated("product", "KV",
                               "name=...,lot=...,volume=ML,depth=MM,area=...,"
                               "points=N,concentration=X")
                     .Repeated("area", "AREA",
                               "an area treated (default: the products' areas)")
                     .Repeated("outcome", "KV", "code=...,site=...,value=X")
                     .Value("notes", "TEXT", "clinical notes"),
         .example = "sessions complete 8a0b3v1k9q2m7x4d --product "
                    "\"name=phosphatidylcholine_deoxycholate,lot=PC2291,"
                    "volume=4,depth=6,area=thighs,points=20,concentration=50\" "
                    "--outcome code=circumference_cm,site=thigh_left,value=58.5",
         .run = Complete,
         .details = "Every product needs name, lot and area; the treatment's "
                    "plugin checks doses, depths and outcome codes (see "
                    "'treatments protocol')."},
        {.name = "no-show",
         .summary = "mark that the patient did not come",
         .args = ArgParser().Positional("session", kSessionHelp),
         .example = "sessions no-show 8a0b3v1k9q2m7x4d",
         .run = NoShow},
        {.name = "get",
         .summary = "show a session (and its treatment record)",
         .args = ArgParser().Positional("session", kSessionHelp),
         .example = "sessions get 8a0b3v1k9q2m7x4d",
         .run = Get},
        {.name = "list",
         .summary = "list sessions by start time",
         .args = WithPagingFlags(
             ArgParser()
                 .Value("patient", "PATIENT", "a patient's sessions")
                 .Value("practitioner", "STAFF", "a practitioner's sessions")
                 .Value("room", "ROOM", "a room's sessions")
                 .Value("day", "DATE", "one day (YYYY-MM-DD, today, tomorrow)")
                 .Switch("include-cancelled", "include cancelled sessions")),
         .example = "sessions list --day today --practitioner 9k2m4x7q1v0d3a8b",
         .run = List},
        {.name = "course",
         .summary = "show a course and its sessions",
         .args = ArgParser().Positional("course", "course id or courses/{id}"),
         .example = "sessions course 2m7x4d8a0b3v1k9q",
         .run = Course},
        {.name = "watch",
         .summary = "follow a day's schedule live",
         .args = ArgParser()
                     .Value("day", "DATE", "the day (default today)")
                     .Value("for", "DURATION", "stop after this long (default: "
                                               "until interrupted)"),
         .example = "sessions watch --day today",
         .run = Watch,
         .details = "Prints the day's sessions as they are, then every change "
                    "as it commits. With --json, one JSON object per line."},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl
