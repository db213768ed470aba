-- scoring.lua — target attainment (tỷ lệ đạt so với kế hoạch), indicator points, and the check
-- of the percentage a report printed against the one computed from its plan and actual.
--
--   local scoring = require "scoring"
--   config.scoring = { indicators = { VIECLAM = { weight = 20, scorer = scoring.proportional{} } } }
--   step("Chấm điểm chỉ tiêu", scoring.step)
--
-- Reference with examples: docs/scoring.md. Everything a province may decide (how to score,
-- what to do with a missing plan or actual, a plan of 0, how a printed % may have been rounded)
-- is a config field, never a constant here, because provinces and years differ.
local M = {}

-- The emulation score sheet (bảng chấm điểm thi đua khối) and its bonus and deduction lines.
-- They live here rather than in schema.lua because only scoring and ranking read them.
define_table { name = "criteria",
  columns = {
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "group_id", "text", required = true },    -- nhóm tiêu chí, e.g. NV = nhiệm vụ chuyên môn
    { "group_name", "text" },
    { "max_points", "number", required = true },
    { "sort", "integer" },                      -- order on the sheet; groups show in this order
    { "source", "text" },
  },
  key = { "id" } }

define_table { name = "criterion_scores",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "criterion_id", "text", required = true, ref = "criteria.id" },
    { "self_points", "number" },                -- điểm tự chấm
    { "verified_points", "number" },            -- điểm khối / Hội đồng thẩm định
    { "note", "text" },
    { "source", "text" },
  },
  key = { "unit_id", "year", "criterion_id" } }

define_table { name = "adjustments",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "line", "text", required = true },        -- line number on the sheet, unique per unit and year
    { "cap_group", "text" },                    -- which bonus ceiling the line counts against
    { "points", "number", required = true },    -- signed: + bonus (điểm thưởng), − deduction (điểm trừ)
    { "reason", "text" },
    { "source", "text" },
  },
  key = { "unit_id", "year", "line" } }

---------------------------------------------------------------------------------------------------
-- Numbers in words an office user reads
---------------------------------------------------------------------------------------------------

-- Vietnamese number format: 20.360 and 110,05. Without `decimals`, up to 4 and no trailing zeros.
-- Under evalrun, text.number (C) writes it; vi_text below is the same in Lua, for the library's
-- tests under plain lua5.4.
-- Explanations print the same few figures again and again (weights, 100%, points), and every
-- target row prints several, so the texts are kept (vi_cache) and the digits are grouped without
-- pattern matching: at a million target rows this was a third of the scoring's time.
local VI_CACHE_MAX = 20000          -- texts kept per decimals setting before the cache starts over
local vi_cache, vi_count = {}, {}   -- [decimals or "auto"][x] = text
local FIXED = {}                    -- [decimals] = "%.<decimals>f"

