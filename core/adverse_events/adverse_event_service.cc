#include "core/adverse_events/adverse_event_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/adverse_events/adverse_event_proto.h"
#include "core/adverse_events/assessment.h"
#include "core/adverse_events/fhir_export.h"
#include "core/adverse_events/safety_summary.h"
#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/plugin_host/adverse_event_terms.h"
#include "core/scheduling/call_session_changes.h"
#include "core/treatments/treatment_service.h"

namespace mesoclinic::adverse_events {
namespace {

namespace v1 = ::clinic::v1;
namespace plugin = ::clinic::plugin::v1;
using scheduling::Course;
using scheduling::CourseState;
using scheduling::Session;
using scheduling::SessionState;

constexpr absl::string_view kCollection = "adverseEvents";
// How far ahead a safety hold looks for booked sessions to flag or cancel.
constexpr absl::Duration kHoldHorizon = absl::Hours(24 * 366 * 3);

absl::StatusOr<AdverseEvent> FindEvent(storage::Transaction& transaction,
                                       const CallContext& call,
                                       absl::string_view field,
                                       absl::string_view name) {
  call.notes->SetResource(std::string(name));
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName(field, name, kCollection));
  ASSIGN_OR_RETURN(AdverseEvent event, transaction.adverse_events().Get(id));
  call.notes->AddPatient(event.patient_id);
  return event;
}

// The patient's booked sessions of a treatment from `now` on.
absl::StatusOr<std::vector<Session>> FutureBookedSessions(
    storage::Transaction& transaction, const std::string& patient_id,
    const std::string& treatment_type, absl::Time now) {
  scheduling::SessionQuery query;
  query.patient_id = patient_id;
  query.starting_within = scheduling::Interval{now, now + kHoldHorizon};
  query.limit = 1000;
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   transaction.scheduling().ListSessions(query));
  std::erase_if(sessions, [&](const Session& session) {
    return session.state != SessionState::kBooked ||
           session.treatment_type != treatment_type;
  });
  return sessions;
}

// Suspends the patient's active courses of a treatment and flags their
// booked future sessions. Adds the suspended courses' names to `suspended`.
absl::Status HoldTreatment(storage::Transaction& transaction,
                           scheduling::SessionChanges& changes,
                           const std::string& patient_id,
                           const std::string& treatment_type, absl::Time now,
                           std::vector<std::string>& suspended) {
  ASSIGN_OR_RETURN(std::vector<Course> courses,
                   transaction.scheduling().PatientCourses(patient_id,
                                                           treatment_type));
  for (Course& course : courses) {
    if (course.state != CourseState::kActive) continue;
    course.state = CourseState::kSuspended;
    course.update_time = now;
    RETURN_IF_ERROR(transaction.scheduling().UpdateCourse(course));
    suspended.push_back(ResourceName("courses", course.id));
  }
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   FutureBookedSessions(transaction, patient_id,
                                        treatment_type, now));
  for (Session& session : sessions) {
    session.flagged = true;
    session.update_time = now;
    RETURN_IF_ERROR(changes.Update(session));
  }
  return absl::OkStatus();
}

// The safety hold an event needs as it stands (NeedsSafetyHold): its
// treatment; for a systemic event (NeedsPatientHold), every treatment of
// the patient. Returns the suspended courses' names.
absl::StatusOr<std::vector<std::string>> PlaceSafetyHold(
    storage::Transaction& transaction, scheduling::SessionChanges& changes,
    const plugin_host::PluginRegistry& plugins, const AdverseEvent& event,
    absl::Time now) {
  std::vector<std::string> suspended;
  if (NeedsPatientHold(event)) {
    for (const plugin_host::LoadedPlugin* type : plugins.plugins()) {
      RETURN_IF_ERROR(HoldTreatment(transaction, changes, event.patient_id,
                                    type->id(), now, suspended));
    }
  } else if (NeedsSafetyHold(event)) {
    RETURN_IF_ERROR(HoldTreatment(transaction, changes, event.patient_id,
                                  event.treatment_type, now, suspended));
  }
  return suspended;
}

