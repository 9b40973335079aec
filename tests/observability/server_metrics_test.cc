// ServerMetrics on its own: what each observed event does to the rendered
// text, and that no input can add a series outside the fixed label sets.

#include "core/observability/server_metrics.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/observability/exposition_text.h"

namespace mesoclinic::testing {
namespace {

using observability::ServerMetrics;
using ::testing::HasSubstr;

constexpr char kGetPatient[] = "/clinic.v1.PatientService/GetPatient";
constexpr char kSignIn[] = "/clinic.v1.StaffService/SignIn";

class ServerMetricsTest : public ::testing::Test {
 protected:
  ServerMetricsTest() : metrics_({kGetPatient, kSignIn}) {}

  std::vector<Sample> Scrape() {
    absl::StatusOr<std::vector<Sample>> samples =
        ParseExposition(metrics_.Render());
    EXPECT_TRUE(samples.ok()) << samples.status();
    return samples.ok() ? *samples : std::vector<Sample>();
  }

  static FinishedCall Call(absl::string_view method, absl::StatusCode code,
                           absl::Duration elapsed = absl::Milliseconds(3)) {
    return FinishedCall{.transport = "grpc",
                        .method = method,
                        .call_id = "c-1",
                        .code = code,
                        .elapsed = elapsed};
  }

