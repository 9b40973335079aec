#include "tests/reliability/crash_test.h"

#include <atomic>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/server/clinic_server.h"
#include "tests/reliability/api_checks.h"
#include "tests/reliability/database_checks.h"
#include "tests/support/fixed_offset_zone.h"
#include "tests/support/test_server.h"

namespace mesoclinic::reliability {

std::string Describe(const CycleSummary& summary) {
  const Resolution& resolved = summary.resolution;
  return absl::StrCat(
      "up ",
      absl::FormatDuration(absl::Trunc(summary.uptime, absl::Milliseconds(1))),
      ", ", summary.operations, " writes: ", summary.acknowledged,
      " acknowledged, refused ", summary.refused_conflicts,
      " for a taken slot + ", summary.refused_on_purpose, " invalid + ",
      summary.refused_overload, " overload, ", summary.unknown,
      " unknown.\n  After the kill the file held ", summary.database_sessions,
      " sessions and ", summary.database_events,
      " adverse events. Resent the unknown: ",
      resolved.committed_before_restart, " had been committed, ",
      resolved.applied_by_resend, " applied now, ", resolved.refused,
      " refused. ", summary.replayed, " acknowledged writes resent. Listed ",
      summary.sessions, " sessions (", summary.sessions_read,
      " read one by one) and ", summary.events,
      " adverse events; audit chain of ", summary.audit_records, " records");
}

CrashTest::CrashTest(CrashTestOptions options)
    : options_(std::move(options)), random_(options_.seed) {}

absl::Status CrashTest::SetUp() {
  // The first hour of the clinic's day: sessions booked for today can be
  // checked in for nearly a whole day, whatever time the test runs.
  options_.clinicd.time_zone =
      testing::FixedOffsetZoneWhereHourIs(absl::Now(), /*local_hour=*/0).name;
  absl::StatusOr<std::unique_ptr<ClinicdProcess>> started =
      ClinicdProcess::Start(options_.clinicd);
  if (!started.ok()) return started.status();
  clinicd_ = *std::move(started);
  // clinicd writes the first admin's key before it says it is serving.
  const std::string admin_key =
      testing::ReadKeyFile(AdminKeyFile(options_.clinicd.database_path));
  ServerConnections server(clinicd_->address(), options_.call_deadline);
  absl::StatusOr<CrashClinic> clinic = SetUpClinic(
      server, admin_key, options_.clinicd.time_zone, options_.clinic);
  if (!clinic.ok()) return clinic.status();
  clinic_ = *std::move(clinic);
  for (int i = 1; i <= options_.clients; ++i) {
    clients_.push_back(std::make_unique<WorkloadClient>(
        i, clinic_, options_.seed * 7919 + static_cast<uint64_t>(i)));
  }
  return absl::OkStatus();
}

std::vector<History*> CrashTest::Histories() {
  std::vector<History*> histories;
  for (const std::unique_ptr<WorkloadClient>& client : clients_) {
    histories.push_back(&client->history());
  }
  return histories;
}

absl::StatusOr<absl::Duration> CrashTest::RunUntilKilled(int cycle,
                                                         Findings& findings) {
  std::atomic<bool> stop{false};
  // Each thread is handed its own client, connections and result slot, all
  // made before any thread starts: a thread never reads a container the
  // main thread is still growing.
  std::vector<std::unique_ptr<ServerConnections>> connections;
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    connections.push_back(std::make_unique<ServerConnections>(
        clinicd_->address(), options_.call_deadline));
  }
  std::vector<absl::Status> results(clients_.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    threads.emplace_back([client = clients_[i].get(),
                          server = connections[i].get(), result = &results[i],
                          &stop, cycle] {
      *result = client->Run(cycle, *server, stop);
    });
  }
  const absl::Duration uptime =
      options_.min_uptime +
      (options_.max_uptime - options_.min_uptime) *
          std::uniform_real_distribution<double>(0, 1)(random_);
  absl::SleepFor(uptime);
  const absl::Status killed = clinicd_->Kill();
  stop.store(true);
  for (std::thread& thread : threads) thread.join();
  if (!killed.ok()) findings.Add("clinicd", std::string(killed.message()));
  for (const absl::Status& result : results) {
    if (!result.ok()) return result;
  }
  return uptime;
}

