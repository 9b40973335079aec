#include "core/scheduling/scheduling_service.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/consent/consent_requirement.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/clinic_service.h"
#include "core/scheduling/scheduling_proto.h"
#include "core/api/page_token.h"
#include "core/api/proto_time.h"
#include "core/treatments/course_planner.h"
#include "core/treatments/follow_up_plan.h"
#include "core/treatments/patient_facts.h"
#include "core/treatments/treatment_service.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;
namespace plugin = ::clinic::plugin::v1;
using Change = v1::WatchScheduleResponse;

constexpr absl::string_view kSessions = "sessions";
// A treatment record lists what one session did: its areas, products and
// outcomes are a handful each, and bounded before a plugin reads them.
constexpr std::size_t kMaxRecordEntries = 100;

// Who takes part in a booking, checked once per request.
struct Participants {
  patients::Patient patient;
  std::string practitioner_id;
  std::string room_id;
};

absl::StatusOr<std::string> ActiveRoom(storage::Transaction& transaction,
                                       absl::string_view field,
                                       absl::string_view name) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceName(field, name, "rooms"));
  ASSIGN_OR_RETURN(const Room room, transaction.scheduling().GetRoom(id));
  if (!room.active) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": ", name, " is out of service"));
  }
  return id;
}

absl::StatusOr<Participants> ResolveParticipants(
    storage::Transaction& transaction, const CallContext& call,
    absl::string_view patient, absl::string_view practitioner,
    absl::string_view room) {
  Participants participants;
  ASSIGN_OR_RETURN(const std::string patient_id,
                   ParseResourceName("patient", patient, "patients"));
  call.notes->AddPatient(patient_id);
  ASSIGN_OR_RETURN(participants.patient,
                   transaction.patients().Get(patient_id));
  if (participants.patient.archived) {
    return absl::FailedPreconditionError(
        absl::StrCat("patient: ", patient, " is archived"));
  }
  ASSIGN_OR_RETURN(participants.practitioner_id,
                   ActivePractitioner(transaction, "practitioner", practitioner));
  ASSIGN_OR_RETURN(participants.room_id, ActiveRoom(transaction, "room", room));
  return participants;
}

// Consent and eligibility for a session of `type` at `start`, with the
// patient's facts as they are now. The front desk learns that the patient is
// not eligible, not why: the reasons are clinical.
absl::Status CheckPatientMayBeTreated(storage::Transaction& transaction,
                                      const CallContext& call,
                                      const plugin_host::LoadedPlugin& type,
                                      const patients::Patient& patient,
                                      const ClinicSettings& settings,
                                      absl::Time start,
                                      absl::string_view label) {
  // A safety hold after an adverse event stops every new booking of the
  // treatment until a practitioner has reviewed it.
  ASSIGN_OR_RETURN(const std::vector<Course> courses,
                   transaction.scheduling().PatientCourses(patient.id,
                                                           type.id()));
  for (const Course& course : courses) {
    if (course.state == CourseState::kSuspended) {
      return absl::FailedPreconditionError(absl::StrCat(
          label, ": courses/", course.id, " of patients/", patient.id,
          " is suspended after an adverse event: a practitioner must review "
          "it (ReviewSafetyHold) before new bookings"));
    }
  }
  RETURN_IF_ERROR(consent::RequireActiveConsent(
      transaction.consent(), patient.id, type.id(),
      type.description().consent().version(), start));
  plugin::EligibilityRequest request;
  const absl::CivilDay today = absl::ToCivilDay(call.now, settings.time_zone);
  *request.mutable_facts() = treatments::PatientFactsFor(
      patient, today, absl::ToCivilDay(start, settings.time_zone));
  ASSIGN_OR_RETURN(const plugin::EligibilityResult result,
                   type.CheckEligibility(request));
  if (result.eligible()) return absl::OkStatus();
  std::string why = "a practitioner can see why with CheckEligibility";
  if (call.role == staff::Role::kPractitioner) {
    std::vector<std::string> reasons;
    for (const plugin::EligibilityReason& reason : result.reasons()) {
      if (reason.blocking()) reasons.push_back(reason.message());
    }
    why = absl::StrJoin(reasons, "; ");
  }
  return absl::FailedPreconditionError(absl::StrCat(
      label, ": patients/", patient.id, " is not eligible for treatmentTypes/",
      type.id(), ": ", why));
}

