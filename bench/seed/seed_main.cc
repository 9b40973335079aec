// clinic_seed: creates a database holding years of a busy clinic (see
// clinic_seeder.h), for measuring clinicd on realistic volume.
//
//   clinic_seed --db=var/bench/seeded/clinic.db            # the full volume
//   clinic_seed --db=/tmp/small.db --patients=1000 --sessions=10000
//
// The database is written in-process through the core's storage layer and
// migrated by it, so clinicd serves it as it is. Like clinicd's first start,
// it creates the first admin and writes its key beside the database
// (admin.key), where clinic_load finds it.

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/flags_help.h"
#include "bench/seed/bulk_writer.h"
#include "bench/seed/clinic_seeder.h"
#include "bench/seed/treatment_catalog.h"
#include "core/auth/first_admin.h"
#include "core/base/status_macros.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/storage/sqlite_store.h"

ABSL_FLAG(std::string, db, "",
          "The database file to create. It must not exist: the seed is "
          "written to FILE.partial and renamed when complete.");
ABSL_FLAG(std::string, admin_key_file, "",
          "Where to write the first admin's API key (default: admin.key in "
          "the database's folder, as clinicd does).");
ABSL_FLAG(int, patients, 100000, "Patients.");
ABSL_FLAG(int64_t, sessions, 1000000,
          "Sessions, in every state; 0: the clinic alone, with no history.");
ABSL_FLAG(int, practitioners, 50, "Practitioners.");
ABSL_FLAG(int, rooms, 20, "Treatment rooms.");
ABSL_FLAG(int, front_desk, 6, "Front-desk staff.");
ABSL_FLAG(int, years, 5, "Years of history up to today.");
ABSL_FLAG(int, history_days, 0,
          "Days of history up to today, instead of --years when above 0 "
          "(with --sessions scaled to keep the clinic as busy).");
ABSL_FLAG(int, adverse_events, 3000, "About this many adverse events.");
ABSL_FLAG(bool, audit_history, true,
          "Write the audit records of the seeded history.");
ABSL_FLAG(std::string, time_zone, "Europe/Paris", "The clinic's time zone.");
ABSL_FLAG(std::string, plugin_dir, MESOCLINIC_DEFAULT_PLUGIN_DIR,
          "Folder of the treatment plugins (*.so), as clinicd's --plugin_dir.");
ABSL_FLAG(uint64_t, random_seed, 1,
          "The same seed gives the same clinic (resource ids aside).");
ABSL_FLAG(int, cache_mib, 512, "SQLite page cache while seeding, in MiB.");

namespace mesoclinic::bench {
namespace {

// The first admin's id: the only staff member of a new database.
absl::StatusOr<std::string> FirstAdminId(storage::Store& store) {
  std::string id;
  RETURN_IF_ERROR(store.Read([&](storage::Transaction& transaction) {
    ASSIGN_OR_RETURN(const staff::StaffPage page,
                     transaction.staff().List({.role = staff::Role::kAdmin}));
    if (page.staff.empty()) {
      return absl::InternalError("the first admin was not created");
    }
    id = page.staff.front().id;
    return absl::OkStatus();
  }));
  return id;
}

absl::Status Seed(const std::string& partial, const std::string& key_file,
                  absl::Time now, SeedCounts& counts) {
  plugin_host::PluginRegistry::LoadResult plugins =
      plugin_host::PluginRegistry::LoadDirectory(
          absl::GetFlag(FLAGS_plugin_dir));
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(absl::GetFlag(FLAGS_time_zone), &zone)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--time_zone: unknown time zone ", absl::GetFlag(FLAGS_time_zone)));
  }
  ASSIGN_OR_RETURN(const std::vector<Treatment> catalog,
                   LoadTreatmentCatalog(plugins.registry, zone, 15));

