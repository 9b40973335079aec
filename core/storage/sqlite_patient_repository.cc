#include "core/storage/sqlite_patient_repository.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/field_rules.h"
#include "core/storage/sqlite_status.h"

namespace mesoclinic::storage {
namespace {

using patients::Patient;

// The patients table's columns, in the order both the bind parameters (?1 is
// id) and the SELECT list use.
constexpr std::array<const char*, 27> kColumns = {
    "id",            "given_name",      "family_name",
    "given_name_key", "family_name_key", "birth_date",
    "sex",           "phone",           "email",
    "address_line1", "address_line2",   "city",
    "region",        "postal_code",     "country_code",
    "emergency_name", "emergency_relationship", "emergency_phone",
    "pregnancy_status", "height_cm",    "weight_kg",
    "notes",         "archived",        "archive_time",
    "create_time",   "update_time",     "revision"};

const std::string& SelectColumns() {
  static const std::string* const columns =
      new std::string(absl::StrJoin(kColumns, ", "));
  return *columns;
}

const std::string& InsertSql() {
  static const std::string* const sql = [] {
    std::string values;
    for (std::size_t i = 1; i <= kColumns.size(); ++i) {
      absl::StrAppend(&values, i == 1 ? "" : ", ", "?", i);
    }
    return new std::string(absl::StrCat("INSERT INTO patients (",
                                        SelectColumns(), ") VALUES (", values,
                                        ")"));
  }();
  return *sql;
}

const std::string& UpdateSql() {
  static const std::string* const sql = [] {
    std::string assignments;
    for (std::size_t i = 2; i <= kColumns.size(); ++i) {
      absl::StrAppend(&assignments, i == 2 ? "" : ", ", kColumns[i - 1], " = ?",
                      i);
    }
    return new std::string(
        absl::StrCat("UPDATE patients SET ", assignments, " WHERE id = ?1"));
  }();
  return *sql;
}

int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }

void BindPatient(SQLite::Statement& statement, const Patient& patient) {
  int i = 0;
  statement.bind(++i, patient.id);
  statement.bind(++i, patient.given_name);
  statement.bind(++i, patient.family_name);
  statement.bind(++i, patients::NameSearchKey(patient.given_name));
  statement.bind(++i, patients::NameSearchKey(patient.family_name));
  statement.bind(++i, FormatIsoDate(patient.date_of_birth));
  statement.bind(++i, static_cast<int>(patient.sex));
  statement.bind(++i, patient.contact.phone);
  statement.bind(++i, patient.contact.email);
  const patients::PostalAddress& address = patient.contact.address;
  statement.bind(++i, address.line1);
  statement.bind(++i, address.line2);
  statement.bind(++i, address.city);
  statement.bind(++i, address.region);
  statement.bind(++i, address.postal_code);
  statement.bind(++i, address.country_code);
  statement.bind(++i, patient.emergency_contact.name);
  statement.bind(++i, patient.emergency_contact.relationship);
  statement.bind(++i, patient.emergency_contact.phone);
  const patients::ClinicalFacts& facts = patient.clinical_facts;
  statement.bind(++i, static_cast<int>(facts.pregnancy_status));
  statement.bind(++i, facts.height_cm);
  statement.bind(++i, facts.weight_kg);
  statement.bind(++i, patient.notes);
  statement.bind(++i, patient.archived ? 1 : 0);
  if (patient.archive_time.has_value()) {
    statement.bind(++i, Micros(*patient.archive_time));
  } else {
    statement.bind(++i);  // NULL
  }
  statement.bind(++i, Micros(patient.create_time));
  statement.bind(++i, Micros(patient.update_time));
  statement.bind(++i, patient.revision);
}

absl::CivilDay ReadDate(const SQLite::Column& column) {
  absl::CivilDay day;
  ParseIsoDate(column.getString(), &day);
  return day;
}

Patient ReadPatient(SQLite::Statement& row) {
  int i = 0;
  const auto next = [&]() { return row.getColumn(i++); };
  Patient patient;
  patient.id = next().getString();
  patient.given_name = next().getString();
  patient.family_name = next().getString();
  i += 2;  // The search keys are derived.
  patient.date_of_birth = ReadDate(next());
  patient.sex = static_cast<patients::Sex>(next().getInt());
  patient.contact.phone = next().getString();
  patient.contact.email = next().getString();
  patients::PostalAddress& address = patient.contact.address;
  address.line1 = next().getString();
  address.line2 = next().getString();
  address.city = next().getString();
  address.region = next().getString();
  address.postal_code = next().getString();
  address.country_code = next().getString();
  patient.emergency_contact.name = next().getString();
  patient.emergency_contact.relationship = next().getString();
  patient.emergency_contact.phone = next().getString();
  patients::ClinicalFacts& facts = patient.clinical_facts;
  facts.pregnancy_status =
      static_cast<patients::PregnancyStatus>(next().getInt());
  facts.height_cm = next().getDouble();
  facts.weight_kg = next().getDouble();
  patient.notes = next().getString();
  patient.archived = next().getInt() != 0;
  if (const SQLite::Column archive_time = next(); !archive_time.isNull()) {
    patient.archive_time = absl::FromUnixMicros(archive_time.getInt64());
  }
  patient.create_time = absl::FromUnixMicros(next().getInt64());
  patient.update_time = absl::FromUnixMicros(next().getInt64());
  patient.revision = next().getInt64();
  return patient;
}

absl::Status PatientNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("patients/", id, " does not exist"));
}

}  // namespace

