# The training runs of the profile-guided build (CMakeLists.txt, MILKRUN_PGO): the
# instrumented binary MILKRUN simulates what the benchmarks and analysts run most, and writes
# its counts to COUNTS. The one-warehouse engine (small.json, two weeks), the 50-warehouse,
# million-SKU load and engine (amazon-peak-day at 30,000 orders a day), and milk runs, sellers
# and vendors (the default scenario, two replications on two threads).
file(REMOVE_RECURSE "${COUNTS}" "${OUT}")
set(runs
  "run '${SOURCE}/scenarios/bench/small.json' --set /horizon_days=14 -r 1 -j 1 --out '${OUT}/small'"
  "run '${SOURCE}/scenarios/bench/amazon-peak-day.json' --set /demand/orders_per_day=30000 -r 1 -j 1 --out '${OUT}/peak-day'"
  "run '${SOURCE}/scenarios/default.json' -r 2 -j 2 --out '${OUT}/default'")
foreach(run IN LISTS runs)
  separate_arguments(args UNIX_COMMAND "${run}")
  execute_process(COMMAND "${MILKRUN}" ${args} RESULT_VARIABLE failed OUTPUT_QUIET ERROR_VARIABLE err)
  if(failed)
    message(FATAL_ERROR "profile training: milkrun ${run} failed (${failed}):\n${err}")
  endif()
endforeach()
