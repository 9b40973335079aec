// clinicd's Connect transport (the HTTP listener) checked with a client
// nobody here wrote: the official Connect client for JavaScript
// (@connectrpc/connect-node, tests/connect_client/scenarios.mjs), run by
// Node.js against a real server, in JSON and in binary protobuf. The clinic
// is prepared through gRPC; what the client did over Connect is read back
// through gRPC, so that both transports are seen to reach the same calls.

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/base/error_reasons.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::HasSubstr;

struct NodeRun {
  int exit_code = -1;
  // Its standard output and error, interleaved.
  std::string output;
};

// Runs `node script plan_file` and waits for it. No shell: the paths are
// passed as they are.
NodeRun RunNode(const std::string& script, const std::string& plan_file) {
  NodeRun run;
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) return run;
  const pid_t child = fork();
  if (child == 0) {
    dup2(pipe_ends[1], STDOUT_FILENO);
    dup2(pipe_ends[1], STDERR_FILENO);
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    execl(MESOCLINIC_NODE, MESOCLINIC_NODE, script.c_str(), plan_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipe_ends[1]);
  char buffer[4096];
  for (;;) {
    const ssize_t got = read(pipe_ends[0], buffer, sizeof buffer);
    if (got > 0) {
      run.output.append(buffer, static_cast<size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      break;
    }
  }
  close(pipe_ends[0]);
  int status = 0;
  if (child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  }
  return run;
}

Value Text(const std::string& text) {
  Value value;
  value.set_string_value(text);
  return value;
}

// What the script reports after "ok <format> <scenario>: " on its line;
// empty when there is no such line.
std::string NoteOf(const std::string& output, absl::string_view format,
                   absl::string_view scenario) {
  const std::string prefix = absl::StrCat("ok ", format, " ", scenario, ": ");
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::ConsumePrefix(&line, prefix)) return std::string(line);
  }
  return "";
}

constexpr int kMaxWatchers = 2;

// A WatchSchedule stream through gRPC, kept open while it lives.
class GrpcWatch {
 public:
  GrpcWatch(const std::shared_ptr<grpc::Channel>& channel, absl::CivilDay day)
      : stub_(v1::SchedulingService::NewStub(channel)) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    v1::WatchScheduleRequest request;
    *request.mutable_day() = DateToProto(day);
    reader_ = stub_->WatchSchedule(&context_, request);
  }
  ~GrpcWatch() {
    context_.TryCancel();
    v1::WatchScheduleResponse ignored;
    while (reader_->Read(&ignored)) {
    }
    reader_->Finish().ok();
  }

  // Whether the server admitted the stream: a day with a session sends it
  // first; a refused stream ends with nothing.
  bool Admitted() {
    v1::WatchScheduleResponse change;
    return reader_->Read(&change);
  }

 private:
  std::unique_ptr<v1::SchedulingService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchScheduleResponse>> reader_;
};

class ConnectNodeClientTest : public SchedulingTest {
 public:
  static void SetUpTestSuite() {
    StartServer([](ServerOptions& options) {
      options.http_listen_address = "127.0.0.1:0";
    });
  }

 protected:
  void SetUp() override {
    // Node is part of the machine (the setup script checks it): only a
    // machine without it skips. The packages and generated code are this
    // build's and must be there.
    if (!std::filesystem::exists(MESOCLINIC_NODE)) {
      GTEST_SKIP() << "node (" << MESOCLINIC_NODE << ") is not installed";
    }
    ASSERT_TRUE(std::filesystem::exists(
        std::filesystem::path(MESOCLINIC_CONNECT_SCENARIOS).parent_path() /
        "node_modules"))
        << "the Connect client is not installed: run scripts/setup.sh "
           "(npm ci in tests/connect_client)";
    ASSERT_TRUE(std::filesystem::exists(
        std::filesystem::path(MESOCLINIC_CONNECT_CLIENT_GEN) / "clinic" / "v1" /
        "scheduling_pb.js"))
        << "the Connect client's code was not generated: run "
           "scripts/setup.sh, then configure and build again";
  }

