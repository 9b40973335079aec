#ifndef MESOCLINIC_TESTS_SCHEDULING_SCHEDULER_FIXTURE_H_
#define MESOCLINIC_TESTS_SCHEDULING_SCHEDULER_FIXTURE_H_

// The scheduling decisions as plain C++, without gRPC: a real SQLite store
// in a temporary folder, the real treatment plugins of this build, and a
// clinic seeded through the repositories (Europe/Paris, Monday to Friday
// 09:00-18:00, 15-minute slots, two practitioners, two rooms and two
// patients who consented to cellulite). Each decision runs in one write
// transaction, as a handler runs it, at a `now_` the test chooses, so that
// no test depends on the day it runs. The changes a decision hands to its
// SessionChangeSink count as announced only once its transaction commits,
// as CallRunner announces them.

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/base/error_details.h"
#include "core/patients/patient.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/course_booker.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session_booker.h"
#include "core/scheduling/session_changes.h"
#include "core/scheduling/session_mover.h"
#include "core/scheduling/session_steps.h"
#include "core/scheduling/slot_finder.h"
#include "core/staff/staff_member.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::scheduling {

// A refusal with `code` and the reason code `reason`.
MATCHER_P2(IsRefusal, code, reason,
           absl::StrCat("is a refusal with code ",
                        absl::StatusCodeToString(code), " and reason ",
                        reason)) {
  *result_listener << "reason \"" << ErrorReason(arg) << "\"";
  return arg.code() == code && ErrorReason(arg) == reason;
}

// A SessionChange of `kind` for session `id` on local `day`, that was on
// `previous_day` before.
MATCHER_P4(IsChange, kind, id, day, previous_day, "") {
  return arg.kind == kind && arg.session.id == id && arg.day == day &&
         arg.previous_day == previous_day;
}

// A SessionChangeSink that keeps what it is handed.
class RecordingSink final : public SessionChangeSink {
 public:
  void AnnounceAfterCommit(SessionChange change) override {
    changes.push_back(std::move(change));
  }
  std::vector<SessionChange> changes;
};

// Who a booking is for, and where.
struct Cast {
  std::string patient;
  std::string practitioner;
  std::string room;
};

// One line per session for messages and store snapshots: every field a
// decision writes.
std::string Describe(const Session& session);
void PrintTo(const Session& session, std::ostream* os);
void PrintTo(const SessionChange& change, std::ostream* os);

