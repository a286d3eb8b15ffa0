# cmake -DBULKHEADD=path -DOUTPUT=file -P WriteOpenApi.cmake (the bulkhead_openapi target):
# writes `bulkheadd --openapi` to OUTPUT, replacing it only once the daemon has printed it all.
execute_process(COMMAND ${BULKHEADD} --openapi
                OUTPUT_FILE ${OUTPUT}.new
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${OUTPUT}.new)
  message(FATAL_ERROR "bulkheadd --openapi failed: ${result}")
endif()
file(RENAME ${OUTPUT}.new ${OUTPUT})
