// clinicd: the Mesoclinic practice-management server.

#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/audit/audit_checkpoint.h"
#include "core/base/secret_file.h"
#include "core/base/status_macros.h"
#include "core/observability/log_format.h"
#include "core/server/audit_trail_start.h"
#include "core/server/clinic_server.h"
#include "core/server/instance_lock.h"
#include "core/storage/backup_encryption.h"
#include "core/storage/durable_file.h"
#include "core/storage/online_backup.h"
#include "core/storage/sqlite_store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "Address and port to serve on, as host:port. Port 0 picks a free "
          "port.");
ABSL_FLAG(std::string, db, "var/clinic.db",
          "The SQLite database file. It and its folder are created when "
          "missing, and its schema is migrated to this version at start.");
ABSL_FLAG(std::string, plugin_dir, MESOCLINIC_DEFAULT_PLUGIN_DIR,
          "Folder holding the treatment plugins (*.so) to load at start.");
ABSL_FLAG(bool, migrate_only, false,
          "Apply pending database migrations, print the schema version and "
          "exit without serving.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM file with the server's certificate chain. With --tls_key, "
          "clinicd serves TLS only.");
ABSL_FLAG(std::string, tls_key, "", "PEM file with the server's private key.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM file of the authorities that sign client certificates: when "
          "set, every client must present one (mutual TLS).");
ABSL_FLAG(bool, allow_insecure, false,
          "Serve plaintext on a non-loopback address. Only behind a TLS proxy "
          "on a trusted network: without TLS, patient data and API keys "
          "cross the network in clear.");
ABSL_FLAG(std::string, time_zone, "UTC",
          "The clinic's IANA time zone (such as Europe/Paris) for a new "
          "database. Afterwards the stored clinic settings decide; change "
          "them with ClinicService.UpdateClinicSettings.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "On SIGINT or SIGTERM, how long calls in flight may take to finish "
          "before they are cancelled.");
ABSL_FLAG(int, max_calls_in_flight, 512,
          "Calls worked on at once. Past it, calls are refused at once with "
          "RESOURCE_EXHAUSTED (clients back off and retry) instead of queueing "
          "without bound. 0: no limit.");
ABSL_FLAG(int, max_schedule_watchers, 256,
          "WatchSchedule streams open at once; the next is refused with "
          "RESOURCE_EXHAUSTED. 0: no limit.");
ABSL_FLAG(int, max_queued_writes, 4096,
          "Writes waiting for the database writer at most; more are refused "
          "with RESOURCE_EXHAUSTED.");
ABSL_FLAG(absl::Duration, plugin_hook_timeout, absl::Seconds(2),
          "How long a treatment plugin's hook may take. A call whose hook "
          "takes longer fails UNAVAILABLE, and the plugin is suspended until "
          "that hook returns.");
ABSL_FLAG(absl::Duration, idempotency_retention, absl::Hours(24 * 7),
          "How long the first answer to a change is kept for its retries "
          "(same request_id). Older records are deleted, in small batches, "
          "at start and every few minutes: a retry after this long is "
          "treated as a new request. These records hold copies of patient "
          "data, in the database and in every backup.");
ABSL_FLAG(absl::Duration, audit_index_merge_interval, absl::Milliseconds(200),
          "How often the audit trail's per-patient index is brought up to "
          "the newest records (\"who saw this patient\" is exact either "
          "way: it reads the records not merged yet by their own patient "
          "lists). Longer: larger, cheaper merges and a longer part of the "
          "trail read that way.");
ABSL_FLAG(absl::Duration, keepalive_time, absl::Seconds(20),
          "After this long without a frame from a client, ping it; with "
          "--keepalive_timeout, how soon a client that vanished without "
          "closing its connection gives back its WatchSchedule place.");
ABSL_FLAG(absl::Duration, keepalive_timeout, absl::Seconds(10),
          "How long a keepalive ping may go unanswered before the "
          "connection is closed.");
ABSL_FLAG(mesoclinic::observability::LogFormat, log_format,
          mesoclinic::observability::LogFormat::kText,
          "How log lines look: text (one readable line each) or json (each "
          "line one JSON object, for a log shipper). Either way every call "
          "gets one line: method, code, staff, elapsed_ms, call_id (also "
          "sent to the client as call-id), transport.");

ABSL_FLAG(std::string, http_listen, "127.0.0.1:8080",
          "Address and port of the HTTP listener, as host:port: the Connect "
          "protocol (browsers, curl), /metrics and /healthz. Empty turns it "
          "off. The same TLS flags and the same refusal of plaintext on a "
          "non-loopback address apply as for --listen.");
