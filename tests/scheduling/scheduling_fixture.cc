#include "tests/scheduling/scheduling_fixture.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/clinic_examples.h"
#include "tests/support/fixed_offset_zone.h"

namespace mesoclinic::testing {

namespace v1 = ::clinic::v1;

TestServer* SchedulingTest::server_ = nullptr;
std::atomic<int> SchedulingTest::counter_{0};
absl::TimeZone SchedulingTest::zone_;

void SchedulingTest::SetUpTestSuite() { StartServer(nullptr); }

void SchedulingTest::StartServer(
    const std::function<void(ServerOptions&)>& adjust) {
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Paris", &zone_));
  server_ = new TestServer([&adjust](ServerOptions& options) {
    options.initial_time_zone = "Europe/Paris";
    if (adjust) adjust(options);
  });
}

void SchedulingTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
}

absl::TimeZone SchedulingTest::ClinicZone() { return zone_; }

absl::Time SchedulingTest::At(absl::CivilDay day, int hour, int minute) {
  return absl::FromCivil(
      absl::CivilMinute(day.year(), day.month(), day.day(), hour, minute),
      ClinicZone());
}

absl::CivilDay SchedulingTest::Today() {
  return absl::ToCivilDay(absl::Now(), ClinicZone());
}

absl::CivilDay SchedulingTest::Monday(int weeks) {
  absl::CivilDay day = Today() + 1;
  while (absl::GetWeekday(day) != absl::Weekday::monday) ++day;
  return day + 7 * weeks;
}

absl::Time SchedulingTest::FromProto(const google::protobuf::Timestamp& time) {
  return absl::FromUnixSeconds(time.seconds()) +
         absl::Nanoseconds(time.nanos());
}

std::string SchedulingTest::LocalText(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M", FromProto(time), ClinicZone());
}

std::string SchedulingTest::StaffName(staff::Role role) {
  return absl::StrCat("staff/", server_->staff_id(role));
}

std::string SchedulingTest::NextRequestId() {
  return absl::StrCat("sched-", ++counter_);
}

std::unique_ptr<v1::SchedulingService::Stub> SchedulingTest::Scheduling(
    staff::Role role) {
  return v1::SchedulingService::NewStub(server_->channel(role));
}

std::unique_ptr<v1::ClinicService::Stub> SchedulingTest::Clinic(
    staff::Role role) {
  return v1::ClinicService::NewStub(server_->channel(role));
}

std::string SchedulingTest::CreateRoom(const std::string& display_name) {
  v1::CreateRoomRequest request;
  request.mutable_room()->set_display_name(
      absl::StrCat(display_name, " ", counter_.load()));
  request.set_request_id(NextRequestId());
  v1::CreateRoomResponse response;
  const grpc::Status status =
      Clinic()->CreateRoom(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.room().active());
  return response.room().name();
}