// The session `name`, sent in the request's `field`.
absl::StatusOr<Session> FindSession(storage::Transaction& transaction,
                                    const CallContext& call,
                                    absl::string_view field,
                                    absl::string_view name) {
  call.notes->SetResource(std::string(name));
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName(field, name, kSessions));
  ASSIGN_OR_RETURN(Session session, transaction.scheduling().GetSession(id));
  call.notes->AddPatient(session.patient_id);
  return session;
}

// A plugin's TreatmentRecord field path in the API's names
// ("outcome_measurements[0].code" -> "outcomes[0].code").
std::string ApiFieldPath(absl::string_view plugin_path) {
  for (const auto& [plugin_name, api_name] :
       {std::pair<absl::string_view, absl::string_view>{"outcome_measurements",
                                                        "outcomes"},
        {"body_areas", "areas"}}) {
    if (absl::StartsWith(plugin_path, plugin_name)) {
      return absl::StrCat(api_name, plugin_path.substr(plugin_name.size()));
    }
  }
  return std::string(plugin_path);
}

// What the API itself asks of a treatment record, before the treatment's
// plugin judges it against the protocol: bounded lists and text (a plugin's
// refusal may quote it), and amounts that are numbers, not negative (NaN
// passes every comparison a plugin makes).
absl::Status CheckRecordShape(const v1::TreatmentRecord& record) {
  constexpr absl::string_view kRecord = "treatment_record";
  RETURN_IF_ERROR(CheckText(FieldPath(kRecord, "notes"), record.notes(),
                            {.max_length = 10000, .multiline = true}));
  for (const auto& [list, size] :
       {std::pair<absl::string_view, int>{"areas", record.areas_size()},
        {"products", record.products_size()},
        {"outcomes", record.outcomes_size()}}) {
    RETURN_IF_ERROR(
        CheckEntryCount(FieldPath(kRecord, list), size, kMaxRecordEntries));
  }
  if (record.areas().empty()) {
    return FieldError("treatment_record.areas", "must name the areas treated");
  }
  for (int i = 0; i < record.areas_size(); ++i) {
    RETURN_IF_ERROR(CheckText(absl::StrCat(kRecord, ".areas[", i, "]"),
                              record.areas(i),
                              {.required = true, .max_length = 100}));
  }
  if (record.products().empty()) {
    return FieldError("treatment_record.products",
                      "must list every product injected");
  }
  for (int i = 0; i < record.products_size(); ++i) {
    const v1::ProductUse& use = record.products(i);
    const std::string path = absl::StrCat(kRecord, ".products[", i, "]");
    RETURN_IF_ERROR(CheckText(FieldPath(path, "lot_number"), use.lot_number(),
                              {.required = true, .max_length = 64}));
    RETURN_IF_ERROR(CheckText(FieldPath(path, "product"), use.product(),
                              {.required = true, .max_length = 200}));
    RETURN_IF_ERROR(
        CheckText(FieldPath(path, "area"), use.area(), {.max_length = 100}));
    for (const auto& [name, amount] :
         {std::pair<absl::string_view, double>{"concentration",
                                               use.concentration()},
          {"volume_ml", use.volume_ml()},
          {"depth_mm", use.depth_mm()}}) {
      if (!std::isfinite(amount) || amount < 0) {
        return FieldError(FieldPath(path, name), "must be a number, 0 or more");
      }
    }
    if (use.injection_points() < 0) {
      return FieldError(FieldPath(path, "injection_points"),
                        "must not be negative");
    }
  }
  for (int i = 0; i < record.outcomes_size(); ++i) {
    const v1::OutcomeMeasurement& outcome = record.outcomes(i);
    const std::string path = absl::StrCat(kRecord, ".outcomes[", i, "]");
    RETURN_IF_ERROR(CheckText(FieldPath(path, "code"), outcome.code(),
                              {.required = true, .max_length = 64}));
    RETURN_IF_ERROR(CheckText(FieldPath(path, "site"), outcome.site(),
                              {.max_length = 100}));
    if (!std::isfinite(outcome.value())) {
      return FieldError(FieldPath(path, "value"), "must be a finite number");
    }
  }
  return absl::OkStatus();
}

