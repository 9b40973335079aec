// The audit trail through a real gRPC channel to a real server: what calls
// leave in it, how clinic.v1.AuditService lists it, and how VerifyAuditChain
// finds records changed or deleted directly in the SQLite file.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/staff/staff_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCreatePatient[] = "/clinic.v1.PatientService/CreatePatient";
constexpr char kGetPatient[] = "/clinic.v1.PatientService/GetPatient";
constexpr char kUpdatePatient[] = "/clinic.v1.PatientService/UpdatePatient";
constexpr char kListPatients[] = "/clinic.v1.PatientService/ListPatients";
constexpr char kArchivePatient[] = "/clinic.v1.PatientService/ArchivePatient";
constexpr char kListAuditEvents[] = "/clinic.v1.AuditService/ListAuditEvents";
constexpr char kVerifyAuditChain[] = "/clinic.v1.AuditService/VerifyAuditChain";

v1::Patient SimplePatient(const std::string& given, const std::string& family) {
  v1::Patient patient;
  patient.set_given_name(given);
  patient.set_family_name(family);
  patient.mutable_date_of_birth()->set_year(1980);
  patient.mutable_date_of_birth()->set_month(6);
  patient.mutable_date_of_birth()->set_day(15);
  patient.set_sex(v1::SEX_FEMALE);
  return patient;
}

std::vector<std::string> Patients(const v1::AuditEvent& event) {
  return {event.patients().begin(), event.patients().end()};
}

std::vector<int64_t> Sequences(const std::vector<v1::AuditEvent>& events) {
  std::vector<int64_t> sequences;
  for (const v1::AuditEvent& event : events) {
    sequences.push_back(event.sequence());
  }
  return sequences;
}

int64_t Micros(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000000 + time.nanos() / 1000;
}

google::protobuf::Timestamp FromMicros(int64_t micros) {
  google::protobuf::Timestamp time;
  time.set_seconds(micros / 1000000);
  time.set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  return time;
}

