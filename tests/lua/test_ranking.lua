-- Emulation ranking: tie-breaks key by key, shared ranks, totals above the sheet's maximum, a
-- block of one, and the award proposals of emulation-awards.md §6 E3 in both fill modes.
-- Run from the repo root:  lua5.4 tests/lua/test_ranking.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local ranking = require "ranking"

local function ids(rows)
  local out = {}
  for i, r in ipairs(rows) do out[i] = r.id end
  return table.concat(out, " ")
end
local function ranks(rows)
  local out = {}
  for i, r in ipairs(rows) do out[i] = r.id .. "=" .. r.rank end
  return table.concat(out, " ")
end

H.test("ties broken by each key in turn", function()
  local rows = {
    { id = "u1", name = "Delta", total = 900, core = 500, votes = 5 },
    { id = "u2", name = "Alpha", total = 930, core = 460, votes = 7 },
    { id = "u3", name = "Bravo", total = 930, core = 465, votes = 7 },   -- wins on core
    { id = "u4", name = "Gamma", total = 900, core = 500, votes = 9 },   -- wins on votes
    { id = "u5", name = "Echo",  total = 880, core = 400, votes = 3 },
    { id = "u6", name = "Charlie", total = 880, core = 400, votes = 3 }, -- wins on name
  }
  local r = ranking.rank(rows, { keys = { "-total", "-core", "-votes", "name:vi", "id" } })
  H.eq(ids(r), "u3 u2 u4 u1 u6 u5")
  H.eq(ranks(r), "u3=1 u2=2 u4=3 u1=4 u6=5 u5=6", "no shared rank when keys decide")
  H.eq(r[2].tie_note, "Bằng 930 điểm với Bravo; xếp sau do điểm nhóm nhiệm vụ trọng tâm (460 so với 465)")
  H.eq(r[3].tie_note, "Bằng 900 điểm với Delta; xếp trên do số phiếu bầu (9 so với 5)")
  H.eq(r[5].tie_note, "Bằng 880 điểm với Echo; xếp trên do tên đơn vị (thứ tự chữ cái) (Charlie so với Echo)")
  H.eq(r[1].tie_note, "Bằng 930 điểm với Alpha; xếp trên do điểm nhóm nhiệm vụ trọng tâm (465 so với 460)")
end)

H.test("rows equal on every key share a rank even in break mode", function()
  local r = ranking.rank({ { id = "a", name = "X", total = 5 }, { id = "b", name = "X", total = 5 } },
    { keys = { "-total", "name:vi" } })
  H.eq(ranks(r), "a=1 b=1")
  H.eq(r[1].tie_note, "Đồng hạng 1 với X (5 điểm)")
end)

H.test("shared ranks (đồng hạng): 1, 2, 2, 4", function()
  local rows = { { id = "a", name = "A", total = 10, core = 1 }, { id = "b", name = "B", total = 9, core = 1 },
                 { id = "c", name = "C", total = 9, core = 8 }, { id = "d", name = "D", total = 8 } }
  local r = ranking.rank(rows, { ties = "share" })
  H.eq(ranks(r), "c=2 b=2 a=1 d=4" == ranks(r) and "" or ranks(r), "")  -- placeholder replaced below
  H.eq(ids(r), "a c b d", "display order still follows the keys")
  H.eq(ranks(r), "a=1 c=2 b=2 d=4")
  H.eq(r[2].tie_note, "Đồng hạng 2 với B (9 điểm)")
end)

H.test("bad options", function()
  H.eq(pcall(ranking.rank, {}, { ties = "coin" }), false, "unknown ties mode")
  H.eq(pcall(ranking.rank, {}, { keys = { "-core" } }), false, "keys must start with -total")
end)

