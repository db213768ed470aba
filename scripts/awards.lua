-- awards.lua — emulation titles (danh hiệu thi đua) and commendations (khen thưởng) from a
-- person's or unit's multi-year history, each decision with its reasons.
--
-- The rules are in shared/domain/emulation-awards.md; every threshold is a field of the settings
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

M.CHECKS = { BK_TINH = M.check_bk_tinh, BK_TTG = M.check_bk_ttg, HCLD3 = M.check_hcld3 }

return M
