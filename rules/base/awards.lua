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

step("Danh hiệu cá nhân: Lao động tiên tiến, Chiến sĩ thi đua cơ sở", awards.run_individual_titles)
step("Khen thưởng theo quá trình: CSTĐ tỉnh, Bằng khen, Huân chương", awards.run_commendations)
step("Danh hiệu tập thể: TTLĐTT, TTLĐXS", awards.run_collective_titles)
step("Cờ thi đua và Bằng khen theo xếp hạng khối", awards.run_block_awards)