-- A sheet: two criteria groups, the core one "NV".
local CRITERIA = {
  { id = "NV1", name = "Nhiệm vụ", group_id = "NV", group_name = "Nhiệm vụ chuyên môn", max_points = 600, sort = 1 },
  { id = "KH1", name = "Khác", group_id = "KH", group_name = "Công tác khác", max_points = 350, sort = 2 },
}
local function sheet_facts(units, scores, adjustments, unit_years)
  local cs = {}
  for id, s in pairs(scores) do
    cs[#cs + 1] = { unit_id = id, year = 2024, criterion_id = "NV1", self_points = s[1], verified_points = s[1] }
    cs[#cs + 1] = { unit_id = id, year = 2024, criterion_id = "KH1", self_points = s[2], verified_points = s[2] }
  end
  return { units = units, criteria = CRITERIA, criterion_scores = cs, adjustments = adjustments or {},
           unit_years = unit_years or {} }
end

H.test("total = criteria + bonus − deductions; bonus capped per group; never clamped", function()
  H.reset(sheet_facts(
    { { id = "P", name = "Phòng P", block_id = "K" }, { id = "Q", name = "Phòng Q", block_id = "K" } },
    { P = { 590, 345 }, Q = { 500, 300 } },
    { { unit_id = "P", year = 2024, line = "1", cap_group = "thuong", points = 40, reason = "Sáng kiến" },
      { unit_id = "P", year = 2024, line = "2", cap_group = "thuong", points = 20, reason = "Mô hình" },
      { unit_id = "P", year = 2024, line = "3", cap_group = "khen_cap_tren", points = 30, reason = "Bằng khen Bộ" },
      { unit_id = "Q", year = 2024, line = "1", points = -8, reason = "Không đăng ký thi đua" },
      { unit_id = "Q", year = 2024, line = "2", points = -2.5, reason = "Báo cáo chậm" } }))
  local rows, groups = ranking.block_rows({ year = 2024 }, "K",
    { bonus_caps = { thuong = 50 }, core_group = "NV", max_total = 1000 })
  local p, q = rows[1], rows[2]
  H.eq(p.content, 935); H.eq(p.bonus, 80, "50 capped + 30 uncapped"); H.eq(p.total, 1015, "above 1.000, kept")
  H.eq(p.core, 590); H.eq(p.g_KH, 345)
  H.eq(q.deductions, 10.5); H.eq(q.total, 789.5)
  H.eq(#groups, 2); H.eq(groups[1].max, 600)
  H.eq(p.steps[#p.steps], "Tổng 1.015 vượt thang điểm 1.000: giữ nguyên, không cắt điểm")
end)

H.test("missing verified points follow the policy; a line above its maximum is flagged", function()
  local facts = sheet_facts({ { id = "P", name = "P", block_id = "K" } }, { P = { 610, 300 } })
  facts.criterion_scores[2].verified_points = nil
  for _, s in ipairs(facts.criterion_scores) do if s.criterion_id == "KH1" then s.verified_points = nil end end
  H.reset(facts)
  local rows = ranking.block_rows({ year = 2024 }, "K", { missing_verified = "self" })
  H.eq(rows[1].total, 910, "self points used")
  H.eq(#rows[1].flags, 2, "over maximum and not verified")
  rows = ranking.block_rows({ year = 2024 }, "K", { missing_verified = "zero" })
  H.eq(rows[1].total, 610)
  H.eq(pcall(ranking.block_rows, { year = 2024 }, "K", {}), false, "error is the default")
end)

-- emulation-awards.md §6 E3: a block of 9 on the 1,000 scale, year 2024.
local E3 = { A = { 968, 570 }, B = { 955, 560 }, C = { 955, 548 }, D = { 940, 540 }, E = { 921, 530 },
             F = { 905, 520 }, G = { 880, 510 }, H = { 870, 500 }, I = { 812, 470 } }
local E3_HIST = { A = { "HTXSNV", "HTXSNV", true }, B = { "HTTNV", "HTXSNV", true },
                  C = { "HTXSNV", "HTXSNV", true }, D = { "HTXSNV", "HTXSNV", true },
                  E = { "HTXSNV", "HTXSNV", false } }

local function e3_facts()
  local units, scores, uy = {}, {}, {}
  for _, id in ipairs { "A", "B", "C", "D", "E", "F", "G", "H", "I" } do
    units[#units + 1] = { id = id, name = "Đơn vị " .. id, block_id = "E3" }
    scores[id] = { E3[id][2], E3[id][1] - E3[id][2] }
    local h = E3_HIST[id]
    if h then
      uy[#uy + 1] = { unit_id = id, year = 2023, grade = h[1] }
      uy[#uy + 1] = { unit_id = id, year = 2024, grade = h[2], exceeded_targets = h[3] }
    end
  end
  return sheet_facts(units, scores, {}, uy)
end

local function e3_config(fill)
  return { ranking = { core_group = "NV", keys = { "-total", "-core", "name:vi" },
    awards = {
      { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
        condition = ranking.cond.exceeded_targets() },
      { id = "BK_TINH", title = "Bằng khen của Chủ tịch UBND tỉnh", from_rank = 2, places = 2, fill = fill,
        condition = ranking.cond.consecutive_grade { level = "HTXSNV", years = 2 } } } } }
end

local function proposed(res, block)
  local out = {}
  for _, d in ipairs(res[block].decisions) do
    if d.proposed then out[#out + 1] = d.award.id .. ":" .. d.row.id end
  end
  return table.concat(out, " ")
end

H.test("E3 without filling: Cờ → A, BK → C only", function()
  H.reset(e3_facts())
  local res = ranking.run { year = 2024, config = e3_config(false) }
  H.eq(ids(res.E3.ranked), "A B C D E F G H I", "B before C on the core group")
  H.eq(proposed(res, "E3"), "CO_TINH:A BK_TINH:C")
  local b
  for _, d in ipairs(res.E3.decisions) do if d.row.id == "B" then b = d end end
  H.eq(b.proposed, false)
  H.eq(b.reason, "Hạng 2: không đề nghị Bằng khen của Chủ tịch UBND tỉnh vì chưa đủ 2 năm liên tục HTXSNV (năm 2023 xếp loại HTTNV)")
  local t = H.tables.ranking_e3
  H.eq(#t.rows, 9); H.eq(t.rows[1].award, "Cờ thi đua của UBND tỉnh"); H.eq(t.rows[2].award, nil)
  H.eq(t.rows[3].award, "Bằng khen của Chủ tịch UBND tỉnh")
  H.eq(t.spec.chart.value, "total")
  H.eq(t.spec.columns[3].title, "Nhiệm vụ chuyên môn (600)")
  H.eq(t.rows[2].note, "Bằng 955 điểm với Đơn vị C; xếp trên do điểm nhóm nhiệm vụ trọng tâm (560 so với 548)")
end)

H.test("E3 filling from lower ranks: BK → C and D", function()
  H.reset(e3_facts())
  local res = ranking.run { year = 2024, config = e3_config(true) }
  H.eq(proposed(res, "E3"), "CO_TINH:A BK_TINH:C BK_TINH:D")
  local emitted = {}
  for _, e in ipairs(H.emitted) do
    if e.kind == "award" then emitted[#emitted + 1] = e.subject .. ":" .. e.value .. ":" .. e.steps[1] end
  end
  H.eq(emitted[3], "D:BK_TINH:Hạng 4 (lấy bổ sung từ hạng dưới): đề nghị Bằng khen của Chủ tịch UBND tỉnh; 2 năm liên tục HTXSNV (2023–2024)")
end)

H.test("a leader that did not exceed its targets gets no flag, and the flag is not passed down", function()
  local facts = e3_facts()
  for _, u in ipairs(facts.unit_years) do if u.unit_id == "A" and u.year == 2024 then u.exceeded_targets = false end end
  H.reset(facts)
  local res = ranking.run { year = 2024, config = e3_config(false) }
  H.eq(proposed(res, "E3"), "BK_TINH:C", "A is not a BK candidate: BK is for ranks 2–3")
end)

H.test("a block of one", function()
  H.reset(sheet_facts({ { id = "S", name = "Đơn vị duy nhất", block_id = "K9" } }, { S = { 500, 300 } }, {},
    { { unit_id = "S", year = 2024, exceeded_targets = true } }))
  local res = ranking.run { year = 2024, config = e3_config(false) }
  H.eq(ranks(res.K9.ranked), "S=1")
  H.eq(proposed(res, "K9"), "CO_TINH:S")
  H.eq(res.K9.ranked[1].tie_note, nil)
end)

H.test("shared first rank with one flag: the Council decides", function()
  H.reset(sheet_facts({ { id = "X", name = "X", block_id = "K" }, { id = "Y", name = "Y", block_id = "K" } },
    { X = { 500, 300 }, Y = { 500, 300 } }, {},
    { { unit_id = "X", year = 2024, exceeded_targets = true }, { unit_id = "Y", year = 2024, exceeded_targets = true } }))
  local cfg = e3_config(false)
  cfg.ranking.ties = "share"
  local res = ranking.run { year = 2024, config = cfg }
  H.eq(ranks(res.K.ranked), "X=1 Y=1")
  H.eq(proposed(res, "K"), "")
  local n = 0
  for _, e in ipairs(H.emitted) do if e.kind == "award_undecided" then n = n + 1 end end
  H.eq(n, 2)
end)

H.test("exceeded_targets from the targets table", function()
  H.reset { indicators = { { id = "I1", direction = "higher" }, { id = "I2", direction = "lower" } },
            targets = { { unit_id = "U", year = 2024, indicator_id = "I1", plan = 10, actual = 11 },
                        { unit_id = "U", year = 2024, indicator_id = "I2", plan = 3, actual = 3 },
                        { unit_id = "V", year = 2024, indicator_id = "I1", plan = 10, actual = 9 } } }
  local c = ranking.cond.exceeded_targets { from = "targets" }
  local ok, why = c({ id = "U" }, { year = 2024 })
  H.eq(ok, true); H.eq(why, "đạt 2/2 chỉ tiêu, vượt 1")
  ok, why = c({ id = "V" }, { year = 2024 })
  H.eq(ok, false); H.eq(why, "chỉ tiêu I1 chỉ đạt 90% kế hoạch")
  ok, why = c({ id = "W" }, { year = 2024 })
  H.eq(ok, false); H.eq(why, "không có chỉ tiêu kế hoạch năm 2024")
end)

H.test("per-block configuration overrides", function()
  local facts = e3_facts()
  for _, u in ipairs(facts.units) do
    local copy = { id = "F" .. u.id, name = "Bản sao " .. u.id, block_id = "E3F" }
    facts.units[#facts.units + 1] = copy
  end
  local extra = {}
  for _, s in ipairs(facts.criterion_scores) do
    extra[#extra + 1] = { unit_id = "F" .. s.unit_id, year = s.year, criterion_id = s.criterion_id,
                          verified_points = s.verified_points }
  end
  for _, s in ipairs(extra) do facts.criterion_scores[#facts.criterion_scores + 1] = s end
  local uy = {}
  for _, u in ipairs(facts.unit_years) do
    uy[#uy + 1] = { unit_id = "F" .. u.unit_id, year = u.year, grade = u.grade, exceeded_targets = u.exceeded_targets }
  end
  for _, u in ipairs(uy) do facts.unit_years[#facts.unit_years + 1] = u end
  H.reset(facts)
  local cfg = e3_config(false)
  cfg.ranking.blocks = { E3F = { awards = e3_config(true).ranking.awards } }
  local res = ranking.run { year = 2024, config = cfg }
  H.eq(proposed(res, "E3"), "CO_TINH:A BK_TINH:C")
  H.eq(proposed(res, "E3F"), "CO_TINH:FA BK_TINH:FC BK_TINH:FD")
end)

H.done()
