# Writes OUTPUT, a C++ file defining mesoclinic::EmbeddedMigrationFiles(),
# from the SQL files in FILES (already sorted).
set(body "")
foreach(file ${FILES})
  get_filename_component(name ${file} NAME)
  file(READ ${file} sql)
  string(FIND "${sql}" ")mesoclinic_sql\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${name} contains the raw-string delimiter")
  endif()
  string(APPEND body "    {\"${name}\", R\"mesoclinic_sql(${sql})mesoclinic_sql\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
"// Generated from migrations/*.sql by embed_migrations.cmake. Do not edit.
#include \"migrations/embedded_migrations.h\"

namespace mesoclinic {

std::span<const EmbeddedMigrationFile> EmbeddedMigrationFiles() {
  static constexpr EmbeddedMigrationFile kFiles[] = {
${body}  };
  return kFiles;
}

}  // namespace mesoclinic
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
