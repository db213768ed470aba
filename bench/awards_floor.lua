-- bench/awards_floor.lua — the least any Lua library can do for bench/awards.lua's job under
-- evalrun's contract (bench/run.sh, part 5): the same sources loaded into SQLite, every
-- history row (seven years a person) read into Lua, and the six decisions a person gets, each
-- with a one-step explanation, in the results database. No criterion, quota, period or table:
-- a lower bound on the library's time, not an assessment.
extends "awards.lua"

local DECISIONS = { "LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG", "HCLD3" }

replace_step("Danh hiệu cá nhân: Lao động tiên tiến, Chiến sĩ thi đua cơ sở", function(ctx)
  local years = {}
  local iter = db.each("history", { "subject_id", "year", "grade", "titles", "active", "disciplined", "score" })
  while true do
    local id, year = iter()
    if id == nil then break end
    if year == ctx.year then years[#years + 1] = id end
  end
  for _, id in ipairs(years) do
    for _, code in ipairs(DECISIONS) do
      emit { kind = "title", subject = id, subject_kind = "person", value = code, steps = { "Xét " .. code } }
    end
  end
end)
replace_step("Khen thưởng theo quá trình: CSTĐ tỉnh, Bằng khen, Huân chương", function() end)
replace_step("Danh hiệu tập thể: TTLĐTT, TTLĐXS", function() end)
replace_step("Cờ thi đua và Bằng khen theo xếp hạng khối", function() end)
