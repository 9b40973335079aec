#include "core/storage/sqlite_sign_in_repository.h"

#include <string>

#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_staff_repository.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using staff::PasswordSetupLink;
using staff::SignInFailures;
using staff::SignInSession;
using staff::StaffPassword;

constexpr char kSessionColumns[] =
    "id, token_hash, staff_id, create_time, last_seen_time, expire_time, "
    "end_time, end_reason, client_address";

SignInSession ReadSession(SQLite::Statement& row) {
  SignInSession session;
  session.id = row.getColumn(0).getString();
  session.token_hash = BlobColumn(row.getColumn(1));
  session.staff_id = row.getColumn(2).getString();
  session.create_time = TimeColumn(row.getColumn(3));
  session.last_seen_time = TimeColumn(row.getColumn(4));
  session.expire_time = TimeColumn(row.getColumn(5));
  session.end_time = OptionalTimeColumn(row.getColumn(6));
  session.end_reason = row.getColumn(7).getString();
  session.client_address = row.getColumn(8).getString();
  return session;
}

// The one session `query` (bound already) finds, if any.
std::optional<SignInSession> OneSession(SQLite::Statement& query) {
  if (!query.executeStep()) return std::nullopt;
  SignInSession session = ReadSession(query);
  query.tryReset();
  return session;
}

}  // namespace

absl::StatusOr<std::optional<staff::StaffMember>>
SqliteSignInRepository::FindActiveByEmail(absl::string_view email) {
  absl::StatusOr<std::optional<std::string>> id =
      CatchSqlite([&]() -> absl::StatusOr<std::optional<std::string>> {
        SQLite::Statement& query = connection_.Prepare(
            "SELECT id FROM staff WHERE email = ? COLLATE NOCASE AND "
            "active = 1 AND email != '' ORDER BY create_time, id LIMIT 1");
        query.bind(1, std::string(email));
        if (!query.executeStep()) return std::nullopt;
        std::string found = query.getColumn(0).getString();
        query.tryReset();
        return found;
      });
  if (!id.ok()) return id.status();
  if (!id->has_value()) return std::nullopt;
  SqliteStaffRepository staff(connection_);
  absl::StatusOr<staff::StaffMember> member = staff.Get(**id);
  if (!member.ok()) return member.status();
  return *std::move(member);
}

absl::StatusOr<std::optional<StaffPassword>> SqliteSignInRepository::GetPassword(
    absl::string_view staff_id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<StaffPassword>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT password_hash, must_change_password, set_time "
        "FROM staff_passwords WHERE staff_id = ?");
    query.bind(1, std::string(staff_id));
    if (!query.executeStep()) return std::nullopt;
    StaffPassword password{
        .staff_id = std::string(staff_id),
        .password_hash = query.getColumn(0).getString(),
        .must_change_password = query.getColumn(1).getInt() != 0,
        .set_time = TimeColumn(query.getColumn(2)),
    };
    query.tryReset();
    return password;
  });
}

absl::Status SqliteSignInRepository::PutPassword(
    const StaffPassword& password) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& put = connection_.Prepare(
        "INSERT INTO staff_passwords (staff_id, password_hash, "
        "must_change_password, set_time) VALUES (?, ?, ?, ?) ON CONFLICT "
        "(staff_id) DO UPDATE SET password_hash = excluded.password_hash, "
        "must_change_password = excluded.must_change_password, "
        "set_time = excluded.set_time");
    put.bind(1, password.staff_id);
    put.bind(2, password.password_hash);
    put.bind(3, password.must_change_password ? 1 : 0);
    put.bind(4, ToMicros(password.set_time));
    put.exec();
    return absl::OkStatus();
  });
}

absl::Status SqliteSignInRepository::InsertSetupLink(
    const PasswordSetupLink& link) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(
        "INSERT INTO password_setup_links (token_hash, staff_id, create_time, "
        "expire_time, end_time) VALUES (?, ?, ?, ?, ?)");
    BindBlob(insert, 1, link.token_hash);
    insert.bind(2, link.staff_id);
    insert.bind(3, ToMicros(link.create_time));
    insert.bind(4, ToMicros(link.expire_time));
    BindOptionalTime(insert, 5, link.end_time);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<PasswordSetupLink>>
SqliteSignInRepository::FindSetupLink(absl::string_view token_hash) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<PasswordSetupLink>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT staff_id, create_time, expire_time, end_time "
        "FROM password_setup_links WHERE token_hash = ?");
    BindBlob(query, 1, std::string(token_hash));
    if (!query.executeStep()) return std::nullopt;
    PasswordSetupLink link{
        .token_hash = std::string(token_hash),
        .staff_id = query.getColumn(0).getString(),
        .create_time = TimeColumn(query.getColumn(1)),
        .expire_time = TimeColumn(query.getColumn(2)),
        .end_time = OptionalTimeColumn(query.getColumn(3)),
    };
    query.tryReset();
    return link;
  });
}