ABSL_FLAG(std::vector<std::string>, http_allowed_origins, {},
          "Comma-separated origins (https://desk.example.org) besides "
          "clinicd's own whose web pages may call it. By default only pages "
          "clinicd serves itself may.");
ABSL_FLAG(absl::Duration, http_idle_timeout, absl::Seconds(30),
          "An HTTP connection that sends nothing for this long (headers that "
          "never finish, an idle keep-alive) is closed.");
ABSL_FLAG(std::string, web_app_dir, MESOCLINIC_DEFAULT_WEB_APP_DIR,
          "Folder of the built web front desk (clients/web/dist), served on "
          "the HTTP listener at / beside the API; read into memory at start. "
          "Empty turns it off. By default, this build's clients/web/dist, "
          "when it has been built.");

ABSL_FLAG(std::string, metrics_token_file, "",
          "A file holding a secret that a Prometheus server sends as "
          "\"Authorization: Bearer <secret>\" to read /metrics; without it, "
          "only an admin's API key may read them. Keep it mode 0600.");

ABSL_FLAG(std::string, audit_chain_key_file, "",
          "The file holding the key the audit chain is linked under (hex, "
          "mode 0600; created at the first start). Empty: audit-chain.key "
          "beside the database. Keep a copy away from the database's "
          "backups. clinicd verify reads it too, to prove the links.");
ABSL_FLAG(bool, audit_chain_new_key, false,
          "Go on linking the audit chain under the key file's key although "
          "it was linked under another one: only when that key is lost for "
          "good (the records before are then proven by their links only).");
ABSL_FLAG(std::string, audit_signing_key_file, "",
          "The audit signing key (an Ed25519 seed, hex, mode 0600) that "
          "AuditService.CreateAuditCheckpoint signs checkpoints with; created "
          "at first start. Empty: audit-signing.key beside --db. clinicd "
          "verify --checkpoint trusts the public key derived from it.");

// clinicd backup / restore / backup-key / verify.
ABSL_FLAG(std::string, checkpoint, "",
          "clinicd verify: a checkpoint file (clinicctl audit checkpoint) the "
          "database must still hold: its record unchanged, none before it "
          "rewritten, none after it removed.");
ABSL_FLAG(std::string, audit_public_key, "",
          "clinicd verify --checkpoint: the audit signing key's public key "
          "(64 hex digits) the checkpoint must be signed with; or give "
          "--audit_signing_key_file.");
ABSL_FLAG(std::string, to, "",
          "clinicd backup: the backup file to write. clinicd restore: the "
          "database file to write. clinicd backup-key: the key file to "
          "create. Its folder must exist.");
ABSL_FLAG(bool, force, false,
          "clinicd backup: replace the --to file if it exists. clinicd "
          "restore: replace the --to database, after moving it and its -wal "
          "and -shm files aside.");
ABSL_FLAG(std::string, from, "", "clinicd restore: the backup file to restore.");
ABSL_FLAG(std::string, backup_key_file, "",
          "clinicd backup and restore: the file holding the backup key "
          "(made by clinicd backup-key, mode 0600). Keep it apart from the "
          "backups: without it they cannot be read.");
ABSL_FLAG(bool, unencrypted, false,
          "clinicd backup and restore: a plain backup, readable by whoever "
          "gets the file, instead of an encrypted one.");

namespace {

// Exit status of the commands (backup, restore, backup-key, verify) when
// their arguments are wrong (1 is a failure of the command itself).
constexpr int kExitUsage = 2;

// The database's folder, created when missing (the default lives in ./var).
bool EnsureParentFolder(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return true;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    spdlog::critical("cannot create the database folder {}: {}",
                     parent.string(), error.message());
    return false;
  }
  return true;
}

int MigrateOnly(const std::string& database_path) {
  // Never migrate a database a running clinicd is serving.
  absl::StatusOr<std::unique_ptr<mesoclinic::InstanceLock>> lock =
      mesoclinic::InstanceLock::Acquire(database_path);
  if (!lock.ok()) {
    spdlog::critical("cannot migrate {}: {}", database_path,
                     lock.status().ToString());
    return EXIT_FAILURE;
  }
  absl::StatusOr<std::unique_ptr<mesoclinic::storage::SqliteStore>> store =
      mesoclinic::storage::SqliteStore::Open({.path = database_path});
  if (!store.ok()) {
    spdlog::critical("cannot migrate {}: {}", database_path,
                     store.status().ToString());
    return EXIT_FAILURE;
  }
  const mesoclinic::storage::MigrationReport& report =
      (*store)->migration_report();
  spdlog::info("database {} is at schema version {} ({} migration(s) applied "
               "now)",
               database_path, report.schema_version, report.applied_now.size());
  return EXIT_SUCCESS;
}

