-- grading/member_level.lua — one member (or organisation) on its own facts: why it is not graded,
-- the level its score or proposal gives, and the conditions that block or cap a level.
local C = require "grading.common"
local M = C.M
local LEVELS, RANK, MANUAL, DISCIPLINE = C.LEVELS, C.RANK, C.MANUAL, C.DISCIPLINE
local DISCIPLINE_NAME = C.DISCIPLINE_NAME
local vnum, place = C.vnum, C.place
local byte = string.byte
local NO_RULES = {}

-- Why a member is not graded, or nil. A probationary member is graded like any other.
local function exclusion(row, st)
  local ex = st.cfg.exclusions
  if ex.excused and row.excused then return "excused" end
  if ex.suspended and row.suspended then return "suspended" end
  local a = row.admitted
  if a and st.admitted_cutoff then
    if #a ~= 10 or byte(a, 5) ~= 45 or byte(a, 8) ~= 45 then
      error(place("gradings", row) .. ": admitted date '" .. a .. "' is not YYYY-MM-DD", 0)
    end
    if a > st.admitted_cutoff and a <= st.review_date then return "recent" end
  end
  return nil
end
M.exclusion = exclusion

-- The step a score gives ("Điểm 92,5 → HTXSNV (≥ 90)"), made once per distinct score of the
-- run: scores have a decimal or two, so a few thousand texts serve millions of members, who
-- then share one string instead of each holding a copy. (Past SCORE_STEPS_MAX distinct scores
-- the text is made each time, so odd data cannot grow the cache without end.)
local SCORE_STEPS_MAX = 10000
local function score_step(st, s, l)
  local steps = st.score_steps
  local text = steps[s]
  if text then return text end
  text = "Điểm " .. vnum(s) .. st.band_step[l]
  if st.score_steps_n < SCORE_STEPS_MAX and s == s then   -- (NaN can be read as a key, not set)
    steps[s] = text
    st.score_steps_n = st.score_steps_n + 1
  end
  return text
end

-- The level before conditions, from the score (when the method allows) or the proposal.
-- Returns the rank (or nil) and the step that explains it.
local function starting_level(row, st)
  local s = row.score
  if s and st.cfg.method ~= "proposal" then
    local t, l = st.t
    if s >= t.htxsnv then l = "HTXSNV" elseif s >= t.httnv then l = "HTTNV"
    elseif s >= t.htnv then l = "HTNV" else l = "KHTNV" end
    return RANK[l], score_step(st, s, l)
  end
  local p = row.proposed
  if p and p ~= "" then
    local r = RANK[p]
    if not r then
      error(place("gradings", row) .. ": proposed level '" .. p .. "' is not HTXSNV, HTTNV, HTNV or KHTNV", 0)
    end
    return r, st.proposed_step[p]
  end
  if st.cfg.method == "score" then return nil, "Không có điểm: cần xem xét" end
  return nil, "Không có đề xuất và không có điểm: cần xem xét"
end

-- A level rule of the province (config.grading.level_rules): does the member meet it?
-- Returns ok and the member's actual value in words.
local function rule_holds(rule, row, st)
  if rule.check then
    local ok, actual = rule.check(row, st)
    return ok and true or false, actual
  end
  local v = row[rule.column]
  if v == nil then return true, "không ghi" end      -- not recorded: the rule is not checked
  if rule.is ~= nil then return v == rule.is, v == true and "có" or v == false and "không" or tostring(v) end
  if rule.min and v < rule.min then return false, vnum(v) end
  if rule.max and v > rule.max then return false, vnum(v) end
  return true, vnum(v)
end

