-- awards/cstdcs.lua — Chiến sĩ thi đua cơ sở (CSTĐCS): the standard and the quota.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

function M.check_cstdcs(rec, year, s, ldtt)
  local c = s.cstdcs
  local d = new_decision("CSTDCS", rec, year)
  local y = rec.years[year]
  cond(d, "Đạt danh hiệu LĐTT năm " .. year, true, ldtt.granted, ldtt.granted)
  local grade = y and y.grade
  local inits = history.initiatives(rec, year, year, levels_set(c.initiative_levels))
  d.inputs.grade, d.inputs.initiatives = grade, #inits
  d.group_labels = { g = "xếp loại", i = "sáng kiến" }
  -- require_both: HTXSNV *and* an initiative (the Dec 2025 draft law); default: either one.
  -- grade = false: no grade route, an initiative is required (the 2003 Law, Art. 23, in force until 2023).
  local g1, g2 = "g", "i"
  if c.require_both or c.grade == false then g1, g2 = nil, nil end
  if c.grade ~= false then
    cond(d, "Xếp loại năm " .. year, c.grade, grade or "không có",
         history.grade_at_least(grade, c.grade), nil, g1)
  end
  cond(d, "Sáng kiến " .. levels_text(c.initiative_levels) .. " năm " .. year, 1, #inits, #inits >= 1,
       inits[1] and inits[1].title or nil, g2)
  settle(d)
  if d.eligible and d.ground then d.ground_label = (d.ground == "g") and ("xếp loại " .. c.grade) or "sáng kiến" end
  -- tie-break fields for the quota
  d.grade_rank = history.GRADES[grade or ""] or -1
  d.initiative_count = #history.initiatives(rec, year, year)
  d.score = y and y.score
  d.id = rec.id
  d.pool = (c.pool == "all") and "all" or (rec.unit_id or "?")
  return d
end

-- Tie-break keys in words for the reasons: "-score" → "điểm đánh giá".
local KEY_WORDS = { grade_rank = "xếp loại", initiative_count = "số sáng kiến", score = "điểm đánh giá",
                    id = "mã", rank = "hạng trong khối", block = "khối" }
local ROUNDING_WORDS = { floor = "làm tròn xuống", half_up = "làm tròn", ceil = "làm tròn lên" }
local function key_text(k)
  if not k then return nil end
  local f = k:gsub("^%-", "")
  return KEY_WORDS[f] or f
end
local function keys_text(keys)
  local out = {}
  for i, k in ipairs(keys) do out[i] = key_text(k) end
  return table.concat(out, ", ")
end

-- Applies "CSTĐCS at most pct% of the LĐTT count" per pool. ldtt_counts[pool] is the base.
-- Candidates beyond the quota keep eligible = true, get granted = false and a reason.
-- Returns one quota line per pool: { pool, base, pct, allowed, candidates, granted, text }.
function M.apply_cstdcs_quota(decisions, ldtt_counts, s)
  local c = s.cstdcs
  local pools, names = {}, {}
  for _, d in ipairs(decisions) do
    if d.eligible then
      if not pools[d.pool] then pools[d.pool] = {}; names[#names + 1] = d.pool end
      table.insert(pools[d.pool], d)
    end
  end
  for p in pairs(ldtt_counts) do if not pools[p] then pools[p] = {}; names[#names + 1] = p end end
  table.sort(names)
  local lines = {}
  for _, p in ipairs(names) do
    local base = ldtt_counts[p] or 0
    local allowed = quota.allowed(base, c.quota_pct, c.rounding, { min_one = c.min_one })
    local text = quota.describe(base, c.quota_pct, c.rounding, allowed)
    if c.min_one and base > 0 and allowed == 1 then text = text .. ", tối thiểu 1" end
    local kept, moved, why = quota.select(pools[p], allowed, c.tie_break)
    for i, d in ipairs(kept) do
      d.quota_rank = i
      d.notes[#d.notes + 1] = ("Hạn mức CSTĐCS (%s) %s; xếp thứ %d trong %d người đủ tiêu chuẩn")
                                :format(p == "all" and "toàn cơ quan" or p, text, i, #pools[p])
    end
    for i, d in ipairs(moved) do
      d.granted = false
      d.quota_rank = allowed + i
      local key = why[d]
      d.refused_by = ("vượt hạn mức CSTĐCS: %s; xếp thứ %d/%d%s"):format(text, allowed + i, #pools[p],
        key and (" (phân định theo " .. key_text(key) .. ")") or "")
      d.notes[#d.notes + 1] = "Không được công nhận vì " .. d.refused_by
    end
    lines[#lines + 1] = { pool = p, base = base, pct = c.quota_pct, allowed = allowed,
                          candidates = #pools[p], granted = #kept, text = text }
  end
  return lines
end

-- CSTĐ cấp tỉnh: s.cstdt.streak consecutive CSTĐCS up to `year` (counted after the last CSTĐ
-- tỉnh), and an initiative at s.cstdt.initiative_levels within those years.

C.key_text, C.keys_text, C.ROUNDING_WORDS = key_text, keys_text, ROUNDING_WORDS

return M
