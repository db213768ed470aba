#!/bin/sh
# Builds the libraries evalrun.exe links, for 64-bit Windows, from Debian's own
# source packages (`apt-get source`) with Debian's mingw-w64 cross compiler.
#
#   tools/windows-libs.sh [DIR]      (default DIR: build/windows)
#
# DIR/src     the unpacked Debian source packages (fetched once, kept)
# DIR/prefix  include/ and lib/ of the static Windows libraries (built once, kept)
#
# Each library is fetched and built only when its stamp under DIR/prefix is
# missing, so a second run costs nothing. Nothing is downloaded from anywhere
# but the Debian archive: `apt-get source` needs a deb-src line, which this
# script adds (/etc/apt/sources.list.d/evalrun-deb-src.sources) when apt has none.
#
# What comes from where:
#   zlib           Debian's libz-mingw-w64-dev (already built for Windows)
#   minizip        Debian source package zlib (contrib/minizip), as Debian's
#                  libminizip that the Linux libxlsxwriter uses
#   Lua 5.4        Debian source package lua5.4
#   SQLite         Debian source package sqlite3 (amalgamation made with the
#                  package's own tools, compiled with Debian's SQLITE_* options)
#   libcsv         Debian source package libcsv
#   utf8proc       Debian source package utf8proc
#   nettle         Debian source package nettle (no public-key part: evalrun
#                  uses only SHA-256)
#   libzip         Debian source package libzip (cmake; only zlib compression,
#                  no encryption: evalrun reads .docx files with it)
#   expat          Debian source package expat
#   libintl        Debian source package gettext (gettext-runtime/intl: the
#                  messages in Vietnamese; no iconv: the catalogue is UTF-8
#                  and so is what evalrun prints)
#   libxlsxwriter  Debian source package libxlsxwriter, with Debian's system
#                  minizip as on Linux; MD5 (used only to deduplicate images,
#                  which evalrun never inserts) from the package's own md5.c
#                  instead of OpenSSL
set -eu

DIR=${1:-build/windows}
HOST=x86_64-w64-mingw32
CC="$HOST-gcc"
AR="$HOST-ar"
RANLIB="$HOST-ranlib"
# C99 printf/strtod (as glibc) rather than the old msvcrt ones: numbers print the same.
WCFLAGS="-O2 -D__USE_MINGW_ANSI_STDIO=1"
JOBS=${JOBS:-2}

mkdir -p "$DIR/src" "$DIR/prefix/include" "$DIR/prefix/lib"
SRC=$(cd "$DIR/src" && pwd)
PREFIX=$(cd "$DIR/prefix" && pwd)

say() { echo "windows-libs: $*" >&2; }

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

ensure_deb_src() {
  if grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  say "adding a deb-src line for Debian's archive (/etc/apt/sources.list.d/evalrun-deb-src.sources)"
  . /etc/os-release
  $SUDO tee /etc/apt/sources.list.d/evalrun-deb-src.sources >/dev/null <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $VERSION_CODENAME-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  $SUDO apt-get update -qq
}

# fetch PACKAGE: unpacks Debian's source package PACKAGE (patches applied) in
# $SRC once; prints the directory.
fetch() {
  pkg=$1
  d=$(ls -d "$SRC/$pkg"-[0-9]*/ 2>/dev/null | head -1 || true)
  if [ -z "$d" ]; then
    ensure_deb_src
    # Every version apt knows, newest first: a mirror may list a security update whose
    # source it does not serve (404), and the release's own version then does as well.
    # Each version gets two tries (the archive sometimes drops a download).
    fetched=""
    for ver in $(apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -uVr); do
      for try in 1 2; do
        say "fetching Debian source package $pkg $ver (apt-get source, try $try)"
        if (cd "$SRC" && apt-get source -qq "$pkg=$ver" >"$SRC/apt-source-$pkg.log" 2>&1); then
          fetched=$ver; break 2
        fi
        tail -2 "$SRC/apt-source-$pkg.log" >&2
        rm -rf "$SRC/$pkg"-[0-9]*/ "$SRC/$pkg"_*
        sleep 2
      done
    done
    [ -n "$fetched" ] || { say "apt-get source $pkg failed for every version apt lists"; exit 1; }
    d=$(ls -d "$SRC/$pkg"-[0-9]*/ | head -1)
    say "fetched $(cd "$SRC" && ls "$pkg"_*.dsc)"
  fi
  echo "${d%/}"
}

built() { [ -e "$PREFIX/.built-$1" ]; }
done_() { date -u +%FT%TZ > "$PREFIX/.built-$1"; say "built $1"; }

# ---- zlib: Debian's mingw package ------------------------------------------
zlib_dir=/usr/$HOST
if [ ! -e "$zlib_dir/lib/libz.a" ]; then
  say "libz-mingw-w64-dev is missing (tools/deps.sh windows installs it)"; exit 1
