#!/bin/bash
# End-to-end tests of the sandbox against hostile rule files (docs/rules.md, "Sandbox"):
# escapes (files outside the rules and data folders, library tables, SQLite's internals),
# limits (finalizers, work done in C, defaults, floods) and standard Lua as rule authors
# know it. Every case asserts the exit code, that the message names the cause, that the run
# stopped within a time bound, and that nothing outside the output folder changed.
#   EVALRUN=build/evalrun tests/e2e/sandbox.sh
set -u
export LANGUAGE=en
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
EVALRUN=${EVALRUN:-$root/build/evalrun}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fails=0 passes=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }

# Everything under $work but the output folder: names, sizes, times.
snapshot() { (cd "$work" && find . -path ./out -prune -o -type d -printf '%p/\n' -o -printf '%p %s %T@\n' | sort | sha256sum); }

# probe NAME SECONDS CODE PATTERN ARGS... — runs evalrun in $work: the exit code, the output
# matching PATTERN, done within SECONDS, nothing outside out/ changed.
probe() {
  local name=$1 secs=$2 code=$3 pattern=$4; shift 4
  local out rc before after
  before=$(snapshot)
  out=$(cd "$work" && timeout -s KILL "$secs" "$EVALRUN" "$@" 2>&1); rc=$?
  after=$(snapshot)
  if [ "$rc" = 137 ]; then fail "$name: still running after $secs s"; return; fi
  if [ "$rc" != "$code" ]; then fail "$name: exit code $rc, want $code"; echo "$out" | head -c 2000 | head -20; return; fi
  if ! grep -qzE -- "$pattern" <<<"$out"; then fail "$name: output does not match /$pattern/"; echo "$out" | head -c 2000 | head -20; return; fi
  if [ "$before" != "$after" ]; then fail "$name: files outside the output folder changed"; return; fi
  pass
}

mkdir -p "$work/rules/base" "$work/data/t" "$work/secret"
printf 'id;name;kind\nA;Văn phòng Sở;so\nB;Trung tâm;trung_tam\n' > "$work/data/t/units.csv"
printf 'TOP-SECRET-LINE\n' > "$work/secret/passwd"
printf 'id;name;kind\nTOP-SECRET;x;y\n' > "$work/secret/units.csv"
rules() {   # rules NAME <<'LUA' ... : writes rules/NAME.lua with a ruleset and the units source, then the body
  { echo 'ruleset { id = "t", year = 2023 }'
    echo 'source { table = "units", file = "units.csv", delimiter = ";" }'
    cat; } > "$work/rules/$1.lua"
}

# ---- escapes: files outside the rules and data folders ---------------------------------------
rules ext_abs <<'LUA'
extends "/etc/os-release"
LUA
probe "extends an absolute path outside" 10 4 'rules/ext_abs.lua:3: extends "/etc/os-release": .*refused: outside' check rules/ext_abs.lua
out=$(cd "$work" && "$EVALRUN" check rules/ext_abs.lua 2>&1)
grep -q 'PRETTY_NAME\|VERSION_ID' <<<"$out" && fail "the text of /etc/os-release reached the message" || pass

rules ext_up <<'LUA'
extends "../secret/passwd"
LUA
probe "extends .. out of the rules folder" 10 4 'rules/ext_up.lua:3: extends "../secret/passwd": .*refused: outside' check rules/ext_up.lua
out=$(cd "$work" && "$EVALRUN" check rules/ext_up.lua 2>&1)
grep -q 'TOP-SECRET' <<<"$out" && fail "the secret file's text reached the message" || pass

rules ext_dev <<'LUA'
extends "/dev/zero"
LUA
probe "extends a device" 10 4 'extends "/dev/zero": .*refused' check rules/ext_dev.lua

ln -s /dev/zero "$work/rules/zero.lua"
rules ext_devlink <<'LUA'
extends "zero.lua"
LUA
probe "extends a link to a device inside the rules folder" 10 4 'extends "zero.lua": .*refused' check rules/ext_devlink.lua

ln -s ../secret/passwd "$work/rules/link.lua"
rules ext_link <<'LUA'
extends "link.lua"
LUA
probe "extends a link that leads out of the rules folder" 10 4 'extends "link.lua": .*refused: outside' check rules/ext_link.lua

