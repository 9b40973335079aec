// clinicctl adverse-events: report adverse events and follow them up, trace
// a product lot, the safety summary, FHIR export (practitioners).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/key_values.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/adverse_events.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::AdverseEventService::Stub;

constexpr char kEventHelp[] = "adverse event id or adverseEvents/{id}";

std::string EventNameArg(const ParsedArgs& args) {
  return ResourceName("adverseEvents", args.Positional("event"), "<event>");
}

std::string OptionalName(const ParsedArgs& args, const std::string& flag,
                         absl::string_view collection) {
  return args.Has(flag)
             ? ResourceName(collection, args.Get(flag), absl::StrCat("--", flag))
             : "";
}

void PrintEvent(CliContext& context, const v1::AdverseEvent& event) {
  const absl::TimeZone& zone = context.zone();
  std::vector<std::string> seriousness;
  for (int criterion : event.seriousness()) {
    seriousness.push_back(EnumText(static_cast<v1::SeriousnessCriterion>(criterion)));
  }
  DetailList()
      .Add("Adverse event", event.name())
      .Add("Patient", event.patient())
      .Add("Session", event.session())
      .Add("Treatment type", event.treatment_type())
      .Add("Term", event.term())
      .Add("Description", event.description())
      .Add("Body site", event.body_site())
      .Add("Onset", FormatTime(event.onset_time(), zone))
      .Add("Aware", FormatTime(event.awareness_time(), zone))
      .Add("Grade", absl::StrCat(event.severity_grade(), " (now ",
                                 event.current_severity_grade(), ")"))
      .Add("Serious", event.serious()
                          ? absl::StrCat("YES: ", absl::StrJoin(seriousness, ", "))
                          : "no")
      .Add("Expected", YesNo(event.expected()))
      .Add("Relatedness", EnumText(event.relatedness()))
      .Add("Action", absl::StrJoin({EnumText(event.action_taken()),
                                    event.action_details()}, " "))
      .Add("Outcome", EnumText(event.current_outcome()))
      .Add("Recommended", event.recommended_action())
      .Add("Assessment", event.assessment_rationale())
      .Add("Expedited report due", FormatTime(event.expedited_report_due_time(), zone))
      .Add("Expedited report sent", FormatTime(event.expedited_report_submit_time(), zone))
      .Add("Reporter", event.reporter())
      .Print(context.out());
  if (event.suspected_products_size() > 0) {
    context.out() << "\n";
    Table products({"PRODUCT", "LOT", "RELATEDNESS"});
    for (const v1::SuspectedProduct& product : event.suspected_products()) {
      products.AddRow({product.product(), product.lot_number(),
                       EnumText(product.relatedness())});
    }
    products.Print(context.out());
  }
  if (event.follow_ups_size() > 0) {
    context.out() << "\n";
    Table follow_ups({"FOLLOW-UP", "OUTCOME", "GRADE", "BY", "NOTES"});
    for (const v1::FollowUp& follow_up : event.follow_ups()) {
      follow_ups.AddRow({FormatTime(follow_up.time(), zone),
                         EnumText(follow_up.outcome()),
                         follow_up.severity_grade() > 0
                             ? absl::StrCat(follow_up.severity_grade())
                             : "",
                         ShortId(follow_up.recorded_by()), follow_up.notes()});
    }
    follow_ups.Print(context.out());
  }
}

