#!/bin/bash
# The main job on the sample data under valgrind: no leaks, no invalid reads or writes.
#   tests/valgrind.sh build/evalrun
# evalrun uses jemalloc's malloc (Makefile): --soname-synonyms points valgrind at it, so every
# allocation is still tracked.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"
valgrind --quiet --error-exitcode=99 --soname-synonyms='somalloc=*jemalloc*' --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible \
  "$bin" rules/quangbinh.lua --out "$out/qb" --quiet 2> "$out/vg.log"
rc=$?
if [ $rc != 0 ]; then
  cat "$out/vg.log" | head -60
  echo "valgrind: the main job failed (exit $rc)"
  exit 1
fi
echo "valgrind: main job clean (no leaks, no memory errors)"

# evalrun extract on the longest seed report, when the seeds are beside the repository.
seed="$root/../shared/seeds/002_fa99e44a1c41faa2.txt"
if [ -f "$seed" ]; then
  valgrind --quiet --error-exitcode=99 --soname-synonyms='somalloc=*jemalloc*' --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    "$bin" extract "$seed" --out "$out/extract" 2> "$out/vg2.log" >/dev/null
  rc=$?
  if [ $rc != 0 ]; then
    head -60 "$out/vg2.log"
    echo "valgrind: evalrun extract failed (exit $rc)"
    exit 1
  fi
  echo "valgrind: evalrun extract clean (no leaks, no memory errors)"
fi