  // Migrations and the first admin, as clinicd's first start makes them.
  std::string admin_id;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<storage::SqliteStore> store,
                     storage::SqliteStore::Open(
                         {.path = partial, .require_audited_changes = false}));
    ASSIGN_OR_RETURN(const std::optional<std::string> written,
                     auth::BootstrapFirstAdmin(*store, key_file));
    if (!written.has_value()) {
      return absl::InternalError("the new database already had staff");
    }
    ASSIGN_OR_RETURN(admin_id, FirstAdminId(*store));
  }

  ASSIGN_OR_RETURN(
      std::unique_ptr<BulkWriter> writer,
      BulkWriter::Open(partial, absl::GetFlag(FLAGS_cache_mib),
                       /*rows_per_commit=*/200000));
  const SeedVolume volume{
      .patients = absl::GetFlag(FLAGS_patients),
      .sessions = absl::GetFlag(FLAGS_sessions),
      .practitioners = absl::GetFlag(FLAGS_practitioners),
      .rooms = absl::GetFlag(FLAGS_rooms),
      .front_desk = absl::GetFlag(FLAGS_front_desk),
      .years = absl::GetFlag(FLAGS_years),
      .history_days = absl::GetFlag(FLAGS_history_days),
      .adverse_events = absl::GetFlag(FLAGS_adverse_events),
      .audit_history = absl::GetFlag(FLAGS_audit_history),
  };
  ASSIGN_OR_RETURN(counts,
                   SeedClinic(*writer, catalog, absl::GetFlag(FLAGS_time_zone),
                              admin_id, now, volume,
                              absl::GetFlag(FLAGS_random_seed)));
  return writer->Finish();
}

void PrintCounts(const SeedCounts& counts, std::ostream& out) {
  out << "  staff " << counts.staff + 1 << " (with the first admin), API keys "
      << counts.api_keys + 1 << ", rooms " << counts.rooms << ", closures "
      << counts.closures << "\n"
      << "  patients " << counts.patients << " (" << counts.archived_patients
      << " archived), consents " << counts.consents << "\n"
      << "  courses " << counts.courses << ", sessions " << counts.sessions
      << " (" << counts.single_sessions << " outside a course;";
  for (const auto& [state, count] : counts.sessions_by_state) {
    out << " " << state << " " << count;
  }
  out << "), not placed " << counts.unplaced_sessions << "\n"
      << "  follow-up tasks " << counts.follow_up_tasks << ", adverse events "
      << counts.adverse_events << " (" << counts.adverse_event_follow_ups
      << " follow-ups, " << counts.safety_holds << " safety holds)\n"
      << "  audit records " << counts.audit_records << "\n";
}

int Run() {
  const std::string db = absl::GetFlag(FLAGS_db);
  if (db.empty()) {
    std::cerr << "clinic_seed: --db is required\n";
    return 2;
  }
  std::error_code error;
  if (std::filesystem::exists(db, error)) {
    std::cerr << "clinic_seed: " << db
              << " exists: the seed fills a fresh database; remove it first\n";
    return 2;
  }
  const std::filesystem::path folder =
      std::filesystem::absolute(db).parent_path();
  std::string key_file = absl::GetFlag(FLAGS_admin_key_file);
  if (key_file.empty()) key_file = (folder / "admin.key").string();
  // As clinicd: the database and the key are for this user only.
  umask(077);
  std::filesystem::create_directories(folder, error);
  const std::string partial = db + ".partial";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(partial + suffix, error);
  }

  const absl::Time started = absl::Now();
  SeedCounts counts;
  const absl::Status seeded = Seed(partial, key_file, started, counts);
  if (!seeded.ok()) {
    std::cerr << "clinic_seed: " << seeded << "\n";
    return 1;
  }
  std::filesystem::rename(partial, db, error);
  if (error) {
    std::cerr << "clinic_seed: cannot rename " << partial << " to " << db
              << ": " << error.message() << "\n";
    return 1;
  }
  const double mib =
      static_cast<double>(std::filesystem::file_size(db, error)) / (1 << 20);
  std::cout << "seeded " << db << " in "
            << absl::FormatDuration(absl::Trunc(absl::Now() - started,
                                                absl::Milliseconds(100)))
            << ", " << absl::StrFormat("%.0f", mib) << " MiB; admin key in "
            << key_file << "\n";
  PrintCounts(counts, std::cout);
  return 0;
}

}  // namespace
}  // namespace mesoclinic::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Creates a database holding years of a busy clinic: clinic_seed "
      "--db=FILE [--patients=N --sessions=N ...]");
  mesoclinic::bench::HelpListsFlagsOf(__FILE__);
  absl::ParseCommandLine(argc, argv);
  return mesoclinic::bench::Run();
}
