#!/bin/bash
# evalrun benchmarks (`make bench`; docs/benchmarks.md has the figures and how to read them).
#
#   bench/run.sh [--quick] [--runs N] [--only load|grade|library|scoring|awards] [--members N]
#                [--targets N] [--staff N]
#
# 1. Loading: evalrun (bench/load.lua: typing, mapping, checking every value and reference)
#    against the sqlite3 shell's .import of the same files into a fresh database (default
#    pragmas) and a bare libcsv parse (bench/csvparse.c), at province scale (1 million members,
#    200,000 targets) and national scale (5.5 million members, 1.1 million targets).
#    Bar: evalrun at least 1.25x faster than sqlite3 .import at both sizes.
# 2. National party grading: 5.5 million members in 250,000 chi bộ, quota per chi bộ (reading
#    B1), every member's final level and each chi bộ's counts written as CSV, by evalrun
#    (bench/grade.lua) and by three peers (bench/peers/): plain Python, pandas, sqlite3.
#    All four outputs must agree. Bar: evalrun faster than each peer, peak memory below pandas.
#    This hand-written script is the floor the library is measured against.
# 3. National party grading through the standard library, as a province runs it:
#    bench/grading.lua (rules/base/grading.lua, grading.run) on the members' year-end review
#    (gradings.csv, bench/gen_gradings.py): exclusions, QĐ 366 conditions, the quota per chi bộ,
#    every member's level with its explanation, the organisations and the per-organisation
#    summary; against the same rules in plain Python and pandas (bench/peers/grading_*.py).
#    The members' levels and explanations, the quotas and the summary must agree (compared
#    through bench/grading_forms.py). Bar: evalrun at least 1.5x faster than the best peer,
#    peak memory below pandas. --members N runs it on N members (default 5.5 million).
#    Beside them, what the contract fixes before any grading rule runs: evalrun loading the
#    three files (bench/grading_floor_load.lua), the sqlite3 shell's .import of them, and
#    bench/grading_floor.lua (load, read each member into Lua, one explained result each).
#
# 4. Target scoring and block ranking through the standard library (--only scoring):
#    bench/targets.lua (scoring.run, ranking.run, as rules/quangbinh/targets.lua runs them) on
#    bench/gen_targets.py's units in blocks of 20, 20 indicators each: every target's ratio,
#    printed-% check and points, each unit's target points, each block's totals, ranks and the
#    Cờ for its leader; against the same rules in plain Python (bench/peers/targets_plain.py).
#    The figures must agree (compared through bench/targets_forms.py). Sizes: 10,000, 100,000
#    and 1,000,000 target rows (--targets N: that size only; --quick: 10,000 and 100,000);
#    prints the growth from one size to the next, which stays near 10x when the work per row
#    does not grow with the rows. Beside them, bench/targets_floor.lua: the same sources loaded
#    and one explained result per target row, the least the contract leaves to any library.
#
# 5. Emulation titles and commendations through the standard library (--only awards):
#    bench/awards.lua (rules/base/awards.lua, as rules/quangbinh/awards.lua runs it) on
#    bench/gen_awards.py's staff with seven years of history: LĐTT, CSTĐCS with the quota per
#    unit, CSTĐ tỉnh, Bằng khen tỉnh, Bằng khen Thủ tướng, Huân chương Lao động hạng Ba, every
#    decision with its reasons in the results database; against the same rules in plain Python
#    (bench/peers/awards_plain.py). Every decision, its period and reason word for word, and
#    each pool's quota must agree (compared through bench/awards_forms.py). Sizes: 10,000 and
#    100,000 staff, and 1,000,000 when the machine has the memory for it (--staff N[,N...]: those
#    sizes only; --quick: 10,000); prints the growth from one size to the next. Beside them,
#    bench/awards_floor.lua: the same sources loaded, the history read and six explained
#    results per person, the least the contract leaves to any library.
#
# --quick uses 100,000 members (20,000 targets) for both parts, for trying things out.
# Each figure is the median of N runs (default 3), wall time and peak RSS from /usr/bin/time;
# the tools take turns run by run, so a slow spell on the machine hits all of them alike.
# Data sets are generated once, deterministically, under bench/work/ (not in git) and kept.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$here/work
EVALRUN=${EVALRUN:-$root/build/evalrun}
PY=/usr/bin/python3
runs=3 quick=0 only="" library_members="" scoring_targets="" awards_staff=""

