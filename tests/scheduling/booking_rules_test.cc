// The booking rules of clinic.v1.SchedulingService.BookSession, each through
// a real channel: overlaps for the practitioner, room and patient, opening
// and working hours, closures, the past, consent, eligibility, archived
// patients, rooms out of service, unknown treatment types, idempotency and
// roles.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::HasSubstr;
using ::testing::Not;

class BookingRulesTest : public SchedulingTest {
 protected:
  // "2026-11-30 10:00 Europe/Paris", as the service describes times.
  static std::string Describe(absl::Time time) {
    return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", time, ClinicZone()),
                        " Europe/Paris");
  }

  static v1::WeeklyTimeRange Range(v1::DayOfWeek day, int start_hour,
                                   int end_hour) {
    v1::WeeklyTimeRange range;
    range.set_day(day);
    range.mutable_start()->set_hours(start_hour);
    range.mutable_end()->set_hours(end_hour);
    return range;
  }

  static grpc::Status SetWorkingHours(const std::string& practitioner,
                                      const v1::WeeklyHours& hours,
                                      staff::Role role = staff::Role::kAdmin) {
    v1::SetWorkingHoursRequest request;
    request.set_practitioner(practitioner);
    *request.mutable_hours() = hours;
    request.set_request_id(NextRequestId());
    v1::SetWorkingHoursResponse response;
    return Clinic(role)->SetWorkingHours(ContextWithDeadline().get(), request,
                                         &response);
  }
};

TEST_F(BookingRulesTest, BooksASessionOfTheProtocolsLength) {
  const Cast cast = NewCast();
  const absl::Time start = At(Monday(1), 10);
  const v1::Session session = BookOk(cast, start);
  EXPECT_THAT(session.name(), ::testing::StartsWith("sessions/"));
  EXPECT_EQ(session.patient(), cast.patient);
  EXPECT_EQ(session.practitioner(), cast.practitioner);
  EXPECT_EQ(session.room(), cast.room);
  EXPECT_EQ(session.treatment_type(), kCellulite);
  EXPECT_EQ(session.state(), v1::SESSION_STATE_BOOKED);
  EXPECT_EQ(FromProto(session.start_time()), start);
  EXPECT_EQ(FromProto(session.end_time()), start + absl::Minutes(15));
  EXPECT_TRUE(session.course().empty());
  const v1::Session read = GetSession(session.name());
  EXPECT_EQ(read.name(), session.name());
  EXPECT_EQ(read.state(), v1::SESSION_STATE_BOOKED);
  EXPECT_EQ(FromProto(read.start_time()), start);
}

TEST_F(BookingRulesTest, PractitionerIsNeverDoubleBooked) {
  const Cast first = NewCast();
  // Another patient, the same practitioner, another room.
  const Cast second{CreatePatient(), first.practitioner, CreateRoom()};
  RecordConsent(second.patient);
  const absl::Time ten = At(Monday(1), 10);
  const v1::Session booked = BookOk(first, ten);

  for (const absl::Duration offset :
       {absl::ZeroDuration(), absl::Minutes(10), absl::Minutes(-10)}) {
    SCOPED_TRACE(absl::FormatDuration(offset));
    const grpc::Status status = Book(second, ten + offset);
    EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                  "the practitioner is already booked"));
    EXPECT_THAT(status.error_message(), HasSubstr(booked.name()));
    EXPECT_THAT(status.error_message(),
                HasSubstr(absl::StrCat("from ", Describe(ten), " to 10:15")));
    EXPECT_THAT(status.error_message(),
                HasSubstr(absl::StrCat("start_time (", Describe(ten + offset))));
  }
  // Back to back is no overlap.
  const Cast third = WithNewPatient(second);
  EXPECT_TRUE(Book(second, ten + absl::Minutes(15)).ok());
  EXPECT_TRUE(Book(third, ten - absl::Minutes(30)).ok());
  EXPECT_EQ(static_cast<int>(PatientSessions(second.patient).size()), 1);
  EXPECT_EQ(static_cast<int>(PatientSessions(third.patient).size()), 1);
}