class AuditTrailTest : public ::testing::Test {
 protected:
  AuditTrailTest()
      : audit_(v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin))) {}

  std::unique_ptr<v1::PatientService::Stub> PatientStub(staff::Role role) {
    return v1::PatientService::NewStub(server_.channel(role));
  }

  v1::Patient CreatePatient(staff::Role role, const v1::Patient& patient,
                            const std::string& request_id = "") {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = patient;
    request.set_request_id(request_id.empty() ? UniqueRequestId("create")
                                              : request_id);
    v1::CreatePatientResponse response;
    const grpc::Status status = PatientStub(role)->CreatePatient(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient();
  }

  grpc::Status GetPatient(staff::Role role, const std::string& name,
                          v1::Patient* patient = nullptr) {
    v1::GetPatientRequest request;
    request.set_name(name);
    v1::GetPatientResponse response;
    grpc::Status status = PatientStub(role)->GetPatient(
        ContextWithDeadline().get(), request, &response);
    if (patient != nullptr) *patient = response.patient();
    return status;
  }

  grpc::Status ListAuditEvents(const v1::ListAuditEventsRequest& request,
                               v1::ListAuditEventsResponse* response,
                               staff::Role role = staff::Role::kAdmin) {
    return v1::AuditService::NewStub(server_.channel(role))
        ->ListAuditEvents(ContextWithDeadline().get(), request, response);
  }

  // Every event matching `request`'s filters, walking every page.
  std::vector<v1::AuditEvent> ListAll(v1::ListAuditEventsRequest request = {},
                                      int page_size = 1000,
                                      int* pages = nullptr) {
    std::vector<v1::AuditEvent> all;
    request.set_page_size(page_size);
    int count = 0;
    do {
      v1::ListAuditEventsResponse response;
      const grpc::Status status = audit_->ListAuditEvents(
          ContextWithDeadline().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(response.audit_events_size(), page_size);
      all.insert(all.end(), response.audit_events().begin(),
                 response.audit_events().end());
      request.set_page_token(response.next_page_token());
      ++count;
    } while (!request.page_token().empty() && count < 1000);
    if (pages != nullptr) *pages = count;
    return all;
  }

  // The most recent event of `method`.
  v1::AuditEvent Last(const std::string& method) {
    v1::ListAuditEventsRequest request;
    request.set_method(method);
    const std::vector<v1::AuditEvent> events = ListAll(request);
    EXPECT_FALSE(events.empty()) << "no event for " << method;
    return events.empty() ? v1::AuditEvent() : events.back();
  }

  v1::VerifyAuditChainResponse Verify() {
    v1::VerifyAuditChainResponse response;
    const grpc::Status status = audit_->VerifyAuditChain(
        ContextWithDeadline().get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::string Staff(staff::Role role) const { return StaffName(server_, role); }

  // The database, opened beside the running server as someone with access
  // to the file would, without the append-only triggers.
  std::unique_ptr<SQLite::Database> OpenForTampering() {
    auto db = std::make_unique<SQLite::Database>(
        server_.database_path(), SQLite::OPEN_READWRITE, 5000);
    db->exec(
        "DROP TRIGGER IF EXISTS audit_events_no_update;"
        "DROP TRIGGER IF EXISTS audit_events_no_delete;"
        "DROP TRIGGER IF EXISTS audit_event_patients_no_update;"
        "DROP TRIGGER IF EXISTS audit_event_patients_no_delete;");
    return db;
  }

  TestServer server_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

// ---------------------------------------------------------------------------
// What calls leave.

TEST_F(AuditTrailTest, WritesAndReadsLeaveRecordsNamingCallerAndPatient) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  v1::AuditEvent event = Last(kCreatePatient);
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));
  EXPECT_EQ(event.role(), v1::ROLE_PRACTITIONER);
  EXPECT_EQ(event.method(), kCreatePatient);
  EXPECT_EQ(event.resource(), patient.name());
  EXPECT_THAT(Patients(event), ElementsAre(patient.name()));
  EXPECT_EQ(event.outcome(), "OK");
  EXPECT_GT(event.time().seconds(), 0);

  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  event = Last(kGetPatient);
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kFrontDesk));
  EXPECT_EQ(event.role(), v1::ROLE_FRONT_DESK);
  EXPECT_EQ(event.resource(), patient.name());
  EXPECT_THAT(Patients(event), ElementsAre(patient.name()));
  EXPECT_EQ(event.outcome(), "OK");

  v1::UpdatePatientRequest update;
  update.mutable_patient()->set_name(patient.name());
  update.mutable_patient()->set_family_name("Durand-Petit");
  update.mutable_update_mask()->add_paths("family_name");
  update.set_request_id(UniqueRequestId("update"));
  v1::UpdatePatientResponse updated;
  ASSERT_TRUE(PatientStub(staff::Role::kFrontDesk)
                  ->UpdatePatient(ContextWithDeadline().get(), update, &updated)
                  .ok());
  event = Last(kUpdatePatient);
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kFrontDesk));
  EXPECT_EQ(event.resource(), patient.name());
  EXPECT_THAT(Patients(event), ElementsAre(patient.name()));
  EXPECT_EQ(event.outcome(), "OK");

  v1::ArchivePatientRequest archive;
  archive.set_name(patient.name());
  archive.set_request_id(UniqueRequestId("archive"));
  v1::ArchivePatientResponse archived;
  ASSERT_TRUE(PatientStub(staff::Role::kPractitioner)
                  ->ArchivePatient(ContextWithDeadline().get(), archive,
                                   &archived)
                  .ok());
  event = Last(kArchivePatient);
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));
  EXPECT_EQ(event.resource(), patient.name());
  EXPECT_THAT(Patients(event), ElementsAre(patient.name()));
  EXPECT_EQ(event.outcome(), "OK");
}

TEST_F(AuditTrailTest, SequencesAreConsecutiveFromOne) {
  CreatePatient(staff::Role::kPractitioner, SimplePatient("Amélie", "Durand"));
  const std::vector<v1::AuditEvent> events = ListAll();
  ASSERT_FALSE(events.empty());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].sequence(), static_cast<int64_t>(i + 1));
  }
}

// A stream refused for its request is recorded as refused, not as a stream
// that started.
TEST_F(AuditTrailTest, StreamRefusedForItsRequestIsRecordedWithThatOutcome) {
  auto scheduling =
      v1::SchedulingService::NewStub(server_.channel(staff::Role::kFrontDesk));
  auto context = ContextWithDeadline();
  v1::WatchScheduleRequest no_day;  // The day is required.
  std::unique_ptr<grpc::ClientReader<v1::WatchScheduleResponse>> reader =
      scheduling->WatchSchedule(context.get(), no_day);
  v1::WatchScheduleResponse ignored;
  EXPECT_FALSE(reader->Read(&ignored));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  const v1::AuditEvent event =
      Last("/clinic.v1.SchedulingService/WatchSchedule");
  EXPECT_EQ(event.outcome(), "INVALID_ARGUMENT");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kFrontDesk));
}

