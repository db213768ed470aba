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
  H.eq(t.spec.columns[3].title, "Nhiệm vụ chuyên môn (600)"); H.eq(t.spec.columns[3].key, "g_nv")
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
  local copies = {}
  for _, u in ipairs(facts.units) do
    copies[#copies + 1] = { id = "F" .. u.id, name = "Bản sao " .. u.id, block_id = "E3F" }
  end
  for _, u in ipairs(copies) do facts.units[#facts.units + 1] = u end
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

H.test("for_awards gives awards.lua the ranks", function()
  H.reset(e3_facts())
  local list = ranking.for_awards { year = 2024, config = e3_config(false) }
  H.eq(#list, 9)
  H.eq(list[2].unit, "B"); H.eq(list[2].rank, 2); H.eq(list[2].score, 955); H.eq(list[2].exceeded_targets, true)
  H.eq(#H.emitted, 0, "emits nothing")
end)

-- The Quảng Bình data through rules/quangbinh/targets.lua, with a small CSV reader standing in
-- for the engine's loader (semicolon, BOM, CRLF, quotes, Vietnamese numbers), so the data, the
-- rule file and the libraries are checked together before the engine exists.
local function read_csv(path, delim)
  local f = assert(io.open(path, "rb")); local text = f:read("a"); f:close()
  text = text:gsub("^\239\187\191", "")
  local rows, row, field, i, quoted = {}, {}, {}, 1, false
  while i <= #text do
    local c = text:sub(i, i)
    if quoted then
      if c == '"' and text:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1
      elseif c == '"' then quoted = false
      else field[#field + 1] = c end
    elseif c == '"' then quoted = true
    elseif c == delim then row[#row + 1] = table.concat(field); field = {}
    elseif c == "\n" then row[#row + 1] = table.concat(field); field = {}; rows[#rows + 1] = row; row = {}
    elseif c ~= "\r" then field[#field + 1] = c end
    i = i + 1
  end
  if #field > 0 or #row > 0 then row[#row + 1] = table.concat(field); rows[#rows + 1] = row end
  return rows
end
local function vi_number(s) return tonumber((s:gsub("%.", ""):gsub(",", "."))) end
local BOOL = { ["có"] = true, x = true, ["1"] = true, ["không"] = false, ["0"] = false }

local function load_rules(path, data_dir)
  local facts, steps = {}, {}
  function source(spec)
    local types = {}
    for _, c in ipairs(H.tables_defined[spec.table].columns) do types[c[1]] = c[2] end
    local rows = read_csv(data_dir .. spec.file, spec.delimiter)
    local col_of = {}
    for i, h in ipairs(rows[1]) do col_of[h] = i end
    facts[spec.table] = facts[spec.table] or {}
    for n = 2, #rows do
      local r = { _src = data_dir .. spec.file, _line = n }
      for col, header in pairs(spec.columns) do
        local v = rows[n][assert(col_of[header], header)]
        if v == "" then v = nil
        elseif types[col] == "number" then v = assert(vi_number(v), v)
        elseif types[col] == "integer" then v = math.tointeger(vi_number(v))
        elseif types[col] == "bool" then v = BOOL[v] end
        r[col] = v
      end
      table.insert(facts[spec.table], r)
    end
  end
  function step(title, fn) steps[#steps + 1] = { title = title, fn = fn } end
  config = {}
  dofile("scripts/schema.lua")
  dofile(path)
  return facts, steps
end

H.test("Quảng Bình 2023 through the rule file", function()
  local facts, steps = load_rules("rules/quangbinh/targets.lua", "data/quangbinh/")
  local cfg = config
  H.reset(facts)
  for _, s in ipairs(steps) do s.fn { year = 2023, config = cfg } end
  H.eq(#steps, 2)
  local t = H.tables.target_attainment
  H.eq(#t.rows, 10, "ten targets in 2023")
  local flags = {}
  for _, e in ipairs(H.emitted) do if e.kind == "flag" then flags[#flags + 1] = e.subject .. "=" .. e.value end end
  H.eq(table.concat(flags, " "), "SO:TS_CD=printed_pct_mismatch", "the one real disagreement")
  local k1, k2 = H.tables.ranking_k1, H.tables.ranking_k2
  local order1, order2 = {}, {}
  for _, r in ipairs(k1.rows) do order1[#order1 + 1] = r.rank .. ":" .. r.unit .. ":" .. require("scoring").vi(r.total) end
  for _, r in ipairs(k2.rows) do order2[#order2 + 1] = r.rank .. ":" .. r.unit .. ":" .. require("scoring").vi(r.total) end
  H.eq(table.concat(order1, " | "), "1:Phòng Lao động - Việc làm - Giáo dục nghề nghiệp:1.010 | 2:Văn phòng Sở:936,5"
    .. " | 3:Phòng Người có công:925 | 4:Phòng Bảo trợ xã hội - Trẻ em - Phòng, chống tệ nạn xã hội:925"
    .. " | 5:Thanh tra Sở:892 | 6:Phòng Kế hoạch - Tài chính:859")
  H.eq(table.concat(order2, " | "), "1:Trung tâm Dịch vụ việc làm:959 | 2:Trung tâm Công tác xã hội:930"
    .. " | 3:Làng Trẻ em SOS Đồng Hới:930 | 4:Trung tâm Chăm sóc và phục hồi chức năng cho người tâm thần:901"
    .. " | 5:Trung tâm Điều dưỡng luân phiên Người có công:885 | 6:Cơ sở Cai nghiện ma túy:827")
  H.eq(k1.rows[1].note, "Vượt thang điểm 1.000, không cắt điểm")
  H.eq(k2.rows[3].note, "Bằng 930 điểm với Trung tâm Công tác xã hội; xếp sau do số phiếu bầu (7 so với 9)")
  H.eq(k1.rows[1].award, "Cờ thi đua của UBND tỉnh"); H.eq(k1.rows[2].award, "Bằng khen của Chủ tịch UBND tỉnh")
  H.eq(k1.rows[3].award, "Bằng khen của Chủ tịch UBND tỉnh", "P_NCC"); H.eq(k1.rows[4].award, nil, "only 2 places")
  H.eq(k2.rows[2].award, nil, "TT_CTXH: HTTNV"); H.eq(k2.rows[3].award, "Bằng khen của Chủ tịch UBND tỉnh")
  H.eq(k2.rows[4].award, nil, "no filling from rank 4")
  -- 2024: plans only, no score sheets yet: nothing is scored or ranked, nothing fails.
  H.reset(facts)
  for _, s in ipairs(steps) do s.fn { year = 2024, config = cfg } end
  H.eq(#H.tables.target_attainment.rows, 9, "nine 2024 targets")
  H.eq(H.tables.ranking_k1, nil, "no 2024 ranking")
end)

H.done()