TEST_F(BookingRulesTest, RoomIsNeverDoubleBooked) {
  const Cast first = NewCast();
  // Another patient and practitioner, the same room.
  const Cast second{CreatePatient(), CreatePractitioner(), first.room};
  RecordConsent(second.patient);
  const absl::Time start = At(Monday(1), 14, 30);
  const v1::Session booked = BookOk(first, start);
  const grpc::Status status = Book(second, start + absl::Minutes(5));
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "the room is already booked"));
  EXPECT_THAT(status.error_message(), HasSubstr(booked.name()));
  EXPECT_TRUE(Book(second, start + absl::Minutes(15)).ok());
}

TEST_F(BookingRulesTest, PatientIsNeverDoubleBooked) {
  const Cast first = NewCast();
  // The same patient with another practitioner in another room.
  const Cast second{first.patient, CreatePractitioner(), CreateRoom()};
  const absl::Time start = At(Monday(1), 11);
  const v1::Session booked = BookOk(first, start);
  const grpc::Status status = Book(second, start);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "the patient is already booked"));
  EXPECT_THAT(status.error_message(), HasSubstr(booked.name()));
  EXPECT_EQ(static_cast<int>(PatientSessions(first.patient).size()), 1);
}

TEST_F(BookingRulesTest, OnlyInsideOpeningHours) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(1);
  for (const absl::Time start :
       {At(monday, 8, 45), At(monday, 8, 55), At(monday, 17, 50),
        At(monday, 18), At(monday, 22), At(monday + 5, 10) /* Saturday */,
        At(monday + 6, 10) /* Sunday */}) {
    SCOPED_TRACE(Describe(start));
    const grpc::Status status = Book(cast, start);
    EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                  "is outside the clinic's opening hours"));
    EXPECT_THAT(status.error_message(), HasSubstr(Describe(start)));
  }
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);
  EXPECT_TRUE(Book(cast, At(monday, 9)).ok());
  EXPECT_TRUE(Book(WithNewPatient(cast), At(monday, 17, 45)).ok());
}

TEST_F(BookingRulesTest, OnlyInsideThePractitionersWorkingHours) {
  const Cast cast = NewCast();
  v1::WeeklyHours hours;
  *hours.add_ranges() = Range(v1::MONDAY, 13, 17);
  *hours.add_ranges() = Range(v1::WEDNESDAY, 9, 12);
  ASSERT_TRUE(SetWorkingHours(cast.practitioner, hours).ok());

  v1::GetWorkingHoursRequest get;
  get.set_practitioner(cast.practitioner);
  v1::GetWorkingHoursResponse got;
  ASSERT_TRUE(Clinic(staff::Role::kFrontDesk)
                  ->GetWorkingHours(ContextWithDeadline().get(), get, &got)
                  .ok());
  ASSERT_EQ(static_cast<int>(got.hours().ranges().size()), 2);
  EXPECT_EQ(got.hours().ranges(0).day(), v1::MONDAY);
  EXPECT_EQ(got.hours().ranges(0).start().hours(), 13);

  const absl::CivilDay monday = Monday(1);
  for (const absl::Time start :
       {At(monday, 10), At(monday, 16, 50), At(monday + 1, 14) /* Tuesday */,
        At(monday + 2, 12) /* Wednesday after hours */}) {
    SCOPED_TRACE(Describe(start));
    const grpc::Status status = Book(cast, start);
    EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                  "is outside the working hours of"));
    EXPECT_THAT(status.error_message(), HasSubstr(cast.practitioner));
  }
  EXPECT_TRUE(Book(cast, At(monday, 13)).ok());
  EXPECT_TRUE(Book(WithNewPatient(cast), At(monday + 2, 11, 45)).ok());
  // Another practitioner without working hours works the opening hours.
  const Cast other{CreatePatient(), CreatePractitioner(), cast.room};
  RecordConsent(other.patient);
  EXPECT_TRUE(Book(other, At(monday, 10)).ok());
}

