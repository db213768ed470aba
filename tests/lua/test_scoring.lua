-- Target scoring: every plan/actual pair of the Quảng Bình seed (002, lines 16–20), the printed
-- percentages beside them, and the scorers' edge cases. Run from the repo root:
--   lua5.4 tests/lua/test_scoring.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local scoring = require "scoring"

-- The seed's pairs: indicator, direction, plan, actual, printed %, exact % at 2 decimals,
-- whether the printed figure agrees and how.
local SEED = {
  { "VIECLAM",  "higher", 18500, 20360, "110",    110.05, "round" },     -- line 16
  { "XKLD",     "higher", 3700,  6042,  "163,3",  163.30, "round" },     -- line 16
  { "TS_GDNN",  "higher", 17000, 17250, "101,4",  101.47, "truncate" },  -- line 18: 101,47 cut to 101,4
  { "TS_CD",    "higher", 250,   269,   "107,4",  107.60, nil },         -- line 18: really 107,6
  { "TS_TC",    "higher", 1750,  2108,  "120,45", 120.46, "truncate" },  -- line 18: 120,457 cut
  { "TS_SC",    "higher", 14950, 14873, "99,48",  99.48,  "round" },     -- line 18
  { "TL_QDT",   "higher", 68.7,  68.9,  "100,3",  100.29, "round" },     -- line 18, plan inferred
  { "TL_BCCC",  "higher", 29.5,  29.6,  "100,34", 100.34, "round" },     -- line 18, plan inferred
  { "HN_GIAM",  "reduce", 0.8,   0.95,  "118,7",  118.75, "truncate" },  -- line 20
  { "HCN_GIAM", "reduce", 0.5,   0.75,  "150",    150.00, "round" },     -- line 20
}

H.test("seed ratios at 2 decimals", function()
  for _, s in ipairs(SEED) do
    local a = scoring.attainment(s[2], s[3], s[4])
    H.eq(a.status, "ok", s[1] .. " status")
    H.eq(scoring.percent(a.num, a.den, 2), s[6], s[1] .. " %")
  end
end)

H.test("seed printed percentages: agreement found by the library", function()
  for _, s in ipairs(SEED) do
    local c = scoring.check_printed(s[4], s[3], s[5])
    H.eq(c.agrees, s[7] ~= nil, s[1] .. " agrees")
    H.eq(c.how, s[7], s[1] .. " how")
  end
end)

H.test("269/250 printed 107,4% is flagged with both values", function()
  local c = scoring.check_printed(269, 250, "107,4")
  H.eq(c.agrees, false)
  H.eq(c.printed, 107.4, "printed")
  H.eq(c.rounded, 107.6, "rounded")
  H.eq(c.truncated, 107.6, "truncated")
  H.eq(c.text, "Tỷ lệ báo cáo 107,4% KHÔNG khớp: tính được 107,6% (làm tròn 107,6%, cắt bớt 107,6%)")
end)

H.test("0,95/0,8 is exactly 118,75%: rounds to 118,8, truncates to 118,7", function()
  -- In floating point 0.95/0.8*100 is 118.74999…; the library works on the decimals themselves.
  H.eq(scoring.percent_units(0.95, 0.8, 1, "round"), 1188)
  H.eq(scoring.percent_units(0.95, 0.8, 1, "truncate"), 1187)
  local c = scoring.check_printed(0.95, 0.8, "118,7", { "round" })
  H.eq(c.agrees, false, "round only: 118,7 is not 118,8")
end)

H.test("accept list is the rule file's choice", function()
  H.eq(scoring.check_printed(17250, 17000, "101,4", { "round" }).agrees, false, "round only")
  H.eq(scoring.check_printed(17250, 17000, "101,5", { "round" }).agrees, true)
  H.eq(scoring.check_printed(20360, 18500, "110", { "truncate" }).agrees, true, "110,05 cut to 110")
  local ok = pcall(scoring.check_printed, 1, 1, "100", { "ceiling" })
  H.eq(ok, false, "unknown mode is an error")
end)

H.test("printed text keeps its decimals; a number loses trailing zeros", function()
  local v, d, u = scoring.parse_printed("110,0%")
  H.eq(v, 110); H.eq(d, 1); H.eq(u, 1100)
  v, d = scoring.parse_printed("100,34 %"); H.eq(v, 100.34); H.eq(d, 2)
  v, d = scoring.parse_printed("1.234,5"); H.eq(v, 1234.5); H.eq(d, 1)
  v, d = scoring.parse_printed("107.4"); H.eq(v, 107.4, "dot as decimal mark"); H.eq(d, 1)
  v, d = scoring.parse_printed(110.0); H.eq(d, 0, "number 110,0 reads as 110")
  v, d = scoring.parse_printed(163.3); H.eq(d, 1)
  H.eq(scoring.parse_printed("12,5,0"), nil, "not a percentage")
  -- 20.360/18.500 = 110,054…: printed "110,0" is wrong at 1 decimal (110,1 rounded, 110,0 cut).
  H.eq(scoring.check_printed(20360, 18500, "110,0", { "round" }).agrees, false)
  H.eq(scoring.check_printed(20360, 18500, "110,0").how, "truncate")
end)

H.test("Vietnamese number format", function()
  H.eq(scoring.vi(20360), "20.360")
  H.eq(scoring.vi(110.05, 2), "110,05")
  H.eq(scoring.vi(0.95), "0,95")
  H.eq(scoring.vi(-1234567.5), "-1.234.567,5")
  H.eq(scoring.vi(-0.0001, 2), "0,00")
  H.eq(scoring.vi(1000), "1.000")
end)

