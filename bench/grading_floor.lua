-- bench/grading_floor.lua — the least any Lua library can do for bench/grading.lua's job under
-- evalrun's contract (bench/run.sh, part 3): the same sources loaded into SQLite (typed, keys
-- and references checked), each member's review row read into Lua as the library reads it
-- (grading.member_rows), and one result per member with a one-step explanation in the results
-- database. No exclusion, condition, quota, organisation or summary table: a lower bound on
-- the library's time, not a grading. bench/grading_floor_load.lua stops after loading.
local grading = require "grading"

extends "grading.lua"

config.floor = config.floor or "emit"

replace_step("Xếp loại chất lượng tổ chức đảng và đảng viên", function(ctx)
  if ctx.config.floor == "load" then return end
  for row in grading.member_rows(ctx.year) do
    emit { kind = "grade", subject = row.subject_id, subject_kind = "person",
           value = row.score >= 90 and "HTXSNV" or "HTTNV", steps = { "Điểm " .. row.score } }
  end
end)
