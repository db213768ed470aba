-- awards/hcld3.lua — Huân chương Lao động hạng Ba.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

require "awards.bk_ttg"
function M.check_hcld3(rec, year, s) return C.check_long_record("HCLD3", rec, year, s, s.hcld3) end

return M
