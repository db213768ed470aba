#!/bin/bash
# End-to-end tests of `evalrun extract`: every seed report against the golden file written by
# reading it; each number and phrase form; NFD text; a .docx built here from seed text; files
# that are not UTF-8 or empty; the figures CSV loaded by a rule file as a source.
#   EVALRUN=build/evalrun tests/e2e/extract.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
EVALRUN=$(realpath "${EVALRUN:-$root/build/evalrun}")
seeds=$root/../shared/seeds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LANGUAGE=en   # messages asserted in English; one case below in Vietnamese
fails=0 passes=0
fail() { echo "FAIL: extract: $*"; fails=$((fails + 1)); }
pass() { passes=$((passes + 1)); }
col() {   # col FILE.csv PLACE PRINTED COLUMN-TITLE: the value of that column for the figure
  python3 - "$@" <<'PY'
import csv, sys
path, place, printed, column = sys.argv[1:5]
for f in csv.DictReader(open(path, encoding="utf-8-sig")):
    if f["Nguồn (tệp:vị trí)"].rsplit(":", 1)[1] == place and printed in f["Nguyên văn"]:
        print(f[column]); break
else:
    print("<not found>")
PY
}
expect_col() {  # expect_col FILE PLACE PRINTED COLUMN WANT
  local got; got=$(col "$1" "$2" "$3" "$4")
  [ "$got" = "$5" ] && pass || fail "$(basename "$1"):$2 “$3” $4 = “$got”, want “$5”"
}