TEST_F(BookingRulesTest, WorkingHoursAreValidatedAndOnlyTheirOwn) {
  const std::string practitioner = CreatePractitioner();
  v1::WeeklyHours overlapping;
  *overlapping.add_ranges() = Range(v1::TUESDAY, 9, 13);
  *overlapping.add_ranges() = Range(v1::TUESDAY, 12, 18);
  EXPECT_THAT(SetWorkingHours(practitioner, overlapping),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "hours: ranges of day 2 overlap"));
  v1::WeeklyHours backwards;
  *backwards.add_ranges() = Range(v1::FRIDAY, 15, 10);
  EXPECT_THAT(SetWorkingHours(practitioner, backwards),
              FailsWith(StatusCode::INVALID_ARGUMENT, "hours.ranges[0].end"));
  v1::WeeklyHours no_day;
  *no_day.add_ranges() = Range(v1::DAY_OF_WEEK_UNSPECIFIED, 9, 10);
  EXPECT_THAT(SetWorkingHours(practitioner, no_day),
              FailsWith(StatusCode::INVALID_ARGUMENT, "hours.ranges[0].day"));

  v1::WeeklyHours fine;
  *fine.add_ranges() = Range(v1::MONDAY, 9, 12);
  // A practitioner sets only their own hours; the front desk none.
  EXPECT_THAT(SetWorkingHours(practitioner, fine, staff::Role::kPractitioner),
              FailsWith(StatusCode::PERMISSION_DENIED, "their own"));
  EXPECT_EQ(SetWorkingHours(practitioner, fine, staff::Role::kFrontDesk)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(SetWorkingHours(StaffName(staff::Role::kPractitioner), fine,
                              staff::Role::kPractitioner)
                  .ok());
  // Only practitioners have working hours.
  EXPECT_THAT(SetWorkingHours(StaffName(staff::Role::kFrontDesk), fine),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "is not an active practitioner"));
}

TEST_F(BookingRulesTest, ClinicWideClosureBlocksEveryone) {
  const Cast cast = NewCast();
  // A Wednesday afternoon no other test of this suite uses.
  const absl::CivilDay wednesday = Monday(2) + 2;
  std::string closure;
  ASSERT_TRUE(CreateClosure("", At(wednesday, 14), At(wednesday, 16),
                            "staff training", &closure)
                  .ok());
  for (const absl::Time start :
       {At(wednesday, 14), At(wednesday, 15, 45), At(wednesday, 13, 50)}) {
    SCOPED_TRACE(Describe(start));
    const grpc::Status status = Book(cast, start);
    EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION, closure));
    EXPECT_THAT(status.error_message(), HasSubstr("(staff training) covers"));
  }
  EXPECT_TRUE(Book(cast, At(wednesday, 16)).ok());
  EXPECT_TRUE(Book(WithNewPatient(cast), At(wednesday, 13, 45)).ok());
  // Only admins close the clinic.
  EXPECT_THAT(CreateClosure("", At(wednesday + 1, 9), At(wednesday + 1, 10),
                            "x", nullptr, staff::Role::kPractitioner),
              FailsWith(StatusCode::PERMISSION_DENIED, "only admins"));
  EXPECT_EQ(CreateClosure("", At(wednesday + 1, 9), At(wednesday + 1, 10), "x",
                          nullptr, staff::Role::kFrontDesk)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(BookingRulesTest, PractitionerLeaveBlocksOnlyThatPractitioner) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(2);
  std::string leave;
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(monday, 0), At(monday + 1, 0),
                            "leave", &leave)
                  .ok());
  const grpc::Status status = Book(cast, At(monday, 10));
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION, leave));
  EXPECT_THAT(status.error_message(), HasSubstr("(leave) covers"));
  // Another practitioner in the same room is not on leave.
  const Cast other{CreatePatient(), CreatePractitioner(), cast.room};
  RecordConsent(other.patient);
  EXPECT_TRUE(Book(other, At(monday, 10)).ok());
  // The day after, the practitioner is back.
  EXPECT_TRUE(Book(cast, At(monday + 1, 10)).ok());
  // A practitioner records only their own leave.
  EXPECT_THAT(CreateClosure(cast.practitioner, At(monday + 2, 9),
                            At(monday + 2, 10), "x", nullptr,
                            staff::Role::kPractitioner),
              FailsWith(StatusCode::PERMISSION_DENIED, "their own"));
  EXPECT_TRUE(CreateClosure(StaffName(staff::Role::kPractitioner),
                            At(monday + 2, 9), At(monday + 2, 10), "dentist",
                            nullptr, staff::Role::kPractitioner)
                  .ok());
}