inline const absl::Status& StatusOf(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

class SchedulerTest : public ::testing::Test {
 public:
  // The clinic's zone.
  static absl::TimeZone Paris();
  // An answer to every question of cellulite's day-of checklist, none of
  // them one that stops the session.
  static std::vector<ChecklistAnswer> AllClearAnswers();
  // A record the cellulite protocol accepts: caffeine on the thighs, a
  // circumference, the checklist answered all clear.
  static TreatmentRecord ValidRecord();

 protected:
  void SetUp() override;

  // 2030-01-14 plus `weeks` weeks: a Monday the week after the default
  // `now_`.
  static absl::CivilDay Monday(int weeks = 0);
  // Local `day` at hh:mm in Paris.
  static absl::Time At(absl::CivilDay day, int hour, int minute = 0);

  // The plugins of this build, loaded once for the whole binary.
  static const plugin_host::PluginRegistry& Plugins();
  static const plugin_host::LoadedPlugin& Cellulite();

  // Seeding, each in a transaction of its own that must commit.
  void Seed(absl::FunctionRef<absl::Status(storage::Transaction&)> write);
  std::string AddPractitioner(
      const std::function<void(staff::StaffMember&)>& adjust = nullptr);
  std::string AddRoom(bool active = true);
  // A patient of 44 with a BMI of 22, not pregnant, on no medication, every
  // fact group confirmed at `now_` (screened), then `adjust`ed; without a
  // consent.
  std::string AddPatient(
      const std::function<void(patients::Patient&)>& adjust = nullptr);
  // Every fact group of `patient` confirmed again at `now_`, as a
  // practitioner does on the day before treating.
  void ConfirmFacts(const std::string& patient);

  // The patient's active consent to cellulite's current document.
  void AddConsent(const std::string& patient);
  std::string AddClosure(absl::Time start, absl::Time end,
                         ClosureScope scope = ClosureScope::kClinic,
                         const std::string& scope_id = "");
  // A course of cellulite for cast_'s patient, without sessions.
  std::string AddCourse(CourseState state = CourseState::kActive);

  // Runs `decide` with a DecisionContext in one write transaction, rolled
  // back when `decide` fails, and returns what it returned. What it
  // announced is added to announced() once the transaction commits.
  template <typename Fn>
  auto Decide(Fn decide);

  // Runs `decide`, which must be refused without writing or announcing
  // anything, and returns the refusal.
  template <typename Fn>
  absl::Status Refusal(Fn decide);

  // A booking of cellulite for `who` at `start`, in `course_id` if given.
  SessionBooking Booking(absl::Time start, const Cast& who,
                         const std::string& course_id = "") const;
  absl::StatusOr<Session> Book(const SessionBooking& booking);
  absl::StatusOr<Session> Book(absl::Time start) {
    return Book(Booking(start, cast_));
  }
  // Books for cast_ and fails the test unless it succeeded.
  Session BookOk(absl::Time start, const std::string& course_id = "");

  // A course of cellulite for cast_ of `session_count` sessions.
  CourseOrder Order(absl::Time first_session, int session_count) const;
  absl::StatusOr<BookedCourse> BookCourse(const CourseOrder& order);

  absl::StatusOr<MovedSessions> Move(const std::string& session_id,
                                     const SessionMove& move);
  // `step` on the session `session_id` as stored.
  absl::StatusOr<Session> Step(
      const std::string& session_id,
      const std::function<absl::StatusOr<Session>(SessionSteps&, Session)>&
          step);

  absl::StatusOr<std::vector<AvailableSlot>> FindSlots(
      const SlotSearch& search);

  // What is stored.
  Session Stored(const std::string& session_id);
  std::vector<Session> StoredSessions();
  std::vector<adverse_events::FollowUpTask> StoredTasks();
  // Every session, course and follow-up task, one line each: what a
  // refused decision must leave as it was.
  std::string Snapshot();

  const std::vector<SessionChange>& announced() const { return announced_; }

  // A consented patient, a practitioner and a room; and another of each.
  Cast cast_;
  Cast other_;
  // Who decides, and when: a Monday at 08:00, a week before Monday().
  std::string staff_id_;
  staff::Role role_ = staff::Role::kFrontDesk;
  absl::Time now_ = At(Monday() - 7, 8);

 private:
  mesoclinic::testing::TempDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
  std::vector<std::string> patients_;
  std::vector<SessionChange> announced_;
};

template <typename Fn>
auto SchedulerTest::Decide(Fn decide) {
  using Result = std::invoke_result_t<Fn&, DecisionContext&>;
  std::optional<Result> result;
  RecordingSink sink;
  const absl::Status committed =
      store_->WriteAndWait([&](storage::Transaction& transaction) {
        SessionChanges changes(transaction.scheduling(), sink);
        DecisionContext context{transaction, Plugins(), changes,
                                staff_id_,   role_,     now_};
        result.emplace(decide(context));
        return StatusOf(*result);
      });
  // A write the store refused or could not commit.
  if (!committed.ok() && (!result.has_value() || StatusOf(*result).ok())) {
    return Result(committed);
  }
  if (committed.ok()) {
    announced_.insert(announced_.end(), sink.changes.begin(),
                      sink.changes.end());
  }
  return *std::move(result);
}

template <typename Fn>
absl::Status SchedulerTest::Refusal(Fn decide) {
  const std::string before = Snapshot();
  const std::size_t announced_before = announced_.size();
  const absl::Status status = StatusOf(decide());
  EXPECT_FALSE(status.ok()) << "the decision was not refused";
  EXPECT_EQ(Snapshot(), before) << "a refused decision changed the store";
  EXPECT_EQ(announced_.size(), announced_before)
      << "a refused decision announced a change";
  return status;
}

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_TESTS_SCHEDULING_SCHEDULER_FIXTURE_H_