# ---- the seed reports against golden files written by reading them ----------------------
if [ -d "$seeds" ]; then
  for g in "$root"/tests/extract/*.golden.tsv; do
    b=$(basename "$g" .golden.tsv)
    out=$(cd "$work" && "$EVALRUN" extract "$seeds/$b.txt" --out "$work/$b.csv" 2>&1); rc=$?
    [ $rc = 0 ] || { fail "$b: exit $rc: $out"; continue; }
    python3 "$root/tests/extract/check_golden.py" "$work/$b.csv" "$g" >"$work/golden.log" && pass \
      || { fail "$b: golden"; cat "$work/golden.log"; }
  done
  # the summary names each misprint with its place
  out=$("$EVALRUN" extract "$seeds/002_fa99e44a1c41faa2.txt" --out "$work/s.csv")
  grep -q '002_fa99e44a1c41faa2.txt:18: 269/250 người — 269/250 = 107,6000%, in 107,4%' <<<"$out" && pass || fail "summary: $out"
fi

# ---- number forms and phrase forms --------------------------------------------------------
cat > "$work/forms.txt" <<'TXT'
Có 20.360/18.500 lao động được giải quyết việc làm, đạt 110% so với kế hoạch.
Tuyển sinh 2108/1.750 người (đạt 120,45%).
Hỗ trợ trên 05 nghìn 700 dự án vay vốn.
Tạo việc làm mới cho khoảng 62 nghìn lao động, đạt 108,4% kế hoạch năm.
Đưa đi làm việc ở nước ngoài cho trên 14 nghìn lao động.
Tổng vốn phân bổ là 1.640 tỷ 539 triệu đồng; đã giải ngân 820 tỷ 269 triệu đồng, đạt 50%.
Tỷ lệ hộ nghèo giảm 0,95/0,8% so với năm 2022, đạt 118,7%.
Kết nạp 01 đảng viên mới.
Giải quyết việc làm cho 3.450 người, đạt 115% kế hoạch (kế hoạch 3.000 người).
Doanh thu tăng 12,5% so với cùng kỳ.
Năm 2023 có 40 đảng viên, trong đó: 25 đảng viên nam, 20 đảng viên nữ.
Ngày 13/9/2022 theo Nghị quyết 88/2019/QH14 và Quyết định số 1234/QĐ-UBND, mức độ 4.
Gần 2.000 cán bộ, hơn 300 hộ, dưới 15 xã.
TXT
"$EVALRUN" extract "$work/forms.txt" --out "$work/forms.csv" >/dev/null || fail "forms: exit $?"
F=$work/forms.csv
expect_col "$F" 1 "20.360/18.500" "Thực hiện" 20360
expect_col "$F" 1 "20.360/18.500" "Kế hoạch / tổng số" 18500
expect_col "$F" 1 "20.360/18.500" "Kiểm tra" "khớp"
expect_col "$F" 2 "2108/1.750" "Thực hiện" 2108
expect_col "$F" 2 "2108/1.750" "Tỷ lệ so với" "kế hoạch"
expect_col "$F" 3 "05 nghìn 700" "Thực hiện" 5700
expect_col "$F" 3 "05 nghìn 700" "Ước lượng" "trên"
expect_col "$F" 3 "05 nghìn 700" "Đơn vị tính" "dự án"
expect_col "$F" 4 "62 nghìn" "Thực hiện" 62000
expect_col "$F" 4 "62 nghìn" "Ước lượng" "khoảng"
expect_col "$F" 4 "62 nghìn" "Kiểm tra" "không kiểm tra được"
expect_col "$F" 5 "14 nghìn" "Ước lượng" "trên"
expect_col "$F" 6 "1.640 tỷ 539 triệu đồng" "Thực hiện" 1640.539
expect_col "$F" 6 "1.640 tỷ 539 triệu đồng" "Đơn vị tính" "tỷ đồng"
expect_col "$F" 6 "820 tỷ 269 triệu đồng" "Kiểm tra" "khớp"
expect_col "$F" 6 "820 tỷ 269 triệu đồng" "Kế hoạch / tổng số" 1640.539
expect_col "$F" 7 "0,95/0,8%" "Thực hiện" 0.95
expect_col "$F" 7 "0,95/0,8%" "Kế hoạch / tổng số" 0.8
expect_col "$F" 7 "0,95/0,8%" "Kiểm tra" "khớp"
expect_col "$F" 8 "01 đảng viên" "Thực hiện" 1
expect_col "$F" 9 "3.450 người" "Kế hoạch / tổng số" 3000
expect_col "$F" 9 "3.450 người" "Kiểm tra" "khớp"
expect_col "$F" 10 "12,5%" "Tỷ lệ so với" "thay đổi"
expect_col "$F" 11 "40 đảng viên" "Kiểm tra" "không khớp"
expect_col "$F" 13 "2.000" "Ước lượng" "gần"
expect_col "$F" 13 "300 hộ" "Ước lượng" "hơn"
expect_col "$F" 13 "15 xã" "Ước lượng" "dưới"
# dates, document numbers and levels are not figures
n12=$(python3 -c "import csv,sys; print(sum(1 for f in csv.DictReader(open(sys.argv[1],encoding='utf-8-sig')) if f['Nguồn (tệp:vị trí)'].endswith(':12')))" "$F")
[ "$n12" = 0 ] && pass || fail "line 12 (dates, document numbers, levels) gave $n12 figures"

# ---- NFD text gives the same figures ----------------------------------------------------
python3 -c "import unicodedata,sys; open(sys.argv[2],'w',encoding='utf-8').write(unicodedata.normalize('NFD', open(sys.argv[1],encoding='utf-8').read()))" "$work/forms.txt" "$work/forms_nfd.txt"
"$EVALRUN" extract "$work/forms_nfd.txt" --out "$work/forms_nfd.csv" >/dev/null
sed 's/forms_nfd\.txt/forms.txt/g' "$work/forms_nfd.csv" | cmp -s - "$F" && pass || fail "NFD input gives other figures"

# ---- a .docx built from seed text: paragraphs and one table ------------------------------
python3 - "$work/report.docx" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def p(text): return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(text)
body = p("Kết quả năm 2023") + p("- Có 20.360/18.500 lao động được giải quyết việc làm, đạt 110% so với kế hoạch.")
# a run split in two, as Word does after an edit
body += '<w:p><w:r><w:t>cao đẳng 269/</w:t></w:r><w:r><w:t>250 người (đạt 107,4%)</w:t></w:r></w:p>'
body += '<w:tbl><w:tr><w:tc>%s</w:tc><w:tc>%s</w:tc></w:tr><w:tr><w:tc>%s</w:tc><w:tc>%s</w:tc></w:tr></w:tbl>' % (
    p("Chỉ tiêu"), p("Kết quả"), p("Trung cấp"), p("2108/1.750 người (đạt 120,45%)"))
body += p("Tỷ lệ hộ nghèo giảm 0,95/0,8%, đạt 118,7%.")
doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("word/document.xml", doc)
PY
"$EVALRUN" extract "$work/report.docx" --out "$work/docx.csv" >/dev/null || fail "docx: exit $?"
expect_col "$work/docx.csv" p2 "20.360/18.500" "Kiểm tra" "khớp"
expect_col "$work/docx.csv" p3 "269/250" "Kiểm tra" "không khớp"
expect_col "$work/docx.csv" t1.r2.c2 "2108/1.750" "Kiểm tra" "khớp"
expect_col "$work/docx.csv" p4 "0,95/0,8%" "Kiểm tra" "khớp"

# The whole of seed 002 as a Word file, one paragraph per line: the same figures, placed pN for line N.
if [ -d "$seeds" ]; then
  python3 - "$seeds/002_fa99e44a1c41faa2.txt" "$work/seed002.docx" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
lines = open(sys.argv[1], encoding="utf-8-sig").read().split("\n")
body = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(l.rstrip("\r")) for l in lines)
doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body)
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", doc)
PY
  "$EVALRUN" extract "$seeds/002_fa99e44a1c41faa2.txt" --out "$work/s002txt.csv" >/dev/null
  "$EVALRUN" extract "$work/seed002.docx" --out "$work/s002docx.csv" >/dev/null
  sed -E -e 's/seed002\.docx:p([0-9]+)/002_fa99e44a1c41faa2.txt:\1/' -e 's/ở p([0-9]+)/ở \1/g' "$work/s002docx.csv" | cmp -s - "$work/s002txt.csv" \
    && pass || fail "seed 002 as a .docx gives other figures than as text"
fi

# ---- bad input: a clear error with its place, nothing written ------------------------------
run_bad() {  # run_bad NAME FILE CODE PATTERN
  local out rc; out=$("$EVALRUN" extract "$2" --out "$work/bad.csv" 2>&1); rc=$?
  [ $rc = "$3" ] || { fail "$1: exit $rc, want $3 ($out)"; return; }
  grep -qE -- "$4" <<<"$out" && pass || fail "$1: message “$out” does not match /$4/"
  [ ! -e "$work/bad.csv" ] && pass || fail "$1: a figures file was written"
}
printf 'Dòng một\nTỷ lệ đạt 98%%\nB\xe1o c\xe1o c\xfb\n' > "$work/cp1258.txt"
run_bad "not UTF-8" "$work/cp1258.txt" 3 'cp1258.txt:3:2: the report is not UTF-8'
printf '\xff\xfeB\x00' > "$work/utf16.txt"
run_bad "UTF-16" "$work/utf16.txt" 3 'utf16.txt:1:1: the report is UTF-16'
: > "$work/empty.txt"
run_bad "empty" "$work/empty.txt" 3 'empty.txt: the report is empty'
printf '\n  \n' > "$work/blank.txt"
run_bad "blank" "$work/blank.txt" 3 'blank.txt: the report is empty'
echo "not a zip" > "$work/fake.docx"
run_bad "not a docx" "$work/fake.docx" 3 'fake.docx: not a Word file'
run_bad "missing" "$work/none.txt" 3 'none.txt: cannot read the report'
out=$(LANGUAGE= LC_ALL= LANG= "$EVALRUN" extract "$work/cp1258.txt" --lang vi 2>&1)
grep -q 'cp1258.txt:3:2: báo cáo không phải văn bản UTF-8' <<<"$out" && pass || fail "not UTF-8 in Vietnamese: $out"

# ---- a province's own phrasing ---------------------------------------------------------------
printf 'Hỗ trợ 1.200 lượt hộ, đạt 120%% kế hoạch (mục tiêu 1.000 lượt hộ).\n' > "$work/own.txt"
printf 'local extract = ...\ntable.insert(extract.measures, "lượt hộ")\ntable.insert(extract.plan_words, "mục tiêu")\n' > "$work/own.lua"
"$EVALRUN" extract "$work/own.txt" --patterns "$work/own.lua" --out "$work/own.csv" >/dev/null || fail "--patterns: exit $?"
expect_col "$work/own.csv" 1 "1.200 lượt hộ" "Đơn vị tính" "lượt hộ"
expect_col "$work/own.csv" 1 "1.200 lượt hộ" "Kiểm tra" "khớp"
printf 'while true do end\n' > "$work/loop.lua"
out=$(timeout 60 "$EVALRUN" extract "$work/own.txt" --patterns "$work/loop.lua" --out "$work/loop.csv" 2>&1); rc=$?
[ $rc = 4 ] && grep -q 'loop.lua:1: the extraction patterns ran too long' <<<"$out" && pass || fail "endless patterns: exit $rc: $out"
printf 'os.execute("true")\n' > "$work/os.lua"
out=$("$EVALRUN" extract "$work/own.txt" --patterns "$work/os.lua" --out "$work/os.csv" 2>&1); rc=$?
[ $rc = 4 ] && grep -q "os.lua:1:.*global 'os'" <<<"$out" && pass || fail "os in patterns: exit $rc: $out"

# ---- every format, and the same figures twice -----------------------------------------------
"$EVALRUN" extract "$work/forms.txt" --out "$work/all1" >/dev/null && "$EVALRUN" extract "$work/forms.txt" --out "$work/all2" >/dev/null
for f in report.md report.html report.xlsx report.json figures.csv; do
  [ -s "$work/all1/$f" ] && pass || fail "--out folder: $f not written"
  cmp -s "$work/all1/$f" "$work/all2/$f" && pass || fail "two runs differ: $f"
done

# ---- the figures as a rule file's source: a department's report straight into its targets ------
if [ -d "$seeds" ]; then
  mkdir -p "$work/p/rules" "$work/p/data/tu_bao_cao"
  "$EVALRUN" extract "$seeds/002_fa99e44a1c41faa2.txt" --out "$work/p/data/tu_bao_cao/figures.csv" >/dev/null
  cat > "$work/p/rules/tu_bao_cao.lua" <<'LUA'
ruleset { id = "tu_bao_cao", title = "Chỉ tiêu trích từ báo cáo của Sở", year = 2023 }
local scoring = require "scoring"
source { table = "units", csv = "id,name,kind\nSLDTBXH,Sở Lao động – Thương binh và Xã hội,so\n" }
source { file = "figures.csv", tables = {
  { table = "indicators", columns = { id = "Mã", name = "Nội dung", measure = "Đơn vị tính",
      direction = { value = "higher" }, source = "Nguồn (tệp:vị trí)" } },
  { table = "targets", columns = { unit_id = { value = "SLDTBXH" }, year = { year = true }, indicator_id = "Mã",
      plan = "Kế hoạch / tổng số", actual = "Thực hiện", reported_text = "Tỷ lệ in (nguyên văn)",
      source = "Nguồn (tệp:vị trí)" } } } }
config.scoring = { missing = "skip" }
step("Chấm điểm chỉ tiêu", function(ctx) scoring.run(ctx) end)
LUA
  out=$(cd "$work/p" && "$EVALRUN" rules/tu_bao_cao.lua --out "$work/p/out" --format csv 2>&1); rc=$?
  [ $rc = 0 ] && pass || fail "figures as a source: exit $rc: $out"
  flags=$(sqlite3 "$work/p/out/results.sqlite" "SELECT group_concat(subject, ' ') FROM (SELECT subject FROM results WHERE kind = 'flag' AND steps LIKE '%KHÔNG khớp%' ORDER BY subject)")
  # the same two printed percentages the extraction called misprints: 269/250 (107,4%) and 27/154 (17,76%)
  want=$(python3 -c "
import csv,sys
print(' '.join(sorted('SLDTBXH:'+f['Mã'] for f in csv.DictReader(open(sys.argv[1],encoding='utf-8-sig'))
  if f['Kiểm tra']=='không khớp' and 'cộng lại' not in f['Giải thích'])))" "$work/p/data/tu_bao_cao/figures.csv")
  [ -n "$want" ] && [ "$flags" = "$want" ] && pass || fail "figures as a source: flags “$flags”, want “$want”"
fi

echo "extract: $passes passed, $fails failed"
[ $fails = 0 ]
