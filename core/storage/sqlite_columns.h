#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_COLUMNS_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_COLUMNS_H_

// Small conversions between SQLite columns and the domain's types, shared by
// the repositories.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::storage {

// Times are stored as microseconds since the Unix epoch.
inline int64_t ToMicros(absl::Time time) { return absl::ToUnixMicros(time); }

inline absl::Time TimeColumn(const SQLite::Column& column) {
  return absl::FromUnixMicros(column.getInt64());
}

inline std::optional<absl::Time> OptionalTimeColumn(
    const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return TimeColumn(column);
}

// Binds a time, or NULL when absent.
inline void BindOptionalTime(SQLite::Statement& statement, int index,
                             const std::optional<absl::Time>& time) {
  if (time.has_value()) {
    statement.bind(index, ToMicros(*time));
  } else {
    statement.bind(index);
  }
}

// A text column without a copy: valid until the statement steps or resets.
inline absl::string_view TextColumnView(const SQLite::Column& column) {
  const char* text = column.getText();
  return absl::string_view(text, static_cast<std::size_t>(column.getBytes()));
}

inline std::string BlobColumn(const SQLite::Column& column) {
  return std::string(static_cast<const char*>(column.getBlob()),
                     column.getBytes());
}

inline void BindBlob(SQLite::Statement& statement, int index,
                     const std::string& bytes) {
  statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}

// Keyset paging, as every listing does it: appends to `sql`, whose WHERE
// clause is open, the rows after the position (:after1, :after2, ...) in
// `order` ("start_time, id") when `after`, then the ORDER BY and
// LIMIT :limit. The caller binds the position's values and :limit.
inline void AppendPage(std::string& sql, absl::string_view order,
                       bool after) {
  if (after) {
    absl::StrAppend(&sql, " AND (", order, ") > (");
    const std::size_t columns = 1 + std::count(order.begin(), order.end(), ',');
    for (std::size_t i = 1; i <= columns; ++i) {
      absl::StrAppend(&sql, i == 1 ? "" : ", ", ":after", i);
    }
    absl::StrAppend(&sql, ")");
  }
  absl::StrAppend(&sql, " ORDER BY ", order, " LIMIT :limit");
}

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_COLUMNS_H_
