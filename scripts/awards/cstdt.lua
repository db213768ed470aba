-- awards/cstdt.lua — Chiến sĩ thi đua cấp tỉnh (CSTĐ tỉnh).
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

function M.check_cstdt(rec, year, s)
  local c = s.cstdt
  local d = new_decision("CSTDT", rec, year)
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  local n, years, broke = history.streak(rec, year, history.cond.title("CSTDCS"), from)
  d.considered = n > 0
  local detail = history.years_text(years) .. (broke and (n > 0 and ("; năm " .. broke .. " không đạt") or "") or "")
  cond(d, "Số năm liên tục đạt CSTĐCS đến năm " .. year, c.streak, n, n >= c.streak, detail)
  local lo = (n > 0) and years[1] or year
  local inits = history.initiatives(rec, lo, year, levels_set(c.initiative_levels))
  cond(d, ("Sáng kiến %s trong %s"):format(levels_text(c.initiative_levels), history.years_text(years)),
       1, #inits, #inits >= 1, inits[1] and inits[1].title or nil)
  d.values.streak_years = history.years_text(years)
  return settle(d)
end

return M
