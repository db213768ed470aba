# Sourced by run.sh: what an office in Vietnam sees. Uses run.sh's $work, $root,
# $EVALRUN, run_case, pass and fail. Messages are Vietnamese unless --lang en.

# vi NAME CODE PATTERN ARGS... — run_case in the default language (no English locale)
vi() { LANGUAGE= LC_ALL= LC_MESSAGES= LANG= run_case "$@"; }

# ---- messages --------------------------------------------------------------------------
vi "a typo in a command (vi)" 2 'không có lệnh "chek"; có phải ý bạn là "check"\?' chek rules/plain.lua
vi "a missing data folder (vi)" 3 'khong-co/: không có thư mục số liệu này|khong-co: không có thư mục số liệu này' \
  rules/plain.lua --data khong-co --out out/nodata
vi "an unknown option (vi)" 2 'không có tùy chọn --frobnicate(.|\n)*evalrun --help' rules/plain.lua --frobnicate
vi "the help (vi)" 0 'Cách dùng:(.|\n)*--lang vi\|en' --help
run_case "the help in English" 0 'Usage:' --help --lang en
vi "--lang en in a Vietnamese setting" 2 'unknown option --frobnicate' rules/plain.lua --frobnicate --lang en
out=$(cd "$work" && LANGUAGE= LC_ALL= LANG=en_GB.UTF-8 "$EVALRUN" rules/plain.lua --frobnicate 2>&1)
grep -q 'unknown option' <<<"$out" && pass || fail "an English locale does not give English messages" 
vi "a data error keeps its place (vi)" 3 'bad/dup/units.csv:4: ' rules/plain.lua --data bad/dup --out out/plain
vi "a wrong --year (vi)" 2 -- '--year 20x3: hãy ghi một năm' rules/plain.lua --year 20x3

# A year the data does not cover: an error when no table has it, a warning when some lack it.
printf 'id;name;kind\nA;Văn phòng Sở;so\n' > "$work/data/t/units.csv"
printf 'unit_id;year;score\nA;2022;1\nA;2023;2\n' > "$work/data/t/scores.csv"
printf 'unit_id;year;note\nA;2019;x\n' > "$work/data/t/notes.csv"
cat > "$work/rules/years2.lua" <<'LUA'
ruleset { id = "t", year = 2023 }
define_table { name = "scores", columns = { { "unit_id", "text" }, { "year", "integer" }, { "score", "number" } } }
define_table { name = "notes", columns = { { "unit_id", "text" }, { "year", "integer" }, { "note", "text" } } }
source { table = "units", file = "units.csv", delimiter = ";" }
source { table = "scores", file = "scores.csv", delimiter = ";" }
source { table = "notes", file = "notes.csv", delimiter = ";" }
LUA
vi "a year without any data is an error (vi)" 3 'không có số liệu năm 2030(.|\n)*scores.csv: không có dòng nào của năm 2030' \
  rules/years2.lua --year 2030 --out out/y
vi "a year some files lack is a warning in the summary (vi)" 0 'Cảnh báo: 1;(.|\n)*notes.csv: không có dòng nào của năm 2023' \
  rules/years2.lua --out out/y
[ ! -e "$work/out/y/results.sqlite" ] || [ -n "$(find "$work/out/y" -name 'results.sqlite' -newer "$work/rules/years2.lua")" ] && pass \
  || fail "a year with no data wrote a results database"

