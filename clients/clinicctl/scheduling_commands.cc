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
#include "clients/clinicctl/course_shape.h"
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

std::string SessionName(const std::string& session) {
  return ResourceName("sessions", session, "<session>");
}

// Commands whose one argument is a session.
struct SessionFlags {
  std::string session;
};

// --practitioner and --room, as book, book-course, move and slots take
// them.
struct PlaceFlags {
  std::string practitioner;
  std::string room;

  void SetOn(auto& request) const {
    request.set_practitioner(
        OptionalResourceName("staff", practitioner, "--practitioner"));
    request.set_room(OptionalResourceName("rooms", room, "--room"));
  }
};

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
          session.kind() == v1::SESSION_KIND_CONSULTATION
              ? "consultation"
              : ShortId(session.treatment_type()),
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
      .Add("Treatment type", session.kind() == v1::SESSION_KIND_CONSULTATION
                                 ? "(a consultation: no treatment)"
                                 : session.treatment_type())
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
      .Add("Consultation notes", session.consultation_notes())
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
  if (record.day_of_answers_size() > 0) {
    std::vector<std::string> answers;
    for (const v1::ChecklistAnswer& answer : record.day_of_answers()) {
      answers.push_back(
          absl::StrCat(answer.question(), "=", answer.yes() ? "yes" : "no"));
    }
    context.out() << "\nDay-of checklist: " << absl::StrJoin(answers, ", ")
                  << "\n";
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

struct SlotsFlags {
  std::string type;
  std::string from;
  std::string to;
  PlaceFlags place;
  PageFlags page;
};

int Slots(CliContext& context, const SlotsFlags& flags) {
  v1::FindAvailableSlotsRequest request;
  request.set_treatment_type(
      ResourceName("treatmentTypes", flags.type, "<type>"));
  *request.mutable_start_date() = context.ParseDate(flags.from, "--from");
  *request.mutable_end_date() = context.ParseDate(
      flags.to.empty() ? flags.from : flags.to, "--to");
  flags.place.SetOn(request);
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response =
      FetchPages<v1::FindAvailableSlotsRequest, v1::FindAvailableSlotsResponse>(
          context, flags.page, request, "slots", [&](const auto& page) {
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

// What book and book-course share: who, what, where, and the (first)
// session's start.
struct BookingFlags {
  std::string patient;
  std::string type;
  PlaceFlags place;
  std::string start;

  void SetOn(auto& request) const {
    request.set_patient(ResourceName("patients", patient, "<patient>"));
    request.set_treatment_type(
        ResourceName("treatmentTypes", type, "<type>"));
    place.SetOn(request);
  }
};

struct BookFlags {
  BookingFlags booking;
  std::string course;
};

int Book(CliContext& context, const BookFlags& flags) {
  v1::BookSessionRequest request;
  flags.booking.SetOn(request);
  *request.mutable_start_time() =
      ToProto(context.ParseTime(flags.booking.start, "--at"));
  request.set_course(
      OptionalResourceName("courses", flags.course, "--course"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::BookSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

struct BookConsultationFlags {
  std::string patient;
  PlaceFlags place;
  std::string start;
  int minutes = 0;
};

int BookConsultation(CliContext& context, const BookConsultationFlags& flags) {
  v1::BookSessionRequest request;
  request.set_kind(v1::SESSION_KIND_CONSULTATION);
  request.set_patient(ResourceName("patients", flags.patient, "<patient>"));
  flags.place.SetOn(request);
  *request.mutable_start_time() =
      ToProto(context.ParseTime(flags.start, "--at"));
  request.set_consultation_minutes(flags.minutes);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::BookSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

struct CompleteConsultationFlags {
  std::string session;
  std::string notes;
};

int CompleteConsultation(CliContext& context,
                         const CompleteConsultationFlags& flags) {
  v1::CompleteSessionRequest request;
  request.set_session(SessionName(flags.session));
  request.set_consultation_notes(flags.notes);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::CompleteSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

struct BookCourseFlags {
  BookingFlags booking;
  CourseShapeFlags shape;
};

int BookCourse(CliContext& context, const BookCourseFlags& flags) {
  v1::BookCourseRequest request;
  flags.booking.SetOn(request);
  *request.mutable_first_session_time() =
      ToProto(context.ParseTime(flags.booking.start, "--first"));
  flags.shape.SetOn(request);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::BookCourse, request);
  Emit(context, response, [&] { PrintCourse(context, response.course()); });
  return 0;
}

struct MoveFlags {
  std::string session;
  std::string to;
  PlaceFlags place;
  bool dry_run = false;
};

int Move(CliContext& context, const MoveFlags& flags) {
  v1::RescheduleSessionRequest request;
  request.set_session(SessionName(flags.session));
  *request.mutable_new_start_time() =
      ToProto(context.ParseTime(flags.to, "--to"));
  flags.place.SetOn(request);
  // A preview keeps no request_id, but the server checks its format, and a
  // new one costs nothing.
  request.set_request_id(NewRequestId());
  request.set_validate_only(flags.dry_run);
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::RescheduleSession, request);
  Emit(context, response, [&] {
    if (flags.dry_run) {
      context.out() << "Preview only: nothing was moved. The move would give:"
                       "\n\n";
    }
    PrintSession(context, response.session());
    if (response.also_moved_size() > 0) {
      context.out() << (flags.dry_run
                            ? "\nLater sessions of the course would move "
                              "with it:\n"
                            : "\nLater sessions of the course moved with it:"
                              "\n");
      PrintSessions(context, response.also_moved());
    }
  });
  return 0;
}

struct CancelFlags {
  std::string session;
  std::string reason;
};

int Cancel(CliContext& context, const CancelFlags& flags) {
  v1::CancelSessionRequest request;
  request.set_session(SessionName(flags.session));
  request.set_reason(flags.reason);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::CancelSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

// check-in and no-show: a session name and a request id.
template <typename Request, typename Response>
int SimpleTransition(CliContext& context, const SessionFlags& flags,
                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                  const Request&, Response*)) {
  Request request;
  request.set_session(SessionName(flags.session));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const Response response = context.Unary(*stub, method, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int CheckIn(CliContext& context, const SessionFlags& flags) {
  return SimpleTransition(context, flags, &Stub::CheckIn);
}

int NoShow(CliContext& context, const SessionFlags& flags) {
  return SimpleTransition(context, flags, &Stub::MarkNoShow);
}

struct CompleteFlags {
  std::string session;
  std::vector<std::string> products;
  std::vector<std::string> areas;
  std::vector<std::string> outcomes;
  std::vector<std::string> answers;
  std::string notes;
};

// "--answer pregnancy_possible=no": one answer of the day-of checklist.
v1::ChecklistAnswer ParseAnswer(const std::string& text) {
  const std::size_t equals = text.find('=');
  const std::string value =
      equals == std::string::npos ? "" : text.substr(equals + 1);
  if (equals == 0 || (value != "yes" && value != "no")) {
    throw UsageError(absl::StrCat("--answer '", text,
                                  "': expected QUESTION=yes or QUESTION=no"));
  }
  v1::ChecklistAnswer answer;
  answer.set_question(text.substr(0, equals));
  answer.set_yes(value == "yes");
  return answer;
}

int Complete(CliContext& context, const CompleteFlags& flags) {
  v1::CompleteSessionRequest request;
  request.set_session(SessionName(flags.session));
  v1::TreatmentRecord& record = *request.mutable_treatment_record();
  for (const std::string& text : flags.products) {
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
  std::vector<std::string> areas = flags.areas;
  if (areas.empty()) {
    for (const v1::ProductUse& use : record.products()) {
      if (std::find(areas.begin(), areas.end(), use.area()) == areas.end()) {
        areas.push_back(use.area());
      }
    }
  }
  for (const std::string& area : areas) record.add_areas(area);
  for (const std::string& text : flags.outcomes) {
    const KeyValues kv = KeyValues::Parse(text, "--outcome", {"code", "site", "value"});
    v1::OutcomeMeasurement& outcome = *record.add_outcomes();
    outcome.set_code(kv.Required("code"));
    outcome.set_site(kv.Get("site"));
    outcome.set_value(kv.GetDouble("value"));
  }
  for (const std::string& text : flags.answers) {
    *record.add_day_of_answers() = ParseAnswer(text);
  }
  record.set_notes(flags.notes);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::CompleteSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

int Get(CliContext& context, const SessionFlags& flags) {
  v1::GetSessionRequest request;
  request.set_name(SessionName(flags.session));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::GetSession, request);
  Emit(context, response, [&] { PrintSession(context, response.session()); });
  return 0;
}

struct ListFlags {
  std::string patient;
  PlaceFlags place;
  std::string day;
  bool include_cancelled = false;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListSessionsRequest request;
  request.set_patient(
      OptionalResourceName("patients", flags.patient, "--patient"));
  flags.place.SetOn(request);
  if (!flags.day.empty()) {
    *request.mutable_day() = context.ParseDate(flags.day, "--day");
  }
  if (flags.patient.empty() && flags.place.practitioner.empty() &&
      flags.place.room.empty() && flags.day.empty()) {
    throw UsageError(
        "give at least one of --patient, --practitioner, --room, --day");
  }
  request.set_include_cancelled(flags.include_cancelled);
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response =
      FetchPages<v1::ListSessionsRequest, v1::ListSessionsResponse>(
          context, flags.page, request, "sessions", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListSessions, page);
          });
  Emit(context, response, [&] { PrintSessions(context, response.sessions()); });
  return 0;
}

struct CourseFlags {
  std::string course;
};

int Course(CliContext& context, const CourseFlags& flags) {
  v1::GetCourseRequest request;
  request.set_name(ResourceName("courses", flags.course, "<course>"));
  auto stub = context.Stub<v1::SchedulingService>();
  const auto response = context.Unary(*stub, &Stub::GetCourse, request);
  Emit(context, response, [&] { PrintCourse(context, response.course()); });
  return 0;
}

// Streams a day's schedule until interrupted, or for --for. One line per
// change; with --json one JSON object per line.
struct WatchFlags {
  std::string day = "today";
  std::string for_duration;
};

int Watch(CliContext& context, const WatchFlags& flags) {
  v1::WatchScheduleRequest request;
  *request.mutable_day() = context.ParseDate(flags.day, "--day");
  absl::Duration duration = absl::InfiniteDuration();
  if (!flags.for_duration.empty() &&
      !absl::ParseDuration(flags.for_duration, &duration)) {
    throw UsageError(absl::StrCat("--for: \"", flags.for_duration,
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

// Adds what book and book-course share; `time_flag` is the start's flag.
void AddBookingFlags(CLI::App& command, BookingFlags& flags,
                     const std::string& time_flag,
                     const std::string& time_help) {
  Positional(command, "patient", flags.patient, kPatientHelp);
  Positional(command, "type", flags.type, kTypeHelp);
  Required(command, "--practitioner", flags.place.practitioner, "STAFF",
           "the practitioner");
  Required(command, "--room", flags.place.room, "ROOM", "the room");
  Required(command, time_flag, flags.start, "TIME", time_help);
}

// Adds a command whose one argument is a session.
void AddSessionCommand(CommandGroup& group, CommandInfo info,
                       int (*run)(CliContext&, const SessionFlags&)) {
  auto [command, flags] = group.Add(std::move(info), run);
  Positional(*command, "session", flags->session, kSessionHelp);
}

void AddBookingCommands(CommandGroup& group) {
  auto [slots, slots_flags] = group.Add(
      {.name = "slots",
       .summary = "find free slots for a treatment type",
       .example = "sessions slots cellulite --from 2027-03-01 --to "
                  "2027-03-05"},
      Slots);
  Positional(*slots, "type", slots_flags->type, kTypeHelp);
  Required(*slots, "--from", slots_flags->from, "DATE",
           "first day (YYYY-MM-DD, today, tomorrow)");
  Value(*slots, "--to", slots_flags->to, "DATE",
        "last day (default --from; at most 31 days)");
  Value(*slots, "--practitioner", slots_flags->place.practitioner, "STAFF",
        "only this practitioner");
  Value(*slots, "--room", slots_flags->place.room, "ROOM", "only this room");
  AddPagingFlags(*slots, slots_flags->page);

  auto [book, book_flags] = group.Add(
      {.name = "book",
       .summary = "book one session (or a course's next session)",
       .example = "sessions book 3v1k9q2m7x4d8a0b cellulite --practitioner "
                  "9k2m4x7q1v0d3a8b --room 4d8a0b3v1k9q2m7x --at "
                  "\"2027-03-01 10:30\""},
      Book);
  AddBookingFlags(*book, book_flags->booking, "--at", "the session's start");
  Value(*book, "--course", book_flags->course, "COURSE",
        "book the next session of this course");

  auto [consultation, consultation_flags] = group.Add(
      {.name = "book-consultation",
       .summary = "book a first visit: a practitioner screens the patient "
                  "and takes consent; no treatment",
       .example = "sessions book-consultation 3v1k9q2m7x4d8a0b --practitioner "
                  "9k2m4x7q1v0d3a8b --room 4d8a0b3v1k9q2m7x --at "
                  "\"2027-03-01 10:30\" --minutes 45"},
      BookConsultation);
  Positional(*consultation, "patient", consultation_flags->patient,
             kPatientHelp);
  Required(*consultation, "--practitioner",
           consultation_flags->place.practitioner, "STAFF", "the practitioner");
  Required(*consultation, "--room", consultation_flags->place.room, "ROOM",
           "the room");
  Required(*consultation, "--at", consultation_flags->start, "TIME",
           "the consultation's start");
  Value(*consultation, "--minutes", consultation_flags->minutes, "MINUTES",
        "how long, 10 to 120 (default 30)");

  auto [course, course_flags] = group.Add(
      {.name = "book-course",
       .summary = "book a whole course by the protocol, all or nothing",
       .example = "sessions book-course 3v1k9q2m7x4d8a0b cellulite "
                  "--practitioner 9k2m4x7q1v0d3a8b --room 4d8a0b3v1k9q2m7x "
                  "--first \"2027-03-01 10:30\" --sessions 6"},
      BookCourse);
  AddBookingFlags(*course, course_flags->booking, "--first",
                  "the first session's start");
  AddCourseShapeFlags(*course, course_flags->shape, "book");

  auto [move, move_flags] = group.Add(
      {.name = "move",
       .summary = "move a session; later course sessions follow as needed",
       .example = "sessions move 8a0b3v1k9q2m7x4d --to \"2027-03-03 14:00\""},
      Move);
  Positional(*move, "session", move_flags->session, kSessionHelp);
  Required(*move, "--to", move_flags->to, "TIME", "the new start");
  Value(*move, "--practitioner", move_flags->place.practitioner, "STAFF",
        "another practitioner");
  Value(*move, "--room", move_flags->place.room, "ROOM", "another room");
  Switch(*move, "--dry-run", move_flags->dry_run,
         "only show where the session and its course would go: every check "
         "runs, nothing moves");

  auto [cancel, cancel_flags] = group.Add(
      {.name = "cancel",
       .summary = "cancel a booked session",
       .example = "sessions cancel 8a0b3v1k9q2m7x4d --reason \"patient is "
                  "ill\""},
      Cancel);
  Positional(*cancel, "session", cancel_flags->session, kSessionHelp);
  Required(*cancel, "--reason", cancel_flags->reason, "TEXT", "why");
}

void AddSessionDayCommands(CommandGroup& group) {
  AddSessionCommand(group,
                    {.name = "check-in",
                     .summary = "check a patient in, on the day of the "
                                "session",
                     .example = "sessions check-in 8a0b3v1k9q2m7x4d"},
                    CheckIn);

  auto [complete, complete_flags] = group.Add(
      {.name = "complete",
       .summary = "record the treatment given (practitioners)",
       .example = "sessions complete 8a0b3v1k9q2m7x4d --product "
                  "\"name=phosphatidylcholine_deoxycholate,lot=PC2291,"
                  "volume=4,depth=6,area=thighs,points=20,concentration=50\" "
                  "--outcome code=circumference_cm,site=thigh_left,value=58.5",
       .details = "Every product needs name, lot and area; the treatment's "
                  "plugin checks doses, depths and outcome codes (see "
                  "'treatments protocol'). Every question of the "
                  "protocol's day-of checklist needs an --answer; an "
                  "answer that stops the treatment refuses the session."},
      Complete);
  Positional(*complete, "session", complete_flags->session, kSessionHelp);
  Repeated(*complete, "--product", complete_flags->products, "KV",
           "name=...,lot=...,volume=ML,depth=MM,area=...,points=N,"
           "concentration=X");
  Repeated(*complete, "--area", complete_flags->areas, "AREA",
           "an area treated (default: the products' areas)");
  Repeated(*complete, "--outcome", complete_flags->outcomes, "KV",
           "code=...,site=...,value=X");
  Repeated(*complete, "--answer", complete_flags->answers, "QUESTION=yes|no",
           "the answer to a day-of checklist question, such as "
           "pregnancy_possible=no (questions: 'treatments protocol')");
  Value(*complete, "--notes", complete_flags->notes, "TEXT",
        "clinical notes");

  auto [complete_consultation, complete_consultation_flags] = group.Add(
      {.name = "complete-consultation",
       .summary = "end a consultation with what was found (practitioners)",
       .example = "sessions complete-consultation 8a0b3v1k9q2m7x4d --notes "
                  "\"Screened; consent to cellulite signed.\""},
      CompleteConsultation);
  Positional(*complete_consultation, "session",
             complete_consultation_flags->session, kSessionHelp);
  Required(*complete_consultation, "--notes",
           complete_consultation_flags->notes, "TEXT",
           "what the practitioner found and agreed with the patient");

  AddSessionCommand(group,
                    {.name = "no-show",
                     .summary = "mark that the patient did not come",
                     .example = "sessions no-show 8a0b3v1k9q2m7x4d"},
                    NoShow);
}

void AddSessionViewCommands(CommandGroup& group) {
  AddSessionCommand(group,
                    {.name = "get",
                     .summary = "show a session (and its treatment record)",
                     .example = "sessions get 8a0b3v1k9q2m7x4d"},
                    Get);

  auto [list, list_flags] = group.Add(
      {.name = "list",
       .summary = "list sessions by start time",
       .example = "sessions list --day today --practitioner "
                  "9k2m4x7q1v0d3a8b"},
      List);
  Value(*list, "--patient", list_flags->patient, "PATIENT",
        "a patient's sessions");
  Value(*list, "--practitioner", list_flags->place.practitioner, "STAFF",
        "a practitioner's sessions");
  Value(*list, "--room", list_flags->place.room, "ROOM", "a room's sessions");
  Value(*list, "--day", list_flags->day, "DATE",
        "one day (YYYY-MM-DD, today, tomorrow)");
  Switch(*list, "--include-cancelled", list_flags->include_cancelled,
         "include cancelled sessions");
  AddPagingFlags(*list, list_flags->page);

  auto [course, course_flags] = group.Add(
      {.name = "course",
       .summary = "show a course and its sessions",
       .example = "sessions course 2m7x4d8a0b3v1k9q"},
      Course);
  Positional(*course, "course", course_flags->course,
             "course id or courses/{id}");

  auto [watch, watch_flags] = group.Add(
      {.name = "watch",
       .summary = "follow a day's schedule live",
       .example = "sessions watch --day today",
       .details = "Prints the day's sessions as they are, then every change "
                  "as it commits. With --json, one JSON object per line."},
      Watch);
  Value(*watch, "--day", watch_flags->day, "DATE", "the day (default today)");
  Value(*watch, "--for", watch_flags->for_duration, "DURATION",
        "stop after this long (default: until interrupted)");
}

void AddSessionCommands(CommandGroup& group) {
  AddBookingCommands(group);
  AddSessionDayCommands(group);
  AddSessionViewCommands(group);
}

const RegisterGroup kSessions(
    "sessions", "slots, booking, moving, check-in, completing; watch a day",
    AddSessionCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl
