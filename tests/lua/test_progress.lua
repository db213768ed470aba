-- Mid-year progress: the plan to date pro-rated or month by month, on track / behind, and the sum
-- check of the audit. Run from the repo root:  lua5.4 tests/lua/test_progress.lua
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local progress = require "progress"
local audit = require "audit"

H.test("pro-rated: 1.000 a year, 575 after 8 months is 86,25% of the 666,67 due: behind", function()
  local r = progress.check_row({ unit_id = "SO", indicator_id = "XKLD", plan = 1000, actual = 575 }, nil, 8, nil, {})
  H.eq(r.pct_to_date, 86.25, "% of plan to date")
  H.eq(r.pct_year, 57.5, "% of the year")
  H.eq(r.on_track, false, "behind")
  H.eq(r.verdict, "chậm tiến độ", "verdict")
  H.eq(r.remaining, 425, "remaining")
  H.eq(r.per_month_needed, 106.25, "per month needed")
end)

H.test("exactly the share due counts: 30 of 45 after 8 months is 100%", function()
  local r = progress.check_row({ plan = 45, actual = 30 }, nil, 8, nil, {})
  H.eq(r.pct_to_date, 100, "exactly 100")
  H.eq(r.on_track, true, "on track")
  r = progress.check_row({ plan = 45, actual = 29 }, nil, 8, nil, {})
  H.eq(r.on_track, false, "one fewer is behind")
end)

H.test("monthly plans: the months 1..m, not m/12 of the year; prorate can be forced", function()
  local months = {}
  for m, p in ipairs { 0, 100, 150, 100, 50, 100, 300, 600, 700, 300, 100, 0 } do months[m] = { month = m, plan = p } end
  local r = progress.check_row({ plan = 2500, actual = 1352 }, nil, 8, months, {})
  H.eq(r.expected, 1400, "due by August")
  H.eq(r.pct_to_date, 96.57, "% of plan to date")
  r = progress.check_row({ plan = 2500, actual = 1352 }, nil, 8, months, { expected = "prorate" })
  H.eq(r.pct_to_date, 81.12, "pro-rated instead")
  local ok = pcall(progress.check_row, { plan = 10, actual = 5, indicator_id = "X", unit_id = "U" }, nil, 8, nil,
                   { expected = "monthly" })
  H.eq(ok, false, "monthly required but absent")
end)

H.test("year-end-only indicators and lower-is-better", function()
  local r = progress.check_row({ plan = 380 }, { year_end_only = true }, 8, nil, {})
  H.eq(r.verdict, "đánh giá cuối năm", "not judged mid-year")
  r = progress.check_row({ plan = 12, actual = 7 }, { direction = "lower" }, 6, nil, {})
  H.eq(r.on_track, false, "7 accidents in 6 months against 12 a year: behind")
  r = progress.check_row({ plan = 12, actual = 6 }, { direction = "lower" }, 6, nil, {})
  H.eq(r.on_track, true, "6 of 12: on track")
end)

H.test("audit sum check: exact at the figures' decimals", function()
  local ok, sum = audit.sum_check(17000, { { label = "CĐ", value = 250 }, { label = "TC", value = 1750 },
                                           { label = "SC", value = 14950 } })
  H.eq(ok, false, "250 + 1.750 + 14.950 is not 17.000")
  H.eq(sum, 16950, "sum")
  ok = audit.sum_check(3.26, { { label = "a", value = 1.79 }, { label = "b", value = 1.47 } })
  H.eq(ok, true, "1,79 + 1,47 = 3,26")
  H.eq(audit.sum_check(10, { { label = "a", value = nil } }), nil, "a missing part: nothing to check")
end)

H.done()