std::string UtcText(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// "5321 audit record(s) (newest 2026-01-12T08:00:00Z)"
std::string AuditSummary(const mesoclinic::storage::DatabaseCheck& check) {
  std::string summary = absl::StrCat(check.audit_records, " audit record(s)");
  if (check.newest_audit_record_time.has_value()) {
    absl::StrAppend(&summary, " (newest ",
                    UtcText(*check.newest_audit_record_time), ")");
  }
  return summary;
}

// Whether exactly one of --backup_key_file and --unencrypted is given to
// `command`; says why not when it is not.
bool BackupKeyChoiceGiven(std::string_view command) {
  const bool key_file = !absl::GetFlag(FLAGS_backup_key_file).empty();
  const bool unencrypted = absl::GetFlag(FLAGS_unencrypted);
  if (key_file && unencrypted) {
    spdlog::critical("clinicd {}: --backup_key_file and --unencrypted "
                     "exclude each other; give one",
                     command);
    return false;
  }
  if (!key_file && !unencrypted) {
    spdlog::critical(
        "clinicd {} needs --backup_key_file=FILE, the backup key (make one "
        "with clinicd backup-key --to=FILE), or --unencrypted for a plain "
        "backup that whoever gets the file can read",
        command);
    return false;
  }
  return true;
}

// Reads into `key` the backup key the flags name (none with
// --unencrypted). Returns the exit status when the flags name none, or both
// kinds, or the key file cannot be used; the critical line says why.
std::optional<int> ReadBackupKeyFlags(
    std::string_view command,
    std::optional<mesoclinic::storage::BackupKey>& key) {
  if (!BackupKeyChoiceGiven(command)) return kExitUsage;
  if (absl::GetFlag(FLAGS_unencrypted)) return std::nullopt;
  absl::StatusOr<mesoclinic::storage::BackupKey> read =
      mesoclinic::storage::BackupKey::FromFile(
          absl::GetFlag(FLAGS_backup_key_file));
  if (!read.ok()) {
    spdlog::critical("clinicd {} refused, nothing written: "
                     "--backup_key_file: {}",
                     command, read.status().ToString());
    return EXIT_FAILURE;
  }
  key = *std::move(read);
  return std::nullopt;
}

// "encrypted under backup key 0123456789abcdef", or that it is not.
std::string EncryptionSummary(const std::string& key_id) {
  if (key_id.empty()) return "NOT encrypted (--unencrypted)";
  return absl::StrCat("encrypted under backup key ", key_id);
}

// The audit chain's key, which proves its links in the checks of verify,
// backup and restore: --audit_chain_key_file, or audit-chain.key beside
// `database_path`. Without it the links and the resource digests are still
// checked, and what is not proven is said.
std::vector<mesoclinic::audit::AuditChainKey> ChainKeysFor(
    const std::string& database_path) {
  std::string key_file = absl::GetFlag(FLAGS_audit_chain_key_file);
  if (key_file.empty()) {
    key_file = mesoclinic::AuditChainKeyFileBeside(database_path);
  }
  absl::StatusOr<mesoclinic::audit::AuditChainKey> key =
      mesoclinic::ReadAuditChainKey(key_file);
  if (!key.ok()) {
    spdlog::warn("no audit chain key read ({}): links are followed, not "
                 "proven",
                 std::string(key.status().message()));
    return {};
  }
  return {*std::move(key)};
}

// clinicd backup: an online backup beside a serving clinicd (no instance
// lock needed), or of a database no clinicd serves.
int Backup(const std::string& database_path) {
  const std::string destination = absl::GetFlag(FLAGS_to);
  if (destination.empty()) {
    spdlog::critical("clinicd backup needs --to=FILE, the backup file to write");
    return kExitUsage;
  }
  std::optional<mesoclinic::storage::BackupKey> key;
  if (const std::optional<int> refused = ReadBackupKeyFlags("backup", key)) {
    return *refused;
  }
  absl::StatusOr<mesoclinic::storage::BackupReport> report =
      mesoclinic::storage::BackupDatabase({
          .source = database_path,
          .destination = destination,
          .overwrite = absl::GetFlag(FLAGS_force),
          .key = key.has_value() ? &*key : nullptr,
          .chain_keys = ChainKeysFor(database_path),
      });
  if (!report.ok()) {
    spdlog::critical("backup of {} failed, nothing written to {}: {}",
                     database_path, destination, report.status().ToString());
    return EXIT_FAILURE;
  }
  spdlog::info(
      "backup of {} written to {}: {:.1f} MiB, {}, schema version {}, {}; "
      "integrity and audit chain verified; took {}",
      database_path, report->destination,
      static_cast<double>(report->size_bytes) / (1 << 20),
      EncryptionSummary(report->key_id), report->check.schema_version,
      AuditSummary(report->check),
      absl::FormatDuration(absl::Trunc(report->elapsed, absl::Milliseconds(1))));
  return EXIT_SUCCESS;
}

// clinicd restore: a backup made the database, all or nothing, while no
// clinicd serves it.
int Restore(const std::string& database_path) {
  const std::string backup = absl::GetFlag(FLAGS_from);
  const std::string destination = absl::GetFlag(FLAGS_to);
  if (backup.empty() || destination.empty()) {
    spdlog::critical("clinicd restore needs --from=FILE, the backup to "
                     "restore, and --to=FILE, the database file to write");
    return kExitUsage;
  }
  // The default named explicitly counts as the default: this abseil does
  // not tell whether a flag was given.
  if (database_path != absl::GetFlagReflectionHandle(FLAGS_db).DefaultValue()) {
    spdlog::critical("clinicd restore writes the database named by --to; "
                     "--db belongs to backup and verify");
    return kExitUsage;
  }
  std::optional<mesoclinic::storage::BackupKey> key;
  if (const std::optional<int> refused = ReadBackupKeyFlags("restore", key)) {
    return *refused;
  }
  // Its lock file lives there: without the folder, no lock, no restore.
  if (const std::string folder = mesoclinic::storage::FolderOf(destination);
      !std::filesystem::is_directory(folder)) {
    spdlog::critical("restore of {} refused: --to: the folder {} does not "
                     "exist",
                     backup, folder);
    return EXIT_FAILURE;
  }
  // Never under a serving clinicd: it would go on writing its own file.
  absl::StatusOr<std::unique_ptr<mesoclinic::InstanceLock>> lock =
      mesoclinic::InstanceLock::Acquire(destination);
  if (!lock.ok()) {
    spdlog::critical("restore of {} refused, {} untouched: {}{}", backup,
                     destination, lock.status().ToString(),
                     absl::IsFailedPrecondition(lock.status())
                         ? " (stop the clinicd serving it first)"
                         : "");
    return EXIT_FAILURE;
  }
  absl::StatusOr<mesoclinic::storage::RestoreReport> report =
      mesoclinic::storage::RestoreDatabase({
          .backup = backup,
          .destination = destination,
          .overwrite = absl::GetFlag(FLAGS_force),
          .key = key.has_value() ? &*key : nullptr,
          .chain_keys = ChainKeysFor(destination),
      });
  if (!report.ok()) {
    spdlog::critical("restore of {} failed, {} untouched: {}", backup,
                     destination, report.status().ToString());
    return EXIT_FAILURE;
  }
  spdlog::info(
      "{} restored to {}{}: integrity ok, schema version {} ({} newer "
      "migration(s) will be applied at start), audit chain intact with {}; "
      "took {}",
      backup, report->destination,
      report->moved_aside.empty()
          ? std::string()
          : absl::StrCat(" (the database it replaced moved to ",
                         report->moved_aside, ")"),
      report->check.schema_version, report->check.pending_migrations,
      AuditSummary(report->check),
      absl::FormatDuration(absl::Trunc(report->elapsed, absl::Milliseconds(1))));
  return EXIT_SUCCESS;
}

// clinicd backup-key: a new random backup key in a new file.
int CreateBackupKey(const std::string& /*database_path*/) {
  const std::string key_file = absl::GetFlag(FLAGS_to);
  if (key_file.empty()) {
    spdlog::critical("clinicd backup-key needs --to=FILE, the key file to "
                     "create");
    return kExitUsage;
  }
  absl::StatusOr<mesoclinic::storage::BackupKey> key =
      mesoclinic::storage::BackupKey::CreateFile(key_file);
  if (!key.ok()) {
    spdlog::critical("no backup key created: {}", key.status().ToString());
    return EXIT_FAILURE;
  }
  spdlog::info(
      "backup key {} written to {} (mode 0600): label its copies with that "
      "id, and keep one apart from the backups; without it they cannot be "
      "read",
      key->id(), key_file);
  return EXIT_SUCCESS;
}

// The public key a checkpoint must be signed with: given in hex, or
// derived from the signing key's file; empty when neither flag is given.
absl::StatusOr<std::string> TrustedCheckpointKey() {
  const std::string hex = absl::GetFlag(FLAGS_audit_public_key);
  const std::string key_file = absl::GetFlag(FLAGS_audit_signing_key_file);
  if (!hex.empty()) {
    absl::StatusOr<std::string> key =
        mesoclinic::audit::ParseCheckpointPublicKey(hex);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--audit_public_key: ", key.status().message()));
    }
    return key;
  }
  if (key_file.empty()) return "";
  absl::StatusOr<std::string> seed = mesoclinic::ReadKeyFile(
      key_file, mesoclinic::audit::kCheckpointSeedBytes);
  if (!seed.ok()) {
    return absl::Status(seed.status().code(),
                        absl::StrCat("--audit_signing_key_file: ",
                                     seed.status().message()));
  }
  return mesoclinic::audit::CheckpointPublicKey(*seed);
}