absl::Status SqliteSignInRepository::EndSetupLinksOf(absl::string_view staff_id,
                                                     absl::Time end_time) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE password_setup_links SET end_time = ? "
        "WHERE staff_id = ? AND end_time IS NULL");
    update.bind(1, ToMicros(end_time));
    update.bind(2, std::string(staff_id));
    update.exec();
    return absl::OkStatus();
  });
}

absl::Status SqliteSignInRepository::InsertSession(
    const SignInSession& session) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO sign_in_sessions (", kSessionColumns,
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.bind(1, session.id);
    BindBlob(insert, 2, session.token_hash);
    insert.bind(3, session.staff_id);
    insert.bind(4, ToMicros(session.create_time));
    insert.bind(5, ToMicros(session.last_seen_time));
    insert.bind(6, ToMicros(session.expire_time));
    BindOptionalTime(insert, 7, session.end_time);
    insert.bind(8, session.end_reason);
    insert.bind(9, session.client_address);
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<SignInSession>>
SqliteSignInRepository::FindSession(absl::string_view token_hash) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<SignInSession>> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kSessionColumns, " FROM sign_in_sessions "
        "WHERE token_hash = ?"));
    BindBlob(query, 1, std::string(token_hash));
    return OneSession(query);
  });
}

absl::StatusOr<std::optional<SignInSession>> SqliteSignInRepository::GetSession(
    absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<SignInSession>> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kSessionColumns, " FROM sign_in_sessions WHERE id = ?"));
    query.bind(1, std::string(id));
    return OneSession(query);
  });
}

absl::Status SqliteSignInRepository::TouchSession(absl::string_view id,
                                                  absl::Time time) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE sign_in_sessions SET last_seen_time = ?1 "
        "WHERE id = ?2 AND last_seen_time < ?1");
    update.bind(1, ToMicros(time));
    update.bind(2, std::string(id));
    update.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<bool> SqliteSignInRepository::EndSession(
    absl::string_view id, absl::Time end_time,
    staff::SessionEndReason reason) {
  return CatchSqlite([&]() -> absl::StatusOr<bool> {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE sign_in_sessions SET end_time = ?, end_reason = ? "
        "WHERE id = ? AND end_time IS NULL");
    update.bind(1, ToMicros(end_time));
    update.bind(2, staff::SessionEndReasonName(reason));
    update.bind(3, std::string(id));
    return update.exec() > 0;
  });
}

absl::StatusOr<int> SqliteSignInRepository::EndSessionsOf(
    absl::string_view staff_id, absl::Time end_time,
    staff::SessionEndReason reason, absl::string_view keep_session_id) {
  return CatchSqlite([&]() -> absl::StatusOr<int> {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE sign_in_sessions SET end_time = ?, end_reason = ? "
        "WHERE staff_id = ? AND end_time IS NULL AND id != ?");
    update.bind(1, ToMicros(end_time));
    update.bind(2, staff::SessionEndReasonName(reason));
    update.bind(3, std::string(staff_id));
    update.bind(4, std::string(keep_session_id));
    return update.exec();
  });
}

absl::StatusOr<std::optional<SignInFailures>>
SqliteSignInRepository::GetFailures(absl::string_view subject) {
  return CatchSqlite([&]() -> absl::StatusOr<std::optional<SignInFailures>> {
    SQLite::Statement& query = connection_.Prepare(
        "SELECT failures, window_start_time, last_failure_time, "
        "locked_until_time FROM sign_in_failures WHERE subject = ?");
    query.bind(1, std::string(subject));
    if (!query.executeStep()) return std::nullopt;
    SignInFailures failures{
        .subject = std::string(subject),
        .failures = query.getColumn(0).getInt(),
        .window_start_time = TimeColumn(query.getColumn(1)),
        .last_failure_time = TimeColumn(query.getColumn(2)),
        .locked_until_time = OptionalTimeColumn(query.getColumn(3)),
    };
    query.tryReset();
    return failures;
  });
}

absl::Status SqliteSignInRepository::PutFailures(
    const SignInFailures& failures) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& put = connection_.Prepare(
        "INSERT INTO sign_in_failures (subject, failures, window_start_time, "
        "last_failure_time, locked_until_time) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, "
        "window_start_time = excluded.window_start_time, "
        "last_failure_time = excluded.last_failure_time, "
        "locked_until_time = excluded.locked_until_time");
    put.bind(1, failures.subject);
    put.bind(2, failures.failures);
    put.bind(3, ToMicros(failures.window_start_time));
    put.bind(4, ToMicros(failures.last_failure_time));
    BindOptionalTime(put, 5, failures.locked_until_time);
    put.exec();
    return absl::OkStatus();
  });
}

absl::Status SqliteSignInRepository::ClearFailures(absl::string_view subject) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& remove =
        connection_.Prepare("DELETE FROM sign_in_failures WHERE subject = ?");
    remove.bind(1, std::string(subject));
    remove.exec();
    return absl::OkStatus();
  });
}

}  // namespace mesoclinic::storage