// Listings of events and tasks stop at a (time, id) position.
PagePosition EncodeTimePosition(absl::Time time, const std::string& id) {
  return PagePosition().Add(time).Add(id);
}

// A term of the vocabulary. Its length is checked first: the vocabulary's
// refusal quotes the term, and an error message must stay short.
absl::Status CheckTerm(absl::string_view field, absl::string_view term) {
  RETURN_IF_ERROR(CheckText(field, term, {.max_length = 64}));
  return plugin_host::CheckAdverseEventTerm(field, term);
}

// ReviewSafetyHold for a patient-level hold (systemic events): lifts the
// block on booking any treatment; suspended courses keep their own review.
absl::Status ReviewPatientHold(const v1::ReviewSafetyHoldRequest& request,
                               v1::ReviewSafetyHoldResponse& response,
                               storage::Transaction& transaction,
                               const CallContext& call) {
  call.notes->SetResource(request.patient());
  if (!request.course().empty()) {
    return FieldError("patient", "give either course or patient, not both");
  }
  ASSIGN_OR_RETURN(const std::string patient_id,
                   ParseResourceName("patient", request.patient(), "patients"));
  call.notes->AddPatient(patient_id);
  if (request.decision() != v1::ReviewSafetyHoldRequest::DECISION_RESUME) {
    return FieldError("decision",
                      "a patient-level hold is lifted with DECISION_RESUME; "
                      "stop a course with a review of that course");
  }
  RETURN_IF_ERROR(CheckText("reason", request.reason(),
                            {.required = true, .max_length = 1000,
                             .multiline = true}));
  RETURN_IF_ERROR(transaction.patients().Get(patient_id).status());
  ASSIGN_OR_RETURN(
      const std::vector<std::string> held,
      transaction.adverse_events().UnreviewedPatientHolds(patient_id));
  if (held.empty()) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          request.patient(), " is not under a patient-level "
                                             "safety hold")),
                      reasons::kHoldAlreadyReviewed,
                      {{"patient", request.patient()}});
  }
  RETURN_IF_ERROR(transaction.adverse_events().ReviewPatientHolds(
      patient_id, call.now, call.staff_id, request.reason()));
  for (const std::string& id : held) {
    response.add_adverse_events(ResourceName(kCollection, id));
  }
  return absl::OkStatus();
}

}  // namespace

AdverseEventService::AdverseEventService(
    CallRunner& calls, const plugin_host::PluginRegistry& plugins,
    scheduling::ScheduleEvents& events)
    : BoundService(calls), plugins_(plugins), events_(events) {
  BindWrite("ReportAdverseEvent", &AdverseEventService::ReportAdverseEvent);
  BindWrite("AddFollowUp", &AdverseEventService::AddFollowUp);
  BindRead("GetAdverseEvent", &AdverseEventService::GetAdverseEvent);
  BindRead("ListAdverseEvents", &AdverseEventService::ListAdverseEvents);
  BindWrite("MarkExpeditedReportSubmitted",
            &AdverseEventService::MarkExpeditedReportSubmitted);
  BindWrite("ReviewSafetyHold", &AdverseEventService::ReviewSafetyHold);
  BindWrite("RetryAdverseEventAssessment",
            &AdverseEventService::RetryAdverseEventAssessment);
  BindRead("GetAdverseEventVocabulary",
           &AdverseEventService::GetAdverseEventVocabulary);
  BindRead("TraceLot", &AdverseEventService::TraceLot);
  BindRead("GetSafetySummary", &AdverseEventService::GetSafetySummary);
  BindRead("ExportAdverseEvent", &AdverseEventService::ExportAdverseEvent);
  BindRead("ListFollowUpTasks", &AdverseEventService::ListFollowUpTasks);
  BindWrite("CompleteFollowUpTask", &AdverseEventService::CompleteFollowUpTask);
}

