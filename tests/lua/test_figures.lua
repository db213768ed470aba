-- Printed figures: shares, part lists and multi-year averages from the seed reports (000 Thanh
-- Hóa, 001 Hà Tĩnh, 004 Thái Bình). Run from the repo root:  lua5.4 tests/lua/test_figures.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local scoring = require "scoring"
local figures = require "figures"

H.test("shares: 454.983 of 945.033 is 48,14%; 300.567 of 685.135 is not 46,4%", function()
  local c = scoring.check_printed(454983e6, 945033e6, "48,14")
  H.eq(c.agrees, true, "48,14 agrees")
  c = scoring.check_printed(300567e6, 685135e6, "46,4")
  H.eq(c.agrees, false, "46,4 flagged")
  H.eq(c.rounded, 43.9, "rounded")
end)

H.test("part list: 1,79 + 1,47 = 3,26 exactly, whatever floating point says", function()
  local r = figures.check_parts({ value = 3.26 }, { { value = 1.79 }, { value = 1.47 } })
  H.eq(r.agrees, true, "adds up")
  r = figures.check_parts({ value = 58 }, { { value = 28 }, { value = 31 } })
  H.eq(r.agrees, false, "28 + 31 is not 58")
  H.eq(r.sum, 59, "sum")
end)

H.test("part list of_which: parts may be fewer than the total, never more", function()
  local r = figures.check_parts({ value = 749, kind = "of_which" }, { { value = 180 }, { value = 232 } })
  H.eq(r.agrees, true, "412 of 749")
  r = figures.check_parts({ value = 300, kind = "of_which" }, { { value = 180 }, { value = 232 } })
  H.eq(r.agrees, false, "412 of 300")
end)

H.test("multi-year: 5,27% (2015) to 2,35% (2020) is 0,584 a year, printed 0,58, target 0,5", function()
  local r = figures.multi_year({ from_year = 2015, from_value = 5.27, to_year = 2020, to_value = 2.35,
                                 per_year_plan = 0.5, printed_average = "0,58" })
  H.eq(r.change, 2.92, "change")
  H.eq(scoring.round(r.average, 4), 0.584, "average")
  H.eq(r.check.agrees, true, "0,58 agrees")
  H.eq(r.met, true, "at least 0,5 a year")
  r = figures.multi_year({ from_year = 2015, from_value = 5.27, to_year = 2020, to_value = 2.35,
                           per_year_plan = 0.6, printed_average = "0,59" })
  H.eq(r.met, false, "0,584 < 0,6")
  H.eq(r.check.agrees, false, "0,59 does not follow")
end)

H.test("multi-year from the whole change: 3,26 over 2022–2023 is 1,63 a year", function()
  local r = figures.multi_year({ from_year = 2021, to_year = 2023, change = 3.26, printed_average = "1,63" })
  H.eq(r.average, 1.63, "average")
  H.eq(r.check.agrees, true, "agrees")
end)

H.test("run: every check emitted, mismatches listed", function()
  H.reset {
    units = { { id = "SO", name = "Sở" } },
    indicators = {},
    targets = {},
    shares = { { unit_id = "SO", year = 2023, id = "GN1", name = "Giải ngân", part = 454983e6, whole = 945033e6, printed = "48,14" },
               { unit_id = "SO", year = 2023, id = "GN2", name = "Giải ngân SN", part = 300567e6, whole = 685135e6, printed = "46,4" } },
    part_lists = { { unit_id = "SO", year = 2023, list_id = "HN", item = "total", name = "Giảm nghèo", value = 3.26 },
                   { unit_id = "SO", year = 2023, list_id = "HN", item = "2022", value = 1.79 },
                   { unit_id = "SO", year = 2023, list_id = "HN", item = "2023", value = 1.47 } },
    multi_year_targets = { { unit_id = "SO", id = "HN", name = "Giảm nghèo", from_year = 2021, to_year = 2023,
                             change = 3.26, printed_average = "1,63", per_year_plan = 1.5 } },
  }
  local mism = figures.run({ year = 2023, config = {} })
  H.eq(#mism, 1, "one mismatch")
  H.eq(mism[1].figure, "Giải ngân SN", "the 46,4%")
  H.eq(#H.tables.printed_figures.rows, 4, "four figures checked")
  local kinds = {}
  for _, e in ipairs(H.emitted) do kinds[e.kind] = (kinds[e.kind] or 0) + 1 end
  H.eq(kinds.printed_check, 3, "printed checks")
  H.eq(kinds.parts_check, 1, "parts check")
  H.eq(kinds.multi_year_target, 1, "multi-year verdict")
end)

H.test("bad rows stop the run with their place", function()
  db.place = function(t, row) return "data/x/" .. t .. ".csv:" .. tostring(row._line) end
  H.reset {
    units = { { id = "SO", name = "Sở" } }, indicators = {}, targets = {}, shares = {}, multi_year_targets = {},
    part_lists = { { unit_id = "SO", year = 2023, list_id = "HN", item = "2022", value = 1.79, _line = 4 } },
  }
  local ok, err = pcall(figures.run, { year = 2023, config = {} })
  H.eq(ok, false, "no total row")
  H.eq(tostring(err):find("data/x/part_lists.csv:4: part list HN has no total row", 1, true) ~= nil, true, err)
  ok, err = pcall(figures.multi_year, { from_year = 2020, to_year = 2020, change = 1, _line = 7 })
  H.eq(ok, false, "empty period")
  H.eq(tostring(err):find("multi_year_targets.csv:7: to_year 2020 is not after from_year 2020", 1, true) ~= nil, true, err)
  ok, err = pcall(figures.check_parts, { value = 3, kind = "bao gồm", _line = 2 }, { { value = 1 } })
  H.eq(ok, false, "unknown kind")
  H.eq(tostring(err):find('part_lists.kind = "bao gồm"', 1, true) ~= nil, true, err)
  db.place = nil
end)

H.test("the total's row as offices write it", function()
  H.eq(figures.TOTAL_WORDS["Tổng"], true, "Tổng")
  H.eq(figures.TOTAL_WORDS["Tổng cộng"], true, "Tổng cộng")
  H.eq(figures.TOTAL_WORDS["2022"], nil, "a part")
end)

H.done()
