// SessionBooker: each rule a booking must pass, one test each, on a real
// store without a server.

#include <string>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/scheduling/booking_rules.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

constexpr absl::StatusCode kFailedPrecondition =
    absl::StatusCode::kFailedPrecondition;

class SessionBookerTest : public SchedulerTest {
 protected:
  // A booking at `start` refused with `reason`; its refusal.
  absl::Status RefusedBooking(const SessionBooking& booking,
                              absl::string_view reason) {
    const absl::Status status = Refusal([&] { return Book(booking); });
    EXPECT_THAT(status, IsRefusal(kFailedPrecondition, reason));
    return status;
  }
  absl::Status RefusedBooking(absl::Time start, absl::string_view reason) {
    return RefusedBooking(Booking(start, cast_), reason);
  }
  // The same, where the refusal says nothing more.
  template <typename What>
  void ExpectRefused(const What& what, absl::string_view reason) {
    EXPECT_FALSE(RefusedBooking(what, reason).ok());
  }
  // The same, where the reason's one metadata entry names `key`'s `value`.
  template <typename What>
  void ExpectRefusedNaming(const What& what, absl::string_view reason,
                           const std::string& key, const std::string& value) {
    EXPECT_THAT(ErrorMetadata(RefusedBooking(what, reason)),
                ElementsAre(Pair(key, value)));
  }
};

TEST_F(SessionBookerTest, BooksInsideOpeningHoursAndAnnouncesOneBooking) {
  const absl::StatusOr<Session> booked = Book(At(Monday(), 10));
  ASSERT_TRUE(booked.ok()) << booked.status();
  EXPECT_EQ(booked->state, SessionState::kBooked);
  EXPECT_EQ(booked->time.start, At(Monday(), 10));
  EXPECT_EQ(booked->time.end, At(Monday(), 10, 15));
  EXPECT_EQ(booked->patient_id, cast_.patient);
  EXPECT_EQ(booked->practitioner_id, cast_.practitioner);
  EXPECT_EQ(booked->room_id, cast_.room);
  EXPECT_EQ(booked->create_time, now_);
  EXPECT_EQ(Describe(Stored(booked->id)), Describe(*booked));
  EXPECT_THAT(announced(), ElementsAre(IsChange(SessionChange::Kind::kBooked,
                                                booked->id, Monday(),
                                                Monday())));
}

// Who the second booking shares with the first, which holds the slot.
struct Overlap {
  std::string name;
  bool same_practitioner = false;
  bool same_room = false;
  bool same_patient = false;
  std::string owner;  // As the refusal names them.

  friend void PrintTo(const Overlap& overlap, std::ostream* os) {
    *os << overlap.name;
  }
};

class SlotTakenTest : public SessionBookerTest,
                      public ::testing::WithParamInterface<Overlap> {};

TEST_P(SlotTakenTest, SlotTakenNamesTheSessionHoldingIt) {
  const Session first = BookOk(At(Monday(), 10));
  const Overlap& overlap = GetParam();
  const Cast who{overlap.same_patient ? cast_.patient : other_.patient,
                 overlap.same_practitioner ? cast_.practitioner
                                           : other_.practitioner,
                 overlap.same_room ? cast_.room : other_.room};
  // Overlaps the first session without starting with it.
  const absl::Status status =
      RefusedBooking(Booking(At(Monday(), 9, 55), who), reasons::kSlotTaken);
  EXPECT_THAT(ErrorMetadata(status),
              Contains(Pair("session", "sessions/" + first.id)));
  EXPECT_THAT(status.message(),
              HasSubstr(overlap.owner + " is already booked"));
}

INSTANTIATE_TEST_SUITE_P(
    SessionBooker, SlotTakenTest,
    ::testing::Values(Overlap{"Practitioner", true, false, false,
                              "the practitioner"},
                      Overlap{"Room", false, true, false, "the room"},
                      Overlap{"Patient", false, false, true, "the patient"}),
    [](const ::testing::TestParamInfo<Overlap>& info) {
      return info.param.name;
    });

TEST_F(SessionBookerTest, OutsideHoursOfTheClinic) {
  // Ends after closing time.
  ExpectRefused(At(Monday(), 17, 55), reasons::kOutsideHours);
  ExpectRefused(At(Monday() - 2, 10), reasons::kOutsideHours);  // Saturday.
}

