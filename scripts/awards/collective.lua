-- awards/collective.lua — collective titles: Tập thể lao động tiên tiến (TTLĐTT) and xuất sắc (TTLĐXS).
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- counts = { members, htnv, ldtt, cstdcs, grade, from = "data"|"staff" }
local function share_text(part, whole)
  if whole == 0 then return "0/0" end
  return ("%d/%d = %s%%"):format(part, whole, fmt(math.floor(part * 10000 / whole + 0.5) / 100))
end

-- TTLĐTT: unit graded s.ttldtt.min_grade or better, and strictly more than
-- s.ttldtt.ldtt_over_pct % of members with LĐTT (integer comparison: 10/20 is not > 50%).
function M.check_ttldtt(rec, year, s, counts)
  local c = s.ttldtt
  local d = new_decision("TTLDTT", rec, year)
  d.inputs = { members = counts.members, ldtt = counts.ldtt, grade = counts.grade }
  if c.min_grade then
    cond(d, "Xếp loại tập thể năm " .. year, c.min_grade .. " trở lên", counts.grade or "không có",
         history.grade_at_least(counts.grade, c.min_grade))
  end
  cond(d, "Tỷ lệ LĐTT", "trên " .. c.ldtt_over_pct .. "%", share_text(counts.ldtt, counts.members),
       counts.members > 0 and counts.ldtt * 100 > c.ldtt_over_pct * counts.members)
  return settle(d)
end

-- TTLĐXS: unit HTXSNV, s.ttldxs.htnv_min_pct % of members HTNV or better, at least
-- s.ttldxs.ldtt_min_pct % LĐTT, at least s.ttldxs.cstdcs_min CSTĐCS.
function M.check_ttldxs(rec, year, s, counts)
  local c = s.ttldxs
  local d = new_decision("TTLDXS", rec, year)
  d.inputs = { members = counts.members, htnv = counts.htnv, ldtt = counts.ldtt, cstdcs = counts.cstdcs,
               grade = counts.grade }
  local m = counts.members
  cond(d, "Xếp loại tập thể năm " .. year, c.grade, counts.grade or "không có",
       history.grade_at_least(counts.grade, c.grade))
  cond(d, "Tỷ lệ thành viên HTNV trở lên", "từ " .. c.htnv_min_pct .. "%", share_text(counts.htnv, m),
       m > 0 and counts.htnv * 100 >= c.htnv_min_pct * m)
  cond(d, "Tỷ lệ LĐTT", "từ " .. c.ldtt_min_pct .. "%", share_text(counts.ldtt, m),
       m > 0 and counts.ldtt * 100 >= c.ldtt_min_pct * m)
  cond(d, "Số CSTĐCS", c.cstdcs_min, counts.cstdcs, counts.cstdcs >= c.cstdcs_min)
  return settle(d)
end

return M