absl::Status AdverseEventService::ReportAdverseEvent(
    const v1::ReportAdverseEventRequest& request,
    v1::ReportAdverseEventResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  const v1::AdverseEvent& proto = request.adverse_event();
  ASSIGN_OR_RETURN(AdverseEvent event, ReportFromProto(proto));
  event.id = NewResourceId();
  call.notes->SetResource(ResourceName(kCollection, event.id));
  ASSIGN_OR_RETURN(event.patient_id,
                   ParseResourceName("adverse_event.patient", proto.patient(),
                                     "patients"));
  call.notes->AddPatient(event.patient_id);
  RETURN_IF_ERROR(transaction.patients().Get(event.patient_id).status());
  RETURN_IF_ERROR(CheckTerm("adverse_event.term", event.term));

  std::optional<Session> session;
  if (!proto.session().empty()) {
    ASSIGN_OR_RETURN(const std::string session_id,
                     ParseResourceName("adverse_event.session", proto.session(),
                                       "sessions"));
    ASSIGN_OR_RETURN(session, transaction.scheduling().GetSession(session_id));
    if (session->patient_id != event.patient_id) {
      return FieldError("adverse_event.session",
                        "is a session of another patient");
    }
    if (session->kind == scheduling::SessionKind::kConsultation) {
      return FieldError("adverse_event.session",
                        "is a consultation, where nothing was injected: name "
                        "the suspected treatment in treatment_type and leave "
                        "session empty");
    }
    if (event.onset_time < session->time.start) {
      return FieldError("adverse_event.onset_time",
                        "must not be before the session started");
    }
    event.session_id = session->id;
  }
  const plugin_host::LoadedPlugin* type = nullptr;
  if (!proto.treatment_type().empty() || !session.has_value()) {
    ASSIGN_OR_RETURN(type, plugins_.FindTreatmentType("adverse_event.treatment_type",
                               proto.treatment_type()));
    if (session.has_value() && session->treatment_type != type->id()) {
      return FieldError("adverse_event.treatment_type",
                        "differs from the session's treatment type");
    }
  } else {
    ASSIGN_OR_RETURN(type, plugins_.FindTreatmentType("adverse_event.session",
                               ResourceName("treatmentTypes",
                                            session->treatment_type)));
  }
  event.treatment_type = type->id();

  event.causality_assessed_by = call.staff_id;
  if (!proto.causality_assessed_by().empty()) {
    ASSIGN_OR_RETURN(event.causality_assessed_by,
                     ParseResourceName("adverse_event.causality_assessed_by",
                                       proto.causality_assessed_by(), "staff"));
    RETURN_IF_ERROR(
        transaction.staff().Get(event.causality_assessed_by).status());
  }
  // What was injected at the session is suspect unless the report says
  // otherwise: nobody will know later what was in the syringe.
  if (event.suspected_products.empty() && session.has_value() &&
      session->treatment_record.has_value()) {
    for (const scheduling::ProductUse& use : session->treatment_record->products) {
      event.suspected_products.push_back({use.product, use.lot_number, 0});
    }
  }
  // Only practitioners report; who told them is reporter_kind.
  if (event.reporter_kind == ReporterKind::kUnspecified) {
    event.reporter_kind = ReporterKind::kPractitioner;
  }
  RETURN_IF_ERROR(ValidateReport(event, call.now));

  // The plugin's health never decides whether a report is kept: a failed
  // assessment leaves it pending, and the core's own rules apply meanwhile.
  RETURN_IF_ERROR(Assess(transaction, plugins_, event));
  event.patient_hold = NeedsPatientHold(event);
  event.reporter_id = call.staff_id;
  event.create_time = call.now;
  RETURN_IF_ERROR(transaction.adverse_events().Insert(event));
  scheduling::CallSessionChanges changes(events_, transaction, call);
  ASSIGN_OR_RETURN(const std::vector<std::string> suspended,
                   PlaceSafetyHold(transaction, changes.changes(), plugins_,
                                   event, call.now));
  for (const std::string& course : suspended) {
    response.add_suspended_courses(course);
  }
  *response.mutable_adverse_event() = AdverseEventToProto(event);
  return absl::OkStatus();
}

