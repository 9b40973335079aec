// Keepalive: a WatchSchedule client whose connection goes silent, without
// closing, loses its stream within keepalive time + timeout, and its
// watcher place goes to the next client.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/common/authenticated_channel.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;

// A TCP proxy on the loopback interface that forwards bytes both ways until
// Freeze(), then neither reads nor writes but keeps every socket open: a
// client whose machine went to sleep or whose network was cut.
class FreezableProxy {
 public:
  explicit FreezableProxy(int target_port) : target_port_(target_port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = Loopback(0);
    socklen_t size = sizeof(address);
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        listen(listener_, 8) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address),
                    &size) != 0) {
      ADD_FAILURE() << "the proxy cannot listen";
    }
    port_ = ntohs(address.sin_port);
    threads_.emplace_back([this] { AcceptLoop(); });
  }

  ~FreezableProxy() {
    stopping_ = true;
    for (std::thread& thread : threads_) thread.join();
    close(listener_);
    absl::MutexLock lock(&mutex_);
    for (int fd : sockets_) close(fd);
  }

  int port() const { return port_; }
  void Freeze() { frozen_ = true; }

 private:
  static sockaddr_in Loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }

  // Whether `fd` has something to read within 20 ms.
  static bool Readable(int fd) {
    pollfd waiting{fd, POLLIN, 0};
    return poll(&waiting, 1, 20) > 0;
  }

  void AcceptLoop() {
    while (!stopping_) {
      if (!Readable(listener_)) continue;
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) continue;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      const sockaddr_in target = Loopback(target_port_);
      if (::connect(server, reinterpret_cast<const sockaddr*>(&target),
                  sizeof(target)) != 0) {
        ADD_FAILURE() << "the proxy cannot reach the server";
      }
      {
        absl::MutexLock lock(&mutex_);
        sockets_.push_back(client);
        sockets_.push_back(server);
      }
      // Joined in the destructor, after this loop has ended.
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
      pumps_.emplace_back([this, client, server] { Pump(server, client); });
    }
    for (std::thread& pump : pumps_) pump.join();
  }

  void Pump(int from, int to) {
    char buffer[16384];
    while (!stopping_) {
      if (frozen_) {
        absl::SleepFor(absl::Milliseconds(20));
        continue;
      }
      if (!Readable(from)) continue;
      const ssize_t got = read(from, buffer, sizeof(buffer));
      if (got <= 0) return;
      for (ssize_t sent = 0; sent < got;) {
        const ssize_t wrote = write(to, buffer + sent, got - sent);
        if (wrote <= 0) return;
        sent += wrote;
      }
    }
  }

  const int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> frozen_{false};
  std::atomic<bool> stopping_{false};
  absl::Mutex mutex_;
  std::vector<int> sockets_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> pumps_;  // Only AcceptLoop touches it.
  std::vector<std::thread> threads_;
};

constexpr char kWatchSchedule[] = "/clinic.v1.SchedulingService/WatchSchedule";

v1::WatchScheduleRequest QuietDay() {
  v1::WatchScheduleRequest request;
  request.mutable_day()->set_year(2031);
  request.mutable_day()->set_month(3);
  request.mutable_day()->set_day(4);
  return request;
}

// How many WatchSchedule streams `role`'s key opened (admitted or not).
int AuditedWatches(TestServer& server, staff::Role role) {
  v1::ListAuditEventsRequest request;
  request.set_method(kWatchSchedule);
  request.set_staff_member(absl::StrCat("staff/", server.staff_id(role)));
  request.set_page_size(100);
  v1::ListAuditEventsResponse response;
  const grpc::Status status =
      v1::AuditService::NewStub(server.channel(staff::Role::kAdmin))
          ->ListAuditEvents(ContextWithDeadline().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.audit_events_size();
}

// Opens a WatchSchedule stream for `wait` and says how it ended: refused at
// once (RESOURCE_EXHAUSTED) or admitted and left open (DEADLINE_EXCEEDED).
grpc::StatusCode Probe(TestServer& server, absl::Duration wait) {
  auto stub = v1::SchedulingService::NewStub(
      server.channel(staff::Role::kFrontDesk));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + wait));
  auto reader = stub->WatchSchedule(&context, QuietDay());
  v1::WatchScheduleResponse ignored;
  while (reader->Read(&ignored)) {
  }
  return reader->Finish().error_code();
}

TEST(KeepaliveTest, ASilentClientGivesItsWatcherPlaceBack) {
  constexpr absl::Duration kTime = absl::Seconds(1);
  constexpr absl::Duration kTimeout = absl::Seconds(1);
  TestServer server([&](ServerOptions& options) {
    options.max_schedule_watchers = 1;
    options.keepalive_time = kTime;
    options.keepalive_timeout = kTimeout;
  });
  FreezableProxy proxy(server.server().port());
  auto silent = v1::SchedulingService::NewStub(
      clients::CreateAuthenticatedChannel(
          absl::StrCat("127.0.0.1:", proxy.port()),
          grpc::InsecureChannelCredentials(),
          server.api_key(staff::Role::kPractitioner)));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  auto reader = silent->WatchSchedule(&context, QuietDay());
  // Its place is taken before its audit record is written.
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (AuditedWatches(server, staff::Role::kPractitioner) == 0) {
    ASSERT_LT(absl::Now(), give_up) << "the stream was never admitted";
    absl::SleepFor(absl::Milliseconds(20));
  }
  // Several keepalive periods pass on a quiet stream: pings are answered,
  // the stream stays, and the place stays taken.
  absl::SleepFor(3 * (kTime + kTimeout));
  EXPECT_EQ(Probe(server, absl::Milliseconds(200)),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  proxy.Freeze();
  const absl::Time frozen = absl::Now();
  grpc::StatusCode outcome = grpc::StatusCode::RESOURCE_EXHAUSTED;
  while (outcome == grpc::StatusCode::RESOURCE_EXHAUSTED &&
         absl::Now() - frozen < 4 * (kTime + kTimeout)) {
    absl::SleepFor(absl::Milliseconds(100));
    outcome = Probe(server, absl::Milliseconds(300));
  }
  EXPECT_EQ(outcome, grpc::StatusCode::DEADLINE_EXCEEDED)
      << "the silent client still holds its place "
      << absl::FormatDuration(absl::Now() - frozen) << " after it froze";

  context.TryCancel();
  v1::WatchScheduleResponse ignored;
  while (reader->Read(&ignored)) {
  }
  reader->Finish();
}

}  // namespace
}  // namespace mesoclinic::testing
