-- quota.lua — "at most P% of BASE", and who keeps a place when there are more candidates.
--
-- Used by party grading (HTXSNV at most 20% of those graded HTTNV) and by emulation titles
-- (CSTĐCS at most 15% of the LĐTT count; Government flags at most 20% of block leaders).
-- No central text says how to round, so the rounding is the rule file's choice:
--   "floor"    — "không vượt quá" read literally: the largest n with 100*n <= pct*base (default)
--   "half_up"  — nearest whole number, .5 up
--   "ceil"     — smallest n with 100*n >= pct*base
-- opts.min_one = true gives at least one place when base > 0.
local order = require "order"
local M = {}

-- Integer arithmetic on hundredths of a percent so 20% of 35 is exactly 7, never 6.9999.
local function scaled(pct) return math.floor(pct * 100 + 0.5) end

function M.allowed(base, pct, rounding, opts)
  rounding = rounding or "floor"
  assert(base >= 0, "quota base must not be negative")
  local num = base * scaled(pct)           -- allowed = num / 10000
  local n
  if rounding == "floor" then
    n = num // 10000
  elseif rounding == "ceil" then
    n = -((-num) // 10000)
  elseif rounding == "half_up" then
    n = (num * 2 + 10000) // 20000
  else
    error("unknown quota rounding '" .. tostring(rounding) .. "' (floor, half_up or ceil)", 2)
  end
  if opts and opts.min_one and base > 0 and n < 1 then n = 1 end
  return math.tointeger(n) or n
end

-- What each rounding is called in a report ("floor" is the code rule files write).
M.rounding_names = { floor = "làm tròn xuống", half_up = "làm tròn", ceil = "làm tròn lên" }

-- Shows the computation in words: "20% × 18 = 3,6 → 3 (làm tròn xuống)".
function M.describe(base, pct, rounding, allowed)
  local exact = base * scaled(pct) / 10000
  local names = M.rounding_names
  local ex = (exact == math.floor(exact)) and string.format("%d", exact)
             or (string.format("%.2f", exact):gsub("0+$", ""):gsub("%.", ","))
  local p = (pct == math.floor(pct)) and string.format("%d", pct) or (tostring(pct):gsub("%.", ","))
  return string.format("%s%% × %d = %s → %d (%s)", p, base, ex, allowed, names[rounding or "floor"] or rounding)
end

-- Keeps the first `allowed` candidates in the order given by `keys` (order.by specs).
-- Returns kept, moved (arrays, in rank order) and, for each moved candidate, the key
-- that separated it from the last kept one (nil when they differ on no key).
function M.select(candidates, allowed, keys)
  local ks = order.keys(keys)
  local sorted = {}
  for i, c in ipairs(candidates) do sorted[i] = c end
  table.sort(sorted, order.less(ks))
  local kept, moved, decided_by = {}, {}, {}
  for i, c in ipairs(sorted) do
    if i <= allowed then kept[#kept + 1] = c else
      moved[#moved + 1] = c
      local last = kept[#kept]
      if last then
        local _, ki = order.compare(ks, last, c)
        decided_by[c] = ki and keys[ki] or nil
      end
    end
  end
  return kept, moved, decided_by
end

-- Readings of "HTXSNV at most P% of those graded HTTNV" (party-grading notes §8). The texts do
-- not say whether the HTTNV count is taken before or after the excess moves down, nor whether it
-- includes the HTXSNV people, so the rule file names a reading:
--   B1  base G: those proposed HTTNV, counted before anyone moves down (the literal reading)
--   B2  base G after the excess moves down: the largest a with a <= allowed(T - a)
--   B3  base T = X + G: "HTTNV trở lên"
--   B4  base N: everyone graded in the pool
-- counts = { x = proposed HTXSNV, g = proposed HTTNV, n = all graded }.
M.READINGS = {
  B1 = "20% số xếp loại HTTNV, đếm trước khi chuyển xuống",
  B2 = "20% số xếp loại HTTNV sau khi chuyển phần vượt xuống",
  B3 = "20% số xếp loại HTTNV trở lên",
  B4 = "20% tổng số được xếp loại",
}

-- Returns allowed, base. For B2 the base is the final HTTNV count T - allowed.
function M.allowed_by_reading(reading, counts, pct, rounding, opts)
  local x, g, n = counts.x or 0, counts.g or 0, counts.n or 0
  if reading == "B1" then return M.allowed(g, pct, rounding, opts), g
  elseif reading == "B3" then return M.allowed(x + g, pct, rounding, opts), x + g
  elseif reading == "B4" then return M.allowed(n, pct, rounding, opts), n
  elseif reading == "B2" then
    -- allowed(T - a) falls as a grows, so the answer is the last a where a <= allowed(T - a);
    -- it lies below p*T/(100+p) + 1, so a short walk down from there finds it.
    local t = x + g
    local a = math.min(t, (t * scaled(pct)) // (10000 + scaled(pct)) + 2)
    while a > 0 and a > M.allowed(t - a, pct, rounding, opts) do a = a - 1 end
    return a, t - a
  end
  error("unknown quota reading '" .. tostring(reading) .. "' (B1, B2, B3 or B4)", 2)
end

return M
