// ScheduleEvents: who hears a published change, and how many may listen.

#include "core/scheduling/schedule_events.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::scheduling {
namespace {

using Change = clinic::v1::WatchScheduleResponse;
using ::testing::HasSubstr;

Change Booked(const std::string& session) {
  Change change;
  change.set_change(Change::CHANGE_BOOKED);
  change.mutable_session()->set_name(session);
  return change;
}

TEST(ScheduleEventsTest, AChangeReachesTheWatchersOfItsDaysOnly) {
  ScheduleEvents events;
  const absl::CivilDay monday(2026, 12, 7);
  std::vector<std::string> heard_monday, heard_tuesday;
  auto on_monday = events.Subscribe(monday, [&](const Change& change) {
    heard_monday.push_back(change.session().name());
  });
  auto on_tuesday = events.Subscribe(monday + 1, [&](const Change& change) {
    heard_tuesday.push_back(change.session().name());
  });
  ASSERT_TRUE(on_monday.ok() && on_tuesday.ok());

  events.Publish(Booked("sessions/a"), {monday});
  // A move from Monday to Tuesday concerns both days.
  events.Publish(Booked("sessions/b"), {monday, monday + 1});
  on_monday->reset();
  events.Publish(Booked("sessions/c"), {monday});

  EXPECT_EQ(heard_monday,
            (std::vector<std::string>{"sessions/a", "sessions/b"}));
  EXPECT_EQ(heard_tuesday, std::vector<std::string>{"sessions/b"});
}

TEST(ScheduleEventsTest, WatchersPastTheLimitAreRefusedUntilOneLeaves) {
  ScheduleEvents events(/*max_watchers=*/2);
  const absl::CivilDay day(2026, 12, 7);
  const auto ignore = [](const Change&) {};
  auto first = events.Subscribe(day, ignore);
  auto second = events.Subscribe(day + 3, ignore);
  ASSERT_TRUE(first.ok() && second.ok());

  auto third = events.Subscribe(day, ignore);
  ASSERT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(), HasSubstr("2 schedules"));
  EXPECT_THAT(third.status().message(), HasSubstr("--max_schedule_watchers"));

  first->reset();
  EXPECT_TRUE(events.Subscribe(day, ignore).ok());
}

TEST(ScheduleEventsTest, ZeroMeansNoLimit) {
  ScheduleEvents events(/*max_watchers=*/0);
  std::vector<std::unique_ptr<ScheduleEvents::Subscription>> watchers;
  for (int i = 0; i < 1000; ++i) {
    auto watcher = events.Subscribe(absl::CivilDay(2026, 12, 7),
                                    [](const Change&) {});
    ASSERT_TRUE(watcher.ok()) << i;
    watchers.push_back(*std::move(watcher));
  }
}

}  // namespace
}  // namespace mesoclinic::scheduling
