-- awards/bk_tinh.lua — Bằng khen của Chủ tịch UBND tỉnh.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- Bằng khen of the provincial chairman, clause (d): either s.bk_tinh.cstdcs_streak consecutive
-- CSTĐCS, or s.bk_tinh.htxs_streak consecutive HTXSNV years with s.bk_tinh.initiatives
-- initiatives in those years. Both counted after the last award of s.bk_tinh.window_after.
function M.check_bk_tinh(rec, year, s)
  local c = s.bk_tinh
  local d = new_decision("BK_TINH", rec, year)
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  d.group_labels = { d1 = "CSTĐCS liên tục", d2 = "HTXSNV liên tục và sáng kiến" }

  local n1, y1 = history.streak(rec, year, history.cond.title("CSTDCS"), from)
  cond(d, "Số năm liên tục đạt CSTĐCS đến năm " .. year, c.cstdcs_streak, n1, n1 >= c.cstdcs_streak,
       history.years_text(y1), "d1")

  local n2, y2 = history.streak(rec, year, history.cond.grade_at_least("HTXSNV"), from)
  d.considered = n1 > 0 or n2 > 0
  cond(d, "Số năm liên tục HTXSNV đến năm " .. year, c.htxs_streak, n2, n2 >= c.htxs_streak,
       history.years_text(y2), "d2")
  local inits = (n2 > 0) and history.initiatives(rec, y2[1], year, levels_set(c.initiative_levels)) or {}
  cond(d, ("Sáng kiến %s trong các năm HTXSNV"):format(levels_text(c.initiative_levels)),
       c.initiatives, #inits, #inits >= c.initiatives, nil, "d2")
  settle(d)
  if d.eligible then
    d.ground_label = d.group_labels[d.ground]
    -- the decision's period: the required years ending at `year`
    local need = (d.ground == "d1") and c.cstdcs_streak or c.htxs_streak
    local ys = {}
    for yy = year - need + 1, year do ys[#ys + 1] = yy end
    set_period(d, ys)
  end
  return d
end

return M