// The checkpoint of --checkpoint and the key it must be signed with, or no
// options when there is none. Without a trusted key the checkpoint's own
// is used, and the operator is told what that does not prove.
absl::StatusOr<mesoclinic::storage::VerifyOptions> CheckpointOptions() {
  mesoclinic::storage::VerifyOptions options;
  const std::string path = absl::GetFlag(FLAGS_checkpoint);
  if (path.empty()) return options;
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) {
    return absl::NotFoundError(
        absl::StrCat("--checkpoint: cannot read ", path));
  }
  absl::StatusOr<mesoclinic::audit::AuditCheckpoint> checkpoint =
      mesoclinic::audit::ParseCheckpoint(text.str());
  if (!checkpoint.ok()) {
    return absl::Status(checkpoint.status().code(),
                        absl::StrCat("--checkpoint ", path, ": ",
                                     checkpoint.status().message()));
  }
  ASSIGN_OR_RETURN(options.checkpoint_public_key, TrustedCheckpointKey());
  if (options.checkpoint_public_key.empty()) {
    options.checkpoint_public_key = checkpoint->public_key;
    spdlog::warn(
        "no trusted key given (--audit_public_key or "
        "--audit_signing_key_file): the checkpoint is checked against the "
        "key it names itself, which only proves it is self-consistent. "
        "Compare its key fingerprint {} with the one noted down elsewhere",
        mesoclinic::audit::KeyFingerprint(checkpoint->public_key));
  }
  options.checkpoint = *std::move(checkpoint);
  return options;
}

