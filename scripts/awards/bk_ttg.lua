-- awards/bk_ttg.lua — Bằng khen của Thủ tướng Chính phủ, and the long record it shares with the
-- Huân chương Lao động hạng Ba (awards/hcld3.lua).
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- The shared shape of the Prime Minister's Bằng khen and the Labour Order 3rd class: hold an
-- award of c.requires, then c.years consecutive years of c.min_grade or better counted after the
-- last award of c.window_after, with c.cstdcs CSTĐCS (and c.htxsnv HTXSNV years) in that period.
local function check_long_record(code, rec, year, s, c)
  local d = new_decision(code, rec, year)
  local held = history.last_award(rec, c.requires, year)
  local names = {}
  for i, k in ipairs(c.requires) do names[i] = M.NAMES[k] or k end
  cond(d, "Đã có " .. table.concat(names, " hoặc "), true, held ~= nil, held ~= nil,
       held and ((held.decision or held.kind) .. (held.period_to and (", thành tích " ..
         (held.period_from and held.period_from ~= held.period_to and (held.period_from .. "–") or "") ..
         held.period_to) or "")) or nil)
  d.considered = held ~= nil
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  d.values.window_from = from
  local n, years, broke = history.streak(rec, year, history.cond.grade_at_least(c.min_grade), from)
  local detail = history.years_text(years)
  if from then detail = detail .. "; tính từ năm " .. from end
  if broke and n < c.years then detail = detail .. "; năm " .. broke .. " không đạt" end
  cond(d, ("Số năm liên tục %s trở lên đến năm %d"):format(c.min_grade, year), c.years, n, n >= c.years, detail)
  local lo = (n > 0) and years[1] or year
  if c.htxsnv and c.htxsnv > 0 then
    local k, ky = history.count(rec, lo, year, history.cond.grade_at_least("HTXSNV"))
    cond(d, "Số năm HTXSNV trong thời gian đó", c.htxsnv, k, k >= c.htxsnv, history.years_text(ky))
  end
  local k, ky = history.count(rec, lo, year, history.cond.title("CSTDCS"))
  cond(d, ("Số lần CSTĐCS trong thời gian đó (từ %d)"):format(lo), c.cstdcs, k, k >= c.cstdcs,
       history.years_text(ky))
  settle(d)
  if d.eligible then set_period(d, years) end
  return d
end

function M.check_bk_ttg(rec, year, s) return check_long_record("BK_TTG", rec, year, s, s.bk_ttg) end
C.check_long_record = check_long_record

return M
