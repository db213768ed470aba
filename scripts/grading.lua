-- grading.lua — annual quality grading of party members and party organisations
-- (kiểm điểm, đánh giá, xếp loại chất lượng), with the HTXSNV quota.
--
--   local grading = require "grading"
--   step("Xếp loại chất lượng", function(ctx) grading.run(ctx, grading.resolve(ctx.config, ctx.year)) end)
--
-- Order of work (QĐ 366 Art. 12: subordinates before the organisation):
--   1. members, streamed chi bộ by chi bộ: who is not graded, the level from a proposal or a
--      100-point score, the conditions that block or cap a level, then the quota per pool;
--   2. organisations, deepest first (chi bộ, then đảng bộ): their own level, capped by their
--      members' or subordinate organisations' grades, then the quota among siblings;
--   3. the summary tables, the report's printed shares and the targets.
-- In "validate" mode the published levels are kept and every breach of the rules is listed.
-- docs/grading.md documents every function, config field and column.
--
-- The parts, each a file of its own in scripts/grading/:
--   config.lua         the settings for a year (regimes, the province's decisions, defaults)
--   member_level.lua   one subject on its own facts: exclusion, level, conditions
--   pools.lua          the quota pools and the quota of one pool
--   members.lua        members, chi bộ by chi bộ, and their quota
--   organisations.lua  organisations, deepest first, capped by their members
--   summary.lua        the output tables, the printed shares and the targets
--   common.lua         levels, counts and helpers they share
local C = require "grading.common"
local M = C.M
require "grading.config"
require "grading.member_level"
require "grading.pools"
local grade_members = require "grading.members"
local grade_units = require "grading.organisations"
local S = require "grading.summary"
local prepare = M.prepare
local open_tables, roll_up, summary_table, check_published, check_targets =
  S.open_tables, S.roll_up, S.summary_table, S.check_published, S.check_targets

define_table { name = "gradings",
  columns = {
    { "subject_id", "text", required = true },     -- people.id or units.id
    { "subject_kind", "text", required = true },   -- person | unit
    { "year", "integer", required = true },
    { "unit_id", "text", ref = "units.id" },       -- who grades it: a member's chi bộ, an organisation's parent
    { "group_id", "text" },                        -- quota group of similar roles (pool = "group")
    { "proposed", "text" },                        -- HTXSNV | HTTNV | HTNV | KHTNV
    { "score", "number" },                         -- 100-point total (QĐ 366)
    { "task_score", "number" },                    -- the 70-point task-results group
    { "votes", "integer" },                        -- tie-break
    { "tasks_exceeded_pct", "number" },
    { "tasks_late_pct", "number" },
    { "tasks_unfinished_pct", "number" },
    { "discipline", "text" },                      -- none | khien_trach | canh_cao | cach_chuc | khai_tru
    { "discipline_duty_related", "bool" },
    { "degraded", "bool" },                        -- concluded political or moral degradation
    { "sick_leave_months", "number" },
    { "excused", "bool" },                         -- miễn công tác và sinh hoạt đảng
    { "suspended", "bool" },                       -- đình chỉ sinh hoạt đảng
    { "admitted", "date" },                        -- joined the party: 20/06/2009, 1/7/2025 or 2009-06-20
    { "shortcomings_remedied", "bool" },
    { "published", "text" },                       -- level a report already published
    { "outstanding", "bool" },                     -- organisation: quota exception allowed
    { "note", "text" },
    { "source", "text" },
  },
  -- No index: grading.run reads the table straight through (an index on year and kind would
  -- make SQLite fetch every row by a separate look-up).
  key = { "subject_id", "subject_kind", "year" } }

define_table { name = "published_shares",
  columns = {
    { "subject_id", "text", required = true, ref = "units.id" }, -- the organisation the report covers
    { "subject_kind", "text", required = true },   -- person: its members' grades; unit: its organisations'
    { "year", "integer", required = true },
    { "level", "text", required = true },
    { "count", "integer" },
    { "pct", "number" },                           -- as printed, 17.76 for "17,76%"
    { "source", "text" },
  },
  key = { "subject_id", "subject_kind", "year", "level" } }

-- Grades a year: members, then organisations, then the summary and the checks.
-- cfg is the resolved config (M.resolve). Returns a small result table for callers and tests.
function M.run(ctx, cfg)
  cfg = cfg or M.resolve(ctx.config or config, ctx.year)
  local st = prepare(ctx, cfg)
  st.grassroots_cache = {}
  local units = {}
  -- db.each: plain values, no row object per row (the units are a twentieth of the members)
  for id, parent, kind, name in db.each("units", { "id", "parent_id", "kind", "name" }) do
    units[id] = { parent = parent, kind = kind, name = name }
  end
  local outstanding = {}
  for _, id in ipairs(cfg.quota.outstanding or {}) do outstanding[id] = true end
  for id, is_outstanding in db.each("gradings", { "subject_id", "outstanding" }, { year = ctx.year, subject_kind = "unit" }) do
    if is_outstanding then outstanding[id] = true end
  end
  local R = open_tables(cfg, cfg.title or cfg.name or "")   -- the regulation by its name, not its code
  R.units = report.table { id = "grading_units", title = "Xếp loại tổ chức đảng", group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Mã", type = "text" }, { key = "name", title = "Tổ chức", type = "text" },
      { key = "parent", title = "Trực thuộc", type = "text" }, { key = "level", title = "Xếp loại", type = "text" },
      { key = "explanation", title = "Căn cứ", type = "text" } } }
  local counts, unit_counts, levels = {}, {}, {}
  grade_members(ctx, st, R, units, counts, outstanding)
  grade_units(ctx, st, R, units, counts, unit_counts, outstanding, levels)
  local totals = roll_up(units, counts)
  summary_table("grading_members", "Xếp loại đảng viên theo tổ chức", units, totals, function(uid)
    return totals[uid].rolled and "gồm các tổ chức trực thuộc" or "đảng viên sinh hoạt tại đây" end)
  summary_table("grading_organisations", "Xếp loại tổ chức đảng trực thuộc", units, unit_counts,
    function() return "tổ chức trực thuộc" end)
  local flagged = check_published(ctx, st, R, totals, unit_counts, units)
  check_targets(ctx, st, totals, unit_counts, levels)
  if R.errors > 0 and cfg.validate.stop_on_error then
    error(("grading: %d breaches of severity 'error' (see grading_breaches)"):format(R.errors), 0)
  end
  return { counts = counts, totals = totals, unit_counts = unit_counts, levels = levels, errors = R.errors,
           printed_flagged = flagged }
end

return M