bool SeesTreatmentRecords(const CallContext& call) {
  return call.role != staff::Role::kFrontDesk;
}

std::string Label(absl::string_view what, const BookingRules& rules,
                  absl::Time start) {
  return absl::StrCat(what, " (", rules.Describe(start), ")");
}

}  // namespace

SchedulingService::SchedulingService(CallRunner& calls, storage::Store& store,
                                     const plugin_host::PluginRegistry& plugins,
                                     int max_schedule_watchers)
    : BoundService(calls),
      calls_(calls),
      store_(store),
      plugins_(plugins),
      events_(max_schedule_watchers) {
  BindRead("FindAvailableSlots", &SchedulingService::FindAvailableSlots);
  BindWrite("BookSession", &SchedulingService::BookSession);
  BindWrite("BookCourse", &SchedulingService::BookCourse);
  BindWrite("RescheduleSession", &SchedulingService::RescheduleSession);
  BindWrite("CancelSession", &SchedulingService::CancelSession);
  BindWrite("CheckIn", &SchedulingService::CheckIn);
  BindWrite("CompleteSession", &SchedulingService::CompleteSession);
  BindWrite("MarkNoShow", &SchedulingService::MarkNoShow);
  BindRead("GetSession", &SchedulingService::GetSession);
  BindRead("ListSessions", &SchedulingService::ListSessions);
  BindRead("GetCourse", &SchedulingService::GetCourse);
  BindServerStream("WatchSchedule",
                   [this](grpc::CallbackServerContext* context,
                          const grpc::ByteBuffer* request) {
                     return WatchSchedule(context, request);
                   });
}

