#!/bin/sh
# Puts evalrun.exe and what it needs into a folder an office unzips and runs,
# and zips it:   tools/windows-dist.sh BUILD DIST   (make windows calls it)
#   BUILD  build/windows (evalrun.exe, locale/)
#   DIST   dist/evalrun-windows  → also DIST.zip
# The folder is evalrun's home on the PC: evalrun.exe finds scripts/ beside itself.
set -eu
BUILD=$1
DIST=$2
rm -rf "$DIST" "$DIST.zip"
mkdir -p "$DIST/locale/vi/LC_MESSAGES"
cp "$BUILD/evalrun.exe" "$DIST/"
cp "$BUILD/locale/vi/LC_MESSAGES/evalrun.mo" "$DIST/locale/vi/LC_MESSAGES/"
cp -r scripts rules data docs "$DIST/"
# The two files office staff open first: CRLF line ends; the text with a BOM, so
# every Notepad reads it as UTF-8.
printf '\357\273\277' > "$DIST/ĐỌC TRƯỚC.txt"
sed 's/$/\r/' "tools/windows/ĐỌC TRƯỚC.txt" >> "$DIST/ĐỌC TRƯỚC.txt"
sed 's/$/\r/' "tools/windows/chạy.bat" > "$DIST/chạy.bat"
# Only Windows' own DLLs may be needed: anything else would have to be shipped.
deps=$(x86_64-w64-mingw32-objdump -p "$DIST/evalrun.exe" | sed -n 's/^\tDLL Name: //p' | tr '\n' ' ')
for d in $deps; do
  case "$(echo "$d" | tr 'A-Z' 'a-z')" in
    kernel32.dll|msvcrt.dll|shell32.dll|user32.dll|advapi32.dll|ws2_32.dll|ole32.dll|bcrypt.dll) ;;
    *) echo "windows-dist: evalrun.exe needs $d, which Windows does not have" >&2; exit 1 ;;
  esac
done
# A zip with UTF-8 names (flagged as such: Windows Explorer shows "chạy.bat"), the
# same bytes for the same files.
python3 - "$DIST" <<'PY'
import os, sys, zipfile
dist = sys.argv[1]
base = os.path.dirname(dist) or "."
with zipfile.ZipFile(dist + ".zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk(dist):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            info = zipfile.ZipInfo(os.path.relpath(p, base), date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(p, "rb") as fh:
                z.writestr(info, fh.read())
PY
echo "windows: $DIST/ and $DIST.zip ($(du -k "$DIST.zip" | cut -f1) KiB; evalrun.exe uses only: $deps)" >&2
