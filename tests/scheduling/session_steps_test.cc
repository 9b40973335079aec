// SessionSteps: what each step of a session's day asks of its state and
// of the clock, and what completion asks of the treatment record.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Pair;

constexpr auto kFailedPrecondition = absl::StatusCode::kFailedPrecondition;

// Each step as a function of the session it is taken on.
absl::StatusOr<Session> CancelStep(SessionSteps& steps, Session session) {
  return steps.Cancel(std::move(session), "patient asked");
}
absl::StatusOr<Session> CheckInStep(SessionSteps& steps, Session session) {
  return steps.CheckIn(std::move(session));
}
absl::StatusOr<Session> NoShowStep(SessionSteps& steps, Session session) {
  return steps.MarkNoShow(std::move(session));
}

class SessionStepsTest : public SchedulerTest {
 protected:
  void SetUp() override {
    SchedulerTest::SetUp();
    if (HasFatalFailure()) return;
    session_ = BookOk(At(Monday(), 10));
  }

  // `step` on session_, refused with `reason`.
  absl::Status Refused(
      const std::function<absl::StatusOr<Session>(SessionSteps&, Session)>&
          step,
      absl::StatusCode code, absl::string_view reason) {
    const absl::Status status =
        Refusal([&] { return Step(session_.id, step); });
    EXPECT_THAT(status, IsRefusal(code, reason));
    return status;
  }

  // session_ checked in, on its day, and the patient's facts confirmed
  // then, as the practitioner does before treating.
  void CheckIn() {
    now_ = At(Monday(), 9, 50);
    ASSERT_TRUE(Step(session_.id, CheckInStep).ok());
    ConfirmFacts(cast_.patient);
  }

  absl::StatusOr<Session> Complete(TreatmentRecord record) {
    return Step(session_.id, [&](SessionSteps& steps, Session session) {
      return steps.Complete(std::move(session), record);
    });
  }

  // Completion with `record` refused as invalid, naming `fields`.
  void ExpectRecordRefused(const TreatmentRecord& record,
                           const std::vector<std::string>& fields) {
    const absl::Status status = Refusal([&] { return Complete(record); });
    EXPECT_THAT(status, IsRefusal(absl::StatusCode::kInvalidArgument,
                                  reasons::kTreatmentRecordInvalid));
    std::vector<std::string> named;
    for (const FieldViolation& violation : FieldViolationsOf(status)) {
      named.push_back(violation.field);
    }
    EXPECT_EQ(named, fields);
  }

  Session session_;
};

TEST_F(SessionStepsTest, CancelNeedsAReason) {
  const absl::Status status = Refused(
      [](SessionSteps& steps, Session session) {
        return steps.Cancel(std::move(session), "");
      },
      absl::StatusCode::kInvalidArgument, reasons::kInvalidField);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Field(&FieldViolation::field, "reason")));
}

TEST_F(SessionStepsTest, CancelRecordsWhyAndWhoAndFreesTheSlot) {
  const std::size_t before = announced().size();
  const absl::StatusOr<Session> cancelled = Step(session_.id, CancelStep);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state, SessionState::kCancelled);
  EXPECT_EQ(cancelled->cancel_reason, "patient asked");
  EXPECT_EQ(cancelled->cancelled_by, staff_id_);
  EXPECT_EQ(cancelled->update_time, now_);
  EXPECT_EQ(Describe(Stored(session_.id)), Describe(*cancelled));
  EXPECT_THAT(std::vector(announced().begin() + before, announced().end()),
              ElementsAre(IsChange(SessionChange::Kind::kUpdated, session_.id,
                                   Monday(), Monday())));
  EXPECT_TRUE(Book(At(Monday(), 10)).ok());
}

TEST_F(SessionStepsTest, CancelOnlyFromAStateThatAllowsIt) {
  ASSERT_TRUE(Step(session_.id, CancelStep).ok());
  const absl::Status status = Refused(CancelStep, kFailedPrecondition,
                                      reasons::kSessionStateConflict);
  EXPECT_THAT(ErrorMetadata(status), Contains(Pair("state", "cancelled")));
}