mkdir -p "$work/rules/sub"
rules ext_dir <<'LUA'
extends "sub"
LUA
probe "extends a folder" 10 4 'extends "sub": .*refused: not a regular file' check rules/ext_dir.lua

printf 'config.from_base = 1\n' > "$work/rules/base/b.lua"
rules ext_ok <<'LUA'
extends "base/b.lua"
assert(config.from_base == 1)
LUA
probe "extends inside the rules folder still works" 10 0 'fine' check rules/ext_ok.lua

rules src_abs <<'LUA'
source { table = "units", file = "/etc/passwd" }
LUA
probe "source file with an absolute path outside" 10 4 'rules/src_abs.lua:3: source file "/etc/passwd" refused: outside the data folder' check rules/src_abs.lua

rules src_up <<'LUA'
source { table = "units", file = "../../secret/units.csv", delimiter = ";" }
LUA
probe "source file .. out of the data folder" 10 4 'source file "../../secret/units.csv" refused: outside the data folder' check rules/src_up.lua
probe "source file .. out of the data folder: the run writes nothing" 10 4 'refused' rules/src_up.lua --out out/src_up --quiet
[ -e "$work/out/src_up/report.json" ] && fail "a refused source still published tables" || pass

ln -s ../../secret/units.csv "$work/data/t/linked.csv"
rules src_link <<'LUA'
source { table = "units", file = "linked.csv", delimiter = ";" }
LUA
probe "source file through a link out of the data folder" 10 4 'source file "linked.csv" refused: outside the data folder' check rules/src_link.lua

mkfifo "$work/data/t/fifo.csv"
rules src_fifo <<'LUA'
source { table = "units", file = "fifo.csv", delimiter = ";" }
LUA
probe "source file that is a pipe" 10 4 'source file "fifo.csv" refused: not a regular file' check rules/src_fifo.lua

rules data_out <<'LUA'
ruleset { id = "t", data = "../secret" }
LUA
probe "a rule set's data folder outside its place" 10 4 'rules/data_out.lua:[0-9]+: ruleset data = "../secret" refused' check rules/data_out.lua
rules plain <<'LUA'
step("s", function() emit { kind = "n", subject = "units", value = db.count("units") } end)
LUA
probe "--data is the user's choice" 10 0 'fine' check rules/plain.lua --data secret

rules req_link <<'LUA'
local m = require "modlink"
LUA
ln -s ../secret/passwd "$work/rules/modlink.lua"
probe "require through a link out of the rules folder" 10 4 'require "modlink": .*refused: outside' check rules/req_link.lua

# ---- escapes: the library tables -----------------------------------------------------------
rules rawset_lib <<'LUA'
rawset(string, "rep", function() return "pwned" end)
LUA
probe "rawset on a library table" 10 4 "rules/rawset_lib.lua:3: string is read-only in rule files \(cannot set 'rep'\)" check rules/rawset_lib.lua

rules string_mt <<'LUA'
getmetatable("").__index.format = function() return "pwned" end
LUA
probe "the string metatable's library" 10 4 "rules/string_mt.lua:3: string is read-only" check rules/string_mt.lua

rules string_mt2 <<'LUA'
local mt = getmetatable("")
mt.__index = { rep = function() return "pwned" end }
LUA
probe "the string metatable itself" 10 4 "rules/string_mt2.lua:4: the string metatable is read-only" check rules/string_mt2.lua

rules lib_pcall <<'LUA'
pcall(rawset, table, "concat", function() return "pwned" end)
pcall(function() getmetatable("").__index.upper = function() return "pwned" end end)
pcall(rawset, getmetatable(""), "__index", {})
step("s", function()
  assert(table.concat({ "a", "b" }) == "ab", "table.concat was changed")
  assert(("x"):upper() == "X", "string.upper was changed")
  assert(("x"):rep(2) == "xx", "the string methods were changed")
  local n = 0
  for k, v in pairs(string) do n = n + 1 end
  assert(n > 10, "pairs(string) sees " .. n .. " functions")
  assert(getmetatable("").__index == string)
end)
LUA
probe "library tables stay as they were after refused writes" 10 0 'fine' check rules/lib_pcall.lua

