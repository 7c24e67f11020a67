# SPDX-License-Identifier: AGPL-3.0-or-later
# Embeds files (templates, CSS, message catalogues, migrations, demo data) into the binary,
# so that a school server is one binary and one data folder.
#
# embed_files(TARGET name BASE dir FILES f1 f2 ...) creates a static library `name` with
#   imaginecole::embedded::<name>::files() -> std::span<const EmbeddedFile>
set(IMAGINECOLE_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_generate.cmake")

function(embed_files)
  cmake_parse_arguments(ARG "" "TARGET;BASE" "FILES" ${ARGN})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_embedded.cpp")
  set(abs_files "")
  foreach(f IN LISTS ARG_FILES)
    list(APPEND abs_files "${ARG_BASE}/${f}")
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAME=${ARG_TARGET} -DBASE=${ARG_BASE} "-DFILES=${files_arg}"
            -P "${IMAGINECOLE_EMBED_SCRIPT}"
    DEPENDS ${abs_files} "${IMAGINECOLE_EMBED_SCRIPT}"
    COMMENT "Embedding ${ARG_TARGET}"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC "${out}")
  target_include_directories(${ARG_TARGET} PUBLIC "${PROJECT_SOURCE_DIR}/src")
endfunction()
