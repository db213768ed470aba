-- awards/one_achievement.lua — one achievement feeds one award.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- One achievement feeds one award: the eligible decisions, in s.one_achievement.order (highest
-- award first), claim their period's years in `ledger`; a later one whose years are taken is
-- refused with the award that used them. Decisions of codes not in the order claim nothing.
function M.apply_one_achievement(decisions, ledger, s)
  local rank = {}
  for i, code in ipairs(s.one_achievement.order) do rank[code] = i end
  local list = {}
  for _, d in ipairs(decisions) do if d.eligible and rank[d.code] then list[#list + 1] = d end end
  table.sort(list, function(a, b)
    if rank[a.code] ~= rank[b.code] then return rank[a.code] < rank[b.code] end
    return a.subject < b.subject
  end)
  for _, d in ipairs(list) do
    local ok, conflicts = ledger:claim(d.subject, d.claim_years or {}, d.code .. " " .. d.year)
    if not ok then
      local ys, by = {}, conflicts[1].by
      for i, c in ipairs(conflicts) do ys[i] = c.year end
      d.granted = false
      d.refused_by = ("thành tích năm %s đã dùng cho %s (mỗi thành tích chỉ đề nghị một hình thức)")
                       :format(history.years_text(ys), by)
      d.notes[#d.notes + 1] = "Không đề nghị: " .. d.refused_by
    end
  end
end

return M