// A closure is found by its end as well as its start: three weeks of leave
// block their last day, and the day after is free.
TEST_F(BookingRulesTest, LongLeaveBlocksEveryDayUntilItEnds) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(2);
  std::string leave;
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(monday, 0),
                            At(monday + 21, 0), "sabbatical", &leave)
                  .ok());
  for (const absl::CivilDay day : {monday, monday + 9, monday + 18}) {
    EXPECT_THAT(Book(cast, At(day, 10)),
                FailsWith(StatusCode::FAILED_PRECONDITION, leave))
        << day;
  }
  EXPECT_TRUE(Book(cast, At(monday + 21, 10)).ok());
}

TEST_F(BookingRulesTest, RoomClosureBlocksOnlyThatRoom) {
  const Cast cast = NewCast();
  const absl::CivilDay tuesday = Monday(2) + 1;
  std::string works;
  ASSERT_TRUE(CreateClosure(cast.room, At(tuesday, 9), At(tuesday, 12),
                            "maintenance", &works)
                  .ok());
  const grpc::Status status = Book(cast, At(tuesday, 11, 30));
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION, works));
  EXPECT_THAT(status.error_message(), HasSubstr("(maintenance) covers"));
  const Cast elsewhere{cast.patient, cast.practitioner, CreateRoom()};
  EXPECT_TRUE(Book(elsewhere, At(tuesday, 11, 30)).ok());
  EXPECT_THAT(CreateClosure(cast.room, At(tuesday + 1, 9), At(tuesday + 1, 10),
                            "x", nullptr, staff::Role::kPractitioner),
              FailsWith(StatusCode::PERMISSION_DENIED, "only admins"));
}

TEST_F(BookingRulesTest, ClosureOverABookedSessionIsRefusedUntilItMoves) {
  const Cast cast = NewCast();
  const absl::CivilDay thursday = Monday(3) + 3;
  const v1::Session booked = BookOk(cast, At(thursday, 11));
  EXPECT_THAT(CreateClosure(cast.practitioner, At(thursday, 10),
                            At(thursday, 12), "leave"),
              FailsWith(StatusCode::FAILED_PRECONDITION, booked.name()));
  EXPECT_THAT(CreateClosure(cast.room, At(thursday, 11, 10), At(thursday, 11, 20),
                            "leak"),
              FailsWith(StatusCode::FAILED_PRECONDITION, booked.name()));
  // Someone else's leave does not concern the session.
  EXPECT_TRUE(CreateClosure(CreatePractitioner(), At(thursday, 10),
                            At(thursday, 12), "leave")
                  .ok());
  ASSERT_TRUE(Cancel(booked.name()).ok());
  std::string closure;
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(thursday, 10),
                            At(thursday, 12), "leave", &closure)
                  .ok());
  EXPECT_THAT(Book(cast, At(thursday, 11)),
              FailsWith(StatusCode::FAILED_PRECONDITION, closure));
  // Deleting the closure opens the time again.
  v1::DeleteClosureRequest remove;
  remove.set_name(closure);
  remove.set_request_id(NextRequestId());
  v1::DeleteClosureResponse removed;
  ASSERT_TRUE(Clinic()->DeleteClosure(ContextWithDeadline().get(), remove,
                                      &removed)
                  .ok());
  EXPECT_TRUE(Book(cast, At(thursday, 11)).ok());
}

TEST_F(BookingRulesTest, NotInThePast) {
  const Cast cast = NewCast();
  const absl::Time hour_ago = absl::Now() - absl::Hours(1);
  const grpc::Status status = Book(cast, hour_ago);
  EXPECT_THAT(status,
              FailsWith(StatusCode::FAILED_PRECONDITION, "is in the past"));
  EXPECT_THAT(status.error_message(), HasSubstr(Describe(hour_ago)));
  EXPECT_THAT(Book(cast, At(Today() - 3, 10)),
              FailsWith(StatusCode::FAILED_PRECONDITION, "is in the past"));
}

