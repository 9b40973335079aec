#include "core/storage/sqlite_idempotency_repository.h"

#include <string>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {

absl::StatusOr<std::optional<IdempotencyRecord>>
SqliteIdempotencyRepository::Find(absl::string_view caller,
                                  absl::string_view method,
                                  absl::string_view request_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<IdempotencyRecord>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT request_hash, response, resource, patient_ids, create_time, "
        "response_secret "
        "FROM idempotency_records "
        "WHERE caller = ? AND method = ? AND request_id = ?");
    query.bind(1, std::string(caller));
    query.bind(2, std::string(method));
    query.bind(3, std::string(request_id));
    if (!query.executeStep()) return std::nullopt;
    IdempotencyRecord record;
    record.caller = std::string(caller);
    record.method = std::string(method);
    record.request_id = std::string(request_id);
    record.request_hash = BlobColumn(query.getColumn(0));
    record.response = BlobColumn(query.getColumn(1));
    record.resource = query.getColumn(2).getString();
    record.patient_ids = absl::StrSplit(query.getColumn(3).getString(), ' ',
                                        absl::SkipEmpty());
    record.create_time = TimeColumn(query.getColumn(4));
    record.response_secret = query.getColumn(5).getInt() != 0;
    return record;
  });
}

absl::Status SqliteIdempotencyRepository::Insert(
    const IdempotencyRecord& record) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO idempotency_records (caller, method, request_id, "
        "request_hash, response, resource, patient_ids, create_time, "
        "response_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, record.caller);
    insert.bind(2, record.method);
    insert.bind(3, record.request_id);
    BindBlob(insert, 4, record.request_hash);
    BindBlob(insert, 5, record.response);
    insert.bind(6, record.resource);
    insert.bind(7, absl::StrJoin(record.patient_ids, " "));
    insert.bind(8, ToMicros(record.create_time));
    insert.bind(9, record.response_secret ? 1 : 0);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<int> SqliteIdempotencyRepository::DeleteCreatedBefore(
    absl::Time cutoff, int limit) {
  return CatchSqlite([&]() -> absl::StatusOr<int> {
    // Through idempotency_records_by_time: the oldest first, reading
    // only the index to find them.
    SQLite::Statement& remove = connection_.Prepare(
        "DELETE FROM idempotency_records WHERE (caller, method, request_id) "
        "IN (SELECT caller, method, request_id FROM idempotency_records "
        "WHERE create_time < ? ORDER BY create_time LIMIT ?)");
    remove.bind(1, ToMicros(cutoff));
    remove.bind(2, limit);
    return remove.exec();
  });
}

}  // namespace mesoclinic::storage
