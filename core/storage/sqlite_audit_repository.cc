#include "core/storage/sqlite_audit_repository.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/base/status_macros.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_resource_digests.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using audit::AuditEvent;

constexpr char kColumns[] =
    "e.sequence, e.time, e.staff_id, e.role, e.method, e.resource, "
    "e.patient_ids, e.outcome, e.previous_hash, e.hash, e.transport, "
    "e.validate_only, e.resource_digests";
// The same, from a database from before resource digests.
constexpr char kColumnsBeforeDigests[] =
    "e.sequence, e.time, e.staff_id, e.role, e.method, e.resource, "
    "e.patient_ids, e.outcome, e.previous_hash, e.hash, e.transport, "
    "e.validate_only, ''";

// The record's resource digests as stored beside it: one "resource hex"
// line each, "-" for a deleted resource.
std::string FormatDigests(const std::vector<audit::ResourceDigest>& digests) {
  std::string text;
  for (const audit::ResourceDigest& entry : digests) {
    absl::StrAppend(&text, entry.resource, " ",
                    entry.digest.empty() ? "-"
                                         : absl::BytesToHexString(entry.digest),
                    "\n");
  }
  return text;
}

std::vector<audit::ResourceDigest> ParseDigests(absl::string_view text) {
  std::vector<audit::ResourceDigest> digests;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const std::pair<absl::string_view, absl::string_view> fields =
        absl::StrSplit(line, absl::MaxSplits(' ', 1));
    digests.push_back(
        {.resource = std::string(fields.first),
         .digest = fields.second == "-" ? ""
                                        : absl::HexStringToBytes(fields.second)});
  }
  return digests;
}

AuditEvent ReadEvent(SQLite::Statement& row) {
  AuditEvent event;
  event.sequence = row.getColumn(0).getInt64();
  event.time = TimeColumn(row.getColumn(1));
  event.staff_id = row.getColumn(2).getString();
  event.role = static_cast<staff::Role>(row.getColumn(3).getInt());
  event.method = row.getColumn(4).getString();
  event.resource = row.getColumn(5).getString();
  event.patient_ids =
      absl::StrSplit(row.getColumn(6).getString(), ' ', absl::SkipEmpty());
  event.outcome = static_cast<absl::StatusCode>(row.getColumn(7).getInt());
  event.previous_hash = BlobColumn(row.getColumn(8));
  event.hash = BlobColumn(row.getColumn(9));
  event.transport = row.getColumn(10).getString();
  event.validate_only = row.getColumn(11).getInt() != 0;
  event.resource_digests = ParseDigests(row.getColumn(12).getString());
  return event;
}

std::vector<AuditEvent> ReadAll(SQLite::Statement& statement) {
  std::vector<AuditEvent> events;
  while (statement.executeStep()) events.push_back(ReadEvent(statement));
  return events;
}

}  // namespace

const char* SqliteAuditRepository::columns() const {
  return options_.schema_has_digests ? kColumns : kColumnsBeforeDigests;
}

absl::StatusOr<audit::AuditChainHead> SqliteAuditRepository::Head() {
  return CatchSqlite([&]() -> absl::StatusOr<audit::AuditChainHead> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT sequence, hash FROM audit_chain_head WHERE id = 1");
    audit::AuditChainHead head;
    if (query.executeStep()) {
      head.sequence = query.getColumn(0).getInt64();
      head.hash = BlobColumn(query.getColumn(1));
    }
    return head;
  });
}