TEST_F(BookingRulesTest, NeedsAnActiveConsentToTheTreatmentType) {
  Cast cast{CreatePatient(), CreatePractitioner(), CreateRoom()};
  const absl::Time start = At(Monday(1), 10);
  grpc::Status status = Book(cast, start);
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "has no consent recorded for "
                                "treatmentTypes/cellulite"));
  EXPECT_THAT(status.error_message(), HasSubstr(cast.patient));

  const std::string consent = RecordConsent(cast.patient);
  // A consent covers its own treatment type only.
  EXPECT_THAT(Book(cast, start, nullptr, staff::Role::kFrontDesk, "", kHairLoss),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "has no consent recorded for treatmentTypes/hair_loss"));
  const v1::Session booked = BookOk(cast, start);

  // Withdrawn: no new booking (the booked session stays).
  auto consents = v1::ConsentService::NewStub(server().channel());
  v1::WithdrawConsentRequest withdraw;
  withdraw.set_name(consent);
  withdraw.set_reason("changed her mind");
  withdraw.set_request_id(NextRequestId());
  v1::WithdrawConsentResponse withdrawn;
  ASSERT_TRUE(consents
                  ->WithdrawConsent(ContextWithDeadline().get(), withdraw,
                                    &withdrawn)
                  .ok());
  status = Book(cast, start + absl::Hours(1));
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION, "withdrawn"));
  EXPECT_THAT(status.error_message(), HasSubstr("treatmentTypes/cellulite"));
  EXPECT_EQ(GetSession(booked.name()).state(), v1::SESSION_STATE_BOOKED);
  // A consent signed before the withdrawal (but after the withdrawn one)
  // does not count: the withdrawal revoked it.
  RecordConsent(cast.patient, kCellulite, absl::Now() - absl::Minutes(5));
  status = Book(cast, start + absl::Hours(1));
  EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                "has no active consent for "
                                "treatmentTypes/cellulite"));
  // Regression: the message says the consent was signed before the
  // withdrawal, not that its version is wrong.
  EXPECT_THAT(status.error_message(), HasSubstr("withdraw"));
  EXPECT_THAT(status.error_message(),
              Not(HasSubstr("version 1 but the current version is 1")));
  // Consenting again, after the withdrawal, allows booking again (a week
  // after the session still booked: the protocol's smallest interval).
  RecordConsent(cast.patient, kCellulite, absl::Now());
  const grpc::Status again = Book(cast, At(Monday(2), 10));
  EXPECT_TRUE(again.ok()) << again.error_message();
}

TEST_F(BookingRulesTest, IneligiblePatientIsRefusedWithReasonsOnlyForPractitioners) {
  // BMI 36: above cellulite's ceiling of 30.
  const Cast cast{CreatePatient([](v1::Patient& patient) {
                    patient.mutable_clinical_facts()->set_height_cm(165);
                    patient.mutable_clinical_facts()->set_weight_kg(98);
                  }),
                  CreatePractitioner(), CreateRoom()};
  RecordConsent(cast.patient);
  const absl::Time start = At(Monday(1), 10);
  const grpc::Status as_practitioner =
      Book(cast, start, nullptr, staff::Role::kPractitioner);
  EXPECT_THAT(as_practitioner,
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat(cast.patient,
                                     " is not eligible for "
                                     "treatmentTypes/cellulite")));
  EXPECT_THAT(as_practitioner.error_message(), HasSubstr("BMI 36"));
  EXPECT_THAT(as_practitioner.error_message(), HasSubstr("ceiling of 30"));

  const grpc::Status as_front_desk =
      Book(cast, start, nullptr, staff::Role::kFrontDesk);
  EXPECT_THAT(as_front_desk, FailsWith(StatusCode::FAILED_PRECONDITION,
                                       "is not eligible for "
                                       "treatmentTypes/cellulite"));
  EXPECT_THAT(as_front_desk.error_message(),
              HasSubstr("a practitioner can see why"));
  EXPECT_THAT(as_front_desk.error_message(), Not(HasSubstr("BMI")));
  EXPECT_THAT(as_front_desk.error_message(), Not(HasSubstr("ceiling")));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);
}

TEST_F(BookingRulesTest, EligibilityUsesThePatientsFactsAsTheyAreNow) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(1);
  BookOk(cast, At(monday, 10));
  auto patients = v1::PatientService::NewStub(server().channel());
  v1::GetPatientRequest get;
  get.set_name(cast.patient);
  v1::GetPatientResponse got;
  ASSERT_TRUE(patients->GetPatient(ContextWithDeadline().get(), get, &got).ok());
  v1::UpdatePatientRequest update;
  *update.mutable_patient() = got.patient();
  update.mutable_patient()->mutable_clinical_facts()->set_weight_kg(98);
  update.mutable_update_mask()->add_paths("clinical_facts");
  update.set_request_id(NextRequestId());
  v1::UpdatePatientResponse updated;
  const grpc::Status status =
      patients->UpdatePatient(ContextWithDeadline().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Book(cast, At(monday + 7, 10), nullptr, staff::Role::kPractitioner),
              FailsWith(StatusCode::FAILED_PRECONDITION, "BMI 36"));
}

