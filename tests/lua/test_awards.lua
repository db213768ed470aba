-- Emulation titles and commendations: the worked examples E1–E8 of
-- docs/regulations/emulation-awards.md §6, the boundaries around them, and the steps over facts.
-- Run from the repository root: lua5.4 tests/lua/test_awards.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"

-- The engine's `extends` and `step`, enough to load the base rule files here.
local steps = {}
function extends(path) dofile("rules/base/" .. path) end
function step(title, fn) steps[#steps + 1] = { title = title, fn = fn } end
-- replace_step(title, fn) as the engine has it (docs/rules.md)
function replace_step(title, fn)
  for _, st in ipairs(steps) do if st.title == title then st.fn = fn; return end end
  error("replace_step: no step \"" .. title .. "\"", 2)
end

local function load_base()
  H.reset()
  steps = {}
  dofile("rules/base/awards.lua")
end
load_base()
local awards = require "awards"
local history = require "history"
local quota = require "quota"

-- A person's record from a compact spec: { [2021] = "HTTNV CSTDCS", ... } (grade, then titles).
local function person(id, spec, extra)
  local rec = { id = id, kind = "person", years = {}, awards = {}, initiatives = {}, unit_id = "U1" }
  for y, s in pairs(spec) do
    local grade, rest = s:match("^(%S+)%s*(.*)$")
    local titles = {}
    for t in rest:gmatch("%S+") do titles[t] = true end
    rec.years[y] = { grade = grade, titles = titles }
  end
  for k, v in pairs(extra or {}) do rec[k] = v end
  return rec
end
local function S(year, changes)
  load_base()
  for k, v in pairs(changes or {}) do config.awards[k] = v end
  return awards.settings(year or 2024)
end
local function failed_labels(d)
  local out = {}
  for _, c in ipairs(d.conditions) do if not c.ok then out[#out + 1] = c.label end end
  return table.concat(out, " / ")
end

-- E1, E2: quota arithmetic through the CSTĐCS quota -----------------------------------------------

-- n eligible CSTĐCS candidates in pool U1 against `base` LĐTT.
local function quota_run(base, n, s)
  local ds = {}
  for i = 1, n do
    ds[i] = { subject = ("P%02d"):format(i), id = ("P%02d"):format(i), code = "CSTDCS", eligible = true,
              granted = true, pool = "U1", grade_rank = 3, initiative_count = 0, score = 100 - i, notes = {} }
  end
  local lines = awards.apply_cstdcs_quota(ds, { U1 = base }, s)
  local granted = 0
  for _, d in ipairs(ds) do if d.granted then granted = granted + 1 end end
  return granted, lines[1], ds
end

H.test("E1: 34 LĐTT of 40 staff gives 5 CSTĐCS, not 6", function()
  local s = S()
  local granted, line, ds = quota_run(34, 8, s)
  H.eq(granted, 5, "granted")
  H.eq(line.allowed, 5, "allowed")
  H.eq(line.text, "15% × 34 = 5,1 → 5 (làm tròn xuống)")
  H.eq(ds[6].granted, false, "6th refused")
  H.eq(ds[6].eligible, true, "6th still met the standard")
  H.eq(awards.reason(ds[6]):match("^không được đề nghị: vượt hạn mức CSTĐCS") ~= nil, true, awards.reason(ds[6]))
  H.eq(quota.allowed(40, 15, "floor"), 6, "the headcount would give 6")
end)

H.test("E2 and small bases: 3, 7, 34 LĐTT under each rounding", function()
  H.eq((quota_run(7, 3, S())), 1, "7 floor")
  H.eq((quota_run(7, 3, S(2024, { cstdcs = { rounding = "ceil" } }))), 2, "7 ceil")
  H.eq((quota_run(7, 3, S(2024, { cstdcs = { rounding = "half_up" } }))), 1, "7 half-up")
  H.eq((quota_run(3, 2, S())), 0, "3 floor")
  local g, line = quota_run(3, 2, S(2024, { cstdcs = { min_one = true } }))
  H.eq(g, 1, "3 min_one")
  H.eq(line.text:find("tối thiểu 1", 1, true) ~= nil, true, line.text)
  H.eq((quota_run(34, 3, S())), 3, "fewer candidates than places: all kept")
  H.eq((quota_run(0, 1, S(2024, { cstdcs = { min_one = true } }))), 0, "no LĐTT, no place even with min_one")
end)

H.test("CSTĐCS quota tie-break: grade, then initiatives, then score", function()
  local s = S()
  local ds = {
    { subject = "a", id = "a", eligible = true, granted = true, pool = "U1", grade_rank = 2, initiative_count = 2, score = 99, notes = {} },
    { subject = "b", id = "b", eligible = true, granted = true, pool = "U1", grade_rank = 3, initiative_count = 0, score = 80, notes = {} },
    { subject = "c", id = "c", eligible = true, granted = true, pool = "U1", grade_rank = 3, initiative_count = 1, score = 70, notes = {} },
  }
  awards.apply_cstdcs_quota(ds, { U1 = 7 }, s) -- 1 place
  H.eq(ds[3].granted, true, "c: HTXSNV with an initiative")
  H.eq(ds[2].granted, false, "b")
  H.eq(ds[1].granted, false, "a")
  H.eq(ds[2].refused_by:find("phân định theo số sáng kiến", 1, true) ~= nil, true, ds[2].refused_by)
end)

-- LĐTT and the CSTĐCS standard ----------------------------------------------------------------------

H.test("LĐTT: grade, active, discipline each fail alone", function()
  local s = S()
  local ok = person("p", { [2024] = "HTTNV" })
  H.eq(awards.check_ldtt(ok, 2024, s).granted, true, "HTTNV")
  H.eq(awards.check_ldtt(person("p", { [2024] = "HTNV" }), 2024, s).granted, false, "HTNV")
  local inactive = person("p", { [2024] = "HTXSNV" }); inactive.years[2024].active = false
  local d = awards.check_ldtt(inactive, 2024, s)
  H.eq(d.granted, false, "inactive"); H.eq(failed_labels(d), "Tham gia phong trào thi đua")
  local disc = person("p", { [2024] = "HTXSNV" }); disc.years[2024].disciplined = true
  d = awards.check_ldtt(disc, 2024, s)
  H.eq(d.granted, false, "disciplined"); H.eq(failed_labels(d), "Bị kỷ luật trong năm")
  H.eq(awards.check_ldtt(person("p", {}), 2024, s).granted, false, "no record")
end)

H.test("CSTĐCS standard: HTXSNV or a grassroots initiative, on top of LĐTT", function()
  local s = S()
  local function cst(rec) return awards.check_cstdcs(rec, 2024, s, awards.check_ldtt(rec, 2024, s)) end
  H.eq(cst(person("p", { [2024] = "HTXSNV" })).eligible, true, "HTXSNV")
  local init = person("p", { [2024] = "HTTNV" }, { initiatives = { { year = 2024, level = "co_so", title = "x" } } })
  local d = cst(init)
  H.eq(d.eligible, true, "initiative"); H.eq(d.ground_label, "sáng kiến")
  d = cst(person("p", { [2024] = "HTTNV" }))
  H.eq(d.eligible, false, "neither")
  H.eq(awards.reason(d):find("Xếp loại năm 2024: cần HTXSNV, có HTTNV", 1, true) ~= nil, true, awards.reason(d))
  local old = person("p", { [2024] = "HTTNV" }, { initiatives = { { year = 2023, level = "co_so" } } })
  H.eq(cst(old).eligible, false, "last year's initiative does not count")
  H.eq(cst(person("p", { [2024] = "HTNV" })).eligible, false, "HTNV fails LĐTT")
  local both = S(2024, { cstdcs = { require_both = true } })
  H.eq(awards.check_cstdcs(init, 2024, both, awards.check_ldtt(init, 2024, both)).eligible, false,
       "require_both: initiative without HTXSNV")
end)

-- History helpers -----------------------------------------------------------------------------------

H.test("streak broken by one year, counted within a window", function()
  local r = person("p", { [2019] = "HTTNV CSTDCS", [2020] = "HTTNV CSTDCS", [2021] = "HTNV",
                          [2022] = "HTTNV CSTDCS", [2023] = "HTXSNV CSTDCS", [2024] = "HTTNV" })
  local n, ys, broke = history.streak(r, 2024, history.cond.grade_at_least("HTTNV"))
  H.eq(n, 3); H.eq(history.years_text(ys), "2022–2024"); H.eq(broke, 2021, "broken by 2021")
  n, ys, broke = history.streak(r, 2024, history.cond.grade_at_least("HTTNV"), 2023)
  H.eq(n, 2, "window from 2023"); H.eq(broke, nil, "reached the window start")
  n, ys, broke = history.streak(r, 2020, history.cond.title("CSTDCS"))
  H.eq(n, 2, "back to the first year on record"); H.eq(broke, nil)
  n = history.count(r, 2019, 2024, history.cond.title("CSTDCS"))
  H.eq(n, 4, "count")
  H.eq(history.years_text({ 2021, 2023 }), "2021, 2023")
end)

H.test("window starts after the achievement period, else at the decision date", function()
  local r = person("p", {}, { awards = {
    { kind = "BK_TINH", period_from = 2018, period_to = 2019, decision = "1/QĐ-UBND" },
    { kind = "BK_TINH", decision = "2/QĐ-UBND", decision_date = "15/03/2017" } } })
  local from, a, text = history.window_start(r, { "BK_TINH" }, 2024, "decision_year")
  H.eq(from, 2020, "after 2018–2019"); H.eq(a.decision, "1/QĐ-UBND")
  H.eq(text, "tính từ năm 2020, sau thời gian thành tích 2018–2019 ghi trong BK_TINH (QĐ 1/QĐ-UBND)")
  local r2 = person("p", {}, { awards = { { kind = "BK_TINH", decision = "3", decision_date = "2021-04-02" } } })
  H.eq((history.window_start(r2, { "BK_TINH" }, 2024, "decision_year")), 2021, "undated: decision year")
  H.eq((history.window_start(r2, { "BK_TINH" }, 2024, "next_year")), 2022, "undated: next year")
  H.eq((history.window_start(r2, { "BK_TTG" }, 2024)), nil, "no award of that kind")
  local r3 = person("p", {}, { awards = { { kind = "BK_TINH", period_from = 2023, period_to = 2024 } } })
  H.eq((history.window_start(r3, { "BK_TINH" }, 2024)), nil, "an award for the assessed year is this run's outcome")
  H.eq((history.window_start(r3, { "BK_TINH" }, 2025)), 2025, "and counts for the next year")
end)

H.test("titles typed by an office", function()
  local set, unknown = history.parse_titles("LĐTT, CSTĐCS + cstđ tỉnh; Giỏi")
  H.eq(set.LDTT and set.CSTDCS and set.CSTDT, true, "parsed")
  H.eq(unknown[1], "Giỏi", "unknown kept for a warning")
end)

-- E5: PM's Bằng khen ------------------------------------------------------------------------------

local function e5(bk_year, cst_years)
  local spec = {}
  for y = 2020, 2024 do spec[y] = "HTTNV" end
  spec[2019] = "HTXSNV CSTDCS"
  for _, y in ipairs(cst_years) do spec[y] = spec[y] .. " CSTDCS" end
  return person("e5", spec, { awards = { { kind = "BK_TINH", period_from = bk_year, period_to = bk_year,
                                           decision = "BK" .. bk_year } } })
end

H.test("E5: BK tỉnh for 2019, HTTNV 2020–2024, CSTĐCS 2021, 2023, 2024 → eligible", function()
  local d = awards.check_bk_ttg(e5(2019, { 2021, 2023, 2024 }), 2024, S())
  H.eq(d.granted, true, awards.reason(d))
  H.eq(d.period_text, "2020–2024", "period written in the proposal")
end)
H.test("E5 variant 1: CSTĐCS only 2021 and 2023 → not eligible", function()
  local d = awards.check_bk_ttg(e5(2019, { 2021, 2023 }), 2024, S())
  H.eq(d.granted, false)
  H.eq(awards.reason(d), "không đủ điều kiện: Số lần CSTĐCS trong thời gian đó (từ 2020): cần 3, có 2 (2021, 2023)")
end)
H.test("E5 variant 2: BK tỉnh for 2021 → window 2022–2024, 3 years → not eligible", function()
  local d = awards.check_bk_ttg(e5(2021, { 2021, 2023, 2024 }), 2024, S())
  H.eq(d.granted, false)
  H.eq(failed_labels(d), "Số năm liên tục HTTNV trở lên đến năm 2024 / Số lần CSTĐCS trong thời gian đó (từ 2022)")
  H.eq(d.values.window_from, 2022, "window start")
  H.eq(awards.reason(d):find("cần 5, có 3 (2022–2024; tính từ năm 2022)", 1, true) ~= nil, true, awards.reason(d))
end)
H.test("PM's Bằng khen needs a provincial one first", function()
  local r = e5(2019, { 2021, 2023, 2024 }); r.awards = {}
  local d = awards.check_bk_ttg(r, 2024, S())
  H.eq(d.granted, false); H.eq(failed_labels(d), "Đã có Bằng khen của Chủ tịch UBND tỉnh")
end)

-- HCLĐ hạng Ba ------------------------------------------------------------------------------------

local function hc(grades, cst_years)
  local spec = { [2019] = "HTXSNV" }
  for i, y in ipairs { 2020, 2021, 2022, 2023, 2024 } do spec[y] = grades[i] end
  for _, y in ipairs(cst_years) do spec[y] = spec[y] .. " CSTDCS" end
  return person("hc", spec, { awards = { { kind = "BK_TTG", period_from = 2015, period_to = 2019 } } })
end
H.test("HCLĐ hạng Ba: each condition passes and fails", function()
  local s = S()
  local ok = awards.check_hcld3(hc({ "HTTNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV" }, { 2020, 2022, 2024 }), 2024, s)
  H.eq(ok.granted, true, awards.reason(ok))
  local no_xs = awards.check_hcld3(hc({ "HTTNV", "HTTNV", "HTTNV", "HTTNV", "HTTNV" }, { 2020, 2022, 2024 }), 2024, s)
  H.eq(failed_labels(no_xs), "Số năm HTXSNV trong thời gian đó")
  local two = awards.check_hcld3(hc({ "HTTNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV" }, { 2020, 2024 }), 2024, s)
  H.eq(failed_labels(two), "Số lần CSTĐCS trong thời gian đó (từ 2020)")
  local broken = awards.check_hcld3(hc({ "HTTNV", "HTXSNV", "HTNV", "HTTNV", "HTTNV" }, { 2020, 2023, 2024 }), 2024, s)
  H.eq(broken.granted, false, "HTNV in 2022 breaks the 5 years")
  local r = hc({ "HTTNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV" }, { 2020, 2022, 2024 }); r.awards = {}
  H.eq(failed_labels(awards.check_hcld3(r, 2024, s)), "Đã có Bằng khen của Thủ tướng Chính phủ")
end)

-- E6: Bằng khen of the provincial chairman ----------------------------------------------------------

H.test("E6: 2 consecutive HTXSNV years with 2 initiatives → eligible on clause (d2)", function()
  local r = person("e6", { [2023] = "HTXSNV", [2024] = "HTXSNV CSTDCS" }, { initiatives = {
    { year = 2023, level = "co_so", title = "a" }, { year = 2024, level = "co_so", title = "b" } } })
  local d = awards.check_bk_tinh(r, 2024, S())
  H.eq(d.granted, true, awards.reason(d))
  H.eq(d.ground, "d2", "ground")
  H.eq(awards.reason(d), "đủ điều kiện theo HTXSNV liên tục và sáng kiến; thời gian thành tích 2023–2024")
end)
H.test("E6 variant: 2023 only HTTNV → not eligible, each ground says why", function()
  local r = person("e6", { [2023] = "HTTNV", [2024] = "HTXSNV CSTDCS" }, { initiatives = {
    { year = 2023, level = "co_so" }, { year = 2024, level = "co_so" } } })
  local d = awards.check_bk_tinh(r, 2024, S())
  H.eq(d.granted, false)
  H.eq(awards.reason(d), "không đủ điều kiện: Số năm liên tục đạt CSTĐCS đến năm 2024: cần 2, có 1 (2024); "
       .. "Số năm liên tục HTXSNV đến năm 2024: cần 2, có 1 (2024)")
end)
H.test("BK tỉnh clause (d1): 2 consecutive CSTĐCS; window after the last BK tỉnh", function()
  local r = person("d1", { [2023] = "HTTNV CSTDCS", [2024] = "HTTNV CSTDCS" })
  H.eq(awards.check_bk_tinh(r, 2024, S()).ground, "d1")
  r.awards = { { kind = "BK_TINH", period_from = 2022, period_to = 2023 } }
  local d = awards.check_bk_tinh(r, 2024, S())
  H.eq(d.granted, false, "2023 already used by the last BK tỉnh")
  local one_init = person("d2", { [2023] = "HTXSNV", [2024] = "HTXSNV" },
                          { initiatives = { { year = 2024, level = "co_so" } } })
  d = awards.check_bk_tinh(one_init, 2024, S())
  H.eq(d.granted, false, "one initiative")
  H.eq(awards.reason(d):find("Sáng kiến cấp cơ sở/cấp tỉnh/toàn quốc trong các năm HTXSNV: cần 2, có 1", 1, true) ~= nil,
       true, awards.reason(d))
end)

-- E8: CSTĐ cấp tỉnh -------------------------------------------------------------------------------

H.test("E8: 3 consecutive CSTĐCS with a provincial initiative → eligible", function()
  local r = person("e8", { [2021] = "HTTNV", [2022] = "HTXSNV CSTDCS", [2023] = "HTXSNV CSTDCS",
                           [2024] = "HTXSNV CSTDCS" }, { initiatives = { { year = 2023, level = "tinh", title = "t" } } })
  H.eq(awards.check_cstdt(r, 2024, S()).granted, true)
  r.initiatives[1].level = "co_so"
  local d = awards.check_cstdt(r, 2024, S())
  H.eq(d.granted, false, "grassroots initiative only"); H.eq(failed_labels(d), "Sáng kiến cấp tỉnh/toàn quốc trong 2022–2024")
end)
H.test("E8: CSTĐCS 2021, 2023, 2024 → not consecutive", function()
  local r = person("e8", { [2021] = "HTXSNV CSTDCS", [2022] = "HTTNV", [2023] = "HTXSNV CSTDCS",
                           [2024] = "HTXSNV CSTDCS" }, { initiatives = { { year = 2023, level = "tinh" } } })
  local d = awards.check_cstdt(r, 2024, S())
  H.eq(d.granted, false)
  H.eq(awards.reason(d), "không đủ điều kiện: Số năm liên tục đạt CSTĐCS đến năm 2024: cần 3, có 2 (2023, 2024; năm 2022 không đạt)")
end)

-- One achievement, one award ------------------------------------------------------------------------

H.test("the same years offered to two awards: the higher one takes them", function()
  local s = S()
  -- BK tỉnh for 2019, then HTTNV 2020–2024 with CSTĐCS 2022–2024: eligible for both the PM's
  -- Bằng khen (2020–2024) and a new BK tỉnh (2023–2024).
  local r = e5(2019, { 2022, 2023, 2024 })
  local ttg, tinh = awards.check_bk_ttg(r, 2024, s), awards.check_bk_tinh(r, 2024, s)
  H.eq(ttg.eligible and tinh.eligible, true, "both eligible alone")
  local ledger = history.ledger()
  awards.apply_one_achievement({ tinh, ttg }, ledger, s)
  H.eq(ttg.granted, true, "BK_TTG kept")
  H.eq(tinh.granted, false, "BK_TINH refused")
  H.eq(awards.reason(tinh), "không được đề nghị: thành tích năm 2023, 2024 đã dùng cho BK_TTG 2024 "
       .. "(mỗi thành tích chỉ đề nghị một hình thức)")
  -- with the order reversed in the settings, the provincial one wins
  local s2 = S(2024, { one_achievement = { order = { "BK_TINH", "BK_TTG" } } })
  ttg, tinh = awards.check_bk_ttg(r, 2024, s2), awards.check_bk_tinh(r, 2024, s2)
  awards.apply_one_achievement({ tinh, ttg }, history.ledger(), s2)
  H.eq(tinh.granted, true); H.eq(ttg.granted, false)
end)
H.test("ledger seeded with past awards blocks their years", function()
  local ledger = history.ledger()
  ledger:seed(person("p", {}, { awards = { { kind = "BK_TINH", period_from = 2022, period_to = 2023, decision = "9" } } }),
              { "BK_TINH" })
  local ok, c = ledger:claim("p", { 2023, 2024 }, "X")
  H.eq(ok, false); H.eq(c[1].year, 2023); H.eq(c[1].by, "BK_TINH QĐ 9")
  H.eq((ledger:claim("p", { 2024 }, "X")), true, "2024 is free")
end)

-- E7: collectives -------------------------------------------------------------------------------------

H.test("E7: 20 members all HTNV, 1 CSTĐCS, collective HTXSNV", function()
  local s = S()
  local u = { id = "U", kind = "unit", years = {}, awards = {}, initiatives = {} }
  local function counts(ldtt) return { members = 20, htnv = 20, ldtt = ldtt, cstdcs = 1, grade = "HTXSNV" } end
  H.eq(awards.check_ttldxs(u, 2024, s, counts(15)).granted, true, "15 LĐTT (75%) → TTLĐXS")
  H.eq(awards.check_ttldxs(u, 2024, s, counts(14)).granted, true, "14 LĐTT (exactly 70%) → TTLĐXS")
  local d = awards.check_ttldxs(u, 2024, s, counts(13))
  H.eq(d.granted, false, "13 LĐTT (65%)")
  H.eq(awards.reason(d), "không đủ điều kiện: Tỷ lệ LĐTT: cần từ 70%, có 13/20 = 65%")
  H.eq(awards.check_ttldtt(u, 2024, s, counts(13)).granted, true, "13 → TTLĐTT")
  d = awards.check_ttldtt(u, 2024, s, counts(10))
  H.eq(d.granted, false, "10 LĐTT, exactly 50%, is not more than 50%")
  H.eq(awards.reason(d), "không đủ điều kiện: Tỷ lệ LĐTT: cần trên 50%, có 10/20 = 50%")
  H.eq(awards.check_ttldtt(u, 2024, s, counts(11)).granted, true, "11 LĐTT")
  local c = counts(15); c.htnv = 19
  H.eq(failed_labels(awards.check_ttldxs(u, 2024, s, c)), "Tỷ lệ thành viên HTNV trở lên")
  c = counts(15); c.cstdcs = 0
  H.eq(failed_labels(awards.check_ttldxs(u, 2024, s, c)), "Số CSTĐCS")
  c = counts(15); c.grade = "HTTNV"
  H.eq(failed_labels(awards.check_ttldxs(u, 2024, s, c)), "Xếp loại tập thể năm 2024")
end)

-- E3, E4: block awards -------------------------------------------------------------------------------

local function e3_ranking()
  -- ranks as ranking.lua gives them (score, then core group); computed here with order.lua
  local rows = {
    { unit = "A", score = 968, core = 570, exceeded_targets = true },
    { unit = "B", score = 955, core = 560, exceeded_targets = true },
    { unit = "C", score = 955, core = 548, exceeded_targets = true },
    { unit = "D", score = 940, core = 540, exceeded_targets = true },
    { unit = "E", score = 921, core = 530, exceeded_targets = false },
    { unit = "F", score = 905 }, { unit = "G", score = 880 }, { unit = "H", score = 870 }, { unit = "I", score = 812 },
  }
  table.sort(rows, require("order").by { "-score", "-core", "unit" })
  for i, r in ipairs(rows) do r.rank, r.block = i, "K1" end
  local recs = {}
  local xs = { A = { 2023, 2024 }, B = { 2024 }, C = { 2023, 2024 }, D = { 2023, 2024 }, E = { 2023, 2024 } }
  for u, ys in pairs(xs) do
    recs[u] = { id = u, kind = "unit", years = { [2023] = { grade = "HTTNV" }, [2024] = { grade = "HTTNV" } } }
    for _, y in ipairs(ys) do recs[u].years[y].grade = "HTXSNV" end
  end
  return rows, recs
end
local function granted_of(ds, code)
  local out = {}
  for _, d in ipairs(ds) do if d.code == code and d.granted then out[#out + 1] = d.subject end end
  return table.concat(out, ",")
end

H.test("E3: ranking A..I, flag to A, Bằng khen to C only without filling", function()
  local rows, recs = e3_ranking()
  local names = {}
  for i, r in ipairs(rows) do names[i] = r.unit end
  H.eq(table.concat(names), "ABCDEFGHI", "B before C on the core group")
  local ds = awards.block_awards(rows, recs, 2024, S())
  H.eq(granted_of(ds, "CO_TINH"), "A", "flag")
  H.eq(granted_of(ds, "BK_TINH"), "C", "Bằng khen")
  for _, d in ipairs(ds) do
    if d.subject == "B" then
      H.eq(awards.reason(d), "không đủ điều kiện: Số năm liên tục HTXSNV đến năm 2024: cần 2, có 1 (2024)")
    end
    H.eq(d.subject ~= "D", true, "D is not considered without filling")
  end
end)
H.test("E3 filling from lower ranks: C and D", function()
  local rows, recs = e3_ranking()
  local ds = awards.block_awards(rows, recs, 2024, S(2024, { block = { fill_from_lower = true } }))
  H.eq(granted_of(ds, "BK_TINH"), "C,D")
  H.eq(granted_of(ds, "CO_TINH"), "A")
end)
H.test("E3: a leader that did not exceed its targets gets no flag", function()
  local rows, recs = e3_ranking()
  rows[1].exceeded_targets = false
  local ds = awards.block_awards(rows, recs, 2024, S())
  H.eq(granted_of(ds, "CO_TINH"), "")
  H.eq(failed_labels(ds[1]), "Hoàn thành vượt mức chỉ tiêu")
end)
H.test("ranks from a function in config.awards.block_ranking", function()
  local rows = e3_ranking()
  local s = S(2024, { block_ranking = function(ctx) return rows end })
  H.eq(awards.block_ranking({ year = 2024 }, s), rows)
end)

H.test("E4: 31 block leaders → 6 Government flag proposals, the 7th refused", function()
  local leaders = {}
  for i = 1, 31 do
    leaders[i] = { code = "CO_TINH", granted = true, subject = ("U%02d"):format(i), block = ("K%02d"):format(i),
                   rank = 1, score = 1000 - i }
  end
  leaders[32] = { code = "CO_TINH", granted = false, subject = "X", block = "K99", rank = 1, score = 2000 }
  local ds, q = awards.gov_flags(leaders, 2024, S())
  H.eq(q.allowed, 6, "allowed"); H.eq(q.base, 31, "refused flags are not leaders")
  local n = 0
  for _, d in ipairs(ds) do if d.granted then n = n + 1 end end
  H.eq(n, 6, "granted")
  H.eq(ds[7].granted, false, "7th"); H.eq(ds[7].subject, "U07", "the 7th by score")
  H.eq(awards.reason(ds[7]):find("20% × 31 = 6,2 → 6", 1, true) ~= nil, true, awards.reason(ds[7]))
end)

-- Regimes -----------------------------------------------------------------------------------------

H.test("regime chosen by the data's year", function()
  H.eq(S(2023).regime, "nd98"); H.eq(S(2024).regime, "nd98"); H.eq(S(2025).regime, "nd152")
  local ok, err = pcall(awards.settings, 2019)
  H.eq(ok, false)
  H.eq(tostring(err):find("no award regime covers year 2019 (have: nd152 2025–2030, nd98 2023–2024)", 1, true) ~= nil,
       true, tostring(err))
  load_base()
  config.awards.cstdcs = { quota_pct = 20 }
  local s = awards.settings(2024)
  H.eq(s.cstdcs.quota_pct, 20, "province override")
  H.eq(s.cstdcs.rounding, "floor", "other fields kept")
  H.eq(#s.cstdcs.tie_break, 4, "lists kept")
  -- a year without a regime: a rule error, or with missing_regime = "skip" a flag and no tables
  awards.state = {}
  H.facts = { history = {}, awards = {}, initiatives = {}, people = {}, units = {} }
  ok, err = pcall(awards.run_individual_titles, { year = 2021 })
  H.eq(ok, false, "error by default")
  config.awards.missing_regime = "skip"
  awards.state = {}
  H.emitted, H.tables = {}, {}
  awards.run_individual_titles({ year = 2021 }); awards.run_commendations({ year = 2021 })
  H.eq(#H.emitted, 1, "one flag"); H.eq(H.emitted[1].value, "no_regime")
  H.eq(next(H.tables), nil, "no tables")
  config.awards.missing_regime = nil
  config.awards.regimes.nd98.defaults.cstdcs.quota_pct = 10  -- regime-specific change
  config.awards.cstdcs = nil
  H.eq(awards.settings(2024).cstdcs.quota_pct, 10); H.eq(awards.settings(2025).cstdcs.quota_pct, 15)
end)

-- The steps over facts --------------------------------------------------------------------------------

H.test("steps: titles, quota, commendations, collectives and blocks from facts", function()
  load_base()
  awards.state = {}
  local facts = {
    units = { { id = "U1", name = "Văn phòng", block_id = "K1" }, { id = "U2", name = "Thanh tra", block_id = "K1" } },
    people = {},
    history = {}, awards = {}, initiatives = {}, block_ranks = {},
  }
  -- U1: 7 people with HTXSNV 2024 (all meet the CSTĐCS standard, quota floor(15% × 7) = 1)
  for i = 1, 7 do
    local id = ("S%03d"):format(i)
    facts.people[#facts.people + 1] = { id = id, name = "Người " .. i, unit_id = "U1" }
    facts.history[#facts.history + 1] = { subject_id = id, subject_kind = "person", year = 2024, grade = "HTXSNV",
                                          score = 90 - i, titles = "" }
    facts.history[#facts.history + 1] = { subject_id = id, subject_kind = "person", year = 2023, grade = "HTTNV",
                                          titles = "LĐTT, CSTĐCS" }
  end
  facts.history[#facts.history + 1] = { subject_id = "U1", subject_kind = "unit", year = 2024, grade = "HTXSNV" }
  facts.history[#facts.history + 1] = { subject_id = "U1", subject_kind = "unit", year = 2023, grade = "HTXSNV" }
  facts.history[#facts.history + 1] = { subject_id = "U2", subject_kind = "unit", year = 2024, grade = "HTXSNV",
                                        members = 10, members_htnv = 10, members_ldtt = 5, members_cstdcs = 1 }
  facts.block_ranks = { { unit_id = "U1", year = 2024, block_id = "K1", rank = 1, score = 950, exceeded_targets = true },
                        { unit_id = "U2", year = 2024, block_id = "K1", rank = 2, score = 900 } }
  H.facts = facts
  local ctx = { year = 2024 }
  for _, st in ipairs(steps) do st.fn(ctx) end
  local kinds = {}
  for _, e in ipairs(H.emitted) do
    local k = e.kind .. ":" .. tostring(e.value)
    kinds[k] = (kinds[k] or 0) + 1
  end
  H.eq(kinds["title:LDTT"], 7, "LĐTT")
  H.eq(kinds["title:CSTDCS"], 1, "CSTĐCS within quota")
  H.eq(kinds["title_refused:CSTDCS"], 6, "over quota")
  H.eq(kinds["quota:1"], 1, "quota line")
  -- S001 has the best score, gets CSTĐCS 2024 after CSTĐCS 2023: BK tỉnh on 2 consecutive CSTĐCS
  H.eq(kinds["award:BK_TINH"], 1, "BK tỉnh")
  H.eq(kinds["title:TTLDXS"], 1, "U1: 7/7 LĐTT, 1 CSTĐCS")
  H.eq(kinds["title_refused:TTLDTT"], 2, "U1 has the higher title; U2 5/10 is not over 50%")
  H.eq(kinds["title:CO_TINH"], 1, "U1 leads K1")
  H.eq(kinds["title_refused:CO_CP"], 1, "20% of 1 leader is 0")
  H.eq(#H.tables.awards_cstdcs_quota_2024.rows, 1, "quota table")
  H.eq(H.tables.awards_cstdcs_quota_2024.rows[1].text, "15% × 7 = 1,05 → 1 (làm tròn xuống)")
  local bk = H.tables.awards_bk_tinh_2024.rows[1]
  H.eq(bk.id, "S001"); H.eq(bk.result, "Đạt"); H.eq(bk.period, "2023–2024")
  local col = H.tables.awards_collective_2024.rows
  H.eq(col[2].reason:find("TTLĐTT: không đủ điều kiện: Tỷ lệ LĐTT: cần trên 50%, có 5/10 = 50%", 1, true) ~= nil,
       true, col[2].reason)
end)

-- The Quảng Bình sample data, read the way the engine reads it -----------------------------------

-- Runs a rule file the way the engine will, for what these tests need: `ruleset`, `extends`
-- (relative to the calling file), `source` (a file under the data folder or inline `csv`;
-- ";" or "," between fields, no quoted fields, Vietnamese numbers when numbers = "vi"),
-- `expect`. Types come from define_table. Returns the facts, the ruleset and the expectations.
local BOOL = { x = true, ["1"] = true, ["có"] = true, yes = true, ["true"] = true,
               ["0"] = false, ["không"] = false, no = false, ["false"] = false }
local CANONICAL = { units = { "id", "name", "kind", "parent_id", "block_id", "source" },
                    people = { "id", "name", "unit_id", "cell_id", "party_status", "position", "source" } }
local function load_rule_file(rule_file, data_dir)
  local sources, expects, rs = {}, {}, {}
  function source(spec) sources[#sources + 1] = spec end
  function expect(spec) expects[#expects + 1] = spec end
  function ruleset(t) for k, v in pairs(t) do rs[k] = v end end
  local dirs = { rule_file:match("^(.*)/") }
  function extends(path)
    local full = dirs[#dirs] .. "/" .. path
    dirs[#dirs + 1] = full:match("^(.*)/")
    dofile(full)
    dirs[#dirs] = nil
  end
  H.reset(); steps = {}
  -- each rule file starts with the library's criteria, as each engine run does (a file may
  -- replace one: awards.criterion)
  for code in pairs(awards.CHECKS) do awards.CHECKS[code] = awards.library_criterion(code) end
  dofile(rule_file)
  extends = function(path) dofile("rules/base/" .. path) end
  data_dir = data_dir or (rs.data and (rule_file:match("^(.*)/") .. "/" .. rs.data))
  local facts = {}
  for _, src in ipairs(sources) do
    local types = {}
    local def = H.tables_defined[src.table]
    if def then for _, c in ipairs(def.columns) do types[c[1]] = c[2] end
    else for _, c in ipairs(CANONICAL[src.table]) do types[c] = "text" end end
    local text = src.csv
    if not text then
      local f = assert(io.open(data_dir .. "/" .. src.file, "rb"))
      text = f:read("a"); f:close()
    end
    text = text:gsub("^\239\187\191", "")
    local delim = src.delimiter or ","
    local header, rows = nil, facts[src.table] or {}
    for line in text:gmatch("[^\r\n]+") do
      local cells = {}
      for cell in (line .. delim):gmatch("([^" .. delim .. "]*)" .. delim) do cells[#cells + 1] = cell end
      if not header then
        header = {}
        for i, h in ipairs(cells) do header[h] = i end
      else
        local row = {}
        for col, ty in pairs(types) do
          local head = (src.columns and src.columns[col]) or col
          local v = header[head] and cells[header[head]]
          if v == "" then v = nil end
          if v and (ty == "integer" or ty == "number") then
            local t = src.numbers == "vi" and v:gsub("%.", ""):gsub(",", ".") or v
            v = tonumber(t) or error(tostring(src.file) .. ": not a number " .. v)
            if ty == "integer" then v = math.tointeger(v) end
          elseif v and ty == "bool" then
            v = BOOL[v]; assert(v ~= nil, "bool")
          end
          row[col] = v
        end
        rows[#rows + 1] = row
      end
    end
    facts[src.table] = rows
  end
  return facts, rs, expects
end

-- Runs the steps over the facts and checks the expectations; returns the list of failures.
local function run_rule_file(rule_file, year, data_dir)
  local facts, rs, expects = load_rule_file(rule_file, data_dir)
  facts.units = facts.units or {}
  facts.people = facts.people or {}
  H.facts = facts
  awards.state = {}
  for _, st in ipairs(steps) do st.fn({ year = year or rs.year }) end
  local fails = {}
  for _, e in ipairs(expects) do
    if e.table then
      local t = H.tables[e.table]
      local found
      for _, r in ipairs(t and t.rows or {}) do
        local ok = true
        for k, v in pairs(e.row) do if r[k] ~= v then ok = false end end
        if ok then found = r; break end
      end
      if not found then fails[#fails + 1] = e.table .. ": no row"
      else
        for k, v in pairs(e.values) do
          if found[k] ~= v then fails[#fails + 1] = ("%s.%s: got %s, want %s"):format(e.table, k, tostring(found[k]), tostring(v)) end
        end
      end
    else
      local n, last = 0, nil
      for _, r in ipairs(H.emitted) do
        if r.kind == e.kind and (e.subject == nil or r.subject == e.subject) then
          last = r
          if e.count and (e.value == nil or r.value == e.value) then n = n + 1 end
        end
      end
      if e.count then
        if n ~= e.count then
          fails[#fails + 1] = ("%s %s %s: count %d, want %d"):format(e.kind, e.subject or "*", tostring(e.value), n, e.count)
        end
      elseif not last or last.value ~= e.value then
        fails[#fails + 1] = ("%s %s: got %s, want %s"):format(e.kind, e.subject or "*",
          last and tostring(last.value) or "nothing", tostring(e.value))
      end
    end
  end
  return fails
end

H.test("engine expectation files tests/rules/awards_*.test.lua, run here", function()
  local p = io.popen("ls tests/rules/awards_*.test.lua tests/rules/quangbinh_awards*.test.lua")
  local n = 0
  for f in p:lines() do
    n = n + 1
    local fails = run_rule_file(f)
    for _, m in ipairs(fails) do H.eq(m, nil, f) end
  end
  p:close()
  H.eq(n >= 10, true, "expectation files found")
end)

local function run_sample(year)
  local facts = load_rule_file("rules/quangbinh/awards.lua", "data/quangbinh")
  facts.units = facts.units or {}
  local have = {}
  for _, u in ipairs(facts.units) do have[u.id] = true end
  for _, p in ipairs(facts.people) do
    if not have[p.unit_id] then facts.units[#facts.units + 1] = { id = p.unit_id, name = p.unit_id }; have[p.unit_id] = true end
  end
  for _, h in ipairs(facts.history) do
    if h.subject_id:sub(1, 1) ~= "S" and not have[h.subject_id] then
      facts.units[#facts.units + 1] = { id = h.subject_id, name = h.subject_id }; have[h.subject_id] = true
    end
  end
  H.facts = facts
  awards.state = {}
  for _, st in ipairs(steps) do st.fn({ year = year }) end
  local got = {}
  for _, e in ipairs(H.emitted) do
    if e.subject and (e.kind == "title" or e.kind == "award") then got[e.subject .. ":" .. e.value] = true end
    if e.subject and (e.kind == "title_refused" or e.kind == "award_refused") then
      got[e.subject .. ":" .. e.value] = got[e.subject .. ":" .. e.value] or e.values.reason
    end
  end
  return got
end

H.test("Quảng Bình sample 2024: every rule passes for someone and fails for someone", function()
  local got = run_sample(2024)
  local want_yes = { "S001:BK_TTG", "S004:HCLD3", "S005:BK_TTG", "S006:BK_TINH", "S009:CSTDT", "S009:BK_TINH",
                     "S011:BK_TINH", "S017:BK_TTG", "S021:CSTDCS", "S006:CSTDCS", "S002:LDTT",
                     "TT_DVVL:TTLDXS", "TT_DDLP:TTLDTT", "VP:TTLDXS", "P_NCC:TTLDTT", "P_KHTC:TTLDTT" }
  for _, k in ipairs(want_yes) do H.eq(got[k], true, k) end
  local want_no = {
    ["S002:BK_TTG"] = "cần 3, có 2 (2021, 2023)",
    ["S003:BK_TTG"] = "tính từ năm 2022",
    ["S001:BK_TINH"] = "đã dùng cho BK_TTG 2024",
    ["S004:BK_TTG"] = "đã dùng cho HCLD3 2024",
    ["S005:HCLD3"] = "Số năm HTXSNV trong thời gian đó: cần 1, có 0",
    ["S007:BK_TINH"] = "Số năm liên tục HTXSNV đến năm 2024: cần 2, có 1",
    ["S008:BK_TINH"] = "cần 2, có 1 (2024)",
    ["S010:CSTDT"] = "cần 3, có 0",
    ["S010:CSTDCS"] = "vượt hạn mức CSTĐCS: 15% × 45 = 6,75 → 6",
    ["S012:LDTT"] = "cần HTTNV trở lên, có HTNV",
    ["S013:LDTT"] = "Tham gia phong trào thi đua",
    ["S014:LDTT"] = "Bị kỷ luật",
    ["S015:CSTDCS"] = "cần HTXSNV, có HTTNV",
    ["TT_CTXH:TTLDTT"] = "cần trên 50%, có 10/20 = 50%",
    ["TT_DDLP:TTLDXS"] = "cần từ 70%, có 13/20 = 65%",
    ["P_NCC:TTLDXS"] = "Số CSTĐCS: cần 1, có 0",
    ["P_KHTC:TTLDXS"] = "Xếp loại tập thể năm 2024: cần HTXSNV, có HTTNV",
  }
  for k, frag in pairs(want_no) do
    local r = got[k]
    H.eq(type(r) == "string" and r:find(frag, 1, true) ~= nil, true, k .. ": " .. tostring(r))
  end
end)

H.test("Quảng Bình sample 2023", function()
  local got = run_sample(2023)
  for _, k in ipairs { "S018:HCLD3", "S017:BK_TTG", "S008:BK_TINH", "S011:BK_TINH", "S002:CSTDCS" } do
    H.eq(got[k], true, k)
  end
  local want_no = {
    ["S018:BK_TTG"] = "đã dùng cho HCLD3 2023",
    ["S004:HCLD3"] = "cần 5, có 4",
    ["S006:CSTDCS"] = "vượt hạn mức CSTĐCS",
    ["S009:CSTDT"] = "cần 3, có 2",
    ["S019:LDTT"] = "có KHTNV",
  }
  for k, frag in pairs(want_no) do
    local r = got[k]
    H.eq(type(r) == "string" and r:find(frag, 1, true) ~= nil, true, k .. ": " .. tostring(r))
  end
end)

H.done()
