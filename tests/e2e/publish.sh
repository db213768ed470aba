# Sourced by run.sh (uses $work, $EVALRUN, run_case, rules, pass, fail).
# All or nothing: the output folder is replaced in one step, destinations are
# checked before anything is published, interrupted runs' leftovers are cleaned,
# bad input is reported with its place. Each case also checks that nothing
# outside the output folder changed.

# snap [EXCLUDED-FOLDER]: every file and folder under $work but the excluded one, with hashes.
snap() {
  (cd "$work" && find . ${1:+-path "./$1" -prune -o} -print 2>/dev/null | LC_ALL=C sort |
     while read -r f; do if [ -f "$f" ]; then echo "$f $(sha256sum < "$f")"; else echo "$f"; fi; done)
}
# same_outside NAME EXCLUDED BEFORE: nothing under $work changed but EXCLUDED
same_outside() {
  local now; now=$(snap "$2")
  [ "$3" = "$now" ] && pass || { fail "$1: something outside $2 changed"; diff <(echo "$3") <(echo "$now") | head -5; }
}
# no_leftovers NAME: no staging folder or temporary file anywhere under $work
no_leftovers() {
  local l; l=$(cd "$work" && find . \( -name '.*.evalrun-*' -o -name '*.tmp' -o -name '*.tmp-*' \) -print | head -3)
  [ -z "$l" ] && pass || fail "$1: left behind: $l"
}

rules pub <<'LUA'
step("s", function()
  local t = report.table { id = "units_list", title = "Đơn vị", columns = { { key = "id", title = "Mã" }, { key = "name", title = "Tên" } } }
  for u in db.rows("units") do t:add { id = u.id, name = u.name } end
  emit { kind = "n", subject = "units", value = db.count("units") }
end)
LUA

# ---- the output folder is replaced in one step --------------------------------------
rm -rf "$work/out/pub"
run_case "publish: first run" 0 'out/pub/results.sqlite' rules/pub.lua --out out/pub --quiet
mkdir -p "$work/out/pub/ban_in"
echo "ghi chú" > "$work/out/pub/ghi_chu.txt"
echo "bản in" > "$work/out/pub/ban_in/x.txt"
echo "cũ" > "$work/out/pub/old_table.csv"
ino_before=$(stat -c %i "$work/out/pub/report.md")
before=$(snap out/pub)
run_case "publish: second run" 0 'out/pub/report.md' rules/pub.lua --out out/pub --quiet
[ "$(cat "$work/out/pub/ghi_chu.txt")" = "ghi chú" ] && [ "$(cat "$work/out/pub/ban_in/x.txt")" = "bản in" ] &&
  [ "$(cat "$work/out/pub/old_table.csv")" = "cũ" ] && pass || fail "publish: files the run does not write were not kept"
[ "$(stat -c %i "$work/out/pub/report.md")" != "$ino_before" ] && pass || fail "publish: report.md was not replaced"
grep -q 'Văn phòng Sở' "$work/out/pub/units_list.csv" && pass || fail "publish: units_list.csv is not the new one"
same_outside "publish: second run" out/pub "$before"
no_leftovers "publish: second run"

# ---- destinations checked before anything is published ------------------------------
before=$(snap)
run_case "--db at a folder is refused" 5 'out/pub: cannot write the results database there: it is a folder' \
  rules/pub.lua --out out/pub2 --db out/pub --quiet
[ ! -e "$work/out/pub2" ] && pass || fail "--db at a folder: the output folder was published anyway"
run_case "--db at the output folder is refused" 5 'out/pub2: cannot write the results database there: it is a folder' \
  rules/pub.lua --out out/pub2 --db out/pub2 --quiet
[ ! -e "$work/out/pub2" ] && pass || fail "--db at the output folder: the output folder was published anyway"
same_outside "--db at a folder" "" "$before"
echo "x" > "$work/out/afile"
before=$(snap)
run_case "--out at a file is refused" 5 'out/afile: cannot write outputs there: it is a file, not a folder' \
  rules/pub.lua --out out/afile --quiet
same_outside "--out at a file" "" "$before"
before=$(snap)
run_case "--out at the data folder is refused" 5 'data/t: refused as the output folder: it is the folder data/t, which the run reads' \
  rules/pub.lua --out data/t --quiet
run_case "--out inside the data folder is refused" 5 'data/t/out: refused as the output folder: it is inside the folder data/t' \
  rules/pub.lua --out data/t/out --quiet
run_case "--out at the rules folder is refused" 5 'refused as the output folder: it is the folder rules' \
  rules/pub.lua --out rules --quiet
