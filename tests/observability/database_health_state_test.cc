// DatabaseHealth on its own: how commits turn it, what its watcher hears,
// and when it probes.

#include "core/observability/database_health.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::testing {
namespace {

using observability::DatabaseHealth;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(DatabaseHealthStateTest, FailedCommitTurnsNotServingAndACommitBack) {
  DatabaseHealth health;
  std::vector<bool> heard;
  health.Watch([&](bool serving) { heard.push_back(serving); });
  EXPECT_TRUE(health.serving());
  EXPECT_EQ(health.reason(), "");

  health.OnCommitFailed(absl::ResourceExhaustedError("disk is full"));
  EXPECT_FALSE(health.serving());
  EXPECT_THAT(health.reason(), HasSubstr("RESOURCE_EXHAUSTED"));
  // A second failure is no change: the watcher hears it once.
  health.OnCommitFailed(absl::UnavailableError("disk I/O error"));

  health.OnBatchCommitted(1, absl::Milliseconds(1));
  EXPECT_TRUE(health.serving());
  EXPECT_EQ(health.reason(), "");
  EXPECT_THAT(heard, ElementsAre(true, false, true));
}

TEST(DatabaseHealthStateTest, WatchingStopsWithANullWatcher) {
  DatabaseHealth health;
  int heard = 0;
  health.Watch([&](bool) { ++heard; });
  health.Watch(nullptr);
  health.OnCommitFailed(absl::UnavailableError("read-only"));
  EXPECT_EQ(heard, 1);
}

// A probe that counts itself and commits as the store would.
struct FakeProbe {
  DatabaseHealth* health;
  std::atomic<int> probes{0};
  std::atomic<bool> disk_works{false};

  DatabaseHealth::Probe AsProbe() {
    return [this](absl::AnyInvocable<void(absl::Status)> done) {
      probes.fetch_add(1);
      const absl::Status status =
          disk_works ? absl::OkStatus() : absl::UnavailableError("I/O error");
      if (status.ok()) {
        health->OnBatchCommitted(1, absl::Milliseconds(1));
      } else {
        health->OnCommitFailed(status);
      }
      std::move(done)(status);
    };
  }
};

bool Eventually(const std::function<bool()>& condition) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (absl::Now() < give_up) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return false;
}

TEST(DatabaseHealthStateTest, ProbesWhileUnhealthyUntilAWriteSucceeds) {
  DatabaseHealth health({.unhealthy_probe_interval = absl::Milliseconds(10),
                         .healthy_probe_interval = absl::Hours(1)});
  FakeProbe probe{.health = &health};
  const auto probing = health.StartProbing(probe.AsProbe());
  // Healthy, and a commit (the start) is recent: no probe.
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(probe.probes.load(), 0);

  health.OnCommitFailed(absl::UnavailableError("I/O error"));
  EXPECT_TRUE(Eventually([&] { return probe.probes.load() >= 2; }));
  EXPECT_FALSE(health.serving());
  probe.disk_works = true;
  EXPECT_TRUE(Eventually([&] { return health.serving(); }));
  const int probes_when_healthy = probe.probes.load();
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(probe.probes.load(), probes_when_healthy);
}

TEST(DatabaseHealthStateTest, QuietHealthyDatabaseIsProbed) {
  DatabaseHealth health({.unhealthy_probe_interval = absl::Milliseconds(10),
                         .healthy_probe_interval = absl::Milliseconds(50)});
  FakeProbe probe{.health = &health};
  const auto probing = health.StartProbing(probe.AsProbe());
  EXPECT_TRUE(Eventually([&] { return !health.serving(); }));
  EXPECT_GE(probe.probes.load(), 1);
}

}  // namespace
}  // namespace mesoclinic::testing
