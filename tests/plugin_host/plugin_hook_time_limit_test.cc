// A hook that is slow or never returns fails its call UNAVAILABLE within the
// time limit; while it is overdue the plugin is suspended (calls fail at
// once instead of piling up), and it serves again once the hook returns.

#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "core/plugin_host/hook_runner.h"
#include "core/plugin_host/loaded_plugin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::plugin_host {
namespace {

namespace v1 = ::clinic::plugin::v1;
using ::testing::HasSubstr;

constexpr absl::Duration kLimit = absl::Milliseconds(100);

std::unique_ptr<LoadedPlugin> MustLoad() {
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
      LoadedPlugin::Load(FIXTURE_GOOD_PATH, {.time_limit = kLimit});
  EXPECT_TRUE(plugin.ok()) << plugin.status();
  return plugin.ok() ? *std::move(plugin) : nullptr;
}

v1::EligibilityRequest AgedRequest(int age) {
  v1::EligibilityRequest request;
  request.mutable_facts()->set_age_years(age);
  request.mutable_facts()->set_pregnancy_status(
      v1::PREGNANCY_STATUS_NOT_PREGNANT);
  return request;
}

TEST(PluginHookNeverReturns, CallFailsUnavailableWithinTheLimit) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad();
  ASSERT_NE(plugin, nullptr);
  const absl::Time start = absl::Now();
  auto hung = plugin->CheckEligibility(AgedRequest(96));
  // Generous: the point is that the call came back at all.
  EXPECT_LT(absl::Now() - start, absl::Seconds(30));
  EXPECT_EQ(hung.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(hung.status().message(),
              HasSubstr("fixture: CheckEligibility did not answer within"));
}

TEST(PluginHookNeverReturns, PluginIsSuspendedAndOtherHooksFailAtOnce) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad();
  ASSERT_NE(plugin, nullptr);
  ASSERT_EQ(plugin->CheckEligibility(AgedRequest(96)).status().code(),
            absl::StatusCode::kUnavailable);
  auto next = plugin->PlanCourse(v1::PlanCourseRequest());
  EXPECT_EQ(next.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(next.status().message(), HasSubstr("fixture: suspended"));
  EXPECT_THAT(next.status().message(), HasSubstr("CheckEligibility"));
  // Unloading with a stuck hook neither hangs nor unmaps the code it runs.
  plugin.reset();
}

TEST(PluginHookSlow, PluginServesAgainOnceTheHookReturns) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad();
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->CheckEligibility(AgedRequest(95)).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(plugin->CheckEligibility(AgedRequest(40)).status().code(),
            absl::StatusCode::kUnavailable);
  // The slow hook (half a second) returns; the plugin is no longer stuck.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  absl::StatusOr<v1::EligibilityResult> answer =
      plugin->CheckEligibility(AgedRequest(40));
  while (!answer.ok() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(20));
    answer = plugin->CheckEligibility(AgedRequest(40));
  }
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_TRUE(answer->eligible());
}

TEST(HookRunner, OverdueCallSuspendsTheRunnerUntilItReturns) {
  HookRunner runner("one_worker", {.time_limit = kLimit, .workers = 1});
  std::thread slow([&] {
    EXPECT_EQ(runner
                  .Run("Slow",
                       [] {
                         absl::SleepFor(absl::Milliseconds(300));
                         return absl::StatusOr<std::string>("late");
                       })
                  .status()
                  .code(),
              absl::StatusCode::kUnavailable);
  });
  slow.join();
  // The slow call is overdue: the runner is suspended until it returns.
  EXPECT_TRUE(runner.stuck());
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (runner.stuck() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_FALSE(runner.stuck());
  auto answer =
      runner.Run("Quick", [] { return absl::StatusOr<std::string>("ok"); });
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(*answer, "ok");
}

TEST(HookRunner, ManyConcurrentCallsAllAnswered) {
  HookRunner runner("many", {.time_limit = absl::Seconds(30), .workers = 4});
  std::vector<std::thread> threads;
  std::vector<int> wrong(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        auto answer = runner.Run("Echo", [t, i] {
          return absl::StatusOr<std::string>(std::to_string(t * 1000 + i));
        });
        if (!answer.ok() || *answer != std::to_string(t * 1000 + i)) {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : wrong) EXPECT_EQ(count, 0);
  EXPECT_FALSE(runner.stuck());
}

}  // namespace
}  // namespace mesoclinic::plugin_host