run_case "--out holding the data folder is refused" 5 'data: refused as the output folder: it holds the folder data/t' \
  rules/pub.lua --out data --quiet
run_case "--out at the current folder is refused" 5 'refused as the output folder' rules/pub.lua --out . --quiet
run_case "--db over a data file is refused" 5 'data/t/units.csv: refused as the results database: it is inside the folder data/t' \
  rules/pub.lua --out out/pub --db data/t/units.csv --quiet
ln -sfn ../data/t "$work/out/link_to_data"
run_case "--out through a symlink to the data folder is refused" 5 'refused as the output folder' \
  rules/pub.lua --out out/link_to_data --quiet
rm -f "$work/out/link_to_data"
same_outside "refused destinations" "" "$before"
# Refused before loading: the run reads no data file first (EVALRUN_TIMING lists each file loaded),
# so an office with a large export learns at once that the destination is wrong.
t_out=$(cd "$work" && EVALRUN_TIMING=1 "$EVALRUN" rules/pub.lua --out data/t --quiet 2>&1)
grep -q 'refused as the output folder' <<<"$t_out" && ! grep -q 'loaded ' <<<"$t_out" && pass ||
  fail "a refused destination: the data was loaded before the refusal"
# (the same run to an allowed folder does list its file, so the check above can see a load)
t_out=$(cd "$work" && EVALRUN_TIMING=1 "$EVALRUN" rules/pub.lua --out out/pub_timed --quiet 2>&1)
grep -q 'loaded .*units.csv' <<<"$t_out" && pass || fail "EVALRUN_TIMING no longer lists the files loaded"
rm -rf "$work/out/pub_timed"

# --db elsewhere: both published, nothing else touched
mkdir -p "$work/out/dbs"
run_case "--db outside the output folder" 0 'out/dbs/pub.sqlite' rules/pub.lua --out out/pub3 --db out/dbs/pub.sqlite --quiet
[ -f "$work/out/dbs/pub.sqlite" ] && [ ! -e "$work/out/pub3/results.sqlite" ] && [ -f "$work/out/pub3/report.md" ] &&
  pass || fail "--db outside the output folder: files not where they belong"
[ "$(sqlite3 "$work/out/dbs/pub.sqlite" 'PRAGMA integrity_check')" = ok ] && pass || fail "--db: database not openable"
no_leftovers "--db outside"

# ---- leftovers of runs killed earlier ----------------------------------------------------
sleep 0 & deadpid=$!; wait $deadpid
mkdir -p "$work/out/.pub.evalrun-$deadpid.tmp/kept_dir"
echo half > "$work/out/.pub.evalrun-$deadpid.tmp/report.md"
echo mine > "$work/out/.pub.evalrun-$deadpid.tmp/kept_dir/y.txt"
echo half > "$work/out/pub/.report.md.$deadpid.tmp"
echo half > "$work/out/pub/results.sqlite.tmp-$deadpid"
echo half > "$work/out/dbs/pub.sqlite.tmp-$deadpid"
# a staging folder whose run is alive (holds its lock) is left alone
mkdir -p "$work/out/.pub.evalrun-1.tmp"
exec 9<"$work/out/.pub.evalrun-1.tmp"; flock -n 9 || fail "cannot lock a staging folder for the test"
run_case "leftovers of killed runs are cleaned" 0 'out/pub/report.md' rules/pub.lua --out out/pub --quiet
run_case "leftovers beside --db are cleaned" 0 'pub.sqlite' rules/pub.lua --out out/pub3 --db out/dbs/pub.sqlite --quiet
[ ! -e "$work/out/.pub.evalrun-$deadpid.tmp" ] && [ ! -e "$work/out/pub/.report.md.$deadpid.tmp" ] &&
  [ ! -e "$work/out/pub/results.sqlite.tmp-$deadpid" ] && [ ! -e "$work/out/dbs/pub.sqlite.tmp-$deadpid" ] &&
  pass || fail "leftovers of a killed run are still there: $(ls -a "$work/out" "$work/out/pub" | tr '\n' ' ')"
[ "$(cat "$work/out/pub/kept_dir/y.txt" 2>/dev/null)" = mine ] && pass || fail "a folder carried by a killed run was not put back"
[ -d "$work/out/.pub.evalrun-1.tmp" ] && pass || fail "the staging folder of a live run was removed"
exec 9<&-
rm -rf "$work/out/.pub.evalrun-1.tmp"
# a run killed between moving the old folder aside and the new one in (file systems without an exchange)
mv "$work/out/pub" "$work/out/.pub.evalrun-$deadpid.old"
before=$(snap out/pub)
run_case "a folder moved aside by a killed run is put back first" 0 'put back the outputs' rules/pub.lua --out out/pub --quiet
[ "$(cat "$work/out/pub/ghi_chu.txt" 2>/dev/null)" = "ghi chú" ] && pass || fail "the folder moved aside was not put back"
no_leftovers "after cleaning"