while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --only) only=${2:?--only needs load, grade, library, scoring or awards}; shift ;;
    --members) library_members=${2:?--members needs a number}; shift ;;
    --targets) scoring_targets=${2:?--targets needs a number}; shift ;;
    --staff) awards_staff=${2:?--staff needs a number}; shift ;;
    -h|--help) sed -n '2,51p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (--quick, --runs N, --only load|grade|library|scoring|awards, --members N, --targets N, --staff N)" >&2; exit 2 ;;
  esac
  shift
done
[ "$runs" -ge 1 ] 2>/dev/null || { echo "bench/run.sh: --runs must be a positive number" >&2; exit 2; }

if [ $quick = 1 ]; then
  load_sizes="100000:20000"; grade_size="100000:20000"
else
  load_sizes="1000000:200000 5500000:1100000"; grade_size="5500000:1100000"
fi
library_size=$grade_size
scoring_sizes="10000 100000 1000000"
[ $quick = 1 ] && scoring_sizes="10000 100000"
if [ -n "$scoring_targets" ]; then
  [ "$scoring_targets" -ge 400 ] 2>/dev/null && [ $((scoring_targets % 20)) = 0 ] ||
    { echo "bench/run.sh: --targets must be a multiple of 20, at least 400" >&2; exit 2; }
  scoring_sizes=$scoring_targets