absl::Status AdverseEventService::AddFollowUp(
    const v1::AddFollowUpRequest& request, v1::AddFollowUpResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(AdverseEvent event,
                   FindEvent(transaction, call, "adverse_event",
                             request.adverse_event()));
  ASSIGN_OR_RETURN(FollowUp follow_up, FollowUpFromProto(request.follow_up()));
  RETURN_IF_ERROR(ValidateFollowUp(event, follow_up, call.now));
  follow_up.recorded_by = call.staff_id;
  const bool held_before = NeedsSafetyHold(event);
  RETURN_IF_ERROR(transaction.adverse_events().AppendFollowUp(event.id, follow_up));
  event.follow_ups.push_back(follow_up);
  // A higher grade or a serious upgrade may make the event unexpected.
  RETURN_IF_ERROR(Reassess(transaction, call, held_before, event));
  *response.mutable_adverse_event() = AdverseEventToProto(event);
  return absl::OkStatus();
}

absl::Status AdverseEventService::Reassess(storage::Transaction& transaction,
                                           const CallContext& call,
                                           bool held_before,
                                           AdverseEvent& event) const {
  RETURN_IF_ERROR(Assess(transaction, plugins_, event));
  RETURN_IF_ERROR(transaction.adverse_events().UpdateAssessment(event));
  // An event that now needs a hold gets it, as if it had been reported so;
  // one already held keeps the hold (or its review) as it is.
  if (held_before || !NeedsSafetyHold(event)) return absl::OkStatus();
  scheduling::CallSessionChanges changes(events_, transaction, call);
  return PlaceSafetyHold(transaction, changes.changes(), plugins_, event,
                         call.now)
      .status();
}

absl::Status AdverseEventService::GetAdverseEvent(
    const v1::GetAdverseEventRequest& request,
    v1::GetAdverseEventResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const AdverseEvent event,
                   FindEvent(transaction, call, "name", request.name()));
  *response.mutable_adverse_event() = AdverseEventToProto(event);
  return absl::OkStatus();
}

absl::Status AdverseEventService::ListAdverseEvents(
    const v1::ListAdverseEventsRequest& request,
    v1::ListAdverseEventsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  EventQuery query;
  query.limit = pager.fetch_limit();
  ASSIGN_OR_RETURN(query.patient_id,
                   ParseOptionalResourceName("patient", request.patient(),
                                             "patients"));
  ASSIGN_OR_RETURN(query.treatment_type,
                   ParseOptionalResourceName("treatment_type", request.treatment_type(),
                                             "treatmentTypes"));
  if (!request.term().empty()) {
    RETURN_IF_ERROR(CheckTerm("term", request.term()));
    query.term = request.term();
  }
  if (request.min_severity_grade() < 0 || request.min_severity_grade() > 5) {
    return FieldError("min_severity_grade", "must be 0 to 5");
  }
  query.min_grade = request.min_severity_grade();
  query.serious_only = request.serious_only();
  if (!request.lot_number().empty()) {
    RETURN_IF_ERROR(CheckText("lot_number", request.lot_number(),
                              {.max_length = 64}));
    query.lot_number = request.lot_number();
  }
  ASSIGN_OR_RETURN(query.onset_from,
                   OptionalTimeFromProto("start_time", request.start_time(),
                                         request.has_start_time()));
  ASSIGN_OR_RETURN(query.onset_to,
                   OptionalTimeFromProto("end_time", request.end_time(),
                                         request.has_end_time()));
  query.expedited_pending_only = request.expedited_pending_only();
  ASSIGN_OR_RETURN(query.after, pager.AfterTimeAndId());
  ASSIGN_OR_RETURN(std::vector<AdverseEvent> events,
                   transaction.adverse_events().List(query));
  response.set_next_page_token(pager.NextPageToken<AdverseEvent>(
      events, [&](const AdverseEvent& last) {
        return EncodeTimePosition(query.expedited_pending_only
                                      ? *last.expedited_due_time
                                      : last.onset_time,
                                  last.id);
      }));
  for (const AdverseEvent& event : events) {
    call.notes->AddPatient(event.patient_id);
    *response.add_adverse_events() = AdverseEventToProto(event);
  }
  return absl::OkStatus();
}