absl::Status SchedulingService::SaveChange(storage::Transaction& transaction,
                                          const CallContext& call,
                                          const Session& session,
                                          v1::Session& out) const {
  RETURN_IF_ERROR(transaction.scheduling().UpdateSession(session));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  Announce(call, session, Change::CHANGE_UPDATED, settings.time_zone);
  out = SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

void SchedulingService::Announce(const CallContext& call,
                                 const Session& session, Change::Change change,
                                 absl::TimeZone zone,
                                 std::optional<absl::Time> previous_start) const {
  Change message;
  message.set_change(change);
  *message.mutable_session() = SessionToProto(session, /*with_record=*/false);
  const absl::CivilDay day = absl::ToCivilDay(session.time.start, zone);
  const absl::CivilDay previous_day =
      absl::ToCivilDay(previous_start.value_or(session.time.start), zone);
  call.notes->AfterCommit([this, message = std::move(message), day,
                           previous_day] {
    events_.Publish(message, {day, previous_day});
  });
}

absl::Status SchedulingService::BookSession(const v1::BookSessionRequest& request,
                                            v1::BookSessionResponse& response,
                                            storage::Transaction& transaction,
                                            const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
                                                 request.treatment_type()));
  ASSIGN_OR_RETURN(const absl::Time start,
                   TimeFromProto("start_time", request.start_time()));
  ASSIGN_OR_RETURN(const Participants who,
                   ResolveParticipants(transaction, call, request.patient(),
                                       request.practitioner(), request.room()));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  BookingRules rules(transaction.scheduling(), settings, call.now);

  Session session;
  session.id = NewResourceId();
  call.notes->SetResource(ResourceName(kSessions, session.id));
  session.patient_id = who.patient.id;
  session.treatment_type = type->id();
  session.practitioner_id = who.practitioner_id;
  session.room_id = who.room_id;
  session.time = {start, start + treatments::SessionLength(*type)};
  session.create_time = call.now;
  session.update_time = call.now;
  const std::string label = Label("start_time", rules, start);

  if (!request.course().empty()) {
    ASSIGN_OR_RETURN(const std::string course_id,
                     ParseResourceName("course", request.course(), "courses"));
    ASSIGN_OR_RETURN(const Course course,
                     transaction.scheduling().GetCourse(course_id));
    if (course.patient_id != who.patient.id ||
        course.treatment_type != type->id()) {
      return FieldError("course", "belongs to another patient or treatment");
    }
    if (course.state == CourseState::kSuspended) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.course(), " is suspended after an adverse event: a "
                            "practitioner must review it before new bookings"));
    }
    if (course.state != CourseState::kActive) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.course(), " was stopped after a safety review: book a new "
                            "course instead"));
    }
    ASSIGN_OR_RETURN(std::vector<Session> booked,
                     transaction.scheduling().CourseSessions(course_id));
    std::erase_if(booked, [](const Session& s) { return !HoldsSlot(s.state); });
    const int max_sessions = type->description().course().max_total_sessions();
    if (static_cast<int>(booked.size()) >= max_sessions) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.course(), " already has ", booked.size(),
          " sessions: the protocol allows at most ", max_sessions));
    }
    session.course_id = course_id;
    session.course_index =
        booked.empty() ? 0 : booked.back().course_index + 1;
    if (!booked.empty()) {
      std::tie(session.min_gap_days, session.max_gap_days) =
          treatments::GapWindowForIndex(*type, session.course_index);
      RETURN_IF_ERROR(CheckGap(booked.back().time.start, start,
                               session.min_gap_days, session.max_gap_days,
                               settings.time_zone, label));
    }
  }
  RETURN_IF_ERROR(rules.CheckSlot({who.patient.id, who.practitioner_id,
                                   who.room_id, session.time, ""},
                                  label));
  RETURN_IF_ERROR(CheckPatientMayBeTreated(transaction, call, *type,
                                           who.patient, settings, start, label));
  RETURN_IF_ERROR(transaction.scheduling().InsertSession(session));
  Announce(call, session, Change::CHANGE_BOOKED, settings.time_zone);
  *response.mutable_session() =
      SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

