-- Party grading (xếp loại chất lượng tổ chức đảng và đảng viên): the regimes by grading year and
-- the step that runs scripts/grading.lua. A province file extends this and changes what the
-- province decided, either for every year (config.grading.quota.reading = "B3") or for one regime
-- (config.grading_regimes.qd124.quota.pool = "chi_bo").
--
-- The regime is picked by ctx.year, the year of the data being graded (--year or ruleset.year),
-- never by today's date: re-running 2021 in 2026 must give the 2021 rules.
local grading = require "grading"

extends "grading_hd21.lua"     -- 2019–2022
extends "grading_hd16.lua"     -- 2018 (HD 16 before HD 21's amendments)
extends "grading_qd124.lua"    -- 2023–2024
extends "grading_qd366.lua"    -- 2025 on

config.grading = config.grading or {}

step("Xếp loại chất lượng tổ chức đảng và đảng viên", function(ctx)
  grading.run(ctx, grading.resolve(ctx.config, ctx.year))
end)