absl::Status SqliteAuditRepository::Insert(const AuditEvent& event) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO audit_events (sequence, time, staff_id, role, method, "
        "resource, patient_ids, outcome, previous_hash, hash, transport, "
        "validate_only, resource_digests) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(event.sequence));
    insert.bind(2, ToMicros(event.time));
    insert.bind(3, event.staff_id);
    insert.bind(4, static_cast<int>(event.role));
    insert.bind(5, event.method);
    insert.bind(6, event.resource);
    insert.bind(7, absl::StrJoin(event.patient_ids, " "));
    insert.bind(8, static_cast<int>(event.outcome));
    BindBlob(insert, 9, event.previous_hash);
    BindBlob(insert, 10, event.hash);
    insert.bind(11, event.transport);
    insert.bind(12, event.validate_only ? 1 : 0);
    insert.bind(13, FormatDigests(event.resource_digests));
    insert.exec();
    SQLite::Statement& digest = connection_.Prepare(
        "INSERT INTO audit_resource_digests (resource, sequence, digest) "
        "VALUES (?, ?, ?)");
    for (const audit::ResourceDigest& entry : event.resource_digests) {
      digest.reset();
      digest.bind(1, entry.resource);
      digest.bind(2, static_cast<int64_t>(event.sequence));
      BindBlob(digest, 3, entry.digest);
      digest.exec();
    }
    SQLite::Statement& head = connection_.Prepare(
        "INSERT INTO audit_chain_head (id, sequence, hash) VALUES (1, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, "
        "hash = excluded.hash");
    head.bind(1, static_cast<int64_t>(event.sequence));
    BindBlob(head, 2, event.hash);
    head.exec();
    // The record's patients reach the per-patient index later, with other
    // records', in a batch sorted by patient (audit::PatientIndexMerge).
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<AuditEvent>> SqliteAuditRepository::List(
    const audit::AuditQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<AuditEvent>> {
    std::string filters;
    if (query.staff_id.has_value()) {
      absl::StrAppend(&filters, " AND e.staff_id = :staff");
    }
    if (query.method.has_value()) {
      absl::StrAppend(&filters, " AND e.method = :method");
    }
    if (query.start_time.has_value()) {
      absl::StrAppend(&filters, " AND e.time >= :start");
    }
    if (query.end_time.has_value()) {
      absl::StrAppend(&filters, " AND e.time < :end");
    }
    absl::StrAppend(&filters, " ORDER BY e.sequence LIMIT :limit");
    const auto bind_filters = [&](SQLite::Statement& statement, int limit) {
      statement.bind(":after", static_cast<int64_t>(query.after_sequence));
      if (query.staff_id.has_value()) statement.bind(":staff", *query.staff_id);
      if (query.method.has_value()) statement.bind(":method", *query.method);
      if (query.start_time.has_value()) {
        statement.bind(":start", ToMicros(*query.start_time));
      }
      if (query.end_time.has_value()) {
        statement.bind(":end", ToMicros(*query.end_time));
      }
      statement.bind(":limit", limit);
    };
    if (!query.patient_id.has_value()) {
      SQLite::Statement& statement = connection_.Prepare(
          absl::StrCat("SELECT ", columns(),
                       " FROM audit_events e WHERE e.sequence > :after",
                       filters));
      bind_filters(statement, query.limit);
      return ReadAll(statement);
    }
    // The records the index lists: all of the patient's as far as it
    // covers the patient (PatientIndexProgress), none after.
    SQLite::Statement& indexed = connection_.Prepare(absl::StrCat(
        "SELECT ", columns(),
        " FROM audit_events e JOIN audit_event_patients p"
        " ON p.sequence = e.sequence AND p.patient_id = :patient"
        " WHERE e.sequence > :after",
        filters));
    bind_filters(indexed, query.limit);
    indexed.bind(":patient", *query.patient_id);
    std::vector<AuditEvent> events = ReadAll(indexed);
    indexed.tryReset();
    const int remaining = query.limit - static_cast<int>(events.size());
    if (!options_.schema_merges_patient_index || remaining <= 0) return events;
    // The records after that, by their own patient lists (space-separated;
    // ids hold no space). Only the records the merger has not reached yet
    // are read.
    SQLite::Statement& recent = connection_.Prepare(absl::StrCat(
        "SELECT ", columns(),
        " FROM audit_events e WHERE e.sequence > max(:after, coalesce("
        "(SELECT CASE WHEN :patient <= batch_done_through THEN batch_through"
        " ELSE merged_through END FROM audit_patient_index_progress"
        " WHERE id = 1), 0))"
        " AND instr(' ' || e.patient_ids || ' ', :needle) > 0",
        filters));
    bind_filters(recent, remaining);
    recent.bind(":patient", *query.patient_id);
    recent.bind(":needle", absl::StrCat(" ", *query.patient_id, " "));
    for (AuditEvent& event : ReadAll(recent)) events.push_back(std::move(event));
    recent.tryReset();
    return events;
  });
}