absl::Status SchedulingService::BookCourse(const v1::BookCourseRequest& request,
                                           v1::BookCourseResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
                                                 request.treatment_type()));
  ASSIGN_OR_RETURN(const absl::Time first,
                   TimeFromProto("first_session_time",
                                 request.first_session_time()));
  if (request.session_count() < 0) {
    return FieldError("session_count", "must not be negative");
  }
  if (request.preferred_interval_days() < 0) {
    return FieldError("preferred_interval_days", "must not be negative");
  }
  ASSIGN_OR_RETURN(const Participants who,
                   ResolveParticipants(transaction, call, request.patient(),
                                       request.practitioner(), request.room()));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  BookingRules rules(transaction.scheduling(), settings, call.now);
  // Before the plugin plans from it: a plan from a date the clinic does not
  // book would be refused session by session, naming none of the request.
  RETURN_IF_ERROR(
      rules.CheckStart(first, Label("first_session_time", rules, first)));
  ASSIGN_OR_RETURN(
      const std::vector<treatments::PlannedSlot> plan,
      treatments::PlanCourseInZone(
          *type,
          {.first_session = first,
           .session_count = request.session_count(),
           .preferred_interval_days = request.preferred_interval_days(),
           .include_maintenance = request.include_maintenance()},
          settings.time_zone));

  Course course{NewResourceId(), who.patient.id, type->id(),
                CourseState::kActive, call.now, call.now};
  call.notes->SetResource(ResourceName("courses", course.id));
  RETURN_IF_ERROR(transaction.scheduling().InsertCourse(course));
  // Every session is checked, and each conflict named, before refusing: the
  // front desk can then fix them all at once. Sessions are inserted as they
  // pass, so that a course never overlaps itself; a refusal rolls all back.
  std::vector<std::string> conflicts;
  v1::Course& out = *response.mutable_course();
  out = CourseToProto(course);
  std::vector<Session> sessions;
  for (const treatments::PlannedSlot& slot : plan) {
    const std::string label =
        Label(absl::StrCat("session ", slot.index + 1), rules, slot.start);
    absl::Status status = rules.CheckSlot(
        {who.patient.id, who.practitioner_id, who.room_id,
         {slot.start, slot.end}, ""},
        label);
    if (status.ok()) {
      status = CheckPatientMayBeTreated(transaction, call, *type, who.patient,
                                        settings, slot.start, label);
    }
    if (!status.ok()) {
      if (!absl::IsFailedPrecondition(status)) return status;
      conflicts.emplace_back(status.message());
      continue;
    }
    Session session;
    session.id = NewResourceId();
    session.patient_id = who.patient.id;
    session.treatment_type = type->id();
    session.practitioner_id = who.practitioner_id;
    session.room_id = who.room_id;
    session.time = {slot.start, slot.end};
    session.course_id = course.id;
    session.course_index = slot.index;
    session.min_gap_days = slot.min_days_after_previous;
    session.max_gap_days = slot.max_days_after_previous;
    session.create_time = call.now;
    session.update_time = call.now;
    RETURN_IF_ERROR(transaction.scheduling().InsertSession(session));
    sessions.push_back(std::move(session));
  }
  if (!conflicts.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the course cannot be booked; nothing was booked. ",
        absl::StrJoin(conflicts, ". ")));
  }
  for (const Session& session : sessions) {
    Announce(call, session, Change::CHANGE_BOOKED, settings.time_zone);
    *out.add_sessions() = SessionToProto(session, SeesTreatmentRecords(call));
  }
  return absl::OkStatus();
}