# ---- escapes: SQLite -------------------------------------------------------------------------
rules sql_fts <<'LUA'
step("s", function() for r in db.query("SELECT fts3_tokenizer('simple') AS p") do print(r.p) end end)
LUA
probe "fts3_tokenizer gives away no address" 10 4 'rules/sql_fts.lua:3: db.query: the SQL function fts3_tokenizer is not available' check rules/sql_fts.lua

rules sql_ext <<'LUA'
step("s", function() for r in db.query("SELECT load_extension('/tmp/x.so') AS p") do end end)
LUA
probe "load_extension is refused" 10 4 'the SQL function load_extension is not available' check rules/sql_ext.lua

rules sql_clock <<'LUA'
step("s", function() for r in db.query("SELECT random() AS p, date('now') AS d") do end end)
LUA
probe "SQL functions that read chance or the clock are refused" 10 4 'the SQL function (random|date) is not available' check rules/sql_clock.lua

rules sql_pragma <<'LUA'
step("s", function() for r in db.query("SELECT * FROM pragma_table_info('units')") do end end)
LUA
probe "pragma functions are refused" 10 4 'db.query: ' check rules/sql_pragma.lua

rules sql_ok <<'LUA'
step("s", function()
  for r in db.query("SELECT upper(kind) AS k, count(*) AS n, round(avg(length(name)), 1) AS l FROM units GROUP BY kind ORDER BY k") do
    emit { kind = "n", subject = r.k, value = r.n }
  end
end)
LUA
probe "reading SQL with ordinary functions still works" 10 0 'fine' check rules/sql_ok.lua

# ---- limits: finalizers ------------------------------------------------------------------------
rules gc_loop <<'LUA'
step("s", function() setmetatable({}, { __gc = function() while true do end end }) end)
LUA
probe "a __gc finalizer is refused" 20 4 'rules/gc_loop.lua:3: setmetatable: __gc finalizers are not available in rule files' check rules/gc_loop.lua

rules gc_late <<'LUA'
local t
step("s", function()
  t = report.table { id = "late", title = "Late", columns = { { key = "a" } } }
  setmetatable({}, { __gc = function() t:add("added after the files were written") end })
end)
LUA
probe "a finalizer cannot add rows after the outputs are written" 20 4 'setmetatable: __gc finalizers are not available' rules/gc_late.lua --out out/gc_late --quiet
[ -e "$work/out/gc_late/late.csv" ] && fail "a run stopped by a refused finalizer published tables" || pass

rules close_loop <<'LUA'
step("s", function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
end)
LUA
probe "a __close that loops is stopped by the budget" 30 4 'rules/close_loop.lua:4: instruction limit reached \(--max-instructions 1000000\)' check rules/close_loop.lua --max-instructions 1000000

rules close_loop_err <<'LUA'
step("s", function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  while true do end
end)
LUA
probe "a __close that loops while the limit unwinds" 30 4 'instruction limit reached \(--max-instructions 1000000\)' check rules/close_loop_err.lua --max-instructions 1000000

rules expect_meta <<'LUA'
step("s", function() emit { kind = "n", subject = "units", value = db.count("units") } end)
expect(setmetatable({ kind = "n", subject = "units" },
                    { __index = function(t, k) while true do end end }))
LUA
probe "an expectation's metatable runs no rule code after the steps" 30 1 'expect|expectation' test rules/expect_meta.lua --max-instructions 1000000

rules ruleset_meta <<'LUA'
step("s", function(ctx) setmetatable(ctx.ruleset, { __index = function() while true do end end }) end)
LUA
probe "the ruleset table cannot get metamethods" 20 4 'rules/ruleset_meta.lua:3: cannot change a protected metatable' check rules/ruleset_meta.lua

# ---- limits: work done in C on a rule's behalf -------------------------------------------------
rules emit_cycle <<'LUA'
step("s", function() local t = {} t.self = t emit { kind = "k", subject = "x", value = 1, inputs = t } end)
LUA
probe "emit refuses a table that contains itself" 20 4 'rules/emit_cycle.lua:3: emit: inputs contains itself' rules/emit_cycle.lua --out out/emit_cycle --quiet
leftovers=$(find "$work" -name '*.tmp*' -o -name '.*tmp*' | grep -v '^$' | head -3)
[ -z "$leftovers" ] && pass || fail "temporary files left behind: $leftovers"