TEST_F(AuditTrailTest, FailedCallsAreRecordedWithTheirOutcome) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  // NOT_FOUND.
  EXPECT_EQ(GetPatient(staff::Role::kPractitioner, "patients/doesnotexist0000")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::AuditEvent event = Last(kGetPatient);
  EXPECT_EQ(event.outcome(), "NOT_FOUND");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));
  EXPECT_EQ(event.resource(), "patients/doesnotexist0000");
  EXPECT_THAT(Patients(event), IsEmpty());

  // PERMISSION_DENIED by the role matrix: admins do not read patients.
  EXPECT_EQ(GetPatient(staff::Role::kAdmin, patient.name()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  event = Last(kGetPatient);
  EXPECT_EQ(event.outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kAdmin));
  EXPECT_EQ(event.role(), v1::ROLE_ADMIN);
  EXPECT_THAT(Patients(event), IsEmpty());  // Nothing was read.

  // PERMISSION_DENIED by the service: the front desk may not write notes.
  v1::Patient with_notes = SimplePatient("Bruno", "Martin");
  with_notes.set_notes("Bruises easily.");
  v1::CreatePatientRequest create;
  *create.mutable_patient() = with_notes;
  create.set_request_id(UniqueRequestId("create"));
  v1::CreatePatientResponse created;
  EXPECT_EQ(PatientStub(staff::Role::kFrontDesk)
                ->CreatePatient(ContextWithDeadline().get(), create, &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  event = Last(kCreatePatient);
  EXPECT_EQ(event.outcome(), "PERMISSION_DENIED");
  EXPECT_EQ(event.role(), v1::ROLE_FRONT_DESK);

  // INVALID_ARGUMENT.
  *create.mutable_patient() = v1::Patient();
  create.set_request_id(UniqueRequestId("create"));
  EXPECT_EQ(PatientStub(staff::Role::kPractitioner)
                ->CreatePatient(ContextWithDeadline().get(), create, &created)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  event = Last(kCreatePatient);
  EXPECT_EQ(event.outcome(), "INVALID_ARGUMENT");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));

  // And a missing request_id, refused before the transaction.
  create.clear_request_id();
  *create.mutable_patient() = SimplePatient("Chloé", "Bernard");
  EXPECT_EQ(PatientStub(staff::Role::kPractitioner)
                ->CreatePatient(ContextWithDeadline().get(), create, &created)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Last(kCreatePatient).outcome(), "INVALID_ARGUMENT");
}

TEST_F(AuditTrailTest, RefusedChangeIsRolledBackButStillAudited) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  v1::UpdatePatientRequest update;
  update.mutable_patient()->set_name(patient.name());
  update.mutable_patient()->set_family_name(std::string(500, 'x'));
  update.mutable_update_mask()->add_paths("family_name");
  update.set_request_id(UniqueRequestId("update"));
  v1::UpdatePatientResponse response;
  const grpc::Status status =
      PatientStub(staff::Role::kPractitioner)
          ->UpdatePatient(ContextWithDeadline().get(), update, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("family_name"));

  v1::Patient stored;
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, patient.name(), &stored).ok());
  EXPECT_EQ(stored.family_name(), "Durand");
  EXPECT_EQ(stored.etag(), patient.etag());

  const v1::AuditEvent event = Last(kUpdatePatient);
  EXPECT_EQ(event.outcome(), "INVALID_ARGUMENT");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));
  EXPECT_EQ(event.resource(), patient.name());
  EXPECT_THAT(Patients(event), ElementsAre(patient.name()));
  EXPECT_TRUE(Verify().intact());
}

