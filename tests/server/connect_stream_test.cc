// WatchSchedule as a Connect server stream over HTTP/1.1: enveloped JSON
// messages (the day's sessions, then each change), the end-of-stream
// message carrying the error, keep-alives on a quiet stream, and a
// watcher's place given back when its client goes away.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/server/connect_protocol.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using Change = v1::WatchScheduleResponse;

// The request body of WatchSchedule for `day`, enveloped.
std::string WatchBody(absl::CivilDay day) {
  v1::WatchScheduleRequest request;
  *request.mutable_day() = DateToProto(day);
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
  return connect::Envelope(0, json);
}

HttpExchange WatchExchange(int port, const std::string& api_key,
                           absl::CivilDay day) {
  HttpExchange exchange;
  exchange.url = absl::StrCat("http://127.0.0.1:", port,
                              "/clinic.v1.SchedulingService/WatchSchedule");
  exchange.headers = {"Content-Type: application/connect+json",
                      absl::StrCat("Authorization: Bearer ", api_key)};
  exchange.body = WatchBody(day);
  exchange.timeout = absl::Seconds(30);
  return exchange;
}

// The stream's data messages so far, decoded.
std::vector<Change> Changes(const std::string& body) {
  std::vector<Change> changes;
  for (const Enveloped& message : SplitEnvelopes(body)) {
    if (message.flags != 0) continue;
    Change change;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(message.bytes, &change).ok())
        << message.bytes;
    changes.push_back(change);
  }
  return changes;
}

bool HasChange(const std::string& body, const std::string& session,
               Change::Change kind) {
  for (const Change& change : Changes(body)) {
    if (change.session().name() == session && change.change() == kind) {
      return true;
    }
  }
  return false;
}

class ConnectStreamTest : public SchedulingTest {};

TEST_F(ConnectStreamTest, SendsTheDaysSessionsThenEachChangeAsItCommits) {
  const Cast cast = NewCast();
  const absl::CivilDay day = Monday(3);
  const v1::Session existing = BookOk(cast, At(day, 9));
  HttpStream watch(WatchExchange(server().server().http_port(),
                                 server().api_key(staff::Role::kFrontDesk),
                                 day));
  ASSERT_TRUE(watch.WaitFor(
      [&](const std::string& body) {
        return HasChange(body, existing.name(), Change::CHANGE_EXISTING);
      },
      absl::Seconds(10)))
      << watch.body();

  const v1::Session booked = BookOk(WithNewPatient(cast), At(day, 11));
  EXPECT_TRUE(watch.WaitFor(
      [&](const std::string& body) {
        return HasChange(body, booked.name(), Change::CHANGE_BOOKED);
      },
      absl::Seconds(10)))
      << watch.body();
  ASSERT_TRUE(Cancel(booked.name()).ok());
  EXPECT_TRUE(watch.WaitFor(
      [&](const std::string& body) {
        return HasChange(body, booked.name(), Change::CHANGE_UPDATED);
      },
      absl::Seconds(10)))
      << watch.body();
  EXPECT_EQ(watch.status(), 0) << "the stream is still open";
}

TEST_F(ConnectStreamTest, ARefusedWatchEndsWithTheErrorInTheEndOfStreamMessage) {
  // Admins run the clinic but do not watch its schedule.
  HttpStream watch(WatchExchange(server().server().http_port(),
                                 server().api_key(staff::Role::kAdmin),
                                 Monday()));
  ASSERT_TRUE(watch.WaitForEnd(absl::Seconds(10)));
  EXPECT_EQ(watch.status(), 200);
  const std::vector<Enveloped> messages = SplitEnvelopes(watch.body());
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].flags, connect::kEnvelopeEndStream);
  EXPECT_TRUE(absl::StrContains(messages[0].bytes,
                                "\"code\":\"permission_denied\""))
      << messages[0].bytes;
}

TEST_F(ConnectStreamTest, AStreamEndsDeadlineExceededAtItsConnectTimeout) {
  HttpExchange exchange =
      WatchExchange(server().server().http_port(),
                    server().api_key(staff::Role::kFrontDesk), Monday(5));
  exchange.headers.push_back("Connect-Timeout-Ms: 1500");
  HttpStream watch(exchange);
  ASSERT_TRUE(watch.WaitForEnd(absl::Seconds(10)));
  const std::vector<Enveloped> messages = SplitEnvelopes(watch.body());
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages.back().flags, connect::kEnvelopeEndStream);
  EXPECT_TRUE(absl::StrContains(messages.back().bytes, "deadline_exceeded"))
      << messages.back().bytes;
}

// A server of its own, with one watcher place and a one-second keep-alive.
class ConnectStreamKeepAliveTest : public ::testing::Test {
 protected:
  TestServer server_{[](ServerOptions& options) {
    options.max_schedule_watchers = 1;
    options.http_stream_keep_alive = absl::Seconds(1);
  }};
};

TEST_F(ConnectStreamKeepAliveTest, AQuietStreamSendsKeepAlives) {
  HttpStream watch(WatchExchange(server_.server().http_port(),
                                 server_.api_key(staff::Role::kFrontDesk),
                                 absl::CivilDay(2031, 1, 6)));
  EXPECT_TRUE(watch.WaitFor(
      [](const std::string& body) {
        int keep_alives = 0;
        for (const Change& change : Changes(body)) {
          if (change.change() == Change::CHANGE_KEEP_ALIVE &&
              !change.has_session()) {
            ++keep_alives;
          }
        }
        return keep_alives >= 2;
      },
      absl::Seconds(10)))
      << watch.body();
}

TEST_F(ConnectStreamKeepAliveTest, AWatcherThatGoesAwayGivesBackItsPlace) {
  const absl::CivilDay day(2031, 1, 6);
  const int port = server_.server().http_port();
  const std::string key = server_.api_key(staff::Role::kFrontDesk);
  {
    HttpStream first(WatchExchange(port, key, day));
    ASSERT_TRUE(first.WaitFor(
        [](const std::string& body) { return !Changes(body).empty(); },
        absl::Seconds(10)));
    // The only place is taken: a second watcher is refused.
    HttpStream refused(WatchExchange(port, key, day));
    ASSERT_TRUE(refused.WaitForEnd(absl::Seconds(10)));
    EXPECT_TRUE(absl::StrContains(refused.body(), "resource_exhausted"))
        << refused.body();
  }  // The first client disconnects without a word.
  // Its place comes back once a keep-alive finds the connection gone.
  bool admitted = false;
  for (int attempt = 0; attempt < 20 && !admitted; ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Milliseconds(500));
    HttpStream again(WatchExchange(port, key, day));
    admitted = again.WaitFor(
        [](const std::string& body) { return !Changes(body).empty(); },
        absl::Seconds(3));
  }
  EXPECT_TRUE(admitted);
}

}  // namespace
}  // namespace mesoclinic::testing
