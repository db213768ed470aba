-- awards.lua — emulation titles (danh hiệu thi đua) and commendations (khen thưởng) from a
-- person's or unit's multi-year history, each decision with its reasons.
--
-- The rules are in docs/regulations/emulation-awards.md; every threshold is a field of the settings
-- (config.awards, with defaults from a regime file such as rules/base/awards_nd98.lua), never a
-- number in this file. docs/awards.md documents every function, setting and table column.
--
-- Two layers:
--   * check_* functions take a record (history.lua) and the settings and return a decision:
--     { code, subject, granted, conditions = { {label, required, actual, ok, detail, group} }, ... }.
--     They read no database and emit nothing, so tests call them directly.
--   * run_* functions are the steps: they read the facts, call the checks, apply quotas and the
--     one-achievement ledger, emit each decision and build the report tables.
--
-- Each criterion is a file of its own in scripts/awards/ (ldtt.lua, cstdcs.lua, cstdt.lua,
-- bk_tinh.lua, bk_ttg.lua, hcld3.lua, collective.lua, block.lua), beside decision.lua (the shape
-- of a decision), records.lua, regimes.lua, one_achievement.lua and steps.lua.
local C = require "awards.common"
local M = C.M
require "awards.regimes"
require "awards.decision"
require "awards.records"
require "awards.ldtt"
require "awards.cstdcs"
require "awards.cstdt"
require "awards.bk_tinh"
require "awards.bk_ttg"
require "awards.hcld3"
require "awards.one_achievement"
require "awards.collective"
require "awards.block"
require "awards.steps"

-- Tables -----------------------------------------------------------------------------------------

-- One row per person or unit per year: the annual grade and the titles already decided.
-- Unit rows may carry the member counts the office reported; when they are empty the counts
-- are taken from the staff rows of that unit.
define_table { name = "history",
  columns = {
    { "subject_id", "text", required = true },     -- a people.id (S001) or a units.id
    { "subject_kind", "text" },                    -- person | unit; empty: looked up in people, then units
    { "year", "integer", required = true },
    { "grade", "text" },                           -- HTXSNV | HTTNV | HTNV | KHTNV
    { "titles", "text" },                          -- "LĐTT, CSTĐCS" (titles decided that year)
    { "active", "bool" },                          -- took part in the emulation movement
    { "disciplined", "bool" },                     -- disciplined in the year (no LĐTT)
    { "score", "number" },                         -- assessment score, a CSTĐCS tie-break key
    { "members", "integer" },                      -- unit rows: headcount
    { "members_htnv", "integer" },                 -- unit rows: members graded HTNV or better
    { "members_ldtt", "integer" },                 -- unit rows: members with LĐTT
    { "members_cstdcs", "integer" },               -- unit rows: members with CSTĐCS
    { "exceeded_targets", "bool" },                -- unit rows: exceeded the year's targets
    { "source", "text" },
  },
  key = { "subject_id", "year" } }

-- Commendations already held, with the achievement period the decision wrote.
define_table { name = "awards",
  columns = {
    { "subject_id", "text", required = true },
    { "subject_kind", "text" },                    -- person | unit
    { "kind", "text", required = true },           -- BK_TINH | BK_TTG | HCLD3 | CSTDT | CO_TINH | CO_CP ...
    { "period_from", "integer" },                  -- first achievement year in the decision
    { "period_to", "integer" },                    -- last achievement year in the decision
    { "decision", "text" },                        -- "245/QĐ-UBND"
    { "decision_date", "date" },                   -- 15/03/2020 or 2020-03-15, stored as 2020-03-15
    { "source", "text" },
  } }

-- Initiatives (sáng kiến) and research works accepted at a level.
define_table { name = "initiatives",
  columns = {
    { "person_id", "text", required = true, ref = "people.id" },
    { "year", "integer", required = true },
    { "level", "text", required = true },          -- co_so | tinh | toan_quoc (or "cơ sở", "tỉnh", "toàn quốc")
    { "title", "text" },
    { "decision", "text" },
    { "source", "text" },
  } }

-- Block (khối thi đua) ranking, when it comes as data rather than from config.awards.block_ranking.
define_table { name = "block_ranks",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "block_id", "text", required = true },
    { "rank", "integer", required = true },
    { "score", "number" },
    { "exceeded_targets", "bool" },
    { "source", "text" },
  },
  key = { "unit_id", "year" } }

-- The criteria by award code, as the steps call them: check(rec, year, s, extra) returns a
-- decision (awards/decision.lua). `extra` is the person's LĐTT decision for CSTDCS and the unit's
-- member counts for TTLDTT and TTLDXS. A province replaces one with awards.criterion (below).
M.CHECKS = { LDTT = M.check_ldtt, CSTDCS = M.check_cstdcs, CSTDT = M.check_cstdt, BK_TINH = M.check_bk_tinh,
             BK_TTG = M.check_bk_ttg, HCLD3 = M.check_hcld3, TTLDTT = M.check_ttldtt, TTLDXS = M.check_ttldxs }
local LIBRARY = {}
for code, fn in pairs(M.CHECKS) do LIBRARY[code] = fn end

-- awards.criterion(code) → the criterion now in use for the award code;
-- awards.criterion(code, fn) replaces it for this rule set and returns the one it replaced, so a
-- province may also wrap it: fn(rec, year, s, extra) must return a decision made with
-- awards.decision and awards.condition, so it explains itself and fills the tables like the
-- library's own (docs/awards.md, "Replacing a criterion").
function M.criterion(code, fn)
  local old = M.CHECKS[code]
  if not old then
    local codes = {}
    for k in pairs(M.CHECKS) do codes[#codes + 1] = k end
    table.sort(codes)
    error(("awards.criterion: no criterion \"%s\" (there are %s)"):format(tostring(code), table.concat(codes, ", ")), 2)
  end
  if fn == nil then return old end
  if type(fn) ~= "function" then error("awards.criterion: the criterion must be a function(rec, year, s, extra)", 2) end
  M.CHECKS[code] = fn
  return old
end

-- The library's own criterion for a code, whatever a rule file put in its place.
function M.library_criterion(code) return LIBRARY[code] end

-- The decision API a criterion is written with (awards/decision.lua):
--   local d = awards.decision("BK_TTG", rec, year)
--   awards.condition(d, label, required, actual, ok [, detail [, group]])
--   awards.period(d, { 2020, 2021, 2022, 2023, 2024 })   -- the years the award claims
--   return awards.settle(d)
M.decision, M.condition, M.settle, M.period = C.new_decision, C.cond, C.settle, C.set_period

return M
