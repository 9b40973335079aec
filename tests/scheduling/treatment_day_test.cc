// Re-checked on the day (issue 17): check-in and completion run again every
// check that decides whether the patient may be treated, with the facts as
// they are now, refuse with every reason at once, and leave the session as
// it was; completion also needs the day-of checklist answered.

#include <string>
#include <utility>
#include <vector>

#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using patients::FactGroup;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr auto kFailedPrecondition = absl::StatusCode::kFailedPrecondition;

class TreatmentDayTest : public SchedulerTest {
 protected:
  void SetUp() override {
    SchedulerTest::SetUp();
    if (HasFatalFailure()) return;
    session_ = BookOk(At(Monday(), 10));
    now_ = At(Monday(), 9, 50);
  }

  absl::StatusOr<Session> CheckIn() {
    return Step(session_.id, [](SessionSteps& steps, Session session) {
      return steps.CheckIn(std::move(session));
    });
  }

  absl::StatusOr<Session> Complete(const TreatmentRecord& record) {
    return Step(session_.id, [&](SessionSteps& steps, Session session) {
      return steps.Complete(std::move(session), record);
    });
  }

  // Checked in, then screened again by the practitioner in the room.
  void CheckInAndScreen() {
    const absl::StatusOr<Session> checked_in = CheckIn();
    ASSERT_TRUE(checked_in.ok()) << checked_in.status();
    ConfirmFacts(cast_.patient);
  }

  // The stored patient of cast_, changed by `change`.
  void ChangePatient(const std::function<void(patients::Patient&)>& change) {
    Seed([&](storage::Transaction& transaction) -> absl::Status {
      absl::StatusOr<patients::Patient> patient =
          transaction.patients().Get(cast_.patient);
      if (!patient.ok()) return patient.status();
      change(*patient);
      return transaction.patients().Update(*patient);
    });
  }

  static std::vector<std::string> Fields(const absl::Status& status) {
    std::vector<std::string> fields;
    for (const FieldViolation& violation : FieldViolationsOf(status)) {
      fields.push_back(violation.field);
    }
    return fields;
  }

  Session session_;
};

TEST_F(TreatmentDayTest, CheckInIsRefusedWithEveryReasonAndChangesNothing) {
  // Medications last asked 40 days ago, and since then an NSAID taken
  // yesterday (inside cellulite's 7-day wash-out); the session flagged by a
  // safety hold; the patient's course suspended.
  ChangePatient([&](patients::Patient& patient) {
    patient.clinical_facts.medications = {
        {.name = "ibuprofen", .is_nsaid = true, .last_taken = Monday() - 1}};
    patient.clinical_facts.confirmations[FactGroup::kMedications] = {
        now_ - absl::Hours(24 * 40), staff_id_};
  });
  Seed([&](storage::Transaction& transaction) {
    Session flagged = session_;
    flagged.flagged = true;
    return transaction.scheduling().UpdateSession(flagged);
  });
  AddCourse(CourseState::kSuspended);
  const absl::Status status = Refusal([&] { return CheckIn(); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kDayChecksFailed));
  EXPECT_THAT(ErrorMetadata(status),
              Contains(Pair("reasons",
                            "SCREENING_INCOMPLETE,SESSION_FLAGGED,"
                            "COURSE_SUSPENDED,PATIENT_NOT_ELIGIBLE")));
  EXPECT_THAT(Fields(status),
              ElementsAre("patient.clinical_facts.medications"));
  EXPECT_EQ(Stored(session_.id).state, SessionState::kBooked);
}

TEST_F(TreatmentDayTest, CheckInIsRefusedOnceTheConsentIsWithdrawn) {
  Seed([&](storage::Transaction& transaction) -> absl::Status {
    absl::StatusOr<std::vector<consent::Consent>> consents =
        transaction.consent().ListForPatientAndType(cast_.patient,
                                                    "cellulite");
    if (!consents.ok()) return consents.status();
    consent::Consent withdrawn = consents->front();
    withdrawn.withdrawal = consent::Withdrawal{now_, "changed her mind",
                                               staff_id_};
    return transaction.consent().Update(withdrawn);
  });
  const absl::Status status = Refusal([&] { return CheckIn(); });
  EXPECT_EQ(status.code(), kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("withdrawn"));
}

