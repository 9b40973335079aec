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

std::string EventName(const std::string& event) {
  return ResourceName("adverseEvents", event, "<event>");
}

// Commands whose one argument is an event.
struct EventFlags {
  std::string event;
};

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
      .Add("Relatedness",
           absl::StrCat(EnumText(event.relatedness()), " (now ",
                        EnumText(event.current_relatedness()), ")",
                        event.legacy_relatedness() != 0
                            ? absl::StrCat("; recorded as ",
                                           EnumText(event.legacy_relatedness()))
                            : ""))
      .Add("Action", absl::StrJoin({EnumText(event.action_taken()),
                                    event.action_details()}, " "))
      .Add("Outcome", EnumText(event.current_outcome()))
      .Add("Recommended", event.recommended_action())
      .Add("Assessment", event.assessment_pending()
                             ? absl::StrCat("PENDING: ",
                                            event.assessment_pending_reason())
                             : event.assessment_rationale())
      .Add("Expedited report due", FormatTime(event.expedited_report_due_time(), zone))
      .Add("Expedited report sent", FormatTime(event.expedited_report_submit_time(), zone))
      .Add("Sent to", absl::StrJoin({event.expedited_report_authority(),
                                     event.expedited_report_reference()}, " "))
      .Add("Follow-up report due", FormatTime(event.follow_up_report_due_time(), zone))
      .Add("Follow-up report sent", FormatTime(event.follow_up_report_submit_time(), zone))
      .Add("Reporter", absl::StrJoin({event.reporter(),
                                      EnumText(event.reporter_kind())}, " "))
      .Add("Reporter's words", event.reporter_narrative())
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

// "--serious" and "--relatedness", which a report and a follow-up (an
// AdverseEvent or a FollowUp) take alike.
template <typename Message>
void SetSeriousnessAndCausality(const std::vector<std::string>& criteria,
                                const std::string& relatedness,
                                Message& message) {
  for (const std::string& criterion : criteria) {
    message.add_seriousness(
        ParseEnum<v1::SeriousnessCriterion>(criterion, "--serious"));
  }
  if (!relatedness.empty()) {
    message.set_relatedness(
        ParseEnum<v1::Relatedness>(relatedness, "--relatedness"));
  }
}

struct ReportFlags {
  std::string patient;
  std::string term;
  int grade = 0;
  std::string session;
  std::string type;
  std::string description;
  std::string site;
  std::string onset = "now";
  std::string aware = "now";
  std::vector<std::string> serious;
  std::string relatedness;
  std::vector<std::string> products;
  std::string action;
  std::string action_details;
  std::string outcome;
  std::string reporter;
  std::string reporter_words;
};

