// Consultations in the scheduling decisions: a first visit booked, moved,
// checked in and completed like any session, without a treatment type,
// consent, eligibility, course or treatment record.

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/scheduling/consultation.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

class ConsultationTest : public SchedulerTest {
 protected:
  // A consultation for `who` at `start`, `length` long (0: the default).
  SessionBooking Consultation(absl::Time start, const Cast& who,
                              absl::Duration length = absl::ZeroDuration()) {
    SessionBooking booking{.patient_id = who.patient,
                           .practitioner_id = who.practitioner,
                           .room_id = who.room,
                           .start = start};
    booking.kind = SessionKind::kConsultation;
    booking.consultation_length =
        length == absl::ZeroDuration() ? kDefaultConsultationLength : length;
    return booking;
  }
  Session ConsultationOk(absl::Time start, const Cast& who) {
    absl::StatusOr<Session> booked = Book(Consultation(start, who));
    EXPECT_TRUE(booked.ok()) << booked.status();
    return booked.ok() ? *std::move(booked) : Session{};
  }
};

TEST_F(ConsultationTest, NeedsNoTreatmentTypeConsentOrEligibility) {
  // A new patient, never consented, pregnant: no protocol would take her,
  // but a practitioner may see her to screen her.
  const Cast newcomer{AddPatient([](patients::Patient& patient) {
                        patient.clinical_facts.pregnancy_status =
                            patients::PregnancyStatus::kPregnant;
                      }),
                      cast_.practitioner, cast_.room};
  const Session booked = ConsultationOk(At(Monday(), 10), newcomer);
  EXPECT_EQ(booked.kind, SessionKind::kConsultation);
  EXPECT_EQ(booked.treatment_type, "");
  EXPECT_EQ(booked.course_id, "");
  EXPECT_EQ(booked.time.end - booked.time.start, absl::Minutes(30));
  EXPECT_EQ(Describe(Stored(booked.id)), Describe(booked));
}

TEST_F(ConsultationTest, NeverOverlapsThePractitionersRoomsOrPatientsSessions) {
  const Session treatment = BookOk(At(Monday(), 10));
  // The practitioner, the room and the patient are all busy 10:00-10:15.
  for (const Cast& who :
       {Cast{other_.patient, cast_.practitioner, other_.room},
        Cast{other_.patient, other_.practitioner, cast_.room},
        Cast{cast_.patient, other_.practitioner, other_.room}}) {
    const absl::Status status =
        Refusal([&] { return Book(Consultation(At(Monday(), 9, 45), who)); });
    EXPECT_THAT(status, IsRefusal(absl::StatusCode::kFailedPrecondition,
                                  reasons::kSlotTaken));
    EXPECT_THAT(ErrorMetadata(status),
                Contains(Pair("session", "sessions/" + treatment.id)));
  }
  // And a treatment cannot be booked over a consultation.
  const Session consultation = ConsultationOk(At(Monday(), 14), other_);
  const absl::Status status = Refusal([&] {
    return Book(Booking(At(Monday(), 14, 15),
                        Cast{cast_.patient, other_.practitioner, cast_.room}));
  });
  EXPECT_THAT(ErrorMetadata(status),
              Contains(Pair("session", "sessions/" + consultation.id)));
}

TEST_F(ConsultationTest, KeepsToTheClinicsHoursAndSlotGrid) {
  // 17:45 + 30 minutes ends after closing time.
  EXPECT_THAT(Refusal([&] { return Book(Consultation(At(Monday(), 17, 45),
                                                     cast_)); }),
              IsRefusal(absl::StatusCode::kFailedPrecondition,
                        reasons::kOutsideHours));
  EXPECT_THAT(Refusal([&] { return Book(Consultation(At(Monday(), 10, 5),
                                                     cast_)); }),
              IsRefusal(absl::StatusCode::kFailedPrecondition,
                        reasons::kOffSlotGrid));
}

