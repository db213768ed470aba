-- awards/ldtt.lua — Lao động tiên tiến (LĐTT).
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- LĐTT: grade HTTNV or better (s.ldtt.min_grade), active in the movement, not disciplined.
function M.check_ldtt(rec, year, s)
  local c = s.ldtt
  local d = new_decision("LDTT", rec, year)
  local y = rec.years[year]
  local grade = y and y.grade
  d.inputs.grade = grade
  cond(d, "Xếp loại năm " .. year, c.min_grade .. " trở lên", grade or "không có",
       history.grade_at_least(grade, c.min_grade))
  if c.require_active then
    local active = y and y.active
    if active == nil and c.active_default ~= nil then active = c.active_default end
    cond(d, "Tham gia phong trào thi đua", true, active == true, active == true)
  end
  if c.exclude_disciplined then
    local disc = (y and y.disciplined) == true
    cond(d, "Bị kỷ luật trong năm", false, disc, not disc)
  end
  return settle(d)
end

-- CSTĐCS standard (before the quota): LĐTT this year, and HTXSNV or an initiative at one of
-- s.cstdcs.initiative_levels accepted this year. ldtt is this year's LĐTT decision.

return M
