#include "core/storage/sqlite_resource_digests.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

// A table holding (part of) resources: which resource a row belongs to is
// `name_sql` over the row's columns, each written "$.column".
struct TrackedTable {
  const char* table;
  const char* name_sql;
};

// The tables that hold resources. A table added to the schema must be
// added here or to kOutsideResources (a test checks that every table is
// in one of them).
constexpr TrackedTable kTrackedTables[] = {
    {"patients", "'patients/' || $.id"},
    {"patient_medications", "'patients/' || $.patient_id"},
    {"patient_allergies", "'patients/' || $.patient_id"},
    {"patient_conditions", "'patients/' || $.patient_id"},
    {"patient_fact_confirmations", "'patients/' || $.patient_id"},
    {"consents", "'patients/' || $.patient_id || '/consents/' || $.id"},
    {"courses", "'courses/' || $.id"},
    {"sessions", "'sessions/' || $.id"},
    {"treatment_records", "'sessions/' || $.session_id"},
    {"session_products", "'sessions/' || $.session_id"},
    {"session_outcomes", "'sessions/' || $.session_id"},
    {"treatment_record_checklist", "'sessions/' || $.session_id"},
    {"adverse_events", "'adverseEvents/' || $.id"},
    {"adverse_event_products", "'adverseEvents/' || $.event_id"},
    {"adverse_event_follow_ups", "'adverseEvents/' || $.event_id"},
    {"follow_up_tasks", "'followUpTasks/' || $.id"},
    {"staff", "'staff/' || $.id"},
    {"staff_passwords", "'staff/' || $.staff_id"},
    {"password_setup_links", "'staff/' || $.staff_id"},
    {"api_keys", "'staff/' || $.staff_id || '/apiKeys/' || $.id"},
    {"rooms", "'rooms/' || $.id"},
    {"closures", "'closures/' || $.id"},
    {"clinic_settings", "'clinicSettings'"},
    // The clinic's opening hours (owner "") and each practitioner's.
    {"weekly_hours",
     "CASE WHEN $.owner = '' THEN 'clinicSettings' "
     "ELSE 'staff/' || $.owner END"},
};

// Tables that hold no resource, and why.
constexpr const char* kOutsideResources[] = {
    // The trail and its indexes: proven by the chain itself.
    "audit_events", "audit_event_patients", "audit_chain_head",
    "audit_resource_digests", "audit_digest_baseline", "audit_chain_keys",
    "audit_patient_index_progress",
    // Checksummed by the migration runner.
    "schema_migrations",
    // Stored answers to retried requests: a cache of what was already
    // answered (and audited), deleted after the retention period.
    "idempotency_records",
    // Sign-in bookkeeping written on every call or failed attempt, not
    // clinical data: a signed-in session's use time, failure counters.
    "sign_in_sessions", "sign_in_failures",
};

// A table's rows within one resource: those whose `key_column` is the
// resource's id (and that meet `filter`, when given).
struct Part {
  const char* table;
  const char* key_column;
  const char* filter = "";
};

// A kind of resource: the collection that names it, the table whose row
// makes it exist (the first part), and the name of one from that row.
struct ResourceKind {
  const char* collection;
  const char* name_sql;
  std::vector<Part> parts;
  // A single resource with no id ("clinicSettings"): each part is all the
  // rows of its table that meet its filter.
  bool singleton = false;
};

const std::vector<ResourceKind>& Kinds() {
  static const auto* const kinds = new std::vector<ResourceKind>{
      {"patients",
       "'patients/' || id",
       {{"patients", "id"},
        {"patient_medications", "patient_id"},
        {"patient_allergies", "patient_id"},
        {"patient_conditions", "patient_id"},
        {"patient_fact_confirmations", "patient_id"}}},
      {"consents",
       "'patients/' || patient_id || '/consents/' || id",
       {{"consents", "id"}}},
      {"courses", "'courses/' || id", {{"courses", "id"}}},
      {"sessions",
       "'sessions/' || id",
       {{"sessions", "id"},
        {"treatment_records", "session_id"},
        {"session_products", "session_id"},
        {"session_outcomes", "session_id"},
        {"treatment_record_checklist", "session_id"}}},
      {"adverseEvents",
       "'adverseEvents/' || id",
       {{"adverse_events", "id"},
        {"adverse_event_products", "event_id"},
        {"adverse_event_follow_ups", "event_id"}}},
      {"followUpTasks", "'followUpTasks/' || id", {{"follow_up_tasks", "id"}}},
      {"staff",
       "'staff/' || id",
       {{"staff", "id"},
        {"staff_passwords", "staff_id"},
        {"password_setup_links", "staff_id"},
        {"weekly_hours", "owner", "owner <> ''"}}},
      {"apiKeys",
       "'staff/' || staff_id || '/apiKeys/' || id",
       {{"api_keys", "id"}}},
      {"rooms", "'rooms/' || id", {{"rooms", "id"}}},
      {"closures", "'closures/' || id", {{"closures", "id"}}},
      {"clinicSettings",
       "'clinicSettings'",
       {{"clinic_settings", "id"}, {"weekly_hours", "owner", "owner = ''"}},
       /*singleton=*/true},
  };
  return *kinds;
}

