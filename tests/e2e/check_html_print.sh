#!/bin/bash
# check_html_print.sh OUTDIR — prints OUTDIR/report.html to PDF with headless chromium, as an
# office prints it, and checks the pages (docs/output-formats.md, "report.html on paper"):
# wide tables on landscape A4 pages and the others on portrait ones, "Trang N/M" on every page,
# chart labels whole (not cut with "…"), the signature block the rule file asks for.
# Leaves OUTDIR/report.pdf and OUTDIR/report-pages/page-N.png (60 dpi) to look at.
set -u
outdir=${1:?usage: check_html_print.sh OUTDIR}
html=$outdir/report.html
pdf=$outdir/report.pdf
bad=0
problem() { echo "check_html_print: $*"; bad=1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
rm -f "$pdf"
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --no-pdf-header-footer \
  --print-to-pdf="$pdf" "file://$abs" >"$profile/log" 2>&1
[ -s "$pdf" ] || { echo "check_html_print: chromium printed no PDF"; cat "$profile/log"; exit 1; }
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
[ "${pages:-0}" -gt 1 ] || problem "$pages page(s)"
landscape=0 portrait=0
for ((p = 1; p <= pages; p++)); do
  size=$(pdfinfo -f $p -l $p "$pdf" | awk '/^Page.*size:/ { print $4, $6 }')
  set -- $size
  text=$(pdftotext -f $p -l $p -layout "$pdf" - 2>/dev/null)
  grep -q "Trang $p/$pages" <<<"$text" || problem "page $p has no \"Trang $p/$pages\""
  if awk "BEGIN { exit !($1 > $2) }"; then landscape=$((landscape + 1)); else portrait=$((portrait + 1)); fi
  # the 11-column target table is wide: its page must be landscape
  if grep -q 'Kết quả thực hiện chỉ tiêu kế hoạch năm 2023' <<<"$text" && ! awk "BEGIN { exit !($1 > $2) }"; then
    problem "page $p: the target table is on a portrait page"
  fi
done
[ $landscape -gt 0 ] && [ $portrait -gt 0 ] || problem "$landscape landscape and $portrait portrait pages; want both"
all=$(pdftotext "$pdf" - 2>/dev/null)
if grep -q '<svg class="chart"' "$html"; then
  sed -n '/<svg class="chart"/,/<\/svg>/p' "$html" | sed 's/<title>[^<]*<\/title>//g' | grep -q '…' \
    && problem "a chart label is cut with …"
fi
if grep -q 'class="signature"' "$html"; then
  grep -q 'NGƯỜI LẬP BIỂU' <<<"$all" || problem "the signature block is not printed"
fi
rm -rf "$outdir/report-pages"; mkdir -p "$outdir/report-pages"
pdftoppm -r 60 -png "$pdf" "$outdir/report-pages/page" 2>/dev/null
[ $bad = 0 ] && echo "check_html_print: $pages pages ($landscape landscape), numbered; see $outdir/report-pages/"
exit $bad
