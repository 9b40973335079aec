#include "tests/server/database_snapshot.h"

#include <algorithm>
#include <iterator>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mesoclinic::testing {
namespace {

// How much of a row a difference report shows.
constexpr std::size_t kShownRowLength = 300;
// How many differing rows per table a report shows.
constexpr std::size_t kShownRows = 5;

std::string Render(const SQLite::Column& column) {
  // SQLiteCpp's type constants are not constant expressions: no switch.
  if (column.isInteger()) return absl::StrCat(column.getInt64());
  if (column.isFloat()) return absl::StrFormat("%.17g", column.getDouble());
  if (column.isText()) {
    return absl::StrCat("'", absl::CEscape(column.getString()), "'");
  }
  if (column.isBlob()) {
    return absl::StrCat(
        "x'",
        absl::BytesToHexString(absl::string_view(
            static_cast<const char*>(column.getBlob()), column.getBytes())),
        "'");
  }
  return "NULL";
}

std::vector<std::string> Rows(SQLite::Database& db, const std::string& table) {
  // Table names come from sqlite_master, quoted as identifiers.
  SQLite::Statement select(db, absl::StrCat("SELECT * FROM \"", table, "\""));
  std::vector<std::string> rows;
  while (select.executeStep()) {
    std::string row;
    for (int i = 0; i < select.getColumnCount(); ++i) {
      absl::StrAppend(&row, i == 0 ? "" : ", ", select.getColumnName(i), "=",
                      Render(select.getColumn(i)));
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The rows of `a` that are not in `b`, both sorted.
std::vector<std::string> Missing(const std::vector<std::string>& a,
                                 const std::vector<std::string>& b) {
  std::vector<std::string> missing;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(missing));
  return missing;
}

void Describe(absl::string_view what, const std::vector<std::string>& rows,
              std::string* report) {
  for (std::size_t i = 0; i < rows.size() && i < kShownRows; ++i) {
    absl::StrAppend(report, "    ", what, ": ",
                    rows[i].substr(0, kShownRowLength), "\n");
  }
  if (rows.size() > kShownRows) {
    absl::StrAppend(report, "    ... and ", rows.size() - kShownRows,
                    " more rows ", what, "\n");
  }
}

}  // namespace

DatabaseSnapshot DatabaseSnapshot::Take(const std::string& path,
                                        const std::set<std::string>& excluded) {
  SQLite::Database db(path, SQLite::OPEN_READONLY, /*busy_timeout_ms=*/5000);
  std::vector<std::string> names;
  SQLite::Statement list(db,
                         "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (list.executeStep()) names.push_back(list.getColumn(0).getString());
  DatabaseSnapshot snapshot;
  // One read transaction, so that every table is read as of one moment.
  db.exec("BEGIN");
  for (const std::string& name : names) {
    if (!excluded.contains(name)) snapshot.tables_[name] = Rows(db, name);
  }
  db.exec("COMMIT");
  return snapshot;
}

std::string DatabaseSnapshot::DifferencesFrom(
    const DatabaseSnapshot& before) const {
  std::set<std::string> names;
  for (const auto& [name, rows] : tables_) names.insert(name);
  for (const auto& [name, rows] : before.tables_) names.insert(name);
  std::string report;
  for (const std::string& name : names) {
    const auto old_rows = before.tables_.find(name);
    const auto new_rows = tables_.find(name);
    if (old_rows == before.tables_.end() || new_rows == tables_.end()) {
      absl::StrAppend(&report, "  table ", name,
                      new_rows == tables_.end() ? " is gone\n" : " is new\n");
      continue;
    }
    const std::vector<std::string>& was = old_rows->second;
    const std::vector<std::string>& is = new_rows->second;
    if (was == is) continue;
    absl::StrAppend(&report, "  table ", name, ":\n");
    Describe("gone", Missing(was, is), &report);
    Describe("new", Missing(is, was), &report);
  }
  return report;
}

}  // namespace mesoclinic::testing
