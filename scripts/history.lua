-- history.lua — a person's or unit's record of years, and the questions award rules ask of it:
-- "how many consecutive years up to 2024 were HTTNV or better", "how many CSTĐCS in 2020–2024",
-- "from which year does the next Bằng khen count", "were these years already used for an award".
--
-- A record is a plain table, built by awards.records() from the facts or by hand in tests:
--   { id = "S001", kind = "person",
--     years = { [2023] = { grade = "HTXSNV", titles = { LDTT = true, CSTDCS = true }, ... } },
--     awards = { { kind = "BK_TINH", period_from = 2019, period_to = 2019,
--                  decision = "123/QĐ-UBND", decision_date = "2020-03-15" } },
--     initiatives = { { year = 2023, level = "co_so", title = "..." } } }
-- Nothing here reads the database or emits; the functions return the years they looked at
-- so the caller can write them into the decision's reasons.
local M = {}

-- Grades in increasing order. "HTTNV or better" is grade_at_least(g, "HTTNV").
M.GRADES = { KHTNV = 0, HTNV = 1, HTTNV = 2, HTXSNV = 3 }

-- Title codes and the spellings an office types in the "Danh hiệu" column.
M.TITLE_ALIASES = {
  ["LĐTT"] = "LDTT", ["LDTT"] = "LDTT", ["LAO ĐỘNG TIÊN TIẾN"] = "LDTT",
  ["CSTĐCS"] = "CSTDCS", ["CSTDCS"] = "CSTDCS", ["CHIẾN SĨ THI ĐUA CƠ SỞ"] = "CSTDCS",
  ["CSTĐ TỈNH"] = "CSTDT", ["CSTĐT"] = "CSTDT", ["CSTDT"] = "CSTDT", ["CSTĐ CẤP TỈNH"] = "CSTDT",
  ["TTLĐTT"] = "TTLDTT", ["TTLDTT"] = "TTLDTT",
  ["TTLĐXS"] = "TTLDXS", ["TTLDXS"] = "TTLDXS",
}

-- Upper-cases ASCII and the Vietnamese letters that appear in title abbreviations.
local function upper_vi(s)
  s = s:upper()
  return (s:gsub("đ", "Đ"):gsub("ỉ", "Ỉ"):gsub("ơ", "Ơ"):gsub("ở", "Ở"):gsub("ấ", "Ấ"):gsub("ộ", "Ộ")
           :gsub("ế", "Ế"):gsub("ĩ", "Ĩ"))
end

