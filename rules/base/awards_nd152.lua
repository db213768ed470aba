-- rules/base/awards_nd152.lua — emulation titles and commendations under Law 06/2022/QH15 as
-- detailed by Decree 152/2025/NĐ-CP (14/6/2025, in force 01/07/2025) and Circular 15/2025/TT-BNV.
--
-- Registers the regime "nd152" for assessment years 2025 on (the achievements of 2025 are
-- decided in 2026). The criteria of the titles and forms come from the Law, which did not change;
-- no difference from ND 98 in the numbers used here was found in the notes [R: ND 152 and
-- TT 15/2025 were not read line by line]. So this regime starts from the ND 98 defaults and
-- changes only what is known to differ — nothing yet; each change goes below with its source.
-- A draft amending law (Dec 2025) would make CSTĐCS need HTXSNV *and* an initiative; it is a
-- draft, so it is not applied (a province can set cstdcs.require_both when it passes).
extends "awards_nd98.lua"
local awards = require "awards"

local function copy(v)
  if type(v) ~= "table" then return v end
  local o = {}
  for k, x in pairs(v) do o[k] = copy(x) end
  return o
end

local defaults = copy(config.awards.regimes.nd98.defaults)
-- Art. 30(9)-style counting is carried over by ND 152 [R].

awards.regime {
  id = "nd152",
  years = { 2025, 2030 },
  legal = "Luật Thi đua, khen thưởng 2022; Nghị định 152/2025/NĐ-CP; Thông tư 15/2025/TT-BNV",
  defaults = defaults,
}
