# evalrun — build, test, install, benchmark.
#   make            build build/evalrun (installs missing Debian packages first)
#   make test       every test: C units, Lua library, end-to-end, expectations,
#                   then the same under ASan+UBSan, then the main job under valgrind,
#                   then a few seconds of each fuzz target
#   make fuzz       the fuzz targets (libFuzzer) for a few minutes each
#   make bench      the loading and grading benchmarks (bench/README.md)
#   make install PREFIX=/usr/local
PREFIX  ?= /usr/local
VERSION := 0.1.0
PKGS    := lua5.4 sqlite3 libutf8proc nettle libzip expat
CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -DEVALRUN_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Lua is linked from Debian's static library: the interpreter's calls into itself and ours into
# it skip the shared library's indirections, and a national grading spends a sixth less CPU.
# jemalloc replaces the C library's malloc: the rules make and drop millions of small tables
# and strings, and with it the same job takes about a quarter less CPU. The sanitizer builds
# keep the C library's malloc (they bring their own).
LUA_LIBS    ?= -Wl,-Bstatic -llua5.4 -Wl,-Bdynamic -ldl
MALLOC_LIBS ?= -ljemalloc
LIBS    = $(LUA_LIBS) $(shell pkg-config --libs $(filter-out lua5.4,$(PKGS)) 2>/dev/null) -lxlsxwriter -lcsv -lm $(MALLOC_LIBS)

