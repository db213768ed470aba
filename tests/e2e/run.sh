#!/bin/bash
# End-to-end tests of the evalrun command: the sandbox, bad input, the main
# job on the sample data, the commands. Each case asserts the exit code and
# the message (with its place) a user would see, and that a failed run left
# no half-written table or database behind.
#   EVALRUN=build/evalrun tests/e2e/run.sh
set -u
# The cases here check the English messages; Vietnamese, the default, is checked in office.sh.
export LANGUAGE=en
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
EVALRUN=${EVALRUN:-$root/build/evalrun}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 passes=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }

# run_case NAME CODE PATTERN ARGS... — runs evalrun in $work, checks exit code and that stderr+stdout match PATTERN.
run_case() {
  local name=$1 code=$2 pattern=$3; shift 3
  local out rc
  out=$(cd "$work" && timeout 120 "$EVALRUN" "$@" 2>&1); rc=$?
  if [ "$rc" != "$code" ]; then fail "$name: exit code $rc, want $code"; echo "$out" | head -20; return; fi
  if ! grep -qzE -- "$pattern" <<<"$out"; then fail "$name: output does not match /$pattern/"; echo "$out" | head -20; return; fi
  pass
}

# A small rule set in $work: rules/t.lua over data/t/units.csv.
mkdir -p "$work/rules" "$work/data/t"
printf 'id;name;kind\nA;Văn phòng Sở;so\nB;Trung tâm;trung_tam\n' > "$work/data/t/units.csv"
rules() {   # rules NAME <<'LUA' ... : writes rules/NAME.lua with a ruleset and the units source, then the body
  { echo 'ruleset { id = "t", year = 2023 }'
    echo 'source { table = "units", file = "units.csv", delimiter = ";" }'
    cat; } > "$work/rules/$1.lua"
}

# ---- sandbox -------------------------------------------------------------------
# hostile rule files: escapes, limits, standard Lua (tests/e2e/sandbox.sh)
EVALRUN="$EVALRUN" "$here/sandbox.sh" && pass || fail "tests/e2e/sandbox.sh"
rules os_execute <<'LUA'
step("s", function() os.execute("touch /tmp/evalrun-pwned") end)
LUA
run_case "os.execute is blocked" 4 'rules/os_execute.lua:3: os.execute is blocked in rule files' check rules/os_execute.lua

rules io_open <<'LUA'
step("s", function() local f = io.open("/etc/passwd") end)
LUA
run_case "io.open is blocked" 4 'rules/io_open.lua:3: io.open is blocked' check rules/io_open.lua

rules require_os <<'LUA'
local os2 = require "os"
LUA
run_case "require os is blocked" 4 'rules/require_os.lua:3: require "os" is blocked' check rules/require_os.lua

rules require_escape <<'LUA'
local x = require "..secret"
LUA
run_case "require cannot leave its folders" 4 "require \"\\.\\.secret\"" check rules/require_escape.lua

rules binary_chunk <<'LUA'
local f, err = load("\27Lua\84\0\25\147\13\10\26\10")
assert(f, err)
LUA
run_case "binary chunks are refused" 4 'rules/binary_chunk.lua:4: .*binary chunks are blocked' check rules/binary_chunk.lua

rules dofile <<'LUA'
dofile("/etc/passwd")
LUA
run_case "dofile is blocked" 4 'rules/dofile.lua:3: dofile is blocked' check rules/dofile.lua

rules endless <<'LUA'
step("loop", function() while true do end end)
LUA
run_case "endless loop stopped by the instruction budget" 4 'rules/endless.lua:3: instruction limit reached \(--max-instructions 1000000\)' \
  check rules/endless.lua --max-instructions 1000000

rules endless_pcall <<'LUA'
step("loop", function()
  for i = 1, 100 do pcall(function() while true do end end) end
  error("a pcall swallowed the limit")
end)
LUA
run_case "endless loop inside pcall cannot swallow the limit" 4 'instruction limit reached' \
  check rules/endless_pcall.lua --max-instructions 1000000
out=$(cd "$work" && "$EVALRUN" check rules/endless_pcall.lua --max-instructions 1000000 2>&1)
grep -q swallowed <<<"$out" && fail "a pcall swallowed the instruction limit" || pass

rules bomb_rep <<'LUA'
step("bomb", function() local s = string.rep("x", 1 << 30) end)
LUA
run_case "string.rep memory bomb" 4 'memory limit reached \(--max-memory 64 MB\)' check rules/bomb_rep.lua --max-memory 64

rules bomb_table <<'LUA'
step("bomb", function()
  local t = {}
  local ok = pcall(function() for i = 1, 1e9 do t[i] = { i } end end)
  t = nil
  while true do end
end)
LUA
run_case "growing table memory bomb inside pcall" 4 'memory limit reached \(--max-memory 64 MB\)' check rules/bomb_table.lua --max-memory 64