absl::Status SqlitePatientRepository::Insert(const Patient& patient) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& insert = connection_.Prepare(InsertSql());
    BindPatient(insert, patient);
    insert.exec();
    WriteClinicalLists(patient);
    return absl::OkStatus();
  });
}

absl::Status SqlitePatientRepository::Update(const Patient& patient) {
  return CatchSqlite([&]() -> absl::Status {
    SQLite::Statement& update = connection_.Prepare(UpdateSql());
    BindPatient(update, patient);
    if (update.exec() == 0) return PatientNotFound(patient.id);
    for (const char* sql :
         {"DELETE FROM patient_medications WHERE patient_id = ?",
          "DELETE FROM patient_allergies WHERE patient_id = ?",
          "DELETE FROM patient_conditions WHERE patient_id = ?",
          "DELETE FROM patient_fact_confirmations WHERE patient_id = ?"}) {
      SQLite::Statement& clear = connection_.Prepare(sql);
      clear.bind(1, patient.id);
      clear.exec();
    }
    WriteClinicalLists(patient);
    return absl::OkStatus();
  });
}

void SqlitePatientRepository::WriteClinicalLists(const Patient& patient) {
  const patients::ClinicalFacts& facts = patient.clinical_facts;
  SQLite::Statement& medication = connection_.Prepare(
      "INSERT INTO patient_medications (patient_id, position, name, dose, "
      "is_nsaid, is_anticoagulant, ongoing, last_taken) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < facts.medications.size(); ++i) {
    const patients::Medication& m = facts.medications[i];
    medication.reset();
    medication.bind(1, patient.id);
    medication.bind(2, static_cast<int>(i));
    medication.bind(3, m.name);
    medication.bind(4, m.dose);
    medication.bind(5, m.is_nsaid ? 1 : 0);
    medication.bind(6, m.is_anticoagulant ? 1 : 0);
    medication.bind(7, m.ongoing ? 1 : 0);
    if (m.last_taken.has_value()) {
      medication.bind(8, FormatIsoDate(*m.last_taken));
    } else {
      medication.bind(8);
    }
    medication.exec();
  }
  SQLite::Statement& allergy = connection_.Prepare(
      "INSERT INTO patient_allergies (patient_id, position, substance, "
      "reaction, severity) VALUES (?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < facts.allergies.size(); ++i) {
    allergy.reset();
    allergy.bind(1, patient.id);
    allergy.bind(2, static_cast<int>(i));
    allergy.bind(3, facts.allergies[i].substance);
    allergy.bind(4, facts.allergies[i].reaction);
    allergy.bind(5, static_cast<int>(facts.allergies[i].severity));
    allergy.exec();
  }
  SQLite::Statement& condition = connection_.Prepare(
      "INSERT INTO patient_conditions (patient_id, position, code, note) "
      "VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < facts.conditions.size(); ++i) {
    condition.reset();
    condition.bind(1, patient.id);
    condition.bind(2, static_cast<int>(i));
    condition.bind(3, facts.conditions[i].code);
    condition.bind(4, facts.conditions[i].note);
    condition.exec();
  }
  SQLite::Statement& confirmation = connection_.Prepare(
      "INSERT INTO patient_fact_confirmations (patient_id, fact_group, "
      "confirm_time, confirmed_by) VALUES (?, ?, ?, ?)");
  for (const auto& [group, confirmed] : facts.confirmations) {
    confirmation.reset();
    confirmation.bind(1, patient.id);
    confirmation.bind(2, static_cast<int>(group));
    confirmation.bind(3, Micros(confirmed.confirm_time));
    confirmation.bind(4, confirmed.confirmed_by);
    confirmation.exec();
  }
}

