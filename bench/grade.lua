-- bench/grade.lua — the national party-grading benchmark's rule file (bench/run.sh).
--
-- Every member is graded from the 100-point score of the year-end review (QĐ 366 bands:
-- ≥ 90 HTXSNV, 70–<90 HTTNV, 50–<70 HTNV, < 50 KHTNV), then the quota per chi bộ, reading B1:
-- HTXSNV at most 20% of those proposed HTTNV, rounded down; the candidates keep their place
-- by score (higher first), then id; the excess moves down to HTTNV.
-- Writes every member's final level and each chi bộ's counts (CSV only: millions of rows).
--
-- The job is written with scripts/quota.lua over db.each, not with grading.run: grading.run
-- reads the gradings table (subject_kind, year, proposals, conditions) and records an
-- explained result per member, while this job reads the members file alone and writes the
-- per-member table that the other tools write too.
--
-- One pass over the members, in file order, with no sorting in the database: only an HTXSNV
-- proposal can change (the quota moves the excess down), so every other member's level is
-- final when read and is written at once. The HTXSNV candidates wait, per chi bộ, until all
-- members are read; then each chi bộ's quota is applied and its candidates written. Memory
-- holds the chi bộ counts and the candidates, not the members.
ruleset { id = "bench_grade", title = "Đo tốc độ xếp loại đảng viên toàn quốc", year = 2023 }

define_table { name = "people", columns = { { "score", "number" } } }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua" } }
source { table = "people", file = "members.csv", delimiter = ";", numbers = "vi" }

local quota = require "quota"

local QUOTA_PCT, ROUNDING = 20, "floor"
local TIE_BREAK = { "-score", "id" }
local LEVELS = { "HTXSNV", "HTTNV", "HTNV", "KHTNV" }

-- The level a score gives, as a rank (1 = HTXSNV).
local function band(score)
  if score >= 90 then return 1 elseif score >= 70 then return 2 elseif score >= 50 then return 3 end
  return 4
end

local function tables()
  local levels = report.table { id = "member_levels", title = "Xếp loại đảng viên",
    group = "Xếp loại chất lượng", formats = { "csv" },
    columns = { { key = "id", title = "Mã đảng viên", type = "text" },
                { key = "cell", title = "Chi bộ", type = "text" },
                { key = "level", title = "Xếp loại", type = "text" } } }
  local cells = report.table { id = "cell_counts", title = "Kết quả xếp loại theo chi bộ",
    group = "Xếp loại chất lượng", formats = { "csv" },
    columns = { { key = "cell", title = "Chi bộ", type = "text" },
                { key = "graded", title = "Được xếp loại", type = "integer" },
                { key = "allowed", title = "Chỉ tiêu HTXSNV", type = "integer" },
                { key = "htxsnv", title = "HTXSNV", type = "integer" },
                { key = "httnv", title = "HTTNV", type = "integer" },
                { key = "htnv", title = "HTNV", type = "integer" },
                { key = "khtnv", title = "KHTNV", type = "integer" } } }
  return levels, cells
end

-- Grades the members `each` yields (id, cell_id, score per member, in any order). A global so
-- that bench/grade_query.lua can feed it from db.query instead.
function grade_members(each)
  local levels, cells = tables()
  -- chi bộ code -> { HTXSNV, HTTNV, HTNV, KHTNV counts as proposed, candidates = {...} }
  local counts, codes = {}, {}
  for id, cell, score in each do
    local c = counts[cell]
    if not c then
      c = { 0, 0, 0, 0, candidates = {} }
      counts[cell] = c
      codes[#codes + 1] = cell
    end
    if not score then
      local p = db.all("people", { id = id })[1]
      error((p and db.place("people", p) or "members.csv") .. ": member " .. id .. " has no score", 0)
    end
    local r = band(score)
    c[r] = c[r] + 1
    if r == 1 then
      local cands = c.candidates
      cands[#cands + 1] = { id = id, score = score }
    else
      levels:add(id, cell, LEVELS[r])
    end
  end

  table.sort(codes)   -- chi bộ in code order: the output does not depend on the file's order
  for _, cell in ipairs(codes) do
    local c = counts[cell]
    local allowed = quota.allowed(c[2], QUOTA_PCT, ROUNDING)   -- B1: base = proposed HTTNV
    local cands, moved = c.candidates, {}
    if #cands > allowed then
      local _, out = quota.select(cands, allowed, TIE_BREAK)
      for _, m in ipairs(out) do moved[m] = true end
    end
    for _, m in ipairs(cands) do levels:add(m.id, cell, moved[m] and "HTTNV" or "HTXSNV") end
    local n_moved = #cands - math.min(#cands, allowed)
    cells:add(cell, c[1] + c[2] + c[3] + c[4], allowed, c[1] - n_moved, c[2] + n_moved, c[3], c[4])
  end
end

step("Xếp loại đảng viên theo chi bộ", function(ctx)
  grade_members(db.each("people", { "id", "cell_id", "score" }))
end)
