-- Titles by stated criteria: first recognition, recognition again, a title that needs another,
-- consecutive years, and the printed count. Run from the repo root: lua5.4 tests/lua/test_unit_titles.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local unit_titles = require "unit_titles"
db.place = function() return "x.csv:1" end

local function rec(u, y, grade, env, titles) return { unit_id = u, year = y, grade = grade, env = env, titles = titles } end

H.test("first time, again, and a title needing one granted this year", function()
  H.reset {
    units = { { id = "A", name = "A" }, { id = "B", name = "B" }, { id = "C", name = "C" } },
    targets = { { unit_id = "S", year = 2023, indicator_id = "N1", actual = 2 } },
    recs = { rec("A", 2022, "HTTNV", 91), rec("A", 2023, "HTXSNV", 96),
             rec("B", 2022, "HTTNV", 92, "VH"), rec("B", 2023, "HTTNV", 93),
             rec("C", 2022, "HTTNV", 80), rec("C", 2023, "HTTNV", 95) },
  }
  local good = { { column = "grade", levels = { "HTXSNV", "HTTNV" }, label = "g" }, { column = "env", min = 90, label = "e" } }
  local cfg = { records = "recs", titles = {
    { id = "FIRST", award = "VH", not_held = { "VH" }, years = 2, criteria = good, printed = { unit = "S", indicator = "N1" } },
    { id = "AGAIN", award = "VH", held = { "VH" }, years = 2, criteria = good },
    { id = "MODEL", held = { "VH" }, criteria = { { column = "grade", levels = { "HTXSNV" }, label = "x" } } },
  } }
  db.get = function(name, ...) local k = { ... }
    for _, r in ipairs(H.facts[name] or {}) do
      if name == "targets" and r.unit_id == k[1] and r.year == k[2] and r.indicator_id == k[3] then return r end
      if name == "units" and r.id == k[1] then return r end
    end
  end
  unit_titles.run({ year = 2023, config = { unit_titles = cfg } })
  local got = {}
  for _, e in ipairs(H.emitted) do
    if e.kind == "unit_title" then got[e.subject .. ":" .. e.value] = true end
  end
  H.eq(got["A:FIRST"], true, "A first time")
  H.eq(got["C:FIRST"], nil, "C: 80 in 2022")
  H.eq(got["B:AGAIN"], true, "B again")
  H.eq(got["A:AGAIN"], nil, "A not again in the year it was first recognised")
  H.eq(got["A:MODEL"], true, "A model: VH granted this year counts")
  H.eq(got["B:MODEL"], nil, "B not HTXSNV")
  local counts = H.tables.unit_title_counts.rows
  H.eq(counts[1].count, 1, "one first recognition")
  H.eq(counts[1].check, "LỆCH: tính được 1, in 2", "printed 2")
end)

H.test("a criterion without a test is a rule error naming it", function()
  local ok, err = pcall(unit_titles.criterion, { label = "Điểm", column = "env" }, { env = 1 }, {})
  H.eq(ok, false, "refused")
  H.eq(tostring(err):find('criterion "Điểm": give eq, min, max, levels or check', 1, true) ~= nil, true, err)
end)

H.test("a missing record fails its criterion, with the words for it", function()
  local ok, value, req = unit_titles.criterion({ label = "e", column = "env", min = 90 }, nil, {})
  H.eq(ok, false, "no record")
  H.eq(value, nil, "no value")
  H.eq(req, "từ 90 trở lên", "required")
end)

H.done()
