#include "core/storage/sqlite_idempotency_repository.h"

#include <string>

#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {

absl::StatusOr<std::optional<IdempotencyRecord>>
SqliteIdempotencyRepository::Find(absl::string_view caller,
                                  absl::string_view method,
                                  absl::string_view request_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<IdempotencyRecord>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT request_hash, response, create_time FROM idempotency_records "
        "WHERE caller = ? AND method = ? AND request_id = ?");
    query.bind(1, std::string(caller));
    query.bind(2, std::string(method));
    query.bind(3, std::string(request_id));
    if (!query.executeStep()) return std::nullopt;
    IdempotencyRecord record;
    record.caller = std::string(caller);
    record.method = std::string(method);
    record.request_id = std::string(request_id);
    const SQLite::Column hash = query.getColumn(0);
    record.request_hash.assign(static_cast<const char*>(hash.getBlob()),
                               hash.getBytes());
    const SQLite::Column response = query.getColumn(1);
    record.response.assign(static_cast<const char*>(response.getBlob()),
                           response.getBytes());
    record.create_time = absl::FromUnixMicros(query.getColumn(2).getInt64());
    return record;
  });
}

absl::Status SqliteIdempotencyRepository::Insert(
    const IdempotencyRecord& record) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO idempotency_records (caller, method, request_id, "
        "request_hash, response, create_time) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, record.caller);
    insert.bind(2, record.method);
    insert.bind(3, record.request_id);
    insert.bind(4, record.request_hash.data(),
                static_cast<int>(record.request_hash.size()));
    insert.bind(5, record.response.data(),
                static_cast<int>(record.response.size()));
    insert.bind(6, static_cast<int64_t>(absl::ToUnixMicros(record.create_time)));
    insert.exec();
    return absl::OkStatus();
  });
}

}  // namespace mesoclinic::storage