TEST_F(SessionBookerTest, OutsideHoursOfThePractitioner) {
  WeeklyHours afternoons;
  afternoons.Add(1, {13 * 60, 18 * 60});
  Seed([&](storage::Transaction& transaction) {
    return transaction.scheduling().PutWorkingHours(cast_.practitioner,
                                                    afternoons);
  });
  const absl::Status status =
      RefusedBooking(At(Monday(), 10), reasons::kOutsideHours);
  EXPECT_THAT(status.message(),
              HasSubstr("working hours of staff/" + cast_.practitioner));
  EXPECT_TRUE(Book(At(Monday(), 14)).ok());
}

TEST_F(SessionBookerTest, ClosedNamesTheClosure) {
  const std::string closure = AddClosure(At(Monday(), 9), At(Monday(), 12));
  ExpectRefusedNaming(At(Monday(), 10), reasons::kClosed, "closure",
                      "closures/" + closure);
}

TEST_F(SessionBookerTest, StartOutOfRangeInThePastOrBeyondTheHorizon) {
  // The Friday before now_.
  ExpectRefused(At(Monday() - 10, 10), reasons::kStartOutOfRange);
  const absl::CivilDay last = absl::ToCivilDay(now_ + kBookingHorizon, Paris());
  // Monday(103) is the last Monday inside the horizon.
  ASSERT_LT(Monday(103), last);
  ASSERT_GT(Monday(104), last);
  EXPECT_TRUE(Book(At(Monday(103), 10)).ok());
  ExpectRefused(At(Monday(104), 10), reasons::kStartOutOfRange);
}

TEST_F(SessionBookerTest, OffSlotGridNamesTheNearestStarts) {
  const absl::Status status =
      RefusedBooking(At(Monday(), 10, 5), reasons::kOffSlotGrid);
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("slot_granularity_minutes", "15")));
  EXPECT_THAT(status.message(),
              HasSubstr("2030-01-14 10:00 Europe/Paris and 2030-01-14 10:15 "
                        "Europe/Paris"));
}

TEST_F(SessionBookerTest, AWalkInLessThanOneGridStepAheadMayBeOffTheGrid) {
  now_ = At(Monday(), 10, 2);
  EXPECT_TRUE(Book(At(Monday(), 10, 5)).ok());
  // 10:20 is a whole grid step from now: a slot search could offer 10:15
  // or 10:30 instead.
  ExpectRefused(At(Monday(), 10, 20), reasons::kOffSlotGrid);
}

TEST_F(SessionBookerTest, InACourseJoinsItAsTheNextSession) {
  const std::string course = AddCourse();
  const Session first = BookOk(At(Monday(), 10), course);
  const Session second = BookOk(At(Monday(1), 10), course);
  EXPECT_EQ(first.course_id, course);
  EXPECT_EQ(first.course_index, 0);
  EXPECT_EQ(second.course_index, 1);
  // The initial phase: 7 to 10 days after the session before.
  EXPECT_EQ(second.min_gap_days, 7);
  EXPECT_EQ(second.max_gap_days, 10);
}

// Cellulite's touch-ups repeat every 6 to 8 months for as long as the
// patient continues: a course at its maximum of 10 sessions still takes
// them, one after another (the maximum counting only a maintenance phase
// that runs once is tested in scheduler_rules_test).
TEST_F(SessionBookerTest, RepeatingTouchUpsGoOnPastTheCourseMaximum) {
  const absl::StatusOr<BookedCourse> booked =
      BookCourse(Order(At(Monday(), 10), 10));
  ASSERT_TRUE(booked.ok()) << booked.status();
  ASSERT_EQ(booked->sessions.size(), 10u);
  // The course's last session is on Monday(15); touch-ups come 182 to 245
  // days after the session before.
  ASSERT_EQ(booked->sessions.back().time.start, At(Monday(15), 10));
  const std::string course = booked->course.id;
  const Session first_touch_up = BookOk(At(Monday(15 + 28), 10), course);
  const Session second_touch_up = BookOk(At(Monday(15 + 56), 10), course);
  EXPECT_EQ(first_touch_up.course_index, 10);
  EXPECT_EQ(second_touch_up.course_index, 11);
  EXPECT_EQ(second_touch_up.min_gap_days, 182);
  EXPECT_EQ(second_touch_up.max_gap_days, 245);
}