TEST_F(ConsultationTest, IsCheckedInAndCompletedWithNotesAlone) {
  const Session booked = ConsultationOk(At(Monday(), 10), cast_);
  now_ = At(Monday(), 9, 55);
  ASSERT_TRUE(Step(booked.id, [](SessionSteps& steps, Session session) {
                return steps.CheckIn(std::move(session));
              }).ok());
  now_ = At(Monday(), 10, 30);
  const absl::StatusOr<Session> completed =
      Step(booked.id, [](SessionSteps& steps, Session session) {
        return steps.CompleteConsultation(
            std::move(session), "Screened; consent to cellulite signed.");
      });
  ASSERT_TRUE(completed.ok()) << completed.status();
  EXPECT_EQ(completed->state, SessionState::kCompleted);
  EXPECT_FALSE(completed->treatment_record.has_value());
  EXPECT_EQ(Stored(booked.id).consultation_notes,
            "Screened; consent to cellulite signed.");
  // No treatment, so no follow-up calls after it.
  EXPECT_THAT(StoredTasks(), IsEmpty());
}

TEST_F(ConsultationTest, CompletionNeedsNotes) {
  const Session booked = ConsultationOk(At(Monday(), 10), cast_);
  now_ = At(Monday(), 9, 55);
  ASSERT_TRUE(Step(booked.id, [](SessionSteps& steps, Session session) {
                return steps.CheckIn(std::move(session));
              }).ok());
  const absl::Status status = Refusal([&] {
    return Step(booked.id, [](SessionSteps& steps, Session session) {
      return steps.CompleteConsultation(std::move(session), "");
    });
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("consultation_notes"));
}

TEST_F(ConsultationTest, ATreatmentSessionIsNotCompletedAsAConsultation) {
  const Session treatment = BookOk(At(Monday(), 10));
  now_ = At(Monday(), 9, 55);
  ASSERT_TRUE(Step(treatment.id, [](SessionSteps& steps, Session session) {
                return steps.CheckIn(std::move(session));
              }).ok());
  EXPECT_THAT(Refusal([&] {
                return Step(treatment.id, [](SessionSteps& steps,
                                             Session session) {
                  return steps.CompleteConsultation(std::move(session),
                                                    "notes");
                });
              }),
              IsRefusal(absl::StatusCode::kFailedPrecondition,
                        reasons::kSessionStateConflict));
}

TEST_F(ConsultationTest, MovesLikeAnySessionWithoutTreatmentChecks) {
  // A patient without consent: a treatment check would refuse the move.
  const Cast newcomer{AddPatient(), cast_.practitioner, cast_.room};
  const Session booked = ConsultationOk(At(Monday(), 10), newcomer);
  const absl::StatusOr<MovedSessions> moved =
      Move(booked.id, {.new_start = At(Monday(1), 11)});
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->session.time.start, At(Monday(1), 11));
  EXPECT_EQ(moved->session.time.end, At(Monday(1), 11, 30));
}

TEST(ConsultationRulesTest, LengthDefaultsToThirtyMinutesWithinTenToOneTwenty) {
  EXPECT_EQ(*ConsultationLength("m", absl::ZeroDuration()), absl::Minutes(30));
  EXPECT_EQ(*ConsultationLength("m", absl::Minutes(45)), absl::Minutes(45));
  EXPECT_EQ(*ConsultationLength("m", absl::Minutes(10)), absl::Minutes(10));
  EXPECT_EQ(*ConsultationLength("m", absl::Minutes(120)), absl::Minutes(120));
  for (const absl::Duration bad :
       {absl::Minutes(5), absl::Minutes(121), absl::Minutes(-30),
        absl::Seconds(45 * 60 + 30)}) {
    const absl::StatusOr<absl::Duration> length =
        ConsultationLength("consultation_minutes", bad);
    EXPECT_EQ(length.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(length.status().message(),
                HasSubstr("consultation_minutes: must be whole minutes from "
                          "10 to 120"));
  }
}

TEST(ConsultationRulesTest, NotesAreRequiredTextOfAtMostTenThousandCharacters) {
  EXPECT_TRUE(CheckConsultationNotes("n", "Screened.\nConsent signed.").ok());
  EXPECT_FALSE(CheckConsultationNotes("n", "").ok());
  EXPECT_FALSE(CheckConsultationNotes("n", std::string(10001, 'a')).ok());
}

}  // namespace
}  // namespace mesoclinic::scheduling