# ---- Ctrl-C during a run leaves no staging folder -----------------------------------------
rules slow <<'LUA'
step("s", function() local x = 0; for i = 1, 3e9 do x = x + i end end)
LUA
(cd "$work" && exec "$EVALRUN" rules/slow.lua --out out/pub --quiet >/dev/null 2>&1) & pid=$!
for _ in $(seq 50); do ls -a "$work/out" | grep -q "^\.pub\.evalrun-$pid\.tmp$" && break; sleep 0.1; done
sleep 0.2; kill -INT $pid; wait $pid; rc=$?
[ $rc = 130 ] && pass || fail "Ctrl-C: exit $rc, want 130"
no_leftovers "Ctrl-C"

# ---- a data file truncated while it is loaded -------------------------------------------
mkdir -p "$work/bad/shrink"
awk 'BEGIN{print "id;name;kind"; for(i=1;i<=400000;i++) printf "U%07d;Tên đơn vị số %d;so\n", i, i}' > "$work/bad/shrink.csv"
outcome=""
for attempt in 1 2 3; do
  cp "$work/bad/shrink.csv" "$work/bad/shrink/units.csv"
  (cd "$work" && exec "$EVALRUN" rules/plain.lua --data bad/shrink --out out/plain --quiet > "$work/shrink.log" 2>&1) & pid=$!
  for _ in $(seq 500); do grep -q 'bad/shrink/units.csv' /proc/$pid/maps 2>/dev/null && break; sleep 0.01; done
  truncate -s 100000 "$work/bad/shrink/units.csv"
  wait $pid; rc=$?
  [ $rc = 0 ] && continue      # loaded whole before the truncation: try again
  outcome="$rc"; break
done
if [ "$outcome" = 3 ] && grep -q 'bad/shrink/units.csv: the file got shorter while it was being read' "$work/shrink.log"; then pass
else fail "a data file truncated while loaded: exit ${outcome:-0 three times}, want 3 and a message"; head -5 "$work/shrink.log"; fi
rm -rf "$work/bad/shrink" "$work/bad/shrink.csv" "$work/shrink.log"

# ---- bad input that used to load silently ------------------------------------------------
before=$(snap bad)
bad_data nul 'id;name;kind\nA;Phòng\0 A;so\nB;Trung tâm;so\n'
run_case "NUL byte inside a field" 3 'bad/nul/units.csv:2:2: a NUL byte \(code 0\) at character 6' \
  rules/plain.lua --data bad/nul --out out/plain
printf '\xff\xfei\0d\0;\0n\0a\0m\0e\0;\0k\0i\0n\0d\0\n\0A\0;\0X\0;\0s\0o\0\n\0' > "$work/bad/u16.csv"; mkdir -p "$work/bad/u16"; mv "$work/bad/u16.csv" "$work/bad/u16/units.csv"
run_case "UTF-16 file named as such" 3 'bad/u16/units.csv: the file is in UTF-16 .*save it as "CSV UTF-8"' \
  rules/plain.lua --data bad/u16 --out out/plain
out=$(cd "$work" && "$EVALRUN" rules/plain.lua --data bad/u16 --out out/plain 2>&1)
grep -q 'Windows-1258' <<<"$out" && fail "UTF-16 reported as Windows-1258" || pass
bad_data cp1258_rows 'id;name;kind\nA;V\xe3n ph\xf2ng;so\nB;Trung t\xe2m;so\nC;ok;so\nD;\xd0\xe0 N\xb5ng;so\n'
run_case "Windows-1258: every bad line with its byte" 3 \
  'units.csv:2:2: invalid UTF-8: byte 0xE3 after "V".*units.csv:3:2: invalid UTF-8: byte 0xE2 after "Trung t".*units.csv:5:2: invalid UTF-8: byte 0xD0' \
  rules/plain.lua --data bad/cp1258_rows --out out/plain
out=$(cd "$work" && "$EVALRUN" rules/plain.lua --data bad/cp1258_rows --out out/plain 2>&1)
grep -q 'units.csv:4:' <<<"$out" && fail "Windows-1258: a good line was reported" || pass
same_outside "bad input" "bad" "$before"
bad_data header_only 'id;name;kind\n'
run_case "header-only file: a warning naming the table" 0 'warning: bad/header_only/units.csv: the file has a header but no rows: table units' \
  rules/plain.lua --data bad/header_only --out out/header_only --quiet
