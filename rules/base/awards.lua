-- rules/base/awards.lua — emulation titles and commendations, the regime chosen by the data's year.
--
-- Loads both regimes (ND 98 for assessment years 2023–2024, ND 152 from 2025) and declares the
-- award steps. Each step asks awards.settings(ctx.year) for the criteria: the regime whose years
-- hold ctx.year (never today's date), with the province's config.awards on top. A year no regime
-- covers stops the run with a rule error that names the regimes it has.
-- Tables it reads (history, awards, initiatives, block_ranks): see docs/awards.md.
extends "awards_nd98.lua"
extends "awards_nd152.lua"
local awards = require "awards"

-- Each step calls the library from here, so every result names this file and line as its rule.
step("Danh hiệu cá nhân: Lao động tiên tiến, Chiến sĩ thi đua cơ sở", function(ctx)
  awards.run_individual_titles(ctx)
end)
step("Khen thưởng theo quá trình: CSTĐ tỉnh, Bằng khen, Huân chương", function(ctx)
  awards.run_commendations(ctx)
end)
step("Danh hiệu tập thể: TTLĐTT, TTLĐXS", function(ctx)
  awards.run_collective_titles(ctx)
end)
step("Cờ thi đua và Bằng khen theo xếp hạng khối", function(ctx)
  awards.run_block_awards(ctx)
end)