int Report(CliContext& context, const ParsedArgs& args) {
  v1::ReportAdverseEventRequest request;
  v1::AdverseEvent& event = *request.mutable_adverse_event();
  event.set_patient(ResourceName("patients", args.Positional("patient"), "<patient>"));
  event.set_session(OptionalName(args, "session", "sessions"));
  event.set_treatment_type(OptionalName(args, "type", "treatmentTypes"));
  event.set_term(args.Get("term"));
  event.set_severity_grade(args.GetInt("grade", 0));
  event.set_description(args.Get("description"));
  event.set_body_site(args.Get("site"));
  *event.mutable_onset_time() =
      ToProto(context.ParseTime(args.GetOr("onset", "now"), "--onset"));
  *event.mutable_awareness_time() =
      ToProto(context.ParseTime(args.GetOr("aware", "now"), "--aware"));
  for (const std::string& criterion : args.All("serious")) {
    event.add_seriousness(ParseEnum<v1::SeriousnessCriterion>(criterion, "--serious"));
  }
  if (args.Has("relatedness")) {
    event.set_relatedness(ParseEnum<v1::Relatedness>(args.Get("relatedness"),
                                                     "--relatedness"));
  }
  for (const std::string& text : args.All("product")) {
    const KeyValues kv =
        KeyValues::Parse(text, "--product", {"name", "lot", "relatedness"});
    v1::SuspectedProduct& product = *event.add_suspected_products();
    product.set_product(kv.Required("name"));
    product.set_lot_number(kv.Get("lot"));
    if (kv.Has("relatedness")) {
      product.set_relatedness(ParseEnum<v1::Relatedness>(
          kv.Get("relatedness"), "--product relatedness"));
    }
  }
  if (args.Has("action")) {
    event.set_action_taken(ParseEnum<v1::ActionTaken>(args.Get("action"), "--action"));
  }
  event.set_action_details(args.Get("action-details"));
  if (args.Has("outcome")) {
    event.set_outcome(ParseEnum<v1::EventOutcome>(args.Get("outcome"), "--outcome"));
  }
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ReportAdverseEvent, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

int FollowUp(CliContext& context, const ParsedArgs& args) {
  v1::AddFollowUpRequest request;
  request.set_adverse_event(EventNameArg(args));
  v1::FollowUp& follow_up = *request.mutable_follow_up();
  *follow_up.mutable_time() = ToProto(context.ParseTime(args.GetOr("at", "now"), "--at"));
  follow_up.set_outcome(ParseEnum<v1::EventOutcome>(args.Get("outcome"), "--outcome"));
  follow_up.set_severity_grade(args.GetInt("grade", 0));
  follow_up.set_notes(args.Get("notes"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::AddFollowUp, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

int Get(CliContext& context, const ParsedArgs& args) {
  v1::GetAdverseEventRequest request;
  request.set_name(EventNameArg(args));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::GetAdverseEvent, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

int List(CliContext& context, const ParsedArgs& args) {
  v1::ListAdverseEventsRequest request;
  request.set_patient(OptionalName(args, "patient", "patients"));
  request.set_treatment_type(OptionalName(args, "type", "treatmentTypes"));
  request.set_term(args.Get("term"));
  request.set_min_severity_grade(args.GetInt("min-grade", 0));
  request.set_serious_only(args.Switch("serious"));
  request.set_lot_number(args.Get("lot"));
  if (args.Has("from")) {
    *request.mutable_start_time() = ToProto(context.ParseTime(args.Get("from"), "--from"));
  }
  if (args.Has("to")) {
    *request.mutable_end_time() = ToProto(context.ParseTime(args.Get("to"), "--to"));
  }
  request.set_expedited_pending_only(args.Switch("expedited-pending"));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      FetchPages<v1::ListAdverseEventsRequest, v1::ListAdverseEventsResponse>(
          context, args, request, "adverse events", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListAdverseEvents, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"ID", "ONSET", "PATIENT", "TYPE", "TERM", "GRADE", "SERIOUS",
                 "OUTCOME", "REPORT DUE"});
    for (const v1::AdverseEvent& event : response.adverse_events()) {
      table.AddRow({ShortId(event.name()), FormatTime(event.onset_time(), zone),
                    ShortId(event.patient()), ShortId(event.treatment_type()),
                    event.term(), absl::StrCat(event.current_severity_grade()),
                    event.serious() ? "SERIOUS" : "",
                    EnumText(event.current_outcome()),
                    event.expedited_report_submit_time().seconds() > 0
                        ? "sent"
                        : FormatTime(event.expedited_report_due_time(), zone)});
    }
    table.Print(context.out());
  });
  return 0;
}

int TraceLot(CliContext& context, const ParsedArgs& args) {
  v1::TraceLotRequest request;
  request.set_product(args.Positional("product"));
  request.set_lot_number(args.Positional("lot"));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      FetchAllPages<v1::TraceLotRequest, v1::TraceLotResponse>(
          request, [&](const auto& page) {
            return context.Unary(*stub, &Stub::TraceLot, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    context.out() << request.product() << " lot " << request.lot_number()
                  << ": " << response.uses_size() << " uses, "
                  << response.patient_count() << " patients\n\n";
    Table table({"SESSION", "TIME", "PATIENT", "PRACTITIONER", "AREA",
                 "VOLUME ML", "ADVERSE EVENTS"});
    for (const v1::LotUse& use : response.uses()) {
      std::vector<std::string> events;
      for (const std::string& event : use.adverse_events()) {
        events.push_back(ShortId(event));
      }
      table.AddRow({ShortId(use.session()), FormatTime(use.session_time(), zone),
                    ShortId(use.patient()), ShortId(use.practitioner()),
                    use.area(), FormatNumber(use.volume_ml()),
                    absl::StrJoin(events, ",")});
    }
    table.Print(context.out());
  });
  return 0;
}

int SafetySummary(CliContext& context, const ParsedArgs& args) {
  v1::GetSafetySummaryRequest request;
  request.set_treatment_type(
      ResourceName("treatmentTypes", args.Positional("type"), "<type>"));
  *request.mutable_start_time() = ToProto(context.ParseTime(args.Get("from"), "--from"));
  *request.mutable_end_time() =
      ToProto(context.ParseTime(args.GetOr("to", "now"), "--to"));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::GetSafetySummary, request);
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    DetailList()
        .Add("Sessions performed", absl::StrCat(response.sessions_performed()))
        .Add("Adverse events", absl::StrCat(response.adverse_events()))
        .Add("Per 100 sessions", FormatNumber(response.events_per_100_sessions()))
        .Add("Serious events", absl::StrJoin(response.serious_events(), ", "))
        .Print(context.out());
    context.out() << "\n";
    Table terms({"TERM", "GRADE", "EVENTS", "PER 100 SESSIONS"});
    for (const v1::TermCount& count : response.by_term_and_grade()) {
      terms.AddRow({count.term(), absl::StrCat(count.severity_grade()),
                    absl::StrCat(count.events()),
                    FormatNumber(count.per_100_sessions())});
    }
    terms.Print(context.out());
    if (response.clusters_size() > 0) {
      context.out() << "\nClusters:\n";
      Table clusters({"KIND", "KEY", "EVENTS", "FIRST ONSET", "LAST ONSET"});
      for (const v1::EventCluster& cluster : response.clusters()) {
        clusters.AddRow({cluster.kind(), cluster.key(),
                         absl::StrCat(cluster.adverse_events_size()),
                         FormatTime(cluster.first_onset(), zone),
                         FormatTime(cluster.last_onset(), zone)});
      }
      clusters.Print(context.out());
    }
  });
  return 0;
}