mkdir -p "$work/bad/gps"; printf 'id;name;kind\nA;37°36'"'"'37.8"N;so\n' > "$work/bad/gps/units.csv"
run_case "a quote inside an unquoted value loads as Excel reads it" 0 'results.sqlite' \
  rules/pub.lua --data bad/gps --out out/gps --quiet
grep -q "37°36'37.8\"\"N" "$work/out/gps/units_list.csv" && pass || fail "the quote inside an unquoted value was not kept"

# ---- a full disk: exit 5 with a message, not a rule error ------------------------------------
# small_disk DIR CMD...: runs CMD with DIR on a 4 MB file system of its own (a tmpfs in a private
# mount namespace where allowed; else a 4 MB limit on the size of files, which fails writes the same way)
small_disk() {
  local dir=$1; shift
  mkdir -p "$dir"
  if unshare -rm true 2>/dev/null; then
    unshare -rm sh -c 'mount -t tmpfs -o size=4m tmpfs "$0" && exec "$@"' "$dir" "$@"
  else
    (trap '' XFSZ; ulimit -f 4096; exec "$@")
  fi
}
rules disk_full <<'LUA'
step("fill", function()
  local pad = string.rep("x", 2000)
  for i = 1, 20000 do pcall(emit, { kind = "n", subject = "s" .. i, value = pad }) end
end)
LUA
before=$(snap out/small)
out=$(cd "$work" && small_disk "$work/out/small" "$EVALRUN" rules/disk_full.lua --out "$work/out/small/t" --quiet 2>&1); rc=$?
[ $rc = 5 ] && pass || fail "disk full during the rules: exit $rc, want 5"
grep -qE 'out/small/t/results.sqlite: cannot write the results database: (the disk is full|disk I/O error)' <<<"$out" &&
  pass || { fail "disk full during the rules: message"; echo "$out" | head -5; }
grep -q 'traceback' <<<"$out" && fail "disk full during the rules: a Lua traceback was printed" || pass
same_outside "disk full during the rules" out/small "$before"
awk 'BEGIN{print "id;name;kind"; for(i=1;i<=200000;i++) printf "U%07d;Tên đơn vị số %d;so\n", i, i}' > "$work/bad/big.csv"
mkdir -p "$work/bad/big"; mv "$work/bad/big.csv" "$work/bad/big/units.csv"
out=$(cd "$work" && small_disk "$work/out/small" "$EVALRUN" rules/plain.lua --data bad/big --out "$work/out/small/t" --quiet 2>&1); rc=$?
[ $rc = 5 ] && grep -qE 'bad/big/units.csv:[0-9]+: cannot store the row: (database or disk is full|disk I/O error)' <<<"$out" &&
  pass || { fail "disk full while loading: exit $rc, want 5 and a message"; echo "$out" | head -5; }
rm -rf "$work/bad/big"

# ---- a cell longer than an Excel cell holds: check says so, the XLSX gets its first 32,767 ------
rules long_cell <<'LUA'
step("s", function()
  local t = report.table { id = "notes", title = "Ghi chú", columns = { { key = "id", title = "Mã" }, { key = "note", title = "Ghi chú" } } }
  t:add { id = "A", note = string.rep("ă", 40000) }
end)
LUA
run_case "check warns about a cell too long for Excel" 0 'report.xlsx: table "notes" row 1 column "Ghi chú": 40000 characters, cut to 32767' \
  check rules/long_cell.lua
run_case "a cell too long for Excel: the run writes it cut" 0 'cut to 32767' rules/long_cell.lua --out out/long --quiet
n=$(python3 -c "
import zipfile, re, sys
s = zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode()
print(max(len(x) for x in re.findall(r'<t>(ă+)</t>', s)))" "$work/out/long/report.xlsx" 2>/dev/null)
[ "$n" = 32767 ] && pass || fail "the long cell in report.xlsx has $n characters, want 32767"
grep -c 'ă' "$work/out/long/notes.csv" >/dev/null && [ "$(python3 -c "import sys; print(open(sys.argv[1], encoding='utf-8-sig').read().count('ă'))" "$work/out/long/notes.csv")" = 40000 ] &&
  pass || fail "the long cell is not whole in notes.csv"

# ---- kill -9 at random points of a long run (kill9.sh) ---------------------------------------
. "$here/kill9.sh"
