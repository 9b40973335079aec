// SessionChanges: the one way a session is written, and what it hands to
// the sink for the schedule's watchers: the kind of change and the clinic's
// local days it concerns.

#include <string>

#include "absl/status/status.h"
#include "core/base/resource_name.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr auto kBooked = SessionChange::Kind::kBooked;
constexpr auto kUpdated = SessionChange::Kind::kUpdated;

class SessionChangesTest : public SchedulerTest {
 protected:
  // A new session of cast_'s from `start`, not stored yet.
  Session NewSessionAt(absl::Time start) const {
    Session session;
    session.id = NewResourceId();
    session.patient_id = cast_.patient;
    session.treatment_type = "cellulite";
    session.practitioner_id = cast_.practitioner;
    session.room_id = cast_.room;
    session.time = {start, start + absl::Minutes(15)};
    session.create_time = now_;
    session.update_time = now_;
    return session;
  }

  // `change` made through SessionChanges, on a sink of its own: what the
  // sink was handed, whether or not the transaction commits.
  std::vector<SessionChange> Handed(
      const std::function<absl::Status(SessionChanges&)>& change,
      absl::Status& status) {
    RecordingSink sink;
    status = Decide([&](DecisionContext& context) {
      SessionChanges changes(context.transaction.scheduling(), sink);
      return change(changes);
    });
    return sink.changes;
  }

  absl::Status Book(const Session& session) {
    return Decide([&](DecisionContext& context) {
      return context.changes.Book(session);
    });
  }
  absl::Status Update(const Session& session,
                      std::optional<absl::Time> previous_start) {
    return Decide([&](DecisionContext& context) {
      return context.changes.Update(session, previous_start);
    });
  }
};

TEST_F(SessionChangesTest, BookStoresTheSessionAndAnnouncesItsLocalDay) {
  // 00:30 in Paris on Tuesday is still Monday in UTC.
  const Session session = NewSessionAt(At(Monday() + 1, 0, 30));
  ASSERT_TRUE(Book(session).ok());
  EXPECT_EQ(Describe(Stored(session.id)), Describe(session));
  EXPECT_THAT(announced(), ElementsAre(IsChange(kBooked, session.id,
                                                Monday() + 1,
                                                Monday() + 1)));
}

TEST_F(SessionChangesTest, UpdateAfterAMoveAnnouncesTheDayItLeft) {
  Session session = NewSessionAt(At(Monday(), 10));
  ASSERT_TRUE(Book(session).ok());
  const absl::Time previous_start = session.time.start;
  session.time = {At(Monday() + 2, 11), At(Monday() + 2, 11, 15)};
  ASSERT_TRUE(Update(session, previous_start).ok());
  EXPECT_EQ(Describe(Stored(session.id)), Describe(session));
  EXPECT_THAT(announced(),
              ElementsAre(IsChange(kBooked, session.id, Monday(), Monday()),
                          IsChange(kUpdated, session.id, Monday() + 2,
                                   Monday())));
}

TEST_F(SessionChangesTest, UpdateInPlaceAnnouncesOneDay) {
  Session session = NewSessionAt(At(Monday(), 10));
  ASSERT_TRUE(Book(session).ok());
  session.state = SessionState::kCancelled;
  session.cancel_reason = "patient asked";
  ASSERT_TRUE(Update(session, std::nullopt).ok());
  EXPECT_EQ(Describe(Stored(session.id)), Describe(session));
  EXPECT_THAT(announced(),
              ElementsAre(IsChange(kBooked, session.id, Monday(), Monday()),
                          IsChange(kUpdated, session.id, Monday(),
                                   Monday())));
}

TEST_F(SessionChangesTest, AWriteThatFailsHandsNothingToTheSink) {
  const Session session = NewSessionAt(At(Monday(), 10));
  ASSERT_TRUE(Book(session).ok());
  absl::Status status;
  // The same id again; then a session that was never stored.
  EXPECT_THAT(Handed([&](SessionChanges& changes) {
                return changes.Book(session);
              }, status),
              IsEmpty());
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(Handed([&](SessionChanges& changes) {
                return changes.Update(NewSessionAt(At(Monday(), 11)));
              }, status),
              IsEmpty());
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace mesoclinic::scheduling
