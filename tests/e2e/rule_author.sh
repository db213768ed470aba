# Sourced by run.sh: what a rule author writes. Sources that map the office's words, dates as
# offices type them, constant and computed columns (every bad cell listed at its place, exit code
# 3); a province's rule file kept outside the tree extending the shared bases.
mkdir -p "$work/data/src"
printf 'Mã;Tên;Chiều;Ngày\nA;Một;tăng;20/06/2009\nB;Hai;TĂNG;1/7/2025\nC;Ba;giảm;2009-06-20\n' > "$work/data/src/ok.csv"
printf 'Mã;Tên;Chiều;Ngày\nA;Một;tăng lên;20/06/2009\nB;Hai;giảm;31/02/2025\nC;Ba;giảm;1/7/25\n' > "$work/data/src/bad.csv"
src_rules() {   # src_rules NAME FILE EXTRA-COLUMNS
  { echo 'ruleset { id = "src", year = 2025, data = "../data/src" }'
    echo 'define_table { name = "things", columns = { { "id", "text", required = true }, { "name", "text" },'
    echo '  { "direction", "text" }, { "day", "date" }, { "year", "integer", required = true }, { "note", "text" } }, key = { "id" } }'
    echo "source { table = \"things\", file = \"$2\", delimiter = \";\", columns = { id = \"Mã\", name = \"Tên\","
    echo '  direction = { "Chiều", map = { ["tăng"] = "higher", ["giảm"] = "lower" } }, day = "Ngày", year = { year = true },'
    echo "  $3 } }"
    echo 'step("s", function() for t in db.rows("things") do emit { kind = "day", subject = t.id, value = t.day .. "/" .. t.direction .. "/" .. t.year } end end)'
    echo 'expect { kind = "day", subject = "B", value = "2025-07-01/higher/2025" }'
  } > "$work/rules/$1.lua"
}
src_rules src_ok ok.csv 'note = { compute = function(cell, row, line) return row["Tên"] .. line end }'
run_case "value map, date, constant and computed columns" 0 'PASS' test rules/src_ok.lua
src_rules src_bad bad.csv ''
run_case "a word not in the map and bad dates, each at its place" 3 \
  'bad.csv:2:3: "tăng lên" is not one of the words for direction \(header "Chiều"\): giảm, tăng(.|\n)*bad.csv:3:4: "31/02/2025" is not a date \(write it as 20/06/2009, 1/7/2025 or 2009-06-20\)(.|\n)*bad.csv:4:4: "1/7/25" is not a date' \
  check rules/src_bad.lua
src_rules src_fn ok.csv 'note = { compute = function(cell, row, line) if line == 3 then error("no note for " .. row["Mã"]) end end }'
run_case "a computed column's error at the row's place" 3 'ok.csv:3: note: rules/src_fn.lua:[0-9]+: no note for B' check rules/src_fn.lua
src_rules src_type ok.csv 'name = { value = true }'
run_case "a constant of the wrong type is a rule error" 4 'rules/src_type.lua:4: column name: value: a boolean cannot go into column name, which holds text' check rules/src_type.lua
src_rules src_fmt ok.csv 'day = { "Ngày", dates = "dd/mm/yy" }'
run_case "an unknown date format is a rule error" 4 'date format "dd/mm/yy"' check rules/src_fmt.lua

# A province keeps its rules in a folder of its own: extends "base/..." finds the shared bases
# in evalrun's rules folder, from the build tree and after make install.
mkdir -p "$work/tinh/rules" "$work/tinh/data"
printf 'Mã;Tên;Loại;Trực thuộc\nDB;Đảng bộ;dang_bo;\nCB;Chi bộ;chi_bo;DB\n' > "$work/tinh/data/units.csv"
printf 'Mã;Chi bộ;Đề xuất\nM1;CB;HTTNV\n' > "$work/tinh/data/members.csv"
cat > "$work/tinh/rules/tinh.lua" <<'LUA'
ruleset { id = "tinh", year = 2025, data = "../data" }
extends "base/grading.lua"
source { table = "units", file = "units.csv", delimiter = ";", columns = { id = "Mã", name = "Tên", kind = "Loại", parent_id = "Trực thuộc" } }
source { table = "gradings", file = "members.csv", delimiter = ";", columns = { subject_id = "Mã", unit_id = "Chi bộ",
         proposed = "Đề xuất", subject_kind = { value = "person" }, year = { year = true } } }
expect { kind = "grade", subject = "M1", value = "HTTNV" }
LUA
run_case "extends \"base/...\" from a rule file outside the tree" 0 'PASS' test tinh/rules/tinh.lua
# A base reached with "../" from the rule file's folder (as bench/grading.lua extends
# ../rules/base/grading.lua): a result it flags is shown at a place that exists from where
# evalrun ran, and the results database keeps it relative to the rule file's folder.
up=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$root/rules/base/grading.lua" "$work/tinh/rules")
sed -e "s#^extends \"base/grading.lua\"#extends \"$up\"#" -e '/^expect/d' -e 's#members.csv#members_noproposal.csv#' \
  "$work/tinh/rules/tinh.lua" > "$work/tinh/rules/tinh_up.lua"
printf 'Mã;Chi bộ;Đề xuất\nM1;CB;\n' > "$work/tinh/data/members_noproposal.csv"
out=$(cd "$work" && "$EVALRUN" tinh/rules/tinh_up.lua --out tinh/out_up 2>&1)
shown=$(grep -oE '^  [^ ]+\.lua:[0-9]+: to review' <<<"$out" | head -1 | sed -E 's/^  ([^:]+):.*/\1/')
kept=$(sqlite3 "$work/tinh/out_up/results.sqlite" "SELECT rule FROM results WHERE kind = 'flag' LIMIT 1" 2>&1)
if [ -n "$shown" ] && [ "$(cd "$work" && realpath "$shown")" = "$(realpath "$root/rules/base/grading.lua")" ] &&
   [ "$kept" = "$up:${kept##*:}" ]; then pass
else fail "a flag from a base reached with ../: shown at '$shown', kept as '$kept'"; echo "$out" | head -12; fi
if make -s -C "$root" install PREFIX="$work/inst" >/dev/null 2>&1; then
  out=$(cd "$work/tinh" && "$work/inst/bin/evalrun" test rules/tinh.lua 2>&1)
  grep -q PASS <<<"$out" && pass || { fail "extends \"base/...\" after make install"; echo "$out" | head -5; }
else
  fail "make install PREFIX=$work/inst"
fi