rules change_fact <<'LUA'
step("s", function() local u = db.get("units", "A"); u.name = "hacked" end)
LUA
run_case "facts are read-only" 4 'rules/change_fact.lua:3: facts are read-only: cannot set units.name' check rules/change_fact.lua

rules change_lib <<'LUA'
string.rep = nil
LUA
run_case "library tables are read-only" 4 'rules/change_lib.lua:3: string is read-only' check rules/change_lib.lua

rules sql_write <<'LUA'
step("s", function() for r in db.query("DELETE FROM units") do end end)
LUA
run_case "SQL from rules is read-only" 4 'rules/sql_write.lua:3: db.query: only reading statements' check rules/sql_write.lua

rules sql_attach <<'LUA'
step("s", function() for r in db.query("ATTACH DATABASE '/tmp/x.db' AS x") do end end)
LUA
run_case "ATTACH is refused" 4 'db.query: only reading statements' check rules/sql_attach.lua

rules syntax <<'LUA'
step("s", function() local x = end)
LUA
run_case "syntax error with its line" 4 "rules/syntax.lua:3: unexpected symbol near 'end'" check rules/syntax.lua

rules runtime <<'LUA'
local function helper(u) return u.missing.field end
step("s", function() helper(db.get("units", "A")) end)
LUA
run_case "runtime error with its line and traceback" 4 "rules/runtime.lua:3: attempt to index a nil value .*traceback:.*rules/runtime.lua:4" check rules/runtime.lua

rules random <<'LUA'
step("s", function() emit { kind = "r", subject = "x", value = math.random(1, 1000000) } end)
expect { kind = "r", subject = "x", value = 0 }
LUA
a=$(cd "$work" && "$EVALRUN" test rules/random.lua 2>&1 | grep -o 'got [0-9]*')
b=$(cd "$work" && "$EVALRUN" test rules/random.lua 2>&1 | grep -o 'got [0-9]*')
if [ -n "$a" ] && [ "$a" = "$b" ]; then pass; else fail "math.random is not deterministic ($a / $b)"; fi

# ---- bad data --------------------------------------------------------------------
bad_data() {  # bad_data NAME CONTENT-PRINTF : data/t/units.csv replaced in a copy folder
  mkdir -p "$work/bad/$1"; printf "$2" > "$work/bad/$1/units.csv"
}
rules plain <<'LUA'
step("s", function() emit { kind = "n", subject = "units", value = db.count("units") } end)
LUA
# a good run first, so that failed runs can be checked to leave it intact
run_case "good run" 0 'results.sqlite' rules/plain.lua --out out/plain --quiet
before=$(sha256sum "$work/out/plain/results.sqlite" "$work/out/plain/report.json" | sha256sum)

bad_data quote 'id;name;kind\nA;"Văn phòng;so\nB;x;y\n'
run_case "unterminated quote" 3 'bad/quote/units.csv:2:2: .*(unterminated|never closed)' rules/plain.lua --data bad/quote --out out/plain
bad_data many 'id;name;kind\nA;Văn phòng;so;extra\n'
run_case "too many fields" 3 'bad/many/units.csv:2: .*4 fields.*3' rules/plain.lua --data bad/many --out out/plain
bad_data few 'id;name;kind\nA;Văn phòng\n'
run_case "too few fields" 3 'bad/few/units.csv:2: .*2 fields.*3' rules/plain.lua --data bad/few --out out/plain
bad_data dup 'id;name;kind\nA;Một;so\nB;Hai;so\nA;Ba;so\n'
run_case "duplicate key" 3 'bad/dup/units.csv:4: duplicate key.*bad/dup/units.csv:2' rules/plain.lua --data bad/dup --out out/plain
bad_data ref 'id;name;kind;parent_id\nA;Một;so;\nB;Hai;so;ZZ\n'
run_case "unknown unit id referenced" 3 'bad/ref/units.csv:3:4: .*"ZZ"' rules/plain.lua --data bad/ref --out out/plain
bad_data missing_col 'ma;name;kind\nA;Một;so\n'
run_case "missing required column" 3 'bad/missing_col/units.csv:1: .*"id"' rules/plain.lua --data bad/missing_col --out out/plain
bad_data cp1258 'id;name;kind\nA;V\xe3n ph\xf2ng S\xf4\xfb;so\n'
run_case "Windows-1258 file" 3 'bad/cp1258/units.csv:2:2: .*UTF-8' rules/plain.lua --data bad/cp1258 --out out/plain
bad_data empty ''
run_case "empty file" 3 'bad/empty/units.csv: .*empty' rules/plain.lua --data bad/empty --out out/plain
mkdir -p "$work/bad/nofile"
run_case "missing file" 3 'bad/nofile/units.csv: .*(No such file|cannot open)' rules/plain.lua --data bad/nofile --out out/plain
bad_data several 'id;name;kind\nA;;so\nB;Hai;so;x\n'
run_case "several problems reported together" 3 'units.csv:2:2: .*required(.|\n)*units.csv:3: ' rules/plain.lua --data bad/several --out out/plain