void SqlitePatientRepository::ReadClinicalLists(Patient& patient) {
  patients::ClinicalFacts& facts = patient.clinical_facts;
  SQLite::Statement& medications = connection_.Prepare(
      "SELECT name, dose, is_nsaid, is_anticoagulant, ongoing, last_taken "
      "FROM patient_medications WHERE patient_id = ? ORDER BY position");
  medications.bind(1, patient.id);
  while (medications.executeStep()) {
    patients::Medication& m = facts.medications.emplace_back();
    m.name = medications.getColumn(0).getString();
    m.dose = medications.getColumn(1).getString();
    m.is_nsaid = medications.getColumn(2).getInt() != 0;
    m.is_anticoagulant = medications.getColumn(3).getInt() != 0;
    m.ongoing = medications.getColumn(4).getInt() != 0;
    if (!medications.getColumn(5).isNull()) {
      m.last_taken = ReadDate(medications.getColumn(5));
    }
  }
  SQLite::Statement& allergies = connection_.Prepare(
      "SELECT substance, reaction, severity FROM patient_allergies "
      "WHERE patient_id = ? ORDER BY position");
  allergies.bind(1, patient.id);
  while (allergies.executeStep()) {
    facts.allergies.push_back(
        {allergies.getColumn(0).getString(), allergies.getColumn(1).getString(),
         static_cast<patients::AllergySeverity>(
             allergies.getColumn(2).getInt())});
  }
  SQLite::Statement& conditions = connection_.Prepare(
      "SELECT code, note FROM patient_conditions WHERE patient_id = ? "
      "ORDER BY position");
  conditions.bind(1, patient.id);
  while (conditions.executeStep()) {
    facts.conditions.push_back({conditions.getColumn(0).getString(),
                                conditions.getColumn(1).getString()});
  }
  SQLite::Statement& confirmations = connection_.Prepare(
      "SELECT fact_group, confirm_time, confirmed_by "
      "FROM patient_fact_confirmations WHERE patient_id = ?");
  confirmations.bind(1, patient.id);
  while (confirmations.executeStep()) {
    facts.confirmations[static_cast<patients::FactGroup>(
        confirmations.getColumn(0).getInt())] = {
        absl::FromUnixMicros(confirmations.getColumn(1).getInt64()),
        confirmations.getColumn(2).getString()};
  }
}

absl::StatusOr<Patient> SqlitePatientRepository::Get(absl::string_view id) {
  return CatchSqlite([&]() -> absl::StatusOr<Patient> {
    SQLite::Statement& query = connection_.Prepare(
        absl::StrCat("SELECT ", SelectColumns(), " FROM patients WHERE id = ?"));
    query.bind(1, std::string(id));
    if (!query.executeStep()) return PatientNotFound(id);
    Patient patient = ReadPatient(query);
    ReadClinicalLists(patient);
    return patient;
  });
}

absl::StatusOr<patients::PatientPage> SqlitePatientRepository::List(
    const patients::PatientQuery& query) {
  return CatchSqlite([&]() -> absl::StatusOr<patients::PatientPage> {
    std::string sql =
        absl::StrCat("SELECT ", SelectColumns(), " FROM patients WHERE 1");
    if (!query.include_archived) absl::StrAppend(&sql, " AND archived = 0");
    if (query.date_of_birth.has_value()) {
      absl::StrAppend(&sql, " AND birth_date = :birth_date");
    }
    if (!query.name_prefix_key.empty()) {
      // A range on the search keys, so the name indexes serve the prefix.
      absl::StrAppend(&sql,
                      " AND ((family_name_key >= :prefix AND family_name_key "
                      "< :prefix_end) OR (given_name_key >= :prefix AND "
                      "given_name_key < :prefix_end))");
    }
    if (query.after.has_value()) {
      absl::StrAppend(&sql,
                      " AND (family_name_key, given_name_key, id) > "
                      "(:after_family, :after_given, :after_id)");
    }
    absl::StrAppend(&sql,
                    " ORDER BY family_name_key, given_name_key, id "
                    "LIMIT :limit");
    SQLite::Statement& statement = connection_.Prepare(sql);
    if (query.date_of_birth.has_value()) {
      statement.bind(":birth_date", FormatIsoDate(*query.date_of_birth));
    }
    if (!query.name_prefix_key.empty()) {
      statement.bind(":prefix", query.name_prefix_key);
      // U+10FFFF encoded: greater than any UTF-8 text with this prefix.
      statement.bind(":prefix_end",
                     absl::StrCat(query.name_prefix_key, "\xF4\x8F\xBF\xBF"));
    }
    if (query.after.has_value()) {
      statement.bind(":after_family", query.after->family_name_key);
      statement.bind(":after_given", query.after->given_name_key);
      statement.bind(":after_id", query.after->id);
    }
    // One more than asked, to learn whether another page follows.
    const int limit = std::max(query.limit, 1);
    statement.bind(":limit", limit + 1);
    patients::PatientPage page;
    while (statement.executeStep()) {
      if (static_cast<int>(page.patients.size()) == limit) {
        const Patient& last = page.patients.back();
        page.next = patients::PatientListPosition{
            patients::NameSearchKey(last.family_name),
            patients::NameSearchKey(last.given_name), last.id};
        break;
      }
      page.patients.push_back(ReadPatient(statement));
    }
    statement.tryReset();
    for (Patient& patient : page.patients) ReadClinicalLists(patient);
    return page;
  });
}

}  // namespace mesoclinic::storage
