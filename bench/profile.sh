#!/bin/bash
# Where evalrun's time goes in the benchmarks: perf profiles of the loading run
# (bench/load.lua) and the grading run (bench/grade.lua) on one data set.
#
#   bench/profile.sh [--members N]     (default 1000000; the data set bench/run.sh made)
#
# Prints, for each run, the time of each phase (EVALRUN_TIMING=1), the share of samples
# spent in each part of the engine and the libraries under it (perf "children": a function's
# own time plus what it called), then the functions with the most time of their own.
# Needs perf (Debian: linux-perf) and a data set under bench/work/data (bench/run.sh
# generates them). Not part of `make bench`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$here/work
members=1000000
while [ $# -gt 0 ]; do
  case $1 in
    --members) members=${2:?--members needs a number}; shift ;;
    *) echo "bench/profile.sh: unknown option '$1' (--members N)" >&2; exit 2 ;;
  esac
  shift
done
command -v perf >/dev/null || { echo "bench/profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 2; }
data=$(ls -d "$work"/data/m${members}_t* 2>/dev/null | head -1)
[ -n "$data" ] && [ -e "$data/.complete" ] || {
  echo "bench/profile.sh: no data set with $members members under $work/data (run bench/run.sh first)" >&2; exit 2; }

# The engine's phases and the library calls that matter under them, by symbol name.
PHASES='engine_run|phase_load|loader_load_source|parse_buffer|field_done|value_convert|text_check|row_insert|'\
'csv_parse|sha_job_run|loader_check_integrity|check_keys|check_reference|create_indexes|exec_or_report|'\
'sandbox_call|rows_iter|query_iter|step_or_error|push_row|l_table_add|table_add_row|counting_alloc|'\
'report_write_all|report_csv_write|csv_put_text|collate_vi|text_compare_vi|sqlite3_step|sqlite3BtreeInsert|'\
'sqlite3BtreeIndexMoveto|sqlite3VdbeSorterRewind|sqlite3VdbeSorterWrite|__libc_pread64|__libc_pwrite64|'\
'lua_pcallk|_int_malloc|_int_free|fputc'

profile() {
  local name=$1 rule=$2 out=$work/profile/$1
  rm -rf "$out"; mkdir -p "$out"
  echo "== $name: $rule on $data" >&2
  echo "== $name ($(basename "$rule"), $members members): phases (EVALRUN_TIMING=1)"
  EVALRUN_HOME=$root EVALRUN_TIMING=1 "$root/build/evalrun" "$rule" --data "$data" --out "$out/run" --quiet \
    --format csv 2>&1 | grep -E '^evalrun: [a-z]+ +[0-9.]+ s' | sed 's/^evalrun: /  /'
  rm -rf "$out/run"
  EVALRUN_HOME=$root perf record -q -F 1000 --call-graph dwarf,16384 -o "$out/perf.data" \
    "$root/build/evalrun" "$rule" --data "$data" --out "$out/run" --quiet --format csv >/dev/null 2>&1
  echo "== $name ($(basename "$rule"), $members members): share of samples, with callees"
  perf report -i "$out/perf.data" --children --stdio -g none --percent-limit 0.5 2>/dev/null \
    | grep -E '^ +[0-9]' | grep -E " ($PHASES)( |$)" | awk '{ printf "  %7s  %s %s\n", $1, $6, $7 }'
  echo "== $name: most time of their own"
  perf report -i "$out/perf.data" --no-children --stdio -g none --percent-limit 1.5 2>/dev/null \
    | grep -E '^ +[0-9]' | awk '{ printf "  %7s  %-22s %s %s\n", $1, $3, $5, $6 }'
  echo
}

profile load "$here/load.lua"
profile grade "$here/grade.lua"
