-- Party grading: the worked examples of docs/regulations/party-grading.md §9 (Ex 1–5) under each
-- reading, rounding and pool; QĐ 366 boundaries; conditions; tie-breaks; the gap case; the regimes.
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local grading = require "grading"

-- {{{ fixtures

-- Rule-file globals the harness does not give, enough to load rules/base/grading.lua.
local steps_declared = {}
local dir_stack = { "rules/base" }
-- Runs a rule file by a path relative to the file being run, as the engine's `extends` does.
local function run_rule_file(path)
  local dir = path:match("^(.*)/[^/]*$") or "."
  dir_stack[#dir_stack + 1] = dir
  local ok, err = pcall(dofile, path)
  dir_stack[#dir_stack] = nil
  if not ok then error(err, 0) end
end
function extends(path) run_rule_file(dir_stack[#dir_stack] .. "/" .. path) end
function step(title, fn) steps_declared[#steps_declared + 1] = { title = title, fn = fn } end

local YEAR = 2020

local function unit(id, kind, parent) return { id = id, name = "Tên " .. id, kind = kind, parent_id = parent } end
local function member(id, cell, f)
  local r = { subject_id = id, subject_kind = "person", year = YEAR, unit_id = cell }
  for k, v in pairs(f or {}) do r[k] = v end
  return r
end

-- A chi bộ's members from counts per proposed level: ids <cell>_1 .. <cell>_n, HTXSNV first,
-- with votes falling so the first proposed keep their place.
local function members_of(cell, x, g, h, k, rows)
  rows = rows or {}
  local i = 0
  for lvl, n in ipairs { x, g, h or 0, k or 0 } do
    for _ = 1, n do
      i = i + 1
      rows[#rows + 1] = member(("%s_%02d"):format(cell, i), cell, { proposed = grading.LEVELS[lvl], votes = 100 - i })
    end
  end
  return rows
end

-- HD 21-like settings with the quota fields given.
local function hd21(q, extra)
  local cfg = { method = "proposal",
    conditions = { discipline = { min_form = "khien_trach", level = "KHTNV" }, sick_leave_months = 3 },
    quota = { pct = 20, reading = "B1", rounding = "floor", pool = "chi_bo" },
    collective = { htxsnv_min_htnv_pct = 100, htxsnv_min_httnv_pct = 80 } }
  for k, v in pairs(q or {}) do cfg.quota[k] = v end
  for k, v in pairs(extra or {}) do cfg[k] = v end
  return grading.check_config(cfg)
end

local function run(facts, cfg, year)
  H.reset(facts)
  local res = grading.run({ year = year or YEAR, config = config }, cfg)
  local grade, kinds = {}, {}
  for _, e in ipairs(H.emitted) do
    if e.kind == "grade" then grade[e.subject] = e end
    kinds[e.kind] = (kinds[e.kind] or 0) + 1
  end
  res.grade, res.kinds = grade, kinds
  return res
end

local function level(res, id) return res.grade[id] and res.grade[id].value end
local function count_level(res, lvl, kind)
  local n = 0
  for _, e in pairs(res.grade) do if e.value == lvl and e.subject_kind == (kind or "person") then n = n + 1 end end
  return n
end
local function quota_row(pool, lvl)
  for _, r in ipairs(H.tables.grading_quota.rows) do
    if r.pool == pool and r.level == (lvl or "Đảng viên") then return r end
  end
end
local function has_step(e, pattern)
  for _, s in ipairs(e.steps or {}) do if s:find(pattern, 1, true) then return true end end
  return false
end

-- }}}
-- {{{ Ex 1: chi bộ of 25, HD 21

local function ex1_facts()
  local g = members_of("cb1", 4, 18, 2, 1)
  g[#g + 1] = { subject_id = "cb1", subject_kind = "unit", year = YEAR, unit_id = "d1", proposed = "HTXSNV" }
  return { units = { unit("d1", "dang_bo"), unit("cb1", "chi_bo", "d1") }, gradings = g }
end

H.test("Ex 1 readings and roundings", function()
  local cases = {
    { "B1", "floor", 3, 3 }, { "B2", "floor", 3, 3 }, { "B3", "floor", 4, 4 },
    { "B4", "floor", 5, 4 }, { "B1", "half_up", 4, 4 }, { "B1", "ceil", 4, 4 },
  }
  for _, c in ipairs(cases) do
    local res = run(ex1_facts(), hd21 { reading = c[1], rounding = c[2] })
    local what = c[1] .. " " .. c[2]
    H.eq(quota_row("cb1").allowed, c[3], what .. " allowed")
    H.eq(count_level(res, "HTXSNV"), c[4], what .. " final HTXSNV")
    H.eq(count_level(res, "HTTNV"), 22 - c[4], what .. " final HTTNV")
    H.eq(count_level(res, "HTNV"), 2, what .. " HTNV")
    H.eq(count_level(res, "KHTNV"), 1, what .. " KHTNV")
  end
end)

H.test("Ex 1 B1 moves the lowest-voted candidate, with the numbers", function()
  local res = run(ex1_facts(), hd21())
  H.eq(level(res, "cb1_01"), "HTXSNV"); H.eq(level(res, "cb1_03"), "HTXSNV")
  local m = res.grade["cb1_04"]
  H.eq(m.value, "HTTNV", "cb1_04 moved down")
  H.eq(m.values.allowed, 3); H.eq(m.values.proposed, 4); H.eq(m.values.base, 18)
  H.eq(m.values.reading, "B1"); H.eq(m.values.rounding, "floor"); H.eq(m.values.decided_by, "-votes")
  H.eq(#H.tables.grading_moved.rows, 1, "one row in grading_moved")
  H.eq(H.tables.grading_moved.rows[1].name, nil, "no people table: no name")
  local facts = ex1_facts()
  facts.people = { { id = "cb1_02", name = "Lê Văn Hai" }, { id = "cb1_04", name = "Trần Thị Bốn" } }
  run(facts, hd21())
  H.eq(H.tables.grading_moved.rows[1].name, "Trần Thị Bốn", "the moved member's name, from people")
  H.eq(H.tables.grading_quota.rows[1].computation, "B1: 20% × 18 = 3,6 → 3 (làm tròn xuống)")
end)

H.test("Ex 1 the chi bộ cannot be HTXSNV: 24 of 25 HTNV or better", function()
  local res = run(ex1_facts(), hd21())
  H.eq(level(res, "cb1"), "HTTNV", "cb1 capped")
  H.eq(has_step(res.grade["cb1"], "Dưới 100% đảng viên HTNV trở lên"), true, "reason given")
  H.eq(has_step(res.grade["cb1"], "Dưới 80%"), false, "88% passes the 80% test")
end)

-- }}}
-- {{{ Ex 2: chi bộ of 7

H.test("Ex 2 small chi bộ: floor gives 1, ceil on B3/B4 gives 2", function()
  local facts = function() return { units = { unit("cb2", "chi_bo") }, gradings = members_of("cb2", 2, 5) } end
  for _, c in ipairs { { "B1", "floor", 1 }, { "B2", "floor", 1 }, { "B3", "floor", 1 }, { "B4", "floor", 1 },
                       { "B3", "ceil", 2 }, { "B4", "ceil", 2 }, { "B1", "ceil", 1 } } do
    local res = run(facts(), hd21 { reading = c[1], rounding = c[2] })
    H.eq(quota_row("cb2").allowed, c[3], c[1] .. " " .. c[2])
    H.eq(count_level(res, "HTXSNV"), c[3], c[1] .. " " .. c[2] .. " final")
    H.eq(count_level(res, "HTTNV"), 7 - c[3])
  end
end)

-- }}}
-- {{{ Ex 3: pooling

local function ex3_facts()
  local g = members_of("A", 3, 7)
  members_of("B", 0, 8, 0, 0, g)
  members_of("C", 2, 3, 0, 0, g)
  -- scores decide the pooled tie-break: A_01 95, A_02 91, A_03 88, C_01 93, C_02 90
  local scores = { A_01 = 95, A_02 = 91, A_03 = 88, C_01 = 93, C_02 = 90 }
  for _, r in ipairs(g) do r.score = scores[r.subject_id] end
  return { units = { unit("D", "dang_bo"), unit("A", "chi_bo", "D"), unit("B", "chi_bo", "D"), unit("C", "chi_bo", "D") },
           gradings = g }
end

H.test("Ex 3 per chi bộ: only 1 HTXSNV", function()
  local res = run(ex3_facts(), hd21 { pool = "chi_bo" })
  -- The notes' table shows B's own cap as 0; ⌊0.2 × 8⌋ is 1 (B simply has no candidate).
  H.eq(quota_row("A").allowed, 1); H.eq(quota_row("B").allowed, 1); H.eq(quota_row("C").allowed, 0)
  H.eq(quota_row("B").proposed, 0)
  H.eq(count_level(res, "HTXSNV"), 1)
  H.eq(level(res, "A_01"), "HTXSNV")
  H.eq(level(res, "C_01"), "HTTNV", "C's cap is 0")
end)

H.test("Ex 3 pooled per đảng bộ: 3 HTXSNV, the tie-break picks by score", function()
  local res = run(ex3_facts(), hd21 { pool = "dang_bo" })
  local q = quota_row("D")
  H.eq(q.allowed, 3); H.eq(q.proposed, 5); H.eq(q.base, 18); H.eq(q.moved, 2)
  H.eq(level(res, "A_01"), "HTXSNV"); H.eq(level(res, "C_01"), "HTXSNV"); H.eq(level(res, "A_02"), "HTXSNV")
  H.eq(level(res, "C_02"), "HTTNV"); H.eq(level(res, "A_03"), "HTTNV")
  H.eq(res.grade["C_02"].values.decided_by, "-score")
end)

H.test("Ex 3 chi bộ of 4: nobody may be HTXSNV", function()
  local res = run({ units = { unit("E", "chi_bo") }, gradings = members_of("E", 1, 3) }, hd21())
  H.eq(quota_row("E").allowed, 0)
  H.eq(count_level(res, "HTXSNV"), 0)
  H.eq(level(res, "E_01"), "HTTNV")
  H.eq(has_step(res.grade["E_01"], "được 0, đề xuất 1"), true, "reason names the numbers")
end)

H.test("pool per configured group", function()
  local g = members_of("A", 3, 7)
  members_of("C", 2, 3, 0, 0, g)
  for _, r in ipairs(g) do r.group_id = (r.subject_id == "C_01" or r.subject_id == "C_02") and "lanh_dao" or "chuyen_vien" end
  local res = run({ units = { unit("D", "dang_bo"), unit("A", "chi_bo", "D"), unit("C", "chi_bo", "D") }, gradings = g },
                  hd21 { pool = "group" })
  H.eq(quota_row("chuyen_vien").allowed, 2, "0.2 × 10 HTTNV")  -- A's 7 + C's 3
  H.eq(quota_row("lanh_dao").allowed, 0)
  H.eq(count_level(res, "HTXSNV"), 2)
end)

-- }}}
-- {{{ Ex 4: QĐ 366 scoring

local function qd366(q)
  config = {}
  run_rule_file("rules/base/grading.lua")
  config.grading = { quota = q or {} }
  return grading.resolve(config, 2025)
end

local function ex4_facts(outstanding)
  local rows = {}
  local function m(id, score, f)
    f = f or {}
    f.score = score; f.tasks_exceeded_pct = f.tasks_exceeded_pct or 40; f.group_id = "g1"
    rows[#rows + 1] = member(id, "cb4", f)
    rows[#rows].year = 2025
  end
  m("m01", 96); m("m02", 93); m("m03", 91, { tasks_exceeded_pct = 20 }); m("m04", 90.0); m("m05", 89.5)
  m("m06", 85); m("m07", 80); m("m08", 78); m("m09", 75); m("m10", 70.0)
  m("m11", 69.9, { tasks_late_pct = 10 })
  m("m12", 92, { discipline = "khien_trach", discipline_duty_related = true })
  rows[#rows + 1] = { subject_id = "g1", subject_kind = "unit", year = 2025, outstanding = outstanding }
  return { units = { unit("cb4", "chi_bo") }, gradings = rows }
end

H.test("Ex 4 grades before the quota", function()
  local cfg = qd366 { pool = "group", reading = "B3" }
  local res = run(ex4_facts(), cfg, 2025)
  H.eq(level(res, "m03"), "HTTNV", "20% exceeded blocks HTXSNV")
  H.eq(has_step(res.grade["m03"], "Chỉ 20% nhiệm vụ vượt yêu cầu"), true)
  H.eq(level(res, "m05"), "HTTNV", "89.5")
  H.eq(level(res, "m10"), "HTTNV", "70.0 counts")
  H.eq(level(res, "m11"), "HTNV", "69.9")
  H.eq(level(res, "m12"), "KHTNV", "disciplined with 92 points")
  H.eq(has_step(res.grade["m12"], "khiển trách"), true)
end)

H.test("Ex 4 readings", function()
  for _, c in ipairs { { { reading = "B1" }, 1, { "m01" } }, { { reading = "B2" }, 1, { "m01" } },
                       { { reading = "B3" }, 2, { "m01", "m02" } }, { { reading = "B4" }, 2, { "m01", "m02" } } } do
    local res = run(ex4_facts(), qd366(c[1]), 2025)
    H.eq(quota_row("g1").allowed, c[2], c[1].reading)
    H.eq(count_level(res, "HTXSNV"), #c[3], c[1].reading .. " count")
    for _, id in ipairs(c[3]) do H.eq(level(res, id), "HTXSNV", c[1].reading .. " keeps " .. id) end
    H.eq(level(res, "m04"), "HTTNV", c[1].reading .. " m04 moves down")
  end
end)

H.test("Ex 4 B1 at 25% for an outstanding group", function()
  local res = run(ex4_facts(true), qd366 { reading = "B1" }, 2025)
  local q = quota_row("g1")
  H.eq(q.pct, 25); H.eq(q.allowed, 1, "⌊1.75⌋")
  H.eq(count_level(res, "HTXSNV"), 1)
end)

H.test("QĐ 366 score boundaries", function()
  local cfg = qd366()
  local st = grading.prepare({ year = 2025 }, cfg)
  for _, c in ipairs { { 90.0, "HTXSNV" }, { 89.5, "HTTNV" }, { 70.0, "HTTNV" }, { 69.9, "HTNV" },
                       { 50.0, "HTNV" }, { 49.9, "KHTNV" }, { 100, "HTXSNV" }, { 0, "KHTNV" } } do
    local r = grading.assess({ score = c[1], tasks_exceeded_pct = 30 }, st)
    H.eq(grading.LEVELS[r], c[2], "score " .. c[1])
  end
end)

H.test("QĐ 366 conditions", function()
  local st = grading.prepare({ year = 2025 }, qd366())
  local function lv(row) local r = grading.assess(row, st); return grading.LEVELS[r] or r end
  H.eq(lv { score = 92, discipline = "khien_trach", discipline_duty_related = true }, "KHTNV", "duty-related discipline")
  H.eq(lv { score = 92, tasks_exceeded_pct = 30, discipline = "khien_trach" }, "HTXSNV", "not duty-related: no cap under QĐ 366")
  H.eq(lv { score = 95, tasks_unfinished_pct = 60 }, "KHTNV", "> 50% unfinished")
  H.eq(lv { score = 95, tasks_exceeded_pct = 30 }, "HTXSNV", "exactly 30% exceeded")
  H.eq(lv { score = 95, tasks_exceeded_pct = 50, shortcomings_remedied = false }, "HTTNV", "shortcomings not remedied")
  H.eq(lv { score = 85, tasks_late_pct = 5 }, "HTNV", "HTTNV needs all on time")
  H.eq(lv { score = 60, tasks_late_pct = 20 }, "HTNV", "20% late is still HTNV")
  H.eq(lv { score = 85, sick_leave_months = 4 }, "HTTNV", "HD 43: sick leave is no bar")
end)

-- }}}
-- {{{ the gap case

H.test("gap: 65 points, all done, 25% late under each choice", function()
  for _, c in ipairs { { "HTNV", "HTNV" }, { "KHTNV", "KHTNV" }, { "manual", grading.MANUAL } } do
    config = {}
    run_rule_file("rules/base/grading.lua")
    config.grading = { gap = c[1] }
    local cfg = grading.resolve(config, 2025)
    local res = run({ units = { unit("cb", "chi_bo") },
      gradings = { member("x", "cb", { year = 2025, score = 65, tasks_late_pct = 25 }) } }, cfg, 2025)
    H.eq(level(res, "x"), c[2], "gap " .. c[1])
    H.eq(has_step(res.grade["x"], "Khoảng trống quy định"), true, "explanation says so")
    H.eq(res.kinds.flag == 1, c[1] == "manual", "flag only for manual review " .. c[1])
  end
end)

-- }}}
-- {{{ HD 21 conditions and ties

H.test("HD 21: any discipline is KHTNV, sick leave caps at HTNV", function()
  local st = grading.prepare({ year = 2020 }, hd21())
  local function lv(row) return grading.LEVELS[(grading.assess(row, st))] end
  H.eq(lv { proposed = "HTXSNV", discipline = "khien_trach" }, "KHTNV")
  H.eq(lv { proposed = "HTXSNV", sick_leave_months = 3 }, "HTNV")
  H.eq(lv { proposed = "HTTNV", sick_leave_months = 2.5 }, "HTTNV")
  H.eq(lv { proposed = "HTXSNV", score = 40 }, "HTXSNV", "method proposal ignores a score")
end)

H.test("ties at the quota's edge broken by each key in turn", function()
  -- 3 candidates and 10 HTTNV: B1 allows 2; the third is decided by score, task score, votes, id.
  local cases = {
    { { score = 95 }, { score = 93 }, { score = 91 }, "-score" },
    { { score = 93, task_score = 60 }, { score = 93, task_score = 65 }, { score = 93, task_score = 55 }, "-task_score" },
    { { score = 93, task_score = 60, votes = 10 }, { score = 93, task_score = 60, votes = 12 },
      { score = 93, task_score = 60, votes = 9 }, "-votes" },
    { { score = 93, task_score = 60, votes = 10 }, { score = 93, task_score = 60, votes = 10 },
      { score = 93, task_score = 60, votes = 10 }, "subject_id" },
  }
  for _, c in ipairs(cases) do
    local rows = members_of("t", 0, 10)
    for i = 1, 3 do
      local f = c[i]; f.proposed = "HTXSNV"
      rows[#rows + 1] = member("z" .. i, "t", f)
    end
    local res = run({ units = { unit("t", "chi_bo") }, gradings = rows },
                    hd21 { tie_break = { "-score", "-task_score", "-votes", "subject_id" } })
    H.eq(level(res, "z3"), "HTTNV", c[4] .. " moves z3")
    H.eq(res.grade["z3"].values.decided_by, c[4], "deciding key " .. c[4])
    H.eq(count_level(res, "HTXSNV"), 2)
  end
end)

-- }}}
-- {{{ Ex 5: who is not graded, shares, validation

local function ex5_facts()
  local g = members_of("cb5", 6, 28, 3)
  for i = 1, 2 do g[#g + 1] = member("ex" .. i, "cb5", { excused = true, proposed = "HTTNV" }) end
  g[#g + 1] = member("new1", "cb5", { admitted = "2020-09-01", proposed = "HTTNV" })
  g[#g + 1] = member("old1", "cb5", { admitted = "2020-06-30", proposed = "HTTNV", published = "HTTNV" })
  for _, r in ipairs(g) do r.published = r.published or r.proposed end
  return { units = { unit("cb5", "chi_bo") }, gradings = g,
    published_shares = {
      { subject_id = "cb5", subject_kind = "person", year = YEAR, level = "HTXSNV", count = 6, pct = 15.79 },
      { subject_id = "cb5", subject_kind = "person", year = YEAR, level = "HTTNV", count = 29, pct = 76.32 } } }
end

H.test("Ex 5: excused and recently admitted are not graded; shares over N", function()
  local res = run(ex5_facts(), hd21())
  H.eq(res.kinds.exclusion, 3, "3 exclusions")
  local reasons = {}
  for _, e in ipairs(H.emitted) do if e.kind == "exclusion" then reasons[e.subject] = e.value end end
  H.eq(reasons.ex1, "excused"); H.eq(reasons.new1, "recent")
  H.eq(reasons.old1, nil, "admitted exactly 6 months before 31/12 is graded")
  local row = H.tables.grading_members.rows[1]
  H.eq(row.graded, 38); H.eq(row.excluded, 3)
end)

H.test("Ex 5 validation: the published 6 HTXSNV breach B1 (6 > 5), printed shares checked", function()
  local facts = ex5_facts()
  -- Ex 5 exactly: 37 graded, 6 / 28 / 3.
  for i = #facts.gradings, 1, -1 do if facts.gradings[i].subject_id == "old1" then table.remove(facts.gradings, i) end end
  local res = run(facts, hd21({}, { mode = "validate" }))
  local row = H.tables.grading_members.rows[1]
  H.eq(row.graded, 37)
  H.eq(string.format("%.2f", row.htxsnv_pct), "16.22"); H.eq(string.format("%.2f", row.httnv_pct), "75.68")
  H.eq(string.format("%.2f", row.htnv_pct), "8.11")
  local quota_breach, share_breach = 0, 0
  for _, b in ipairs(H.tables.grading_breaches.rows) do
    if b.check == "Vượt chỉ tiêu HTXSNV (đảng viên)" then quota_breach = quota_breach + 1; H.eq(b.message:find("vượt chỉ tiêu 5", 1, true) ~= nil, true) end
    if b.check == "Tỷ lệ đã in trong báo cáo" then share_breach = share_breach + 1 end
  end
  H.eq(quota_breach, 1, "quota breach listed")
  H.eq(share_breach, 2, "printed 15,79% / 76,32% over 38 disagree with 37 graded")
  H.eq(count_level(res, "HTXSNV"), 6, "validate keeps published levels")
  local chk = H.tables.grading_published_check.rows[1]
  H.eq(chk.fits, "38", "the printed 15,79% fits a denominator of 38")
end)

H.test("validate: a published level better than the rules allow is an error", function()
  local g = members_of("v", 1, 9)
  g[#g + 1] = member("bad", "v", { proposed = "HTTNV", discipline = "canh_cao" })
  for _, r in ipairs(g) do r.published = r.proposed end
  local res = run({ units = { unit("v", "chi_bo") }, gradings = g },
                  hd21({}, { mode = "validate", validate = { severity = { member_level = "error" } } }))
  H.eq(res.errors, 1)
  H.eq(H.tables.grading_breaches.rows[1].subject, "bad")
end)

-- }}}
-- {{{ regimes

H.test("regime picked by the data's year", function()
  config = {}
  run_rule_file("rules/base/grading.lua")
  H.eq(grading.resolve(config, 2019).name, "hd21"); H.eq(grading.resolve(config, 2022).name, "hd21")
  H.eq(grading.resolve(config, 2023).name, "qd124"); H.eq(grading.resolve(config, 2024).name, "qd124")
  H.eq(grading.resolve(config, 2025).name, "qd366")
  H.eq(grading.resolve(config, 2021).conditions.sick_leave_months, 3)
  H.eq(grading.resolve(config, 2025).conditions.sick_leave_months, nil)
  config.grading.quota = { reading = "B3" }
  H.eq(grading.resolve(config, 2021).quota.reading, "B3", "province override")
  H.eq(grading.resolve(config, 2021).quota.pct, 20, "other fields kept")
  local ok = pcall(grading.resolve, { grading_regimes = config.grading_regimes }, 2010)
  H.eq(ok, false, "no regime for 2010")
  H.eq(#steps_declared > 0, true, "base file declares its step")
end)

H.test("bad settings and data stop with a clear message", function()
  local ok, err = pcall(grading.check_config, { quota = { reading = "B9" } })
  H.eq(ok, false); H.eq(tostring(err):find("B1, B2, B3 or B4", 1, true) ~= nil, true)
  ok, err = pcall(run, { units = { unit("c", "chi_bo") },
    gradings = { member("p", "c", { proposed = "Tốt", _src = "g.csv", _line = 4 }) } }, hd21())
  H.eq(ok, false); H.eq(tostring(err):find("g.csv:4", 1, true) ~= nil, true, "place of the bad level")
end)

H.test("months_before clamps the day", function()
  H.eq(grading.months_before("2023-12-31", 6), "2023-06-30")
  H.eq(grading.months_before("2024-08-31", 6), "2024-02-29")
  H.eq(grading.months_before("2023-03-15", 6), "2022-09-15")
end)

-- }}}
-- {{{ Quảng Bình 2023, from data/quangbinh with the province's rule part

-- Just enough of the loader for these files: ";"-separated, a BOM, no quoted fields.
local sources = {}
function source(spec) sources[#sources + 1] = spec end
local BOOL = { ["có"] = true, x = true, ["1"] = true, yes = true, ["true"] = true,
               ["không"] = false, ["0"] = false, no = false, ["false"] = false }
local TYPES = {}
for name, def in pairs(H.tables_defined) do
  TYPES[name] = {}
  for _, c in ipairs(def.columns) do TYPES[name][c[1]] = c[2] end
end
TYPES.people = { id = "text" }
TYPES.units = { id = "text" }
local function load_source(spec, dir)
  local rows, header = {}, nil
  local line_no = 0
  local delim = spec.delimiter or ","
  local lines = spec.csv and spec.csv:gmatch("[^\n]+") or io.lines(dir .. "/" .. spec.file)
  local columns = spec.columns
  for line in lines do
    line_no = line_no + 1
    line = line:gsub("^\239\187\191", ""):gsub("\r$", "")
    local cells = {}
    for cell in (line .. delim):gmatch("([^" .. delim .. "]*)" .. delim) do cells[#cells + 1] = cell end
    if not header then
      header = {}
      for i, h in ipairs(cells) do header[h] = i end
      if not columns then columns = {}; for h in pairs(header) do columns[h] = h end end
    else
      local row = { _src = spec.file, _line = line_no }
      for col, h in pairs(columns) do
        local v = cells[header[h]]
        if v == "" then v = nil end
        local ty = TYPES[spec.table] and TYPES[spec.table][col] or "text"
        if v and (ty == "integer" or ty == "number") then
          if spec.numbers == "vi" then v = v:gsub("%.", ""):gsub(",", ".") end
          v = tonumber(v)
        end
        if v and ty == "bool" then v = BOOL[v] end
        if v and ty == "integer" then v = math.tointeger(v) end
        row[col] = v
      end
      rows[#rows + 1] = row
    end
  end
  return rows
end

H.test("Quảng Bình 2023: totals, printed shares, the strict-20% breach", function()
  config = {}
  sources = {}
  run_rule_file("rules/quangbinh/grading.lua")
  local facts = { units = { unit("DB_SO", "dang_bo") } }
  for i = 1, 10 do facts.units[#facts.units + 1] = unit(("CB%02d"):format(i), "chi_bo", "DB_SO") end
  for _, spec in ipairs(sources) do facts[spec.table] = load_source(spec, "data/quangbinh") end
  H.eq(#facts.people, 157, "157 members")
  local res = run(facts, grading.resolve(config, 2023), 2023)
  local t = res.totals.DB_SO
  H.eq(t[1], 27); H.eq(t[2], 124); H.eq(t[3], 1); H.eq(t[4], 1); H.eq(t[6], 4, "4 not graded")
  local u = res.unit_counts.DB_SO
  H.eq(u[1], 2); H.eq(u[2], 7); H.eq(u[3], 0); H.eq(u[4], 1)
  H.eq(res.levels.DB_SO, "HTTNV", "a KHTNV chi bộ keeps the Đảng bộ from HTXSNV")
  local checks = {}
  for _, r in ipairs(H.tables.grading_published_check.rows) do checks[r.of .. r.level] = r end
  H.eq(checks["đảng viênHTXSNV"].status, "không khớp"); H.eq(checks["đảng viênHTXSNV"].fits, "152")
  H.eq(checks["đảng viênHTTNV"].status, "không khớp"); H.eq(checks["đảng viênHTTNV"].fits, "154")
  H.eq(checks["đảng viênHTNV"].status, "khớp")
  local b = {}
  -- the table shows the checks' and severities' names (the results keep the codes)
  local names = { ["Vượt chỉ tiêu HTXSNV (đảng viên)"] = "quota", ["Vượt chỉ tiêu HTXSNV (tổ chức đảng)"] = "unit_quota", ["Xếp loại đảng viên cao hơn quy tắc cho phép"] = "member_level" }
  for _, r in ipairs(H.tables.grading_breaches.rows) do b[names[r.check] or r.check] = r end
  H.eq(b.quota and b.quota.severity, "cảnh báo", "27 > 24 reported as a warning")
  H.eq(b.quota and b.quota.message:find("vượt chỉ tiêu 24", 1, true) ~= nil, true)
  H.eq(b.unit_quota and b.unit_quota.severity, "cảnh báo", "2 chi bộ > 1")
  H.eq(b.member_level, nil, "the disciplined leader was published KHTNV: no breach")
  H.eq(res.errors, 0)
  local met = {}
  for _, r in ipairs(H.tables.grading_targets.rows) do met[r.target] = r.met end
  H.eq(met["100% chi bộ hoàn thành tốt nhiệm vụ trở lên"], "chưa đạt")
  H.eq(met["20% chi bộ hoàn thành xuất sắc nhiệm vụ"], "đạt")
  H.eq(met["Trên 95% đảng viên hoàn thành tốt nhiệm vụ trở lên"], "đạt")
  H.eq(met["20% đảng viên hoàn thành xuất sắc nhiệm vụ"], "chưa đạt")
end)

-- }}}
-- {{{ the engine expectation files, run under the harness until the engine runs them

local expects, the_ruleset
function expect(e) expects[#expects + 1] = e end
function ruleset(r) the_ruleset = r end

local function check_expect(e, file)
  local what = file .. ": " .. (e.table or e.kind) .. " " .. tostring(e.subject or "")
  if e.table then
    local t = H.tables[e.table]
    if not t then H.eq(nil, e.table, what .. " table exists"); return end
    local found
    for _, r in ipairs(t.rows) do
      local ok = true
      for k, v in pairs(e.row) do if r[k] ~= v then ok = false end end
      if ok then found = r end
    end
    if not found then H.eq(nil, "a row", what .. " row"); return end
    for k, v in pairs(e.values) do H.eq(found[k], v, what .. " " .. k) end
  elseif e.count then
    local n = 0
    for _, r in ipairs(H.emitted) do
      if r.kind == e.kind and (e.value == nil or r.value == e.value) and (e.subject == nil or r.subject == e.subject) then n = n + 1 end
    end
    H.eq(n, e.count, what .. " count")
  else
    local last
    for _, r in ipairs(H.emitted) do if r.kind == e.kind and r.subject == e.subject then last = r end end
    H.eq(last and last.value, e.value, what)
  end
end

for _, file in ipairs { "grading_ex1", "grading_ex2", "grading_ex3", "grading_ex4", "grading_ex5", "quangbinh_grading" } do
  H.test("tests/rules/" .. file .. ".test.lua under the harness", function()
    config, sources, expects, steps_declared = {}, {}, {}, {}
    local path = "tests/rules/" .. file .. ".test.lua"
    run_rule_file(path)
    local data_dir = "tests/rules/" .. (the_ruleset.data or ".")
    local facts = {}
    for _, spec in ipairs(sources) do
      local rows = load_source(spec, data_dir)
      facts[spec.table] = facts[spec.table] or {}
      for _, r in ipairs(rows) do table.insert(facts[spec.table], r) end
    end
    local declared = config
    H.reset(facts)          -- clears config; the rule files' config goes back
    config = declared
    for _, st in ipairs(steps_declared) do st.fn({ year = the_ruleset.year, config = config }) end
    H.eq(#expects > 0, true, file .. " has expectations")
    for _, e in ipairs(expects) do check_expect(e, file) end
  end)
end

-- }}}
H.done()