std::string SchedulingTest::CreatePractitioner() {
  auto staff = v1::StaffService::NewStub(server_->channel(staff::Role::kAdmin));
  v1::CreateStaffMemberRequest request;
  const std::string id = NextRequestId();
  request.mutable_staff_member()->set_display_name(absl::StrCat("Dr ", id));
  request.mutable_staff_member()->set_role(v1::ROLE_PRACTITIONER);
  request.mutable_staff_member()->set_licence_number(absl::StrCat("RPPS-", id));
  request.set_request_id(id);
  v1::CreateStaffMemberResponse response;
  const grpc::Status status =
      staff->CreateStaffMember(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.staff_member().name();
}

std::string SchedulingTest::CreatePatient(
    const std::function<void(v1::Patient&)>& adjust) {
  const std::string id = NextRequestId();
  v1::Patient patient = CompletePatient(absl::StrCat("Camille-", id), "Martin");
  patient.mutable_contact()->set_email(absl::StrCat(id, "@example.fr"));
  patient.mutable_clinical_facts()->clear_medications();
  patient.mutable_clinical_facts()->clear_allergies();
  if (adjust) adjust(patient);
  auto patients = v1::PatientService::NewStub(server_->channel());
  v1::CreatePatientRequest request;
  *request.mutable_patient() = patient;
  request.set_request_id(id);
  // Screened: the cleared groups too ("no medications", "no allergies").
  ConfirmEveryFact(request.mutable_confirm_facts());
  v1::CreatePatientResponse response;
  const grpc::Status status =
      patients->CreatePatient(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.patient().name();
}

std::string SchedulingTest::RecordConsent(const std::string& patient,
                                          const std::string& type,
                                          absl::Time sign_time) {
  auto treatments = v1::TreatmentService::NewStub(server_->channel());
  v1::ListTreatmentTypesResponse types;
  EXPECT_TRUE(treatments
                  ->ListTreatmentTypes(ContextWithDeadline().get(), {}, &types)
                  .ok());
  const v1::TreatmentType* found = nullptr;
  for (const v1::TreatmentType& candidate : types.treatment_types()) {
    if (candidate.name() == type) found = &candidate;
  }
  EXPECT_NE(found, nullptr) << type;
  if (found == nullptr) return "";
  v1::RecordConsentRequest request;
  v1::Consent& consent = *request.mutable_consent();
  consent.set_patient(patient);
  consent.set_treatment_type(type);
  consent.set_document_version(found->consent_version());
  consent.set_disclosure_sha256(found->consent_text_sha256());
  *consent.mutable_sign_time() = TimestampToProto(
      sign_time == absl::InfinitePast() ? absl::Now() - absl::Minutes(10)
                                        : sign_time);
  consent.set_signer(v1::CONSENT_SIGNER_PATIENT);
  consent.set_practitioner(StaffName(staff::Role::kPractitioner));
  consent.set_method(v1::CONSENT_METHOD_ELECTRONIC);
  request.set_request_id(NextRequestId());
  auto consents = v1::ConsentService::NewStub(server_->channel());
  v1::RecordConsentResponse response;
  const grpc::Status status =
      consents->RecordConsent(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.consent().name();
}

Cast SchedulingTest::WithNewPatient(const Cast& cast) {
  Cast other = cast;
  other.patient = CreatePatient();
  RecordConsent(other.patient);
  return other;
}

Cast SchedulingTest::NewCast() {
  Cast cast{CreatePatient(), CreatePractitioner(), CreateRoom()};
  RecordConsent(cast.patient);
  return cast;
}

grpc::Status SchedulingTest::Book(const Cast& cast, absl::Time start,
                                  v1::Session* session, staff::Role role,
                                  const std::string& course,
                                  const std::string& type,
                                  const std::string& request_id) {
  v1::BookSessionRequest request;
  request.set_patient(cast.patient);
  request.set_treatment_type(type);
  request.set_practitioner(cast.practitioner);
  request.set_room(cast.room);
  *request.mutable_start_time() = TimestampToProto(start);
  request.set_course(course);
  request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
  v1::BookSessionResponse response;
  const grpc::Status status = Scheduling(role)->BookSession(
      ContextWithDeadline().get(), request, &response);
  if (session != nullptr) *session = response.session();
  return status;
}

v1::Session SchedulingTest::BookOk(const Cast& cast, absl::Time start) {
  v1::Session session;
  const grpc::Status status = Book(cast, start, &session);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return session;
}

grpc::Status SchedulingTest::BookCourse(const Cast& cast, absl::Time first,
                                        int session_count, v1::Course* course,
                                        int interval_days, staff::Role role) {
  v1::BookCourseRequest request;
  request.set_patient(cast.patient);
  request.set_treatment_type(kCellulite);
  request.set_practitioner(cast.practitioner);
  request.set_room(cast.room);
  *request.mutable_first_session_time() = TimestampToProto(first);
  request.set_session_count(session_count);
  request.set_preferred_interval_days(interval_days);
  request.set_request_id(NextRequestId());
  v1::BookCourseResponse response;
  const grpc::Status status = Scheduling(role)->BookCourse(
      ContextWithDeadline().get(), request, &response);
  if (course != nullptr) *course = response.course();
  return status;
}

v1::Course SchedulingTest::GetCourse(const std::string& name,
                                     staff::Role role) {
  v1::GetCourseRequest request;
  request.set_name(name);
  v1::GetCourseResponse response;
  const grpc::Status status = Scheduling(role)->GetCourse(
      ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.course();
}

v1::Session SchedulingTest::GetSession(const std::string& name,
                                       staff::Role role) {
  v1::GetSessionRequest request;
  request.set_name(name);
  v1::GetSessionResponse response;
  const grpc::Status status = Scheduling(role)->GetSession(
      ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.session();
}

grpc::Status SchedulingTest::Cancel(const std::string& session,
                                    const std::string& reason,
                                    v1::Session* out, staff::Role role) {
  v1::CancelSessionRequest request;
  request.set_session(session);
  request.set_reason(reason);
  request.set_request_id(NextRequestId());
  v1::CancelSessionResponse response;
  const grpc::Status status = Scheduling(role)->CancelSession(
      ContextWithDeadline().get(), request, &response);
  if (out != nullptr) *out = response.session();
  return status;
}

grpc::Status SchedulingTest::CreateClosure(const std::string& resource,
                                           absl::Time start, absl::Time end,
                                           const std::string& reason,
                                           std::string* name,
                                           staff::Role role) {
  v1::CreateClosureRequest request;
  request.mutable_closure()->set_resource(resource);
  *request.mutable_closure()->mutable_start_time() = TimestampToProto(start);
  *request.mutable_closure()->mutable_end_time() = TimestampToProto(end);
  request.mutable_closure()->set_reason(reason);
  request.set_request_id(NextRequestId());
  v1::CreateClosureResponse response;
  const grpc::Status status = Clinic(role)->CreateClosure(
      ContextWithDeadline().get(), request, &response);
  if (name != nullptr) *name = response.closure().name();
  return status;
}

void SchedulingTest::OpenRoundTheClockForTheSuite() {
  v1::GetClinicSettingsResponse current;
  ASSERT_TRUE(
      Clinic()->GetClinicSettings(ContextWithDeadline().get(), {}, &current)
          .ok());
  // Late morning there now: today has more than twelve hours left, however
  // long the suite runs and whatever time it starts.
  const FixedOffsetZone zone =
      FixedOffsetZoneWhereHourIs(absl::Now(), /*local_hour=*/10);
  v1::UpdateClinicSettingsRequest request =
      OpenRoundTheClock(current.settings(), NextRequestId());
  request.mutable_settings()->set_time_zone(zone.name);
  v1::UpdateClinicSettingsResponse response;
  const grpc::Status status = Clinic()->UpdateClinicSettings(
      ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.settings().opening_hours().ranges_size(), 7);
  ASSERT_EQ(response.settings().time_zone(), zone.name);
  zone_ = zone.zone;
}

std::vector<v1::Session> SchedulingTest::PatientSessions(
    const std::string& patient) {
  v1::ListSessionsRequest request;
  request.set_patient(patient);
  request.set_include_cancelled(true);
  request.set_page_size(1000);
  v1::ListSessionsResponse response;
  const grpc::Status status = Scheduling()->ListSessions(
      ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.sessions().begin(), response.sessions().end()};
}

}  // namespace mesoclinic::testing