// kExitUsage when the trusted key of --checkpoint is given without one,
// or twice.
std::optional<int> MisusedCheckpointKeyFlags() {
  const bool checkpoint = !absl::GetFlag(FLAGS_checkpoint).empty();
  const bool public_key = !absl::GetFlag(FLAGS_audit_public_key).empty();
  if (public_key && !checkpoint) {
    spdlog::critical("--audit_public_key goes with --checkpoint=FILE: it is "
                     "the key the checkpoint must be signed with");
    return kExitUsage;
  }
  if (public_key && !absl::GetFlag(FLAGS_audit_signing_key_file).empty()) {
    spdlog::critical("give --audit_public_key or --audit_signing_key_file, "
                     "not both: each names the trusted key");
    return kExitUsage;
  }
  return std::nullopt;
}

// clinicd verify: the checks to run on a backup before restoring it (or on
// the live database: it needs no instance lock and changes nothing), and,
// with --checkpoint, that nothing up to the checkpoint was rewritten.
int Verify(const std::string& database_path) {
  if (const std::optional<int> misused = MisusedCheckpointKeyFlags()) {
    return *misused;
  }
  absl::StatusOr<mesoclinic::storage::VerifyOptions> options =
      CheckpointOptions();
  if (!options.ok()) {
    spdlog::critical("{}", options.status().ToString());
    return kExitUsage;
  }
  options->chain_keys = ChainKeysFor(database_path);
  absl::StatusOr<mesoclinic::storage::DatabaseCheck> check =
      mesoclinic::storage::VerifyDatabase(database_path, *options);
  if (!check.ok()) {
    spdlog::critical("{} failed verification: {}", database_path,
                     check.status().ToString());
    return EXIT_FAILURE;
  }
  std::string checkpoint_summary;
  if (options->checkpoint.has_value()) {
    const bool self_signed =
        absl::GetFlag(FLAGS_audit_public_key).empty() &&
        absl::GetFlag(FLAGS_audit_signing_key_file).empty();
    checkpoint_summary = absl::StrCat(
        "; holds the checkpoint of record ", options->checkpoint->sequence,
        " signed by key ",
        mesoclinic::audit::KeyFingerprint(options->checkpoint->public_key),
        self_signed ? " (the key it names itself: compare the fingerprint)"
                    : " (the trusted key)",
        ": nothing up to it was rewritten or removed");
  }
  spdlog::info(
      "{} verified: integrity ok, schema version {} ({} newer migration(s) "
      "will be applied at start), audit chain intact with {}, {} stored "
      "resource(s) match it, head: record {} hash {}{}",
      database_path, check->schema_version, check->pending_migrations,
      AuditSummary(*check), check->resources_checked, check->audit_head.sequence,
      absl::BytesToHexString(check->audit_head.hash), checkpoint_summary);
  for (const std::string& unproven : check->unproven) {
    spdlog::warn("not proven: {}", unproven);
  }
  return EXIT_SUCCESS;
}

