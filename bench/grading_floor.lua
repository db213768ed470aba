-- bench/grading_floor.lua — the least any Lua library can do for bench/grading.lua's job under
-- evalrun's contract (bench/run.sh, part 3): the same three sources loaded into SQLite
-- (typed, keys and references checked), each member's review row read into Lua as a table with
-- the columns scripts/grading reads, and one result per member with a one-step explanation in
-- the results database. No exclusion, condition, quota, organisation or summary table: a lower
-- bound on the library's time, not a grading. bench/grading_floor_load.lua stops after loading.
require "grading"   -- the gradings table as the library declares it
ruleset { id = "bench_grading_floor", title = "Ngưỡng dưới của xếp loại đảng viên toàn quốc", year = 2025 }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua" } }
source { table = "people", file = "members.csv", delimiter = ";", numbers = "vi" }
source { table = "gradings", file = "gradings.csv", delimiter = ";", numbers = "vi" }

config.floor = config.floor or "emit"

local COLUMNS = { "subject_id", "unit_id", "group_id", "proposed", "score", "task_score", "votes",
  "tasks_exceeded_pct", "tasks_late_pct", "tasks_unfinished_pct", "discipline", "discipline_duty_related",
  "degraded", "sick_leave_months", "excused", "suspended", "admitted", "shortcomings_remedied", "published",
  "_src", "_line" }

local function row_of(sid, unit, grp, prop, score, task, votes, exc, late, unf, disc, duty, degr, sick,
                      excused, susp, adm, rem, pub, src, line)
  if sid == nil then return nil end
  return { subject_id = sid, unit_id = unit, group_id = grp, proposed = prop, score = score,
    task_score = task, votes = votes, tasks_exceeded_pct = exc, tasks_late_pct = late,
    tasks_unfinished_pct = unf, discipline = disc, discipline_duty_related = duty, degraded = degr,
    sick_leave_months = sick, excused = excused, suspended = susp, admitted = adm,
    shortcomings_remedied = rem, published = pub, _src = src, _line = line }
end

step("Ngưỡng dưới: đọc từng đảng viên, ghi một kết quả có giải thích", function(ctx)
  local mode = ctx.config.floor
  if mode == "load" then return end
  local iter = db.each("gradings", COLUMNS, { year = ctx.year, subject_kind = "person" })
  local emit_each = mode == "emit"
  while true do
    local row = row_of(iter())
    if row == nil then break end
    if emit_each then
      emit { kind = "grade", subject = row.subject_id, subject_kind = "person",
             value = row.score >= 90 and "HTXSNV" or "HTTNV", steps = { "Điểm " .. row.score } }
    end
  end
end)