void AppendField(std::string& out, absl::string_view field) {
  absl::StrAppend(&out, field.size(), ":", field, ";");
}

// One row, as its non-empty columns.
std::string CanonicalRow(SQLite::Statement& row) {
  std::string canonical;
  for (int i = 0; i < row.getColumnCount(); ++i) {
    const SQLite::Column column = row.getColumn(i);
    std::string value;
    char type = '?';
    switch (column.getType()) {
      case SQLITE_NULL:
        continue;
      case SQLITE_INTEGER:
        if (column.getInt64() == 0) continue;
        type = 'i';
        value = absl::StrCat(column.getInt64());
        break;
      case SQLITE_FLOAT: {
        const double number = column.getDouble();
        if (number == 0) continue;
        // Its exact bits: no rounding in text.
        char bits[sizeof number];
        std::memcpy(bits, &number, sizeof number);
        type = 'f';
        value.assign(bits, sizeof bits);
        break;
      }
      default:
        if (column.getBytes() == 0) continue;
        type = column.getType() == SQLITE_BLOB ? 'b' : 't';
        value.assign(static_cast<const char*>(column.getBlob()),
                     column.getBytes());
    }
    AppendField(canonical, column.getName());
    AppendField(canonical, absl::string_view(&type, 1));
    AppendField(canonical, value);
  }
  return canonical;
}

// The kind of resource `resource` names, and its id; kind nullptr when it
// names none.
struct ParsedName {
  const ResourceKind* kind = nullptr;
  std::string id;
};

ParsedName ParseName(const std::string& resource) {
  const std::vector<absl::string_view> segments =
      absl::StrSplit(resource, '/');
  for (const ResourceKind& kind : Kinds()) {
    if (kind.singleton) {
      if (segments.size() == 1 && segments[0] == kind.collection) {
        return {&kind, std::string()};
      }
    } else if (segments.size() >= 2 && segments.size() % 2 == 0 &&
               segments[segments.size() - 2] == kind.collection) {
      return {&kind, std::string(segments.back())};
    }
  }
  return {};
}

std::string DigestOf(Connection& connection, const ResourceKind& kind,
                     const std::string& id) {
  std::string canonical;
  for (std::size_t i = 0; i < kind.parts.size(); ++i) {
    const Part& part = kind.parts[i];
    const bool keyed_by_filter = kind.singleton;
    SQLite::Statement& rows = connection.Prepare(absl::StrCat(
        "SELECT * FROM ", part.table, " WHERE ",
        keyed_by_filter ? "1" : absl::StrCat(part.key_column, " = ?"),
        *part.filter ? absl::StrCat(" AND ", part.filter) : ""));
    if (!keyed_by_filter) rows.bind(1, id);
    std::vector<std::string> canonical_rows;
    while (rows.executeStep()) canonical_rows.push_back(CanonicalRow(rows));
    rows.tryReset();
    if (i == 0 && canonical_rows.empty()) return "";  // It does not exist.
    std::sort(canonical_rows.begin(), canonical_rows.end());
    AppendField(canonical, part.table);
    AppendField(canonical, absl::StrCat(canonical_rows.size()));
    for (const std::string& row : canonical_rows) AppendField(canonical, row);
  }
  return Sha256(canonical);
}

}  // namespace

