// clinic_load: the load generator of bench/RESULTS.md. In one run against
// one clinicd it measures each scenario at each number of calls in flight,
// prints a table and the performance targets, and writes JSON.
//
//   clinic_load --target=127.0.0.1:50051 --json_out=empty.json
//       --api_key_file=var/bench/empty/admin.key
//
// It needs an admin key only: it finds or creates its own front desk,
// practitioners, rooms and patients through the API (see bench_clinic.h).

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/flags_help.h"
#include "bench/load/bench_clinic.h"
#include "bench/load/connect_load_driver.h"
#include "bench/load/load_driver.h"
#include "bench/load/run_report.h"
#include "bench/load/scenarios.h"
#include "bench/load/server_cpu.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/connection.h"
#include "clients/common/authenticated_channel.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "clinicd's address.");
ABSL_FLAG(std::string, http_target, "",
          "clinicd's HTTP listener (--http_listen), host:port: the connect_* "
          "scenarios send their calls there with the Connect protocol and "
          "JSON bodies.");
ABSL_FLAG(std::string, api_key, "",
          "An admin API key (or use --api_key_file or CLINIC_API_KEY).");
ABSL_FLAG(std::string, api_key_file, "",
          "File whose first line is an admin API key, such as the admin.key "
          "clinicd or clinic_seed wrote beside the database.");
ABSL_FLAG(bool, tls, false, "Connect with TLS (plaintext otherwise).");
ABSL_FLAG(std::string, tls_ca, "",
          "With --tls: PEM file of the authority to trust (default: the "
          "system's).");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5),
          "How long each step is measured.");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1),
          "How long each step runs before it is measured.");
ABSL_FLAG(std::vector<std::string>, in_flight,
          std::vector<std::string>({"1", "16", "64"}),
          "Calls kept in flight, one step each.");
ABSL_FLAG(std::vector<std::string>, scenarios,
          std::vector<std::string>({"health", "get_patient",
                                    "list_sessions_day", "find_slots",
                                    "book_distinct", "book_contended"}),
          "Scenarios to run, in this order. Also: connect_get_patient and "
          "connect_book_distinct, the same calls over Connect with JSON "
          "(--http_target).");
ABSL_FLAG(std::string, json_out, "", "Where to write the figures as JSON.");
ABSL_FLAG(std::string, label, "run",
          "What this run measures (\"empty\", \"seeded\"), for the report.");
ABSL_FLAG(std::string, compare_to, "",
          "JSON of a run on an empty database: checks the seeded-database "
          "targets (p99 growth) against it.");
ABSL_FLAG(int, server_pid, 0,
          "clinicd's process id: its memory (VmRSS, VmHWM) is read after "
          "every step.");
ABSL_FLAG(absl::Duration, settle_timeout, absl::Seconds(60),
          "With --server_pid: before each step, wait until clinicd has been "
          "quiet (under 5% of a core for 0.5 s) for at most this long, so "
          "that no step pays for work an earlier one left behind; 0: do not "
          "wait.");
ABSL_FLAG(std::string, ready_file, "",
          "Created once the set-up is done and the measured steps begin: a "
          "profiler waits for it (bench/profile_scenario.sh).");
ABSL_FLAG(int, channels, 4, "Channels (connections) the calls are spread over.");
ABSL_FLAG(int, threads, 2, "Client threads driving the calls.");
ABSL_FLAG(int, pairs, 8,
          "Bench practitioner-and-room pairs the bookings are spread over.");
ABSL_FLAG(int, patients_per_pair, 128,
          "Bench patients of each pair: enough that each is booked at most "
          "once within the protocol's smallest interval.");
ABSL_FLAG(int, booking_slots, 40000,
          "Free slots found before the booking steps: book_distinct stops "
          "when they are used up.");
ABSL_FLAG(int, contended_slots, 4,
          "How many slots book_contended competes for.");