absl::Status SchedulingService::RescheduleSession(
    const v1::RescheduleSessionRequest& request,
    v1::RescheduleSessionResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  ASSIGN_OR_RETURN(const absl::Time new_start,
                   TimeFromProto("new_start_time", request.new_start_time()));
  if (session.state != SessionState::kBooked) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.session(), " is ", SessionStateName(session.state),
        ": only booked sessions can be moved"));
  }
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("session",
                       ResourceName("treatmentTypes", session.treatment_type)));
  if (!request.practitioner().empty()) {
    ASSIGN_OR_RETURN(session.practitioner_id,
                     ActivePractitioner(transaction, "practitioner",
                                        request.practitioner()));
  }
  if (!request.room().empty()) {
    ASSIGN_OR_RETURN(session.room_id,
                     ActiveRoom(transaction, "room", request.room()));
  }
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  ASSIGN_OR_RETURN(const patients::Patient patient,
                   transaction.patients().Get(session.patient_id));
  BookingRules rules(transaction.scheduling(), settings, call.now);
  const absl::TimeZone zone = settings.time_zone;
  const absl::Time previous_start = session.time.start;
  const absl::Duration length = session.time.end - session.time.start;
  session.time = {new_start, new_start + length};
  session.update_time = call.now;

  std::vector<Session> course;
  if (!session.course_id.empty()) {
    ASSIGN_OR_RETURN(course,
                     transaction.scheduling().CourseSessions(session.course_id));
    std::erase_if(course, [](const Session& s) { return !HoldsSlot(s.state); });
  }
  const auto position = std::find_if(
      course.begin(), course.end(),
      [&](const Session& s) { return s.id == session.id; });
  const std::string label = Label("new_start_time", rules, new_start);
  if (position != course.end() && position != course.begin()) {
    const Session& before = *std::prev(position);
    RETURN_IF_ERROR(CheckGap(before.time.start, new_start, session.min_gap_days,
                             session.max_gap_days, zone, label));
  }
  if (position != course.end() && std::next(position) != course.end() &&
      std::next(position)->time.start <= new_start) {
    return absl::FailedPreconditionError(absl::StrCat(
        label, ": a session cannot move past the course's next session; move "
               "that one first"));
  }
  RETURN_IF_ERROR(rules.CheckSlot({session.patient_id, session.practitioner_id,
                                   session.room_id, session.time, session.id},
                                  label));
  RETURN_IF_ERROR(CheckPatientMayBeTreated(transaction, call, *type, patient,
                                           settings, new_start, label));
  RETURN_IF_ERROR(transaction.scheduling().UpdateSession(session));
  Announce(call, session, Change::CHANGE_UPDATED, zone, previous_start);

  // Later sessions keep their day unless the gap to the one before leaves
  // the protocol's window; then they take the nearest day inside it (same
  // local time of day) that the calendar allows.
  absl::Time anchor = new_start;
  if (position != course.end()) {
    for (auto later = std::next(position); later != course.end(); ++later) {
      Session next = *later;
      if (next.state != SessionState::kBooked) break;
      const int gap = DaysBetween(anchor, next.time.start, zone);
      if (gap >= next.min_gap_days && gap <= next.max_gap_days) break;
      const absl::CivilDay anchor_day = absl::ToCivilDay(anchor, zone);
      const absl::CivilSecond time_of_day = absl::ToCivilSecond(next.time.start, zone);
      const int target = gap < next.min_gap_days ? next.min_gap_days
                                                 : next.max_gap_days;
      std::vector<int> candidates;
      for (int days = next.min_gap_days; days <= next.max_gap_days; ++days) {
        candidates.push_back(days);
      }
      std::stable_sort(candidates.begin(), candidates.end(),
                       [&](int a, int b) {
                         return std::abs(a - target) < std::abs(b - target);
                       });
      const absl::Time old_start = next.time.start;
      const absl::Duration next_length = next.time.end - next.time.start;
      absl::Status last_refusal = absl::OkStatus();
      bool moved = false;
      for (int days : candidates) {
        const absl::CivilDay day = anchor_day + days;
        const absl::Time start = absl::FromCivil(
            absl::CivilSecond(day.year(), day.month(), day.day(),
                              time_of_day.hour(), time_of_day.minute(), 0),
            zone);
        next.time = {start, start + next_length};
        last_refusal = rules.CheckSlot({next.patient_id, next.practitioner_id,
                                        next.room_id, next.time, next.id},
                                       Label(ResourceName(kSessions, next.id),
                                             rules, start));
        if (last_refusal.ok()) {
          last_refusal = CheckPatientMayBeTreated(
              transaction, call, *type, patient, settings, start,
              Label(ResourceName(kSessions, next.id), rules, start));
        }
        if (last_refusal.ok()) {
          moved = true;
          break;
        }
      }
      if (!moved) {
        return absl::FailedPreconditionError(absl::StrCat(
            "nothing was moved: sessions/", next.id, " (session ",
            next.course_index + 1, " of the course) would have to move to ",
            next.min_gap_days, " to ", next.max_gap_days,
            " days after the session before it, and no such day fits. Last "
            "refusal: ", last_refusal.message()));
      }
      next.update_time = call.now;
      RETURN_IF_ERROR(transaction.scheduling().UpdateSession(next));
      Announce(call, next, Change::CHANGE_UPDATED, zone, old_start);
      *response.add_also_moved() =
          SessionToProto(next, SeesTreatmentRecords(call));
      anchor = next.time.start;
    }
  }
  *response.mutable_session() =
      SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

absl::Status SchedulingService::CancelSession(
    const v1::CancelSessionRequest& request, v1::CancelSessionResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  RETURN_IF_ERROR(CheckText("reason", request.reason(),
                            {.required = true, .max_length = 500}));
  RETURN_IF_ERROR(CheckTransition(request.session(), session.state,
                                  SessionState::kCancelled));
  session.state = SessionState::kCancelled;
  session.cancel_reason = request.reason();
  session.cancelled_by = call.staff_id;
  session.update_time = call.now;
  return SaveChange(transaction, call, session, *response.mutable_session());
}

absl::Status SchedulingService::CheckIn(const v1::CheckInRequest& request,
                                        v1::CheckInResponse& response,
                                        storage::Transaction& transaction,
                                        const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  RETURN_IF_ERROR(CheckTransition(request.session(), session.state,
                                  SessionState::kCheckedIn));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  if (absl::ToCivilDay(session.time.start, settings.time_zone) !=
      absl::ToCivilDay(call.now, settings.time_zone)) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.session(), " is not today: patients check in on the day of "
                           "their session"));
  }
  session.state = SessionState::kCheckedIn;
  session.check_in_time = call.now;
  session.update_time = call.now;
  return SaveChange(transaction, call, session, *response.mutable_session());
}

absl::Status SchedulingService::CompleteSession(
    const v1::CompleteSessionRequest& request,
    v1::CompleteSessionResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  RETURN_IF_ERROR(CheckTransition(request.session(), session.state,
                                  SessionState::kCompleted));
  const v1::TreatmentRecord& record = request.treatment_record();
  RETURN_IF_ERROR(CheckRecordShape(record));
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("session",
                       ResourceName("treatmentTypes", session.treatment_type)));
  ASSIGN_OR_RETURN(const patients::Patient patient,
                   transaction.patients().Get(session.patient_id));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  const absl::CivilDay today = absl::ToCivilDay(call.now, settings.time_zone);
  plugin::TreatmentRecord check;
  check.set_session_index(session.course_index);
  check.mutable_body_areas()->CopyFrom(record.areas());
  for (const v1::ProductUse& use : record.products()) {
    plugin::TreatmentProduct& product = *check.add_products();
    product.set_product(use.product());
    product.set_lot_number(use.lot_number());
    product.set_concentration(use.concentration());
    product.set_volume_ml(use.volume_ml());
    product.set_depth_mm(use.depth_mm());
    product.set_injection_points(use.injection_points());
    product.set_area(use.area());
  }
  for (const v1::OutcomeMeasurement& outcome : record.outcomes()) {
    plugin::OutcomeMeasurement& measurement = *check.add_outcome_measurements();
    measurement.set_code(outcome.code());
    measurement.set_site(outcome.site());
    measurement.set_value(outcome.value());
  }
  *check.mutable_patient_facts() =
      treatments::PatientFactsFor(patient, today, today);
  ASSIGN_OR_RETURN(const plugin::TreatmentRecordValidation validation,
                   type->ValidateTreatmentRecord(check));
  if (validation.violations_size() > 0) {
    std::vector<std::string> problems;
    for (const plugin::RecordViolation& violation : validation.violations()) {
      problems.push_back(absl::StrCat("treatment_record.",
                                      ApiFieldPath(violation.field()), ": ",
                                      violation.code(), ": ",
                                      violation.message()));
    }
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  }
  session.state = SessionState::kCompleted;
  session.update_time = call.now;
  session.treatment_record = TreatmentRecordFromProto(record);
  session.treatment_record->recorded_by = call.staff_id;
  session.treatment_record->record_time = call.now;
  RETURN_IF_ERROR(transaction.scheduling().UpdateSession(session));
  for (const adverse_events::FollowUpTask& task :
       treatments::FollowUpTasksAfter(type->description(), session)) {
    RETURN_IF_ERROR(transaction.adverse_events().InsertTask(task));
  }
  Announce(call, session, Change::CHANGE_UPDATED, settings.time_zone);
  *response.mutable_session() = SessionToProto(session, /*with_record=*/true);
  return absl::OkStatus();
}

absl::Status SchedulingService::MarkNoShow(const v1::MarkNoShowRequest& request,
                                           v1::MarkNoShowResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  ASSIGN_OR_RETURN(
      Session session,
      FindSession(transaction, call, "session", request.session()));
  RETURN_IF_ERROR(CheckTransition(request.session(), session.state,
                                  SessionState::kNoShow));
  if (call.now < session.time.start) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.session(), " has not started yet: a patient is a no-show only "
                           "once the session's time has come"));
  }
  session.state = SessionState::kNoShow;
  session.update_time = call.now;
  return SaveChange(transaction, call, session, *response.mutable_session());
}

absl::Status SchedulingService::GetSession(const v1::GetSessionRequest& request,
                                           v1::GetSessionResponse& response,
                                           storage::Transaction& transaction,
                                           const CallContext& call) const {
  ASSIGN_OR_RETURN(const Session session,
                   FindSession(transaction, call, "name", request.name()));
  *response.mutable_session() =
      SessionToProto(session, SeesTreatmentRecords(call));
  return absl::OkStatus();
}

absl::Status SchedulingService::ListSessions(
    const v1::ListSessionsRequest& request, v1::ListSessionsResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  SessionQuery query;
  ASSIGN_OR_RETURN(const int page_size,
                   EffectivePageSize(request.page_size(), kDefaultPageSize,
                                     kMaxPageSize));
  query.limit = page_size + 1;
  ASSIGN_OR_RETURN(query.patient_id,
                   ParseOptionalResourceName("patient", request.patient(),
                                             "patients"));
  ASSIGN_OR_RETURN(query.practitioner_id,
                   ParseOptionalResourceName("practitioner", request.practitioner(),
                                             "staff"));
  ASSIGN_OR_RETURN(query.room_id,
                   ParseOptionalResourceName("room", request.room(),
                                             "rooms"));
  ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> day,
                   OptionalDateFromProto("day", request.day()));
  if (day.has_value()) {
    ASSIGN_OR_RETURN(const ClinicSettings settings,
                     transaction.scheduling().GetSettings());
    query.starting_within =
        Interval{absl::FromCivil(*day, settings.time_zone),
                 absl::FromCivil(*day + 1, settings.time_zone)};
  }
  if (!query.patient_id && !query.practitioner_id && !query.room_id &&
      !query.starting_within) {
    return FieldError("patient",
                      "at least one of patient, practitioner, room or day is "
                      "required");
  }
  query.include_cancelled = request.include_cancelled();
  const std::string fingerprint = ListRequestFingerprint(request);
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(const std::vector<std::string> position,
                     DecodePageToken(request.page_token(), fingerprint));
    int64_t micros = 0;
    if (position.size() != 2 || !absl::SimpleAtoi(position[0], &micros)) {
      return FieldError("page_token", "is malformed");
    }
    query.after = {absl::FromUnixMicros(micros), position[1]};
  }
  ASSIGN_OR_RETURN(std::vector<Session> sessions,
                   transaction.scheduling().ListSessions(query));
  const bool more = static_cast<int>(sessions.size()) > page_size;
  if (more) sessions.resize(page_size);
  for (const Session& session : sessions) {
    call.notes->AddPatient(session.patient_id);
    *response.add_sessions() = SessionToProto(session, /*with_record=*/false);
  }
  if (more) {
    response.set_next_page_token(EncodePageToken(
        fingerprint, {absl::StrCat(absl::ToUnixMicros(sessions.back().time.start)),
                      sessions.back().id}));
  }
  return absl::OkStatus();
}

absl::Status SchedulingService::GetCourse(const v1::GetCourseRequest& request,
                                          v1::GetCourseResponse& response,
                                          storage::Transaction& transaction,
                                          const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), "courses"));
  ASSIGN_OR_RETURN(const Course course, transaction.scheduling().GetCourse(id));
  call.notes->AddPatient(course.patient_id);
  ASSIGN_OR_RETURN(const std::vector<Session> sessions,
                   transaction.scheduling().CourseSessions(id));
  *response.mutable_course() = CourseToProto(course);
  for (const Session& session : sessions) {
    *response.mutable_course()->add_sessions() =
        SessionToProto(session, SeesTreatmentRecords(call));
  }
  return absl::OkStatus();
}

}  // namespace mesoclinic::scheduling