fi

# ---- minizip (zlib's contrib/minizip) ----------------------------------------
if ! built minizip; then
  d=$(fetch zlib)
  b=$(mktemp -d)
  for f in ioapi zip iowin32; do
    $CC $WCFLAGS -I"$zlib_dir/include" -c "$d/contrib/minizip/$f.c" -o "$b/$f.o"
  done
  rm -f "$PREFIX/lib/libminizip.a"
  $AR rcs "$PREFIX/lib/libminizip.a" "$b"/*.o
  mkdir -p "$PREFIX/include/minizip"
  cp "$d/contrib/minizip/ioapi.h" "$d/contrib/minizip/zip.h" "$d/contrib/minizip/iowin32.h" "$PREFIX/include/minizip/"
  rm -rf "$b"
  done_ minizip
fi

# ---- Lua 5.4 ------------------------------------------------------------------
if ! built lua; then
  d=$(fetch lua5.4)
  b=$(mktemp -d)
  for f in "$d"/src/*.c; do
    case "$(basename "$f")" in lua.c|luac.c) continue ;; esac
    $CC $WCFLAGS -DLUA_COMPAT_5_3 -c "$f" -o "$b/$(basename "$f" .c).o"
  done
  rm -f "$PREFIX/lib/liblua.a"
  $AR rcs "$PREFIX/lib/liblua.a" "$b"/*.o
  cp "$d"/src/lua.h "$d"/src/luaconf.h "$d"/src/lualib.h "$d"/src/lauxlib.h "$PREFIX/include/"
  rm -rf "$b"
  done_ lua
fi

# ---- SQLite -------------------------------------------------------------------
if ! built sqlite; then
  d=$(fetch sqlite3)
  b=$(mktemp -d)
  # The amalgamation is generated on the build machine with the package's own
  # tools (lemon, mkkeywordhash, tclsh scripts), then compiled for Windows.
  say "sqlite3: making the amalgamation (native configure + make sqlite3.c)"
  (cd "$b" && "$d/configure" --disable-tcl >/dev/null && make -j"$JOBS" sqlite3.c >/dev/null)
  # The options Debian compiles its libsqlite3 with (debian/rules), so the
  # results database behaves the same on both systems.
  $CC $WCFLAGS -fno-strict-aliasing \
    -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA \
    -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 \
    -DSQLITE_ENABLE_UNLOCK_NOTIFY \
    -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB \
    -DSQLITE_ALLOW_ROWID_IN_VIEW \
    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 \
    -DSQLITE_ENABLE_LOAD_EXTENSION \
    -DSQLITE_ENABLE_JSON1 \
    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS \
    -DSQLITE_THREADSAFE=1 \
    -DSQLITE_ENABLE_FTS3_TOKENIZER=1 \
    -DSQLITE_USE_URI=1 \
    -DSQLITE_MAX_SCHEMA_RETRY=25 \
    -DSQLITE_ENABLE_PREUPDATE_HOOK \
    -DSQLITE_ENABLE_SESSION \
    -DSQLITE_ENABLE_STMTVTAB \
    -DSQLITE_MAX_VARIABLE_NUMBER=250000 \
    -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
    -c "$b/sqlite3.c" -o "$b/sqlite3.o"
  rm -f "$PREFIX/lib/libsqlite3.a"
  $AR rcs "$PREFIX/lib/libsqlite3.a" "$b/sqlite3.o"
  cp "$b/sqlite3.h" "$d/src/sqlite3ext.h" "$PREFIX/include/" 2>/dev/null || cp "$b/sqlite3.h" "$PREFIX/include/"
  rm -rf "$b"
  done_ sqlite
fi

# ---- libcsv -------------------------------------------------------------------
if ! built csv; then
  d=$(fetch libcsv)
  b=$(mktemp -d)
  $CC $WCFLAGS -c "$d/libcsv.c" -o "$b/libcsv.o"
  rm -f "$PREFIX/lib/libcsv.a"
  $AR rcs "$PREFIX/lib/libcsv.a" "$b/libcsv.o"
  cp "$d/csv.h" "$PREFIX/include/"
  rm -rf "$b"
  done_ csv
fi

# ---- utf8proc -----------------------------------------------------------------
if ! built utf8proc; then
  d=$(fetch utf8proc)
  b=$(mktemp -d)
  $CC $WCFLAGS -DUTF8PROC_STATIC -c "$d/utf8proc.c" -o "$b/utf8proc.o"
  rm -f "$PREFIX/lib/libutf8proc.a"
  $AR rcs "$PREFIX/lib/libutf8proc.a" "$b/utf8proc.o"
  cp "$d/utf8proc.h" "$PREFIX/include/"
  rm -rf "$b"
  done_ utf8proc
fi

# ---- nettle -------------------------------------------------------------------
if ! built nettle; then
  d=$(fetch nettle)
  b=$(mktemp -d)
  say "nettle: configure --host=$HOST (static, no public-key part)"
  (cd "$b" && CFLAGS="$WCFLAGS" "$d/configure" --host=$HOST --prefix="$PREFIX" \
      --disable-shared --enable-static --disable-public-key --disable-documentation \
      --disable-openssl --disable-assembler >/dev/null &&
   make -j"$JOBS" libnettle.a >/dev/null &&
   make install-headers >/dev/null)
  cp "$b/libnettle.a" "$PREFIX/lib/"
  rm -rf "$b"
  done_ nettle
fi

# ---- expat ----------------------------------------------------------------------
# cmake: what the package's source tree carries to build with (expat/CMakeLists.txt)
CMAKE_WIN="-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER=$CC -DCMAKE_CXX_COMPILER=$HOST-g++ -DCMAKE_RC_COMPILER=$HOST-windres
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$PREFIX -DCMAKE_FIND_ROOT_PATH=/usr/$HOST
  -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY"
if ! built expat; then
  d=$(fetch expat)
  b=$(mktemp -d)
  say "expat: cmake for $HOST (static)"
  # shellcheck disable=SC2086
  # Debian's security patches test "#if XML_DTD == 1", as its autotools build
  # defines it; the cmake build would define it empty.
  (cd "$b" && cmake "$d/expat" $CMAKE_WIN -DCMAKE_C_FLAGS="$WCFLAGS -DXML_DTD=1" -DEXPAT_DTD=OFF -DEXPAT_SHARED_LIBS=OFF \
      -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF \
      -DEXPAT_BUILD_FUZZERS=OFF -DEXPAT_BUILD_PKGCONFIG=OFF >/dev/null &&
   make -j"$JOBS" >/dev/null && cmake --install . >/dev/null)
  rm -rf "$b"
  done_ expat
fi

# ---- libzip -----------------------------------------------------------------------
if ! built libzip; then
  d=$(fetch libzip)
  b=$(mktemp -d)
  say "libzip: cmake for $HOST (static, zlib only)"
  # shellcheck disable=SC2086
  (cd "$b" && cmake "$d" $CMAKE_WIN -DCMAKE_C_FLAGS="$WCFLAGS" -DBUILD_SHARED_LIBS=OFF -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
      -DENABLE_OPENSSL=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF \
      -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
      -DZLIB_LIBRARY="$zlib_dir/lib/libz.a" -DZLIB_INCLUDE_DIR="$zlib_dir/include" >/dev/null &&
   make -j"$JOBS" zip >/dev/null && cmake --install . >/dev/null)
  rm -rf "$b"
  done_ libzip
fi

# ---- libintl (GNU gettext) ------------------------------------------------------
if ! built intl; then
  d=$(fetch gettext)
  b=$(mktemp -d)
  say "gettext: configure --host=$HOST gettext-runtime, make intl (libintl only)"
  # Debian's patches leave configure.ac newer than configure: the autotools are not rerun.
  (cd "$b" && CFLAGS="-O2" "$d/gettext-runtime/configure" --host=$HOST --prefix="$PREFIX" \
      --disable-shared --enable-static --disable-java --disable-csharp --disable-libasprintf \
      --disable-c++ --disable-openmp --disable-curses --without-libiconv-prefix --disable-rpath >/dev/null &&
   make -C intl -j"$JOBS" ACLOCAL=true AUTOCONF=true AUTOMAKE=true AUTOHEADER=true MAKEINFO=true >/dev/null)
  cp "$b/intl/.libs/libintl.a" "$PREFIX/lib/"
  cp "$b/intl/libintl.h" "$PREFIX/include/"
  rm -rf "$b"
  done_ intl
fi

# ---- libxlsxwriter ------------------------------------------------------------
if ! built xlsxwriter; then
  d=$(fetch libxlsxwriter)
  b=$(mktemp -d)
  for f in "$d"/src/*.c "$d"/third_party/tmpfileplus/tmpfileplus.c "$d"/third_party/md5/md5.c; do
    $CC $WCFLAGS -DUSE_SYSTEM_MINIZIP -I"$d/include" -I"$PREFIX/include" -I"$zlib_dir/include" \
      -c "$f" -o "$b/$(basename "$f" .c).o"
  done
  rm -f "$PREFIX/lib/libxlsxwriter.a"
  $AR rcs "$PREFIX/lib/libxlsxwriter.a" "$b"/*.o
  cp -r "$d/include/xlsxwriter.h" "$d/include/xlsxwriter" "$PREFIX/include/"
  rm -rf "$b"
  done_ xlsxwriter
fi

say "libraries ready in $PREFIX"