. "$here/rule_author.sh"

after=$(sha256sum "$work/out/plain/results.sqlite" "$work/out/plain/report.json" | sha256sum)
[ "$before" = "$after" ] && pass || fail "a failed run changed the previous outputs"
leftovers=$(find "$work/out" -name '*.tmp*' | head -3)
[ -z "$leftovers" ] && pass || fail "temporary files left behind: $leftovers"

# ---- commands ------------------------------------------------------------------------
run_case "--help" 0 'Usage:' --help
run_case "--version" 0 '^evalrun [0-9]' --version
run_case "unknown option is a usage error" 2 'unknown option --frobnicate' rules/plain.lua --frobnicate
run_case "missing rule file is a usage error" 2 'nope.lua: cannot open' rules/nope.lua
run_case "bad --format is a usage error" 2 'format' rules/plain.lua --format pdf
printf 'ruleset { id = "t", years = {2019, 2020} }\n' > "$work/rules/years.lua"
run_case "year outside the rule set" 4 'valid for the years 2019–2020, not 2023' check rules/years.lua --year 2023

# ---- the sample data -----------------------------------------------------------------
if [ -f "$root/rules/quangbinh.lua" ]; then
  run_case "main job on the sample data" 0 'results.sqlite' "$root/rules/quangbinh.lua" --out out/qb1 --quiet
  run_case "same job again" 0 'results.sqlite' "$root/rules/quangbinh.lua" --out out/qb2 --quiet
  for f in "$work"/out/qb1/*; do
    b=$(basename "$f"); [ "$b" = results.sqlite ] && continue
    cmp -s "$f" "$work/out/qb2/$b" && pass || fail "output $b differs between two runs"
  done
  run_case "check on the sample data" 0 'fine' check "$root/rules/quangbinh.lua"
  # EVALRUN_PROFILE=N prints the N lines that took most (docs/cli.md), each at a place that exists
  prof=$(cd "$work" && EVALRUN_PROFILE=3 "$EVALRUN" "$root/rules/quangbinh.lua" --out out/qbp --quiet 2>&1 >/dev/null)
  n=$(grep -cE '^ +[0-9.]+ s +[0-9.]+%  [^ ]+:[0-9]+$' <<<"$prof")
  first=$(grep -m1 -oE '[^ ]+:[0-9]+$' <<<"$prof" | sed 's/:[0-9]*$//')
  # (a library line is named from evalrun's folder, a rule file's line from where evalrun ran)
  { [ -f "$root/$first" ] || [ -f "$work/$first" ] || [ -f "$first" ]; } && found=1 || found=0
  [ "$n" = 3 ] && [ $found = 1 ] && pass || { fail "EVALRUN_PROFILE=3 printed $n lines, the first at '$first'"; echo "$prof" | head -5; }
  if [ -x "$here/check_xlsx.py" ] || [ -f "$here/check_xlsx.py" ]; then
    /usr/bin/python3 "$here/check_xlsx.py" "$work/out/qb1/report.xlsx" "$work/out/qb1/report.json" >/dev/null && pass || fail "XLSX does not match JSON"
  fi
  if [ -f "$here/check_html.sh" ] && command -v chromium >/dev/null; then
    bash "$here/check_html.sh" "$work/out/qb1" >/dev/null 2>&1 && pass || fail "HTML does not render in chromium"
  fi
fi
if [ -d "$root/tests/rules" ] && ls "$root"/tests/rules/*.test.lua >/dev/null 2>&1; then
  out=$(cd "$root" && "$EVALRUN" test tests/rules 2>&1); rc=$?
  echo "$out" | grep -v '^PASS'
  [ $rc = 0 ] && pass || fail "evalrun test tests/rules (exit $rc)"
fi

# ---- all or nothing, leftovers, bad input (publish.sh) --------------------------------
. "$here/publish.sh"

# Every province's rule file on its own data, twice, byte-identical (tests/e2e/provinces.sh).
if [ -x "$here/provinces.sh" ]; then
  EVALRUN=$EVALRUN "$here/provinces.sh" && pass || fail "tests/e2e/provinces.sh"
fi

# ---- for a Vietnamese office: language, summary, progress, outputs that print -------------
. "$here/office.sh"

# evalrun extract: its own file of cases
EVALRUN="$EVALRUN" "$here/extract.sh" && pass || fail "tests/e2e/extract.sh"

echo "e2e: $passes passed, $fails failed"
[ $fails = 0 ]