// The web app's folder to serve (empty: the API only). A --web_app_dir
// given must hold the built app (ClinicServer refuses to start otherwise);
// the default, this build's clients/web/dist, is served only when the app
// was built there. The default named explicitly counts as the default: this
// abseil does not tell whether a flag was given.
absl::StatusOr<std::string> WebAppDir(const std::string& http_listen_address) {
  const std::string folder = absl::GetFlag(FLAGS_web_app_dir);
  const bool given = !folder.empty() && folder != MESOCLINIC_DEFAULT_WEB_APP_DIR;
  if (http_listen_address.empty()) {
    if (!given) return "";
    return absl::InvalidArgumentError(
        "--web_app_dir is served on the HTTP listener: give --http_listen "
        "too, or leave --web_app_dir out");
  }
  if (folder.empty() || given) return folder;
  std::error_code error;
  if (!std::filesystem::is_regular_file(
          std::filesystem::path(folder) / "index.html", error)) {
    spdlog::info("web app not built at {}; serving the API only", folder);
    return "";
  }
  return folder;
}

// "web app: 14 files from DIR at http://127.0.0.1:8080/", or how it is off.
std::string WebAppSummary(const mesoclinic::ServerOptions& options,
                          const mesoclinic::ClinicServer& server) {
  const mesoclinic::WebAppFiles* files = server.web_app_files();
  if (files == nullptr) return "web app: none";
  const std::string& address = options.http_listen_address;
  return absl::StrCat("web app: ", files->file_count(), " files from ",
                      options.web_app_dir, " at ",
                      options.tls.has_value() ? "https://" : "http://",
                      address.substr(0, address.rfind(':')), ":",
                      server.http_port(), "/");
}

// The flags that belong to commands, by name, when given.
std::vector<std::string_view> CommandFlagsGiven() {
  std::vector<std::string_view> given;
  if (!absl::GetFlag(FLAGS_to).empty()) given.push_back("--to");
  if (absl::GetFlag(FLAGS_force)) given.push_back("--force");
  if (!absl::GetFlag(FLAGS_from).empty()) given.push_back("--from");
  if (!absl::GetFlag(FLAGS_backup_key_file).empty()) {
    given.push_back("--backup_key_file");
  }
  if (absl::GetFlag(FLAGS_unencrypted)) given.push_back("--unencrypted");
  if (!absl::GetFlag(FLAGS_checkpoint).empty()) given.push_back("--checkpoint");
  if (!absl::GetFlag(FLAGS_audit_public_key).empty()) {
    given.push_back("--audit_public_key");
  }
  return given;
}

// A command, the command flags it takes, and what runs it.
struct Command {
  std::string_view name;
  std::vector<std::string_view> flags;
  int (*run)(const std::string& database_path);
};