-- The level rules that guard rank r: the library's own for that level (config.grading.conditions),
-- then the province's (config.grading.level_rules with level = that level). A member who fails
-- one drops to the rule's `otherwise` (by default the next level) and meets that level's rules
-- next. Returns the rank, or MANUAL and the reason.
local function guard(row, r, st, steps)
  local c = st.c
  local unf, late = row.tasks_unfinished_pct, row.tasks_late_pct
  if r == 1 then
    local ex = row.tasks_exceeded_pct
    if c.htxsnv_min_exceeded_pct and ex and ex < c.htxsnv_min_exceeded_pct then
      steps[#steps + 1] = "Chỉ " .. vnum(ex) .. "% nhiệm vụ vượt yêu cầu (cần ≥ " .. vnum(c.htxsnv_min_exceeded_pct) .. "%) → tối đa HTTNV"
      return 2
    elseif c.htxsnv_needs_remedied and row.shortcomings_remedied == false then
      steps[#steps + 1] = "Chưa khắc phục hết hạn chế đã chỉ ra → tối đa HTTNV"
      return 2
    end
  elseif r == 2 then
    if c.httnv_needs_on_time and ((late and late > 0) or (unf and unf > 0)) then
      steps[#steps + 1] = "Có nhiệm vụ trễ hạn hoặc chưa xong (HTTNV cần 100% đúng hạn) → tối đa HTNV"
      return 3
    end
  elseif r == 3 then
    if c.htnv_max_late_pct and ((late and late > c.htnv_max_late_pct) or (unf and unf > 0)) then
      -- Neither HTNV (needs all tasks done, at most the late share) nor a KHTNV case.
      local why = (unf and unf > 0) and ("chưa hoàn thành " .. vnum(unf) .. "% nhiệm vụ")
                  or (vnum(late) .. "% nhiệm vụ trễ hạn (HTNV cho phép ≤ " .. vnum(c.htnv_max_late_pct) .. "%)")
      local gap = st.cfg.gap
      steps[#steps + 1] = "Khoảng trống quy định: " .. why .. ", không đạt HTNV nhưng không thuộc trường hợp KHTNV; quy tắc chọn: " .. gap
      if gap == "manual" then return MANUAL, why end
      return RANK[gap]
    end
  end
  for _, rule in ipairs(st.level_rules[r] or NO_RULES) do
    local ok, actual = rule_holds(rule, row, st)
    if not ok then
      local to = rule.otherwise or LEVELS[r + 1]
      steps[#steps + 1] = ("%s: %s → %s"):format(rule.label, tostring(actual),
        to == "manual" and "cần xem xét" or (to == "KHTNV" and "KHTNV" or "tối đa " .. to))
      if to == "manual" then return MANUAL, rule.label .. ": " .. tostring(actual) end
      return RANK[to]
    end
  end
  return r
end
M.guard = guard

-- Applies the conditions that block or cap a level. Appends a step for each one that bites.
-- First the KHTNV cases, which hold at any level; then each level's own rules, best level
-- first: a member capped from HTXSNV to HTTNV must meet HTTNV's rules, and so on down; a rule
-- guards only its own level (htnv_max_late_pct is HTNV's rule: a member at HTTNV is held to
-- HTTNV's rules, not to it). Returns the rank, or MANUAL and the reason when the rules leave a
-- gap and the rule file said "manual".
local function apply_conditions(row, r, st, steps)
  local c = st.c
  local d = row.discipline
  if d and d ~= "" and d ~= "none" and st.discipline_min then
    local form = DISCIPLINE[d]
    if not form then
      error(place("gradings", row) .. ": discipline '" .. d .. "' is not none, khien_trach, canh_cao, cach_chuc or khai_tru", 0)
    end
    if form >= st.discipline_min and (not st.discipline_duty_only or row.discipline_duty_related) then
      if r < st.discipline_level then
        r = st.discipline_level
        steps[#steps + 1] = "Bị kỷ luật " .. DISCIPLINE_NAME[d] .. " trong năm → " .. LEVELS[r]
      end
    elseif st.discipline_other and r < st.discipline_other then
      r = st.discipline_other
      steps[#steps + 1] = "Bị kỷ luật " .. DISCIPLINE_NAME[d] .. " (không liên quan công vụ) → tối đa " .. LEVELS[r]
    end
  end
  if c.degraded_khtnv and row.degraded and r < 4 then
    r = 4; steps[#steps + 1] = "Có kết luận suy thoái → KHTNV"
  end
  local unf = row.tasks_unfinished_pct
  if c.unfinished_khtnv_over and unf and unf > c.unfinished_khtnv_over and r < 4 then
    r = 4; steps[#steps + 1] = "Không hoàn thành " .. vnum(unf) .. "% nhiệm vụ (> " .. vnum(c.unfinished_khtnv_over) .. "%) → KHTNV"
  end
  while r < 4 do
    local to, gap = guard(row, r, st, steps)
    if to == MANUAL then return MANUAL, gap end
    if to == r then break end
    r = to
  end
  local sick = c.sick_leave_months
  if sick and r < 3 and (row.sick_leave_months or 0) >= sick then
    r = 3; steps[#steps + 1] = "Nghỉ ốm " .. vnum(row.sick_leave_months) .. " tháng (≥ " .. vnum(sick) .. ") → tối đa HTNV"
  end
  return r
end
M.apply_conditions = apply_conditions

-- The level a member's own facts allow: rank (or MANUAL), steps, gap reason.
function M.assess(row, st)
  local r, first = starting_level(row, st)
  local steps = { first }
  if not r then return MANUAL, steps, "missing" end
  local r2, gap = apply_conditions(row, r, st, steps)
  return r2, steps, gap
end

return M
