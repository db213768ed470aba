#!/bin/bash
# evalrun.exe under Wine, against the Linux build:
#   tests/windows/run.sh DIST LINUX-EVALRUN      (make test-windows)
# DIST is dist/evalrun-windows (make windows). It is copied to
# C:\Báo cáo 2023\evalrun in a Wine prefix kept in build/windows/wine, and run
# from there as an office would run it.
#  - Quảng Bình's main job: every output byte-identical to the Linux build's
#    (tables, CSV, JSON, XLSX, HTML, Markdown); the results database equal row
#    for row (sqlite3 .dump), the run's start time excepted; the summary too.
#  - check, test and explain print what they print on Linux.
#  - rules\quangbinh.lua with backslashes; data in C:\Báo cáo 2023\dữ liệu, outputs
#    in C:\Báo cáo 2023\kết quả; a second run replaces the outputs; a failed run
#    leaves them as they were.
#  - the sandbox probes of tests/e2e/run.sh, run by evalrun.exe.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DIST=$(cd "${1:?usage: run.sh DIST LINUX-EVALRUN}" && pwd)
LINUX=$(cd "$(dirname "${2:?}")" && pwd)/$(basename "$2")
WINE=${WINE:-/usr/lib/wine/wine64}
[ -x "$WINE" ] || WINE=$(command -v wine64 || command -v wine)
export WINEPREFIX=${WINEPREFIX:-$root/build/windows/wine}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LANGUAGE= LC_ALL=C.UTF-8
fails=0 passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }

if [ ! -d "$WINEPREFIX/drive_c/windows" ]; then
  echo "test-windows: making the Wine prefix $WINEPREFIX" >&2
  "$WINE" wineboot -i >/dev/null 2>&1
fi
"$WINE" wineboot -u >/dev/null 2>&1 || true   # starts wineserver once, for every run below

base="$WINEPREFIX/drive_c/Báo cáo 2023"
rm -rf "$base"
mkdir -p "$base"
cp -r "$DIST" "$base/evalrun"
cp -r "$root/data/quangbinh" "$base/dữ liệu"
cp -r "$root/tests/rules" "$base/evalrun/tests-rules"
cp -r "$root/tests/data" "$base/evalrun/tests-data" 2>/dev/null || true
app="$base/evalrun"
lin=$(mktemp -d)
trap 'rm -rf "$lin"; rm -rf "$base"' EXIT
# The Linux build runs in a copy of the same folder, so both name their files alike.
mkdir -p "$lin/app"
cp -r "$DIST/scripts" "$DIST/rules" "$DIST/data" "$lin/app/"

# win ARGS...: evalrun.exe from C:\Báo cáo 2023\evalrun (stdout+stderr on stdout; exit code kept)
win() { (cd "$app" && "$WINE" 'C:\Báo cáo 2023\evalrun\evalrun.exe' "$@"); }
linux() { (cd "$lin/app" && EVALRUN_HOME=$lin/app "$LINUX" "$@"); }