rules emit_wide <<'LUA'
step("s", function()
  local t = {}
  for i = 1, 30 do t = { a = t, b = t, c = t } end
  emit { kind = "k", subject = "x", value = 1, values = t }
end)
LUA
probe "emit refuses a value too big to record" 20 4 'rules/emit_wide.lua:6: emit: values is too big \(more than 1 MB as JSON\)' check rules/emit_wide.lua

rules notes_cycle <<'LUA'
step("s", function() local n = { "x" } n[2] = n report.table { id = "t1", columns = { { key = "a" } }, notes = n } end)
LUA
probe "report notes refuse a cycle" 20 4 'report.table: notes contains itself' check rules/notes_cycle.lua

rules sql_sort <<'LUA'
step("s", function()
  for r in db.query([[WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000)
                      SELECT a.x, b.x, printf('%0100d', a.x * b.x) FROM c a, c b ORDER BY 3 DESC]]) do end
end)
LUA
probe "SQLite's sorting memory counts against --max-memory" 60 4 'memory limit reached \(--max-memory 100 MB\) in a database query' check rules/sql_sort.lua --max-memory 100

rules where_list_memory <<'LUA'
step("s", function()
  local ids = {}
  for i = 1, 2000000 do ids[i] = i end        -- 32 MB of Lua; its set in C would take 128 MB
  db.count("units", { id = ids })
end)
LUA
probe "a where list's set counts against --max-memory" 60 4 'rules/where_list_memory.lua:6: db: where: memory limit reached \(--max-memory 100 MB\)' check rules/where_list_memory.lua --max-memory 100

# Without --max-memory the cap grows with the rows loaded (2048 MB + 1 KB a row, at most 3/4 of
# the machine's memory), as the instruction budget does: 200,000 rows give 2243 MB. A bomb under
# the default cap names it; EVALRUN_TIMING shows the cap without filling it.
{ echo n; seq 1 200000; } > "$work/data/t/big.csv"
rules default_cap <<'LUA'
define_table { name = "big", columns = { { "n", "integer" } } }
source { table = "big", file = "big.csv" }
step("s", function() end)
LUA
cap_out=$(cd "$work" && EVALRUN_TIMING=1 "$EVALRUN" check rules/default_cap.lua 2>&1)
grep -q 'rules used [0-9]* of [0-9]* instructions; .*memory cap 2243 MB' <<<"$cap_out" && pass ||
  fail "the default memory cap for 200,002 rows is not 2243 MB: $(grep 'memory cap' <<<"$cap_out")"
rules default_bomb <<'LUA'
step("s", function() local s = ("x"):rep((1 << 31) - 1) end)   -- 2 GB at once: past the cap, never made
LUA
probe "a bomb under the default memory cap names it" 60 4 'memory limit reached \(the default cap, 2048 MB for 2 rows loaded; give more with --max-memory\)' check rules/default_bomb.lua

rules sql_loop <<'LUA'
step("s", function()
  for r in db.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c") do end
end)
LUA
probe "an endless query is stopped by the instruction budget" 30 4 'instruction limit reached \(--max-instructions 10000000\) in a database query' check rules/sql_loop.lua --max-instructions 10000000

rules co_swallow <<'LUA'
step("s", function()
  for i = 1, 100 do
    local co = coroutine.create(function() while true do end end)
    coroutine.resume(co)
  end
  error("coroutine.resume swallowed the limit")
end)
LUA
probe "coroutine.resume cannot swallow a limit" 30 4 'instruction limit reached \(--max-instructions 1000000\)' check rules/co_swallow.lua --max-instructions 1000000

# ---- check and run agree: writing outputs is not charged to the rules ---------------------------
rules big_table <<'LUA'
step("s", function()
  local t = report.table { id = "big", title = "Big", columns = { { key = "n", type = "integer" }, { key = "s" } } }
  for i = 1, 250000 do t:add(i, "dòng " .. i) end
end)
LUA
# the steps need about 11 million of the 12; writing the five formats would cost 5 million more
probe "check passes with a budget the steps just fit in" 60 0 'fine' check rules/big_table.lua --max-instructions 12000000
probe "the run passes with the same budget" 120 0 'results.sqlite' rules/big_table.lua --max-instructions 12000000 --out out/big --quiet

# ---- floods and unreadable errors ---------------------------------------------------------------
rules err_nil <<'LUA'
step("s", function() error(nil) end)
LUA
probe "error(nil) gives the place and a text" 20 4 'rules/err_nil.lua:3: error raised with no message' check rules/err_nil.lua

