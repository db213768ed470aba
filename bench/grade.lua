-- bench/grade.lua — the national party-grading benchmark's rule file (bench/run.sh).
--
-- Every member is graded from the 100-point score of the year-end review (QĐ 366 bands:
-- ≥ 90 HTXSNV, 70–<90 HTTNV, 50–<70 HTNV, < 50 KHTNV), then the quota per chi bộ, reading B1:
-- HTXSNV at most 20% of those proposed HTTNV, rounded down; the candidates keep their place
-- by score (higher first), then id; the excess moves down to HTTNV.
-- Writes every member's final level and each chi bộ's counts (CSV only: millions of rows).
--
-- The job is written with scripts/quota.lua over db.rows streamed in chi bộ order, not with
-- grading.run: grading.run reads the gradings table (subject_kind, year, proposals,
-- conditions) and records an explained result per member, while this job reads the members
-- file alone and writes the per-member table that the other tools write too.
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

-- Grades the members `rows` yields (each with id, cell_id, score), which must come chi bộ by
-- chi bộ. A global so that bench/grade_query.lua can feed it from db.query instead.
function grade_members(rows)
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

  -- One chi bộ at a time: only its members are held, so memory stays flat at any size.
  local cell, members, counts = nil, {}, { 0, 0, 0, 0 }
  local function close_cell()
    local cands = {}
    for _, m in ipairs(members) do if m.rank == 1 then cands[#cands + 1] = m end end
    local allowed = quota.allowed(counts[2], QUOTA_PCT, ROUNDING)   -- B1: base = proposed HTTNV
    local _, moved = quota.select(cands, allowed, TIE_BREAK)
    for _, m in ipairs(moved) do m.rank = 2 end
    counts[1], counts[2] = counts[1] - #moved, counts[2] + #moved
    for _, m in ipairs(members) do levels:add { id = m.id, cell = cell, level = LEVELS[m.rank] } end
    cells:add { cell = cell, graded = #members, allowed = allowed,
                htxsnv = counts[1], httnv = counts[2], htnv = counts[3], khtnv = counts[4] }
  end

  for p in rows do
    if p.cell_id ~= cell then
      if cell then close_cell() end
      cell, members, counts = p.cell_id, {}, { 0, 0, 0, 0 }
    end
    local score = p.score
    if not score then error(db.place("people", p) .. ": member " .. p.id .. " has no score", 0) end
    local r = band(score)
    counts[r] = counts[r] + 1
    members[#members + 1] = { id = p.id, score = score, rank = r }
  end
  if cell then close_cell() end
end

step("Xếp loại đảng viên theo chi bộ", function(ctx)
  grade_members(db.rows("people", nil, { "cell_id", "id" }))
end)