fi
awards_sizes="10000 100000"
# 1,000,000 staff hold about 6 GB at peak (docs/benchmarks.md, part 5): only with the memory free
[ "$(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo)" -ge 10 ] && awards_sizes="$awards_sizes 1000000"
[ $quick = 1 ] && awards_sizes="10000"
if [ -n "$awards_staff" ]; then
  awards_sizes=${awards_staff//,/ }
  for n in $awards_sizes; do
    [ "$n" -ge 100 ] 2>/dev/null || { echo "bench/run.sh: --staff takes numbers of at least 100 (10000,100000)" >&2; exit 2; }
  done
fi
if [ -n "$library_members" ]; then
  [ "$library_members" -ge 1000 ] 2>/dev/null || { echo "bench/run.sh: --members must be a number of at least 1000" >&2; exit 2; }
  library_size="$library_members:$((library_members / 5))"
fi

for tool in "$EVALRUN" sqlite3 cc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool not found (make bench builds and installs what it needs)" >&2; exit 2; }
done
"$PY" -c 'import pandas' 2>/dev/null || { echo "bench/run.sh: $PY has no pandas (apt-get install python3-pandas)" >&2; exit 2; }

# Outputs go outside bench/: evalrun never writes into a folder its rule files come from.
rundir=$root/out/bench
mkdir -p "$work/bin"
# Teammates rebuild build/evalrun while a long run is going: time one fixed copy of it, and
# let it find scripts/ in this tree.
cp "$EVALRUN" "$work/bin/evalrun"
EVALRUN=$work/bin/evalrun
export EVALRUN_HOME=$root
summary=$work/summary.txt
: > "$summary"
say() { echo "$*" | tee -a "$summary"; }

# ---- helpers ---------------------------------------------------------------------------

# generated DIR WHAT GENERATOR ARGS... — makes the data set in DIR the first time, with a
# bench/gen_*.py GENERATOR, and marks it complete only once the generator finished; kept after.
generated() {
  local dir=$1 what=$2; shift 2
  if [ ! -e "$dir/.complete" ]; then
    echo "generating $what in $dir ..." >&2
    rm -rf "$dir"
    "$PY" "$@" >&2
    touch "$dir/.complete"
  fi
}

# dataset MEMBERS:TARGETS — prints the folder of that data set, generating it the first time.
dataset() {
  local m=${1%%:*} t=${1##*:}
  local dir=$work/data/m${m}_t${t}
  generated "$dir" "$m members, $t targets" "$here/gen_data.py" "$m" "$t" "$dir"
  echo "$dir"
}

# fresh_times NAME — $times becomes an empty folder for one size's timings.
fresh_times() { times=$work/times/$1; rm -rf "$times"; mkdir -p "$times"; }

# measure NAME CMD... — runs CMD once under /usr/bin/time and appends "wall_s rss_kb" to
# $times/NAME. A failing command stops the benchmark with its output.
measure() {
  local name=$1; shift
  local t; t=$(mktemp)
  if ! /usr/bin/time -o "$t" -f '%e %M' "$@" >"$times/$name.log" 2>&1; then
    echo "bench/run.sh: $name failed:" >&2; tail -20 "$times/$name.log" >&2; rm -f "$t"; exit 1
  fi
  tail -1 "$t" >> "$times/$name"
  rm -f "$t"
}

median_wall() { sort -n -k1,1 "$times/$1" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
median_rss()  { sort -n -k2,2 "$times/$1" | awk '{ v[NR] = $2 } END { printf "%.0f", ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1024 }'; }
all_walls()   { awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }' "$times/$1"; }
ratio()       { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
row()         { say "$(printf '  %-22s %9s s %8s MB   runs: %s' "$1" "$(median_wall "$2")" "$(median_rss "$2")" "$(all_walls "$2")")"; }

# Reads the files once so the first timed run does not pay for the disk alone.
warm() { cat "$@" > /dev/null; }

say "evalrun benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 " GB memory" }'), $(uname -r), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), pandas $("$PY" -c 'import pandas; print(pandas.__version__)')"
say "evalrun: $(git -C "$root" log -1 --format='commit %h' 2>/dev/null || echo 'no git')$(git -C "$root" diff --quiet HEAD -- core 2>/dev/null || echo ' + uncommitted core/ changes'), binary sha256 $(sha256sum "$EVALRUN" | cut -c1-12)"
say "runs per figure: $runs (median shown)"
say ""

# ---- 1. loading --------------------------------------------------------------------------

bench_load() {
  local size=$1 data m t
  data=$(dataset "$size")
  m=${size%%:*} t=${size##*:}
  fresh_times load_$m
  local out=$rundir/load_$m; rm -rf "$out"; mkdir -p "$out"
  local files="$data/units.csv $data/indicators.csv $data/members.csv $data/targets.csv"
  warm $files
  echo "loading $m members + $t targets: $runs runs each ..." >&2
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$out/evalrun"
    measure evalrun "$EVALRUN" "$here/load.lua" --data "$data" --out "$out/evalrun" --quiet --format csv
    rm -f "$out/import.db"
    measure sqlite3 sqlite3 "$out/import.db" -cmd '.mode csv' -cmd '.separator ;' \
      ".import $data/units.csv units" ".import $data/indicators.csv indicators" \
      ".import $data/members.csv people" ".import $data/targets.csv targets"
    measure libcsv "$work/csvparse" $files
  done
  # Both databases must hold every row, or the timings compare different work.
  local want=$((m + t)) got_e got_s
  # evalrun's tables use its own "vi" collation, which the sqlite3 shell lacks: count from the
  # sources table it keeps (rows loaded per file).
  got_e=$(sqlite3 "$out/evalrun/results.sqlite" "SELECT sum(rows) FROM sources WHERE table_name IN ('people', 'targets')")
  got_s=$(sqlite3 "$out/import.db" 'SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM targets)')
  if [ "$got_e" != "$want" ] || [ "$got_s" != "$want" ]; then
    echo "bench/run.sh: loaded rows differ: want $want, evalrun $got_e, sqlite3 $got_s" >&2; exit 1
  fi
  local mb; mb=$(du -cm $files | awk 'END { print $1 }')
  say "Loading: $m members + $t targets + units, indicators ($mb MB of CSV)"
  row "evalrun (load.lua)" evalrun
  row "sqlite3 .import" sqlite3
  row "libcsv parse only" libcsv
  local e s c
  e=$(median_wall evalrun) s=$(median_wall sqlite3) c=$(median_wall libcsv)
  local verdict="MISSED"
  awk -v s="$s" -v e="$e" 'BEGIN { exit !(s >= 1.25 * e) }' && verdict="met"
  say "  sqlite3 / evalrun = $(ratio "$s" "$e")x (bar >= 1.25x: $verdict); evalrun / libcsv = $(ratio "$e" "$c")x"
  say ""
  rm -rf "$out"
}

# ---- 2. national party grading ----------------------------------------------------------------

# The outputs in one form: no BOM, no header, LF, sorted. Every tool writes comma-separated
# columns in the same order (id,cell,level and cell,graded,allowed,htxsnv,httnv,htnv,khtnv).
normalized_sum() { sed '1d; s/\r$//' "$1" | LC_ALL=C sort | md5sum | cut -d' ' -f1; }

bench_grade() {
  local data m
  data=$(dataset "$1")
  m=${1%%:*}
  fresh_times grade_$m
  local out=$rundir/grade_$m; rm -rf "$out"; mkdir -p "$out"
  local cells; cells=$(($(wc -l < "$data/units.csv") - 1))
  warm "$data/units.csv" "$data/members.csv"
  echo "grading $m members: $runs runs each ..." >&2
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$out/evalrun"
    measure evalrun "$EVALRUN" "$here/grade.lua" --data "$data" --out "$out/evalrun" --quiet --format csv
    rm -rf "$out/plain"
    measure plain "$PY" "$here/peers/grade_plain.py" "$data/members.csv" "$out/plain"
    rm -rf "$out/pandas"
    measure pandas "$PY" "$here/peers/grade_pandas.py" "$data/members.csv" "$out/pandas"
    rm -rf "$out/sqlite3"; mkdir -p "$out/sqlite3"; ln -s "$data/members.csv" "$out/sqlite3/members.csv"
    measure sqlite3 sh -c "cd '$out/sqlite3' && exec sqlite3 grade.db < '$here/peers/grade_sqlite.sql'"
  done
  local graded; graded=$(($(wc -l < "$out/evalrun/member_levels.csv") - 1))
  [ "$graded" = "$m" ] || { echo "bench/run.sh: evalrun graded $graded members, want $m" >&2; exit 1; }
  local f d ref sum agree=1
  for f in member_levels cell_counts; do
    ref=$(normalized_sum "$out/evalrun/$f.csv")
    for d in plain pandas sqlite3; do
      sum=$(normalized_sum "$out/$d/$f.csv")
      [ "$sum" = "$ref" ] || { echo "bench/run.sh: $f.csv of $d differs from evalrun's" >&2; agree=0; }
    done
  done
  [ $agree = 1 ] || { echo "bench/run.sh: the grading outputs disagree; kept in $out" >&2; exit 1; }
  local cells_seen
  cells_seen=$(awk -F, 'NR > 1 { c++; if ($4 == $3) full++ } END { print c " chi bộ, " full+0 " with every HTXSNV place filled" }' \
            <(sed 's/\r$//' "$out/evalrun/cell_counts.csv"))
  say "National party grading: $m members, $cells_seen ($cells units in all)"
  say "  outputs: member_levels.csv and cell_counts.csv agree across all four tools"
  row "evalrun (grade.lua)" evalrun
  row "Python csv (stdlib)" plain
  row "pandas" pandas
  row "sqlite3 (window SQL)" sqlite3
  local v p e er pr=$(median_rss pandas)
  for v in evalrun; do
    e=$(median_wall $v) er=$(median_rss $v)
    local faster=1 line="  $v:"
    for p in plain pandas sqlite3; do
      awk -v a="$(median_wall $p)" -v b="$e" 'BEGIN { exit !(a > b) }' || faster=0
      line="$line $p/evalrun $(ratio "$(median_wall $p)" "$e")x,"
    done
    local verdict="MISSED"
    [ $faster = 1 ] && [ "$er" -lt "$pr" ] && verdict="met"
    say "$line memory evalrun/pandas $(ratio "$er" "$pr")x; bar (faster than every peer, memory below pandas): $verdict"
  done
  say ""
  rm -rf "$out"
}

# ---- 3. national party grading through the standard library ------------------------------

bench_library() {
  local data m
  data=$(dataset "$1")
  m=${1%%:*}
  if [ ! -e "$data/.gradings" ]; then
    echo "generating the year-end review of $m members in $data ..." >&2
    "$PY" "$here/gen_gradings.py" "$data" && touch "$data/.gradings"
  fi
  fresh_times library_$m
  local out=$rundir/library_$m; rm -rf "$out"; mkdir -p "$out"
  warm "$data/units.csv" "$data/members.csv" "$data/gradings.csv"
  echo "grading $m members through grading.run: $runs runs each ..." >&2
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$out/evalrun"
    measure evalrun "$EVALRUN" "$here/grading.lua" --data "$data" --out "$out/evalrun" --quiet --format csv
    rm -rf "$out/plain"
    measure plain "$PY" "$here/peers/grading_plain.py" "$data" "$out/plain"
    rm -rf "$out/pandas"
    measure pandas "$PY" "$here/peers/grading_pandas.py" "$data" "$out/pandas"
    # What the contract fixes before any grading rule: the sources into SQLite (evalrun's
    # loader, and the sqlite3 shell's .import of the same files), then one explained result per
    # member read through Lua (bench/grading_floor.lua).
    rm -rf "$out/floor_load" "$out/floor"
    measure floor_load "$EVALRUN" "$here/grading_floor_load.lua" --data "$data" --out "$out/floor_load" --quiet --format csv
    measure floor "$EVALRUN" "$here/grading_floor.lua" --data "$data" --out "$out/floor" --quiet --format csv
    rm -f "$out/import.db"
    measure import sqlite3 "$out/import.db" -cmd '.mode csv' -cmd '.separator ;' \
      ".import $data/units.csv units" ".import $data/members.csv people" ".import $data/gradings.csv gradings"
  done
  "$PY" "$here/grading_forms.py" "$out/evalrun" "$out/forms"
  local graded; graded=$(($(wc -l < "$out/forms/members.csv") - 1))
  [ "$graded" = "$m" ] || { echo "bench/run.sh: evalrun graded $graded members, want $m" >&2; exit 1; }
  local f d ref sum agree=1
  for f in members quota summary; do
    ref=$(normalized_sum "$out/forms/$f.csv")
    for d in plain pandas; do
      sum=$(normalized_sum "$out/$d/$f.csv")
      [ "$sum" = "$ref" ] || { echo "bench/run.sh: $f.csv of $d differs from evalrun's" >&2; agree=0; }
    done
  done
  [ $agree = 1 ] || { echo "bench/run.sh: the grading outputs disagree; kept in $out" >&2; exit 1; }
  local results_mb; results_mb=$(du -m "$out/evalrun/results.sqlite" | cut -f1)
  say "National party grading through grading.run: $m members, $(($(wc -l < "$out/forms/quota.csv") - 1)) chi bộ"
  say "  outputs: every member's level and explanation, the quotas and the per-organisation summary agree"
  say "  evalrun's results database (every member's and organisation's explanation): $results_mb MB"
  row "evalrun (grading.lua)" evalrun
  row "Python csv (stdlib)" plain
  row "pandas" pandas
  local e er best=0 p line="  evalrun:" pr=$(median_rss pandas)
  e=$(median_wall evalrun) er=$(median_rss evalrun)
  for p in plain pandas; do
    line="$line $p/evalrun $(ratio "$(median_wall $p)" "$e")x,"
    awk -v a="$(median_wall $p)" -v b="$best" 'BEGIN { exit !(b == 0 || a < b) }' && best=$(median_wall $p)
  done
  local verdict="MISSED"
  awk -v b="$best" -v e="$e" 'BEGIN { exit !(b >= 1.5 * e) }' && [ "$er" -lt "$pr" ] && verdict="met"
  say "$line memory evalrun/pandas $(ratio "$er" "$pr")x; bar (1.5x faster than the best peer, memory below pandas): $verdict"
  row "floor: evalrun load" floor_load
  row "floor: + a result each" floor
  row "floor: sqlite3 .import" import
  say "  the bar leaves evalrun $(awk -v b="$best" 'BEGIN { printf "%.2f", b / 1.5 }') s; loading alone takes $(median_wall floor_load) s (sqlite3's .import of the same files $(median_wall import) s), reading each member and recording one explained result $(median_wall floor) s"
  say ""
  rm -rf "$out"
}

# ---- 4. target scoring and block ranking through the standard library --------------------

# scoring_measure NAME CMD... — measure, and the CPU time (user + system) of the run in
# $times/NAME.cpu: on a shared machine a run's wall time includes waiting for a core, its CPU
# time does not, so the ratios of CPU times are the steadier figure.
scoring_measure() {
  local name=$1; shift
  local t; t=$(mktemp)
  if ! /usr/bin/time -o "$t" -f '%e %M %U %S' "$@" >"$times/$name.log" 2>&1; then
    echo "bench/run.sh: $name failed:" >&2; tail -20 "$times/$name.log" >&2; rm -f "$t"; exit 1
  fi
  tail -1 "$t" | awk '{ print $1, $2 }' >> "$times/$name"
  tail -1 "$t" | awk '{ printf "%.2f\n", $3 + $4 }' >> "$times/$name.cpu"
  rm -f "$t"
}
median_cpu() { sort -n "$times/$1.cpu" | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu_row() { say "$(printf '  %-22s %9s s CPU (user + system)   runs: %s' "$1" "$(median_cpu "$2")" "$(tr '\n' ' ' < "$times/$2.cpu")")"; }

# bench_scoring TARGETS — prints "wall rss_mb cpu" of evalrun's median for the growth line.
bench_scoring() {
  local n=$1 data=$work/data/targets_$1
  generated "$data" "$n target rows" "$here/gen_targets.py" "$n" "$data"
  fresh_times scoring_$n
  local out=$rundir/scoring_$n; rm -rf "$out"; mkdir -p "$out"
  warm "$data"/*.csv
  echo "scoring and ranking $n target rows: $runs runs each ..." >&2
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$out/evalrun"
    # The rules run about 2,500 Lua instructions per target row (every ratio, check and points
    # explained), within the default budget of 500 M + 5,000 per row loaded.
    scoring_measure evalrun "$EVALRUN" "$here/targets.lua" --data "$data" --out "$out/evalrun" --quiet --format csv
    rm -rf "$out/plain"
    scoring_measure plain "$PY" "$here/peers/targets_plain.py" "$data" "$out/plain"
    rm -rf "$out/floor"
    scoring_measure floor "$EVALRUN" "$here/targets_floor.lua" --data "$data" --out "$out/floor" --quiet --format csv
  done
  "$PY" "$here/targets_forms.py" "$out/evalrun" "$out/forms"
  local ref sum
  ref=$(normalized_sum "$out/forms/results.csv") sum=$(normalized_sum "$out/plain/results.csv")
  [ "$sum" = "$ref" ] || { echo "bench/run.sh: the scoring results of plain Python differ from evalrun's; kept in $out" >&2; exit 1; }
  local blocks; blocks=$(awk -F, '$1 == "award"' "$out/forms/results.csv" | wc -l)
  say "Target scoring and block ranking through scoring.run and ranking.run: $n target rows, $((n / 20)) units, $blocks blocks"
  say "  outputs: every ratio, printed-% check, points, unit total, block total, rank and award agree"
  row "evalrun (targets.lua)" evalrun
  row "Python csv (stdlib)" plain
  cpu_row "evalrun (targets.lua)" evalrun
  cpu_row "Python csv (stdlib)" plain
  say "  evalrun: plain/evalrun $(ratio "$(median_wall plain)" "$(median_wall evalrun)")x wall, $(ratio "$(median_cpu plain)" "$(median_cpu evalrun)")x CPU"
  row "floor: a result each" floor
  say "  the bar (1.5x) leaves evalrun $(awk -v b="$(median_wall plain)" 'BEGIN { printf "%.2f", b / 1.5 }') s; loading and one explained result per target row (bench/targets_floor.lua) $(median_wall floor) s"
  echo "$(median_wall evalrun) $(median_rss evalrun) $(median_cpu evalrun)" > "$work/times/scoring_$n.median"
  rm -rf "$out"
}

# ---- 5. emulation titles and commendations through the standard library -------------------

# bench_awards STAFF — evalrun and the plain-Python peer on STAFF people; writes evalrun's median
# "wall rss_mb" for the growth line.
bench_awards() {
  local n=$1 data=$work/data/awards_$1
  generated "$data" "$n staff with seven years of history" "$here/gen_awards.py" "$n" "$data"
  fresh_times awards_$n
  local out=$rundir/awards_$n; rm -rf "$out"; mkdir -p "$out"
  warm "$data"/*.csv
  echo "awards for $n staff: $runs runs each ..." >&2
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$out/evalrun"
    # About 1,600 rule instructions per row loaded (a third of them the explanations' bytes),
    # within the default budget of 5,000 a row; at 1,000,000 staff the rules keep about 5 GB,
    # within the default memory cap of 2 GB + 1 KB a row loaded: docs/benchmarks.md, part 5.
    measure evalrun "$EVALRUN" "$here/awards.lua" --data "$data" --out "$out/evalrun" --quiet --format csv
    rm -rf "$out/plain"
    measure plain "$PY" "$here/peers/awards_plain.py" "$data" "$out/plain"
    rm -rf "$out/floor"
    measure floor "$EVALRUN" "$here/awards_floor.lua" --data "$data" --out "$out/floor" --quiet --format csv
  done
  "$PY" "$here/awards_forms.py" "$out/evalrun" "$out/forms"
  local f
  for f in decisions.csv quota.csv; do
    cmp -s "$out/forms/$f" "$out/plain/$f" ||
      { echo "bench/run.sh: the awards $f of plain Python differs from evalrun's; kept in $out" >&2; exit 1; }
  done
  local granted; granted=$(awk -F, '$3 == 1' "$out/forms/decisions.csv" | wc -l)
  say "Emulation titles and commendations through rules/base/awards.lua: $n staff, 7 years of history, $granted titles and awards granted"
  say "  outputs: every decision (6 per person), its period and reason word for word, and every CSTĐCS quota agree"
  row "evalrun (awards.lua)" evalrun
  row "Python csv (stdlib)" plain
  say "  evalrun: plain/evalrun $(ratio "$(median_wall plain)" "$(median_wall evalrun)")x, memory evalrun/plain $(ratio "$(median_rss evalrun)" "$(median_rss plain)")x"
  row "floor: six results each" floor
  say "  the bar (1.5x) leaves evalrun $(awk -v b="$(median_wall plain)" 'BEGIN { printf "%.2f", b / 1.5 }') s; loading, reading the history and six explained results per person (bench/awards_floor.lua) $(median_wall floor) s"
  echo "$(median_wall evalrun) $(median_rss evalrun) $(median_wall plain) $(median_rss plain)" > "$work/times/awards_$n.median"
  rm -rf "$out"
}

cc -O2 -Wall -Wextra -o "$work/csvparse" "$here/csvparse.c" -lcsv

if [ -z "$only" ] || [ "$only" = load ]; then
  for size in $load_sizes; do bench_load "$size"; done
fi
if [ -z "$only" ] || [ "$only" = grade ]; then
  bench_grade "$grade_size"
fi
if [ -z "$only" ] || [ "$only" = library ]; then
  bench_library "$library_size"
fi
if [ "$only" = scoring ] || { [ -z "$only" ] && [ -z "$library_members" ]; }; then
  prev="" prev_n=""
  for n in $scoring_sizes; do
    bench_scoring "$n"
    if [ -n "$prev" ]; then
      read -r pw pm pc < "$prev"; read -r cw cm cc < "$work/times/scoring_$n.median"
      say "  growth $prev_n -> $n target rows ($(ratio "$n" "$prev_n")x the rows): time $(ratio "$cw" "$pw")x, CPU $(ratio "$cc" "$pc")x, peak memory $(ratio "$cm" "$pm")x"
    fi
    say ""
    prev=$work/times/scoring_$n.median prev_n=$n
  done
fi
if [ "$only" = awards ] || { [ -z "$only" ] && [ -z "$library_members" ] && [ -z "$scoring_targets" ]; }; then
  prev="" prev_n=""
  for n in $awards_sizes; do
    bench_awards "$n"
    if [ -n "$prev" ]; then
      read -r pw pm ppw ppm < "$prev"; read -r cw cm cpw cpm < "$work/times/awards_$n.median"
      say "  growth $prev_n -> $n staff ($(ratio "$n" "$prev_n")x): evalrun time $(ratio "$cw" "$pw")x, memory $(ratio "$cm" "$pm")x; plain Python time $(ratio "$cpw" "$ppw")x, memory $(ratio "$cpm" "$ppm")x"
    fi
    say ""
    prev=$work/times/awards_$n.median prev_n=$n
  done
fi
echo "summary written to $summary" >&2
