# mesoclinic_add_plugin(<target> [OUTPUT_NAME <stem>] SOURCES <source>...)
#
# Builds a Mesoclinic treatment plugin: a MODULE library <stem>.so (the
# target's name when OUTPUT_NAME is not given) that links the plugin SDK,
# compiles with hidden visibility, and exports only the entry symbol
# mesoclinic_plugin_v1 (plugin.map, next to this file). Undefined symbols are
# link errors, so a missing library shows at build time, not when clinicd
# loads the plugin.
#
# Used both inside the Mesoclinic tree and by authors through
# find_package(MesoclinicPluginSdk).

set(_MESOCLINIC_PLUGIN_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/plugin.map"
    CACHE INTERNAL "The linker version script every plugin uses")

function(mesoclinic_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "mesoclinic_add_plugin(${target}): SOURCES is required")
  endif()
  if(NOT ARG_OUTPUT_NAME)
    set(ARG_OUTPUT_NAME ${target})
  endif()
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE Mesoclinic::plugin_sdk)
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${ARG_OUTPUT_NAME}
    POSITION_INDEPENDENT_CODE ON
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LINK_DEPENDS ${_MESOCLINIC_PLUGIN_VERSION_SCRIPT})
  target_link_options(${target} PRIVATE
    "LINKER:--version-script=${_MESOCLINIC_PLUGIN_VERSION_SCRIPT}"
    "LINKER:--no-undefined"
    "LINKER:--exclude-libs,ALL")
endfunction()