void TrackResourceChanges(Connection& connection) {
  // No key, so no conflict: a trigger's own conflict clause would give way
  // to that of the statement firing it (an upsert's, for one).
  std::string sql =
      "CREATE TEMP TABLE IF NOT EXISTS changed_resources (resource TEXT);";
  for (const TrackedTable& tracked : kTrackedTables) {
    for (const char* operation : {"INSERT", "UPDATE", "DELETE"}) {
      // A row's resource before and after the change: a row moved from one
      // resource to another changes both.
      std::vector<std::string> rows;
      if (std::strcmp(operation, "DELETE") != 0) rows.push_back("NEW.");
      if (std::strcmp(operation, "INSERT") != 0) rows.push_back("OLD.");
      for (const std::string& row : rows) {
        absl::StrAppend(
            &sql, "CREATE TEMP TRIGGER IF NOT EXISTS track_", tracked.table,
            "_", operation, "_", row.substr(0, 3), " AFTER ", operation,
            " ON main.", tracked.table,
            " BEGIN INSERT INTO changed_resources VALUES (",
            absl::StrReplaceAll(tracked.name_sql, {{"$.", row}}), "); END;");
      }
    }
  }
  connection.Execute(sql.c_str());
}

std::vector<std::string> TakeChangedResources(Connection& connection) {
  std::vector<std::string> resources;
  SQLite::Statement& changed = connection.Prepare(
      "SELECT DISTINCT resource FROM temp.changed_resources ORDER BY resource");
  while (changed.executeStep()) {
    resources.push_back(changed.getColumn(0).getString());
  }
  changed.tryReset();
  if (!resources.empty()) connection.Run("DELETE FROM temp.changed_resources");
  return resources;
}

bool HasUntakenResourceChanges(Connection& connection) {
  SQLite::Statement& any = connection.Prepare(
      "SELECT EXISTS (SELECT 1 FROM temp.changed_resources)");
  any.executeStep();
  const bool changed = any.getColumn(0).getInt() != 0;
  any.tryReset();
  return changed;
}

absl::StatusOr<std::string> StoredResourceDigest(Connection& connection,
                                                 const std::string& resource) {
  const ParsedName name = ParseName(resource);
  if (name.kind == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(resource, " names no kind of stored resource"));
  }
  return CatchSqlite([&]() -> absl::StatusOr<std::string> {
    return DigestOf(connection, *name.kind, name.id);
  });
}

absl::Status ForEachStoredResource(
    Connection& connection,
    absl::FunctionRef<absl::Status(const audit::ResourceDigest&)> fn) {
  constexpr int kPage = 1000;
  for (const ResourceKind& kind : Kinds()) {
    const char* key = kind.parts[0].key_column;
    // A page of names at a time, read before their digests (which use the
    // same connection), so that memory stays flat however large the clinic.
    const std::string page_sql =
        kind.singleton
            ? absl::StrCat("SELECT ", kind.name_sql, ", ", key, " FROM ",
                           kind.parts[0].table)
            : absl::StrCat("SELECT ", kind.name_sql, ", ", key, " FROM ",
                           kind.parts[0].table, " WHERE ", key, " > ? ORDER BY ",
                           key, " LIMIT ", kPage);
    std::string after;
    while (true) {
      std::vector<std::pair<std::string, std::string>> names_and_ids;
      RETURN_IF_ERROR(CatchSqlite([&]() -> absl::Status {
        SQLite::Statement& names = connection.Prepare(page_sql);
        if (!kind.singleton) names.bind(1, after);
        while (names.executeStep()) {
          names_and_ids.emplace_back(names.getColumn(0).getString(),
                                     names.getColumn(1).getString());
        }
        names.tryReset();
        return absl::OkStatus();
      }));
      for (const auto& [name, id] : names_and_ids) {
        ASSIGN_OR_RETURN(std::string digest,
                         CatchSqlite([&]() -> absl::StatusOr<std::string> {
                           return DigestOf(connection, kind, id);
                         }));
        RETURN_IF_ERROR(fn({.resource = name, .digest = std::move(digest)}));
      }
      if (kind.singleton || static_cast<int>(names_and_ids.size()) < kPage) {
        break;
      }
      after = names_and_ids.back().second;
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> ResourceTables() {
  std::vector<std::string> tables;
  for (const TrackedTable& tracked : kTrackedTables) {
    tables.push_back(tracked.table);
  }
  return tables;
}

std::vector<std::string> TablesOutsideResources() {
  return {std::begin(kOutsideResources), std::end(kOutsideResources)};
}

}  // namespace mesoclinic::storage
