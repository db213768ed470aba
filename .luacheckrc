-- .luacheckrc — `luacheck rules scripts` (run by `make lint`, part of `make test`).
-- Rule files and the library run in evalrun's sandbox (docs/rules.md): Lua 5.4 without
-- os/io/debug/package, plus the rule API below. Its full description, for editors, is in
-- scripts/meta/evalrun.lua (LuaLS `---@meta`).
std = "lua54"
read_globals = {
  -- declaring (docs/rules.md)
  "ruleset", "source", "define_table", "step", "replace_step", "expect", "extends",
  -- running: facts, results, report tables, Vietnamese text, exact percentages
  "db", "emit", "report", "text", "decimal",
}
-- config is the rule set's settings table: rule files and bases fill it in
globals = { "config" }
-- a step's function(ctx) or a library callback need not use every argument
unused_args = false
-- an empty branch with a comment says "nothing to do here" (scripts/settings.lua)
ignore = { "542" }
max_line_length = 180
exclude_files = { "scripts/meta/*.lua" }
-- evalrun extract (core/extract.c) gives its script the Vietnamese number reader and writer
files["scripts/extract.lua"] = { read_globals = { "number_vi", "format_vi" }, max_line_length = false }
-- the modules split from awards.lua open with one prelude of shared names, not all used in each
files["scripts/awards"] = { ignore = { "211" } }