absl::StatusOr<std::vector<AuditEvent>> SqliteAuditRepository::Scan(
    int64_t after_sequence, int limit) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<AuditEvent>> {
    SQLite::Statement& statement = connection_.Prepare(absl::StrCat(
        "SELECT ", columns(),
        " FROM audit_events e WHERE e.sequence > ? ORDER BY e.sequence "
        "LIMIT ?"));
    statement.bind(1, static_cast<int64_t>(after_sequence));
    statement.bind(2, limit);
    std::vector<AuditEvent> events = ReadAll(statement);
    statement.tryReset();
    ASSIGN_OR_RETURN(const std::optional<audit::PatientIndexProgress> progress,
                     ReadPatientIndexProgress());
    // What the per-patient index holds of the pairs it must hold by now: a
    // lookup of each (patient, record) pair by the index's own key. (The
    // index is ordered by patient; reading it by sequence would read all of
    // it per chunk.) Any other entry is a stray, found by counting.
    SQLite::Statement& indexed = connection_.Prepare(
        "SELECT 1 FROM audit_event_patients "
        "WHERE patient_id = ? AND sequence = ?");
    for (AuditEvent& event : events) {
      std::vector<std::string> patients = audit::DistinctPatients(event);
      if (progress.has_value()) {
        std::erase_if(patients, [&](const std::string& patient_id) {
          return !progress->Covers(event.sequence, patient_id);
        });
        event.patients_due_in_index = patients;
      }
      std::vector<std::string>& found = event.indexed_patient_ids.emplace();
      for (std::string& patient_id : patients) {
        indexed.reset();
        indexed.bind(1, patient_id);
        indexed.bind(2, static_cast<int64_t>(event.sequence));
        if (indexed.executeStep()) found.push_back(std::move(patient_id));
      }
    }
    indexed.tryReset();
    if (!options_.schema_has_digests) return events;
    SQLite::Statement& digested = connection_.Prepare(
        "SELECT digest FROM audit_resource_digests "
        "WHERE resource = ? AND sequence = ?");
    for (AuditEvent& event : events) {
      int64_t& found = event.indexed_resource_digests.emplace(0);
      for (const audit::ResourceDigest& entry : event.resource_digests) {
        digested.reset();
        digested.bind(1, entry.resource);
        digested.bind(2, static_cast<int64_t>(event.sequence));
        if (digested.executeStep() &&
            BlobColumn(digested.getColumn(0)) == entry.digest) {
          ++found;
        }
      }
    }
    digested.tryReset();
    return events;
  });
}

absl::StatusOr<std::optional<int64_t>>
SqliteAuditRepository::CountPatientIndexEntries() {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<int64_t>> {
    SQLite::Statement& count =
        connection_.Prepare("SELECT count(*) FROM audit_event_patients");
    count.executeStep();
    const int64_t entries = count.getColumn(0).getInt64();
    count.tryReset();
    return entries;
  });
}

absl::StatusOr<std::optional<int64_t>>
SqliteAuditRepository::FirstStrayPatientIndexEntry() {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<int64_t>> {
    // Patient ids hold no space: the record's space-separated list names
    // the patient exactly when " <id> " is found in " <list> ". The index
    // holds nothing its progress does not cover.
    SQLite::Statement& stray = connection_.Prepare(absl::StrCat(
        "SELECT p.sequence FROM audit_event_patients p "
        "LEFT JOIN audit_events e ON e.sequence = p.sequence "
        "WHERE e.sequence IS NULL "
        "OR instr(' ' || e.patient_ids || ' ', ' ' || p.patient_id || ' ') = 0",
        options_.schema_merges_patient_index
            ? " OR NOT EXISTS (SELECT 1 FROM audit_patient_index_progress g"
              " WHERE g.id = 1 AND (p.sequence <= g.merged_through OR"
              " (p.sequence <= g.batch_through AND"
              " p.patient_id <= g.batch_done_through)))"
            : "",
        " ORDER BY p.sequence LIMIT 1"));
    std::optional<int64_t> sequence;
    if (stray.executeStep()) sequence = stray.getColumn(0).getInt64();
    stray.tryReset();
    return sequence;
  });
}