int Export(CliContext& context, const ParsedArgs& args) {
  v1::ExportAdverseEventRequest request;
  request.set_name(EventNameArg(args));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ExportAdverseEvent, request);
  // The FHIR document is already JSON: print it as it is.
  context.out() << response.fhir_json() << "\n";
  return 0;
}

int MarkSubmitted(CliContext& context, const ParsedArgs& args) {
  v1::MarkExpeditedReportSubmittedRequest request;
  request.set_name(EventNameArg(args));
  *request.mutable_submit_time() =
      ToProto(context.ParseTime(args.GetOr("at", "now"), "--at"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      context.Unary(*stub, &Stub::MarkExpeditedReportSubmitted, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

int ReviewHold(CliContext& context, const ParsedArgs& args) {
  v1::ReviewSafetyHoldRequest request;
  request.set_course(ResourceName("courses", args.Positional("course"),
                                  "<course>"));
  request.set_decision(ParseEnum<v1::ReviewSafetyHoldRequest::Decision>(
      args.Get("decision"), "--decision"));
  request.set_reason(args.Get("reason"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ReviewSafetyHold, request);
  Emit(context, response, [&] {
    context.out() << response.course() << " is now " << response.state()
                  << "; sessions "
                  << (response.state() == "stopped" ? "cancelled" : "unflagged")
                  << ": " << response.sessions_size() << "\n";
    for (const std::string& session : response.sessions()) {
      context.out() << "  " << session << "\n";
    }
  });
  return 0;
}

int Tasks(CliContext& context, const ParsedArgs& args) {
  v1::ListFollowUpTasksRequest request;
  request.set_practitioner(OptionalName(args, "practitioner", "staff"));
  if (args.Has("due-before")) {
    *request.mutable_due_before() =
        ToProto(context.ParseTime(args.Get("due-before"), "--due-before"));
  }
  request.set_include_done(args.Switch("done"));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      FetchPages<v1::ListFollowUpTasksRequest, v1::ListFollowUpTasksResponse>(
          context, args, request, "follow-up tasks", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListFollowUpTasks, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"ID", "DUE", "CHECK", "PATIENT", "SESSION", "PRACTITIONER",
                 "DONE"});
    for (const v1::FollowUpTask& task : response.tasks()) {
      table.AddRow({ShortId(task.name()), FormatTime(task.due_time(), zone),
                    task.title(), ShortId(task.patient()),
                    ShortId(task.session()), ShortId(task.practitioner()),
                    FormatTime(task.done_time(), zone)});
    }
    table.Print(context.out());
  });
  return 0;
}

int CompleteTask(CliContext& context, const ParsedArgs& args) {
  v1::CompleteFollowUpTaskRequest request;
  request.set_name(
      ResourceName("followUpTasks", args.Positional("task"), "<task>"));
  request.set_note(args.Get("note"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      context.Unary(*stub, &Stub::CompleteFollowUpTask, request);
  Emit(context, response, [&] {
    context.out() << response.task().name() << " (" << response.task().title()
                  << ") done\n";
  });
  return 0;
}

const RegisterGroup kAdverseEvents(CommandGroup{
    .name = "adverse-events",
    .summary = "report and follow up adverse events; lots, safety summary",
    .commands = {
        {.name = "report",
         .summary = "report an adverse event (practitioners)",
         .args = ArgParser()
                     .Positional("patient", "patient id or patients/{id}")
                     .Required("term", "TERM",
                               "swelling, redness, bruising, ..., other")
                     .Required("grade", "N", "severity grade, 1 mild to 5")
                     .Value("session", "SESSION", "the session it followed")
                     .Value("type", "TYPE", "treatment type, when no --session")
                     .Value("description", "TEXT", "what happened (required for other)")
                     .Value("site", "SITE", "where on the body")
                     .Value("onset", "TIME", "when it began (default now)")
                     .Value("aware", "TIME", "when the clinic learned of it (default now)")
                     .Repeated("serious", "CRITERION",
                               "death, life-threatening, hospitalisation, "
                               "disability, congenital-anomaly, "
                               "other-medically-important")
                     .Value("relatedness", "R",
                            "unrelated, unlikely, possible, probable, certain")
                     .Repeated("product", "KV", "name=...,lot=...,relatedness=...")
                     .Value("action", "ACTION",
                            "none, treatment-paused, treatment-stopped, "
                            "medication-given, referred, hospitalised, other")
                     .Value("action-details", "TEXT", "what was done")
                     .Value("outcome", "OUTCOME",
                            "recovering, recovered, recovered-with-sequelae, "
                            "not-recovered, fatal, unknown"),
         .example = "adverse-events report 3v1k9q2m7x4d8a0b --session "
                    "8a0b3v1k9q2m7x4d --term bruising --grade 1 --site thighs "
                    "--relatedness probable --outcome recovering",
         .run = Report,
         .details = "A serious event, or one of grade 3 or more, suspends the "
                    "patient's courses of that treatment until reviewed."},
        {.name = "follow-up",
         .summary = "append a dated follow-up to a report",
         .args = ArgParser()
                     .Positional("event", kEventHelp)
                     .Required("outcome", "OUTCOME", "recovering, recovered, ...")
                     .Value("grade", "N", "the grade now (default unchanged)")
                     .Value("notes", "TEXT", "what was seen")
                     .Value("at", "TIME", "when (default now)"),
         .example = "adverse-events follow-up 5q2m7x4d8a0b3v1k --outcome "
                    "recovered --notes \"bruise gone\"",
         .run = FollowUp},
        {.name = "get",
         .summary = "show a report with its follow-ups",
         .args = ArgParser().Positional("event", kEventHelp),
         .example = "adverse-events get 5q2m7x4d8a0b3v1k",
         .run = Get},
        {.name = "list",
         .summary = "list reports",
         .args = WithPagingFlags(
             ArgParser()
                 .Value("patient", "PATIENT", "one patient's events")
                 .Value("type", "TYPE", "one treatment type's events")
                 .Value("term", "TERM", "one term")
                 .Value("min-grade", "N", "at least this grade")
                 .Switch("serious", "serious events only")
                 .Value("lot", "LOT", "events naming this lot")
                 .Value("from", "TIME", "onset at or after")
                 .Value("to", "TIME", "onset before")
                 .Switch("expedited-pending",
                         "serious unexpected events whose report is not sent")),
         .example = "adverse-events list --serious --expedited-pending",
         .run = List},
        {.name = "trace-lot",
         .summary = "every session and patient that received a lot",
         .args = ArgParser()
                     .Positional("product", "the product's name")
                     .Positional("lot", "the lot number"),
         .example = "adverse-events trace-lot caffeine CF2291",
         .run = TraceLot},
        {.name = "safety-summary",
         .summary = "event rates and clusters for a treatment over a period",
         .args = ArgParser()
                     .Positional("type", "treatment type id or treatmentTypes/{id}")
                     .Required("from", "TIME", "start of the period")
                     .Value("to", "TIME", "end of the period (default now)"),
         .example = "adverse-events safety-summary cellulite --from 2027-01-01T00:00:00Z",
         .run = SafetySummary},
        {.name = "export",
         .summary = "print a report as an HL7 FHIR R4 AdverseEvent (JSON)",
         .args = ArgParser().Positional("event", kEventHelp),
         .example = "adverse-events export 5q2m7x4d8a0b3v1k > event.json",
         .run = Export},
        {.name = "mark-submitted",
         .summary = "record that a serious unexpected event's expedited "
                    "report was sent",
         .args = ArgParser()
                     .Positional("event", kEventHelp)
                     .Value("at", "TIME", "when it was sent (default now)"),
         .example = "adverse-events mark-submitted 5q2m7x4d8a0b3v1k",
         .run = MarkSubmitted},
        {.name = "review-hold",
         .summary = "resume or stop a course suspended by a safety hold",
         .args = ArgParser()
                     .Positional("course", "course id or courses/{id}")
                     .Required("decision", "DECISION", "resume or stop")
                     .Required("reason", "TEXT", "why"),
         .example = "adverse-events review-hold 7x4d8a0b3v1k9q2m --decision "
                    "resume --reason \"bruising resolved, no infection\"",
         .run = ReviewHold,
         .details = "Resume allows bookings again and clears the flags on the "
                    "course's sessions; stop cancels its future sessions."},
        {.name = "tasks",
         .summary = "post-session follow-up checks due",
         .args = WithPagingFlags(
             ArgParser()
                 .Value("practitioner", "STAFF", "one practitioner's tasks")
                 .Value("due-before", "TIME", "only tasks due before this")
                 .Switch("done", "include tasks already done")),
         .example = "adverse-events tasks --due-before tomorrow",
         .run = Tasks},
        {.name = "complete-task",
         .summary = "record a follow-up check as done",
         .args = ArgParser()
                     .Positional("task", "task id or followUpTasks/{id}")
                     .Value("note", "TEXT", "what was found"),
         .example = "adverse-events complete-task 2m7x4d8a0b3v1k9q --note "
                    "\"no swelling, no nodules\"",
         .run = CompleteTask},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl
