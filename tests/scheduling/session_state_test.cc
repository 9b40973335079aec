// The session's state machine through a real channel: check-in on the day,
// completion with a treatment record validated by the plugin (practitioners
// only), cancellation, no-shows, and every forbidden transition. The clinic
// opens every day round the clock here, so that a session can be booked
// later today whatever day and time the tests run.

#include <functional>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"
#include "tests/support/clinic_examples.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::HasSubstr;

class SessionStateTest : public SchedulingTest {
 public:
  static void SetUpTestSuite() {
    SchedulingTest::SetUpTestSuite();
    OpenRoundTheClockForTheSuite();
  }

 protected:
  // A start later today on the 15-minute grid, at least `lead` from now,
  // whose 15-minute session ends by midnight; nullopt too close to midnight.
  static std::optional<absl::Time> LaterToday(absl::Duration lead) {
    const absl::Time midnight = At(Today(), 0);
    const absl::Time start =
        midnight + absl::Ceil(absl::Now() + lead - midnight, absl::Minutes(15));
    if (start + absl::Minutes(15) > At(Today() + 1, 0) ||
        absl::ToCivilDay(start, ClinicZone()) != Today()) {
      return std::nullopt;
    }
    return start;
  }

  static grpc::Status CheckIn(const std::string& session,
                              v1::Session* out = nullptr,
                              staff::Role role = staff::Role::kFrontDesk) {
    v1::CheckInRequest request;
    request.set_session(session);
    request.set_request_id(NextRequestId());
    v1::CheckInResponse response;
    const grpc::Status status = Scheduling(role)->CheckIn(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.session();
    return status;
  }

  static grpc::Status MarkNoShow(const std::string& session,
                                 v1::Session* out = nullptr) {
    v1::MarkNoShowRequest request;
    request.set_session(session);
    request.set_request_id(NextRequestId());
    v1::MarkNoShowResponse response;
    const grpc::Status status = Scheduling()->MarkNoShow(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.session();
    return status;
  }

  static grpc::Status Complete(const std::string& session,
                               const v1::TreatmentRecord& record,
                               v1::Session* out = nullptr,
                               staff::Role role = staff::Role::kPractitioner) {
    v1::CompleteSessionRequest request;
    request.set_session(session);
    *request.mutable_treatment_record() = record;
    request.set_request_id(NextRequestId());
    v1::CompleteSessionResponse response;
    const grpc::Status status = Scheduling(role)->CompleteSession(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.session();
    return status;
  }

  // A valid cellulite record: caffeine on the thighs.
  static v1::TreatmentRecord ValidRecord() {
    v1::TreatmentRecord record =
        CaffeineOnThighs("CAF-2026-114", 2.5, /*thigh_cm=*/58.5);
    record.set_notes("Well tolerated.");
    return record;
  }

  static void ExpectRefusedInState(const std::string& session,
                                   const std::string& state) {
    SCOPED_TRACE(state);
    const std::string is = absl::StrCat(session, " is ", state);
    EXPECT_THAT(CheckIn(session), FailsWith(StatusCode::FAILED_PRECONDITION, is));
    EXPECT_THAT(Cancel(session),
                FailsWith(StatusCode::FAILED_PRECONDITION, is));
    EXPECT_THAT(MarkNoShow(session),
                FailsWith(StatusCode::FAILED_PRECONDITION, is));
    if (state != "checked_in") {
      EXPECT_THAT(Complete(session, ValidRecord()),
                  FailsWith(StatusCode::FAILED_PRECONDITION, is));
    }
  }
};

TEST_F(SessionStateTest, CheckInOnlyOnTheSessionsDay) {
  const Cast cast = NewCast();
  const v1::Session tomorrow = BookOk(cast, At(Today() + 1, 10));
  EXPECT_THAT(CheckIn(tomorrow.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat(tomorrow.name(), " is not today")));
  // A week on: the protocol's smallest interval after tomorrow's.
  const v1::Session next_week = BookOk(cast, At(Today() + 8, 10));
  EXPECT_THAT(CheckIn(next_week.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION, "is not today"));
  EXPECT_EQ(GetSession(tomorrow.name()).state(), v1::SESSION_STATE_BOOKED);
  EXPECT_THAT(CheckIn("sessions/none"),
              FailsWith(StatusCode::NOT_FOUND, "sessions/none"));
  EXPECT_THAT(CheckIn("none"), FailsWith(StatusCode::INVALID_ARGUMENT, "session"));
}

TEST_F(SessionStateTest, CheckInThenCompleteWithAValidatedTreatmentRecord) {
  const std::optional<absl::Time> start = LaterToday(absl::Minutes(1));
  if (!start.has_value()) FAIL() << "no session fits before the clinic's midnight";
  // The first session of a course, today; the record is seen in the course
  // by practitioners only.
  const Cast cast = NewCast();
  v1::Course course;
  const grpc::Status booked = BookCourse(cast, *start, 8, &course);
  ASSERT_TRUE(booked.ok()) << booked.error_message();
  const std::string session = course.sessions(0).name();

  // Booked: not yet completed.
  EXPECT_THAT(Complete(session, ValidRecord()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat(session, " is booked: it cannot become "
                                              "completed")));
  v1::Session checked_in;
  ASSERT_TRUE(CheckIn(session, &checked_in).ok());
  EXPECT_EQ(checked_in.state(), v1::SESSION_STATE_CHECKED_IN);
  EXPECT_TRUE(checked_in.has_check_in_time());
  EXPECT_LE(FromProto(checked_in.check_in_time()), absl::Now());
  ExpectRefusedInState(session, "checked_in");

  // The front desk does not record treatments.
  EXPECT_EQ(Complete(session, ValidRecord(), nullptr, staff::Role::kFrontDesk)
                .error_code(),
            StatusCode::PERMISSION_DENIED);

  // Records the plugin refuses, each naming the field.
  struct Bad {
    std::string expected_field;
    std::string expected_code;
    std::function<void(v1::TreatmentRecord&)> spoil;
  };
  const Bad bad[] = {
      {"treatment_record.products[0].product", "product_not_allowed",
       [](v1::TreatmentRecord& r) {
         r.mutable_products(0)->set_product("botulinum_toxin");
       }},
      {"treatment_record.products[0].volume_ml", "dose_over_limit",
       [](v1::TreatmentRecord& r) { r.mutable_products(0)->set_volume_ml(5); }},
      {"treatment_record.products[1].volume_ml", "dose_over_limit",
       [](v1::TreatmentRecord& r) {
         r.mutable_products(0)->set_volume_ml(3);
         *r.add_products() = r.products(0);
       }},
      {"treatment_record.products[0].depth_mm", "depth_out_of_range",
       [](v1::TreatmentRecord& r) { r.mutable_products(0)->set_depth_mm(9); }},
      {"treatment_record.products[0].concentration", "concentration_over_limit",
       [](v1::TreatmentRecord& r) {
         r.mutable_products(0)->set_concentration(40);
       }},
      {"treatment_record.products[0].area", "",
       [](v1::TreatmentRecord& r) { r.mutable_products(0)->set_area("face"); }},
      // Regression: the plugin names TreatmentRecord fields its own way
      // (outcome_measurements, body_areas); errors must use the API's names.
      {"treatment_record.outcomes[0].code", "unknown_outcome_measure",
       [](v1::TreatmentRecord& r) {
         r.mutable_outcomes(0)->set_code("happiness");
       }},
      // Regression: the API field is treatment_record.areas.
      {"treatment_record.areas[1]", "unknown_area",
       [](v1::TreatmentRecord& r) { r.add_areas("face"); }},
      {"treatment_record.products[0].lot_number", "",
       [](v1::TreatmentRecord& r) { r.mutable_products(0)->clear_lot_number(); }},
      {"treatment_record.products", "",
       [](v1::TreatmentRecord& r) { r.clear_products(); }},
      {"treatment_record.areas", "",
       [](v1::TreatmentRecord& r) { r.clear_areas(); }},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.expected_field);
    v1::TreatmentRecord record = ValidRecord();
    b.spoil(record);
    const grpc::Status status = Complete(session, record);
    EXPECT_THAT(status, FailsWith(StatusCode::INVALID_ARGUMENT,
                                  b.expected_field));
    EXPECT_THAT(status.error_message(), HasSubstr(b.expected_code));
  }
  EXPECT_EQ(GetSession(session).state(), v1::SESSION_STATE_CHECKED_IN);

  v1::Session completed;
  const grpc::Status status = Complete(session, ValidRecord(), &completed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(completed.state(), v1::SESSION_STATE_COMPLETED);
  ASSERT_TRUE(completed.has_treatment_record());
  EXPECT_EQ(completed.treatment_record().recorded_by(),
            StaffName(staff::Role::kPractitioner));
  ExpectRefusedInState(session, "completed");

  // Practitioners see the record; the front desk never does.
  const v1::Session clinical = GetSession(session, staff::Role::kPractitioner);
  ASSERT_TRUE(clinical.has_treatment_record());
  ASSERT_EQ(static_cast<int>(clinical.treatment_record().products().size()), 1);
  EXPECT_EQ(clinical.treatment_record().products(0).lot_number(), "CAF-2026-114");
  EXPECT_DOUBLE_EQ(clinical.treatment_record().products(0).volume_ml(), 2.5);
  EXPECT_EQ(clinical.treatment_record().outcomes(0).site(), "thigh_left");
  EXPECT_EQ(clinical.treatment_record().notes(), "Well tolerated.");
  EXPECT_FALSE(GetSession(session, staff::Role::kFrontDesk).has_treatment_record());
  // Regression: GetCourse returns the treatment records of completed
  // sessions to practitioners (CourseSessions once left them out).
  EXPECT_TRUE(GetCourse(course.name(), staff::Role::kPractitioner)
                  .sessions(0)
                  .has_treatment_record());
  const v1::Course front_desk_view = GetCourse(course.name());
  for (const v1::Session& s : front_desk_view.sessions()) {
    EXPECT_FALSE(s.has_treatment_record()) << s.name();
  }
  EXPECT_EQ(front_desk_view.sessions(0).state(), v1::SESSION_STATE_COMPLETED);
  // A completed session cannot be moved either.
  v1::RescheduleSessionRequest move;
  move.set_session(session);
  *move.mutable_new_start_time() = TimestampToProto(At(Today() + 1, 10));
  move.set_request_id(NextRequestId());
  v1::RescheduleSessionResponse moved;
  EXPECT_THAT(Scheduling()->RescheduleSession(ContextWithDeadline().get(), move,
                                              &moved),
              FailsWith(StatusCode::FAILED_PRECONDITION, "is completed"));
}

TEST_F(SessionStateTest, CancelNeedsAReasonFreesTheSlotAndIsFinal) {
  const Cast cast = NewCast();
  const absl::Time start = At(Today() + 2, 10);
  const v1::Session session = BookOk(cast, start);
  EXPECT_THAT(Cancel(session.name(), ""),
              FailsWith(StatusCode::INVALID_ARGUMENT, "reason"));
  EXPECT_THAT(Cancel(session.name(), std::string(501, 'x')),
              FailsWith(StatusCode::INVALID_ARGUMENT, "reason"));
  EXPECT_EQ(GetSession(session.name()).state(), v1::SESSION_STATE_BOOKED);

  v1::Session cancelled;
  ASSERT_TRUE(Cancel(session.name(), "flu", &cancelled).ok());
  EXPECT_EQ(cancelled.state(), v1::SESSION_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "flu");
  EXPECT_EQ(cancelled.cancelled_by(), StaffName(staff::Role::kFrontDesk));
  ExpectRefusedInState(session.name(), "cancelled");

  // The slot is free again, for the practitioner, the room and the patient.
  const v1::Session again = BookOk(cast, start);
  EXPECT_NE(again.name(), session.name());
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 2);
}

TEST_F(SessionStateTest, NoShowOnlyOnceTheSessionHasStarted) {
  const Cast cast = NewCast();
  const v1::Session later = BookOk(cast, At(Today() + 1, 10));
  EXPECT_THAT(MarkNoShow(later.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat(later.name(), " has not started yet")));
  EXPECT_EQ(GetSession(later.name()).state(), v1::SESSION_STATE_BOOKED);

  // A session starting a moment from now: once its time has come, the
  // patient may be marked absent. (The only wait in these tests: for the
  // wall clock to pass a booked start time, which cannot be in the past.)
  const absl::Time start = absl::Now() + absl::Milliseconds(1500);
  if (absl::ToCivilDay(start + absl::Minutes(15), ClinicZone()) != Today()) {
    FAIL() << "no session fits before the clinic's midnight";
  }
  v1::Session soon;
  // Another patient: one patient's two sessions lie a week apart at least.
  const grpc::Status booked = Book(WithNewPatient(cast), start, &soon);
  ASSERT_TRUE(booked.ok()) << booked.error_message();
  EXPECT_THAT(MarkNoShow(soon.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION, "has not started yet"));
  absl::SleepFor(start - absl::Now() + absl::Milliseconds(50));
  v1::Session absent;
  ASSERT_TRUE(MarkNoShow(soon.name(), &absent).ok());
  EXPECT_EQ(absent.state(), v1::SESSION_STATE_NO_SHOW);
  ExpectRefusedInState(soon.name(), "no_show");
}

TEST_F(SessionStateTest, CancelledAndNoShowSessionsAreLeftOutOfListingsByDefault) {
  const Cast cast = NewCast();
  // Cancelled first: a cancelled session no longer keeps the next one a
  // protocol interval away.
  const v1::Session dropped = BookOk(cast, At(Today() + 3, 11));
  ASSERT_TRUE(Cancel(dropped.name()).ok());
  const v1::Session kept = BookOk(cast, At(Today() + 3, 9));
  v1::ListSessionsRequest request;
  request.set_patient(cast.patient);
  v1::ListSessionsResponse response;
  ASSERT_TRUE(Scheduling()
                  ->ListSessions(ContextWithDeadline().get(), request, &response)
                  .ok());
  ASSERT_EQ(static_cast<int>(response.sessions().size()), 1);
  EXPECT_EQ(response.sessions(0).name(), kept.name());
  request.set_include_cancelled(true);
  ASSERT_TRUE(Scheduling()
                  ->ListSessions(ContextWithDeadline().get(), request, &response)
                  .ok());
  ASSERT_EQ(static_cast<int>(response.sessions().size()), 2);
  EXPECT_EQ(response.sessions(1).name(), dropped.name());
  EXPECT_EQ(response.sessions(1).state(), v1::SESSION_STATE_CANCELLED);
}

}  // namespace
}  // namespace mesoclinic::testing