# ---- the main job: the same bytes ---------------------------------------------------------
linux rules/quangbinh.lua --out out/quangbinh >"$lin/summary.txt" 2>&1 || fail "Linux main job (exit $?)"
win rules/quangbinh.lua --out out/quangbinh >"$lin/summary.win.txt" 2>&1; rc=$?
[ $rc = 0 ] && pass || { fail "evalrun.exe main job: exit $rc"; head -20 "$lin/summary.win.txt"; }
n=0
for f in "$lin"/app/out/quangbinh/*; do
  b=$(basename "$f")
  [ "$b" = results.sqlite ] && continue
  n=$((n + 1))
  cmp -s "$f" "$app/out/quangbinh/$b" && pass || fail "main job: $b differs from the Linux build's"
done
[ "$n" -ge 20 ] && pass || fail "main job: only $n outputs to compare"
# the results database: every table row for row; only the run's start time may differ
dump() { sqlite3 "$1" .dump | grep -v "^INSERT INTO run VALUES('started_at',"; }
if diff <(dump "$lin/app/out/quangbinh/results.sqlite") <(dump "$app/out/quangbinh/results.sqlite") >"$lin/db.diff"; then
  pass
else
  fail "results database differs from the Linux build's"; head -10 "$lin/db.diff"
fi
[ "$(sqlite3 "$app/out/quangbinh/results.sqlite" 'select count(*) from results')" -gt 0 ] && pass || fail "results database is empty"
cmp -s "$lin/summary.txt" "$lin/summary.win.txt" && pass || { fail "the summary differs"; diff "$lin/summary.txt" "$lin/summary.win.txt" | head -10; }

# ---- check, test, explain ------------------------------------------------------------------
# explain reads each build's own last run (its start time differs by the second, and the
# note on stderr lands at another place among the lines): the note is checked, then set aside
saved_note='^evalrun explain: (from the run of|từ lần chạy lúc) '
for cmd in "check rules/quangbinh.lua" "explain rules/quangbinh.lua DB_SO" "explain rules/quangbinh.lua --lang en DB_SO"; do
  # shellcheck disable=SC2086
  a=$(linux $cmd 2>&1); ra=$?
  # shellcheck disable=SC2086
  b=$(win $cmd 2>&1); rb=$?
  if [ "${cmd%% *}" = explain ]; then
    grep -qE "$saved_note.*out[/\\]quangbinh[/\\]results.sqlite" <<<"$b" && pass \
      || fail "evalrun.exe $cmd does not read the run it just made"
    a=$(grep -vE "$saved_note" <<<"$a") b=$(grep -vE "$saved_note" <<<"$b")
  fi
  [ "$ra" = "$rb" ] && [ "$a" = "$b" ] && pass || { fail "evalrun.exe $cmd: exit $rb (Linux $ra), output differs"; diff <(echo "$a") <(echo "$b") | head -8; }
done
a=$(cd "$root" && EVALRUN_HOME=$root "$LINUX" test tests/rules 2>&1 | tail -1)
b=$(cd "$app" && mkdir -p tests && rm -rf tests/rules tests/data && cp -r tests-rules tests/rules &&
    { [ ! -d tests-data ] || cp -r tests-data tests/data; } && "$WINE" 'C:\Báo cáo 2023\evalrun\evalrun.exe' test 'tests\rules' 2>&1 | tail -1)
[ -n "$a" ] && [ "$a" = "$b" ] && pass || fail "evalrun.exe test tests\\rules: \"$b\" (Linux: \"$a\")"

# ---- Windows paths: backslashes, a drive letter, Vietnamese letters and spaces ------------------
out=$(win 'rules\quangbinh.lua' --data 'C:\Báo cáo 2023\dữ liệu' --out 'C:\Báo cáo 2023\kết quả' 2>&1); rc=$?
[ $rc = 0 ] && pass || { fail "data and outputs in C:\\Báo cáo 2023: exit $rc"; echo "$out" | head -10; }
grep -q 'C:\\Báo cáo 2023\\kết quả' <<<"$out" && pass || fail "the summary does not name C:\\Báo cáo 2023\\kết quả"
for f in "$lin"/app/out/quangbinh/*.csv "$lin"/app/out/quangbinh/report.xlsx; do
  cmp -s "$f" "$base/kết quả/$(basename "$f")" && pass || fail "C:\\Báo cáo 2023\\kết quả\\$(basename "$f") differs from the Linux build's"
done
# a second run replaces the outputs in place; a user's own file in the folder stays
echo "ghi chú" > "$base/kết quả/ghi chú của tôi.txt"
win 'rules\quangbinh.lua' --data 'C:\Báo cáo 2023\dữ liệu' --out 'C:\Báo cáo 2023\kết quả' --quiet >/dev/null 2>&1 && pass || fail "second run into C:\\Báo cáo 2023\\kết quả"
[ -f "$base/kết quả/ghi chú của tôi.txt" ] && pass || fail "a file of the user's in the output folder was lost"
cmp -s "$lin/app/out/quangbinh/report.html" "$base/kết quả/report.html" && pass || fail "report.html after the second run"
# a failed run (a bad data file) leaves the previous outputs and no staging folder
before=$(cd "$base/kết quả" && sha256sum -- * | sha256sum)
mkdir -p "$base/dữ liệu hỏng" && cp "$base/dữ liệu"/* "$base/dữ liệu hỏng/"
printf 'id;x\n' > "$base/dữ liệu hỏng/units.csv"
out=$(win 'rules\quangbinh.lua' --data 'C:\Báo cáo 2023\dữ liệu hỏng' --out 'C:\Báo cáo 2023\kết quả' 2>&1); rc=$?
[ $rc = 3 ] && grep -q 'units.csv' <<<"$out" && pass || { fail "bad data: exit $rc (want 3) with the file named"; echo "$out" | head -5; }
[ "$before" = "$(cd "$base/kết quả" && sha256sum -- * | sha256sum)" ] && pass || fail "a failed run changed the outputs"
ls -a "$base" | grep -q 'evalrun-.*\.tmp' && fail "a staging folder was left in C:\\Báo cáo 2023" || pass
# the rule file under its full Windows name, from another folder
out=$(cd "$base" && "$WINE" 'C:\Báo cáo 2023\evalrun\evalrun.exe' check 'C:\Báo cáo 2023\evalrun\rules\quangbinh.lua' 2>&1); rc=$?
[ $rc = 0 ] && pass || { fail "check with the rule file's full name: exit $rc"; echo "$out" | head -5; }

# ---- the sandbox probes of tests/e2e/run.sh ---------------------------------------------------
# The cases between "# ---- sandbox" and the next section (with tests/e2e/sandbox.sh,
# the hostile rule files), run by evalrun.exe.
# Its home is the source tree, as for the Linux build in tests/e2e (Z: is Wine's drive for /).
cat > "$lin/evalrun-wine" <<EOF
#!/bin/sh
EVALRUN_HOME='Z:$(echo "$root" | tr / '\\')' exec "$WINE" '$(printf 'C:\\Báo cáo 2023\\evalrun\\evalrun.exe')' "\$@"
EOF
chmod +x "$lin/evalrun-wine"
{ sed -n '1,/^# ---- sandbox/p' "$root/tests/e2e/run.sh" | sed '$d'
  echo "here='$root/tests/e2e'"
  sed -n '/^# ---- sandbox/,/^# ---- /p' "$root/tests/e2e/run.sh" | sed '$d'
  echo 'echo "sandbox: $passes passed, $fails failed"; [ $fails = 0 ]'
} > "$lin/sandbox-section.sh"
if EVALRUN="$lin/evalrun-wine" bash "$lin/sandbox-section.sh"; then pass; else fail "sandbox probes of tests/e2e/run.sh under evalrun.exe"; fi

# ---- the package -----------------------------------------------------------------------------
for f in evalrun.exe chạy.bat "ĐỌC TRƯỚC.txt" scripts/schema.lua rules/quangbinh.lua data/quangbinh/units.csv docs/windows.md locale/vi/LC_MESSAGES/evalrun.mo; do
  [ -e "$DIST/$f" ] && pass || fail "dist: $f is missing"
done
unzip -l "$DIST.zip" | grep -q 'evalrun-windows/chạy.bat' && pass || fail "the zip has no evalrun-windows/chạy.bat"

echo "test-windows: $passes passed, $fails failed"
[ $fails = 0 ]