H.test("directions", function()
  local a = scoring.attainment("lower", 10, 8)           -- 8 late files against a plan of 10
  H.eq(scoring.percent(a.num, a.den, 2), 125)
  a = scoring.attainment("lower", 10, 0)
  H.eq(a.ratio, math.huge, "lower, actual 0: best possible")
  a = scoring.attainment("lower", 0, 0)
  H.eq(a.ratio, 1, "lower, plan 0 and actual 0: on plan")
  a = scoring.attainment("lower", 0, 3)
  H.eq(a.ratio, 0, "lower, plan 0 and actual 3: missed")
  a = scoring.attainment("reduce", 0.8, -0.2)            -- the poor-household rate went up
  H.eq(a.status, "ok"); H.eq(scoring.percent(a.num, a.den, 2), -25)
  H.eq(#a.steps, 2, "says the rate rose")
  a = scoring.attainment("higher", 0, 5)
  H.eq(a.status, "plan_zero")
  a = scoring.attainment("higher", 100, nil)
  H.eq(a.status, "missing_actual")
  a = scoring.attainment("higher", 100, 0)
  H.eq(a.ratio, 0, "actual 0")
  H.eq(pcall(scoring.attainment, "sideways", 1, 1), false, "unknown direction")
  H.eq(scoring.attainment("higher", -5, 1).status, "bad_plan")
end)

H.test("proportional: floor, exactly 100%, cap", function()
  local s = scoring.proportional { floor = 0.5, bonus_rate = 0.5, bonus_cap = 0.2 }
  H.eq((s:share(1)), 1, "exactly 100%")
  H.eq((s:share(0.5)), 0.5, "at the floor")
  H.eq((s:share(0.4999)), 0, "below the floor")
  H.eq((s:share(0.8)), 0.8, "proportional")
  H.eq(scoring.round(s:share(1.1), 6), 1.05, "bonus half the excess")
  H.eq((s:share(1.4)), 1.2, "exactly at the cap")
  H.eq((s:share(3)), 1.2, "above the cap")
  H.eq((s:share(math.huge)), 1.2, "infinite ratio gets the cap")
  H.eq((s:share(0)), 0, "actual 0")
  H.eq((s:share(-0.25)), 0, "negative reduction")
  local plain = scoring.proportional()
  H.eq((plain:share(-0.25)), 0, "no floor: negative ratio still 0")
  H.eq((plain:share(1.5)), 1, "no bonus by default")
  local at95 = scoring.proportional { full_at = 0.95 }
  H.eq((at95:share(0.95)), 1); H.eq((at95:share(0.475)), 0.5)
  H.eq(pcall(scoring.proportional, { floor = 1.2 }), false, "floor above full_at")
  H.eq(pcall(scoring.proportional, { floor = "x" }), false, "non-number")
end)

H.test("threshold and bands", function()
  local t = scoring.threshold()
  H.eq((t:share(1)), 1); H.eq((t:share(0.9999)), 0)
  H.eq((t:share(56 / 70 / 0.8)), 1, "floating point exactly at 100%")
  local b = scoring.bands({ { min = 0.8, share = 0.7 }, { min = 1, share = 1 }, { min = 0.5, share = 0.4 } })
  H.eq((b:share(1.2)), 1); H.eq((b:share(1)), 1); H.eq((b:share(0.99)), 0.7)
  H.eq((b:share(0.8)), 0.7, "band edge"); H.eq((b:share(0.5)), 0.4); H.eq((b:share(0.49)), 0)
  local b2 = scoring.bands({ { min = 1, share = 1 } }, { otherwise = 0.2 })
  H.eq((b2:share(0.1)), 0.2, "otherwise")
  H.eq(pcall(scoring.bands, {}), false, "empty bands")
end)

-- The Quảng Bình configuration, as rules/quangbinh/targets.lua sets it.
local function qb_config()
  local prop = scoring.proportional { floor = 0.5, bonus_rate = 0.5, bonus_cap = 0.2 }
  local poverty = scoring.bands { { min = 1.2, share = 1.1 }, { min = 1, share = 1 },
                                  { min = 0.8, share = 0.7 }, { min = 0.5, share = 0.4 } }
  return { missing = "skip", plan_zero = "error", decimals = 2,
           printed_check = { accept = { "round", "truncate" } },
           scorer = prop,
           indicators = { VIECLAM = { weight = 20 }, XKLD = { weight = 10 }, TS_GDNN = { weight = 15 },
                          TS_CD = { weight = 5 }, TS_TC = { weight = 5 }, TS_SC = { weight = 5 },
                          TL_QDT = { weight = 10 }, TL_BCCC = { weight = 10 },
                          HN_GIAM = { weight = 15, scorer = poverty }, HCN_GIAM = { weight = 5, scorer = poverty } } }
end

local POINTS = { VIECLAM = 21.0054, XKLD = 12, TS_GDNN = 15.1103, TS_CD = 5.19, TS_TC = 5.5114,
                 TS_SC = 4.9742, TL_QDT = 10.0146, TL_BCCC = 10.0169, HN_GIAM = 15, HCN_GIAM = 5.5 }

local function seed_facts(year)
  local inds, targets = {}, {}
  for i, s in ipairs(SEED) do
    inds[#inds + 1] = { id = s[1], name = s[1], direction = s[2], sort = i }
    targets[#targets + 1] = { unit_id = "SO", year = year or 2023, indicator_id = s[1], plan = s[3],
                              actual = s[4], reported_text = s[5] }
  end
  return { units = { { id = "SO", name = "Sở LĐTBXH" } }, indicators = inds, targets = targets }
end

H.test("seed points under the Quảng Bình config", function()
  H.reset(seed_facts())
  local cfg = qb_config()
  local res = scoring.run { year = 2023, config = { scoring = cfg } }
  local sum = 0
  for _, r in ipairs(res.SO) do
    H.eq(r.points, POINTS[r.indicator_id], r.indicator_id .. " points")
    sum = sum + POINTS[r.indicator_id]
  end
  H.eq(res.SO.total, scoring.round(sum, 4), "total")
  -- Every ratio, check and points emitted; exactly one mismatch flag, found by the library.
  local kinds = {}
  for _, e in ipairs(H.emitted) do kinds[e.kind] = (kinds[e.kind] or 0) + 1 end
  H.eq(kinds.ratio, 10); H.eq(kinds.printed_check, 10); H.eq(kinds.points, 10); H.eq(kinds.target_score, 1)
  H.eq(kinds.flag, 1, "one mismatch")
  for _, e in ipairs(H.emitted) do
    if e.kind == "flag" then H.eq(e.subject, "SO:TS_CD"); H.eq(e.values.rounded, 107.6) end
  end
  local t = H.tables.target_attainment
  H.eq(#t.rows, 10)
  H.eq(t.rows[1].pct, 110.05, "percent column holds 110.05")
  H.eq(t.rows[1].printed, "110%")
  H.eq(t.rows[1].check, "khớp (làm tròn)")
  H.eq(t.rows[3].check, "khớp (cắt bớt chữ số)")
  H.eq(t.rows[4].check, "LỆCH: tính được 107,6%")
  H.eq(t.rows[6].verdict, "chưa đạt", "99,48%")
  H.eq(t.rows[1].verdict, "vượt kế hoạch")
end)

H.test("missing data: skip renormalises, zero counts, error names the place", function()
  local facts = seed_facts()
  facts.targets[2].actual = nil                                -- XKLD unknown
  facts.targets[2]._src, facts.targets[2]._line = "data/quangbinh/targets.csv", 3
  H.reset(facts)
  local cfg = qb_config()
  local res = scoring.run { year = 2023, config = { scoring = cfg } }
  local sum = 0
  for id, p in pairs(POINTS) do if id ~= "XKLD" then sum = sum + p end end
  H.eq(res.SO.total, scoring.round(sum * 100 / 90, 4), "skip: weights 90 spread to 100")
  H.reset(facts)
  cfg.missing = "zero"
  res = scoring.run { year = 2023, config = { scoring = cfg } }
  H.eq(res.SO.total, scoring.round(sum, 4), "zero: XKLD gives 0 of 10")
  H.reset(facts)
  cfg.missing = "error"
  local ok, err = pcall(scoring.run, { year = 2023, config = { scoring = cfg } })
  H.eq(ok, false)
  H.eq(err, 'data/quangbinh/targets.csv:3: thiếu số thực hiện của chỉ tiêu XKLD (config.scoring.missing = "error")')
  cfg.missing = "maybe"
  H.reset(facts)
  ok, err = pcall(scoring.run, { year = 2023, config = { scoring = cfg } })
  H.eq(ok, false, "unknown policy")
end)

H.test("plan 0 under each policy", function()
  local row = { unit_id = "U", year = 2023, indicator_id = "X", plan = 0, actual = 5 }
  local ind = { id = "X", direction = "higher" }
  local spec = { weight = 10, scorer = scoring.proportional() }
  H.eq(scoring.score_target(row, ind, spec, { plan_zero = "full" }).points, 10, "full")
  H.eq(scoring.score_target(row, ind, spec, { plan_zero = "zero" }).points, 0, "zero")
  H.eq(scoring.score_target(row, ind, spec, { plan_zero = "skip" }).counted, false, "skip")
  H.eq(pcall(scoring.score_target, row, ind, spec, { plan_zero = "error" }), false, "error")
  H.eq(pcall(scoring.score_target, row, ind, spec, {}), false, "error is the default")
end)

H.test("lower-is-better with actual 0 scores the cap; 2024 plans without actuals", function()
  local r = scoring.score_target({ unit_id = "U", year = 2023, indicator_id = "TNLD", plan = 13, actual = 0 },
    { direction = "lower" }, { weight = 10, scorer = scoring.proportional { bonus_rate = 1, bonus_cap = 0.1 } }, {})
  H.eq(r.points, 11); H.eq(r.pct, nil, "no finite percentage"); H.eq(r.verdict, "vượt kế hoạch")
  local facts = seed_facts(2024)
  for _, t in ipairs(facts.targets) do t.actual = nil; t.reported_text = nil end
  H.reset(facts)
  local res = scoring.run { year = 2024, config = { scoring = qb_config() } }
  H.eq(res.SO.total, nil, "nothing to add up yet")
  H.eq(H.tables.target_attainment.rows[1].verdict, "thiếu số liệu")
end)

H.test("a custom scorer function", function()
  local r = scoring.score_target({ unit_id = "U", year = 2023, indicator_id = "X", plan = 10, actual = 9 },
    { direction = "higher" }, { weight = 4, scorer = function(ratio) return ratio >= 0.9 and 0.5 or 0, "tự định" end }, {})
  H.eq(r.points, 2)
  H.eq(pcall(scoring.score_target, { unit_id = "U", year = 2023, indicator_id = "X", plan = 10, actual = 9 },
    {}, { weight = 4, scorer = function() return "x" end }, {}), false, "non-number share")
end)

H.done()