# ---- the summary -------------------------------------------------------------------------
if [ -f "$root/rules/quangbinh.lua" ]; then
  out=$(cd "$work" && LANGUAGE= LANG= "$EVALRUN" "$root/rules/quangbinh.lua" --out out/qbs 2>&1); rc=$?
  lines=$(printf '%s\n' "$out" | wc -l)
  [ $rc = 0 ] && [ "$lines" -lt 40 ] && pass || fail "the Quảng Bình summary has $lines lines (exit $rc), want < 40"
  grep -q '^Đã nạp 15 tệp số liệu, 989 dòng' <<<"$out" && pass || fail "the summary does not say what was loaded"
  grep -qE '^ +10 dòng  Kết quả thực hiện chỉ tiêu kế hoạch năm 2023$' <<<"$out" && pass || fail "the summary does not list the tables with their rows"
  grep -q '^Cảnh báo: 4; số liệu cần xem lại: 1\.' <<<"$out" && pass || fail "the summary does not count the warnings"
  grep -q 'vượt chỉ tiêu 24' <<<"$out" && pass || fail "the summary does not list the first warnings"
  grep -q '^Đã ghi vào out/qbs/: .*20 tệp CSV, results.sqlite' <<<"$out" && pass || fail "the summary does not say where the outputs are"
  grep -q '^|' <<<"$out" && fail "the summary prints tables without --print" || pass
  /usr/bin/python3 "$here/check_xlsx_print.py" "$work/out/qbs/report.xlsx" "$work/out/qbs/report.json" && pass \
    || fail "report.xlsx does not print as promised"
  if command -v chromium >/dev/null && command -v pdftotext >/dev/null; then
    bash "$here/check_html_print.sh" "$work/out/qbs" && pass || fail "report.html does not print as promised"
  fi
  out=$(cd "$work" && "$EVALRUN" "$root/rules/quangbinh.lua" --out out/qbs --lang en 2>&1)
  grep -q '^Warnings: 4; figures to review: 1\.' <<<"$out" && grep -q '^Loaded 15 data files' <<<"$out" && pass \
    || fail "--lang en does not give an English summary"
  out=$(cd "$work" && "$EVALRUN" "$root/rules/quangbinh.lua" --out out/qbs --print 2>&1)
  [ "$(grep -c '^| ' <<<"$out")" -gt 200 ] && pass || fail "--print does not print the full tables"
fi

# ---- progress: on a terminal only, and only for a phase that takes a while ------------------
cat > "$work/rules/slow_step.lua" <<'LUA'
ruleset { id = "t", year = 2023 }
source { table = "units", file = "units.csv", delimiter = ";" }
step("Tính điểm chậm", function() local x = 0 for i = 1, 250000000 do x = x + i end end)
LUA
if command -v script >/dev/null; then
  (cd "$work" && LANGUAGE= "$EVALRUN" rules/slow_step.lua --out out/slow >"$work/piped.out" 2>"$work/piped.err")
  grep -q 'bước' "$work/piped.err" "$work/piped.out" && fail "progress printed into a pipe" || pass
  # the step lasts about a second or more on any machine; the line shows after 0.3 s of it
  (cd "$work" && LANGUAGE= EVALRUN_PROGRESS_AFTER=0.3 script -qec "'$EVALRUN' rules/slow_step.lua --out out/slow" /dev/null >"$work/tty.out" 2>&1)
  grep -q 'bước 1/1: Tính điểm chậm' "$work/tty.out" && pass ||
    { fail "no progress on a terminal for a long step"; head -c 600 "$work/tty.out" | cat -v; echo; }
  grep -q $'\r\e\[K' "$work/tty.out" && pass || fail "the progress line is not erased before the summary"
  (cd "$work" && LANGUAGE= script -qec "'$EVALRUN' rules/plain.lua --out out/plain" /dev/null >"$work/tty2.out" 2>&1)
  grep -q 'bước' "$work/tty2.out" && fail "progress shown for a run that took less than a second" || pass
fi

