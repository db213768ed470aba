-- Quota arithmetic: the worked examples of docs/regulations (party-grading.md §9, emulation-awards.md §6).
package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
local H = require "harness"
local quota = require "quota"

H.test("party grading Ex 1 readings", function()
  H.eq(quota.allowed(18, 20, "floor"), 3, "B1 floor 3.6")
  H.eq(quota.allowed(18, 20, "half_up"), 4, "B1 half-up 3.6")
  H.eq(quota.allowed(22, 20, "floor"), 4, "B3 4.4")
  H.eq(quota.allowed(25, 20, "floor"), 5, "B4 5")
end)
H.test("emulation E1/E2", function()
  H.eq(quota.allowed(34, 15, "floor"), 5, "E1 34 LĐTT")
  H.eq(quota.allowed(7, 15, "floor"), 1, "E2 floor")
  H.eq(quota.allowed(7, 15, "ceil"), 2, "E2 ceil")
  H.eq(quota.allowed(7, 15, "half_up"), 1, "E2 half-up")
  H.eq(quota.allowed(3, 15, "floor"), 0, "E2 3 LĐTT floor")
  H.eq(quota.allowed(3, 15, "floor", { min_one = true }), 1, "E2 min_one")
  H.eq(quota.allowed(31, 20, "floor"), 6, "E4 Government flags")
end)
H.test("exact products never lose a place to floating point", function()
  H.eq(quota.allowed(35, 20, "floor"), 7)
  H.eq(quota.allowed(20, 15, "floor"), 3)
  H.eq(quota.allowed(0, 20, "floor", { min_one = true }), 0)
end)
H.test("select keeps the best by each key in turn", function()
  local c = { { id = "a", score = 90, task = 60 }, { id = "b", score = 95, task = 60 },
              { id = "c", score = 90, task = 65 } }
  local kept, moved, why = quota.select(c, 2, { "-score", "-task", "id" })
  H.eq(kept[1].id, "b"); H.eq(kept[2].id, "c"); H.eq(moved[1].id, "a")
  H.eq(why[moved[1]], "-task", "deciding key")
end)
H.test("describe", function()
  H.eq(quota.describe(18, 20, "floor", 3), "20% × 18 = 3,6 → 3 (làm tròn xuống)")
end)
H.done()