absl::StatusOr<std::optional<audit::PatientIndexProgress>>
SqliteAuditRepository::ReadPatientIndexProgress() {
  return CatchSqlite(
      [&]() -> absl::StatusOr<std::optional<audit::PatientIndexProgress>> {
        if (!options_.schema_merges_patient_index) {
          return std::optional<audit::PatientIndexProgress>();
        }
        SQLite::Statement& query = connection_.Prepare(
            "SELECT merged_through, batch_through, batch_done_through "
            "FROM audit_patient_index_progress WHERE id = 1");
        // A missing row (the table emptied by hand) reads as nothing
        // merged: verification then finds the index's entries stray.
        audit::PatientIndexProgress progress;
        if (query.executeStep()) {
          progress.merged_through = query.getColumn(0).getInt64();
          progress.batch_through = query.getColumn(1).getInt64();
          progress.batch_done_through = query.getColumn(2).getString();
        }
        query.tryReset();
        return progress;
      });
}

absl::StatusOr<int64_t> SqliteAuditRepository::ReadPatientsOfRecords(
    int64_t after, int64_t through, int64_t max_entries,
    std::vector<audit::PatientIndexEntry>& entries) {
  return CatchSqlite([&]() -> absl::StatusOr<int64_t> {
    SQLite::Statement& records = connection_.Prepare(
        "SELECT sequence, patient_ids FROM audit_events "
        "WHERE sequence > ? AND sequence <= ? ORDER BY sequence");
    records.bind(1, static_cast<int64_t>(after));
    records.bind(2, static_cast<int64_t>(through));
    const size_t first = entries.size();
    int64_t last = after;
    int64_t read = 0;
    while (records.executeStep()) {
      std::vector<std::string> patients = audit::DistinctPatients(
          absl::StrSplit(records.getColumn(1).getString(), ' ',
                         absl::SkipEmpty()));
      // Whole records; a run of records without patients is bounded too.
      if (read > 0 &&
          (static_cast<int64_t>(entries.size() - first + patients.size()) >
               max_entries ||
           read >= max_entries)) {
        break;
      }
      last = records.getColumn(0).getInt64();
      ++read;
      for (std::string& patient : patients) {
        entries.push_back({.patient_id = std::move(patient), .sequence = last});
      }
    }
    records.tryReset();
    return last;
  });
}

absl::Status SqliteAuditRepository::IndexPatients(
    absl::Span<const audit::PatientIndexEntry> entries,
    const audit::PatientIndexProgress& progress) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO audit_event_patients (patient_id, sequence) "
        "VALUES (?, ?)");
    for (const audit::PatientIndexEntry& entry : entries) {
      insert.reset();
      insert.bind(1, entry.patient_id);
      insert.bind(2, static_cast<int64_t>(entry.sequence));
      insert.exec();
    }
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE audit_patient_index_progress SET merged_through = ?, "
        "batch_through = ?, batch_done_through = ? WHERE id = 1");
    update.bind(1, static_cast<int64_t>(progress.merged_through));
    update.bind(2, static_cast<int64_t>(progress.batch_through));
    update.bind(3, progress.batch_done_through);
    if (update.exec() != 1) {
      return absl::DataLossError(
          "the per-patient audit index has lost its progress "
          "(audit_patient_index_progress is empty): run clinicd verify");
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<audit::ChainKeyUse>>
SqliteAuditRepository::ChainKeyUses() {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<audit::ChainKeyUse>> {
    if (!options_.schema_has_digests) return std::vector<audit::ChainKeyUse>();
    SQLite::Statement& query = connection_.Prepare(
        "SELECT from_sequence, key_id FROM audit_chain_keys "
        "ORDER BY from_sequence");
    std::vector<audit::ChainKeyUse> uses;
    while (query.executeStep()) {
      uses.push_back({.from_sequence = query.getColumn(0).getInt64(),
                      .key_id = BlobColumn(query.getColumn(1))});
    }
    query.tryReset();
    return uses;
  });
}

absl::Status SqliteAuditRepository::InsertChainKeyUse(
    const audit::ChainKeyUse& use) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO audit_chain_keys (from_sequence, key_id) VALUES (?, ?)");
    insert.bind(1, static_cast<int64_t>(use.from_sequence));
    BindBlob(insert, 2, use.key_id);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<audit::ResourceDigest>>