// A retry answered from the first call is an access too, and recorded as
// what it reveals.
TEST_F(AuditTrailTest, RetryAnsweredFromTheFirstCallIsAudited) {
  const v1::Patient first = CreatePatient(
      staff::Role::kFrontDesk, SimplePatient("Amélie", "Durand"), "same-id");
  const v1::Patient retry = CreatePatient(
      staff::Role::kFrontDesk, SimplePatient("Amélie", "Durand"), "same-id");
  ASSERT_EQ(first.name(), retry.name());
  v1::ListAuditEventsRequest request;
  request.set_method(kCreatePatient);
  const std::vector<v1::AuditEvent> events = ListAll(request);
  ASSERT_EQ(events.size(), 2u);
  for (const v1::AuditEvent& event : events) {
    EXPECT_EQ(event.outcome(), "OK");
    EXPECT_EQ(event.resource(), first.name());
    EXPECT_THAT(Patients(event), ElementsAre(first.name()));
  }
}

TEST_F(AuditTrailTest, ListPatientsRecordsEveryPatientItReturned) {
  std::vector<std::string> names;
  for (const auto& [given, family] :
       {std::pair{"Amélie", "Durand"}, std::pair{"Bruno", "Martin"},
        std::pair{"Chloé", "Bernard"}}) {
    names.push_back(
        CreatePatient(staff::Role::kFrontDesk, SimplePatient(given, family))
            .name());
  }
  v1::ListPatientsRequest request;
  v1::ListPatientsResponse response;
  ASSERT_TRUE(PatientStub(staff::Role::kPractitioner)
                  ->ListPatients(ContextWithDeadline().get(), request, &response)
                  .ok());
  ASSERT_EQ(response.patients_size(), 3);
  std::vector<std::string> returned;
  for (const v1::Patient& patient : response.patients()) {
    returned.push_back(patient.name());
  }
  v1::AuditEvent event = Last(kListPatients);
  EXPECT_EQ(event.outcome(), "OK");
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kPractitioner));
  EXPECT_THAT(Patients(event), ElementsAreArray(returned));

  // A page records only the patients on it.
  request.set_page_size(2);
  ASSERT_TRUE(PatientStub(staff::Role::kFrontDesk)
                  ->ListPatients(ContextWithDeadline().get(), request, &response)
                  .ok());
  ASSERT_EQ(response.patients_size(), 2);
  event = Last(kListPatients);
  EXPECT_EQ(event.staff_member(), Staff(staff::Role::kFrontDesk));
  EXPECT_THAT(Patients(event), ElementsAre(response.patients(0).name(),
                                           response.patients(1).name()));

  // So each patient's history shows the listings that disclosed them.
  for (const std::string& name : returned) {
    SCOPED_TRACE(name);
    v1::ListAuditEventsRequest by_patient;
    by_patient.set_patient(name);
    by_patient.set_method(kListPatients);
    const bool on_second_page = name == response.patients(0).name() ||
                                name == response.patients(1).name();
    EXPECT_EQ(ListAll(by_patient).size(), on_second_page ? 2u : 1u);
  }

  // An empty listing names nobody.
  request.Clear();
  request.set_name_prefix("Zzz");
  ASSERT_TRUE(PatientStub(staff::Role::kFrontDesk)
                  ->ListPatients(ContextWithDeadline().get(), request, &response)
                  .ok());
  EXPECT_THAT(Patients(Last(kListPatients)), IsEmpty());
}

TEST_F(AuditTrailTest, UnauthenticatedCallsAreNotAudited) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  // A key that is revoked, and one of a deactivated member.
  StaffClient admin(server_.channel(staff::Role::kAdmin));
  v1::IssueApiKeyResponse revoked;
  ASSERT_TRUE(admin.IssueKey(Staff(staff::Role::kPractitioner), &revoked).ok());
  ASSERT_TRUE(admin.Revoke(revoked.api_key().name()).ok());
  const v1::StaffMember leaver =
      admin.CreateOk(NewStaffMember("Zoé Leclerc", v1::ROLE_FRONT_DESK));
  const std::string leaver_key = admin.IssueKeyOk(leaver.name());
  ASSERT_TRUE(admin.Deactivate(leaver.name()).ok());

  const int64_t before = ListAll().back().sequence();
  for (const auto& channel :
       {server_.AnonymousChannel(), server_.ChannelWithKey("not-a-key"),
        server_.ChannelWithKey(
            "mck_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        server_.ChannelWithKey(revoked.secret()),
        server_.ChannelWithKey(leaver_key)}) {
    v1::GetPatientRequest request;
    request.set_name(patient.name());
    v1::GetPatientResponse response;
    EXPECT_EQ(v1::PatientService::NewStub(channel)
                  ->GetPatient(ContextWithDeadline().get(), request, &response)
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    v1::ListAuditEventsResponse events;
    EXPECT_EQ(v1::AuditService::NewStub(channel)
                  ->ListAuditEvents(ContextWithDeadline().get(), {}, &events)
                  .error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // Only the listing that read `before` was added since.
  const std::vector<v1::AuditEvent> after = ListAll();
  EXPECT_EQ(after.back().sequence(), before + 1);
  EXPECT_EQ(after.back().method(), kListAuditEvents);
}

// ---------------------------------------------------------------------------
// ListAuditEvents.

TEST_F(AuditTrailTest, OnlyAdminsMayReadOrVerifyTheTrail) {
  for (staff::Role role : {staff::Role::kFrontDesk, staff::Role::kPractitioner}) {
    SCOPED_TRACE(staff::RoleName(role));
    auto stub = v1::AuditService::NewStub(server_.channel(role));
    v1::ListAuditEventsResponse events;
    grpc::Status status =
        stub->ListAuditEvents(ContextWithDeadline().get(), {}, &events);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(events.audit_events_size(), 0);
    v1::VerifyAuditChainResponse verification;
    status = stub->VerifyAuditChain(ContextWithDeadline().get(), {},
                                    &verification);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

    // The attempts are themselves on record.
    v1::AuditEvent event = Last(kListAuditEvents);
    EXPECT_EQ(event.outcome(), "PERMISSION_DENIED");
    EXPECT_EQ(event.staff_member(), Staff(role));
    event = Last(kVerifyAuditChain);
    EXPECT_EQ(event.outcome(), "PERMISSION_DENIED");
    EXPECT_EQ(event.staff_member(), Staff(role));
  }
}

TEST_F(AuditTrailTest, FiltersByPatient) {
  const v1::Patient amelie = CreatePatient(staff::Role::kPractitioner,
                                           SimplePatient("Amélie", "Durand"));
  const v1::Patient bruno = CreatePatient(staff::Role::kPractitioner,
                                          SimplePatient("Bruno", "Martin"));
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, amelie.name()).ok());
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, bruno.name()).ok());
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, amelie.name()).ok());

  v1::ListAuditEventsRequest request;
  request.set_patient(amelie.name());
  const std::vector<v1::AuditEvent> events = ListAll(request);
  ASSERT_EQ(events.size(), 3u);  // Its creation and two reads.
  EXPECT_EQ(events[0].method(), kCreatePatient);
  EXPECT_EQ(events[1].staff_member(), Staff(staff::Role::kFrontDesk));
  EXPECT_EQ(events[2].staff_member(), Staff(staff::Role::kPractitioner));
  for (const v1::AuditEvent& event : events) {
    EXPECT_THAT(Patients(event), ElementsAre(amelie.name()));
  }
  const std::vector<int64_t> sequences = Sequences(events);
  EXPECT_TRUE(std::is_sorted(sequences.begin(), sequences.end()));

  // Reading a patient's history is itself an access to that patient.
  const v1::AuditEvent listing = Last(kListAuditEvents);
  EXPECT_THAT(Patients(listing), ::testing::Contains(amelie.name()));

  request.set_patient("patients/nobodyatall000");
  EXPECT_TRUE(ListAll(request).empty());
  request.set_patient("nonsense");
  v1::ListAuditEventsResponse response;
  const grpc::Status status = ListAuditEvents(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("patient"));
}

TEST_F(AuditTrailTest, FiltersByStaffMemberAndMethod) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  v1::GetCallerResponse caller;
  ASSERT_TRUE(
      StaffClient(server_.channel(staff::Role::kFrontDesk)).GetCaller(&caller).ok());

  v1::ListAuditEventsRequest request;
  request.set_staff_member(Staff(staff::Role::kFrontDesk));
  std::vector<v1::AuditEvent> events = ListAll(request);
  ASSERT_EQ(events.size(), 3u);
  for (const v1::AuditEvent& event : events) {
    EXPECT_EQ(event.staff_member(), Staff(staff::Role::kFrontDesk));
    EXPECT_EQ(event.role(), v1::ROLE_FRONT_DESK);
  }
  EXPECT_EQ(events[2].method(), "/clinic.v1.StaffService/GetCaller");

  request.set_method(kGetPatient);
  events = ListAll(request);
  ASSERT_EQ(events.size(), 2u);
  for (const v1::AuditEvent& event : events) {
    EXPECT_EQ(event.method(), kGetPatient);
  }

  request.clear_staff_member();
  EXPECT_EQ(ListAll(request).size(), 2u);  // Only the front desk read it.

  request.set_method("/clinic.v1.PatientService/NoSuchMethod");
  EXPECT_TRUE(ListAll(request).empty());

  request.Clear();
  request.set_staff_member("patients/abc");
  v1::ListAuditEventsResponse response;
  const grpc::Status status = ListAuditEvents(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("staff_member"));
}

TEST_F(AuditTrailTest, FiltersByTimeRange) {
  for (int i = 0; i < 6; ++i) {
    CreatePatient(staff::Role::kPractitioner,
                  SimplePatient("Amélie", absl::StrCat("Durand", i)));
  }
  v1::ListAuditEventsRequest request;
  request.set_method(kCreatePatient);
  const std::vector<v1::AuditEvent> all = ListAll(request);
  ASSERT_EQ(all.size(), 6u);
  const int64_t start = Micros(all[1].time());
  const int64_t end = Micros(all[4].time());
  ASSERT_LT(start, end);

  // [start, end): inclusive start, exclusive end, at microsecond precision.
  const auto expected_in = [&](int64_t from, std::optional<int64_t> to) {
    std::vector<int64_t> sequences;
    for (const v1::AuditEvent& event : all) {
      const int64_t t = Micros(event.time());
      if (t >= from && (!to.has_value() || t < *to)) {
        sequences.push_back(event.sequence());
      }
    }
    return sequences;
  };
  request.mutable_start_time()->CopyFrom(FromMicros(start));
  request.mutable_end_time()->CopyFrom(FromMicros(end));
  std::vector<int64_t> got = Sequences(ListAll(request));
  EXPECT_EQ(got, expected_in(start, end));
  EXPECT_THAT(got, ::testing::Contains(all[1].sequence()));
  EXPECT_THAT(got, ::testing::Not(::testing::Contains(all[4].sequence())));

  // Open-ended ranges.
  request.clear_end_time();
  EXPECT_EQ(Sequences(ListAll(request)), expected_in(start, std::nullopt));
  request.clear_start_time();
  request.mutable_end_time()->CopyFrom(FromMicros(end));
  EXPECT_EQ(Sequences(ListAll(request)), expected_in(0, end));

  // A range entirely before the clinic existed.
  request.mutable_start_time()->set_seconds(1000);
  request.mutable_end_time()->set_seconds(2000);
  EXPECT_TRUE(ListAll(request).empty());

  // An empty or inverted range is refused.
  request.mutable_start_time()->CopyFrom(FromMicros(end));
  request.mutable_end_time()->CopyFrom(FromMicros(start));
  v1::ListAuditEventsResponse response;
  grpc::Status status = ListAuditEvents(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("end_time"));
  request.mutable_end_time()->CopyFrom(FromMicros(end));
  status = ListAuditEvents(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  request.clear_end_time();
  request.mutable_start_time()->set_nanos(-1);
  status = ListAuditEvents(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("start_time"));
}

TEST_F(AuditTrailTest, ListsPageByPage) {
  for (int i = 0; i < 5; ++i) {
    CreatePatient(staff::Role::kPractitioner,
                  SimplePatient("Amélie", absl::StrCat("Durand", i)));
  }
  v1::ListAuditEventsRequest request;
  request.set_method(kCreatePatient);
  const std::vector<v1::AuditEvent> whole = ListAll(request);
  ASSERT_EQ(whole.size(), 5u);
  for (int page_size : {1, 2, 4, 5}) {
    SCOPED_TRACE(page_size);
    int pages = 0;
    const std::vector<v1::AuditEvent> paged = ListAll(request, page_size, &pages);
    EXPECT_EQ(Sequences(paged), Sequences(whole));
    EXPECT_EQ(pages, (5 + page_size - 1) / page_size);
  }

  // A token only continues the listing it came from.
  request.set_page_size(2);
  v1::ListAuditEventsResponse first_page;
  ASSERT_TRUE(ListAuditEvents(request, &first_page).ok());
  ASSERT_FALSE(first_page.next_page_token().empty());
  v1::ListAuditEventsRequest other = request;
  other.set_page_token(first_page.next_page_token());
  other.set_method(kGetPatient);
  v1::ListAuditEventsResponse response;
  grpc::Status status = ListAuditEvents(other, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  other = request;
  other.set_page_token("not-a-token");
  status = ListAuditEvents(other, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  other = request;
  other.set_page_size(-1);
  status = ListAuditEvents(other, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));

  // Unfiltered, the default page is 100 events, oldest first.
  for (int i = 0; i < 100; ++i) {
    v1::GetCallerResponse caller;
    ASSERT_TRUE(StaffClient(server_.channel(staff::Role::kFrontDesk))
                    .GetCaller(&caller)
                    .ok());
  }
  ASSERT_TRUE(ListAuditEvents({}, &response).ok());
  EXPECT_EQ(response.audit_events_size(), 100);
  EXPECT_EQ(response.audit_events(0).sequence(), 1);
  EXPECT_FALSE(response.next_page_token().empty());
}

// ---------------------------------------------------------------------------
// VerifyAuditChain, and tampering with the file.

TEST_F(AuditTrailTest, VerifyReportsAnIntactChainWithItsLength) {
  CreatePatient(staff::Role::kPractitioner, SimplePatient("Amélie", "Durand"));
  const int64_t last = ListAll().back().sequence();
  // The listing above is recorded after it read; Verify checks it too.
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_TRUE(verification.intact());
  EXPECT_EQ(verification.records_checked(), last + 1);
  EXPECT_EQ(verification.first_broken_sequence(), 0);
  EXPECT_TRUE(verification.problem().empty());
  // The verification is recorded too.
  EXPECT_EQ(Verify().records_checked(), last + 2);
}

// The triggers keep the server (and careless tools) from editing the trail.
TEST_F(AuditTrailTest, TrailIsAppendOnlyInTheDatabase) {
  SQLite::Database db(server_.database_path(), SQLite::OPEN_READWRITE, 5000);
  try {
    db.exec("UPDATE audit_events SET resource = 'x' WHERE sequence = 1");
    ADD_FAILURE() << "an audit record was changed";
  } catch (const SQLite::Exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("append-only"));
  }
  try {
    db.exec("DELETE FROM audit_events WHERE sequence = 1");
    ADD_FAILURE() << "an audit record was deleted";
  } catch (const SQLite::Exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("append-only"));
  }
  EXPECT_TRUE(Verify().intact());
}

TEST_F(AuditTrailTest, ChangingAnyFieldOfARecordIsReportedAtThatRecord) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  const int64_t n = Last(kCreatePatient).sequence();
  ASSERT_GT(n, 1);
  ASSERT_TRUE(Verify().intact());

  std::unique_ptr<SQLite::Database> db = OpenForTampering();
  db->exec(absl::StrCat(
      "CREATE TEMP TABLE original AS SELECT * FROM audit_events WHERE "
      "sequence = ",
      n));
  // Each change on its own, then undone.
  for (const std::string change :
       {"time = time + 1", "staff_id = 'someoneelse00000'", "role = 3",
        "method = '/clinic.v1.PatientService/GetPatient'",
        "resource = 'patients/forged0000000000'", "patient_ids = ''",
        "outcome = 7", "hash = zeroblob(32)"}) {
    SCOPED_TRACE(change);
    db->exec(absl::StrCat("UPDATE audit_events SET ", change,
                          " WHERE sequence = ", n));
    const v1::VerifyAuditChainResponse verification = Verify();
    EXPECT_FALSE(verification.intact());
    EXPECT_EQ(verification.first_broken_sequence(), n);
    EXPECT_THAT(verification.problem(), HasSubstr(absl::StrCat("record ", n)));
    EXPECT_THAT(verification.problem(), HasSubstr("changed"));
    EXPECT_EQ(verification.records_checked(), n - 1);
    db->exec(absl::StrCat(
        "DELETE FROM audit_events WHERE sequence = ", n,
        "; INSERT INTO audit_events SELECT * FROM temp.original"));
    EXPECT_TRUE(Verify().intact());
  }
  // A record moved to another link of the chain does not follow it.
  db->exec(absl::StrCat("UPDATE audit_events SET previous_hash = zeroblob(32) "
                        "WHERE sequence = ",
                        n));
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_broken_sequence(), n);
  EXPECT_THAT(verification.problem(), HasSubstr("does not follow"));
}