TEST_F(SessionBookerTest, CourseSuspended) {
  const std::string course = AddCourse(CourseState::kSuspended);
  ExpectRefusedNaming(Booking(At(Monday(), 10), cast_, course),
                      reasons::kCourseSuspended, "course",
                      "courses/" + course);
}

TEST_F(SessionBookerTest, CourseSuspendedBlocksBookingsOutsideTheCourseToo) {
  const std::string course = AddCourse(CourseState::kSuspended);
  ExpectRefusedNaming(At(Monday(), 10), reasons::kCourseSuspended, "course",
                      "courses/" + course);
}

TEST_F(SessionBookerTest, CourseStopped) {
  const std::string course = AddCourse(CourseState::kStopped);
  ExpectRefusedNaming(Booking(At(Monday(), 10), cast_, course),
                      reasons::kCourseStopped, "course", "courses/" + course);
}

TEST_F(SessionBookerTest, IntervalOutsideProtocol) {
  const std::string course = AddCourse();
  BookOk(At(Monday(), 10), course);
  const absl::Status status =
      RefusedBooking(Booking(At(Monday() + 3, 10), cast_, course),
                     reasons::kIntervalOutsideProtocol);
  EXPECT_THAT(status.message(),
              HasSubstr("3 days after the previous session of the course; "
                        "the protocol allows 7 to 10"));
  ExpectRefused(Booking(At(Monday(1) + 4, 10), cast_, course),
                 reasons::kIntervalOutsideProtocol);
}

TEST_F(SessionBookerTest, PatientArchived) {
  const std::string patient = AddPatient(
      [](patients::Patient& p) { p.archived = true; });
  AddConsent(patient);
  ExpectRefusedNaming(
      Booking(At(Monday(), 10), {patient, cast_.practitioner, cast_.room}),
      reasons::kPatientArchived, "patient", "patients/" + patient);
}

TEST_F(SessionBookerTest, ConsentMissing) {
  const std::string patient = AddPatient();
  ExpectRefusedNaming(
      Booking(At(Monday(), 10), {patient, cast_.practitioner, cast_.room}),
      reasons::kConsentMissing, "treatment_type", "treatmentTypes/cellulite");
}

TEST_F(SessionBookerTest, PatientNotEligibleTellsOnlyAPractitionerWhy) {
  const std::string patient = AddPatient([](patients::Patient& p) {
    p.clinical_facts.pregnancy_status = patients::PregnancyStatus::kPregnant;
  });
  AddConsent(patient);
  const SessionBooking booking =
      Booking(At(Monday(), 10), {patient, cast_.practitioner, cast_.room});
  const absl::Status to_desk =
      RefusedBooking(booking, reasons::kPatientNotEligible);
  EXPECT_THAT(to_desk.message(), HasSubstr("a practitioner can see why"));
  EXPECT_THAT(to_desk.message(), Not(HasSubstr("regnan")));
  role_ = staff::Role::kPractitioner;
  const absl::Status to_practitioner =
      RefusedBooking(booking, reasons::kPatientNotEligible);
  EXPECT_THAT(to_practitioner.message(), HasSubstr("Pregnancy"));
}

TEST_F(SessionBookerTest, RoomOutOfService) {
  const std::string room = AddRoom(/*active=*/false);
  ExpectRefusedNaming(
      Booking(At(Monday(), 10), {cast_.patient, cast_.practitioner, room}),
      reasons::kRoomOutOfService, "room", "rooms/" + room);
}

TEST_F(SessionBookerTest, PractitionerUnavailableWhenInactiveOrNotOne) {
  const std::string inactive = AddPractitioner(
      [](staff::StaffMember& member) { member.active = false; });
  for (const std::string& staff : {inactive, staff_id_}) {
    ExpectRefusedNaming(
        Booking(At(Monday(), 10), {cast_.patient, staff, cast_.room}),
        reasons::kPractitionerUnavailable, "staff", "staff/" + staff);
  }
}

}  // namespace
}  // namespace mesoclinic::scheduling
