# Sourced by publish.sh (uses $work, $EVALRUN, rules, pass, fail).
# kill -9 at random points of a long run: the output folder always holds one
# whole run's outputs, old or new, never a mix, every file complete and the
# database sound; the next run cleans what the killed ones left.

kill_rows=20000
for v in A B; do
  mkdir -p "$work/data/kill_$v"
  awk -v v=$v -v n=$kill_rows 'BEGIN{print "id;name;kind"; for(i=1;i<=n;i++) printf "U%06d;%s đơn vị %d;so\n", i, v, i}' > "$work/data/kill_$v/units.csv"
done
rules kill <<'LUA'
step("tables", function()
  for k = 1, 4 do
    local t = report.table { id = "t" .. k, title = "Bảng " .. k,
      columns = { { key = "id", title = "Mã" }, { key = "name", title = "Tên" }, { key = "n", title = "Số", type = "integer" } } }
    local i = 0
    for u in db.rows("units") do i = i + 1; t:add { id = u.id, name = u.name, n = i * k } end
  end
  emit { kind = "n", subject = "units", value = db.count("units") }
end)
LUA

# check_whole DIR: one run's outputs, whole and consistent; prints the data version they come from
check_whole() {
  local d=$1 f v
  for f in report.md report.json report.xlsx report.html results.sqlite t1.csv t2.csv t3.csv t4.csv; do
    [ -s "$d/$f" ] || { echo "missing $f"; return 1; }
  done
  [ "$(sqlite3 "$d/results.sqlite" 'PRAGMA integrity_check')" = ok ] || { echo "results.sqlite is damaged"; return 1; }
  v=$(sqlite3 "$d/results.sqlite" "SELECT substr(name, 1, 1) FROM t_t4 ORDER BY _ord LIMIT 1") || { echo "cannot read t_t4"; return 1; }
  [ "$(sqlite3 "$d/results.sqlite" 'SELECT count(*) FROM t_t4')" = $kill_rows ] || { echo "t_t4 incomplete"; return 1; }
  for f in t1 t2 t3 t4; do
    [ "$(wc -l < "$d/$f.csv")" = $((kill_rows + 1)) ] || { echo "$f.csv incomplete"; return 1; }
    [ "$(sed -n 2p "$d/$f.csv" | cut -d, -f2 | cut -c1)" = "$v" ] || { echo "$f.csv is from another run than results.sqlite"; return 1; }
  done
  python3 - "$d" "$v" <<'PY' || return 1
import json, sys, zipfile
d, v = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(d + "/report.xlsx")
if z.testzip() is not None: sys.exit("report.xlsx is damaged")
r = json.load(open(d + "/report.json", encoding="utf-8"))
rows = r["tables"][0]["rows"]
first = rows[0]["name"] if isinstance(rows[0], dict) else rows[0][1]
if len(rows) != 20000 or not first.startswith(v): sys.exit("report.json is incomplete or from another run")
PY
  grep -q "$v đơn vị 1\b" "$d/report.md" || { echo "report.md is from another run"; return 1; }
  echo "$v"
}

rm -rf "$work/out/kill"
t0=$(date +%s%N)
(cd "$work" && "$EVALRUN" rules/kill.lua --data data/kill_A --out out/kill --quiet >/dev/null 2>&1) || fail "kill -9: the first run failed"
span=$(( ($(date +%s%N) - t0) / 1000000 ))
seen=""
for i in 1 2 3 4 5 6 7 8; do
  [ $((i % 2)) = 1 ] && v=B || v=A
  (cd "$work" && exec "$EVALRUN" rules/kill.lua --data data/kill_$v --out out/kill --quiet >/dev/null 2>&1) & pid=$!
  # anywhere in the run, half of the kills in its last third (writing and publishing) or just after
  if [ $((RANDOM % 2)) = 0 ]; then delay=$(( RANDOM % (span + 1) )); else delay=$(( span * 2 / 3 + RANDOM % (span / 2 + 1) )); fi
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  got=$(check_whole "$work/out/kill") && { pass; seen="$seen$got"; } || fail "kill -9 after ${delay} ms: $got"
done
echo "kill -9: 8 kills at random points of a ${span} ms run; outputs seen: $seen"
(cd "$work" && "$EVALRUN" rules/kill.lua --data data/kill_B --out out/kill --quiet >/dev/null 2>&1) && [ "$(check_whole "$work/out/kill")" = B ] &&
  pass || fail "kill -9: the run after the kills did not publish whole outputs"
left=$(ls -a "$work/out" | grep '^\.kill\.evalrun-' | head -3)
[ -z "$left" ] && pass || fail "kill -9: leftovers not cleaned by the next run: $left"
rm -rf "$work/data/kill_A" "$work/data/kill_B"