  ServerMetrics metrics_;
};

TEST_F(ServerMetricsTest, EveryRenderedLineIsACommentOrASample) {
  metrics_.OnCallFinished(Call(kGetPatient, absl::StatusCode::kOk));
  metrics_.OnBatchCommitted(3, absl::Milliseconds(2));
  const std::string text = metrics_.Render();
  EXPECT_TRUE(ParseExposition(text).ok()) << text;
  EXPECT_THAT(text, HasSubstr("# TYPE clinicd_calls_total counter"));
  EXPECT_THAT(text,
              HasSubstr("# TYPE clinicd_call_duration_seconds histogram"));
}

TEST_F(ServerMetricsTest, CallsAreCountedByTransportServiceMethodAndCode) {
  metrics_.OnCallFinished(Call(kGetPatient, absl::StatusCode::kOk));
  metrics_.OnCallFinished(Call(kGetPatient, absl::StatusCode::kOk));
  metrics_.OnCallFinished(Call(kGetPatient, absl::StatusCode::kNotFound));
  const std::vector<Sample> samples = Scrape();
  const std::map<std::string, std::string> get_patient = {
      {"transport", "grpc"},
      {"service", "clinic.v1.PatientService"},
      {"method", "GetPatient"}};
  auto with_code = [&](const std::string& code) {
    auto labels = get_patient;
    labels["code"] = code;
    return labels;
  };
  EXPECT_EQ(SumOf(samples, "clinicd_calls_total", with_code("OK")), 2);
  EXPECT_EQ(SumOf(samples, "clinicd_calls_total", with_code("NOT_FOUND")), 1);
}

TEST_F(ServerMetricsTest, LatencyHistogramCountsEachCallInItsBucket) {
  metrics_.OnCallFinished(
      Call(kGetPatient, absl::StatusCode::kOk, absl::Microseconds(300)));
  metrics_.OnCallFinished(
      Call(kGetPatient, absl::StatusCode::kOk, absl::Milliseconds(700)));
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_call_duration_seconds_count",
                  {{"method", "GetPatient"}}),
            2);
  EXPECT_EQ(SumOf(samples, "clinicd_call_duration_seconds_bucket",
                  {{"method", "GetPatient"}, {"le", "0.0005"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_call_duration_seconds_bucket",
                  {{"method", "GetPatient"}, {"le", "1"}}),
            2);
  EXPECT_NEAR(SumOf(samples, "clinicd_call_duration_seconds_sum",
                    {{"method", "GetPatient"}}),
              0.7003, 1e-9);
}

TEST_F(ServerMetricsTest, ShedCallIsCountedAsShedAndNotTimed) {
  FinishedCall shed = Call(kGetPatient, absl::StatusCode::kResourceExhausted);
  shed.shed = true;
  metrics_.OnCallFinished(shed);
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_calls_shed_total",
                  {{"method", "GetPatient"}, {"transport", "grpc"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_calls_total",
                  {{"method", "GetPatient"}, {"code", "RESOURCE_EXHAUSTED"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_call_duration_seconds_count"), 0);
}

TEST_F(ServerMetricsTest, UnknownMethodAndTransportDoNotCreateSeries) {
  FinishedCall hostile = Call("/evil.Service/Method_0x41414141",
                              absl::StatusCode::kUnimplemented);
  hostile.transport = "gopher";
  metrics_.OnCallFinished(hostile);
  const std::vector<Sample> samples = Scrape();
  EXPECT_FALSE(AnyLabelValue(samples, "evil.Service"));
  EXPECT_FALSE(AnyLabelValue(samples, "Method_0x41414141"));
  EXPECT_FALSE(AnyLabelValue(samples, "gopher"));
  EXPECT_EQ(SumOf(samples, "clinicd_calls_total",
                  {{"transport", "unknown"},
                   {"service", "unknown"},
                   {"method", "unknown"},
                   {"code", "UNIMPLEMENTED"}}),
            1);
}

TEST_F(ServerMetricsTest, SignInsAreCountedByCodeAndReason) {
  FinishedCall failed = Call(kSignIn, absl::StatusCode::kUnauthenticated);
  failed.reason = "SIGN_IN_FAILED";
  metrics_.OnCallFinished(failed);
  metrics_.OnCallFinished(failed);
  FinishedCall locked = Call(kSignIn, absl::StatusCode::kFailedPrecondition);
  locked.reason = "ACCOUNT_LOCKED";
  metrics_.OnCallFinished(locked);
  metrics_.OnCallFinished(Call(kSignIn, absl::StatusCode::kOk));
  // Not a sign-in: not counted as one.
  metrics_.OnCallFinished(Call(kGetPatient, absl::StatusCode::kOk));
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_sign_ins_total",
                  {{"reason", "SIGN_IN_FAILED"}, {"code", "UNAUTHENTICATED"}}),
            2);
  EXPECT_EQ(SumOf(samples, "clinicd_sign_ins_total",
                  {{"reason", "ACCOUNT_LOCKED"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_sign_ins_total",
                  {{"reason", "none"}, {"code", "OK"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_sign_ins_total"), 4);
}

TEST_F(ServerMetricsTest, AReasonThatIsNotACodeIsCountedAsOther) {
  FinishedCall odd = Call(kSignIn, absl::StatusCode::kUnauthenticated);
  odd.reason = "not a code\"}";
  metrics_.OnCallFinished(odd);
  EXPECT_EQ(SumOf(Scrape(), "clinicd_sign_ins_total", {{"reason", "other"}}),
            1);
}

TEST_F(ServerMetricsTest, GroupCommitsFillTheBatchAndCommitHistograms) {
  metrics_.OnBatchCommitted(1, absl::Milliseconds(1));
  metrics_.OnBatchCommitted(40, absl::Milliseconds(30));
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_storage_write_batch_size_count"), 2);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_write_batch_size_sum"), 41);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_write_batch_size_bucket",
                  {{"le", "32"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_commit_duration_seconds_count"),
            2);
}

TEST_F(ServerMetricsTest, FailedCommitsAreCountedByCode) {
  metrics_.OnCommitFailed(absl::ResourceExhaustedError("disk full"));
  metrics_.OnCommitFailed(absl::UnavailableError("read-only"));
  metrics_.OnCommitFailed(absl::UnavailableError("read-only"));
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_storage_commit_failures_total",
                  {{"code", "UNAVAILABLE"}}),
            2);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_commit_failures_total"), 3);
}

TEST_F(ServerMetricsTest, HookCallsAreCountedByPluginHookAndOutcome) {
  using plugin_host::HookOutcome;
  metrics_.OnHookFinished("cellulite", "CheckEligibility",
                          HookOutcome::kAnswered, absl::Milliseconds(1));
  metrics_.OnHookFinished("cellulite", "CheckEligibility",
                          HookOutcome::kTimedOut, absl::Seconds(2));
  metrics_.OnHookFinished("cellulite", "PlanCourse", HookOutcome::kSuspended,
                          absl::ZeroDuration());
  const std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_plugin_hook_calls_total",
                  {{"plugin", "cellulite"},
                   {"hook", "CheckEligibility"},
                   {"outcome", "timed_out"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_plugin_hook_calls_total",
                  {{"hook", "PlanCourse"}, {"outcome", "suspended"}}),
            1);
  EXPECT_EQ(SumOf(samples, "clinicd_plugin_hook_duration_seconds_count",
                  {{"hook", "CheckEligibility"}}),
            2);
}

TEST_F(ServerMetricsTest, GaugesAreReadAtEachScrape) {
  int in_flight = 3;
  metrics_.ReadAtScrape({
      .calls_in_flight = [&] { return in_flight; },
      .max_calls_in_flight = [] { return 512; },
      .schedule_watchers = [] { return 2; },
      .queued_writes = [] { return 7; },
      .wal_size_bytes = [] { return int64_t{4096}; },
      .database_writable = [] { return true; },
      .plugins =
          [] {
            return std::vector<observability::PluginSuspension>{
                {"cellulite", true}, {"hair_loss", false}};
          },
  });
  std::vector<Sample> samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_calls_in_flight"), 3);
  EXPECT_EQ(SumOf(samples, "clinicd_calls_in_flight_limit"), 512);
  EXPECT_EQ(SumOf(samples, "clinicd_schedule_watchers"), 2);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_write_queue_depth"), 7);
  EXPECT_EQ(SumOf(samples, "clinicd_storage_wal_size_bytes"), 4096);
  EXPECT_EQ(SumOf(samples, "clinicd_database_writable"), 1);
  EXPECT_EQ(
      SumOf(samples, "clinicd_plugin_suspended", {{"plugin", "cellulite"}}),
            1);
  EXPECT_EQ(
      SumOf(samples, "clinicd_plugin_suspended", {{"plugin", "hair_loss"}}),
            0);
  in_flight = 0;
  samples = Scrape();
  EXPECT_EQ(SumOf(samples, "clinicd_calls_in_flight"), 0);
}

}  // namespace
}  // namespace mesoclinic::testing
