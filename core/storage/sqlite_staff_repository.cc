#include "core/storage/sqlite_staff_repository.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using staff::ApiKey;
using staff::StaffMember;

constexpr char kStaffColumns[] =
    "id, display_name, email, role, licence_number, active, create_time, "
    "deactivate_time";
constexpr char kKeyColumns[] =
    "id, staff_id, secret_hash, description, create_time, revoke_time";

StaffMember ReadStaff(SQLite::Statement& row) {
  StaffMember member;
  member.id = row.getColumn(0).getString();
  member.display_name = row.getColumn(1).getString();
  member.email = row.getColumn(2).getString();
  member.role = static_cast<staff::Role>(row.getColumn(3).getInt());
  member.licence_number = row.getColumn(4).getString();
  member.active = row.getColumn(5).getInt() != 0;
  member.create_time = TimeColumn(row.getColumn(6));
  member.deactivate_time = OptionalTimeColumn(row.getColumn(7));
  return member;
}

ApiKey ReadKey(SQLite::Statement& row) {
  ApiKey key;
  key.id = row.getColumn(0).getString();
  key.staff_id = row.getColumn(1).getString();
  key.secret_hash = BlobColumn(row.getColumn(2));
  key.description = row.getColumn(3).getString();
  key.create_time = TimeColumn(row.getColumn(4));
  key.revoke_time = OptionalTimeColumn(row.getColumn(5));
  return key;
}

// Binds the staff columns in kStaffColumns order, plus the name key as ?9.
void BindStaff(SQLite::Statement& statement, const StaffMember& member) {
  statement.bind(1, member.id);
  statement.bind(2, member.display_name);
  statement.bind(3, member.email);
  statement.bind(4, static_cast<int>(member.role));
  statement.bind(5, member.licence_number);
  statement.bind(6, member.active ? 1 : 0);
  statement.bind(7, ToMicros(member.create_time));
  BindOptionalTime(statement, 8, member.deactivate_time);
  statement.bind(9, staff::DisplayNameKey(member.display_name));
}

}  // namespace

absl::Status SqliteStaffRepository::Insert(const StaffMember& member) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO staff (", kStaffColumns,
        ", display_name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    BindStaff(insert, member);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<StaffMember> SqliteStaffRepository::Get(absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<StaffMember> {
    SQLite::Statement& query = connection_.Prepare(
        absl::StrCat("SELECT ", kStaffColumns, " FROM staff WHERE id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) {
      return absl::NotFoundError(absl::StrCat("staff/", id, " does not exist"));
    }
    return ReadStaff(query);
  });
}

absl::Status SqliteStaffRepository::Update(const StaffMember& member) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE staff SET display_name = ?2, email = ?3, role = ?4, "
        "licence_number = ?5, active = ?6, create_time = ?7, "
        "deactivate_time = ?8, display_name_key = ?9 WHERE id = ?1");
    BindStaff(update, member);
    if (update.exec() == 0) {
      return absl::NotFoundError(
          absl::StrCat("staff/", member.id, " does not exist"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<staff::StaffPage> SqliteStaffRepository::List(
    const staff::StaffQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<staff::StaffPage> {
    std::string sql =
        absl::StrCat("SELECT ", kStaffColumns, ", display_name_key FROM staff "
                     "WHERE 1");
    if (!query.include_inactive) absl::StrAppend(&sql, " AND active = 1");
    if (query.role.has_value()) absl::StrAppend(&sql, " AND role = :role");
    if (query.after.has_value()) {
      absl::StrAppend(&sql,
                      " AND (display_name_key, id) > (:after_key, :after_id)");
    }
    absl::StrAppend(&sql, " ORDER BY display_name_key, id LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    if (query.role.has_value()) {
      statement.bind(":role", static_cast<int>(*query.role));
    }
    if (query.after.has_value()) {
      statement.bind(":after_key", query.after->first);
      statement.bind(":after_id", query.after->second);
    }
    const int limit = std::max(query.limit, 1);
    statement.bind(":limit", limit + 1);
    staff::StaffPage page;
    while (statement.executeStep()) {
      if (static_cast<int>(page.staff.size()) == limit) {
        page.next = {staff::DisplayNameKey(page.staff.back().display_name),
                     page.staff.back().id};
        break;
      }
      page.staff.push_back(ReadStaff(statement));
    }
    return page;
  });
}

absl::StatusOr<int64_t> SqliteStaffRepository::Count() {
  return CatchSqlite([&]() -> absl::StatusOr<int64_t> {
    SQLite::Statement& count = connection_.Prepare("SELECT COUNT(*) FROM staff");
    count.executeStep();
    return count.getColumn(0).getInt64();
  });
}

absl::Status SqliteStaffRepository::InsertApiKey(const ApiKey& key) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO api_keys (", kKeyColumns, ") VALUES (?, ?, ?, ?, ?, ?)"));
    insert.bind(1, key.id);
    insert.bind(2, key.staff_id);
    BindBlob(insert, 3, key.secret_hash);
    insert.bind(4, key.description);
    insert.bind(5, ToMicros(key.create_time));
    BindOptionalTime(insert, 6, key.revoke_time);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<ApiKey> SqliteStaffRepository::GetApiKey(absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<ApiKey> {
    SQLite::Statement& query = connection_.Prepare(
        absl::StrCat("SELECT ", kKeyColumns, " FROM api_keys WHERE id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) {
      return absl::NotFoundError(absl::StrCat("API key ", id, " does not exist"));
    }
    return ReadKey(query);
  });
}

absl::Status SqliteStaffRepository::UpdateApiKey(const ApiKey& key) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE api_keys SET description = ?, revoke_time = ? WHERE id = ?");
    update.bind(1, key.description);
    BindOptionalTime(update, 2, key.revoke_time);
    update.bind(3, key.id);
    if (update.exec() == 0) {
      return absl::NotFoundError(
          absl::StrCat("API key ", key.id, " does not exist"));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ApiKey>> SqliteStaffRepository::ListApiKeys(
    const staff::ApiKeyQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<ApiKey>> {
    std::string sql = absl::StrCat("SELECT ", kKeyColumns,
                                   " FROM api_keys WHERE staff_id = :staff");
    AppendPage(sql, "create_time, id", query.after.has_value());
    SQLite::Statement& statement = connection_.Prepare(sql);
    statement.bind(":staff", query.staff_id);
    if (query.after.has_value()) {
      statement.bind(":after1", ToMicros(query.after->first));
      statement.bind(":after2", query.after->second);
    }
    statement.bind(":limit", query.limit);
    std::vector<ApiKey> keys;
    while (statement.executeStep()) keys.push_back(ReadKey(statement));
    return keys;
  });
}

}  // namespace mesoclinic::storage