ABSL_FLAG(int, find_slots_days, 7, "Days each FindAvailableSlots covers.");
ABSL_FLAG(int, list_page_size, 1000,
          "page_size of each ListSessions (the whole day on a busy day).");
ABSL_FLAG(int, patients_to_read, 2000, "Patients GetPatient picks from.");

namespace mesoclinic::bench {
namespace {

constexpr char kTreatmentType[] = "treatmentTypes/cellulite";

absl::StatusOr<std::string> AdminKey() {
  if (!absl::GetFlag(FLAGS_api_key).empty()) return absl::GetFlag(FLAGS_api_key);
  clinicctl::ConnectionOptions options;
  options.key_file = absl::GetFlag(FLAGS_api_key_file);
  try {
    return clinicctl::ReadApiKey(options);
  } catch (const clinicctl::ConnectionError& error) {
    return absl::InvalidArgumentError(error.what());
  }
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials() {
  if (!absl::GetFlag(FLAGS_tls)) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (const std::string ca = absl::GetFlag(FLAGS_tls_ca); !ca.empty()) {
    std::ifstream file(ca);
    if (!file) return absl::NotFoundError(absl::StrCat("cannot read ", ca));
    ssl.pem_root_certs.assign(std::istreambuf_iterator<char>(file), {});
  }
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<std::vector<int>> InFlightLevels() {
  std::vector<int> levels;
  for (const std::string& text : absl::GetFlag(FLAGS_in_flight)) {
    int level = 0;
    if (!absl::SimpleAtoi(text, &level) || level < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("--in_flight: \"", text, "\" is not a positive number"));
    }
    levels.push_back(level);
  }
  return levels;
}

// Builds the scenarios named by --scenarios, finding the free slots the
// booking ones need.
absl::StatusOr<std::vector<std::unique_ptr<Scenario>>> MakeScenarios(
    const BenchClinic& clinic, const std::shared_ptr<grpc::Channel>& front_desk) {
  const std::vector<std::string> names = absl::GetFlag(FLAGS_scenarios);
  const auto wanted = [&](absl::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  if ((wanted("connect_get_patient") || wanted("connect_book_distinct")) &&
      absl::GetFlag(FLAGS_http_target).empty()) {
    return absl::InvalidArgumentError(
        "--scenarios: the connect_* scenarios need --http_target");
  }
  std::vector<BookingTarget> distinct;
  std::vector<BookingTarget> contended;
  std::vector<BookingTarget> distinct_over_connect;
  if (wanted("book_distinct") || wanted("book_contended")) {
    const int contended_count = absl::GetFlag(FLAGS_contended_slots);
    // Each book_distinct scenario books slots of its own.
    const int distinct_count =
        absl::GetFlag(FLAGS_booking_slots) *
        (wanted("book_distinct") + wanted("connect_book_distinct"));
    std::cerr << "finding " << distinct_count + contended_count
              << " free slots...\n";
    constexpr int kMaxSearchDays = 3 * 365;
    absl::StatusOr<std::vector<BookingTarget>> found = FindFreeSlots(
        front_desk, clinic, distinct_count + contended_count, kMaxSearchDays);
    if (!found.ok()) return found.status();
    const int reserved = std::min<int>(contended_count, found->size());
    contended.assign(found->begin(), found->begin() + reserved);
    distinct.assign(found->begin() + reserved, found->end());
    if (wanted("book_distinct") && wanted("connect_book_distinct")) {
      const auto half = distinct.begin() + distinct.size() / 2;
      distinct_over_connect.assign(half, distinct.end());
      distinct.erase(half, distinct.end());
    } else if (wanted("connect_book_distinct")) {
      distinct_over_connect = std::move(distinct);
    }
  }
  std::vector<std::string> bench_patients;
  for (const BenchPair& pair : clinic.pairs) {
    bench_patients.insert(bench_patients.end(), pair.patients.begin(),
                          pair.patients.end());
  }
  // Days around today for the calendar, the coming four weeks for slots:
  // where a clinic's screens look.
  const absl::CivilDay today = clinic.Today();
  std::vector<std::unique_ptr<Scenario>> scenarios;
  for (const std::string& name : names) {
    if (name == "health") {
      scenarios.push_back(HealthCheckScenario());
    } else if (name == "get_patient") {
      scenarios.push_back(GetPatientScenario(clinic.patients_to_read));
    } else if (name == "list_sessions_day") {
      scenarios.push_back(ListSessionsOfDayScenario(
          clinic.OpenDays(today - 14, today + 14),
          absl::GetFlag(FLAGS_list_page_size)));
    } else if (name == "find_slots") {
      scenarios.push_back(FindAvailableSlotsScenario(
          kTreatmentType, clinic.OpenDays(today + 1, today + 28),
          absl::GetFlag(FLAGS_find_slots_days)));
    } else if (name == "book_distinct") {
      scenarios.push_back(BookDistinctScenario(kTreatmentType, distinct));
    } else if (name == "connect_get_patient") {
      scenarios.push_back(
          OverConnect(GetPatientScenario(clinic.patients_to_read)));
    } else if (name == "connect_book_distinct") {
      scenarios.push_back(OverConnect(
          BookDistinctScenario(kTreatmentType, distinct_over_connect)));
    } else if (name == "book_contended") {
      scenarios.push_back(
          BookContendedScenario(kTreatmentType, contended, bench_patients));
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "--scenarios: unknown scenario \"", name,
          "\"; known: health, get_patient, list_sessions_day, find_slots, "
          "book_distinct, book_contended, connect_get_patient, "
          "connect_book_distinct"));
    }
  }
  return scenarios;
}

int Run() {
  const absl::StatusOr<std::string> admin_key = AdminKey();
  const absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      Credentials();
  const absl::StatusOr<std::vector<int>> levels = InFlightLevels();
  for (const absl::Status& status :
       {admin_key.status(), credentials.status(), levels.status()}) {
    if (!status.ok()) {
      std::cerr << "clinic_load: " << status.message() << "\n";
      return 2;
    }
  }
  const std::string target = absl::GetFlag(FLAGS_target);
  const Connector connect = [&](const std::string& key) {
    return clients::CreateAuthenticatedChannel(target, *credentials, key);
  };

  std::cerr << "preparing the bench clinic on " << target << "...\n";
  const absl::StatusOr<BenchClinic> clinic = PrepareBenchClinic(
      connect, *admin_key,
      {.pairs = absl::GetFlag(FLAGS_pairs),
       .patients_per_pair = absl::GetFlag(FLAGS_patients_per_pair),
       .treatment_type = kTreatmentType,
       .patients_to_read = absl::GetFlag(FLAGS_patients_to_read)});
  if (!clinic.ok()) {
    std::cerr << "clinic_load: cannot prepare the bench clinic: "
              << clinic.status() << "\n";
    return 1;
  }
  // Each load channel gets its own connection: gRPC would otherwise share
  // one between channels with equal arguments.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(clients::CreateAuthenticatedChannel(
        target, *credentials, clinic->front_desk_key, arguments));
    channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                      std::chrono::seconds(10));
  }
  absl::StatusOr<std::vector<std::unique_ptr<Scenario>>> scenarios =
      MakeScenarios(*clinic, channels.front());
  if (!scenarios.ok()) {
    std::cerr << "clinic_load: " << scenarios.status() << "\n";
    return 1;
  }

  if (const std::string ready = absl::GetFlag(FLAGS_ready_file);
      !ready.empty()) {
    std::ofstream(ready) << "measuring\n";
  }

  RunReport report;
  report.label = absl::GetFlag(FLAGS_label);
  report.target = target;
  report.started = absl::Now();
  report.machine = MachineInfo::OfThisHost();
  report.threads = absl::GetFlag(FLAGS_threads);
  report.channels = static_cast<int>(channels.size());
  report.warmup = absl::GetFlag(FLAGS_warmup);
  report.duration = absl::GetFlag(FLAGS_duration);
  LoadDriver driver(channels, report.threads);
  ConnectLoadDriver connect_driver(absl::GetFlag(FLAGS_http_target),
                                   clinic->front_desk_key);
  const int server_pid = absl::GetFlag(FLAGS_server_pid);
  const absl::Duration settle_timeout = absl::GetFlag(FLAGS_settle_timeout);
  for (const std::unique_ptr<Scenario>& scenario : *scenarios) {
    for (const int in_flight : *levels) {
      if (server_pid > 0 && settle_timeout > absl::ZeroDuration()) {
        const absl::StatusOr<absl::Duration> settled =
            WaitUntilIdle(server_pid, {.timeout = settle_timeout});
        if (!settled.ok()) {
          std::cerr << "clinic_load: before " << scenario->name() << " @"
                    << in_flight << ": " << settled.status().message()
                    << "; measuring anyway\n";
        } else if (*settled > absl::Seconds(1)) {
          std::cerr << "clinic_load: clinicd settled in "
                    << absl::FormatDuration(*settled) << " before "
                    << scenario->name() << " @" << in_flight << "\n";
        }
      }
      StepOptions options{.in_flight = in_flight,
                          .warmup = report.warmup,
                          .duration = report.duration};
      // The server's CPU over the measured window, as the calls counted.
      std::optional<CpuMeter> server_cpu;
      std::optional<double> server_cores;
      if (server_pid > 0) {
        options.on_window_start = [&] {
          absl::StatusOr<CpuMeter> meter = CpuMeter::Start(server_pid);
          if (meter.ok()) server_cpu = *meter;
        };
        options.on_window_end = [&] {
          if (!server_cpu.has_value()) return;
          absl::StatusOr<double> cores = server_cpu->CoresSinceStart();
          if (cores.ok()) server_cores = *cores;
        };
      }
      StepResult result =
          scenario->transport() == Transport::kConnectJson
              ? connect_driver.Run(*scenario, options)
              : driver.Run(*scenario, options);
      StepFigures step = StepFigures::From(result);
      step.server_cores = server_cores;
      if (server_pid > 0) {
        absl::StatusOr<ProcessMemory> memory = ReadProcessMemory(server_pid);
        if (memory.ok()) step.server_memory = *memory;
      }
      std::cerr << step.scenario << " @" << step.in_flight << ": "
                << static_cast<int64_t>(step.calls_per_second)
                << " calls/s, p99 " << step.p99_ms << " ms, " << step.errors
                << " errors\n";
      report.steps.push_back(std::move(step));
    }
  }
  report.ComputeRatios();
  std::cout << "\n";
  report.PrintTable(std::cout);

  std::optional<ComparedRun> empty;
  if (const std::string path = absl::GetFlag(FLAGS_compare_to); !path.empty()) {
    absl::StatusOr<ComparedRun> read = ReadRunJson(path);
    if (!read.ok()) {
      std::cerr << "clinic_load: --compare_to: " << read.status() << "\n";
      return 1;
    }
    empty = *std::move(read);
  }
  PrintTargets(report, empty, std::cout);

  if (const std::string path = absl::GetFlag(FLAGS_json_out); !path.empty()) {
    std::ofstream out(path);
    out << report.ToJson() << "\n";
    if (!out) {
      std::cerr << "clinic_load: cannot write " << path << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace mesoclinic::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Measures clinicd under load: clinic_load --target=HOST:PORT "
      "--api_key_file=ADMIN_KEY_FILE [--json_out=FILE] [--compare_to=FILE]");
  mesoclinic::bench::HelpListsFlagsOf(__FILE__);
  absl::ParseCommandLine(argc, argv);
  return mesoclinic::bench::Run();
}