TEST_F(TreatmentDayTest, CompletionNeedsPregnancyConfirmedOnTheDay) {
  ASSERT_TRUE(CheckIn().ok());  // Check-in does not ask it: the room does.
  const absl::Status status = Refusal([&] { return Complete(ValidRecord()); });
  EXPECT_THAT(status,
              IsRefusal(kFailedPrecondition, reasons::kScreeningIncomplete));
  EXPECT_THAT(Fields(status),
              ElementsAre("patient.clinical_facts.pregnancy_status"));
  ConfirmFacts(cast_.patient);
  const absl::StatusOr<Session> completed = Complete(ValidRecord());
  EXPECT_TRUE(completed.ok()) << completed.status();
}

TEST_F(TreatmentDayTest, CompletionReRunsEligibilityWithTodaysFacts) {
  CheckInAndScreen();
  ChangePatient([](patients::Patient& patient) {
    patient.clinical_facts.pregnancy_status =
        patients::PregnancyStatus::kPregnant;
  });
  const absl::Status status = Refusal([&] { return Complete(ValidRecord()); });
  EXPECT_THAT(status,
              IsRefusal(kFailedPrecondition, reasons::kPatientNotEligible));
}

TEST_F(TreatmentDayTest, CompletionNeedsEveryChecklistQuestionAnswered) {
  CheckInAndScreen();
  TreatmentRecord record = ValidRecord();
  const std::string unanswered = record.day_of_answers.back().question;
  record.day_of_answers.pop_back();
  record.day_of_answers.push_back({"favourite_colour", false});
  const absl::Status status = Refusal([&] { return Complete(record); });
  EXPECT_THAT(status, IsRefusal(absl::StatusCode::kInvalidArgument,
                                reasons::kChecklistIncomplete));
  EXPECT_THAT(Fields(status),
              ElementsAre(absl::StrCat("treatment_record.day_of_answers[",
                                       record.day_of_answers.size() - 1,
                                       "].question"),
                          "treatment_record.day_of_answers"));
  EXPECT_THAT(std::string(status.message()), HasSubstr(unanswered));
}

TEST_F(TreatmentDayTest, ABlockingChecklistAnswerRefusesCompletion) {
  CheckInAndScreen();
  TreatmentRecord record = ValidRecord();
  for (ChecklistAnswer& answer : record.day_of_answers) {
    if (answer.question == "site_infection_or_broken_skin") answer.yes = true;
  }
  const absl::Status status = Refusal([&] { return Complete(record); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kChecklistBlocks));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("site_infection_or_broken_skin"));
}

TEST_F(TreatmentDayTest, TheChecklistAnswersAreStoredWithTheRecord) {
  CheckInAndScreen();
  ASSERT_TRUE(Complete(ValidRecord()).ok());
  const Session stored = Stored(session_.id);
  ASSERT_TRUE(stored.treatment_record.has_value());
  std::vector<std::pair<std::string, bool>> answers;
  for (const ChecklistAnswer& answer : stored.treatment_record->day_of_answers) {
    answers.emplace_back(answer.question, answer.yes);
  }
  std::vector<std::pair<std::string, bool>> expected;
  for (const ChecklistAnswer& answer : AllClearAnswers()) {
    expected.emplace_back(answer.question, answer.yes);
  }
  EXPECT_EQ(answers, expected);
  EXPECT_EQ(answers.size(), 4u);
}

TEST(CombineRefusals, OneRefusalStaysAsItIsAndAnErrorComesFirst) {
  const absl::Status flagged = WithReason(
      absl::FailedPreconditionError("flagged"), reasons::kSessionFlagged);
  EXPECT_EQ(CombineRefusals({absl::OkStatus(), flagged}), flagged);
  EXPECT_TRUE(CombineRefusals({absl::OkStatus()}).ok());
  const absl::Status storage = absl::UnavailableError("disk");
  EXPECT_EQ(CombineRefusals({flagged, storage, flagged}), storage);
}

}  // namespace
}  // namespace mesoclinic::scheduling