TEST_F(BookingRulesTest, ArchivedPatientCannotBeBooked) {
  const Cast cast = NewCast();
  auto patients = v1::PatientService::NewStub(server().channel());
  v1::ArchivePatientRequest archive;
  archive.set_name(cast.patient);
  archive.set_request_id(NextRequestId());
  v1::ArchivePatientResponse archived;
  ASSERT_TRUE(patients->ArchivePatient(ContextWithDeadline().get(), archive,
                                       &archived)
                  .ok());
  EXPECT_THAT(Book(cast, At(Monday(1), 10)),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("patient: ", cast.patient, " is archived")));
}

TEST_F(BookingRulesTest, RoomOutOfServiceCannotBeBooked) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(1);
  const v1::Session before = BookOk(cast, At(monday, 10));
  v1::DeactivateRoomRequest deactivate;
  deactivate.set_name(cast.room);
  deactivate.set_request_id(NextRequestId());
  v1::DeactivateRoomResponse deactivated;
  ASSERT_TRUE(Clinic()->DeactivateRoom(ContextWithDeadline().get(), deactivate,
                                       &deactivated)
                  .ok());
  EXPECT_FALSE(deactivated.room().active());
  EXPECT_THAT(Book(cast, At(monday, 11)),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        absl::StrCat("room: ", cast.room, " is out of service")));
  // Booked sessions stay.
  EXPECT_EQ(GetSession(before.name()).state(), v1::SESSION_STATE_BOOKED);
  // Deactivating again is refused.
  deactivate.set_request_id(NextRequestId());
  EXPECT_THAT(Clinic()->DeactivateRoom(ContextWithDeadline().get(), deactivate,
                                       &deactivated),
              FailsWith(StatusCode::FAILED_PRECONDITION, "already inactive"));
}

TEST_F(BookingRulesTest, UnknownTreatmentTypeAndMalformedRequestsAreRefused) {
  const Cast cast = NewCast();
  const absl::Time start = At(Monday(1), 10);
  EXPECT_THAT(Book(cast, start, nullptr, staff::Role::kFrontDesk, "",
                   "treatmentTypes/liposuction"),
              FailsWith(StatusCode::NOT_FOUND, "treatmentTypes/liposuction"));
  EXPECT_THAT(Book(cast, start, nullptr, staff::Role::kFrontDesk, "",
                   "cellulite"),
              FailsWith(StatusCode::INVALID_ARGUMENT, "treatment_type"));
  // No start time.
  v1::BookSessionRequest request;
  request.set_patient(cast.patient);
  request.set_treatment_type(kCellulite);
  request.set_practitioner(cast.practitioner);
  request.set_room(cast.room);
  request.set_request_id(NextRequestId());
  v1::BookSessionResponse response;
  EXPECT_THAT(Scheduling()->BookSession(ContextWithDeadline().get(), request,
                                        &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "start_time"));
  // No request_id.
  *request.mutable_start_time() = TimestampToProto(start);
  request.clear_request_id();
  EXPECT_THAT(Scheduling()->BookSession(ContextWithDeadline().get(), request,
                                        &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "request_id"));
  // The practitioner must be an active practitioner.
  Cast front_desk = cast;
  front_desk.practitioner = StaffName(staff::Role::kFrontDesk);
  EXPECT_THAT(Book(front_desk, start),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "is not an active practitioner"));
  Cast no_room = cast;
  no_room.room = "rooms/nowhere";
  EXPECT_EQ(Book(no_room, start).error_code(), StatusCode::NOT_FOUND);
  Cast bad_patient = cast;
  bad_patient.patient = "patient-1";
  EXPECT_THAT(Book(bad_patient, start),
              FailsWith(StatusCode::INVALID_ARGUMENT, "patient"));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 0);
}