-- "20360" -> "20.360": thousands grouped with dots.
local function group3(int)
  local n = #int
  if n <= 3 then return int end
  local head = n % 3
  if head == 0 then head = 3 end
  local parts = { int:sub(1, head) }
  for i = head + 1, n, 3 do parts[#parts + 1] = int:sub(i, i + 2) end
  return table.concat(parts, ".")
end

local function vi_text(x, decimals)
  local s
  if decimals then
    local f = FIXED[decimals]
    if not f then f = "%." .. decimals .. "f"; FIXED[decimals] = f end
    s = f:format(x)
  elseif x == math.floor(x) and x > -1e15 and x < 1e15 then
    s = ("%d"):format(x)                          -- a whole number: no decimals to strip
  else
    s = ("%.4f"):format(x):gsub("0+$", ""):gsub("%.$", "")
  end
  local neg = s:byte(1) == 45                     -- "-"
  if neg then s = s:sub(2) end
  local dot = s:find(".", 1, true)
  local int, frac = s, ""
  if dot then int, frac = s:sub(1, dot - 1), s:sub(dot + 1) end
  int = group3(int)
  if neg and (int .. frac):find("[1-9]") then int = "-" .. int end
  return frac ~= "" and (int .. "," .. frac) or int
end

-- Most figures of a national run are printed once, so they miss the cache and the formatting
-- is what costs: text.number does it in C, faster than a look-up in the cache below, which
-- serves the library's tests under plain Lua. vi_text still writes what is not a finite number.
local c_number = text and text.number
local HUGE = math.huge

function M.vi(x, decimals)
  if x == nil then return "—" end
  if c_number and x == x and x ~= HUGE and x ~= -HUGE then return c_number(x, decimals, 4) end
  if x == HUGE then return "∞" end
  if x ~= x or x == -math.huge then return vi_text(x, decimals) end  -- NaN: never a table key
  if x == 0 then x = 0.0 end                      -- never print "-0"
  local slot = decimals or "auto"
  local cache = vi_cache[slot]
  if not cache then cache = {}; vi_cache[slot] = cache; vi_count[slot] = 0 end
  local s = cache[x]
  if s then return s end
  if c_number then s = c_number(x, decimals, 4) else s = vi_text(x, decimals) end
  if vi_count[slot] >= VI_CACHE_MAX then cache = {}; vi_cache[slot] = cache; vi_count[slot] = 0 end
  cache[x] = s
  vi_count[slot] = vi_count[slot] + 1
  return s
end

local function pct_text(p, decimals) return p and (M.vi(p, decimals) .. "%") or "—" end

---------------------------------------------------------------------------------------------------
-- Exact percentages
---------------------------------------------------------------------------------------------------

local abs, mfloor, max, tointeger, mtype = math.abs, math.floor, math.max, math.tointeger, math.type
local P10, LIMIT = {}, {}   -- 10^e, and the largest integer that may be multiplied by it
for e = 0, 18 do P10[e] = tointeger(10 ^ e); LIMIT[e] = (1 << 62) // P10[e] end
local function pow10(e)
  local p = P10[e]
  if p then return p end
  local r = 1; for _ = 1, e do r = r * 10 end; return r
end

-- x as an integer n and k with x = n / 10^k (k <= 6), or nil. Report figures are short decimals,
-- so working on these integers makes 0,95 / 0,8 exactly 118,75% (in floating point it is
-- 118,7499…, which would round the wrong way).
local function as_decimal(x)
  if mtype(x) == "integer" and x > -(1 << 53) and x < (1 << 53) then return x, 0 end
  for k = 0, 6 do
    local y = x * P10[k]
    local r = mfloor(y + 0.5)
    if abs(y - r) <= 1e-9 * max(1, abs(y)) and abs(r) < 2 ^ 53 then
      return tointeger(r), k
    end
  end
end

-- The last num and den turned into decimals: one target's ratio is printed, rounded, checked
-- against the printed % and shown to 4 places, always on the same two figures.
local last_num, last_den, last_a, last_ka, last_b, last_kb

-- num/den × 100 at `decimals` places as a whole number of 10^-decimals, rounded by `mode`:
-- "round" (half away from zero, the way people and Excel round) or "truncate" (digits cut off).
local c_percent = decimal and decimal.percent   -- the same in C (core/lua_decimal.c), under evalrun

function M.percent_units(num, den, decimals, mode)
  if den == 0 then error("percent of a zero denominator", 0) end
  if c_percent and mtype(decimals) == "integer" and decimals >= 0 and decimals <= 12 then
    return c_percent(num, den, decimals, mode == "round" and "round" or "truncate")
  end
  local a, ka, b, kb
  if num == last_num and den == last_den then
    a, ka, b, kb = last_a, last_ka, last_b, last_kb
  else
    a, ka = as_decimal(num)
    b, kb = as_decimal(den)
    last_num, last_den, last_a, last_ka, last_b, last_kb = num, den, a, ka, b, kb
  end
  if a and b then
    local scale = kb + 2 + decimals
    if scale >= 0 and scale <= 15 and abs(a) < LIMIT[scale] and abs(b) < LIMIT[ka] then
      local n, m = a * P10[scale], b * P10[ka]
      local neg = (n < 0) ~= (m < 0)
      if n < 0 then n = -n end
      if m < 0 then m = -m end
      local q, r = n // m, n % m
      if mode == "round" and 2 * r >= m then q = q + 1 end
      return neg and -q or q
    end
  end
  -- Figures with more than 6 decimals: floating point with a small allowance.
  local v = num / den * 100 * pow10(decimals)
  local av = math.abs(v)
  local q = (mode == "round") and math.floor(av + 0.5 + 1e-9) or math.floor(av + 1e-9)
  q = math.tointeger(q) or q
  return v < 0 and -q or q
end

-- num/den as a percentage rounded to `decimals` places (110.05 for 20.360/18.500 at 2).
function M.percent(num, den, decimals, mode)
  decimals = decimals or 2
  return M.percent_units(num, den, decimals, mode or "round") / (P10[decimals] or pow10(decimals))
end

---------------------------------------------------------------------------------------------------
-- The printed percentage
---------------------------------------------------------------------------------------------------

-- Reads a percentage as a report printed it: "163,3%", "110", "100,34 %", "1.234,5".
-- Returns value, decimals printed, and the value in units of 10^-decimals (exact), or nil, message.
-- A comma is the decimal mark (Vietnamese); a dot followed by exactly three digits is a thousands
-- separator; any other dot is read as a decimal mark, because a percentage typed on an English
-- keyboard ("107.4") is more likely than a percentage above a thousand.
-- A number (from a number column) has lost its trailing zeros: 110,0 arrives as 110 and counts as
-- printed with 0 decimals. That is why the targets table keeps the printed text (reported_text).
local function parse_printed(s)
  if type(s) == "number" then
    local n, k = as_decimal(s)
    if not n then return nil, "tỷ lệ báo cáo có quá nhiều chữ số thập phân" end
    return s, k, n
  end
  if type(s) ~= "string" then return nil, "tỷ lệ báo cáo không đọc được" end
  local t = s:gsub("%s", ""):gsub("%%$", "")
  local neg = t:sub(1, 1) == "-"
  if neg then t = t:sub(2) end
  local int, frac
  if t:find(",", 1, true) then
    int, frac = t:match("^([%d%.]+),(%d+)$")
    if int and not int:match("^%d+$") and not int:match("^%d%d?%d?%.%d%d%d[%.%d]*$") then int = nil end
    if int then int = int:gsub("%.", "") end
  elseif t:match("^%d%d?%d?%.%d%d%d$") then
    int, frac = t:gsub("%.", ""), ""
  else
    int, frac = t:match("^(%d+)%.?(%d*)$")
  end
  if not int then return nil, ('"%s" không phải là một tỷ lệ phần trăm'):format(s) end
  local units = math.tointeger(tonumber(int .. frac))
  if neg then units = -units end
  return units / pow10(#frac), #frac, units
end

-- Reports print the same percentages many times over (100%, 101,4%), so each text is read once.
local PRINTED_CACHE_MAX = 20000
local printed_cache, printed_count = {}, 0

function M.parse_printed(s)
  if type(s) ~= "string" then return parse_printed(s) end
  local hit = printed_cache[s]
  if hit then return hit[1], hit[2], hit[3] end
  local value, decimals, units = parse_printed(s)
  if printed_count >= PRINTED_CACHE_MAX then printed_cache, printed_count = {}, 0 end
  printed_cache[s] = { value, decimals, units }
  printed_count = printed_count + 1
  return value, decimals, units
end

local MODE_WORDS = { round = "làm tròn", truncate = "cắt bớt chữ số" }

-- Compares a printed percentage with num/den. The printed figure agrees when it equals the
-- computed one at the printed precision under one of the accepted modes (default: rounded or
-- truncated, because offices do both: the seed prints 17.250/17.000 as 101,4% and
-- 14.873/14.950 as 99,48%). Returns a table:
--   { agrees, how ("round"/"truncate"/nil), printed, decimals, rounded, truncated, text }
function M.check_printed(num, den, printed, accept)
  accept = accept or { "round", "truncate" }
  local value, decimals, units = M.parse_printed(printed)
  if not value then return { agrees = false, error = decimals, text = decimals } end
  local r = { printed = value, decimals = decimals, agrees = false }
  local scale = pow10(decimals)
  local rounded = M.percent_units(num, den, decimals, "round")
  local truncated = M.percent_units(num, den, decimals, "truncate")
  r.rounded, r.truncated = rounded / scale, truncated / scale
  for _, mode in ipairs(accept) do
    if MODE_WORDS[mode] == nil then
      error("printed_check.accept: unknown mode '" .. tostring(mode) .. "' (round or truncate)", 2)
    end
    if (mode == "round" and rounded or truncated) == units then r.agrees, r.how = true, mode; break end
  end
  local exact = M.percent(num, den, 4)
  if r.agrees then
    r.text = ("Tỷ lệ báo cáo %s khớp với %s (%s đến %d chữ số thập phân)")
      :format(pct_text(value, decimals), pct_text(exact), MODE_WORDS[r.how], decimals)
  else
    r.text = ("Tỷ lệ báo cáo %s KHÔNG khớp: tính được %s (làm tròn %s, cắt bớt %s)")
      :format(pct_text(value, decimals), pct_text(exact), pct_text(r.rounded, decimals),
              pct_text(r.truncated, decimals))
  end
  return r
end

---------------------------------------------------------------------------------------------------
-- Attainment ratio
---------------------------------------------------------------------------------------------------

M.DIRECTIONS = {
  higher = "càng cao càng tốt",
  lower = "càng thấp càng tốt",
  reduce = "mức giảm (điểm %)",
}

-- Appends a formatted step (a plain function, not a closure made for every target row).
local function say(steps, fmt, ...) steps[#steps + 1] = fmt:format(...) end

-- The attainment ratio of one indicator (1.1005 = 110,05% of plan) and how it was reached.
-- Returns { status, ratio, num, den, steps }. status is:
--   "ok"             ratio computed (may be math.huge: a lower-is-better indicator with actual 0)
--   "missing_plan", "missing_actual"   a figure is absent: the caller applies config.scoring.missing
--   "plan_zero"      higher/reduce with plan 0: the caller applies config.scoring.plan_zero
-- direction "reduce" is a "giảm N điểm %" indicator: plan and actual are the sizes of the
-- reduction, so a larger reduction is better and a negative actual means the rate went up.
function M.attainment(direction, plan, actual)
  direction = direction or "higher"
  if not M.DIRECTIONS[direction] then
    error(("unknown indicator direction '%s' (higher, lower or reduce)"):format(tostring(direction)), 2)
  end
  local steps = {}
  local r = { steps = steps }
  if plan == nil then r.status = "missing_plan"; say(steps, "Chưa có số kế hoạch"); return r end
  if actual == nil then r.status = "missing_actual"; say(steps, "Chưa có số thực hiện"); return r end
  if plan < 0 then
    r.status = "bad_plan"
    say(steps, "Kế hoạch %s là số âm: không tính được tỷ lệ đạt", M.vi(plan))
    return r
  end
  if direction == "lower" then
    if actual < 0 then r.status = "bad_actual"; say(steps, "Thực hiện %s là số âm", M.vi(actual)); return r end
    r.num, r.den = plan, actual
    if actual == 0 then
      -- Nothing happened of what should be low (no accident, no overdue file): the best result.
      -- Plan 0 and actual 0 is exactly on plan; plan > 0 and actual 0 cannot be a finite ratio.
      r.status = "ok"
      r.ratio = (plan == 0) and 1 or math.huge
      say(steps, "Chỉ tiêu càng thấp càng tốt: kế hoạch %s, thực hiện 0 → %s", M.vi(plan),
          plan == 0 and "đạt đúng kế hoạch (100%)" or "vượt kế hoạch (không tính được tỷ lệ, coi là mức cao nhất)")
      return r
    end
    r.status, r.ratio = "ok", plan / actual
    r.pct2 = M.percent(plan, actual, 2)   -- kept: the ratio at 2 places is usually the one shown
    say(steps, "Chỉ tiêu càng thấp càng tốt: tỷ lệ đạt = kế hoạch / thực hiện = %s / %s = %s",
        M.vi(plan), M.vi(actual), pct_text(r.pct2))
    return r
  end
  if direction == "higher" and actual < 0 then
    r.status = "bad_actual"; say(steps, "Thực hiện %s là số âm", M.vi(actual)); return r
  end
  if plan == 0 then r.status = "plan_zero"; say(steps, "Kế hoạch bằng 0: không chia được"); return r end
  r.num, r.den = actual, plan
  r.status, r.ratio = "ok", actual / plan
  r.pct2 = M.percent(actual, plan, 2)
  if direction == "reduce" then
    say(steps, "Chỉ tiêu giảm: tỷ lệ đạt = mức giảm thực hiện / mức giảm kế hoạch = %s / %s = %s",
        M.vi(actual), M.vi(plan), pct_text(r.pct2))
    if actual < 0 then say(steps, "Mức giảm âm: tỷ lệ đã tăng %s điểm thay vì giảm", M.vi(-actual)) end
  else
    say(steps, "Tỷ lệ đạt = thực hiện / kế hoạch = %s / %s = %s", M.vi(actual), M.vi(plan), pct_text(r.pct2))
  end
  return r
end

---------------------------------------------------------------------------------------------------
-- Scorers: ratio → share of the indicator's weight (1 = full points)
---------------------------------------------------------------------------------------------------
-- A scorer is a table { kind, describe = "...", share = function(self, ratio) -> share, step }.
-- A rule file may also give a plain function(ratio, target) returning share, step.

local EPS = 1e-12   -- 56/70 and 0.8 are the same double, but sums of shares may not be
local function ge(a, b) return a >= b - EPS end

local function check_num(opts, field, lo, hi)
  local v = opts[field]
  if v ~= nil and (type(v) ~= "number" or (lo and v < lo) or (hi and v > hi)) then
    error(("scorer field %s must be a number%s, got %s"):format(field,
      lo and (hi and (" from " .. lo .. " to " .. hi) or (" ≥ " .. lo)) or "", tostring(v)), 3)
  end
end

-- Full points once the ratio reaches `at` (default 1 = 100% of plan), none below.
function M.threshold(opts)
  opts = opts or {}
  check_num(opts, "at", 0)
  local at = opts.at or 1
  return { kind = "threshold", at = at,
    describe = ("đạt từ %s kế hoạch: đủ điểm; dưới mức đó: 0 điểm"):format(pct_text(at * 100)),
    share = function(_, ratio)
      if ge(ratio, at) then return 1, ("Đạt từ %s kế hoạch → đủ điểm"):format(pct_text(at * 100)) end
      return 0, ("Dưới %s kế hoạch → 0 điểm"):format(pct_text(at * 100))
    end }
end

-- Full points at or above `full_at` (default 100% of plan); proportional below it
-- (ratio / full_at); zero below `floor`; above plan a bonus of `bonus_rate` × the excess ratio,
-- at most `bonus_cap` (both as shares of the weight; no bonus by default).
function M.proportional(opts)
  opts = opts or {}
  check_num(opts, "full_at", 0); check_num(opts, "floor", 0)
  check_num(opts, "bonus_rate", 0); check_num(opts, "bonus_cap", 0)
  local full_at, floor = opts.full_at or 1, opts.floor or 0
  local rate, cap = opts.bonus_rate or 0, opts.bonus_cap or 0
  if floor > full_at then error("scorer: floor is above full_at", 2) end
  local d = { ("từ %s kế hoạch: đủ điểm"):format(pct_text(full_at * 100)),
              "dưới mức đó: điểm theo tỷ lệ" }
  if floor > 0 then d[#d + 1] = ("dưới %s: 0 điểm"):format(pct_text(floor * 100)) end
  if rate > 0 and cap > 0 then
    d[#d + 1] = ("vượt kế hoạch: cộng %s điểm cho mỗi 1%% vượt, tối đa %s điểm")
      :format(pct_text(rate * 100), pct_text(cap * 100))
  end
  return { kind = "proportional", full_at = full_at, floor = floor, bonus_rate = rate, bonus_cap = cap,
    describe = table.concat(d, "; "),
    share = function(_, ratio)
      if floor > 0 and not ge(ratio, floor) then
        return 0, ("Dưới ngưỡng %s kế hoạch → 0 điểm"):format(pct_text(floor * 100))
      end
      if not ge(ratio, full_at) then
        local s = ratio / full_at
        if s < 0 then s = 0 end
        return s, ("Chưa đạt %s → điểm theo tỷ lệ: %s số điểm"):format(pct_text(full_at * 100),
          pct_text(M.round(s * 100, 2)))
      end
      local excess = ratio - 1
      if rate > 0 and cap > 0 and excess > EPS then
        local bonus = excess * rate
        if bonus >= cap or ratio == math.huge then
          return 1 + cap, ("Vượt kế hoạch → đủ điểm, cộng thêm mức tối đa %s số điểm"):format(pct_text(cap * 100))
        end
        return 1 + bonus, ("Vượt kế hoạch %s → đủ điểm, cộng thêm %s số điểm")
          :format(pct_text(M.round(excess * 100, 2)), pct_text(M.round(bonus * 100, 2)))
      end
      return 1, ("Đạt từ %s kế hoạch → đủ điểm"):format(pct_text(full_at * 100))
    end }
end

-- Banded steps: bands = { { min = 1.0, share = 1 }, { min = 0.9, share = 0.8 }, ... } — the first
-- band whose `min` the ratio reaches gives its share; below every band, `otherwise` (default 0).
function M.bands(bands, opts)
  opts = opts or {}
  if type(bands) ~= "table" or #bands == 0 then error("scoring.bands needs a list of bands", 2) end
  local sorted = {}
  for i, b in ipairs(bands) do
    if type(b.min) ~= "number" or type(b.share) ~= "number" then
      error(("scoring.bands: band %d needs numbers min and share"):format(i), 2)
    end
    sorted[i] = b
  end
  -- Highest threshold first, whatever order the author wrote them in.
  table.sort(sorted, function(a, b) return a.min > b.min end)
  local otherwise = opts.otherwise or 0
  local d = {}
  for _, b in ipairs(sorted) do
    d[#d + 1] = ("từ %s: %s số điểm"):format(pct_text(b.min * 100), pct_text(b.share * 100))
  end
  return { kind = "bands", bands = sorted, describe = table.concat(d, "; "),
    share = function(_, ratio)
      for _, b in ipairs(sorted) do
        if ge(ratio, b.min) then
          return b.share, ("Đạt từ %s kế hoạch → mức %s số điểm"):format(pct_text(b.min * 100),
            pct_text(b.share * 100))
        end
      end
      return otherwise, ("Dưới %s kế hoạch → %s số điểm"):format(pct_text(sorted[#sorted].min * 100),
        pct_text(otherwise * 100))
    end }
end

function M.round(x, decimals)
  local m = pow10(decimals or 0)
  local v = x * m
  v = (v >= 0) and math.floor(v + 0.5 + 1e-9) or -math.floor(-v + 0.5 + 1e-9)
  return v / m
end

local function apply_scorer(scorer, ratio, target)
  if type(scorer) == "function" then
    local s, why = scorer(ratio, target)
    return s, why or "Điểm theo hàm riêng của quy định"
  end
  return scorer:share(ratio)
end

---------------------------------------------------------------------------------------------------
-- One target row
---------------------------------------------------------------------------------------------------

local POLICIES = {
  missing = { zero = true, skip = true, error = true },
  plan_zero = { zero = true, skip = true, full = true, error = true },
}

local function policy(cfg, name)
  local p = cfg[name] or "error"
  if not POLICIES[name][p] then
    error(("config.scoring.%s = '%s' is not one of: %s"):format(name, tostring(p),
      name == "missing" and "zero, skip, error" or "zero, skip, full, error"), 0)
  end
  return p
end

local function place(row)
  if db and db.place and row._src then
    local ok, p = pcall(db.place, "targets", row)
    if ok and p then return p end
  end
  return row._src and (row._src .. ":" .. tostring(row._line)) or "targets"
end

-- Scores one target row. `ind` is its indicators row, `spec` its config.scoring.indicators
-- entry (or nil: checked but not scored), `cfg` config.scoring. Returns
--   { unit_id, indicator_id, ratio, pct, counted, share, points, weight, check, verdict, steps }
-- counted = false means the row is left out and the weights renormalised.
function M.score_target(row, ind, spec, cfg)
  cfg = cfg or {}
  local decimals = cfg.decimals or 2
  local direction = (ind and ind.direction) or "higher"
  local a = M.attainment(direction, row.plan, row.actual)
  local r = { unit_id = row.unit_id, indicator_id = row.indicator_id, year = row.year,
              plan = row.plan, actual = row.actual, direction = direction,
              weight = spec and spec.weight or 0, steps = {} }
  local steps = r.steps
  for i, s in ipairs(a.steps) do steps[i] = s end
  -- The ratio's explanation is how the ratio was reached, not what the points made of it.
  r.ratio_steps = a.steps

  local ratio = a.ratio
  local forced_share
  if a.status == "missing_plan" and not spec and row.actual ~= nil then
    -- A figure the report gives without a plan, on an indicator the sheet does not score: a
    -- result to show, not a gap in the data.
    r.verdict = "chỉ báo cáo kết quả"
    r.steps[#r.steps] = "Chỉ tiêu chỉ báo cáo kết quả, không giao kế hoạch"
  elseif a.status == "missing_plan" or a.status == "missing_actual" then
    local p = policy(cfg, "missing")
    if p == "error" then
      error(("%s: %s của chỉ tiêu %s (config.scoring.missing = \"error\")"):format(place(row),
        a.status == "missing_plan" and "thiếu số kế hoạch" or "thiếu số thực hiện", row.indicator_id), 0)
    elseif p == "skip" then
      r.counted = false
      say(steps, "Theo quy định: chỉ tiêu thiếu số liệu không tính điểm, trọng số chia lại cho các chỉ tiêu còn lại")
    else
      forced_share = 0
      say(steps, "Theo quy định: chỉ tiêu thiếu số liệu tính 0 điểm")
    end
    r.verdict = "thiếu số liệu"
  elseif a.status == "plan_zero" then
    local p = policy(cfg, "plan_zero")
    if p == "error" then
      error(("%s: kế hoạch của chỉ tiêu %s bằng 0 (config.scoring.plan_zero = \"error\")")
        :format(place(row), row.indicator_id), 0)
    elseif p == "skip" then
      r.counted = false
      say(steps, "Theo quy định: chỉ tiêu có kế hoạch 0 không tính điểm, trọng số chia lại")
    elseif p == "full" then
      forced_share = 1
      say(steps, "Theo quy định: kế hoạch 0 coi như hoàn thành, đủ điểm")
    else
      forced_share = 0
      say(steps, "Theo quy định: kế hoạch 0 tính 0 điểm")
    end
    r.verdict = "kế hoạch bằng 0"
  elseif a.status ~= "ok" then
    error(("%s: chỉ tiêu %s: %s"):format(place(row), row.indicator_id, a.steps[#a.steps]), 0)
  end

  if ratio then
    r.ratio = ratio
    if ratio ~= math.huge then r.pct = (decimals == 2 and a.pct2) or M.percent(a.num, a.den, decimals) end
    if ge(ratio, 1) then
      r.verdict = (ratio > 1 + EPS) and "vượt kế hoạch" or "đạt kế hoạch"
    else
      r.verdict = "chưa đạt"
    end
  end

  -- The printed percentage, when the report printed one.
  local printed = row.reported_text
  if printed == nil or printed == "" then printed = row.reported_pct end
  if printed ~= nil and printed ~= "" then
    if a.num and a.den and a.den ~= 0 then
      r.check = M.check_printed(a.num, a.den, printed, cfg.printed_check and cfg.printed_check.accept)
      r.printed_text = type(printed) == "string" and printed or M.vi(printed)
      say(steps, "%s", r.check.text)
    else
      r.check = { agrees = false, text = "Không kiểm tra được tỷ lệ báo cáo: thiếu kế hoạch hoặc thực hiện" }
      say(steps, "%s", r.check.text)
    end
  end

  if r.counted == false then return r end
  r.counted = true
  if not spec then
    r.counted = false
    say(steps, "Chỉ tiêu không có trong bảng điểm (config.scoring.indicators): chỉ tính tỷ lệ, không tính điểm")
    return r
  end
  local share, why
  if forced_share then
    share = forced_share
  else
    local scorer = spec.scorer or cfg.scorer or M.proportional()
    share, why = apply_scorer(scorer, ratio, row)
    if type(share) ~= "number" then
      error(("scorer of indicator %s returned %s instead of a number"):format(row.indicator_id, tostring(share)), 0)
    end
    say(steps, "%s", why)
  end
  r.share = share
  r.points = M.round(share * r.weight, M.points_decimals(cfg))
  say(steps, "Điểm = %s × trọng số %s = %s", pct_text(M.round(share * 100, 2)), M.vi(r.weight), M.vi(r.points))
  return r
end

-- Adds up one unit's scored rows: Σ points, with the weights of rows left out (counted = false)
-- spread over the rest in proportion, so a unit is not punished for an indicator the rule file
-- chose to skip. Returns total, full (Σ weights of scored rows), factor, steps.
-- Where points are rounded (config.scoring.rounding): "display" (the default) keeps them to
-- 0,0001 and rounds only in the table; "published" rounds each indicator's points and the total
-- to config.scoring.points_decimals (default 2, as the table shows them), so the sum is the sum
-- of the printed figures.
function M.points_decimals(cfg)
  local mode = cfg and cfg.rounding or "display"
  if mode == "display" then return 4 end
  if mode == "published" then return cfg.points_decimals or 2 end
  error(("config.scoring.rounding = '%s' is not one of: display, published"):format(tostring(mode)), 0)
end

function M.total(results, cfg)
  local weight_all, weight_counted, sum = 0, 0, 0
  for _, r in ipairs(results) do
    if r.weight and r.weight > 0 and (r.counted or r.skipped_weight) then weight_all = weight_all + r.weight end
    if r.counted then weight_counted = weight_counted + r.weight; sum = sum + r.points end
  end
  local steps = {}
  if weight_counted == 0 then return nil, weight_all, nil, { "Chưa có chỉ tiêu nào tính được điểm" } end
  local factor = 1
  if weight_counted > 0 and weight_counted < weight_all then
    factor = weight_all / weight_counted
    steps[#steps + 1] = ("Trọng số các chỉ tiêu được tính: %s / %s → nhân hệ số %s")
      :format(M.vi(weight_counted), M.vi(weight_all), M.vi(M.round(factor, 4)))
  end
  local total = M.round(sum * factor, M.points_decimals(cfg))
  steps[#steps + 1] = ("Tổng điểm chỉ tiêu = %s"):format(M.vi(total))
  return total, weight_all, factor, steps
end

---------------------------------------------------------------------------------------------------
-- The step: every unit's targets in ctx.year
---------------------------------------------------------------------------------------------------

local function indicator_spec(cfg, id)
  local s = cfg.indicators and cfg.indicators[id]
  if s == nil then return cfg.default end
  if s == false then return nil end
  return s
end

-- The spec of one target row with the weight, floor and cap the data give (the targets row for
-- its unit, else the indicators row): what config.scoring.indicators[id] says wins; floor and cap
-- (% of plan) shape the proportional scorer: nothing below the floor, proportional up to 100%,
-- then a point for a point above the plan up to the cap. Specs are kept by their data so each
-- scorer is made once.
local function data_spec(cfg, spec, ind, row, cache)
  if cfg.indicators and cfg.indicators[row.indicator_id] == false then return nil end
  local w = row.weight; if w == nil and ind then w = ind.weight end
  local fl = row.floor; if fl == nil and ind then fl = ind.floor end
  local cap = row.cap; if cap == nil and ind then cap = ind.cap end
  if w == nil and fl == nil and cap == nil then return spec end
  local key = table.concat({ row.indicator_id, tostring(w), tostring(fl), tostring(cap) }, "|")
  if cache[key] then return cache[key] end
  local s = {}
  for k, v in pairs(spec or {}) do s[k] = v end
  if s.weight == nil then s.weight = w end
  if (fl or cap) and not (spec and spec.scorer) then
    local base = cfg.scorer
    if base ~= nil and (type(base) ~= "table" or base.kind ~= "proportional") then
      error(("indicator %s: floor and cap in the data shape the proportional scorer, but config.scoring.scorer is %s")
        :format(row.indicator_id, type(base) == "table" and tostring(base.kind) or type(base)), 0)
    end
    local opts = { full_at = base and base.full_at, floor = base and base.floor,
                   bonus_rate = base and base.bonus_rate, bonus_cap = base and base.bonus_cap }
    if fl then opts.floor = fl / 100 end
    if cap then
      if cap < 100 then error(("indicator %s: cap %s%% is below the plan"):format(row.indicator_id, M.vi(cap)), 0) end
      opts.bonus_rate = (opts.bonus_rate and opts.bonus_rate > 0) and opts.bonus_rate or 1
      opts.bonus_cap = (cap - 100) / 100 * opts.bonus_rate
    end
    s.scorer = M.proportional(opts)
  end
  cache[key] = s
  return s
end

-- The target rows of `year` (all years when nil), of one unit when `unit_id` is given, as row
-- tables in the order of the report: by unit id, then indicators in sheet order (indicators.sort;
-- an indicator without one last), then by indicator id. SQLite streams them in that order, so
-- a run keeps one row at a time rather than every target of the year.
local TARGET_COLUMNS = "t._line, t._src, t.unit_id, t.year, t.indicator_id, t.plan, t.actual, "
  .. "t.reported_pct, t.reported_text, t.weight, t.floor, t.cap, t.source"
local TARGET_ORDER = " ORDER BY t.unit_id, i.sort IS NULL, i.sort, t.indicator_id"

local function target_rows_sorted(year, unit_id, indicators)
  -- Without SQL (the library's tests under plain Lua): the same rows, sorted here.
  local where = { year = year, unit_id = unit_id }
  local rows = db.all("targets", where, { "unit_id", "indicator_id" })
  local function ind_sort(id)
    local ind = indicators[id]
    return ind and ind.sort or math.huge
  end
  table.sort(rows, function(a, b)
    if a.unit_id ~= b.unit_id then return a.unit_id < b.unit_id end
    local sa, sb = ind_sort(a.indicator_id), ind_sort(b.indicator_id)
    if sa ~= sb then return sa < sb end
    return a.indicator_id < b.indicator_id
  end)
  local i = 0
  return function() i = i + 1; return rows[i] end
end

local function target_rows(year, unit_id, indicators)
  if not db.query_values then return target_rows_sorted(year, unit_id, indicators) end
  local where, args = {}, {}
  if year ~= nil then where[#where + 1] = "t.year = ?"; args[#args + 1] = year end
  if unit_id ~= nil then where[#where + 1] = "t.unit_id = ?"; args[#args + 1] = unit_id end
  local sql = "SELECT " .. TARGET_COLUMNS .. " FROM targets t LEFT JOIN indicators i ON i.id = t.indicator_id"
    .. (#where > 0 and (" WHERE " .. table.concat(where, " AND ")) or "") .. TARGET_ORDER
  local next_values = db.query_values(sql, table.unpack(args))
  return function()
    local line, src, unit, y, ind, plan, actual, rpct, rtext, w, fl, cap, source = next_values()
    if line == nil then return nil end
    return { _line = line, _src = src, unit_id = unit, year = y, indicator_id = ind, plan = plan,
             actual = actual, reported_pct = rpct, reported_text = rtext, weight = w, floor = fl,
             cap = cap, source = source }
  end
end

-- One target row scored with the spec its data and config.scoring give it.
local function score_row(row, indicators, cfg, spec_cache)
  local ind = indicators[row.indicator_id]
  local spec = data_spec(cfg, indicator_spec(cfg, row.indicator_id), ind, row, spec_cache)
  local r = M.score_target(row, ind, spec, cfg)
  if r.counted == false and spec and spec.weight then r.skipped_weight = true; r.weight = spec.weight end
  return r, ind, spec
end

local function indicator_rows()
  local indicators = {}
  for ind in db.rows("indicators") do indicators[ind.id] = ind end
  return indicators
end

-- What run returns for each unit: its total, and its scored rows (a list, as score_target gives
-- them) scored again the first time a caller reads them. Keeping every row's result until the
-- end would hold a million tables at national scale, and most callers never look.
local lazy_unit = {}
local function fill(list)
  local how = rawget(list, "_again")
  if not how then return end
  rawset(list, "_again", nil)
  local n = 0
  for row in target_rows(how.year, how.unit_id, how.indicators) do
    n = n + 1
    rawset(list, n, (score_row(row, how.indicators, how.cfg, how.spec_cache)))
  end
end
lazy_unit.__index = function(list, k)
  if type(k) ~= "number" then return nil end
  fill(list)
  return rawget(list, k)
end
lazy_unit.__len = function(list) fill(list); return rawlen(list) end

-- Scores and checks every target row of ctx.year; emits each ratio, points and printed-% check;
-- builds the table "target_attainment". Returns the results by unit id (see lazy_unit).
local scored   -- the totals of the last run: { year, cfg, totals } (unit_totals reuses them)

function M.run(ctx)
  local cfg = (ctx.config and ctx.config.scoring) or {}
  local year = ctx.year
  local decimals = cfg.decimals or 2
  local indicators = indicator_rows()

  local t = report.table {
    id = cfg.table_id or "target_attainment",
    title = cfg.table_title or ("Kết quả thực hiện chỉ tiêu kế hoạch năm " .. year),
    group = "Chỉ tiêu kế hoạch",
    columns = {
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "indicator", title = "Chỉ tiêu", type = "text" },
      { key = "measure", title = "Đơn vị tính", type = "text" },
      { key = "plan", title = "Kế hoạch", type = "number" },
      { key = "actual", title = "Thực hiện", type = "number" },
      { key = "pct", title = "Tỷ lệ đạt", type = "percent", decimals = decimals },
      { key = "printed", title = "Tỷ lệ báo cáo", type = "text" },
      { key = "check", title = "Kiểm tra tỷ lệ báo cáo", type = "text" },
      { key = "verdict", title = "Đánh giá", type = "text" },
      { key = "weight", title = "Trọng số", type = "number" },
      { key = "points", title = "Điểm", type = "number", decimals = 2 },
      cfg.show_source and { key = "source", title = "Nguồn", type = "text" } or nil,
    },
    notes = cfg.notes,
  }

  local points_table
  if cfg.points_table then
    points_table = report.table {
      id = type(cfg.points_table) == "table" and cfg.points_table.id or "target_points",
      title = type(cfg.points_table) == "table" and cfg.points_table.title or ("Điểm chỉ tiêu kế hoạch năm " .. year),
      group = "Chỉ tiêu kế hoạch",
      columns = { { key = "unit", title = "Đơn vị", type = "text" },
                  { key = "indicators", title = "Số chỉ tiêu", type = "integer" },
                  { key = "weights", title = "Tổng trọng số", type = "number" },
                  { key = "factor", title = "Hệ số chia lại", type = "number", decimals = 4 },
                  { key = "points", title = "Điểm chỉ tiêu", type = "number", decimals = 2 } } }
  end

  -- Each unit's total, kept for unit_totals: the ranking adds them up in the same run without
  -- scoring every target row a second time.
  local totals, by_unit, spec_cache = {}, {}, {}

  -- A unit's rows are all in: its total, recorded; only the total is kept.
  local function close_unit(unit_id, unit, list)
    local total, full, factor, steps = M.total(list, cfg)
    local out = setmetatable({ _again = { year = year, unit_id = unit_id, indicators = indicators,
                                          cfg = cfg, spec_cache = spec_cache } }, lazy_unit)
    by_unit[unit_id] = out
    if not total then return end
    totals[unit_id] = { total = total, steps = steps }
    if points_table then
      points_table:add { unit = unit and unit.name or unit_id, indicators = #list, weights = full,
                         factor = factor ~= 1 and factor or nil, points = total }
    end
    emit { kind = "target_score", subject = unit_id, subject_kind = "unit", year = year, value = total,
           inputs = { indicators = #list }, values = { weights = full, factor = factor },
           steps = steps }
    rawset(out, "total", total)
  end

  local unit_id, unit, list
  for row in target_rows(year, nil, indicators) do
    if row.unit_id ~= unit_id then
      if unit_id then close_unit(unit_id, unit, list) end
      unit_id, list = row.unit_id, {}
      unit = db.get("units", unit_id)
    end
    local r, ind, spec = score_row(row, indicators, cfg, spec_cache)
    local subject = row.unit_id .. ":" .. row.indicator_id
    local inputs = { plan = row.plan, actual = row.actual, direction = r.direction,
                     reported = r.printed_text, weight = spec and spec.weight or nil }
    if r.ratio then
      emit { kind = "ratio", subject = subject, subject_kind = "target", year = year,
             value = r.pct, inputs = inputs,
             values = { ratio = r.ratio ~= math.huge and r.ratio or nil, verdict = r.verdict },
             steps = r.ratio_steps }
    end
    if r.check then
      emit { kind = "printed_check", subject = subject, subject_kind = "target", year = year,
             value = r.check.agrees and "khớp" or "lệch", inputs = inputs,
             values = { printed = r.check.printed, decimals = r.check.decimals,
                        rounded = r.check.rounded, truncated = r.check.truncated, how = r.check.how },
             steps = { r.check.text } }
      if not r.check.agrees then
        emit { kind = "flag", subject = subject, subject_kind = "target", year = year,
               value = "printed_pct_mismatch", inputs = inputs,
               values = { printed = r.check.printed, rounded = r.check.rounded, truncated = r.check.truncated },
               steps = { r.check.text } }
      end
    end
    if r.points or r.counted == false then
      emit { kind = "points", subject = subject, subject_kind = "target", year = year,
             value = r.points, inputs = inputs,
             values = { share = r.share, counted = r.counted, ratio = r.ratio ~= math.huge and r.ratio or nil },
             steps = r.steps }
    end
    local check
    if r.check then
      check = r.check.agrees and ("khớp (" .. MODE_WORDS[r.check.how] .. ")")
              or ("LỆCH: tính được " .. pct_text(r.check.rounded, r.check.decimals))
    end
    t:add { unit = unit and unit.name or row.unit_id, indicator = ind and ind.name or row.indicator_id,
            measure = ind and ind.measure, plan = row.plan, actual = row.actual, pct = r.pct,
            printed = r.printed_text and (r.printed_text:gsub("%s*%%?$", "") .. "%") or nil,
            check = check, verdict = r.verdict, weight = spec and spec.weight or nil, points = r.points,
            source = cfg.show_source and row.source or nil }
    -- Only what the unit's total needs is kept until the unit is done.
    list[#list + 1] = { weight = r.weight, counted = r.counted, skipped_weight = r.skipped_weight,
                        points = r.points }
  end
  if unit_id then close_unit(unit_id, unit, list) end
  scored = { year = year, cfg = cfg, totals = totals }
  return by_unit
end

-- The target points of every unit in ctx.year, as run computes them, without emitting or building
-- a table: { [unit_id] = { total = ..., steps = {...} } }. The ranking adds them to its total when
-- config.ranking.total names "targets".
function M.unit_totals(ctx)
  local cfg = (ctx.config and ctx.config.scoring) or {}
  if scored and scored.year == ctx.year and scored.cfg == cfg then return scored.totals end
  local indicators, cache, out = indicator_rows(), {}, {}
  local unit_id, list
  local function close()
    local total, _, _, steps = M.total(list, cfg)
    if total then out[unit_id] = { total = total, steps = steps } end
  end
  for row in target_rows(ctx.year, nil, indicators) do
    if row.unit_id ~= unit_id then
      if unit_id then close() end
      unit_id, list = row.unit_id, {}
    end
    local r = score_row(row, indicators, cfg, cache)
    list[#list + 1] = { weight = r.weight, counted = r.counted, skipped_weight = r.skipped_weight,
                        points = r.points }
  end
  if unit_id then close() end
  return out
end

-- For step("...", scoring.step): the same as run, without a return value.
function M.step(ctx) M.run(ctx) end

return M
