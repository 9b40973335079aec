// A hook that throws, fails, or answers nonsense fails that one call with a
// clear status; the plugin keeps serving.

#include <thread>
#include <vector>

#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/plugin_host/loaded_plugin.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::plugin_host {
namespace {

namespace v1 = ::clinic::plugin::v1;
using ::testing::HasSubstr;

std::unique_ptr<LoadedPlugin> MustLoad(const char* path) {
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
      LoadedPlugin::Load(path);
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

TEST(PluginHookThrows, StdExceptionIsInternalAndNextCallWorks) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  auto thrown = plugin->CheckEligibility(AgedRequest(99));
  EXPECT_EQ(thrown.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(thrown.status().message(), HasSubstr("fixture: "));
  EXPECT_THAT(thrown.status().message(), HasSubstr("fixture exploded"));

  auto next = plugin->CheckEligibility(AgedRequest(40));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_TRUE(next->eligible());
}

TEST(PluginHookThrows, NonStandardExceptionIsInternal) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  auto thrown = plugin->CheckEligibility(AgedRequest(98));
  EXPECT_EQ(thrown.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(thrown.status().message(), HasSubstr("uncaught exception"));
  EXPECT_TRUE(plugin->CheckEligibility(AgedRequest(40)).ok());
}

TEST(PluginHookFails, CodeAndMessageArePassedOnPrefixedWithId) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  auto failed = plugin->CheckEligibility(AgedRequest(97));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(failed.status().message(),
            "fixture: facts.age_years: 97 is refused by the fixture");
}

TEST(PluginHookFails, RequestOutsideProtocolIsInvalidArgument) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  v1::PlanCourseRequest request;
  request.mutable_first_session()->set_year(2025);
  request.mutable_first_session()->set_month(4);
  request.mutable_first_session()->set_day(31);
  auto plan = plugin->PlanCourse(request);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(plan.status().message(), HasSubstr("first_session"));
}

TEST(PluginHookGarbage, UnparsableAnswerIsInternalNamingPluginAndHook) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_MISBEHAVING_PATH);
  ASSERT_NE(plugin, nullptr);
  auto validation = plugin->ValidateTreatmentRecord(v1::TreatmentRecord());
  EXPECT_EQ(validation.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(validation.status().message(),
              HasSubstr("fixture_misbehaving: ValidateTreatmentRecord "
                        "returned bytes that do not parse"));
  EXPECT_EQ(ErrorReason(validation.status()), reasons::kPluginFailed);
  // The plugin's other hooks still answer.
  EXPECT_TRUE(plugin->CheckEligibility(AgedRequest(40)).ok());
}

TEST(PluginHookGarbage, OkWithoutResultIsInternal) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_MISBEHAVING_PATH);
  ASSERT_NE(plugin, nullptr);
  auto plan = plugin->PlanCourse(v1::PlanCourseRequest());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(plan.status().message(),
              HasSubstr("PlanCourse returned OK without a result"));
  EXPECT_EQ(ErrorReason(plan.status()), reasons::kPluginFailed);
}

TEST(PluginHookGarbage, UnknownStatusCodeIsUnknown) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_MISBEHAVING_PATH);
  ASSERT_NE(plugin, nullptr);
  auto assessment = plugin->AssessAdverseEvent(v1::AdverseEventReport());
  EXPECT_EQ(assessment.status().code(), absl::StatusCode::kUnknown);
  EXPECT_EQ(assessment.status().message(), "fixture_misbehaving: code 42");
}

TEST(PluginHookGarbage, GarbageRequestIsInvalidArgument) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  auto answer = plugin->CallRaw(Hook::kCheckEligibility,
                                absl::string_view("\x0a\xff\xff\xff\xff", 5));
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(answer.status().message(),
              HasSubstr("clinic.plugin.v1.EligibilityRequest"));
}

TEST(PluginHookConcurrency, ManyThreadsGetTheSameAnswers) {
  std::unique_ptr<LoadedPlugin> plugin = MustLoad(FIXTURE_GOOD_PATH);
  ASSERT_NE(plugin, nullptr);
  const auto expected = plugin->CheckEligibility(AgedRequest(40));
  ASSERT_TRUE(expected.ok());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        // Every fourth call throws inside the plugin; the others must not
        // notice.
        if (i % 4 == 0) {
          if (plugin->CheckEligibility(AgedRequest(99)).status().code() !=
              absl::StatusCode::kInternal) {
            ++mismatches[t];
          }
          continue;
        }
        auto answer = plugin->CheckEligibility(AgedRequest(40));
        if (!answer.ok() ||
            answer->SerializeAsString() != expected->SerializeAsString()) {
          ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace mesoclinic::plugin_host
