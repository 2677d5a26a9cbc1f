# Writes the man page and the completion scripts by running the built binary (cmake -P script,
# called by packaging/CMakeLists.txt): NEWSCRAWL = the binary, OUT_DIR = where they go.
# A failing command fails the build instead of installing an empty page.
foreach(job "newscrawl.1;--man" "newscrawl.bash;--completion;bash" "_newscrawl;--completion;zsh")
  list(POP_FRONT job file)
  execute_process(COMMAND ${NEWSCRAWL} help ${job}
    OUTPUT_FILE ${OUT_DIR}/${file}.tmp
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "newscrawl help ${job} failed (${rc})")
  endif()
  file(RENAME ${OUT_DIR}/${file}.tmp ${OUT_DIR}/${file})
endforeach()