int Report(CliContext& context, const ReportFlags& flags) {
  v1::ReportAdverseEventRequest request;
  v1::AdverseEvent& event = *request.mutable_adverse_event();
  event.set_patient(ResourceName("patients", flags.patient, "<patient>"));
  event.set_session(
      OptionalResourceName("sessions", flags.session, "--session"));
  event.set_treatment_type(
      OptionalResourceName("treatmentTypes", flags.type, "--type"));
  event.set_term(flags.term);
  event.set_severity_grade(flags.grade);
  event.set_description(flags.description);
  event.set_body_site(flags.site);
  *event.mutable_onset_time() =
      ToProto(context.ParseTime(flags.onset, "--onset"));
  *event.mutable_awareness_time() =
      ToProto(context.ParseTime(flags.aware, "--aware"));
  SetSeriousnessAndCausality(flags.serious, flags.relatedness, event);
  for (const std::string& text : flags.products) {
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
  if (!flags.action.empty()) {
    event.set_action_taken(
        ParseEnum<v1::ActionTaken>(flags.action, "--action"));
  }
  event.set_action_details(flags.action_details);
  if (!flags.outcome.empty()) {
    event.set_outcome(ParseEnum<v1::EventOutcome>(flags.outcome, "--outcome"));
  }
  if (!flags.reporter.empty()) {
    event.set_reporter_kind(
        ParseEnum<v1::ReporterKind>(flags.reporter, "--reporter"));
  }
  event.set_reporter_narrative(flags.reporter_words);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ReportAdverseEvent, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

struct FollowUpFlags {
  std::string event;
  std::string outcome;
  int grade = 0;
  std::vector<std::string> serious;
  std::string relatedness;
  std::string notes;
  std::string at = "now";
};

int FollowUp(CliContext& context, const FollowUpFlags& flags) {
  v1::AddFollowUpRequest request;
  request.set_adverse_event(EventName(flags.event));
  v1::FollowUp& follow_up = *request.mutable_follow_up();
  *follow_up.mutable_time() = ToProto(context.ParseTime(flags.at, "--at"));
  follow_up.set_outcome(
      ParseEnum<v1::EventOutcome>(flags.outcome, "--outcome"));
  follow_up.set_severity_grade(flags.grade);
  SetSeriousnessAndCausality(flags.serious, flags.relatedness, follow_up);
  follow_up.set_notes(flags.notes);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::AddFollowUp, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

int Get(CliContext& context, const EventFlags& flags) {
  v1::GetAdverseEventRequest request;
  request.set_name(EventName(flags.event));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::GetAdverseEvent, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

struct ListFlags {
  std::string patient;
  std::string type;
  std::string term;
  int min_grade = 0;
  bool serious = false;
  std::string lot;
  std::string from;
  std::string to;
  bool expedited_pending = false;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListAdverseEventsRequest request;
  request.set_patient(
      OptionalResourceName("patients", flags.patient, "--patient"));
  request.set_treatment_type(
      OptionalResourceName("treatmentTypes", flags.type, "--type"));
  request.set_term(flags.term);
  request.set_min_severity_grade(flags.min_grade);
  request.set_serious_only(flags.serious);
  request.set_lot_number(flags.lot);
  if (!flags.from.empty()) {
    *request.mutable_start_time() =
        ToProto(context.ParseTime(flags.from, "--from"));
  }
  if (!flags.to.empty()) {
    *request.mutable_end_time() = ToProto(context.ParseTime(flags.to, "--to"));
  }
  request.set_expedited_pending_only(flags.expedited_pending);
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      FetchPages<v1::ListAdverseEventsRequest, v1::ListAdverseEventsResponse>(
          context, flags.page, request, "adverse events",
          [&](const auto& page) {
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

struct TraceLotFlags {
  std::string product;
  std::string lot;
};

int TraceLot(CliContext& context, const TraceLotFlags& flags) {
  v1::TraceLotRequest request;
  request.set_product(flags.product);
  request.set_lot_number(flags.lot);
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

struct SafetySummaryFlags {
  std::string type;
  std::string from;
  std::string to = "now";
};

int SafetySummary(CliContext& context, const SafetySummaryFlags& flags) {
  v1::GetSafetySummaryRequest request;
  request.set_treatment_type(
      ResourceName("treatmentTypes", flags.type, "<type>"));
  *request.mutable_start_time() =
      ToProto(context.ParseTime(flags.from, "--from"));
  *request.mutable_end_time() = ToProto(context.ParseTime(flags.to, "--to"));
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

int Export(CliContext& context, const EventFlags& flags) {
  v1::ExportAdverseEventRequest request;
  request.set_name(EventName(flags.event));
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ExportAdverseEvent, request);
  // The FHIR document is already JSON: print it as it is.
  context.out() << response.fhir_json() << "\n";
  return 0;
}

struct MarkSubmittedFlags {
  std::string event;
  std::string at = "now";
  std::string authority;
  std::string reference;
  bool follow_up = false;
};

int MarkSubmitted(CliContext& context, const MarkSubmittedFlags& flags) {
  v1::MarkExpeditedReportSubmittedRequest request;
  request.set_name(EventName(flags.event));
  *request.mutable_submit_time() =
      ToProto(context.ParseTime(flags.at, "--at"));
  request.set_authority(flags.authority);
  request.set_reference(flags.reference);
  request.set_follow_up_report(flags.follow_up);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      context.Unary(*stub, &Stub::MarkExpeditedReportSubmitted, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

struct ReviewHoldFlags {
  std::string course;
  std::string patient;
  std::string decision;
  std::string reason;
};

int ReviewHold(CliContext& context, const ReviewHoldFlags& flags) {
  v1::ReviewSafetyHoldRequest request;
  if (!flags.course.empty()) {
    request.set_course(ResourceName("courses", flags.course, "<course>"));
  } else {
    request.set_patient(ResourceName("patients", flags.patient, "<patient>"));
  }
  request.set_decision(ParseEnum<v1::ReviewSafetyHoldRequest::Decision>(
      flags.decision, "--decision"));
  request.set_reason(flags.reason);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(*stub, &Stub::ReviewSafetyHold, request);
  Emit(context, response, [&] {
    if (response.course().empty()) {
      context.out() << request.patient()
                    << ": the hold on every treatment is reviewed\n";
      return;
    }
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

int Vocabulary(CliContext& context) {
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response = context.Unary(
      *stub, &Stub::GetAdverseEventVocabulary,
      v1::GetAdverseEventVocabularyRequest());
  Emit(context, response, [&] {
    for (const v1::AdverseEventTerm& term : response.terms()) {
      std::vector<std::string> marks;
      if (term.systemic()) marks.push_back("holds every treatment");
      if (term.ends_course()) marks.push_back("suspends the course at any grade");
      context.out() << term.code() << ": " << term.display_name()
                    << (marks.empty() ? ""
                                      : absl::StrCat(" (", absl::StrJoin(marks, "; "), ")"))
                    << "\n";
      for (int grade = 0; grade < term.grades_size(); ++grade) {
        context.out() << "  grade " << grade + 1 << ": " << term.grades(grade)
                      << "\n";
      }
    }
  });
  return 0;
}

int RetryAssessment(CliContext& context, const EventFlags& flags) {
  v1::RetryAdverseEventAssessmentRequest request;
  request.set_name(EventName(flags.event));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      context.Unary(*stub, &Stub::RetryAdverseEventAssessment, request);
  Emit(context, response, [&] { PrintEvent(context, response.adverse_event()); });
  return 0;
}

struct TasksFlags {
  std::string practitioner;
  std::string due_before;
  bool done = false;
  PageFlags page;
};

int Tasks(CliContext& context, const TasksFlags& flags) {
  v1::ListFollowUpTasksRequest request;
  request.set_practitioner(
      OptionalResourceName("staff", flags.practitioner, "--practitioner"));
  if (!flags.due_before.empty()) {
    *request.mutable_due_before() =
        ToProto(context.ParseTime(flags.due_before, "--due-before"));
  }
  request.set_include_done(flags.done);
  auto stub = context.Stub<v1::AdverseEventService>();
  const auto response =
      FetchPages<v1::ListFollowUpTasksRequest, v1::ListFollowUpTasksResponse>(
          context, flags.page, request, "follow-up tasks",
          [&](const auto& page) {
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

struct CompleteTaskFlags {
  std::string task;
  std::string note;
};

int CompleteTask(CliContext& context, const CompleteTaskFlags& flags) {
  v1::CompleteFollowUpTaskRequest request;
  request.set_name(ResourceName("followUpTasks", flags.task, "<task>"));
  request.set_note(flags.note);
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

// Adds a command whose one argument is an event.
void AddEventCommand(CommandGroup& group, CommandInfo info,
                     int (*run)(CliContext&, const EventFlags&)) {
  auto [command, flags] = group.Add(std::move(info), run);
  Positional(*command, "event", flags->event, kEventHelp);
}

void AddReport(CommandGroup& group) {
  auto [report, flags] = group.Add(
      {.name = "report",
       .summary = "report an adverse event (practitioners)",
       .example = "adverse-events report 3v1k9q2m7x4d8a0b --session "
                  "8a0b3v1k9q2m7x4d --term bruising --grade 1 --site thighs "
                  "--relatedness probable --outcome recovering",
       .details = "A serious event, or one of grade 3 or more, suspends the "
                  "patient's courses of that treatment until reviewed."},
      Report);
  Positional(*report, "patient", flags->patient, "patient id or patients/{id}");
  Required(*report, "--term", flags->term, "TERM",
           "swelling, redness, bruising, ..., other");
  Required(*report, "--grade", flags->grade, "N",
           "severity grade, 1 mild to 5");
  Value(*report, "--session", flags->session, "SESSION",
        "the session it followed");
  Value(*report, "--type", flags->type, "TYPE",
        "treatment type, when no --session");
  Value(*report, "--description", flags->description, "TEXT",
        "what happened (required for other)");
  Value(*report, "--site", flags->site, "SITE", "where on the body");
  Value(*report, "--onset", flags->onset, "TIME",
        "when it began (default now)");
  Value(*report, "--aware", flags->aware, "TIME",
        "when the clinic learned of it (default now)");
  Repeated(*report, "--serious", flags->serious, "CRITERION",
           "death, life-threatening, hospitalisation, disability, "
           "congenital-anomaly, other-medically-important");
  Value(*report, "--relatedness", flags->relatedness, "R",
        "WHO-UMC causality: certain, probable, possible, unlikely, "
        "conditional, unassessable (required for a serious event)");
  Repeated(*report, "--product", flags->products, "KV",
           "name=...,lot=...,relatedness=...");
  Value(*report, "--action", flags->action, "ACTION",
        "none, treatment-paused, treatment-stopped, medication-given, "
        "referred, hospitalised, other");
  Value(*report, "--action-details", flags->action_details, "TEXT",
        "what was done");
  Value(*report, "--outcome", flags->outcome, "OUTCOME",
        "recovering, recovered, recovered-with-sequelae, not-recovered, "
        "fatal, unknown");
  Value(*report, "--reporter", flags->reporter, "WHO",
        "who told the clinic: practitioner (default), other-staff, patient");
  Value(*report, "--reporter-words", flags->reporter_words, "TEXT",
        "the reporter's own words (required when the patient reported it)");
}

void AddList(CommandGroup& group) {
  auto [list, flags] = group.Add(
      {.name = "list",
       .summary = "list reports",
       .example = "adverse-events list --serious --expedited-pending"},
      List);
  Value(*list, "--patient", flags->patient, "PATIENT", "one patient's events");
  Value(*list, "--type", flags->type, "TYPE", "one treatment type's events");
  Value(*list, "--term", flags->term, "TERM", "one term");
  Value(*list, "--min-grade", flags->min_grade, "N", "at least this grade");
  Switch(*list, "--serious", flags->serious, "serious events only");
  Value(*list, "--lot", flags->lot, "LOT", "events naming this lot");
  Value(*list, "--from", flags->from, "TIME", "onset at or after");
  Value(*list, "--to", flags->to, "TIME", "onset before");
  Switch(*list, "--expedited-pending", flags->expedited_pending,
         "serious unexpected events whose report is not sent");
  AddPagingFlags(*list, flags->page);
}

void AddAdverseEventCommands(CommandGroup& group) {
  AddReport(group);

  auto [follow_up, follow_up_flags] = group.Add(
      {.name = "follow-up",
       .summary = "append a dated follow-up to a report",
       .example = "adverse-events follow-up 5q2m7x4d8a0b3v1k --outcome "
                  "recovered --notes \"bruise gone\""},
      FollowUp);
  Positional(*follow_up, "event", follow_up_flags->event, kEventHelp);
  Required(*follow_up, "--outcome", follow_up_flags->outcome, "OUTCOME",
           "recovering, recovered, ...");
  Value(*follow_up, "--grade", follow_up_flags->grade, "N",
        "the grade now (default unchanged)");
  Repeated(*follow_up, "--serious", follow_up_flags->serious, "CRITERION",
           "seriousness criteria now (default unchanged): "
           "hospitalisation, life-threatening, ...");
  Value(*follow_up, "--relatedness", follow_up_flags->relatedness, "R",
        "the causality now (default unchanged)");
  Value(*follow_up, "--notes", follow_up_flags->notes, "TEXT",
        "what was seen");
  Value(*follow_up, "--at", follow_up_flags->at, "TIME", "when (default now)");

  AddEventCommand(group,
                  {.name = "get",
                   .summary = "show a report with its follow-ups",
                   .example = "adverse-events get 5q2m7x4d8a0b3v1k"},
                  Get);
  AddList(group);

  auto [trace, trace_flags] = group.Add(
      {.name = "trace-lot",
       .summary = "every session and patient that received a lot",
       .example = "adverse-events trace-lot caffeine CF2291"},
      TraceLot);
  Positional(*trace, "product", trace_flags->product, "the product's name");
  Positional(*trace, "lot", trace_flags->lot, "the lot number");

  auto [summary, summary_flags] = group.Add(
      {.name = "safety-summary",
       .summary = "event rates and clusters for a treatment over a period",
       .example = "adverse-events safety-summary cellulite --from "
                  "2027-01-01T00:00:00Z"},
      SafetySummary);
  Positional(*summary, "type", summary_flags->type,
             "treatment type id or treatmentTypes/{id}");
  Required(*summary, "--from", summary_flags->from, "TIME",
           "start of the period");
  Value(*summary, "--to", summary_flags->to, "TIME",
        "end of the period (default now)");

  AddEventCommand(
      group,
      {.name = "export",
       .summary = "print a report as an HL7 FHIR R4 AdverseEvent (JSON)",
       .example = "adverse-events export 5q2m7x4d8a0b3v1k > event.json"},
      Export);

  auto [submitted, submitted_flags] = group.Add(
      {.name = "mark-submitted",
       .summary = "record that a serious, related, unexpected event's "
                  "expedited report (or its follow-up report) was sent",
       .example = "adverse-events mark-submitted 5q2m7x4d8a0b3v1k "
                  "--authority ANSM --reference FR-2027-0042"},
      MarkSubmitted);
  Positional(*submitted, "event", submitted_flags->event, kEventHelp);
  Value(*submitted, "--at", submitted_flags->at, "TIME",
        "when it was sent (default now)");
  Value(*submitted, "--authority", submitted_flags->authority, "NAME",
        "the authority it was sent to (required for the first report)");
  Value(*submitted, "--reference", submitted_flags->reference, "REF",
        "the authority's reference for it");
  Switch(*submitted, "--follow-up", submitted_flags->follow_up,
         "this is the follow-up report the expedited report requires");

  auto [review, review_flags] = group.Add(
      {.name = "review-hold",
       .summary = "resume or stop a course suspended by a safety hold",
       .example = "adverse-events review-hold 7x4d8a0b3v1k9q2m --decision "
                  "resume --reason \"bruising resolved, no infection\"",
       .details = "Resume allows bookings again and clears the flags on the "
                  "course's sessions; stop cancels its future sessions."},
      ReviewHold);
  Positional(*review, "course", review_flags->course,
             "course id or courses/{id}");

  auto [patient_review, patient_review_flags] = group.Add(
      {.name = "review-patient-hold",
       .summary = "lift the hold a systemic event (anaphylaxis, ...) put on "
                  "every treatment of a patient",
       .example = "adverse-events review-patient-hold 3v1k9q2m7x4d8a0b "
                  "--decision resume --reason \"allergist cleared her\"",
       .details = "Each suspended course is still reviewed on its own with "
                  "review-hold."},
      ReviewHold);
  Positional(*patient_review, "patient", patient_review_flags->patient,
             "patient id or patients/{id}");
  Required(*patient_review, "--decision", patient_review_flags->decision,
           "DECISION", "resume");
  Required(*patient_review, "--reason", patient_review_flags->reason, "TEXT",
           "why");

  group.Add({.name = "terms",
             .summary = "the adverse-event vocabulary with CTCAE-style "
                        "grading guidance for each term",
             .example = "adverse-events terms"},
            Vocabulary);
  AddEventCommand(
      group,
      {.name = "retry-assessment",
       .summary = "ask the treatment's plugin again to assess a report whose "
                  "assessment is pending",
       .example = "adverse-events retry-assessment 5q2m7x4d8a0b3v1k"},
      RetryAssessment);
  Required(*review, "--decision", review_flags->decision, "DECISION",
           "resume or stop");
  Required(*review, "--reason", review_flags->reason, "TEXT", "why");

  auto [tasks, tasks_flags] = group.Add(
      {.name = "tasks",
       .summary = "post-session follow-up checks due",
       .example = "adverse-events tasks --due-before tomorrow"},
      Tasks);
  Value(*tasks, "--practitioner", tasks_flags->practitioner, "STAFF",
        "one practitioner's tasks");
  Value(*tasks, "--due-before", tasks_flags->due_before, "TIME",
        "only tasks due before this (a date: its start)");
  Switch(*tasks, "--done", tasks_flags->done, "include tasks already done");
  AddPagingFlags(*tasks, tasks_flags->page);

  auto [complete, complete_flags] = group.Add(
      {.name = "complete-task",
       .summary = "record a follow-up check as done",
       .example = "adverse-events complete-task 2m7x4d8a0b3v1k9q --note "
                  "\"no swelling, no nodules\""},
      CompleteTask);
  Positional(*complete, "task", complete_flags->task,
             "task id or followUpTasks/{id}");
  Value(*complete, "--note", complete_flags->note, "TEXT", "what was found");
}

const RegisterGroup kAdverseEvents(
    "adverse-events",
    "report and follow up adverse events; lots, safety summary",
    AddAdverseEventCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl
