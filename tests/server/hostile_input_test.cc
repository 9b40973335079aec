// Hostile input: every method of every clinic.v1 service the server serves
// gets malformed and hostile requests, and must refuse each clearly, stay
// up, and change nothing stored.
//
// How. The server lists its services through reflection; their methods and
// request types come from the generated descriptors, so a new service or
// method is attacked without a line here. For each method, PlausibleRequests
// below builds the request a careful client would send, naming resources
// this suite creates first (World), so that each hostile variant gets past
// every check before the one it attacks; MakeHostileRequests
// (hostile_request_maker.h) turns it into its hostile variants, field by
// field. A method whose request has fields but no plausible request fails
// the suite, and so does a field the plausible request leaves unset, unless
// OutputOnlyFields lists it: a new field is attacked, not skipped. Each call
// goes as a role the role matrix allows (admin first), unary or, for
// WatchSchedule, as a stream (raw_stream_call.h).
//
// What each hostile request must get: a clear refusal (IsClearRefusal: not
// OK, and not INTERNAL, UNKNOWN, UNIMPLEMENTED, DEADLINE_EXCEEDED or any
// other code that means the server broke or hung) whose message names the
// attacked field by its path in the request (or its parent and name, for a
// rule between fields; or the resource name sent, for NOT_FOUND); and a
// health check answered after it. Around all of them, every table of the
// database but the audit trail (which records every call, refused or not)
// and the idempotency records (kept only for changes that succeeded) must
// read the same before and after (database_snapshot.h).
//
// What may be accepted. Some hostile-looking values are legitimate: "%" in
// a name prefix, a SQL fragment in clinical notes, a page size above the
// maximum (treated as the maximum). AcceptedVariants lists each, method by
// method and field by field, with the reason. How they are checked depends
// on the method:
//   - a reading method must answer them OK: they are sent with the others,
//     and the "nothing changed" comparison covers them too;
//   - a changing method would store them (that is what accepting means), so
//     they are left out of that comparison by design and sent by
//     AcceptedChangesLeaveTheServerWorking instead (under CTest each test
//     runs on a server of its own): the server must answer each without
//     breaking (OK, or a clear refusal when an earlier one changed the state
//     it relied on), keep serving, and still answer every plausible request.
// Every entry must match a variant, and a reading method must really accept
// it, so that the list cannot go stale. SqlFragmentsAreStoredAsText checks
// that accepted SQL is stored, and searched, as text.
//
// Sign-in refusals are UNAUTHENTICATED, which counts as clear here; failed
// sign-ins are counted in sign_in_failures by design, which the "nothing
// changed" comparison leaves out like the audit trail.
//
// Not covered: values a changing method accepts are not checked for what they became,
// beyond SqlFragmentsAreStoredAsText.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "clinic/v1/sign_in.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/auth/role_matrix.h"
#include "google/protobuf/descriptor.h"
#include "tests/adverse_events/adverse_event_fixture.h"
#include "tests/patients/patient_test_data.h"
#include "tests/server/database_snapshot.h"
#include "tests/server/hostile_request_maker.h"
#include "tests/server/raw_stream_call.h"
#include "tests/support/raw_call.h"
#include "tests/support/reflection_client.h"

namespace mesoclinic::testing {
namespace {

// The first start on the clinic's 15-minute slot grid after `time` (its zone
// is a whole number of hours from UTC): later bookings keep to the grid.
absl::Time OnGrid(absl::Time time) {
  return absl::FromUnixSeconds((absl::ToUnixSeconds(time) / 900 + 1) * 900);
}

namespace v1 = ::clinic::v1;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MethodDescriptor;

// ---------------------------------------------------------------------------
// The resources plausible requests name, made through the API.

struct World {
  absl::Time now;
  absl::CivilDay today;  // In the clinic's zone.
  std::string patient;   // With sessions, a course, a consent, events.
  std::string patient_etag;
  std::string practitioner;  // The patient's, with a room.
  std::string room;
  std::string spare_room;
  std::string spare_practitioner;
  std::string front_desk;
  std::string api_key;  // One of the front desk's.
  std::string consent;
  int consent_version = 0;
  std::string consent_sha256;
  std::string closure;
  std::string booked_session;  // Today, booked.
  absl::Time booked_start;
  std::string checked_in_session;
  std::string completed_session;
  absl::Time completed_start;
  std::string lot;
  v1::TreatmentRecord treatment_record;  // What was given, from the lot.
  std::string course;  // The patient's, active.
  absl::Time course_last_start;
  std::string held_course;  // Another patient's, under a safety hold.
  std::string adverse_event;
  std::string serious_event;  // Serious and unexpected: expedited report due.
  std::string follow_up_task;
  v1::ClinicSettings settings;
  // A member who signs in with a password, and one whose password is set.
  std::string sign_in_email;
  std::string sign_in_password;
  std::string password_target;
  std::string setup_token;  // Unused, for CompletePasswordSetup.
};

// A plausible request for one request type.
using PlausibleMaker = std::function<std::unique_ptr<Message>(const World&)>;

template <typename Request>
std::pair<std::string, PlausibleMaker> Plausible(
    std::function<void(Request&, const World&)> fill) {
  return {Request::descriptor()->full_name(),
          [fill](const World& world) -> std::unique_ptr<Message> {
            auto request = std::make_unique<Request>();
            fill(*request, world);
            return request;
          }};
}

google::protobuf::Timestamp At(absl::Time time) {
  return TimestampToProto(time);
}

v1::Date DateOf(absl::CivilDay day) { return DateToProto(day); }

// A complete patient: every field the API takes set.
v1::Patient FullPatient() {
  v1::Patient patient = CompletePatient();
  patient.mutable_contact()->mutable_address()->set_line2("Batiment B");
  patient.mutable_contact()->mutable_address()->set_region("Rhone");
  patient.mutable_clinical_facts()->mutable_conditions(0)->set_note(
      "treated, stable");
  return patient;
}

// The request of every method whose request has fields, by request type.
const std::map<std::string, PlausibleMaker>& PlausibleRequests() {
  static const auto* requests = new std::map<std::string, PlausibleMaker>{
      // PatientService.
      Plausible<v1::CreatePatientRequest>([](auto& r, const World&) {
        *r.mutable_patient() = FullPatient();
        r.add_confirm_facts(v1::FACT_GROUP_MEDICATIONS);
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetPatientRequest>(
          [](auto& r, const World& w) { r.set_name(w.patient); }),
      Plausible<v1::UpdatePatientRequest>([](auto& r, const World& w) {
        *r.mutable_patient() = FullPatient();
        r.mutable_patient()->set_name(w.patient);
        for (const char* field :
             {"given_name", "family_name", "date_of_birth", "sex", "contact",
              "emergency_contact", "clinical_facts", "notes"}) {
          r.mutable_update_mask()->add_paths(field);
        }
        r.set_etag(w.patient_etag);
        r.add_confirm_facts(v1::FACT_GROUP_PREGNANCY_STATUS);
        r.set_request_id("hostile");
      }),
      Plausible<v1::ListPatientsRequest>([](auto& r, const World&) {
        r.set_page_size(10);
        r.set_name_prefix("Cam");
        *r.mutable_date_of_birth() = DateOf(absl::CivilDay(1985, 4, 12));
        r.set_include_archived(true);
      }),
      Plausible<v1::ArchivePatientRequest>([](auto& r, const World& w) {
        r.set_name(w.patient);
        r.set_request_id("hostile");
      }),
      // StaffService.
      Plausible<v1::CreateStaffMemberRequest>([](auto& r, const World&) {
        v1::StaffMember& member = *r.mutable_staff_member();
        member.set_display_name("Dr Ines Hostile");
        member.set_email("ines@example.fr");
        member.set_role(v1::ROLE_PRACTITIONER);
        member.set_licence_number("RPPS-424242");
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetStaffMemberRequest>(
          [](auto& r, const World& w) { r.set_name(w.practitioner); }),
      Plausible<v1::ListStaffMembersRequest>([](auto& r, const World&) {
        r.set_page_size(10);
        r.set_role(v1::ROLE_PRACTITIONER);
        r.set_include_inactive(true);
      }),
      Plausible<v1::DeactivateStaffMemberRequest>([](auto& r, const World& w) {
        r.set_name(w.spare_practitioner);
        r.set_request_id("hostile");
      }),
      Plausible<v1::IssueApiKeyRequest>([](auto& r, const World& w) {
        r.set_parent(w.front_desk);
        r.set_description("reception tablet");
        r.set_request_id("hostile");
      }),
      Plausible<v1::RevokeApiKeyRequest>([](auto& r, const World& w) {
        r.set_name(w.api_key);
        r.set_request_id("hostile");
      }),
      Plausible<v1::ListApiKeysRequest>([](auto& r, const World& w) {
        r.set_parent(w.front_desk);
        r.set_page_size(2);
      }),
      Plausible<v1::SetStaffPasswordRequest>([](auto& r, const World& w) {
        r.set_name(w.password_target);
        r.set_setup_link(true);
        r.set_request_id("hostile");
      }),
      // SignInService.
      Plausible<v1::SignInRequest>([](auto& r, const World& w) {
        r.set_email(w.sign_in_email);
        r.set_password(w.sign_in_password);
      }),
      Plausible<v1::SignOutRequest>(
          [](auto& r, const World&) { r.set_request_id("hostile"); }),
      Plausible<v1::ChangePasswordRequest>([](auto& r, const World& w) {
        r.set_current_password(w.sign_in_password);
        r.set_new_password("a brand new long password");
        r.set_request_id("hostile");
      }),
      Plausible<v1::CompletePasswordSetupRequest>([](auto& r, const World& w) {
        r.set_token(w.setup_token);
        r.set_new_password("a password from the link");
        r.set_request_id("hostile");
      }),
      // TreatmentService.
      Plausible<v1::ListTreatmentTypesRequest>(
          [](auto& r, const World&) { r.set_page_size(2); }),
      Plausible<v1::GetTreatmentProtocolRequest>(
          [](auto& r, const World&) { r.set_name(kCellulite); }),
      Plausible<v1::CheckEligibilityRequest>([](auto& r, const World& w) {
        r.set_patient(w.patient);
        r.set_treatment_type(kCellulite);
        *r.mutable_session_date() = DateOf(w.today + 1);
        r.add_body_areas("thighs");
      }),
      Plausible<v1::PlanCourseRequest>([](auto& r, const World& w) {
        r.set_treatment_type(kCellulite);
        *r.mutable_first_session_time() = At(OnGrid(w.now + absl::Hours(24)));
        r.set_session_count(8);
        r.set_preferred_interval_days(7);
        r.set_include_maintenance(true);
      }),
      // ConsentService.
      Plausible<v1::RecordConsentRequest>([](auto& r, const World& w) {
        v1::Consent& consent = *r.mutable_consent();
        consent.set_patient(w.patient);
        consent.set_treatment_type(kCellulite);
        consent.set_document_version(w.consent_version);
        consent.set_disclosure_sha256(w.consent_sha256);
        *consent.mutable_sign_time() = At(w.now - absl::Minutes(10));
        consent.set_signer(v1::CONSENT_SIGNER_GUARDIAN);
        consent.set_guardian_name("Marie Martin");
        consent.set_guardian_relationship("mother");
        consent.set_practitioner(w.practitioner);
        consent.set_method(v1::CONSENT_METHOD_PAPER);
        *consent.mutable_expire_time() = At(w.now + absl::Hours(24 * 180));
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetConsentRequest>(
          [](auto& r, const World& w) { r.set_name(w.consent); }),
      Plausible<v1::ListConsentsRequest>([](auto& r, const World& w) {
        r.set_parent(w.patient);
        r.set_page_size(10);
        r.set_treatment_type(kCellulite);
        r.set_include_inactive(true);
      }),
      Plausible<v1::WithdrawConsentRequest>([](auto& r, const World& w) {
        r.set_name(w.consent);
        r.set_reason("changed her mind");
        *r.mutable_withdraw_time() = At(w.now - absl::Minutes(1));
        r.set_request_id("hostile");
      }),
      // ClinicService.
      Plausible<v1::UpdateClinicSettingsRequest>([](auto& r, const World& w) {
        *r.mutable_settings() = w.settings;
        r.mutable_settings()->clear_etag();
        r.mutable_settings()->set_jurisdiction("FR");
        // Set times: an all-zero 00:00 would leave hours and minutes unset.
        r.mutable_settings()->clear_opening_hours();
        v1::WeeklyTimeRange& monday =
            *r.mutable_settings()->mutable_opening_hours()->add_ranges();
        monday.set_day(v1::MONDAY);
        monday.mutable_start()->set_hours(7);
        monday.mutable_start()->set_minutes(30);
        monday.mutable_end()->set_hours(20);
        monday.mutable_end()->set_minutes(45);
        r.mutable_settings()->mutable_sign_in_idle_timeout()->set_seconds(1800);
        r.set_etag(w.settings.etag());
        r.set_request_id("hostile");
      }),
      Plausible<v1::CreateRoomRequest>([](auto& r, const World&) {
        r.mutable_room()->set_display_name("Salle Hostile");
        r.set_request_id("hostile");
      }),
      Plausible<v1::ListRoomsRequest>([](auto& r, const World&) {
        r.set_include_inactive(true);
        r.set_page_size(2);
      }),
      Plausible<v1::DeactivateRoomRequest>([](auto& r, const World& w) {
        r.set_name(w.spare_room);
        r.set_request_id("hostile");
      }),
      Plausible<v1::SetWorkingHoursRequest>([](auto& r, const World& w) {
        r.set_practitioner(w.practitioner);
        v1::WeeklyTimeRange& monday = *r.mutable_hours()->add_ranges();
        monday.set_day(v1::MONDAY);
        monday.mutable_start()->set_hours(9);
        monday.mutable_start()->set_minutes(30);
        monday.mutable_end()->set_hours(17);
        monday.mutable_end()->set_minutes(45);
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetWorkingHoursRequest>(
          [](auto& r, const World& w) { r.set_practitioner(w.practitioner); }),
      Plausible<v1::CreateClosureRequest>([](auto& r, const World& w) {
        v1::Closure& closure = *r.mutable_closure();
        closure.set_resource(w.room);
        *closure.mutable_start_time() = At(w.now + absl::Hours(24 * 200));
        *closure.mutable_end_time() = At(w.now + absl::Hours(24 * 201));
        closure.set_reason("maintenance");
        r.set_request_id("hostile");
      }),
      Plausible<v1::ListClosuresRequest>([](auto& r, const World& w) {
        *r.mutable_start_time() = At(w.now);
        *r.mutable_end_time() = At(w.now + absl::Hours(24 * 30));
        r.set_page_size(2);
      }),
      Plausible<v1::DeleteClosureRequest>([](auto& r, const World& w) {
        r.set_name(w.closure);
        r.set_request_id("hostile");
      }),
      // SchedulingService.
      Plausible<v1::FindAvailableSlotsRequest>([](auto& r, const World& w) {
        r.set_treatment_type(kCellulite);
        *r.mutable_start_date() = DateOf(w.today + 1);
        *r.mutable_end_date() = DateOf(w.today + 7);
        r.set_practitioner(w.practitioner);
        r.set_room(w.room);
        r.set_page_size(10);
      }),
      Plausible<v1::BookSessionRequest>([](auto& r, const World& w) {
        r.set_patient(w.patient);
        r.set_treatment_type(kCellulite);
        r.set_practitioner(w.practitioner);
        r.set_room(w.room);
        *r.mutable_start_time() =
            At(w.course_last_start + absl::Hours(24 * 14));
        r.set_course(w.course);
        r.set_request_id("hostile");
        r.set_kind(v1::SESSION_KIND_TREATMENT);
      }),
      Plausible<v1::BookCourseRequest>([](auto& r, const World& w) {
        r.set_patient(w.patient);
        r.set_treatment_type(kCellulite);
        r.set_practitioner(w.practitioner);
        r.set_room(w.room);
        *r.mutable_first_session_time() =
            At(OnGrid(w.now + absl::Hours(24 * 120)));
        r.set_session_count(8);
        r.set_preferred_interval_days(7);
        r.set_request_id("hostile");
      }),
      Plausible<v1::RescheduleSessionRequest>([](auto& r, const World& w) {
        r.set_session(w.booked_session);
        *r.mutable_new_start_time() = At(w.booked_start + absl::Hours(1));
        r.set_practitioner(w.practitioner);
        r.set_room(w.room);
        r.set_request_id("hostile");
      }),
      Plausible<v1::CancelSessionRequest>([](auto& r, const World& w) {
        r.set_session(w.booked_session);
        r.set_reason("the patient is unwell");
        r.set_request_id("hostile");
      }),
      Plausible<v1::CheckInRequest>([](auto& r, const World& w) {
        r.set_session(w.booked_session);
        r.set_request_id("hostile");
      }),
      Plausible<v1::CompleteSessionRequest>([](auto& r, const World& w) {
        r.set_session(w.checked_in_session);
        *r.mutable_treatment_record() = w.treatment_record;
        r.set_request_id("hostile");
      }),
      Plausible<v1::MarkNoShowRequest>([](auto& r, const World& w) {
        r.set_session(w.booked_session);
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetSessionRequest>(
          [](auto& r, const World& w) { r.set_name(w.booked_session); }),
      Plausible<v1::ListSessionsRequest>([](auto& r, const World& w) {
        r.set_patient(w.patient);
        r.set_practitioner(w.practitioner);
        r.set_room(w.room);
        *r.mutable_day() = DateOf(w.today);
        r.set_include_cancelled(true);
        r.set_page_size(10);
      }),
      Plausible<v1::GetCourseRequest>(
          [](auto& r, const World& w) { r.set_name(w.course); }),
      Plausible<v1::WatchScheduleRequest>(
          [](auto& r, const World& w) { *r.mutable_day() = DateOf(w.today); }),
      // AdverseEventService.
      Plausible<v1::ReportAdverseEventRequest>([](auto& r, const World& w) {
        v1::AdverseEvent& event = *r.mutable_adverse_event();
        event.set_patient(w.patient);
        event.set_session(w.completed_session);
        event.set_treatment_type(kCellulite);
        event.set_term("bruising");
        event.set_description("a large bruise on the left thigh");
        event.set_body_site("left thigh");
        *event.mutable_onset_time() = At(w.completed_start + absl::Seconds(1));
        *event.mutable_awareness_time() =
            At(w.completed_start + absl::Seconds(2));
        event.set_severity_grade(2);
        event.add_seriousness(
            v1::SERIOUSNESS_CRITERION_OTHER_MEDICALLY_IMPORTANT);
        event.set_relatedness(v1::RELATEDNESS_PROBABLE);
        event.set_causality_assessed_by(w.practitioner);
        v1::SuspectedProduct& product = *event.add_suspected_products();
        product.set_product("caffeine");
        product.set_lot_number(w.lot);
        product.set_relatedness(v1::RELATEDNESS_POSSIBLE);
        event.set_action_taken(v1::ACTION_TAKEN_MEDICATION_GIVEN);
        event.set_action_details("arnica gel");
        event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
        event.set_reporter_kind(v1::REPORTER_KIND_PATIENT);
        event.set_reporter_narrative("called: a big bruise since Sunday");
        r.set_request_id("hostile");
      }),
      Plausible<v1::AddFollowUpRequest>([](auto& r, const World& w) {
        r.set_adverse_event(w.adverse_event);
        v1::FollowUp& follow_up = *r.mutable_follow_up();
        *follow_up.mutable_time() = At(w.now);
        follow_up.set_outcome(v1::EVENT_OUTCOME_RECOVERED);
        follow_up.set_severity_grade(1);
        follow_up.set_notes("the bruise is gone");
        follow_up.add_seriousness(
            v1::SERIOUSNESS_CRITERION_OTHER_MEDICALLY_IMPORTANT);
        follow_up.set_relatedness(v1::RELATEDNESS_POSSIBLE);
        r.set_request_id("hostile");
      }),
      Plausible<v1::GetAdverseEventRequest>(
          [](auto& r, const World& w) { r.set_name(w.adverse_event); }),
      Plausible<v1::ListAdverseEventsRequest>([](auto& r, const World& w) {
        r.set_patient(w.patient);
        r.set_treatment_type(kCellulite);
        r.set_term("bruising");
        r.set_min_severity_grade(1);
        r.set_lot_number(w.lot);
        *r.mutable_start_time() = At(w.now - absl::Hours(24));
        *r.mutable_end_time() = At(w.now + absl::Hours(24));
        r.set_page_size(10);
      }),
      Plausible<v1::MarkExpeditedReportSubmittedRequest>(
          [](auto& r, const World& w) {
            r.set_name(w.serious_event);
            *r.mutable_submit_time() = At(w.now);
            r.set_authority("ANSM");
            r.set_reference("FR-2027-0042");
            r.set_request_id("hostile");
          }),
      Plausible<v1::RetryAdverseEventAssessmentRequest>(
          [](auto& r, const World& w) {
            r.set_name(w.adverse_event);
            r.set_request_id("hostile");
          }),
      Plausible<v1::ReviewSafetyHoldRequest>([](auto& r, const World& w) {
        r.set_course(w.held_course);
        r.set_decision(v1::ReviewSafetyHoldRequest::DECISION_RESUME);
        r.set_reason("reviewed: unrelated to the treatment");
        r.set_request_id("hostile");
      }),
      Plausible<v1::TraceLotRequest>([](auto& r, const World& w) {
        r.set_product("caffeine");
        r.set_lot_number(w.lot);
        r.set_page_size(2);
      }),
      Plausible<v1::GetSafetySummaryRequest>([](auto& r, const World& w) {
        r.set_treatment_type(kCellulite);
        *r.mutable_start_time() = At(w.now - absl::Hours(24 * 30));
        *r.mutable_end_time() = At(w.now + absl::Hours(24));
      }),
      Plausible<v1::ExportAdverseEventRequest>(
          [](auto& r, const World& w) { r.set_name(w.adverse_event); }),
      Plausible<v1::ListFollowUpTasksRequest>([](auto& r, const World& w) {
        r.set_practitioner(w.practitioner);
        *r.mutable_due_before() = At(w.now + absl::Hours(24 * 365));
        r.set_include_done(true);
        r.set_page_size(10);
      }),
      Plausible<v1::CompleteFollowUpTaskRequest>([](auto& r, const World& w) {
        r.set_name(w.follow_up_task);
        r.set_note("no swelling, no nodule");
        r.set_request_id("hostile");
      }),
      // AuditService.
      Plausible<v1::ListAuditEventsRequest>([](auto& r, const World& w) {
        r.set_page_size(10);
        r.set_patient(w.patient);
        r.set_staff_member(w.practitioner);
        r.set_method("/clinic.v1.PatientService/GetPatient");
        *r.mutable_start_time() = At(w.now - absl::Hours(24));
        *r.mutable_end_time() = At(w.now + absl::Hours(24));
      }),
  };
  return *requests;
}

// Fields a plausible request leaves unset on purpose: the server ignores
// them in requests (they are output only), so there is nothing to refuse.
// Fields only a consultation sets: the plausible requests book and complete
// a treatment session, which refuses them (INVALID_ARGUMENT naming the
// field), so they cannot be set there. tests/scheduling/
// consultation_service_test refuses each out of its range.
const std::set<std::string>& ConsultationOnlyFields() {
  static const auto* fields = new std::set<std::string>{
      "clinic.v1.BookSessionRequest.consultation_minutes",
      "clinic.v1.CompleteSessionRequest.consultation_notes",
  };
  return *fields;
}

const std::set<std::string>& OutputOnlyFields() {
  static const auto* fields = new std::set<std::string>{
      "clinic.v1.Patient.name",  // Output only, except in UpdatePatient.
      "clinic.v1.Patient.archived",
      "clinic.v1.Patient.create_time",
      "clinic.v1.Patient.update_time",
      "clinic.v1.Patient.archive_time",
      "clinic.v1.Patient.etag",
      "clinic.v1.ClinicalFacts.bmi",
      "clinic.v1.ClinicalFacts.confirmations",
      "clinic.v1.StaffMember.name",
      "clinic.v1.StaffMember.active",
      "clinic.v1.StaffMember.create_time",
      "clinic.v1.StaffMember.deactivate_time",
      "clinic.v1.Room.name",
      "clinic.v1.Room.active",
      "clinic.v1.Closure.name",
      "clinic.v1.ClinicSettings.etag",
      "clinic.v1.Consent.name",
      "clinic.v1.Consent.recorded_by",
      "clinic.v1.Consent.create_time",
      "clinic.v1.Consent.withdraw_time",
      "clinic.v1.Consent.withdraw_reason",
      "clinic.v1.Consent.withdrawn_by",
      "clinic.v1.Consent.state",
      "clinic.v1.Consent.disclosure_text",
      "clinic.v1.TreatmentRecord.recorded_by",
      "clinic.v1.TreatmentRecord.record_time",
      "clinic.v1.AdverseEvent.name",
      "clinic.v1.AdverseEvent.reporter",
      "clinic.v1.AdverseEvent.recommended_action",
      "clinic.v1.AdverseEvent.assessment_rationale",
      "clinic.v1.AdverseEvent.expedited_report_due_time",
      "clinic.v1.AdverseEvent.expedited_report_submit_time",
      "clinic.v1.AdverseEvent.follow_ups",
      "clinic.v1.AdverseEvent.current_outcome",
      "clinic.v1.AdverseEvent.current_severity_grade",
      "clinic.v1.AdverseEvent.create_time",
      "clinic.v1.FollowUp.recorded_by",
      "clinic.v1.AdverseEvent.legacy_relatedness",
      "clinic.v1.AdverseEvent.assessment_pending_reason",
      "clinic.v1.AdverseEvent.current_seriousness",
      "clinic.v1.AdverseEvent.current_relatedness",
      "clinic.v1.AdverseEvent.expedited_report_authority",
      "clinic.v1.AdverseEvent.expedited_report_reference",
      "clinic.v1.AdverseEvent.follow_up_report_due_time",
      "clinic.v1.AdverseEvent.follow_up_report_submit_time",
      "clinic.v1.AdverseEvent.follow_up_report_reference",
      "clinic.v1.AdverseEvent.patient_hold_review_time",
      "clinic.v1.SuspectedProduct.legacy_relatedness",
      // The alternative to course: a patient-level hold's review.
      "clinic.v1.ReviewSafetyHoldRequest.patient",
  };
  return *fields;
}

// Documented longest values, in characters (proto comments and
// docs/api-guide.md); every request_id is added to these (64).
MaxLengths DocumentedMaxLengths() {
  return {
      {"clinic.v1.Patient.given_name", 100},
      {"clinic.v1.Patient.family_name", 100},
      {"clinic.v1.Patient.notes", 10000},
      {"clinic.v1.PostalAddress.line1", 200},
      {"clinic.v1.PostalAddress.line2", 200},
      {"clinic.v1.PostalAddress.city", 100},
      {"clinic.v1.PostalAddress.region", 100},
      {"clinic.v1.PostalAddress.postal_code", 20},
      {"clinic.v1.ContactInfo.email", 254},
      {"clinic.v1.EmergencyContact.name", 200},
      {"clinic.v1.EmergencyContact.relationship", 100},
      {"clinic.v1.Medication.name", 200},
      {"clinic.v1.Medication.dose", 200},
      {"clinic.v1.Allergy.substance", 200},
      {"clinic.v1.Allergy.reaction", 200},
      {"clinic.v1.Condition.code", 64},
      {"clinic.v1.Condition.note", 500},
      {"clinic.v1.ListPatientsRequest.name_prefix", 100},
      {"clinic.v1.StaffMember.display_name", 100},
      {"clinic.v1.StaffMember.licence_number", 50},
      {"clinic.v1.IssueApiKeyRequest.description", 100},
      {"clinic.v1.Room.display_name", 100},
      {"clinic.v1.Closure.reason", 200},
      {"clinic.v1.Consent.guardian_name", 100},
      {"clinic.v1.Consent.guardian_relationship", 100},
      {"clinic.v1.WithdrawConsentRequest.reason", 500},
      {"clinic.v1.CheckEligibilityRequest.body_areas", 100},
      {"clinic.v1.TreatmentRecord.notes", 10000},
      {"clinic.v1.CancelSessionRequest.reason", 500},
      {"clinic.v1.AdverseEvent.description", 5000},
      {"clinic.v1.AdverseEvent.body_site", 100},
      {"clinic.v1.FollowUp.notes", 5000},
      {"clinic.v1.AdverseEvent.reporter_narrative", 5000},
      {"clinic.v1.MarkExpeditedReportSubmittedRequest.authority", 200},
      {"clinic.v1.MarkExpeditedReportSubmittedRequest.reference", 100},
      {"clinic.v1.ReviewSafetyHoldRequest.reason", 1000},
      {"clinic.v1.CompleteFollowUpTaskRequest.note", 2000},
      {"clinic.v1.ListAuditEventsRequest.method", 200},
  };
}

// ---------------------------------------------------------------------------
// Variants that are legitimately accepted.

struct Accepted {
  // "PatientService.ListPatients", or "*" for every method.
  std::string method;
  // Attacked field paths; "" is the whole request.
  std::vector<std::string> fields;
  // The start of the variants' names ("SQL: " covers the three fragments).
  std::string variant;
  std::string reason;
};

const std::vector<Accepted>& AcceptedVariants() {
  static const char kFreeText[] =
      "free text: quotes, '%' and '_' are characters like any other, stored "
      "and compared as bound parameters (SqlFragmentsAreStoredAsText)";
  static const char kNoMatch[] =
      "a filter naming a well-formed id that no resource has matches nothing";
  static const char kAnyInstant[] =
      "a filter bound may be any instant Timestamp can hold";
  static const auto* accepted = [] {
    // Every free-text field of a patient.
    const std::vector<std::string> patient_text = {
        "patient.given_name",
        "patient.family_name",
        "patient.notes",
        "patient.contact.address.line1",
        "patient.contact.address.line2",
        "patient.contact.address.city",
        "patient.contact.address.region",
        "patient.contact.address.postal_code",
        "patient.emergency_contact.name",
        "patient.emergency_contact.relationship",
        "patient.clinical_facts.medications[0].name",
        "patient.clinical_facts.medications[0].dose",
        "patient.clinical_facts.allergies[0].substance",
        "patient.clinical_facts.allergies[0].reaction",
        "patient.clinical_facts.conditions[0].note"};
    return new std::vector<Accepted>{
        // Every method.
        {"*", {"request_id"}, "SQL: %",
         "printable ASCII without spaces: a valid request id"},
        {"*", {"request_id"}, "SQL: _",
         "printable ASCII without spaces: a valid request id"},
        {"*", {"page_size"}, "INT32 max",
         "AIP-158: a page size above the maximum means the maximum"},
        // A password may hold any printable characters.
        {"SignInService.ChangePassword", {"new_password"}, "SQL: '",
         "a valid new password (the admin who sends it has no current one)"},
        {"SignInService.CompletePasswordSetup", {"new_password"}, "SQL: '",
         "a valid new password"},
        // Reading methods whose every field is an optional filter.
        {"PatientService.ListPatients", {""}, "empty request", "no filter"},
        {"StaffService.ListStaffMembers", {""}, "empty request", "no filter"},
        {"ClinicService.ListRooms", {""}, "empty request", "no filter"},
        {"TreatmentService.ListTreatmentTypes", {""}, "empty request",
         "no filter"},
        {"AuditService.ListAuditEvents", {""}, "empty request", "no filter"},
        {"AdverseEventService.ListAdverseEvents", {""}, "empty request",
         "no filter"},
        {"AdverseEventService.ListFollowUpTasks", {""}, "empty request",
         "no filter"},
        // Free text, searched.
        {"PatientService.ListPatients", {"name_prefix"}, "SQL: ", kFreeText},
        {"AuditService.ListAuditEvents", {"method"}, "SQL: ", kFreeText},
        {"AdverseEventService.ListAdverseEvents", {"lot_number"}, "SQL: ",
         kFreeText},
        {"AdverseEventService.TraceLot", {"product", "lot_number"}, "SQL: ",
         kFreeText},
        // Filters naming nothing.
        {"AuditService.ListAuditEvents", {"patient", "staff_member"},
         "name: unknown id", kNoMatch},
        {"AuditService.ListAuditEvents", {"patient", "staff_member"},
         "name: id \"_\"", kNoMatch},
        {"SchedulingService.ListSessions", {"patient", "practitioner", "room"},
         "name: unknown id", kNoMatch},
        {"SchedulingService.ListSessions", {"patient", "practitioner", "room"},
         "name: id \"_\"", kNoMatch},
        {"ConsentService.ListConsents", {"treatment_type"}, "name: unknown id",
         "consents to a type whose plugin is gone can be listed: an unknown "
         "type matches nothing"},
        {"ConsentService.ListConsents", {"treatment_type"}, "name: id \"_\"",
         "consents to a type whose plugin is gone can be listed: an unknown "
         "type matches nothing"},
        {"AdverseEventService.ListAdverseEvents",
         {"patient", "treatment_type"}, "name: unknown id", kNoMatch},
        {"AdverseEventService.ListAdverseEvents",
         {"patient", "treatment_type"}, "name: id \"_\"", kNoMatch},
        {"AdverseEventService.ListFollowUpTasks", {"practitioner"},
         "name: unknown id", kNoMatch},
        {"AdverseEventService.ListFollowUpTasks", {"practitioner"},
         "name: id \"_\"", kNoMatch},
        // Instants at the ends of Timestamp's range, as filter bounds.
        {"AuditService.ListAuditEvents", {"start_time"},
         "timestamp: 1 s before the epoch", kAnyInstant},
        {"AuditService.ListAuditEvents", {"start_time"},
         "timestamp: 0001-01-01", kAnyInstant},
        {"AuditService.ListAuditEvents", {"end_time"}, "timestamp: 9999-12-31",
         kAnyInstant},
        {"AdverseEventService.ListAdverseEvents", {"start_time", "end_time"},
         "timestamp: 1 s before the epoch", kAnyInstant},
        {"AdverseEventService.ListAdverseEvents", {"start_time", "end_time"},
         "timestamp: 0001-01-01", kAnyInstant},
        {"AdverseEventService.ListAdverseEvents", {"start_time", "end_time"},
         "timestamp: 9999-12-31", kAnyInstant},
        {"AdverseEventService.ListFollowUpTasks", {"due_before"},
         "timestamp: 1 s before the epoch", kAnyInstant},
        {"AdverseEventService.ListFollowUpTasks", {"due_before"},
         "timestamp: 0001-01-01", kAnyInstant},
        {"AdverseEventService.ListFollowUpTasks", {"due_before"},
         "timestamp: 9999-12-31", kAnyInstant},
        {"StaffService.ListStaffMembers", {"page_token"},
         "page token: forged, number past int64",
         "a staff listing's position is a name and an id: any two strings are "
         "one"},
        {"ClinicService.ListRooms", {"page_token"},
         "page token: forged, number past int64",
         "a room listing's position is a name and an id: any two strings are "
         "one"},
        // Changes: free text.
        {"PatientService.CreatePatient", patient_text, "SQL: ", kFreeText},
        {"PatientService.UpdatePatient", patient_text, "SQL: ", kFreeText},
        {"StaffService.CreateStaffMember",
         {"staff_member.display_name", "staff_member.licence_number"}, "SQL: ",
         kFreeText},
        {"StaffService.IssueApiKey", {"description"}, "SQL: ", kFreeText},
        {"ClinicService.CreateRoom", {"room.display_name"}, "SQL: ", kFreeText},
        {"ClinicService.CreateClosure", {"closure.reason"}, "SQL: ", kFreeText},
        {"ConsentService.RecordConsent",
         {"consent.guardian_name", "consent.guardian_relationship"}, "SQL: ",
         kFreeText},
        {"ConsentService.WithdrawConsent", {"reason"}, "SQL: ", kFreeText},
        {"SchedulingService.CancelSession", {"reason"}, "SQL: ", kFreeText},
        {"SchedulingService.CompleteSession",
         {"treatment_record.notes", "treatment_record.products[0].lot_number"},
         "SQL: ", kFreeText},
        {"AdverseEventService.ReportAdverseEvent",
         {"adverse_event.description", "adverse_event.body_site",
          "adverse_event.action_details",
          "adverse_event.suspected_products[0].product",
          "adverse_event.suspected_products[0].lot_number",
          "adverse_event.reporter_narrative"},
         "SQL: ", kFreeText},
        {"AdverseEventService.MarkExpeditedReportSubmitted",
         {"authority", "reference"}, "SQL: ", kFreeText},
        {"AdverseEventService.AddFollowUp", {"follow_up.notes"}, "SQL: ",
         kFreeText},
        {"AdverseEventService.ReviewSafetyHold", {"reason"}, "SQL: ",
         kFreeText},
        {"AdverseEventService.CompleteFollowUpTask", {"note"}, "SQL: ",
         kFreeText},
        // Changes: far ends.
        {"ClinicService.CreateClosure", {"closure.end_time"},
         "timestamp: 9999-12-31",
         "a closure may last as long as the clinic wants; no latest end is "
         "documented"},
        {"ConsentService.RecordConsent", {"consent.expire_time"},
         "timestamp: 9999-12-31",
         "an expiry is optional and has no documented latest value"},
    };
  }();
  return *accepted;
}

// ---------------------------------------------------------------------------
// Checking answers.

bool IsPathCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         c == '.';
}

// Whether `text` holds `path` whole: not as part of a longer path.
bool HoldsPath(absl::string_view text, absl::string_view path) {
  if (path.empty()) return false;
  for (std::size_t at = text.find(path); at != absl::string_view::npos;
       at = text.find(path, at + 1)) {
    const std::size_t end = at + path.size();
    if ((at == 0 || !IsPathCharacter(text[at - 1])) &&
        (end == text.size() || !IsPathCharacter(text[end]))) {
      return true;
    }
  }
  return false;
}

// "a.b[0].c" -> {"a.b[0]", "c"}; "b[0]" -> {"", "b"}.
std::pair<std::string, std::string> ParentAndName(const std::string& path) {
  const std::size_t dot = path.rfind('.');
  const std::string parent =
      dot == std::string::npos ? "" : path.substr(0, dot);
  std::string name = dot == std::string::npos ? path : path.substr(dot + 1);
  name = name.substr(0, name.find('['));
  return {parent, name};
}

// Whether an error message names what `request` attacked.
bool NamesTheField(absl::string_view message, const HostileRequest& request,
                   const Descriptor& type) {
  if (request.field.empty()) {
    if (HoldsPath(message, "request")) return true;
    for (int i = 0; i < type.field_count(); ++i) {
      if (HoldsPath(message, type.field(i)->name()) ||
          absl::StrContains(message, type.field(i)->name() + ".")) {
        return true;
      }
    }
    return false;
  }
  if (HoldsPath(message, request.field)) return true;
  if (!request.sent_name.empty() &&
      absl::StrContains(message, request.sent_name)) {
    return true;
  }
  const auto [parent, name] = ParentAndName(request.field);
  // The enclosing value: "hours.ranges[0].start: must be a time of day".
  if (!parent.empty() && absl::StrContains(message, parent + ":")) return true;
  // A rule between siblings: "closure.end_time: must be after start_time".
  return absl::StartsWith(message, parent.empty() ? "" : parent + ".") &&
         HoldsPath(message, name);
}

// The codes of a clear refusal; every other code means the server broke,
// hung, or accepted.
bool IsClearRefusal(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::UNAUTHENTICATED:  // A sign-in refused.
      return true;
    default:
      return false;
  }
}

// An answer that shows the server coping: anything but a broken, hung or
// unimplemented call.
bool IsComposed(grpc::StatusCode code) {
  return code == grpc::StatusCode::OK || IsClearRefusal(code);
}

std::string Shortened(const std::string& text) {
  return text.size() <= 300 ? text : absl::StrCat(text.substr(0, 300), "...");
}

std::string ShortName(const MethodDescriptor& method) {
  return absl::StrCat(method.service()->name(), ".", method.name());
}

bool Changes(const MethodDescriptor& method) {
  return method.input_type()->FindFieldByName("request_id") != nullptr;
}

// ---------------------------------------------------------------------------
// The suite.

class HostileInputTest : public AdverseEventTest {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

 protected:
  struct Case {
    const MethodDescriptor* method;
    HostileRequest request;
    const Accepted* accepted;  // Null unless listed as accepted.
  };

  // "PatientService.CreatePatient patient.given_name [1 MiB]".
  static std::string Label(const Case& c) {
    return absl::StrCat(ShortName(*c.method), " ",
                        c.request.field.empty() ? "(request)" : c.request.field,
                        " [", c.request.variant, "]");
  }

  // Every method of every clinic service the server lists.
  static std::vector<const MethodDescriptor*> ServedMethods();
  static std::unique_ptr<Message> PlausibleRequest(
      const MethodDescriptor& method);
  // Calls `visit` with every hostile request of every served method, one
  // method's at a time (they hold megabytes each).
  static void ForEachCase(const std::function<void(const Case&)>& visit);
  static const Accepted* FindAccepted(const MethodDescriptor& method,
                                      const HostileRequest& request);

  // Calls `method` as a role the role matrix allows (admin first).
  static RawResponse Send(const MethodDescriptor& method,
                          const std::string& bytes);
  static bool Serving();
  static DatabaseSnapshot Snapshot();

  // Built once per suite, as the server is.
  static World* world_;

 private:
  static void BuildWorld();
};

World* HostileInputTest::world_ = nullptr;

void HostileInputTest::SetUpTestSuite() {
  AdverseEventTest::SetUpTestSuite();
  world_ = new World;
  BuildWorld();
}

void HostileInputTest::TearDownTestSuite() {
  delete world_;
  world_ = nullptr;
  AdverseEventTest::TearDownTestSuite();
}

// The clinic is open round the clock in a zone where it is late morning
// (AdverseEventTest), so that today's sessions can be booked, checked in and
// treated whatever time the suite runs.
void HostileInputTest::BuildWorld() {
  World& w = *world_;
  {
    v1::GetClinicSettingsResponse current;
    ASSERT_TRUE(Clinic()
                    ->GetClinicSettings(ContextWithDeadline().get(), {},
                                        &current)
                    .ok());
    w.settings = current.settings();
  }
  // Whole seconds: the server keeps microseconds.
  w.now = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  w.today = absl::ToCivilDay(w.now, ClinicZone());
  w.front_desk = StaffName(staff::Role::kFrontDesk);
  w.lot = "LOT-H-2026";
  w.treatment_record = Record(w.lot);
  w.treatment_record.set_notes("well tolerated");

  auto treatments = v1::TreatmentService::NewStub(server().channel());
  v1::ListTreatmentTypesResponse types;
  ASSERT_TRUE(treatments->ListTreatmentTypes(ContextWithDeadline().get(), {},
                                             &types)
                  .ok());
  for (const v1::TreatmentType& type : types.treatment_types()) {
    if (type.name() == kCellulite) {
      w.consent_version = type.consent_version();
      w.consent_sha256 = type.consent_text_sha256();
    }
  }

  const Cast cast{CreatePatient(), CreatePractitioner(), CreateRoom()};
  w.patient = cast.patient;
  w.practitioner = cast.practitioner;
  w.room = cast.room;
  w.consent = RecordConsent(cast.patient);
  w.spare_room = CreateRoom("Spare");
  w.spare_practitioner = CreatePractitioner();

  // Today: one session treated a moment from now, one checked in, one
  // booked. A patient has one session of a treatment a day at most (the
  // protocol's smallest interval): the other two are two other patients'.
  w.completed_start = w.now + absl::Seconds(3);
  v1::Session session;
  ASSERT_TRUE(Book(cast, w.completed_start, &session).ok());
  w.completed_session = session.name();
  ASSERT_TRUE(CheckIn(w.completed_session).ok());
  const grpc::Status completed = Complete(w.completed_session, Record(w.lot));
  ASSERT_TRUE(completed.ok()) << completed.error_message();
  Cast second = cast;
  second.patient = CreatePatient();
  RecordConsent(second.patient);
  ASSERT_TRUE(Book(second, OnGrid(w.now + absl::Hours(1)), &session).ok());
  w.checked_in_session = session.name();
  ASSERT_TRUE(CheckIn(w.checked_in_session).ok());
  Cast third = cast;
  third.patient = CreatePatient();
  RecordConsent(third.patient);
  w.booked_start = OnGrid(w.now + absl::Hours(2));
  ASSERT_TRUE(Book(third, w.booked_start, &session).ok());
  w.booked_session = session.name();
  // From tomorrow, a course.
  v1::Course course;
  const grpc::Status booked =
      BookCourse(cast, OnGrid(w.now + absl::Hours(24)), 8, &course);
  ASSERT_TRUE(booked.ok()) << booked.error_message();
  w.course = course.name();
  for (const v1::Session& s : course.sessions()) {
    w.course_last_start =
        std::max(w.course_last_start, FromProto(s.start_time()));
  }
  ASSERT_TRUE(CreateClosure(w.room, w.now + absl::Hours(24 * 300),
                            w.now + absl::Hours(24 * 301), "painting",
                            &w.closure)
                  .ok());

  w.adverse_event = ReportOk(Minimal(w.patient)).adverse_event().name();
  {
    v1::ListFollowUpTasksRequest request;
    request.set_practitioner(w.practitioner);
    v1::ListFollowUpTasksResponse tasks;
    ASSERT_TRUE(Events()
                    ->ListFollowUpTasks(ContextWithDeadline().get(), request,
                                        &tasks)
                    .ok());
    ASSERT_GT(tasks.tasks_size(), 0);
    w.follow_up_task = tasks.tasks(0).name();
  }
  {
    auto patients = v1::PatientService::NewStub(server().channel());
    v1::GetPatientRequest request;
    request.set_name(w.patient);
    v1::GetPatientResponse patient;
    ASSERT_TRUE(
        patients->GetPatient(ContextWithDeadline().get(), request, &patient)
            .ok());
    w.patient_etag = patient.patient().etag();
  }
  {
    auto staff =
        v1::StaffService::NewStub(server().channel(staff::Role::kAdmin));
    v1::IssueApiKeyRequest request;
    request.set_parent(w.front_desk);
    request.set_request_id(NextRequestId());
    v1::IssueApiKeyResponse key;
    ASSERT_TRUE(
        staff->IssueApiKey(ContextWithDeadline().get(), request, &key).ok());
    w.api_key = key.api_key().name();
  }
  {
    // Sign-in: a member with a password of their own, another whose
    // password an admin sets, and an unused setup token.
    auto staff =
        v1::StaffService::NewStub(server().channel(staff::Role::kAdmin));
    auto sign_in = v1::SignInService::NewStub(server().AnonymousChannel());
    const auto new_member = [&](const std::string& email) {
      v1::CreateStaffMemberRequest request;
      request.mutable_staff_member()->set_display_name(email);
      request.mutable_staff_member()->set_email(email);
      request.mutable_staff_member()->set_role(v1::ROLE_FRONT_DESK);
      request.set_request_id(NextRequestId());
      v1::CreateStaffMemberResponse created;
      EXPECT_TRUE(staff->CreateStaffMember(ContextWithDeadline().get(),
                                           request, &created)
                      .ok());
      return created.staff_member().name();
    };
    const auto setup_token = [&](const std::string& member) {
      v1::SetStaffPasswordRequest request;
      request.set_name(member);
      request.set_setup_link(true);
      request.set_request_id(NextRequestId());
      v1::SetStaffPasswordResponse set;
      EXPECT_TRUE(
          staff->SetStaffPassword(ContextWithDeadline().get(), request, &set)
              .ok());
      return set.setup_token();
    };
    w.sign_in_email = "nina.password@example.fr";
    w.sign_in_password = "Nina's own long password";
    v1::CompletePasswordSetupRequest request;
    request.set_token(setup_token(new_member(w.sign_in_email)));
    request.set_new_password(w.sign_in_password);
    request.set_request_id(NextRequestId());
    v1::CompletePasswordSetupResponse completed;
    ASSERT_TRUE(sign_in
                    ->CompletePasswordSetup(ContextWithDeadline().get(),
                                            request, &completed)
                    .ok());
    w.password_target = new_member("olga.password@example.fr");
    w.setup_token = setup_token(new_member("paul.password@example.fr"));
  }

  // Another patient, whose course a serious unexpected event put on hold.
  const Cast held = NewCast();
  ASSERT_TRUE(
      BookCourse(held, OnGrid(w.now + absl::Hours(24)), 8, &course).ok());
  w.held_course = course.name();
  v1::AdverseEvent serious = Minimal(held.patient);
  serious.set_term("other");
  serious.set_description("admitted for an abscess of the thigh");
  serious.set_severity_grade(3);
  serious.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
  const v1::ReportAdverseEventResponse reported = ReportOk(serious);
  ASSERT_TRUE(reported.adverse_event().has_expedited_report_due_time());
  ASSERT_EQ(reported.suspended_courses_size(), 1);
  w.serious_event = reported.adverse_event().name();
}

std::vector<const MethodDescriptor*> HostileInputTest::ServedMethods() {
  std::vector<const MethodDescriptor*> methods;
  for (const std::string& name : ReflectedServices(server().channel())) {
    if (!absl::StartsWith(name, "clinic.")) continue;
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    EXPECT_NE(service, nullptr) << name << " is served but not linked in";
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(service->method(i));
    }
  }
  EXPECT_FALSE(methods.empty()) << "reflection listed no clinic service";
  return methods;
}

std::unique_ptr<Message> HostileInputTest::PlausibleRequest(
    const MethodDescriptor& method) {
  const auto maker = PlausibleRequests().find(method.input_type()->full_name());
  if (maker != PlausibleRequests().end()) return maker->second(*world_);
  // A request with no fields is its own plausible request.
  if (method.input_type()->field_count() == 0) {
    return std::unique_ptr<Message>(
        google::protobuf::MessageFactory::generated_factory()
            ->GetPrototype(method.input_type())
            ->New());
  }
  return nullptr;
}

const Accepted* HostileInputTest::FindAccepted(const MethodDescriptor& method,
                                               const HostileRequest& request) {
  // A request with no fields: the empty request is the request.
  if (method.input_type()->field_count() == 0 &&
      request.variant == "empty request") {
    static const Accepted kNoFields{"*", {""}, "empty request",
                                    "the request has no fields"};
    return &kNoFields;
  }
  for (const Accepted& entry : AcceptedVariants()) {
    if ((entry.method == "*" || entry.method == ShortName(method)) &&
        std::find(entry.fields.begin(), entry.fields.end(), request.field) !=
            entry.fields.end() &&
        absl::StartsWith(request.variant, entry.variant)) {
      return &entry;
    }
  }
  return nullptr;
}

void HostileInputTest::ForEachCase(
    const std::function<void(const Case&)>& visit) {
  MaxLengths max_lengths = DocumentedMaxLengths();
  const std::vector<const MethodDescriptor*> methods = ServedMethods();
  for (const MethodDescriptor* method : methods) {
    if (Changes(*method)) {
      max_lengths[absl::StrCat(method->input_type()->full_name(),
                               ".request_id")] = 64;
    }
  }
  for (const MethodDescriptor* method : methods) {
    const std::unique_ptr<Message> plausible = PlausibleRequest(*method);
    if (plausible == nullptr) continue;  // EveryMethodHasAPlausibleRequest.
    for (HostileRequest& request :
         MakeHostileRequests(*plausible, max_lengths)) {
      const Accepted* accepted = FindAccepted(*method, request);
      visit({method, std::move(request), accepted});
    }
  }
}

RawResponse HostileInputTest::Send(const MethodDescriptor& method,
                                   const std::string& bytes) {
  const std::string name =
      absl::StrCat("/", method.service()->full_name(), "/", method.name());
  static const auth::RoleMatrix kRoles = auth::RoleMatrix::Default();
  staff::Role role = staff::Role::kAdmin;
  for (const staff::Role candidate :
       {staff::Role::kAdmin, staff::Role::kPractitioner,
        staff::Role::kFrontDesk}) {
    if (kRoles.Allows(name, candidate)) {
      role = candidate;
      break;
    }
  }
  const std::shared_ptr<grpc::Channel> channel = server().channel(role);
  return method.server_streaming()
             ? RawServerStreamCall(channel, name, bytes)
             : RawUnaryCall(channel, name, bytes);
}

bool HostileInputTest::Serving() {
  // Waits for a connection: a client drops one on a malformed answer, and
  // the question is whether the server still answers, not whether the
  // client reconnected yet.
  const std::unique_ptr<grpc::ClientContext> context = ContextWithDeadline();
  context->set_wait_for_ready(true);
  const RawResponse health =
      RawUnaryCall(server().AnonymousChannel(), "/grpc.health.v1.Health/Check",
                   "", context.get());
  // grpc.health.v1.HealthCheckResponse{status: SERVING}.
  return health.status.ok() && health.bytes == "\x08\x01";
}

DatabaseSnapshot HostileInputTest::Snapshot() {
  return DatabaseSnapshot::Take(
      server().database_path(),
      {"audit_events", "audit_event_patients", "audit_patient_index_progress",
       "audit_chain_head", "idempotency_records", "sign_in_failures"});
}

// ---------------------------------------------------------------------------

// Every method whose request has a field has a plausible request, and every
// field of it (and of the messages in it) is set or output only: so a new
// method or field is attacked, not skipped.
TEST_F(HostileInputTest, EveryMethodHasAPlausibleRequest) {
  std::set<std::string> served_types;
  for (const MethodDescriptor* method : ServedMethods()) {
    SCOPED_TRACE(ShortName(*method));
    served_types.insert(method->input_type()->full_name());
    const std::unique_ptr<Message> plausible = PlausibleRequest(*method);
    ASSERT_NE(plausible, nullptr)
        << "no plausible request in PlausibleRequests(): add one";
    // Walks the set messages of the plausible request.
    std::function<void(const Message&, const std::string&)> check =
        [&](const Message& message, const std::string& path) {
          const Descriptor* type = message.GetDescriptor();
          if (type->full_name() == "google.protobuf.Timestamp" ||
              type->full_name() == "google.protobuf.Duration" ||
              type->full_name() == "clinic.v1.Date") {
            return;  // Attacked whole.
          }
          for (int i = 0; i < type->field_count(); ++i) {
            const FieldDescriptor* field = type->field(i);
            const std::string field_path =
                path.empty() ? field->name()
                             : absl::StrCat(path, ".", field->name());
            const auto* reflection = message.GetReflection();
            const bool set = field->is_repeated()
                                 ? reflection->FieldSize(message, field) > 0
                                 : reflection->HasField(message, field);
            if (!set) {
              EXPECT_TRUE(field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL ||
                          field->name() == "page_token" ||
                          OutputOnlyFields().contains(field->full_name()) ||
                          ConsultationOnlyFields().contains(
                              field->full_name()))
                  << field_path << " (" << field->full_name()
                  << ") is not set in the plausible request, so nothing "
                     "attacks it: set it, or list it in OutputOnlyFields()";
              continue;
            }
            if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
            check(field->is_repeated()
                      ? reflection->GetRepeatedMessage(message, field, 0)
                      : reflection->GetMessage(message, field),
                  field_path);
          }
        };
    check(*plausible, "");
  }
  for (const auto& [type, maker] : PlausibleRequests()) {
    EXPECT_TRUE(served_types.contains(type))
        << type << " has a plausible request but no served method takes it";
  }
}

// The plausible requests of reading methods are answered: hostile variants
// of them are refused for what they attack, not for something else.
// (Changing methods' plausible requests are sent, after their variants, by
// AcceptedChangesLeaveTheServerWorking.)
TEST_F(HostileInputTest, PlausibleReadsAreAnswered) {
  for (const MethodDescriptor* method : ServedMethods()) {
    if (Changes(*method)) continue;
    const std::unique_ptr<Message> plausible = PlausibleRequest(*method);
    if (plausible == nullptr) continue;
    const RawResponse response = Send(*method, plausible->SerializeAsString());
    EXPECT_TRUE(response.status.ok())
        << ShortName(*method) << ": " << response.status.error_code() << " "
        << response.status.error_message();
  }
}

TEST_F(HostileInputTest, HostileRequestsAreRefusedClearlyAndChangeNothing) {
  const DatabaseSnapshot before = Snapshot();
  std::set<const Accepted*> matched;
  int sent = 0;
  int accepted_changes = 0;
  bool serving = true;
  ForEachCase([&](const Case& c) {
    if (!serving) return;  // Each later call would wait out its deadline.
    if (c.accepted != nullptr) matched.insert(c.accepted);
    if (c.accepted != nullptr && Changes(*c.method)) {
      ++accepted_changes;  // Sent by AcceptedChangesLeaveTheServerWorking.
      return;
    }
    ++sent;
    const grpc::Status status = Send(*c.method, c.request.bytes).status;
    const std::string answer =
        absl::StrCat("code ", status.error_code(), ": ",
                     Shortened(status.error_message()));
    if (c.accepted != nullptr) {
      EXPECT_TRUE(status.ok())
          << Label(c) << " is listed as accepted (" << c.accepted->reason
          << ") but got " << answer;
    } else {
      EXPECT_TRUE(IsClearRefusal(status.error_code()))
          << Label(c) << " was not refused clearly: " << answer;
      EXPECT_TRUE(status.ok() || NamesTheField(status.error_message(),
                                               c.request,
                                               *c.method->input_type()))
          << Label(c) << ": the message names neither the field nor the name "
                         "sent: "
          << answer;
    }
    serving = Serving();
    EXPECT_TRUE(serving) << "the server stopped serving after " << Label(c);
  });
  EXPECT_EQ(Snapshot().DifferencesFrom(before), "")
      << "hostile requests changed stored data";
  for (const Accepted& entry : AcceptedVariants()) {
    EXPECT_TRUE(matched.contains(&entry))
        << "AcceptedVariants() lists " << entry.method << " "
        << absl::StrJoin(entry.fields, ", ") << " [" << entry.variant
        << "], which no hostile request is: remove it";
  }
  std::cout << "[ hostile  ] " << sent << " hostile requests sent; "
            << accepted_changes << " accepted changes left to "
            << "AcceptedChangesLeaveTheServerWorking\n";
}

// Accepted changes are stored: the server must cope with what they stored,
// and keep answering. Refusals here are fine (an earlier accepted change may
// have archived the patient or cancelled the session a later one names).
TEST_F(HostileInputTest, AcceptedChangesLeaveTheServerWorking) {
  const auto expect_composed = [](const std::string& label,
                                  const RawResponse& response) {
    EXPECT_TRUE(IsComposed(response.status.error_code()))
        << label << ": code " << response.status.error_code() << ": "
        << Shortened(response.status.error_message());
  };
  int sent = 0;
  int answered_ok = 0;
  bool serving = true;
  ForEachCase([&](const Case& c) {
    if (!serving || c.accepted == nullptr || !Changes(*c.method)) return;
    const RawResponse response = Send(*c.method, c.request.bytes);
    expect_composed(Label(c), response);
    ++sent;
    answered_ok += response.status.ok() ? 1 : 0;
    serving = Serving();
    EXPECT_TRUE(serving) << "the server stopped serving after " << Label(c);
  });
  ASSERT_TRUE(serving);
  std::cout << "[ hostile  ] " << sent << " accepted changes sent, "
            << answered_ok << " answered OK (the others found the state an "
            << "earlier one left)\n";
  const std::vector<const MethodDescriptor*> methods = ServedMethods();
  // Changes first, then reads of what is now stored.
  for (const bool changes : {true, false}) {
    for (const MethodDescriptor* method : methods) {
      if (Changes(*method) != changes) continue;
      const std::unique_ptr<Message> plausible = PlausibleRequest(*method);
      if (plausible == nullptr) continue;
      expect_composed(absl::StrCat(ShortName(*method), " (plausible)"),
                      Send(*method, plausible->SerializeAsString()));
      ASSERT_TRUE(Serving()) << "the server stopped serving after "
                             << ShortName(*method);
    }
  }
}

// What the accepted SQL fragments became: text, stored and searched as
// such, with "%" and "_" matching only themselves.
TEST_F(HostileInputTest, SqlFragmentsAreStoredAsText) {
  const std::string given = "Robert'); DROP TABLE patients; --";
  const std::string family = "%_O'Brien";
  const std::string notes = "50% off_; DELETE FROM staff WHERE '1'='1'; --";
  const std::string name = CreatePatient([&](v1::Patient& patient) {
    patient.set_given_name(given);
    patient.set_family_name(family);
    patient.set_notes(notes);
  });
  ASSERT_FALSE(name.empty());
  auto patients = v1::PatientService::NewStub(server().channel());
  v1::GetPatientRequest get;
  get.set_name(name);
  v1::GetPatientResponse got;
  ASSERT_TRUE(
      patients->GetPatient(ContextWithDeadline().get(), get, &got).ok());
  EXPECT_EQ(got.patient().given_name(), given);
  EXPECT_EQ(got.patient().family_name(), family);
  EXPECT_EQ(got.patient().notes(), notes);

  const auto listed = [&](const std::string& prefix) {
    v1::ListPatientsRequest request;
    request.set_name_prefix(prefix);
    request.set_page_size(500);
    v1::ListPatientsResponse response;
    const grpc::Status status = patients->ListPatients(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << prefix << ": " << status.error_message();
    return std::vector<v1::Patient>(response.patients().begin(),
                                    response.patients().end());
  };
  const auto names = [](const std::vector<v1::Patient>& list) {
    std::vector<std::string> names;
    for (const v1::Patient& patient : list) names.push_back(patient.name());
    return names;
  };
  // Whoever else the suite created is listed too: a wildcard would match
  // them.
  const std::vector<v1::Patient> everyone = listed("");
  ASSERT_GT(everyone.size(), 1u);
  for (const std::string prefix : {"%", "%_", "_", "Robert'); DROP"}) {
    SCOPED_TRACE(prefix);
    std::vector<v1::Patient> literal;
    std::copy_if(everyone.begin(), everyone.end(), std::back_inserter(literal),
                 [&](const v1::Patient& patient) {
                   return absl::StartsWith(patient.given_name(), prefix) ||
                          absl::StartsWith(patient.family_name(), prefix);
                 });
    EXPECT_EQ(names(listed(prefix)), names(literal));
    EXPECT_LT(literal.size(), everyone.size());
  }
  EXPECT_THAT(names(listed("%")), ::testing::Contains(name));
}

}  // namespace
}  // namespace mesoclinic::testing