absl::Status AdverseEventService::MarkExpeditedReportSubmitted(
    const v1::MarkExpeditedReportSubmittedRequest& request,
    v1::MarkExpeditedReportSubmittedResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(AdverseEvent event,
                   FindEvent(transaction, call, "name", request.name()));
  const bool follow_up_report = request.follow_up_report();
  RETURN_IF_ERROR(CheckText("authority", request.authority(),
                            {.required = !follow_up_report,
                             .max_length = 200}));
  RETURN_IF_ERROR(
      CheckText("reference", request.reference(), {.max_length = 100}));
  if (!event.expedited_due_time.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.name(), " needs no expedited report: it is not serious, "
                        "related and unexpected"));
  }
  if (follow_up_report) {
    if (!event.follow_up_report_due_time.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.name(), " has no follow-up report due: the expedited "
                          "report is not submitted, or no follow-up "
                          "information came since"));
    }
    if (event.follow_up_report_submit_time.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.name(), ": the follow-up report is already marked "
                          "submitted"));
    }
  } else if (event.expedited_submit_time.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), ": the expedited report is already "
                                     "marked submitted"));
  }
  absl::Time submitted = call.now;
  if (request.has_submit_time()) {
    ASSIGN_OR_RETURN(submitted,
                     TimeFromProto("submit_time", request.submit_time()));
    if (submitted > call.now) {
      return FieldError("submit_time", "must not be in the future");
    }
    const absl::Time earliest = follow_up_report
                                    ? *event.expedited_submit_time
                                    : event.awareness_time;
    if (submitted < earliest) {
      return FieldError("submit_time",
                        submitted < event.awareness_time
                            ? "must not be before the clinic became aware"
                            : "must not be before the expedited report");
    }
  }
  const Submission submission{submitted, request.authority(),
                              request.reference()};
  if (follow_up_report) {
    RETURN_IF_ERROR(transaction.adverse_events().MarkFollowUpReportSubmitted(
        event.id, submission));
    event.follow_up_report_submit_time = submitted;
    event.follow_up_report_reference = request.reference();
  } else {
    RETURN_IF_ERROR(transaction.adverse_events().MarkExpeditedSubmitted(
        event.id, submission));
    event.expedited_submit_time = submitted;
    event.expedited_authority = request.authority();
    event.expedited_reference = request.reference();
    // The submission starts the follow-up report's clock.
    event.follow_up_report_due_time = FollowUpReportDue(event);
    RETURN_IF_ERROR(transaction.adverse_events().UpdateAssessment(event));
  }
  *response.mutable_adverse_event() = AdverseEventToProto(event);
  return absl::OkStatus();
}

absl::Status AdverseEventService::RetryAdverseEventAssessment(
    const v1::RetryAdverseEventAssessmentRequest& request,
    v1::RetryAdverseEventAssessmentResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(AdverseEvent event,
                   FindEvent(transaction, call, "name", request.name()));
  if (!event.assessment_pending()) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.name(), ": the plugin's assessment is not pending"));
  }
  // An assessment that recommends stopping may add a hold the core's own
  // rules did not place.
  RETURN_IF_ERROR(Reassess(transaction, call, NeedsSafetyHold(event), event));
  *response.mutable_adverse_event() = AdverseEventToProto(event);
  return absl::OkStatus();
}

absl::Status AdverseEventService::GetAdverseEventVocabulary(
    const v1::GetAdverseEventVocabularyRequest&,
    v1::GetAdverseEventVocabularyResponse& response, storage::Transaction&,
    const CallContext&) const {
  for (const ::mesoclinic::plugin::AdverseEventTerm& term :
       ::mesoclinic::plugin::kAdverseEventTerms) {
    v1::AdverseEventTerm& out = *response.add_terms();
    out.set_code(std::string(term.code));
    out.set_display_name(std::string(term.name));
    for (const std::string_view grade : term.grades) {
      out.add_grades(std::string(grade));
    }
    out.set_systemic(::mesoclinic::plugin::IsSystemic(term));
    out.set_ends_course(::mesoclinic::plugin::EndsCourse(term));
  }
  return absl::OkStatus();
}