SqliteAuditRepository::TakeChangedResources() {
  std::vector<audit::ResourceDigest> digests;
  if (!options_.tracks_changes) return digests;
  ASSIGN_OR_RETURN(std::vector<std::string> changed,
                   CatchSqlite([&]() -> absl::StatusOr<std::vector<std::string>> {
                     return storage::TakeChangedResources(connection_);
                   }));
  for (std::string& resource : changed) {
    ASSIGN_OR_RETURN(std::string digest,
                     StoredResourceDigest(connection_, resource));
    digests.push_back({.resource = std::move(resource),
                       .digest = std::move(digest)});
  }
  return digests;
}

absl::Status SqliteAuditRepository::ForEachStoredResource(
    absl::FunctionRef<absl::Status(const audit::ResourceDigest&)> fn) {
  return storage::ForEachStoredResource(connection_, fn);
}

absl::StatusOr<std::string> SqliteAuditRepository::StoredDigest(
    const std::string& resource) {
  return StoredResourceDigest(connection_, resource);
}

absl::StatusOr<std::optional<audit::RecordedDigest>>
SqliteAuditRepository::LastRecordedDigest(const std::string& resource) {
  return CatchSqlite(
      [&]() -> absl::StatusOr<std::optional<audit::RecordedDigest>> {
        SQLite::Statement& query = connection_.Prepare(
            "SELECT sequence, digest FROM audit_resource_digests "
            "WHERE resource = ? ORDER BY sequence DESC LIMIT 1");
        query.bind(1, resource);
        std::optional<audit::RecordedDigest> last;
        if (query.executeStep()) {
          last = audit::RecordedDigest{
              .sequence = query.getColumn(0).getInt64(),
              .digest = BlobColumn(query.getColumn(1))};
        }
        query.tryReset();
        return last;
      });
}

absl::Status SqliteAuditRepository::ForEachLastRecordedDigest(
    absl::FunctionRef<absl::Status(const std::string& resource,
                                   const audit::RecordedDigest&)>
        fn) {
  // Read whole before `fn` runs: it may read through this connection too.
  // (SQLite answers a bare column beside max() from the row with the max.)
  constexpr int kPage = 1000;
  std::string after;
  while (true) {
    std::vector<std::pair<std::string, audit::RecordedDigest>> page;
    RETURN_IF_ERROR(CatchSqlite([&]() -> absl::Status {
      SQLite::Statement& query = connection_.Prepare(
          "SELECT resource, max(sequence), digest FROM audit_resource_digests "
          "WHERE resource > ? GROUP BY resource ORDER BY resource LIMIT ?");
      query.bind(1, after);
      query.bind(2, kPage);
      while (query.executeStep()) {
        page.emplace_back(query.getColumn(0).getString(),
                          audit::RecordedDigest{
                              .sequence = query.getColumn(1).getInt64(),
                              .digest = BlobColumn(query.getColumn(2))});
      }
      query.tryReset();
      return absl::OkStatus();
    }));
    for (const auto& [resource, last] : page) {
      RETURN_IF_ERROR(fn(resource, last));
    }
    if (static_cast<int>(page.size()) < kPage) return absl::OkStatus();
    after = page.back().first;
  }
}

absl::StatusOr<int64_t> SqliteAuditRepository::CountResourceDigestEntries() {
  return CatchSqlite([&]() -> absl::StatusOr<int64_t> {
    if (!options_.schema_has_digests) return int64_t{0};
    SQLite::Statement& count =
        connection_.Prepare("SELECT count(*) FROM audit_resource_digests");
    count.executeStep();
    const int64_t entries = count.getColumn(0).getInt64();
    count.tryReset();
    return entries;
  });
}

absl::StatusOr<std::optional<int64_t>>
SqliteAuditRepository::ResourceDigestBaseline() {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<int64_t>> {
    if (!options_.schema_has_digests) return std::optional<int64_t>();
    SQLite::Statement& query = connection_.Prepare(
        "SELECT sequence FROM audit_digest_baseline WHERE id = 1");
    std::optional<int64_t> sequence;
    if (query.executeStep()) sequence = query.getColumn(0).getInt64();
    query.tryReset();
    return sequence;
  });
}

absl::Status SqliteAuditRepository::SetResourceDigestBaseline(
    int64_t sequence) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO audit_digest_baseline (id, sequence) VALUES (1, ?)");
    insert.bind(1, static_cast<int64_t>(sequence));
    insert.exec();
    return absl::OkStatus();
  });
}

}  // namespace mesoclinic::storage