# ---- the results database: any sqlite3 opens it; paths relative to the rule file's folder ----
db="$work/out/qbs/results.sqlite"
if [ -f "$db" ] && command -v sqlite3 >/dev/null; then
  [ "$(sqlite3 -bail "$db" 'PRAGMA integrity_check')" = ok ] && pass || fail "results.sqlite: integrity_check"
  bad=0
  for t in $(sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"); do
    sqlite3 -bail "$db" "SELECT count(*) FROM \"$t\"" >/dev/null 2>&1 || { bad=1; echo "plain sqlite3 cannot read $t"; }
  done
  [ $bad = 0 ] && pass || fail "results.sqlite has a table plain sqlite3 cannot read"
  paths=$(sqlite3 "$db" "SELECT value FROM run WHERE key IN ('rules', 'data_dir') UNION ALL SELECT path FROM run_files
                         UNION ALL SELECT path FROM sources UNION ALL SELECT DISTINCT rule FROM results")
  grep -q -e "$work" -e "$root" <<<"$paths" && fail "results.sqlite holds absolute paths: $(grep -m1 -e "$work" -e "$root" <<<"$paths")" || pass
  [ "$(sqlite3 "$db" "SELECT value FROM run WHERE key = 'data_dir'")" = ../data/quangbinh ] && pass \
    || fail "run.data_dir is not relative to the rule file's folder"
  # the query docs/output-formats.md gives to reproduce the published attainment rates
  diff=$(sqlite3 "$db" "SELECT i.name, round(100.0 * t.actual / t.plan, 2) FROM targets t
                         JOIN indicators i ON i.id = t.indicator_id WHERE t.year = 2023 AND t.unit_id = 'SO'
                         EXCEPT SELECT indicator, pct FROM t_target_attainment")
  [ -z "$diff" ] && pass || fail "the documented SQL does not reproduce t_target_attainment: $diff"
fi

# ---- editors: every name the sandbox gives a rule file is described in scripts/meta/evalrun.lua ----
cat > "$work/rules/globals.lua" <<'LUA'
ruleset { id = "g" }
local names = {}
for k in pairs(_G) do names[#names + 1] = k end
table.sort(names)
print("GLOBALS " .. table.concat(names, " "))
LUA
names=$(cd "$work" && "$EVALRUN" check rules/globals.lua 2>&1 | grep -o 'GLOBALS .*' | cut -d' ' -f2-)
std=" _G _VERSION assert collectgarbage coroutine debug dofile error getmetatable io ipairs load loadfile loadstring math
      next os package pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber
      tostring type utf8 warn xpcall "
missing=""
for n in $names; do
  case "$std" in *" $n "*|*" $n"$'\n'*) continue ;; esac
  grep -qE "^(function $n\(|$n = )" "$root/scripts/meta/evalrun.lua" || missing="$missing $n"
done
[ -n "$names" ] && [ -z "$missing" ] && pass || fail "scripts/meta/evalrun.lua does not describe:$missing (globals: $names)"

# ---- explain and data errors in Vietnamese ------------------------------------------------
if [ -f "$root/rules/quangbinh.lua" ]; then
  vi "explain in Vietnamese" 0 'Số liệu(.|\n)*Kết quả của CB01(.|\n)*rules/base/grading.lua:[0-9]+, qua scripts/' \
    explain "$root/rules/quangbinh.lua" CB01
  run_case "explain in English" 0 'Facts(.|\n)*Results for CB01' explain "$root/rules/quangbinh.lua" CB01
fi
# explain after a run reads that run's database while the rules, library, data and year are the
# same, and runs the rules again when any of them changed.
mkdir -p "$work/data/exp"
printf 'id;name;kind\nA;Văn phòng Sở;so\n' > "$work/data/exp/units.csv"
printf 'unit_id;year;score\nA;2023;2\n' > "$work/data/exp/scores.csv"
cat > "$work/rules/exp.lua" <<'LUA'
ruleset { id = "exp", year = 2023, data = "../data/exp" }
define_table { name = "scores", columns = { { "unit_id", "text" }, { "year", "integer" }, { "score", "number" } } }
source { table = "units", file = "units.csv", delimiter = ";" }
source { table = "scores", file = "scores.csv", delimiter = ";" }
step("Điểm", function(ctx)
  for r in db.rows("scores", { year = ctx.year }) do
    emit { kind = "score", subject = r.unit_id, subject_kind = "unit", value = r.score * 10, steps = { "điểm × 10" } }
  end
end)
LUA
explain_exp() { (cd "$work" && LANGUAGE= LANG= "$EVALRUN" explain rules/exp.lua A "$@" 2>&1); }
(cd "$work" && "$EVALRUN" rules/exp.lua --out out/exp --quiet >/dev/null 2>&1) || fail "the explain rule set does not run"
out=$(explain_exp --out out/exp)
grep -q 'từ lần chạy lúc .*out/exp/results.sqlite' <<<"$out" && grep -q 'score = 20.0 ' <<<"$out" && pass \
  || fail "explain after a run does not read its database: $out"
printf 'unit_id;year;score\nA;2023;5\n' > "$work/data/exp/scores.csv"
out=$(explain_exp --out out/exp)
! grep -q 'từ lần chạy lúc' <<<"$out" && grep -q 'score = 50.0 ' <<<"$out" && pass \
  || fail "explain after the data changed does not run the rules again: $out"
(cd "$work" && "$EVALRUN" rules/exp.lua --out out/exp --quiet >/dev/null 2>&1)
sed -i 's/r.score \* 10/r.score * 100/' "$work/rules/exp.lua"
out=$(explain_exp --out out/exp)
! grep -q 'từ lần chạy lúc' <<<"$out" && grep -q 'score = 500.0 ' <<<"$out" && pass \
  || fail "explain after the rule file changed does not run the rules again: $out"
out=$(explain_exp --out out/exp --year 2022)
! grep -q 'từ lần chạy lúc' <<<"$out" && pass || fail "explain for another year reads the run of 2023: $out"

vi "a short row in Vietnamese, with its place" 3 'bad/few/units.csv:2: dòng có 2 ô, dòng tiêu đề có 3 ô' \
  rules/plain.lua --data bad/few --out out/plain