absl::Status AdverseEventService::ReviewSafetyHold(
    const v1::ReviewSafetyHoldRequest& request,
    v1::ReviewSafetyHoldResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  if (!request.patient().empty()) {
    return ReviewPatientHold(request, response, transaction, call);
  }
  call.notes->SetResource(request.course());
  ASSIGN_OR_RETURN(const std::string course_id,
                   ParseResourceName("course", request.course(), "courses"));
  if (request.decision() != v1::ReviewSafetyHoldRequest::DECISION_RESUME &&
      request.decision() != v1::ReviewSafetyHoldRequest::DECISION_STOP) {
    return FieldError("decision", "must be DECISION_RESUME or DECISION_STOP");
  }
  RETURN_IF_ERROR(CheckText("reason", request.reason(),
                            {.required = true, .max_length = 1000,
                             .multiline = true}));
  ASSIGN_OR_RETURN(Course course, transaction.scheduling().GetCourse(course_id));
  call.notes->AddPatient(course.patient_id);
  if (course.state != CourseState::kSuspended) {
    return WithReason(absl::FailedPreconditionError(absl::StrCat(
                          request.course(), " is not under a safety hold")),
                      reasons::kHoldAlreadyReviewed,
                      {{"course", request.course()}});
  }
  const bool resume =
      request.decision() == v1::ReviewSafetyHoldRequest::DECISION_RESUME;
  course.state = resume ? CourseState::kActive : CourseState::kStopped;
  course.update_time = call.now;
  RETURN_IF_ERROR(transaction.scheduling().UpdateCourse(course));
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   FutureBookedSessions(transaction, course.patient_id,
                                        course.treatment_type, call.now));
  // Sessions outside any course were flagged by the same hold; they are
  // cleared only when no course of the treatment is still held.
  ASSIGN_OR_RETURN(const std::vector<Course> courses,
                   transaction.scheduling().PatientCourses(
                       course.patient_id, course.treatment_type));
  const bool other_holds =
      std::any_of(courses.begin(), courses.end(), [&](const Course& other) {
        return other.id != course.id && other.state == CourseState::kSuspended;
      });
  scheduling::CallSessionChanges changes(events_, transaction, call);
  for (Session& session : sessions) {
    const bool own = session.course_id == course.id;
    const bool standalone = session.course_id.empty();
    if (!own && !(standalone && session.flagged && !other_holds)) continue;
    if (resume || standalone) {
      if (!session.flagged) continue;
      session.flagged = false;
    } else {
      session.state = SessionState::kCancelled;
      session.cancel_reason =
          absl::StrCat("course stopped after a safety review: ",
                       request.reason());
      session.cancelled_by = call.staff_id;
    }
    session.update_time = call.now;
    RETURN_IF_ERROR(changes.changes().Update(session));
    response.add_sessions(ResourceName("sessions", session.id));
  }
  response.set_course(request.course());
  response.set_course_state(resume ? v1::COURSE_STATE_ACTIVE
                                   : v1::COURSE_STATE_STOPPED);
  // Kept for clients that read the string before course_state existed.
  response.set_state(resume ? "active" : "stopped");
  return absl::OkStatus();
}