  // A plan running `scenarios` (all when empty) against the suite's server.
  static Struct Plan(const std::vector<std::string>& scenarios = {}) {
    Struct plan;
    auto& fields = *plan.mutable_fields();
    fields["baseUrl"] =
        Text(absl::StrCat("http://127.0.0.1:", server().server().http_port()));
    fields["generatedDir"] = Text(MESOCLINIC_CONNECT_CLIENT_GEN);
    fields["practitionerKey"] =
        Text(server().api_key(staff::Role::kPractitioner));
    fields["frontDeskKey"] = Text(server().api_key(staff::Role::kFrontDesk));
    fields["practitionerStaff"] = Text(StaffName(staff::Role::kPractitioner));
    fields["unknownPatient"] = Text("patients/doesnotexist0000");
    // A refusal with no reason of its own carries its code's name.
    fields["notFoundReason"] = Text("NOT_FOUND");
    Struct& day = *fields["watchDay"].mutable_struct_value();
    (*day.mutable_fields())["year"].set_number_value(WatchDay().year());
    (*day.mutable_fields())["month"].set_number_value(WatchDay().month());
    (*day.mutable_fields())["day"].set_number_value(WatchDay().day());
    if (!scenarios.empty()) {
      auto& only = *fields["only"].mutable_list_value();
      for (const std::string& scenario : scenarios) {
        *only.add_values() = Text(scenario);
      }
    }
    return plan;
  }

  // Books a session on the watched day through gRPC and adds to `plan` a
  // new cast for each format to book over Connect, so that the watch has a
  // session to show first and two to announce.
  static void PrepareWatch(Struct& plan) {
    auto& fields = *plan.mutable_fields();
    fields["existingSession"] =
        Text(BookOk(NewCast(), At(WatchDay(), 10)).name());
    Struct& bookings = *fields["bookings"].mutable_struct_value();
    for (const auto& [format, hour] :
         {std::pair{"json", 11}, std::pair{"binary", 14}}) {
      const Cast cast = NewCast();
      Struct& booking =
          *(*bookings.mutable_fields())[format].mutable_struct_value();
      (*booking.mutable_fields())["patient"] = Text(cast.patient);
      (*booking.mutable_fields())["practitioner"] = Text(cast.practitioner);
      (*booking.mutable_fields())["room"] = Text(cast.room);
      (*booking.mutable_fields())["startTime"] = Text(absl::FormatTime(
          absl::RFC3339_full, At(WatchDay(), hour), absl::UTCTimeZone()));
    }
  }

  // Writes `plan` and runs the scenarios on it.
  NodeRun Run(const Struct& plan) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(plan, &json).ok());
    const std::string plan_file = folder_.File("plan.json");
    std::ofstream(plan_file) << json;
    return RunNode(MESOCLINIC_CONNECT_SCENARIOS, plan_file);
  }

  // A weekday in the clinic's default opening hours, weeks away so that no
  // other suite's test books it.
  static absl::CivilDay WatchDay() { return Monday(5); }

  TempDir folder_;
};