rules err_table <<'LUA'
step("s", function() error({ code = 42, why = "bad" }) end)
LUA
probe "error(table) gives the place and the fields" 20 4 'rules/err_table.lua:3: error raised with a table: \{code = 42, why = "bad"\}' check rules/err_table.lua

rules err_long_field <<'LUA'
step("s", function() error({ code = 42, detail = string.rep("é", 100000) }) end)
LUA
probe "error(table) with a long field" 20 4 'error raised with a table: \{code = 42, detail = "é+\.\.\."\}' check rules/err_long_field.lua

rules report_methods <<'LUA'
step("s", function()
  local t = report.table { id = "m", columns = { { key = "a" } } }
  getmetatable(t).__index.add = function() end
end)
LUA
probe "the report table methods are not for rules to change" 20 4 'rules/report_methods.lua:5: attempt to index a nil value' check rules/report_methods.lua

rules err_huge <<'LUA'
step("s", function() error(string.rep("x", 50 * 1024 * 1024)) end)
LUA
probe "a 50 MB error message is cut" 30 4 'message cut: [0-9]+ more bytes' check rules/err_huge.lua
n=$(cd "$work" && "$EVALRUN" check rules/err_huge.lua 2>&1 | wc -c)
[ "$n" -lt 10000 ] && pass || fail "a 50 MB error message printed $n bytes"

rules print_flood <<'LUA'
step("s", function() local s = string.rep("x", 1000) while true do print(s) end end)
LUA
probe "print in a loop is capped" 60 4 'rule output stopped after 1 MB' check rules/print_flood.lua --max-instructions 100000000
n=$(cd "$work" && "$EVALRUN" check rules/print_flood.lua --max-instructions 100000000 2>&1 | wc -c)
[ "$n" -lt 1200000 ] && pass || fail "print in a loop wrote $n bytes"

rules many_tables <<'LUA'
step("s", function()
  for i = 1, 20000 do report.table { id = "t" .. i, columns = { { key = "a" } }, rows = { { a = "x" } } } end
end)
LUA
probe "20,000 report tables are refused at the cap" 60 4 'report.table t1001: output limit reached: at most 1000 report tables' rules/many_tables.lua --out out/many --quiet
[ -e "$work/out/many/t1.csv" ] && fail "a run stopped at the table cap published tables" || pass

rules many_rows <<'LUA'
step("s", function()
  local t = report.table { id = "r", columns = { { key = "a", type = "integer" } } }
  for i = 1, 2e6 do t:add(i) end
end)
LUA
probe "report rows are capped by the rows loaded" 60 4 'report table r: output limit reached: at most 1000020 rows' check rules/many_rows.lua

# ---- defaults: a runaway rule on the sample data stops within seconds --------------------------
if [ -f "$root/rules/quangbinh.lua" ]; then
  printf 'extends "%s"\nstep("runaway", function() while true do end end)\n' "$root/rules/quangbinh.lua" > "$work/rules/runaway.lua"
  probe "a runaway rule on the sample data stops by the default budget" 120 4 \
    'instruction limit reached \(the default budget, [0-9]+ instructions for [0-9]+ rows loaded' \
    check rules/runaway.lua --data "$root/data/quangbinh"
fi

# ---- standard Lua as rule authors know it ------------------------------------------------------
probe "standard Lua 5.4 (tests/lua54/standard.lua)" 60 0 'fine' check "$root/tests/lua54/standard.lua"

rules warn_out <<'LUA'
warn("@off") warn("hidden") warn("@on")
warn("shown ", "here")
LUA
probe "warn writes with the rule's place" 20 0 'rules/warn_out.lua:4: warning: shown here' check rules/warn_out.lua
out=$(cd "$work" && "$EVALRUN" check rules/warn_out.lua 2>&1)
grep -q hidden <<<"$out" && fail 'warn("@off") did not silence warnings' || pass

rules randomseed <<'LUA'
math.randomseed(123)
local a = math.random(1, 1000000)
math.randomseed(123)
assert(math.random(1, 1000000) == a, "randomseed(n) does not repeat the numbers")
LUA
probe "math.randomseed(n) works" 20 0 'fine' check rules/randomseed.lua

echo "sandbox: $passes passed, $fails failed"
[ $fails = 0 ]