absl::Status AdverseEventService::TraceLot(const v1::TraceLotRequest& request,
                                           v1::TraceLotResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  RETURN_IF_ERROR(CheckText("product", request.product(),
                            {.required = true, .max_length = 200}));
  RETURN_IF_ERROR(CheckText("lot_number", request.lot_number(),
                            {.required = true, .max_length = 64}));
  call.notes->SetResource(
      absl::StrCat("lots/", request.product(), "/", request.lot_number()));
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultLotPageSize, kMaxLotPageSize));
  LotUseQuery query{.product = request.product(),
                    .lot_number = request.lot_number(),
                    .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(const PagePosition* after, pager.After(3));
  if (after != nullptr) {
    LotUsePosition position;
    ASSIGN_OR_RETURN(position.session_time, after->TimeAt(0));
    ASSIGN_OR_RETURN(position.session_id, after->StringAt(1));
    ASSIGN_OR_RETURN(position.position, after->IntAt(2));
    query.after = std::move(position);
  }
  ASSIGN_OR_RETURN(std::vector<LotUse> uses,
                   transaction.adverse_events().LotUses(query));
  response.set_next_page_token(pager.NextPageToken<LotUse>(
      uses, [](const LotUse& use) {
        return PagePosition()
            .Add(use.session_time)
            .Add(use.session_id)
            .Add(use.position);
      }));
  // Events naming the lot, by patient, besides those tied to each session.
  EventQuery by_lot;
  by_lot.lot_number = request.lot_number();
  by_lot.limit = 10000;
  ASSIGN_OR_RETURN(const std::vector<AdverseEvent> lot_events,
                   transaction.adverse_events().List(by_lot));
  for (const LotUse& use : uses) {
    call.notes->AddPatient(use.patient_id);
    v1::LotUse& out = *response.add_uses();
    out.set_session(ResourceName("sessions", use.session_id));
    out.set_patient(ResourceName("patients", use.patient_id));
    out.set_practitioner(ResourceName("staff", use.practitioner_id));
    *out.mutable_session_time() = TimestampToProto(use.session_time);
    out.set_volume_ml(use.volume_ml);
    out.set_area(use.area);
    std::set<std::string> events;
    ASSIGN_OR_RETURN(const std::vector<AdverseEvent> after_session,
                     transaction.adverse_events().ForSession(use.session_id));
    for (const AdverseEvent& event : after_session) events.insert(event.id);
    for (const AdverseEvent& event : lot_events) {
      if (event.patient_id == use.patient_id) events.insert(event.id);
    }
    for (const std::string& id : events) {
      out.add_adverse_events(ResourceName(kCollection, id));
    }
  }
  // Over the whole lot, on every page: how many patients to contact.
  ASSIGN_OR_RETURN(const int64_t patients,
                   transaction.adverse_events().CountLotPatients(
                       request.product(), request.lot_number()));
  response.set_patient_count(static_cast<int32_t>(patients));
  return absl::OkStatus();
}

absl::Status AdverseEventService::GetSafetySummary(
    const v1::GetSafetySummaryRequest& request,
    v1::GetSafetySummaryResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
                                                 request.treatment_type()));
  call.notes->SetResource(request.treatment_type());
  ASSIGN_OR_RETURN(const absl::Time from,
                   TimeFromProto("start_time", request.start_time()));
  ASSIGN_OR_RETURN(const absl::Time to,
                   TimeFromProto("end_time", request.end_time()));
  if (to <= from) return FieldError("end_time", "must be after start_time");
  if (to - from > absl::Hours(24 * 366 * 5)) {
    return FieldError("end_time", "must be at most 5 years after start_time");
  }
  ASSIGN_OR_RETURN(const int64_t sessions,
                   transaction.adverse_events().CountCompletedSessions(
                       type->id(), from, to));
  EventQuery query;
  query.treatment_type = type->id();
  query.onset_from = from;
  query.onset_to = to;
  query.limit = 1000;
  std::vector<AdverseEvent> events;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<AdverseEvent> page,
                     transaction.adverse_events().List(query));
    const bool full = static_cast<int>(page.size()) == query.limit;
    if (full) query.after = {page.back().onset_time, page.back().id};
    for (AdverseEvent& event : page) events.push_back(std::move(event));
    if (!full) break;
  }
  const auto per_100 = [&](int count) {
    return sessions == 0 ? 0.0 : 100.0 * count / static_cast<double>(sessions);
  };
  std::map<std::pair<std::string, int>, int> counts;
  std::vector<KeyedEvent> by_lot, by_practitioner;
  for (const AdverseEvent& event : events) {
    // The event as it stands: a follow-up's grade or seriousness counts.
    ++counts[{event.term, event.CurrentGrade()}];
    if (event.CurrentlySerious()) {
      response.add_serious_events(ResourceName(kCollection, event.id));
    }
    for (const SuspectedProduct& suspect : event.suspected_products) {
      if (!suspect.lot_number.empty()) {
        by_lot.push_back({suspect.lot_number, event.id, event.onset_time});
      }
    }
    if (!event.session_id.empty()) {
      ASSIGN_OR_RETURN(const std::string practitioner,
                       transaction.adverse_events().SessionPractitioner(
                           event.session_id));
      by_practitioner.push_back({practitioner, event.id, event.onset_time});
    }
  }
  response.set_sessions_performed(static_cast<int32_t>(sessions));
  response.set_adverse_events(static_cast<int32_t>(events.size()));
  response.set_events_per_100_sessions(per_100(static_cast<int>(events.size())));
  for (const auto& [key, count] : counts) {
    v1::TermCount& term = *response.add_by_term_and_grade();
    term.set_term(key.first);
    term.set_severity_grade(key.second);
    term.set_events(count);
    term.set_per_100_sessions(per_100(count));
  }
  const auto add_clusters = [&](absl::string_view kind,
                                const std::vector<Cluster>& clusters,
                                absl::string_view key_collection) {
    for (const Cluster& cluster : clusters) {
      v1::EventCluster& out = *response.add_clusters();
      out.set_kind(std::string(kind));
      out.set_key(key_collection.empty()
                      ? cluster.key
                      : ResourceName(key_collection, cluster.key));
      for (const std::string& id : cluster.event_ids) {
        out.add_adverse_events(ResourceName(kCollection, id));
      }
      *out.mutable_first_onset() = TimestampToProto(cluster.first_onset);
      *out.mutable_last_onset() = TimestampToProto(cluster.last_onset);
    }
  };
  add_clusters("lot",
               FindClusters(std::move(by_lot), kLotClusterWindow,
                            kLotClusterEvents),
               "");
  add_clusters("practitioner",
               FindClusters(std::move(by_practitioner),
                            kPractitionerClusterWindow,
                            kPractitionerClusterEvents),
               "staff");
  return absl::OkStatus();
}