// Runs the command named by the first positional argument, if any; returns
// nullopt when there is none (clinicd serves).
std::optional<int> RunCommand(const std::vector<char*>& positional,
                              const std::string& database_path) {
  const std::vector<Command> commands = {
      {"backup", {"--to", "--force", "--backup_key_file", "--unencrypted"},
       Backup},
      {"restore",
       {"--from", "--to", "--force", "--backup_key_file", "--unencrypted"},
       Restore},
      {"backup-key", {"--to"}, CreateBackupKey},
      {"verify", {"--checkpoint", "--audit_public_key"}, Verify},
  };
  const std::vector<std::string_view> given = CommandFlagsGiven();
  if (positional.size() <= 1) {
    if (given.empty()) return std::nullopt;
    spdlog::critical("{} belongs to a command: clinicd backup, restore, "
                     "backup-key or verify",
                     given.front());
    return kExitUsage;
  }
  const std::string name = positional[1];
  if (positional.size() > 2) {
    spdlog::critical("unexpected argument {} after {}", positional[2], name);
    return kExitUsage;
  }
  for (const Command& command : commands) {
    if (command.name != name) continue;
    for (std::string_view flag : given) {
      if (std::find(command.flags.begin(), command.flags.end(), flag) ==
          command.flags.end()) {
        spdlog::critical("{} does not belong to clinicd {}", flag, name);
        return kExitUsage;
      }
    }
    return command.run(database_path);
  }
  spdlog::critical("unknown command {}: clinicd knows backup, restore, "
                   "backup-key and verify",
                   name);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // The database, its journal and the key file hold patient data and
  // secrets: readable by clinicd's user only.
  umask(077);
  absl::SetProgramUsageMessage(
      "Mesoclinic practice-management server.\n"
      "Usage: clinicd [--listen=HOST:PORT] [--db=FILE] [--plugin_dir=DIR]\n"
      "               [--tls_cert=PEM --tls_key=PEM [--tls_client_ca=PEM]]\n"
      "               [--allow_insecure] [--time_zone=ZONE] [--shutdown_grace=D]\n"
      "               [--max_calls_in_flight=N] [--max_queued_writes=N]\n"
      "               [--max_schedule_watchers=N] [--plugin_hook_timeout=D]\n"
      "               [--idempotency_retention=D] [--keepalive_time=D]\n"
      "               [--audit_index_merge_interval=D]\n"
      "               [--keepalive_timeout=D] [--log_format=text|json]\n"
      "               [--http_listen=HOST:PORT] [--http_allowed_origins=O,...]\n"
      "               [--http_idle_timeout=D] [--web_app_dir=DIR]\n"
      "               [--metrics_token_file=FILE]\n"
      "               [--audit_signing_key_file=FILE]\n"
      "               [--audit_chain_key_file=FILE] [--audit_chain_new_key]\n"
      "               [--migrate_only]\n"
      "       clinicd backup --to=FILE (--backup_key_file=KEY | --unencrypted)\n"
      "                      [--db=FILE] [--force]\n"
      "       clinicd restore --from=FILE --to=DBFILE\n"
      "                       (--backup_key_file=KEY | --unencrypted) [--force]\n"
      "       clinicd backup-key --to=KEYFILE\n"
      "       clinicd verify [--db=FILE] [--checkpoint=FILE\n"
      "                      [--audit_public_key=HEX | "
      "--audit_signing_key_file=FILE]]");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  const mesoclinic::observability::LogFormat log_format =
      absl::GetFlag(FLAGS_log_format);
  mesoclinic::observability::UseLogFormat(log_format);

  const std::string database_path = absl::GetFlag(FLAGS_db);
  // Before the folder is created: a backup never creates a database.
  if (const std::optional<int> status = RunCommand(positional, database_path)) {
    return *status;
  }
  if (!EnsureParentFolder(database_path)) return EXIT_FAILURE;
  if (absl::GetFlag(FLAGS_migrate_only)) return MigrateOnly(database_path);

  // Block the shutdown signals before any thread starts, so that every thread
  // inherits the mask and only sigwait below receives them.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);

  mesoclinic::ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.database_path = database_path;
  options.plugin_dir = absl::GetFlag(FLAGS_plugin_dir);
  options.allow_insecure = absl::GetFlag(FLAGS_allow_insecure);
  options.initial_time_zone = absl::GetFlag(FLAGS_time_zone);
  options.max_calls_in_flight = absl::GetFlag(FLAGS_max_calls_in_flight);
  options.max_queued_writes = absl::GetFlag(FLAGS_max_queued_writes);
  options.max_schedule_watchers = absl::GetFlag(FLAGS_max_schedule_watchers);
  options.plugin_hook_time_limit = absl::GetFlag(FLAGS_plugin_hook_timeout);
  options.idempotency_retention = absl::GetFlag(FLAGS_idempotency_retention);
  options.audit_index_merge_interval =
      absl::GetFlag(FLAGS_audit_index_merge_interval);
  options.keepalive_time = absl::GetFlag(FLAGS_keepalive_time);
  options.keepalive_timeout = absl::GetFlag(FLAGS_keepalive_timeout);
  options.http_listen_address = absl::GetFlag(FLAGS_http_listen);
  options.http_allowed_origins = absl::GetFlag(FLAGS_http_allowed_origins);
  options.http_idle_timeout = absl::GetFlag(FLAGS_http_idle_timeout);
  options.audit_chain_key_file = absl::GetFlag(FLAGS_audit_chain_key_file);
  options.audit_chain_new_key = absl::GetFlag(FLAGS_audit_chain_new_key);
  options.audit_signing_key_file = absl::GetFlag(FLAGS_audit_signing_key_file);
  if (absl::StatusOr<std::string> web_app_dir =
          WebAppDir(options.http_listen_address);
      web_app_dir.ok()) {
    options.web_app_dir = *std::move(web_app_dir);
  } else {
    spdlog::critical("{}", std::string(web_app_dir.status().message()));
    return EXIT_FAILURE;
  }
  if (const std::string token_file = absl::GetFlag(FLAGS_metrics_token_file);
      !token_file.empty()) {
    std::ifstream file(token_file);
    std::string token;
    std::getline(file, token);
    token = std::string(absl::StripAsciiWhitespace(token));
    if (!file || token.size() < 16) {
      spdlog::critical("--metrics_token_file: cannot read {}, or it holds "
                       "fewer than 16 characters",
                       token_file);
      return EXIT_FAILURE;
    }
    options.metrics_scrape_token = token;
  }
  if (options.http_idle_timeout < absl::Seconds(1) ||
      options.http_idle_timeout > absl::Hours(1)) {
    spdlog::critical("--http_idle_timeout must be from 1s to 1h");
    return EXIT_FAILURE;
  }
  options.log_format = log_format;
  if (options.max_queued_writes < 1 || options.max_schedule_watchers < 0 ||
      options.plugin_hook_time_limit <= absl::ZeroDuration()) {
    spdlog::critical(
        "--max_queued_writes must be at least 1, --max_schedule_watchers at "
        "least 0 and --plugin_hook_timeout positive");
    return EXIT_FAILURE;
  }
  // Under a second, gRPC's millisecond settings lose their meaning; past
  // a day, a vanished watcher keeps its place for a day.
  if (options.idempotency_retention < absl::Minutes(1) ||
      options.keepalive_time < absl::Seconds(1) ||
      options.keepalive_time > absl::Hours(24) ||
      options.keepalive_timeout < absl::Seconds(1) ||
      options.keepalive_timeout > absl::Hours(24)) {
    spdlog::critical(
        "--idempotency_retention must be at least 1m, --keepalive_time and "
        "--keepalive_timeout from 1s to 24h");
    return EXIT_FAILURE;
  }
  // Past an hour, "who saw this patient" would read an hour of records by
  // their own lists.
  if (options.audit_index_merge_interval < absl::Milliseconds(10) ||
      options.audit_index_merge_interval > absl::Hours(1)) {
    spdlog::critical("--audit_index_merge_interval must be from 10ms to 1h");
    return EXIT_FAILURE;
  }
  const std::string tls_cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string tls_key = absl::GetFlag(FLAGS_tls_key);
  const std::string tls_client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  if (tls_cert.empty() != tls_key.empty()) {
    spdlog::critical("--tls_cert and --tls_key go together: give both");
    return EXIT_FAILURE;
  }
  if (!tls_client_ca.empty() && tls_cert.empty()) {
    spdlog::critical("--tls_client_ca needs --tls_cert and --tls_key");
    return EXIT_FAILURE;
  }
  if (!tls_cert.empty()) {
    options.tls = mesoclinic::TlsOptions{tls_cert, tls_key, tls_client_ca};
  }
  absl::StatusOr<std::unique_ptr<mesoclinic::ClinicServer>> server =
      mesoclinic::ClinicServer::Start(options);
  if (!server.ok()) {
    spdlog::critical("cannot start: {}", server.status().ToString());
    return EXIT_FAILURE;
  }
  if ((*server)->admin_key_file().has_value()) {
    spdlog::warn(
        "first start: created an admin and wrote its API key to {} (mode "
        "0600); use it to create staff and their keys, then store it safely",
        *(*server)->admin_key_file());
  }
  spdlog::info(
      "clinicd {} serving on {} (port {}, {}) for gRPC, HTTP on {}, database "
      "{} at schema version {}, plugins loaded from {}: {}; {}",
      MESOCLINIC_VERSION, options.listen_address, (*server)->port(),
      options.tls.has_value() ? "TLS" : "plaintext",
      options.http_listen_address.empty()
          ? std::string("nothing (--http_listen is empty)")
          : absl::StrCat(options.http_listen_address, " (port ",
                         (*server)->http_port(), ")"),
      database_path, (*server)->schema_version(), options.plugin_dir,
      (*server)->LoadedPluginsSummary(), WebAppSummary(options, **server));

  int signal_number = 0;
  sigwait(&shutdown_signals, &signal_number);
  const absl::Duration grace = absl::GetFlag(FLAGS_shutdown_grace);
  spdlog::info("received {}, shutting down (grace {})",
               signal_number == SIGINT ? "SIGINT" : "SIGTERM",
               absl::FormatDuration(grace));
  (*server)->Shutdown(grace);
  server->reset();  // Finishes queued writes and closes the database.
  spdlog::info("stopped");
  return EXIT_SUCCESS;
}