TEST_F(BookingRulesTest, RetryWithTheSameRequestIdReturnsTheSameSession) {
  const Cast cast = NewCast();
  const absl::Time start = At(Monday(1), 15);
  const std::string request_id = NextRequestId();
  v1::Session first, retry;
  ASSERT_TRUE(Book(cast, start, &first, staff::Role::kFrontDesk, "", kCellulite,
                   request_id)
                  .ok());
  const grpc::Status again = Book(cast, start, &retry, staff::Role::kFrontDesk,
                                  "", kCellulite, request_id);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(retry.start_time().seconds(), first.start_time().seconds());
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 1);
  // The same request_id for another change is refused.
  EXPECT_THAT(Book(cast, start + absl::Hours(1), nullptr,
                   staff::Role::kFrontDesk, "", kCellulite, request_id),
              FailsWith(StatusCode::ALREADY_EXISTS, "request_id"));
  EXPECT_EQ(static_cast<int>(PatientSessions(cast.patient).size()), 1);
}

TEST_F(BookingRulesTest, RolesThatMayNotSchedule) {
  const Cast cast = NewCast();
  const absl::Time start = At(Monday(1), 16);
  EXPECT_EQ(Book(cast, start, nullptr, staff::Role::kAdmin).error_code(),
            StatusCode::PERMISSION_DENIED);
  const v1::Session booked = BookOk(cast, start);
  v1::GetSessionRequest get;
  get.set_name(booked.name());
  v1::GetSessionResponse got;
  EXPECT_EQ(Scheduling(staff::Role::kAdmin)
                ->GetSession(ContextWithDeadline().get(), get, &got)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::CreateRoomRequest room;
  room.mutable_room()->set_display_name("Cabinet");
  room.set_request_id(NextRequestId());
  v1::CreateRoomResponse created;
  EXPECT_EQ(Clinic(staff::Role::kFrontDesk)
                ->CreateRoom(ContextWithDeadline().get(), room, &created)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
  v1::UpdateClinicSettingsRequest settings;
  settings.mutable_settings()->set_time_zone("UTC");
  settings.mutable_settings()->set_slot_granularity_minutes(15);
  settings.set_request_id(NextRequestId());
  v1::UpdateClinicSettingsResponse updated;
  EXPECT_EQ(Clinic(staff::Role::kPractitioner)
                ->UpdateClinicSettings(ContextWithDeadline().get(), settings,
                                       &updated)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(BookingRulesTest, ClinicSettingsStartInParisAndAreValidated) {
  v1::GetClinicSettingsResponse got;
  ASSERT_TRUE(Clinic(staff::Role::kFrontDesk)
                  ->GetClinicSettings(ContextWithDeadline().get(), {}, &got)
                  .ok());
  EXPECT_EQ(got.settings().time_zone(), "Europe/Paris");
  EXPECT_EQ(got.settings().slot_granularity_minutes(), 15);
  EXPECT_EQ(static_cast<int>(got.settings().opening_hours().ranges().size()), 5);
  v1::UpdateClinicSettingsRequest update;
  *update.mutable_settings() = got.settings();
  update.mutable_settings()->set_time_zone("Europe/Atlantis");
  update.set_request_id(NextRequestId());
  v1::UpdateClinicSettingsResponse updated;
  EXPECT_THAT(Clinic()->UpdateClinicSettings(ContextWithDeadline().get(),
                                             update, &updated),
              FailsWith(StatusCode::INVALID_ARGUMENT, "settings.time_zone"));
  update.mutable_settings()->set_time_zone("Europe/Paris");
  update.mutable_settings()->set_slot_granularity_minutes(7);
  update.set_request_id(NextRequestId());
  EXPECT_THAT(Clinic()->UpdateClinicSettings(ContextWithDeadline().get(),
                                             update, &updated),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "settings.slot_granularity_minutes"));
  // A stale etag changes nothing.
  update.mutable_settings()->set_slot_granularity_minutes(15);
  update.set_etag("r999-00000000");
  update.set_request_id(NextRequestId());
  EXPECT_THAT(Clinic()->UpdateClinicSettings(ContextWithDeadline().get(),
                                             update, &updated),
              FailsWith(StatusCode::ABORTED, "etag"));
}

}  // namespace
}  // namespace mesoclinic::testing
