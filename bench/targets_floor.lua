-- bench/targets_floor.lua — the least any Lua library can do for bench/targets.lua's job under
-- evalrun's contract (bench/run.sh, part 4): the same sources loaded into SQLite, each target
-- row read into Lua and one result per row with a one-step explanation in the results
-- database. No scorer, printed-% check, unit or block total, rank or table: a lower bound on
-- the library's time, not a scoring.
extends "targets.lua"

replace_step("Chấm điểm chỉ tiêu kế hoạch", function(ctx)
  local iter = db.each("targets", { "unit_id", "indicator_id", "plan", "actual", "reported_text", "_src", "_line" },
                       { year = ctx.year })
  while true do
    local unit, indicator, plan, actual = iter()
    if unit == nil then break end
    local ratio = plan and actual and plan ~= 0 and actual / plan or nil
    emit { kind = "score", subject = unit .. "/" .. indicator, subject_kind = "target", value = ratio,
           steps = { "Thực hiện / kế hoạch" } }
  end
end)
replace_step("Xếp hạng thi đua theo khối", function() end)