-- Parses "LĐTT, CSTĐCS" (also "+" or ";" between titles) into a set of codes.
-- Returns the set and a list of the parts it did not recognise (for a warning with the row's place).
function M.parse_titles(s)
  local set, unknown = {}, {}
  if not s or s == "" then return set, unknown end
  for part in s:gmatch("[^,;+]+") do
    local p = part:gsub("^%s+", ""):gsub("%s+$", "")
    if p ~= "" then
      local code = M.TITLE_ALIASES[upper_vi(p)]
      if code then set[code] = true else unknown[#unknown + 1] = p end
    end
  end
  return set, unknown
end

function M.grade_at_least(grade, min)
  local g, m = M.GRADES[grade or ""], M.GRADES[min]
  assert(m, "unknown grade '" .. tostring(min) .. "'")
  return g ~= nil and g >= m
end

-- Ready-made conditions on one year's entry (y may be nil: no record that year).
M.cond = {
  grade_at_least = function(min) return function(y) return y ~= nil and M.grade_at_least(y.grade, min) end end,
  title = function(code) return function(y) return y ~= nil and y.titles ~= nil and y.titles[code] == true end end,
}

-- Consecutive years ending at `upto` whose entry meets pred, not going back before `from`.
-- Returns n, years (ascending) and the year that broke the streak: nil when the streak reached
-- `from` or the first year on record.
function M.streak(rec, upto, pred, from)
  local first = from
  for y in pairs(rec.years) do if not first or (not from and y < first) then first = y end end
  local years, y = {}, upto
  while first and y >= first and pred(rec.years[y], y) do
    table.insert(years, 1, y)
    y = y - 1
  end
  return #years, years, (first and y >= first) and y or nil
end

-- Years in [from, to] whose entry meets pred. Returns n and the years (ascending).
function M.count(rec, from, to, pred)
  local years = {}
  for y = from, to do if pred(rec.years[y], y) then years[#years + 1] = y end end
  return #years, years
end

-- Initiatives in [from, to], optionally of given levels ({co_so=true, tinh=true}).
function M.initiatives(rec, from, to, levels)
  local out = {}
  for _, it in ipairs(rec.initiatives or {}) do
    if it.year >= from and it.year <= to and (not levels or levels[it.level]) then out[#out + 1] = it end
  end
  return out
end

-- Year part of a date written as 2020-03-15, 15/03/2020 or 15/3/2020.
function M.date_year(d)
  if not d or d == "" then return nil end
  local y = d:match("^(%d%d%d%d)%-%d%d?%-%d%d?$") or d:match("^%d%d?/%d%d?/(%d%d%d%d)$")
  return y and tonumber(y) or nil
end

-- The last achievement year an award covers: its period_to, else (no period written in the
-- decision, ND 98 Art. 30(9)) the year of its decision date.
function M.award_end(a)
  if a.period_to then return a.period_to, "period" end
  local y = M.date_year(a.decision_date)
  if y then return y, "decision_date" end
  return nil, "none"
end

-- The latest award of one of `kinds` whose achievement period ends before `before` (or any,
-- without `before`). Callers pass the assessment year: an award whose period reaches that year
-- is the outcome of this very assessment, so a rerun of a past year gives the same result.
local KIND_SETS = setmetatable({}, { __mode = "k" })   -- kinds list → set, made once per list
function M.last_award(rec, kinds, before)
  local set = KIND_SETS[kinds]
  if not set then
    set = {}
    for _, k in ipairs(kinds) do set[k] = true end
    KIND_SETS[kinds] = set
  end
  local best, best_end
  for _, a in ipairs(rec.awards or {}) do
    local e = M.award_end(a)
    if set[a.kind] and e and (not before or e < before) and (not best_end or e > best_end) then
      best, best_end = a, e
    end
  end
  return best, best_end
end

-- The first year the next award may count (ND 98 Art. 30(9)): the year after the achievement
-- period written in the last award of `kinds`. When the decision wrote no period, counting starts
-- at its decision date: `undated` = "decision_year" counts the decision's own year (the first
-- year assessed after the decision), "next_year" the year after. Returns from (nil when there is
-- no such award), the award, and a sentence for the reasons.
function M.window_start(rec, kinds, upto, undated)
  local a, e = M.last_award(rec, kinds, upto)
  if not a then return nil, nil, "chưa có khen thưởng trước" end
  local _, how = M.award_end(a)
  local label = a.kind .. (a.decision and (" (QĐ " .. a.decision .. ")") or "")
  if how == "period" then
    local p = (a.period_from and a.period_from ~= a.period_to)
              and (a.period_from .. "–" .. a.period_to) or tostring(a.period_to)
    return e + 1, a, ("tính từ năm %d, sau thời gian thành tích %s ghi trong %s"):format(e + 1, p, label)
  end
  local from = (undated == "next_year") and e + 1 or e
  return from, a, ("tính từ năm %d, theo ngày ban hành %s (quyết định không ghi thời gian thành tích)")
                  :format(from, label)
end

-- A year as text, made once: every decision writes a few, and a number in a text is a printf.
local YEAR_TEXT = setmetatable({}, { __index = function(t, y)
  local s = tostring(y)
  if math.type(y) == "integer" and y > 0 and y < 10000 then t[y] = s end
  return s
end })
M.year_text = function(y) return YEAR_TEXT[y] end

-- "Years a..b" for reasons: "2020–2024", "2021, 2023" or "không có".
function M.years_text(years)
  if #years == 0 then return "không có" end
  local consecutive = true
  for i = 2, #years do if years[i] ~= years[i - 1] + 1 then consecutive = false end end
  if consecutive and #years > 2 then return YEAR_TEXT[years[1]] .. "–" .. YEAR_TEXT[years[#years]] end
  local s = {}
  for i, y in ipairs(years) do s[i] = YEAR_TEXT[y] end
  return table.concat(s, ", ")
end

-- One achievement feeds one award. A ledger records which years of which subject have been
-- used, and by what; claim() refuses years already used and says by which award.
local Ledger = {}
Ledger.__index = Ledger

function M.ledger() return setmetatable({ used = {} }, Ledger) end

-- Years of `subject` already used among `years`: returns a list of { year =, by = } (empty if free).
function Ledger:conflicts(subject, years)
  local out, u = {}, self.used[subject] or {}
  for _, y in ipairs(years) do if u[y] then out[#out + 1] = { year = y, by = u[y] } end end
  return out
end

-- Marks `years` as used by `by` (a label such as "BK_TTG 2024"). Refuses (returns false and
-- the conflicts) if any year is already used; then nothing is marked.
function Ledger:claim(subject, years, by)
  local c = self:conflicts(subject, years)
  if #c > 0 then return false, c end
  self.used[subject] = self.used[subject] or {}
  for _, y in ipairs(years) do self.used[subject][y] = by end
  return true, c
end

-- Marks the achievement periods of past awards of `kinds` as used.
function Ledger:seed(rec, kinds)
  local set = {}
  for _, k in ipairs(kinds) do set[k] = true end
  for _, a in ipairs(rec.awards or {}) do
    local e = M.award_end(a)
    if set[a.kind] and e then
      local from = a.period_from or e
      local ys = {}
      for y = from, e do ys[#ys + 1] = y end
      self.used[rec.id] = self.used[rec.id] or {}
      for _, y in ipairs(ys) do
        self.used[rec.id][y] = self.used[rec.id][y] or (a.kind .. (a.decision and (" QĐ " .. a.decision) or ""))
      end
    end
  end
end

return M
