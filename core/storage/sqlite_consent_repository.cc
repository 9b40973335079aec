#include "core/storage/sqlite_consent_repository.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/storage/sqlite_columns.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using consent::Consent;

constexpr char kColumns[] =
    "id, patient_id, treatment_type, document_version, disclosure_sha256, "
    "sign_time, signer, guardian_name, guardian_relationship, "
    "practitioner_id, method, expire_time, recorded_by, create_time, "
    "withdraw_time, withdraw_reason, withdrawn_by, disclosure_text";

std::string NotFoundMessage(absl::string_view patient_id,
                            absl::string_view consent_id) {
  return absl::StrCat("patients/", patient_id, "/consents/", consent_id,
                      " does not exist");
}

Consent ReadConsent(SQLite::Statement& row) {
  Consent consent;
  consent.id = row.getColumn(0).getString();
  consent.patient_id = row.getColumn(1).getString();
  consent.treatment_type = row.getColumn(2).getString();
  consent.document_version = row.getColumn(3).getInt();
  consent.disclosure_sha256 = row.getColumn(4).getString();
  consent.sign_time = TimeColumn(row.getColumn(5));
  consent.signer = static_cast<consent::Signer>(row.getColumn(6).getInt());
  consent.guardian_name = row.getColumn(7).getString();
  consent.guardian_relationship = row.getColumn(8).getString();
  consent.practitioner_id = row.getColumn(9).getString();
  consent.method = static_cast<consent::Method>(row.getColumn(10).getInt());
  consent.expire_time = OptionalTimeColumn(row.getColumn(11));
  consent.recorded_by = row.getColumn(12).getString();
  consent.create_time = TimeColumn(row.getColumn(13));
  if (const std::optional<absl::Time> withdrawn =
          OptionalTimeColumn(row.getColumn(14));
      withdrawn.has_value()) {
    consent.withdrawal = consent::Withdrawal{
        .time = *withdrawn,
        .reason = row.getColumn(15).getString(),
        .staff_id = row.getColumn(16).getString(),
    };
  }
  consent.disclosure_text = row.getColumn(17).getString();
  return consent;
}

}  // namespace

absl::Status SqliteConsentRepository::Insert(const Consent& consent) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(absl::StrCat(
        "INSERT INTO consents (", kColumns,
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
        "?14, ?15, ?16, ?17, ?18)"));
    insert.bind(1, consent.id);
    insert.bind(2, consent.patient_id);
    insert.bind(3, consent.treatment_type);
    insert.bind(4, consent.document_version);
    insert.bind(5, consent.disclosure_sha256);
    insert.bind(6, ToMicros(consent.sign_time));
    insert.bind(7, static_cast<int>(consent.signer));
    insert.bind(8, consent.guardian_name);
    insert.bind(9, consent.guardian_relationship);
    insert.bind(10, consent.practitioner_id);
    insert.bind(11, static_cast<int>(consent.method));
    BindOptionalTime(insert, 12, consent.expire_time);
    insert.bind(13, consent.recorded_by);
    insert.bind(14, ToMicros(consent.create_time));
    insert.bind(18, consent.disclosure_text);
    if (consent.withdrawal.has_value()) {
      insert.bind(15, ToMicros(consent.withdrawal->time));
      insert.bind(16, consent.withdrawal->reason);
      insert.bind(17, consent.withdrawal->staff_id);
    } else {
      insert.bind(15);
      insert.bind(16, "");
      insert.bind(17);
    }
    insert.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<Consent> SqliteConsentRepository::Get(
    absl::string_view patient_id, absl::string_view consent_id) {
  return CatchSqlite([&]() -> absl::StatusOr<Consent> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kColumns,
        " FROM consents WHERE id = ?1 AND patient_id = ?2"));
    query.bind(1, std::string(consent_id));
    query.bind(2, std::string(patient_id));
    if (!query.executeStep()) {
      return absl::NotFoundError(NotFoundMessage(patient_id, consent_id));
    }
    return ReadConsent(query);
  });
}

absl::Status SqliteConsentRepository::Update(const Consent& consent) {
  if (!consent.withdrawal.has_value()) {
    return absl::InvalidArgumentError(
        "storage: a consent changes only to record its withdrawal");
  }
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(
        "UPDATE consents SET withdraw_time = ?1, withdraw_reason = ?2, "
        "withdrawn_by = ?3 "
        "WHERE id = ?4 AND patient_id = ?5 AND withdraw_time IS NULL");
    update.bind(1, ToMicros(consent.withdrawal->time));
    update.bind(2, consent.withdrawal->reason);
    update.bind(3, consent.withdrawal->staff_id);
    update.bind(4, consent.id);
    update.bind(5, consent.patient_id);
    if (update.exec() == 1) return absl::OkStatus();
    // Nothing changed: tell a missing consent from a withdrawn one.
    SQLite::Statement& exists = connection_.Prepare(
        "SELECT 1 FROM consents WHERE id = ?1 AND patient_id = ?2");
    exists.bind(1, consent.id);
    exists.bind(2, consent.patient_id);
    if (!exists.executeStep()) {
      return absl::NotFoundError(
          NotFoundMessage(consent.patient_id, consent.id));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("patients/", consent.patient_id, "/consents/", consent.id,
                     " is already withdrawn"));
  });
}

absl::StatusOr<consent::ConsentPage> SqliteConsentRepository::List(
    const consent::ConsentQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<consent::ConsentPage> {
    std::string sql = absl::StrCat("SELECT ", kColumns,
                                   " FROM consents WHERE patient_id = :patient");
    if (query.treatment_type.has_value()) {
      absl::StrAppend(&sql, " AND treatment_type = :type");
    }
    if (query.after.has_value()) {
      absl::StrAppend(&sql,
                      " AND (sign_time, id) < (:after_time, :after_id)");
    }
    absl::StrAppend(&sql, " ORDER BY sign_time DESC, id DESC LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    statement.bind(":patient", query.patient_id);
    if (query.treatment_type.has_value()) {
      statement.bind(":type", *query.treatment_type);
    }
    if (query.after.has_value()) {
      statement.bind(":after_time", ToMicros(query.after->sign_time));
      statement.bind(":after_id", query.after->id);
    }
    const int limit = std::max(query.limit, 1);
    statement.bind(":limit", limit + 1);
    consent::ConsentPage page;
    while (statement.executeStep()) {
      if (static_cast<int>(page.consents.size()) == limit) {
        page.next = consent::ConsentListPosition{
            page.consents.back().sign_time, page.consents.back().id};
        break;
      }
      page.consents.push_back(ReadConsent(statement));
    }
    return page;
  });
}

absl::StatusOr<std::vector<Consent>>
SqliteConsentRepository::ListForPatientAndType(
    absl::string_view patient_id, absl::string_view treatment_type) {
  return CatchSqlite([&]() -> absl::StatusOr<std::vector<Consent>> {
    SQLite::Statement& query = connection_.Prepare(absl::StrCat(
        "SELECT ", kColumns,
        " FROM consents WHERE patient_id = ?1 AND treatment_type = ?2 "
        "ORDER BY sign_time DESC, id DESC"));
    query.bind(1, std::string(patient_id));
    query.bind(2, std::string(treatment_type));
    std::vector<Consent> consents;
    while (query.executeStep()) consents.push_back(ReadConsent(query));
    return consents;
  });
}

}  // namespace mesoclinic::storage