absl::StatusOr<CycleSummary> CrashTest::RunCycle(int cycle,
                                                 Findings& findings) {
  CycleSummary summary;
  absl::StatusOr<absl::Duration> uptime = RunUntilKilled(cycle, findings);
  if (!uptime.ok()) return uptime.status();
  summary.uptime = *uptime;
  CountAnswers(cycle, summary);
  CheckFileAfterKill(summary, findings);

  const absl::Time restart = absl::Now();
  absl::StatusOr<std::unique_ptr<ClinicdProcess>> restarted =
      ClinicdProcess::Start(options_.clinicd);
  if (!restarted.ok()) {
    findings.Add("restart",
                 absl::StrCat("clinicd did not start again after the kill: ",
                              restarted.status().message()));
    return summary;
  }
  clinicd_ = *std::move(restarted);
  ServerConnections server(clinicd_->address(), options_.call_deadline);
  const std::vector<History*> histories = Histories();
  summary.resolution = ResolveUnknowns(server, histories, restart, findings);
  CheckAnswers(histories, cycle, findings);
  summary.replayed = ReplayAcknowledged(server, histories, cycle, findings);
  CheckThroughApi(server, cycle, summary, findings);
  return summary;
}

void CrashTest::CountAnswers(int cycle, CycleSummary& summary) {
  for (const History* history : Histories()) {
    for (const Operation& operation : *history) {
      if (operation.cycle != cycle) continue;
      ++summary.operations;
      if (operation.was_unknown) {
        ++summary.unknown;
      } else if (operation.outcome == Outcome::kAcknowledged) {
        ++summary.acknowledged;
      } else if (operation.code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
        ++summary.refused_overload;
      } else if (operation.expectation == Expectation::kRefuse) {
        ++summary.refused_on_purpose;
      } else {
        ++summary.refused_conflicts;
      }
    }
  }
}

void CrashTest::CheckFileAfterKill(CycleSummary& summary, Findings& findings) {
  absl::StatusOr<ExpectedState> expected = FoldHistories(Histories());
  if (!expected.ok()) {
    findings.Add("acknowledged answers",
                 std::string(expected.status().message()));
    return;
  }
  absl::StatusOr<DatabaseView> database =
      ReadDatabase(options_.clinicd.database_path);
  if (!database.ok()) {
    findings.Add("database file", std::string(database.status().message()));
    return;
  }
  CheckDatabase(*database, *expected, findings);
  summary.database_sessions = static_cast<int>(database->sessions.size());
  summary.database_events = static_cast<int>(database->event_body_sites.size());
}

void CrashTest::CheckThroughApi(ServerConnections& server, int cycle,
                                CycleSummary& summary, Findings& findings) {
  audit_records_ = CheckAuditChain(server, clinic_, audit_records_, findings);
  summary.audit_records = audit_records_;
  CheckPatientHistories(server, clinic_, findings);
  absl::StatusOr<ExpectedState> expected = FoldHistories(Histories());
  if (!expected.ok()) {
    findings.Add("acknowledged answers",
                 std::string(expected.status().message()));
    return;
  }
  absl::StatusOr<ApiView> view = ReadThroughApi(server, clinic_, findings);
  if (!view.ok()) {
    findings.Add("API listings", std::string(view.status().message()));
    return;
  }
  CheckApiView(*view, *expected, findings);
  CheckNoOverlaps(*view, findings);
  summary.sessions = static_cast<int>(view->sessions.size());
  summary.events = static_cast<int>(view->events.size());
  summary.sessions_read =
      CheckSessionDetails(server, clinic_, *expected, cycle, findings);
}

}  // namespace mesoclinic::reliability