TEST_F(AuditTrailTest, ChangedRecordIsReportedAfterARestartToo) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  const int64_t n = Last(kCreatePatient).sequence();
  {
    std::unique_ptr<SQLite::Database> db = OpenForTampering();
    db->exec(absl::StrCat(
        "UPDATE audit_events SET staff_id = '", server_.staff_id(staff::Role::kFrontDesk),
        "', role = 1 WHERE sequence = ", n));
  }
  server_.Restart();
  audit_ = v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin));
  // Calls after the restart extend the chain; the break stays where it was.
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, patient.name()).ok());
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_broken_sequence(), n);
  EXPECT_THAT(verification.problem(), HasSubstr("changed"));
}

TEST_F(AuditTrailTest, DeletedRecordIsReportedMissingAtItsPosition) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, patient.name()).ok());
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  const int64_t n = Last(kGetPatient).sequence() - 1;  // The first read.
  ASSERT_TRUE(Verify().intact());
  {
    std::unique_ptr<SQLite::Database> db = OpenForTampering();
    db->exec(absl::StrCat(
        "DELETE FROM audit_event_patients WHERE sequence = ", n,
        "; DELETE FROM audit_events WHERE sequence = ", n));
  }
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_broken_sequence(), n);
  EXPECT_THAT(verification.problem(), HasSubstr(absl::StrCat("record ", n)));
  EXPECT_THAT(verification.problem(), HasSubstr("missing"));
  EXPECT_EQ(verification.records_checked(), n - 1);

  // Still reported after a clean restart.
  server_.Restart();
  audit_ = v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin));
  const v1::VerifyAuditChainResponse again = Verify();
  EXPECT_FALSE(again.intact());
  EXPECT_EQ(again.first_broken_sequence(), n);
  EXPECT_THAT(again.problem(), HasSubstr("missing"));
}

TEST_F(AuditTrailTest, DeletingTheFirstRecordIsReported) {
  {
    std::unique_ptr<SQLite::Database> db = OpenForTampering();
    db->exec("DELETE FROM audit_events WHERE sequence = 1");
  }
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_FALSE(verification.intact());
  EXPECT_EQ(verification.first_broken_sequence(), 1);
  EXPECT_THAT(verification.problem(), HasSubstr("missing"));
}

// Deleting the newest record(s) is detected through the chain head
// recorded apart from the records.
TEST_F(AuditTrailTest, DeletingTheNewestRecordIsReported) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  ASSERT_TRUE(GetPatient(staff::Role::kPractitioner, patient.name()).ok());
  // The read of the patient is the newest record: someone erases it.
  const int64_t n = Last(kGetPatient).sequence();
  {
    std::unique_ptr<SQLite::Database> db = OpenForTampering();
    db->exec(absl::StrCat(
        "DELETE FROM audit_event_patients WHERE sequence >= ", n,
        "; DELETE FROM audit_events WHERE sequence >= ", n));
  }
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_FALSE(verification.intact())
      << "the newest records were deleted and the chain still verifies";
  EXPECT_EQ(verification.first_broken_sequence(), n);
  EXPECT_THAT(verification.problem(), HasSubstr("missing"));
}

// The per-patient index that ListAuditEvents(patient=...) reads is checked
// against each record's hashed patient list, so removing a row there
// (hiding an access from a patient's history) is detected.
TEST_F(AuditTrailTest, HidingAnAccessFromAPatientsHistoryIsReported) {
  const v1::Patient patient = CreatePatient(staff::Role::kPractitioner,
                                            SimplePatient("Amélie", "Durand"));
  ASSERT_TRUE(GetPatient(staff::Role::kFrontDesk, patient.name()).ok());
  const int64_t n = Last(kGetPatient).sequence();
  {
    std::unique_ptr<SQLite::Database> db = OpenForTampering();
    db->exec(absl::StrCat("DELETE FROM audit_event_patients WHERE sequence = ",
                          n));
  }
  v1::ListAuditEventsRequest request;
  request.set_patient(patient.name());
  request.set_method(kGetPatient);
  const std::size_t visible = ListAll(request).size();
  const v1::VerifyAuditChainResponse verification = Verify();
  EXPECT_TRUE(visible == 1u || !verification.intact())
      << "the read of " << patient.name()
      << " vanished from its history and the chain still verifies";
  if (!verification.intact()) {
    EXPECT_EQ(verification.first_broken_sequence(), n);
  }
}

}  // namespace
}  // namespace mesoclinic::testing