TEST_F(SessionStepsTest, CheckInOnlyOnTheSessionsDay) {
  // now_ is a week before.
  const absl::Status status =
      Refused(CheckInStep, kFailedPrecondition, reasons::kNotSessionDay);
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("session", "sessions/" + session_.id)));
  now_ = At(Monday() - 1, 23, 30);
  EXPECT_FALSE(
      Refused(CheckInStep, kFailedPrecondition, reasons::kNotSessionDay).ok());

  // The clinic's day: 00:30 in Paris is still the day before in UTC.
  now_ = At(Monday(), 0, 30);
  const absl::StatusOr<Session> checked_in = Step(session_.id, CheckInStep);
  ASSERT_TRUE(checked_in.ok()) << checked_in.status();
  EXPECT_EQ(checked_in->state, SessionState::kCheckedIn);
  EXPECT_EQ(checked_in->check_in_time, now_);
}

TEST_F(SessionStepsTest, NoShowOnlyOnceTheSessionHasStarted) {
  now_ = At(Monday(), 9, 59);
  const absl::Status status =
      Refused(NoShowStep, kFailedPrecondition, reasons::kSessionNotStarted);
  EXPECT_THAT(ErrorMetadata(status),
              ElementsAre(Pair("session", "sessions/" + session_.id)));
  now_ = At(Monday(), 10);
  const absl::StatusOr<Session> no_show = Step(session_.id, NoShowStep);
  ASSERT_TRUE(no_show.ok()) << no_show.status();
  EXPECT_EQ(no_show->state, SessionState::kNoShow);
}

TEST_F(SessionStepsTest, CompletionNeedsACheckIn) {
  const absl::Status status =
      Refusal([&] { return Complete(ValidRecord()); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kSessionStateConflict));
}

TEST_F(SessionStepsTest, TreatmentRecordInvalidNamesEveryShapeViolation) {
  CheckIn();
  TreatmentRecord record = ValidRecord();
  record.products[0].lot_number.clear();
  record.products[0].injection_points = -1;
  record.areas.clear();
  ExpectRecordRefused(record,
                      {"treatment_record.areas",
                       "treatment_record.products[0].lot_number",
                       "treatment_record.products[0].injection_points"});
}

TEST_F(SessionStepsTest, TreatmentRecordInvalidNamesEveryProtocolViolation) {
  CheckIn();
  TreatmentRecord record = ValidRecord();
  record.products[0].depth_mm = 6;    // 1 to 4 mm.
  record.products[0].volume_ml = 5;   // At most 4 ml of caffeine.
  record.outcomes[0].value = 10;      // 20 to 250 cm.
  ExpectRecordRefused(record, {"treatment_record.products[0].depth_mm",
                               "treatment_record.products[0].volume_ml",
                               "treatment_record.outcomes[0].value"});
}

TEST_F(SessionStepsTest, CompletionKeepsTheRecordAndCreatesFollowUpTasks) {
  CheckIn();
  now_ = At(Monday(), 10, 20);
  const absl::StatusOr<Session> completed = Complete(ValidRecord());
  ASSERT_TRUE(completed.ok()) << completed.status();
  EXPECT_EQ(completed->state, SessionState::kCompleted);
  ASSERT_TRUE(completed->treatment_record.has_value());
  EXPECT_EQ(completed->treatment_record->recorded_by, staff_id_);
  EXPECT_EQ(completed->treatment_record->record_time, now_);
  EXPECT_EQ(Describe(Stored(session_.id)), Describe(*completed));

  // The protocol's checks, each due its offset after the session started.
  const std::vector<adverse_events::FollowUpTask> tasks = StoredTasks();
  std::vector<std::pair<std::string, absl::Time>> due;
  for (const adverse_events::FollowUpTask& task : tasks) {
    EXPECT_EQ(task.session_id, session_.id);
    EXPECT_EQ(task.patient_id, cast_.patient);
    EXPECT_EQ(task.practitioner_id, cast_.practitioner);
    due.emplace_back(task.code, task.due_time);
  }
  const absl::Time start = session_.time.start;
  EXPECT_THAT(due, ElementsAre(Pair("day_2", start + absl::Hours(24 * 2)),
                               Pair("week_2", start + absl::Hours(24 * 14)),
                               Pair("week_6", start + absl::Hours(24 * 42)),
                               Pair("week_12", start + absl::Hours(24 * 84))));
}

}  // namespace
}  // namespace mesoclinic::scheduling
