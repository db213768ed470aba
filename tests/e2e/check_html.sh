#!/bin/sh
# check_html.sh OUTDIR — renders OUTDIR/report.html with headless chromium.
#
# Writes OUTDIR/report.png (an A4 page at 150 dpi: 1240x1754) and fails if
# chromium fails or the picture is missing or empty. Look at the picture to
# judge the layout; this script only proves the page renders at all.
# The flags keep chromium off the network and out of the user's profile.
set -eu
outdir=${1:?usage: check_html.sh OUTDIR}
html=$outdir/report.html
png=$outdir/report.png
[ -s "$html" ] || { echo "check_html: $html is missing or empty" >&2; exit 1; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "check_html: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
rm -f "$png"
if ! timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --screenshot="$png" --window-size=1240,1754 \
        "file://$abs" >"$profile/log" 2>&1; then
    echo "check_html: chromium failed on $html:" >&2
    cat "$profile/log" >&2
    exit 1
fi
[ -s "$png" ] || { echo "check_html: chromium wrote no picture of $html" >&2; cat "$profile/log" >&2; exit 1; }
echo "check_html: $html rendered to $png ($(wc -c <"$png") bytes)"
