#!/bin/sh
# Installs the Debian packages evalrun needs, only those that are missing.
# Usage: tools/deps.sh [build|test|bench|windows]   (default: build)
# Called by `make`, `make test`, `make bench` and `make windows`; safe to run again.
set -eu
BUILD="gcc make pkg-config gettext liblua5.4-dev libjemalloc-dev libsqlite3-dev libcsv-dev libxlsxwriter-dev libutf8proc-dev nettle-dev libzip-dev libexpat1-dev"
TEST="$BUILD lua5.4 lua-check sqlite3 python3 python3-openpyxl valgrind clang libclang-rt-14-dev chromium poppler-utils"
BENCH="$TEST python3-pandas time linux-perf"
# evalrun.exe: the mingw-w64 cross compiler, zlib for Windows, `apt-get source` (dpkg-dev),
# cmake (libzip) and tclsh (SQLite's amalgamation) to build them, Wine to run the tests.
WINDOWS="$TEST gcc-mingw-w64-x86-64 libz-mingw-w64-dev dpkg-dev cmake tcl wine64 unzip"
case "${1:-build}" in
  build) want=$BUILD ;;
  test)  want=$TEST ;;
  bench) want=$BENCH ;;
  windows) want=$WINDOWS ;;
  *) echo "usage: tools/deps.sh [build|test|bench|windows]" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "evalrun: installing Debian packages:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