TEST_F(ConnectNodeClientTest, UnaryCallsAnswerInJsonAndBinary) {
  const NodeRun run = Run(Plan({"GetCaller", "CreatePatient then GetPatient"}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("4 scenarios passed"));
  // The patients the client created over Connect, read through gRPC.
  auto patients = v1::PatientService::NewStub(server().channel());
  for (const absl::string_view format : {"json", "binary"}) {
    const std::string name =
        NoteOf(run.output, format, "CreatePatient then GetPatient");
    v1::GetPatientRequest request;
    request.set_name(name);
    v1::GetPatientResponse response;
    ASSERT_TRUE(
        patients->GetPatient(ContextWithDeadline().get(), request, &response)
            .ok())
        << format << ": " << name;
    EXPECT_THAT(response.patient().given_name(),
                ::testing::StartsWith(absl::StrCat("Connect-", format, "-")));
    EXPECT_EQ(response.patient().family_name(), "Lefèvre");
  }
}

TEST_F(ConnectNodeClientTest, RefusalsCarryTheirCodeAndErrorInfoReason) {
  const NodeRun run = Run(Plan({"refusal with details"}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output,
              HasSubstr("ok json refusal with details: NotFound, reason "
                        "NOT_FOUND"));
  EXPECT_THAT(run.output,
              HasSubstr("ok binary refusal with details: NotFound, reason "
                        "NOT_FOUND"));
}

TEST_F(ConnectNodeClientTest, ACallWithoutAKeyIsUnauthenticated) {
  const NodeRun run = Run(Plan({"no key"}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("ok json no key: Unauthenticated"));
  EXPECT_THAT(run.output, HasSubstr("ok binary no key: Unauthenticated"));
}

TEST_F(ConnectNodeClientTest, AStreamEndsWhenItsDeadlinePasses) {
  const NodeRun run = Run(Plan({"deadline"}));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("2 scenarios passed"));
}

TEST_F(ConnectNodeClientTest, WatchScheduleAnnouncesABookingUntilCancelled) {
  Struct plan = Plan({"deadline", "WatchSchedule"});
  PrepareWatch(plan);
  const NodeRun run = Run(plan);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("4 scenarios passed"));
  // The sessions booked over Connect, read through gRPC.
  for (const absl::string_view format : {"json", "binary"}) {
    const std::string note = NoteOf(run.output, format, "WatchSchedule");
    const std::string session = note.substr(0, note.find(' '));
    const std::string patient = plan.fields()
                                    .at("bookings")
                                    .struct_value()
                                    .fields()
                                    .at(std::string(format))
                                    .struct_value()
                                    .fields()
                                    .at("patient")
                                    .string_value();
    const v1::Session booked = GetSession(session);
    EXPECT_EQ(booked.patient(), patient) << format;
    EXPECT_EQ(booked.state(), v1::SESSION_STATE_BOOKED) << format;
  }
}

// A suite whose server admits two watchers at most: a Connect stream the
// server kept after its client left shows as a refused gRPC watch.
class ConnectWatcherPlacesTest : public ConnectNodeClientTest {
 public:
  static void SetUpTestSuite() {
    StartServer([](ServerOptions& options) {
      options.http_listen_address = "127.0.0.1:0";
      options.max_schedule_watchers = kMaxWatchers;
    });
  }
};

// Regression: on the transport of 5b50aa5, after the client cancelled its
// two WatchSchedule streams (JSON, then binary) and exited, the server
// still held both places: libmicrohttpd does not watch a suspended
// connection, and a quiet stream was only cut by its next keep-alive.
TEST_F(ConnectWatcherPlacesTest,
       StreamsTheClientLeftGiveTheirWatcherPlacesBack) {
  Struct plan = Plan({"WatchSchedule"});
  PrepareWatch(plan);
  const NodeRun run = Run(plan);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  // The streams that ended on the client's side gave their places back: as
  // many gRPC watchers as the limit are admitted together (each may have to try
  // again while the server finishes with a stream whose client left).
  std::vector<std::unique_ptr<GrpcWatch>> admitted;
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (static_cast<int>(admitted.size()) < kMaxWatchers &&
         absl::Now() < give_up) {
    auto watch = std::make_unique<GrpcWatch>(
        server().channel(staff::Role::kFrontDesk), WatchDay());
    if (watch->Admitted()) {
      admitted.push_back(std::move(watch));
    } else {
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  EXPECT_EQ(static_cast<int>(admitted.size()), kMaxWatchers)
      << "a Connect stream that ended on the client's side (cancelled, or "
         "past its deadline) kept its watcher place";
}

TEST_F(ConnectNodeClientTest, TheScriptFailsWhenTheServerAnswersOtherwise) {
  // The same refusal expected with another reason: a passing run above
  // is the server's answer, not a script that cannot fail.
  Struct plan = Plan({"refusal with details"});
  (*plan.mutable_fields())["notFoundReason"] = Text(reasons::kPatientArchived);
  const NodeRun run = Run(plan);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr(absl::StrCat(
                              "FAIL json refusal with details: GetPatient("
                              "patients/doesnotexist0000): expected ErrorInfo "
                              "reason ",
                              reasons::kPatientArchived, ", got NOT_FOUND")));
}

}  // namespace
}  // namespace mesoclinic::testing