SRC     := $(wildcard core/*.c)
LIBSRC  := $(filter-out core/main.c,$(SRC))
UNITSRC := $(wildcard tests/unit/test_*.c)

B       := build
OBJ     := $(patsubst core/%.c,$(B)/obj/%.o,$(SRC))
# messages: po/vi.po compiled next to the binary (core/i18n.h says where it is looked for)
MO      := $(B)/locale/vi/LC_MESSAGES/evalrun.mo
LIBOBJ  := $(patsubst core/%.c,$(B)/obj/%.o,$(LIBSRC))
UNITS   := $(patsubst tests/unit/%.c,$(B)/%,$(UNITSRC))

.PHONY: fuzz fuzz-short pot all deps test test-deps check-units check-lua check-e2e asan tsan valgrind bench install clean run

all: deps $(B)/evalrun

deps:
	@tools/deps.sh build

$(B)/obj/%.o: core/%.c $(wildcard core/*.h) | $(B)/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/obj:
	@mkdir -p $@

$(B)/evalrun: $(OBJ) $(MO)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LIBS)

$(MO): po/vi.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ po/vi.po

# After changing messages in core/: refresh the template and merge it into po/vi.po,
# then translate the new (empty or fuzzy) entries.
pot:
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --add-comments=TRANSLATORS \
	  --package-name=evalrun --package-version=$(VERSION) --add-location=file -o $(B)/evalrun.pot $(sort $(SRC))
	msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file po/vi.po $(B)/evalrun.pot
	msgattrib --no-obsolete --add-location=file -o po/vi.po po/vi.po

$(B)/test_%: tests/unit/test_%.c $(LIBOBJ) tests/unit/unit.h
	$(CC) $(ALL_CFLAGS) -Icore -o $@ $< $(LIBOBJ) $(LIBS)

run: all
	$(B)/evalrun rules/quangbinh.lua

# ---- tests ---------------------------------------------------------------
test: test-deps
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory check-units check-lua check-e2e lint
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory tsan
	$(MAKE) --no-print-directory valgrind
	$(MAKE) --no-print-directory fuzz-short
	@echo "make test: all passed"

test-deps:
	@tools/deps.sh test

# Rule files and the library: luacheck (.luacheckrc says what the sandbox provides). Each check
# installs what it runs with (tools/deps.sh only installs what is missing), so it works alone.
lint: test-deps
	luacheck --no-color --quiet rules scripts

check-units: $(UNITS)
	@set -e; for t in $(UNITS); do echo "== $$t"; $$t; done

check-lua: test-deps
	@set -e; for t in tests/lua/test_*.lua; do [ -e "$$t" ] || continue; echo "== $$t"; lua5.4 $$t; done

check-e2e: test-deps $(B)/evalrun
	@EVALRUN=$(CURDIR)/$(B)/evalrun tests/e2e/run.sh

# The whole suite again, built with AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	$(MAKE) --no-print-directory B=build/asan CC=clang MALLOC_LIBS= \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  build/asan/evalrun check-units check-e2e

# The loader parses on one thread while another stores: its tests and the main job under
# ThreadSanitizer.
tsan:
	$(MAKE) --no-print-directory B=build/tsan CC=clang MALLOC_LIBS= CFLAGS="-O1 -g -fsanitize=thread" \
	  build/tsan/evalrun build/tsan/test_loader
	build/tsan/test_loader
	TSAN_OPTIONS=halt_on_error=1 EVALRUN_HOME=$(CURDIR) build/tsan/evalrun rules/quangbinh.lua --quiet --out build/tsan/out

valgrind: $(B)/evalrun
	@tests/valgrind.sh $(B)/evalrun

# libFuzzer targets (tests/fuzz/): the number parser and the CSV loader, under ASan+UBSan.
# make fuzz runs each for FUZZ_TIME seconds (default 180) on a corpus grown in build/fuzz/corpus;
# make test runs each for a few seconds. A crash leaves its input in build/fuzz/ and fails.
FUZZ_TIME ?= 180
FUZZERS   := number loader
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Icore -o $@ $< $(LIBOBJ) $(LIBS)

fuzz: test-deps
	$(MAKE) --no-print-directory B=build/fuzz CC=clang MALLOC_LIBS= CFLAGS="$(FUZZ_CFLAGS)" $(patsubst %,build/fuzz/fuzz_%,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  mkdir -p build/fuzz/corpus/$$f; echo "== fuzz_$$f ($(FUZZ_TIME) s)"; \
	  build/fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/$$f- build/fuzz/corpus/$$f tests/fuzz/corpus/$$f > build/fuzz/$$f.log 2>&1; \
	  rc=$$?; grep -E '^stat::(number_of_executed_units|peak_rss_mb)' build/fuzz/$$f.log; \
	  if [ $$rc != 0 ]; then tail -40 build/fuzz/$$f.log; echo "fuzz_$$f failed (input in build/fuzz/$$f-*)"; exit 1; fi; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_TIME=5

bench: all
	@tools/deps.sh bench
	@bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/evalrun
	install -m 755 $(B)/evalrun $(DESTDIR)$(PREFIX)/bin/evalrun
	install -D -m 644 $(MO) $(DESTDIR)$(PREFIX)/share/locale/vi/LC_MESSAGES/evalrun.mo
	cp -r scripts rules data docs $(DESTDIR)$(PREFIX)/share/evalrun/

clean:
	rm -rf build out

# ---- Windows: evalrun.exe, cross-built with mingw-w64, tested under Wine -------
#   make windows        dist/evalrun-windows/ and dist/evalrun-windows.zip (docs/windows.md)
#   make test-windows   the Windows build under Wine against the Linux build's outputs
# The libraries are built once from Debian's source packages into build/windows/prefix
# (tools/windows-libs.sh). POSIX-only files are left out; their Windows halves are
# core/platform_win32.c and core/publish_win32.c.
.PHONY: windows windows-exe test-windows
WB        := build/windows
WIN_CC    := x86_64-w64-mingw32-gcc
WIN_SRC   := $(filter-out core/platform_posix.c core/publish.c,$(SRC))
WIN_OBJ   := $(patsubst core/%.c,$(WB)/obj/%.o,$(WIN_SRC))
# -Wno-format: gcc checks format(printf) attributes against the old msvcrt printf, not
# the C99 one evalrun.exe uses (__USE_MINGW_ANSI_STDIO); the Linux build checks them.
WIN_CFLAGS = -std=gnu11 $(WARN) -Wno-format -O2 -D_GNU_SOURCE= -D__USE_MINGW_ANSI_STDIO=1 -DUTF8PROC_STATIC -DXML_STATIC \
	     -DEVALRUN_VERSION='"$(VERSION)"' -I$(WB)/prefix/include -include core/platform.h
WIN_LIBS  = -L$(WB)/prefix/lib -lxlsxwriter -lminizip -lzip -lexpat -lz -lsqlite3 -llua -lcsv -lutf8proc -lnettle -lintl \
	    -static -lpthread -lshell32 -Wl,--wrap=fopen
WIN_DIST  := dist/evalrun-windows

windows: windows-exe
	@tools/windows-dist.sh $(WB) $(WIN_DIST)

windows-exe:
	@tools/deps.sh windows
	@tools/windows-libs.sh $(WB)
	@$(MAKE) --no-print-directory $(WB)/evalrun.exe $(WB)/locale/vi/LC_MESSAGES/evalrun.mo

$(WB)/obj/%.o: core/%.c $(wildcard core/*.h) | $(WB)/obj
	$(WIN_CC) $(WIN_CFLAGS) -c $< -o $@

$(WB)/obj:
	@mkdir -p $@

$(WB)/evalrun.exe: $(WIN_OBJ)
	$(WIN_CC) $(WIN_CFLAGS) -o $@ $(WIN_OBJ) $(WIN_LIBS)

$(WB)/locale/vi/LC_MESSAGES/evalrun.mo: po/vi.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ po/vi.po

test-windows: windows all
	@tests/windows/run.sh $(WIN_DIST) $(B)/evalrun
