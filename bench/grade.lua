-- bench/grade.lua — the national party-grading benchmark's rule file (bench/run.sh).
--
-- Every member is graded from the 100-point score of the year-end review (QĐ 366 bands:
-- ≥ 90 HTXSNV, 70–<90 HTTNV, 50–<70 HTNV, < 50 KHTNV), then the quota per chi bộ, reading B1:
-- HTXSNV at most 20% of those proposed HTTNV, rounded down; the candidates keep their place
-- by score (higher first), then id; the excess moves down to HTTNV.
-- Writes every member's final level and each chi bộ's counts (CSV only: millions of rows).
--
-- The job is written with scripts/quota.lua, not with grading.run: grading.run reads the
-- gradings table (subject_kind, year, proposals, conditions) and records an explained result
-- per member, while this job reads the members file alone and writes the per-member table
-- that the other tools write too.
--
-- Only an HTXSNV proposal can change (the quota moves the excess down), so the job is laid
-- out as a rule author would lay out a big one: the counts per chi bộ from two columns
-- (db.each), every other member's level written straight from the facts by one query
-- (report table add_query: those rows never pass through Lua), and only the HTXSNV
-- candidates read into Lua, per chi bộ, for the quota and the tie-break.
ruleset { id = "bench_grade", title = "Đo tốc độ xếp loại đảng viên toàn quốc", year = 2023 }

define_table { name = "people", columns = { { "score", "number" } } }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
         columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại", parent_id = "Trực thuộc",
                     block_id = "Khối thi đua" } }
source { table = "people", file = "members.csv", delimiter = ";", numbers = "vi" }

local quota = require "quota"

local QUOTA_PCT, ROUNDING = 20, "floor"
local TIE_BREAK = { "-score", "id" }

-- QĐ 366 bands: each level with the lowest score that reaches it, highest level first.
local BANDS = { { "HTXSNV", 90 }, { "HTTNV", 70 }, { "HTNV", 50 }, { "KHTNV", -math.huge } }
local TOP = BANDS[1][2]

-- The level a score gives, as a rank (1 = HTXSNV).
local function band(score)
  for r, b in ipairs(BANDS) do if score >= b[2] then return r end end
end

-- The same bands as an SQL expression over `col`, for the rows that never pass through Lua.
local function band_sql(col)
  local parts = { "CASE" }
  for r = 2, #BANDS - 1 do
    parts[#parts + 1] = string.format("WHEN %s >= %s THEN '%s'", col, BANDS[r][2], BANDS[r][1])
  end
  parts[#parts + 1] = string.format("ELSE '%s' END", BANDS[#BANDS][1])
  return table.concat(parts, " ")
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

step("Xếp loại đảng viên theo chi bộ", function(ctx)
  local levels, cells = tables()

  -- 1. Each chi bộ's count per level as proposed, from the chi bộ and the score alone: no
  --    member's id needs to reach Lua for this.
  local counts, codes = {}, {}      -- chi bộ code -> { HTXSNV, HTTNV, HTNV, KHTNV, candidates = {} }
  for line, src, cell, score in db.each("people", { "_line", "_src", "cell_id", "score" }) do
    local c = counts[cell]
    if not c then
      c = { 0, 0, 0, 0, candidates = {} }
      counts[cell] = c
      codes[#codes + 1] = cell
    end
    if not score then
      error(db.place("people", { _src = src, _line = line }) .. ": the member has no score", 0)
    end
    local r = band(score)
    c[r] = c[r] + 1
  end

  -- 2. Only an HTXSNV proposal can change (the quota moves the excess down): everyone else
  --    keeps the level the score gives, written straight from the facts.
  levels:add_query("SELECT id, cell_id, " .. band_sql("score") .. " FROM people WHERE score < ? ORDER BY rowid",
                   TOP)

  -- 3. The HTXSNV candidates, per chi bộ.
  for id, cell, score in db.query_values("SELECT id, cell_id, score FROM people WHERE score >= ? ORDER BY rowid",
                                         TOP) do
    local cands = counts[cell].candidates
    cands[#cands + 1] = { id = id, score = score }
  end

  -- 4. The quota, chi bộ by chi bộ, in code order (the output does not depend on the file's order).
  table.sort(codes)
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
end)
