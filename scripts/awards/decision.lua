-- awards/decision.lua — the shape of a decision (a code, a subject, conditions with label, required,
-- actual and ok) and how it is settled, explained and recorded.
local C = require "awards.common"
local M = C.M
local NAMES, IS_TITLE = C.NAMES, C.IS_TITLE
local history = C.history

-- A value as %s writes it. The texts of every decision are joined with .. rather than
-- string.format, whose %s looks for a __tostring on every string it is given.
local function text_of(v)
  if type(v) == "string" then return v end
  return tostring(v)
end

-- Small whole numbers are written once each: every decision prints several (years, counts).
local WHOLE = {}
local function fmt(v)
  if type(v) == "boolean" then return v and "có" or "không" end
  if type(v) == "number" then
    local w = WHOLE[v]
    if w then return w end
    if v == math.floor(v) then
      w = string.format("%d", v)
      if v > -10000 and v < 10000 then WHOLE[v] = w end
      return w
    end
    return (string.format("%.2f", v):gsub("0+$", ""):gsub("%.$", ""):gsub("%.", ","))
  end
  return text_of(v)
end

local function new_decision(code, rec, year)
  return { code = code, name = NAMES[code] or code, subject = rec.id, subject_kind = rec.kind,
           year = year, conditions = {}, notes = {}, values = {}, inputs = {} }
end

-- Adds one condition. `group` puts it in an alternative ground ("d1", "d2"): the decision passes
-- when every ungrouped condition holds and every condition of at least one group holds.
local function cond(d, label, required, actual, ok, detail, group)
  d.conditions[#d.conditions + 1] = { label = label, required = required, actual = actual, ok = ok,
                                      detail = detail, group = group }
  return ok
end

-- Settles d.eligible (and d.granted) from its conditions.
local function settle(d)
  local base_ok, groups, group_order = true, {}, {}
  for _, c in ipairs(d.conditions) do
    if c.group then
      if groups[c.group] == nil then groups[c.group] = true; group_order[#group_order + 1] = c.group end
      groups[c.group] = groups[c.group] and c.ok
    elseif not c.ok then base_ok = false end
  end
  local any = #group_order == 0
  for _, g in ipairs(group_order) do if groups[g] then any = true; d.ground = d.ground or g end end
  d.eligible = base_ok and any
  d.granted = d.eligible
  return d
end

-- "CSTĐCS liên tục đến năm 2024: cần 3, có 2 (2023, 2024)"
-- Yes/no conditions read "Bị kỷ luật trong năm: cần không, thực tế có".
-- The text, and the required and actual figures as written (for the decision's values).
local function condition_parts(c)
  local word = type(c.actual) == "boolean" and "thực tế" or "có"
  local required, actual = fmt(c.required), fmt(c.actual)
  local s = text_of(c.label) .. ": cần " .. required .. ", " .. word .. " " .. actual
  if c.detail and c.detail ~= "" then s = s .. " (" .. c.detail .. ")" end
  return s, required, actual
end

function M.condition_text(c) return (condition_parts(c)) end

-- Each condition's text, written once for the reason, the steps and the values of one emit.
local function condition_texts(d)
  local texts, required, actual = {}, {}, {}
  for i, c in ipairs(d.conditions) do texts[i], required[i], actual[i] = condition_parts(c) end
  return texts, required, actual
end

-- One line an office user reads: "đủ điều kiện" or "không đủ điều kiện: <the failed conditions>".
-- texts: the conditions' texts when the caller has them (condition_texts).
function M.reason(d, texts)
  if d.reason_text then return d.reason_text end   -- a decision kept as its table row (M.row_of)
  if d.granted then
    local s = "đủ điều kiện"
    if d.ground_label then s = s .. " theo " .. d.ground_label end
    if d.period then s = s .. "; thời gian thành tích " .. d.period_text end
    return s
  end
  if d.refused_by then return "không được đề nghị: " .. d.refused_by end
  local failed = {}
  local groups_seen = {}
  for i, c in ipairs(d.conditions) do
    if not c.ok and not c.group then failed[#failed + 1] = texts and texts[i] or M.condition_text(c) end
  end
  if #failed == 0 then
    -- every alternative ground failed: give each ground's first failed condition
    for i, c in ipairs(d.conditions) do
      if c.group and not c.ok and not groups_seen[c.group] then
        groups_seen[c.group] = true
        failed[#failed + 1] = texts and texts[i] or M.condition_text(c)
      end
    end
  end
  return "không đủ điều kiện: " .. table.concat(failed, "; ")
end

-- The reasoning in order: every condition with ✔/✘, the notes, then the result.
function M.steps(d, reason, texts)
  local out = {}
  for i, c in ipairs(d.conditions) do
    out[#out + 1] = (c.ok and "✔ " or "✘ ") .. (c.group and ("[" .. (d.group_labels and
      d.group_labels[c.group] or c.group) .. "] ") or "") .. (texts and texts[i] or M.condition_text(c))
  end
  for _, n in ipairs(d.notes) do out[#out + 1] = n end
  out[#out + 1] = text_of(d.subject) .. " — " .. text_of(d.name) .. ": " .. (reason or M.reason(d))
  return out
end

-- The values' names of the conditions, "dk1", "dk2" ...: made once (a number in a text is a
-- printf each time).
local DK = setmetatable({}, { __index = function(t, i) local k = "dk" .. i; t[i] = k; return k end })

-- Records the decision: kind "title"/"award" with value = its code when granted,
-- "title_refused"/"award_refused" otherwise; the conditions go into values, the reasons into steps.
function M.emit(d)
  local kind = IS_TITLE[d.code] and "title" or "award"
  local texts, required, actual = condition_texts(d)
  local reason = M.reason(d, texts)
  local values = { granted = d.granted, eligible = d.eligible, reason = reason }
  for k, v in pairs(d.values) do values[k] = v end
  for i, c in ipairs(d.conditions) do
    values[DK[i]] = text_of(c.label) .. " | cần " .. required[i] .. " | có " .. actual[i] .. " | "
                        .. (c.ok and "đạt" or "không đạt")
  end
  emit { kind = d.granted and kind or (kind .. "_refused"), subject = d.subject,
         subject_kind = d.subject_kind, year = d.year, value = d.code,
         inputs = d.inputs, values = values, steps = M.steps(d, reason, texts) }
  return reason
end

-- What a person's table keeps of a decision once it is emitted, when the decisions are not kept
-- (config.awards.keep_decisions = false): the few fields of its row, not its conditions, notes
-- and values. A decision the table leaves out (person_table: no ground at all) becomes the one
-- shared HIDDEN, so a million of them cost a pointer each.
local HIDDEN = { granted = false, eligible = false, considered = false, subject = "" }
function M.row_of(d, reason, all)
  if not (all or d.granted or d.eligible or d.considered or d.considered == nil) then return HIDDEN end
  return { subject = d.subject, granted = d.granted, eligible = d.eligible, considered = d.considered,
           period_text = d.period_text, reason_text = reason or M.reason(d) }
end

local function set_period(d, years)
  if #years > 0 then
    d.period = { years[1], years[#years] }
    local first, last = history.year_text(years[1]), history.year_text(years[#years])
    d.period_text = years[1] == years[#years] and first or (first .. "–" .. last)
    d.values.period = d.period_text
  end
  d.claim_years = years
end
C.fmt, C.new_decision, C.cond, C.settle, C.set_period = fmt, new_decision, cond, settle, set_period

return M
