#ifndef MESOCLINIC_MIGRATIONS_EMBEDDED_MIGRATIONS_H_
#define MESOCLINIC_MIGRATIONS_EMBEDDED_MIGRATIONS_H_

#include <span>

namespace mesoclinic {

// One file of migrations/, compiled into the binary.
struct EmbeddedMigrationFile {
  const char* file_name;  // "0001_patients.sql"
  const char* sql;        // The file's exact contents.
};

// Every migration file, in file-name order. Migrations are never edited once
// landed: the runner refuses a database whose recorded checksum differs.
std::span<const EmbeddedMigrationFile> EmbeddedMigrationFiles();

}  // namespace mesoclinic

#endif  // MESOCLINIC_MIGRATIONS_EMBEDDED_MIGRATIONS_H_
