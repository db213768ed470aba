-- bench/grading_floor_load.lua — bench/grading_floor.lua's sources loaded and nothing else: the
-- part of the national grading that PRODUCT.md's "load every source into SQLite" fixes before any
-- rule runs (bench/run.sh, part 3).
extends "grading_floor.lua"

config.floor = "load"
