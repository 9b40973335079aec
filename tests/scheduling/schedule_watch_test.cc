// SchedulingService.WatchSchedule through a real channel: the day's
// sessions first, then every change committed to that day, and nothing from
// other days.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/schedule_watch.h"
#include "tests/scheduling/scheduling_fixture.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using Change = ScheduleWatch::Change;
constexpr absl::string_view kWatchSchedule =
    "/clinic.v1.SchedulingService/WatchSchedule";
using ::grpc::StatusCode;

class ScheduleWatchTest : public SchedulingTest {};

TEST_F(ScheduleWatchTest, StreamsTheDaysSessionsThenItsChanges) {
  const absl::CivilDay day = Monday(8);
  const Cast cast = NewCast();
  const v1::Session existing = BookOk(cast, At(day, 10));
  const Cast next_day_cast = NewCast();
  const v1::Session next_day_existing = BookOk(next_day_cast, At(day + 1, 10));

  ScheduleWatch watch(server().channel(staff::Role::kFrontDesk), day);
  Change change;
  // Once the existing session has arrived, the watch is subscribed.
  ASSERT_TRUE(watch.NextAbout(existing.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_EXISTING);
  EXPECT_EQ(change.session().state(), v1::SESSION_STATE_BOOKED);
  EXPECT_FALSE(change.session().has_treatment_record());

  ScheduleWatch other_day(server().channel(staff::Role::kPractitioner),
                          day + 1);
  ASSERT_TRUE(other_day.NextAbout(next_day_existing.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_EXISTING);

  // Booked from another channel (a practitioner's).
  const Cast booker = NewCast();
  v1::Session booked;
  ASSERT_TRUE(
      Book(booker, At(day, 11), &booked, staff::Role::kPractitioner).ok());
  ASSERT_TRUE(watch.NextAbout(booked.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_BOOKED);
  EXPECT_EQ(change.session().state(), v1::SESSION_STATE_BOOKED);
  EXPECT_EQ(change.session().patient(), booker.patient);

  ASSERT_TRUE(Cancel(booked.name(), "rain", nullptr,
                     staff::Role::kPractitioner)
                  .ok());
  ASSERT_TRUE(watch.NextAbout(booked.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_UPDATED);
  EXPECT_EQ(change.session().state(), v1::SESSION_STATE_CANCELLED);
  EXPECT_EQ(change.session().cancel_reason(), "rain");

  // A session moved to the next day is announced to both days.
  v1::RescheduleSessionRequest move;
  move.set_session(existing.name());
  *move.mutable_new_start_time() = TimestampToProto(At(day + 1, 11));
  move.set_request_id(NextRequestId());
  v1::RescheduleSessionResponse moved;
  ASSERT_TRUE(Scheduling()
                  ->RescheduleSession(ContextWithDeadline().get(), move, &moved)
                  .ok());
  ASSERT_TRUE(watch.NextAbout(existing.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_UPDATED);
  EXPECT_EQ(FromProto(change.session().start_time()), At(day + 1, 11));

  // The next day's watcher sees the move and its own day's booking, and
  // nothing of the first day's booking and cancellation.
  const Cast late = NewCast();
  const v1::Session next_day_booking = BookOk(late, At(day + 1, 15));
  ASSERT_TRUE(other_day.NextAbout(existing.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_UPDATED);
  ASSERT_TRUE(other_day.NextAbout(next_day_booking.name(), &change));
  EXPECT_EQ(change.change(), Change::CHANGE_BOOKED);
  for (const Change& skipped : other_day.skipped) {
    EXPECT_NE(skipped.session().name(), booked.name());
  }

  // Cancelling a stream ends it cleanly.
  EXPECT_EQ(watch.Stop().error_code(), StatusCode::CANCELLED);
  EXPECT_EQ(other_day.Stop().error_code(), StatusCode::CANCELLED);
}

TEST_F(ScheduleWatchTest, AdminsCannotWatchAndTheDayIsRequired) {
  ScheduleWatch admin(server().channel(staff::Role::kAdmin), Monday(8));
  Change change;
  EXPECT_FALSE(admin.NextAbout("sessions/any", &change));
  EXPECT_TRUE(admin.skipped.empty());
  EXPECT_EQ(admin.Finish().error_code(), StatusCode::PERMISSION_DENIED);

  auto stub = v1::SchedulingService::NewStub(
      server().channel(staff::Role::kFrontDesk));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  std::unique_ptr<grpc::ClientReader<Change>> reader =
      stub->WatchSchedule(&context, v1::WatchScheduleRequest());
  EXPECT_FALSE(reader->Read(&change));
  EXPECT_THAT(reader->Finish(), FailsWith(StatusCode::INVALID_ARGUMENT, "day"));
}

// The WatchSchedule records of the audit trail made with `role`'s key,
// oldest first.
std::vector<v1::AuditEvent> AuditedWatches(const TestServer& server,
                                           staff::Role role) {
  auto audit =
      v1::AuditService::NewStub(server.channel(staff::Role::kAdmin));
  v1::ListAuditEventsRequest request;
  request.set_method(std::string(kWatchSchedule));
  request.set_staff_member(absl::StrCat("staff/", server.staff_id(role)));
  request.set_page_size(100);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  v1::ListAuditEventsResponse response;
  const grpc::Status status =
      audit->ListAuditEvents(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.audit_events().begin(), response.audit_events().end()};
}

// Waits until the trail holds `count` WatchSchedule records made with
// `role`'s key and returns the outcome of the newest ("" when they never
// came). A stream's place among the watchers is taken while it is
// admitted, before its record is written: once the record is there, so is
// the watcher.
std::string NewestWatchOutcome(const TestServer& server, std::size_t count,
                               staff::Role role = staff::Role::kFrontDesk) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  std::vector<v1::AuditEvent> watches = AuditedWatches(server, role);
  while (watches.size() < count && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
    watches = AuditedWatches(server, role);
  }
  EXPECT_EQ(watches.size(), count);
  return watches.size() == count ? watches.back().outcome() : "";
}

// Past --max_schedule_watchers a stream ends RESOURCE_EXHAUSTED at once,
// and the audit trail says so; a watcher that leaves frees its place.
TEST(ScheduleWatchLimitTest, StreamPastTheLimitIsRefusedAndAuditedSo) {
  TestServer server(
      [](ServerOptions& options) { options.max_schedule_watchers = 1; });
  const absl::CivilDay day(2031, 3, 4);
  ScheduleWatch first(server.channel(staff::Role::kFrontDesk), day);
  ASSERT_EQ(NewestWatchOutcome(server, 1), "OK");

  ScheduleWatch second(server.channel(staff::Role::kFrontDesk), day);
  EXPECT_THAT(second.Finish(), FailsWith(StatusCode::RESOURCE_EXHAUSTED,
                                         "--max_schedule_watchers"));
  EXPECT_EQ(NewestWatchOutcome(server, 2), "RESOURCE_EXHAUSTED");

  EXPECT_EQ(first.Stop().error_code(), StatusCode::CANCELLED);
  // The server lets the place go when it is done with the cancelled
  // stream, just after the client hears of it: the next watcher may have
  // to try again, and is admitted within a few tries.
  for (int tries = 1;; ++tries) {
    ScheduleWatch third(server.channel(staff::Role::kFrontDesk), day);
    const std::string outcome = NewestWatchOutcome(server, 2 + tries);
    if (outcome == "OK") {
      EXPECT_EQ(third.Stop().error_code(), StatusCode::CANCELLED);
      break;
    }
    EXPECT_EQ(outcome, "RESOURCE_EXHAUSTED");
    ASSERT_LT(tries, 50) << "the cancelled watcher's place was never freed";
    absl::SleepFor(absl::Milliseconds(20));
  }
}

// Streams cancelled as soon as they are opened, one after another, each
// give their place back, whatever point of their admission the cancel
// reached: afterwards the server admits as many watchers as its limit.
// (Built with MESOCLINIC_SANITIZE, this is also the test of a stream
// cancelled while its audit record is being written.)
TEST(ScheduleWatchLimitTest, StreamsCancelledAtOnceGiveTheirPlacesBack) {
  constexpr int kLimit = 2;
  TestServer server(
      [](ServerOptions& options) { options.max_schedule_watchers = kLimit; });
  const absl::CivilDay day(2031, 3, 5);
  for (int i = 0; i < 50; ++i) {
    ScheduleWatch cancelled(server.channel(staff::Role::kPractitioner), day);
    cancelled.Stop();
  }
  std::vector<std::unique_ptr<ScheduleWatch>> admitted;
  for (std::size_t opened = 1; admitted.size() < kLimit; ++opened) {
    ASSERT_LT(opened, 100u) << "cancelled watchers kept their places";
    auto watch = std::make_unique<ScheduleWatch>(
        server.channel(staff::Role::kFrontDesk), day);
    const std::string outcome = NewestWatchOutcome(server, opened);
    if (outcome == "OK") {
      admitted.push_back(std::move(watch));
    } else {
      EXPECT_EQ(outcome, "RESOURCE_EXHAUSTED");
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  for (std::unique_ptr<ScheduleWatch>& watch : admitted) {
    EXPECT_EQ(watch->Stop().error_code(), StatusCode::CANCELLED);
  }
}

}  // namespace
}  // namespace mesoclinic::testing
