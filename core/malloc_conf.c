/* malloc_conf.c — settings for jemalloc, which replaces the C library's malloc in the release
 * build (Makefile, MALLOC_LIBS). jemalloc reads this symbol when it starts; any other malloc
 * (the sanitizer builds', Windows') ignores it, and MALLOC_CONF in the environment still
 * overrides it.
 *
 * thp:always asks for transparent huge pages (2 MB) for the heap where the system leaves them
 * to the program (Debian's default, "madvise"). At national size the rules' heap is close to a
 * gigabyte of small tables and strings reached in no particular order (each member's chi bộ,
 * pool and counts), and with 4 KB pages nearly every such step also misses the TLB: the
 * grading of 5,500,000 members ran its rules in 159-165 s instead of 217-233 s (two pairs of
 * runs, docs/benchmarks.md part 3), for about 3% more peak memory there and 10-15 MB more on a
 * province's run. */
const char *malloc_conf = "thp:always,metadata_thp:auto";
