// clinicd_crash_test: kills the real clinicd with SIGKILL under a
// concurrent workload, restarts it, and checks that nothing acknowledged was
// lost, nothing refused was kept, and the database is sound. See README.md.
//
// Exit status: 0 when every cycle passed, 1 on a violation (the first one
// is reported, and the work folder with the database and clinicd's log is
// kept), 2 when the test itself could not run.

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/reliability/crash_test.h"

ABSL_FLAG(int, cycles, 5, "Kill-and-restart cycles to run.");
ABSL_FLAG(int, clients, 4, "Concurrent client threads.");
ABSL_FLAG(uint64_t, seed, 1,
          "Seed of the workload's choices and of the kill moments.");
ABSL_FLAG(std::string, clinicd, MESOCLINIC_CLINICD_PATH,
          "The clinicd binary to test.");
ABSL_FLAG(std::string, plugin_dir, MESOCLINIC_PLUGIN_DIR,
          "The treatment plugins clinicd loads (cellulite is needed).");
ABSL_FLAG(std::string, work_dir, "",
          "Folder for the database and clinicd.log; must not hold a database "
          "yet. Empty: a new temporary folder, removed when every cycle "
          "passed.");
ABSL_FLAG(absl::Duration, min_uptime, absl::Milliseconds(300),
          "Shortest time clinicd serves the workload before it is killed.");
ABSL_FLAG(absl::Duration, max_uptime, absl::Seconds(2),
          "Longest time clinicd serves the workload before it is killed.");
ABSL_FLAG(absl::Duration, call_deadline, absl::Seconds(5),
          "Deadline of each call.");
ABSL_FLAG(int, practitioners, 3, "Practitioners the clients book.");
ABSL_FLAG(int, rooms, 3, "Rooms the clients book.");
ABSL_FLAG(int, patients, 8, "Patients the clients book.");

namespace {

namespace fs = std::filesystem;
using mesoclinic::reliability::CrashTest;
using mesoclinic::reliability::CrashTestOptions;
using mesoclinic::reliability::Findings;

constexpr int kViolation = 1;
constexpr int kCannotRun = 2;

// The work folder: the one asked for, or a new temporary one.
bool PrepareWorkDir(std::string& path, std::string& error) {
  if (path.empty()) {
    std::string pattern =
        (fs::temp_directory_path() / "mesoclinic-crash-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      error = "cannot make a temporary folder";
      return false;
    }
    path = pattern;
    return true;
  }
  std::error_code failure;
  fs::create_directories(path, failure);
  if (failure) {
    error = absl::StrCat("cannot make ", path, ": ", failure.message());
    return false;
  }
  if (fs::exists(fs::path(path) / "clinic.db")) {
    error = absl::StrCat(path,
                         " already holds a clinic.db: the test needs a "
                         "new database");
    return false;
  }
  return true;
}

int RunCycles(CrashTest& test, int cycles, uint64_t seed,
              const std::string& work_dir) {
  if (absl::Status set_up = test.SetUp(); !set_up.ok()) {
    std::cerr << "crash test cannot run: " << set_up << "\n";
    return kCannotRun;
  }
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    Findings findings;
    absl::StatusOr<mesoclinic::reliability::CycleSummary> summary =
        test.RunCycle(cycle, findings);
    if (!summary.ok()) {
      std::cerr << "crash test cannot go on in cycle " << cycle << ": "
                << summary.status() << "\nwork folder kept: " << work_dir
                << "\n";
      return kCannotRun;
    }
    std::cout << "cycle " << cycle << "/" << cycles << ": "
              << Describe(*summary) << std::endl;
    if (!findings.empty()) {
      std::cout << "\nFAILED in cycle " << cycle << " (seed " << seed << "), "
                << findings.size() << " violation(s):\n"
                << findings.Report(10) << "work folder kept: " << work_dir
                << " (clinic.db, clinicd.log)\n";
      return kViolation;
    }
  }
  std::cout << "all " << cycles << " cycles passed" << std::endl;
  return EXIT_SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Kills clinicd with SIGKILL at random moments under a concurrent "
      "workload, restarts it, and checks durability and consistency.\n"
      "Usage: clinicd_crash_test [--cycles=N] [--clients=N] [--seed=N] "
      "[--work_dir=DIR] [--min_uptime=D] [--max_uptime=D]");
  absl::ParseCommandLine(argc, argv);

  const bool temporary = absl::GetFlag(FLAGS_work_dir).empty();
  std::string work_dir = absl::GetFlag(FLAGS_work_dir);
  std::string error;
  if (!PrepareWorkDir(work_dir, error)) {
    std::cerr << "crash test cannot run: " << error << "\n";
    return kCannotRun;
  }
  if (absl::GetFlag(FLAGS_min_uptime) > absl::GetFlag(FLAGS_max_uptime) ||
      absl::GetFlag(FLAGS_clients) < 1 || absl::GetFlag(FLAGS_cycles) < 1) {
    std::cerr << "crash test cannot run: --min_uptime must not exceed "
                 "--max_uptime, and --clients and --cycles must be positive\n";
    return kCannotRun;
  }

  CrashTestOptions options;
  options.clinicd.binary = absl::GetFlag(FLAGS_clinicd);
  options.clinicd.plugin_dir = absl::GetFlag(FLAGS_plugin_dir);
  options.clinicd.database_path = (fs::path(work_dir) / "clinic.db").string();
  options.clinicd.log_path = (fs::path(work_dir) / "clinicd.log").string();
  options.clinic = {.practitioners = absl::GetFlag(FLAGS_practitioners),
                    .rooms = absl::GetFlag(FLAGS_rooms),
                    .patients = absl::GetFlag(FLAGS_patients)};
  options.clients = absl::GetFlag(FLAGS_clients);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.min_uptime = absl::GetFlag(FLAGS_min_uptime);
  options.max_uptime = absl::GetFlag(FLAGS_max_uptime);
  options.call_deadline = absl::GetFlag(FLAGS_call_deadline);
  const int cycles = absl::GetFlag(FLAGS_cycles);

  std::cout << "crash test: " << cycles << " cycles, " << options.clients
            << " clients, seed " << options.seed << ", work folder " << work_dir
            << std::endl;
  int status;
  {
    CrashTest test(options);  // Kills the last clinicd when it goes.
    status = RunCycles(test, cycles, options.seed, work_dir);
  }
  if (status == EXIT_SUCCESS && temporary) {
    std::error_code ignored;
    fs::remove_all(work_dir, ignored);
  }
  return status;
}