absl::Status AdverseEventService::ExportAdverseEvent(
    const v1::ExportAdverseEventRequest& request,
    v1::ExportAdverseEventResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const AdverseEvent event,
                   FindEvent(transaction, call, "name", request.name()));
  response.set_fhir_json(ToFhirAdverseEvent(event));
  return absl::OkStatus();
}

absl::Status AdverseEventService::ListFollowUpTasks(
    const v1::ListFollowUpTasksRequest& request,
    v1::ListFollowUpTasksResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  TaskQuery query;
  query.limit = pager.fetch_limit();
  ASSIGN_OR_RETURN(query.practitioner_id,
                   ParseOptionalResourceName("practitioner", request.practitioner(),
                                             "staff"));
  ASSIGN_OR_RETURN(query.due_before,
                   OptionalTimeFromProto("due_before", request.due_before(),
                                         request.has_due_before()));
  query.include_done = request.include_done();
  ASSIGN_OR_RETURN(query.after, pager.AfterTimeAndId());
  ASSIGN_OR_RETURN(std::vector<FollowUpTask> tasks,
                   transaction.adverse_events().ListTasks(query));
  response.set_next_page_token(pager.NextPageToken<FollowUpTask>(
      tasks, [](const FollowUpTask& last) {
        return EncodeTimePosition(last.due_time, last.id);
      }));
  for (const FollowUpTask& task : tasks) {
    call.notes->AddPatient(task.patient_id);
    *response.add_tasks() = TaskToProto(task);
  }
  return absl::OkStatus();
}

absl::Status AdverseEventService::CompleteFollowUpTask(
    const v1::CompleteFollowUpTaskRequest& request,
    v1::CompleteFollowUpTaskResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), "followUpTasks"));
  RETURN_IF_ERROR(CheckText("note", request.note(),
                            {.max_length = 2000, .multiline = true}));
  ASSIGN_OR_RETURN(FollowUpTask task, transaction.adverse_events().GetTask(id));
  call.notes->AddPatient(task.patient_id);
  if (task.done_time.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), " is already done"));
  }
  RETURN_IF_ERROR(
      transaction.adverse_events().CompleteTask(id, call.now, request.note()));
  task.done_time = call.now;
  task.note = request.note();
  *response.mutable_task() = TaskToProto(task);
  return absl::OkStatus();
}

}  // namespace mesoclinic::adverse_events
