-- rules/base/awards_nd91.lua — emulation titles and commendations under the Law on Emulation and
-- Commendation of 2003 (amended 2005 and 2013) as detailed by Decree 91/2017/NĐ-CP (31/7/2017),
-- which the 2022 Law and Decree 98/2023 replaced on 01/01/2024.
--
-- Registers the regime "nd91" for assessment years 2017–2022 (the achievements of 2022 were
-- decided in 2023, still under ND 91). Not loaded by rules/base/awards.lua: a rule set that
-- assesses those years extends this file as well (rules/hatinh.lua).
-- It starts from the ND 98 defaults and changes what is known to differ, each with its source in
-- docs/regulations/emulation-awards.md ([V] read, [R] unverified, kept as a setting).
extends "awards_nd98.lua"
local awards = require "awards"

local function copy(v)
  if type(v) ~= "table" then return v end
  local o = {}
  for k, x in pairs(v) do o[k] = copy(x) end
  return o
end

local defaults = copy(config.awards.regimes.nd98.defaults)

-- CSTĐCS, Law 2003 Art. 23: LĐTT **and** an initiative (sáng kiến, cải tiến, đề tài nghiên cứu)
-- at grassroots level or above; the HTXSNV route is the 2022 Law's. The quota ≤ 15% of the
-- unit's LĐTT count is ND 91's own rule [V old rule, emulation-awards.md summary item 4].
defaults.cstdcs.grade = false
defaults.cstdcs.quota_pct = 15
defaults.cstdcs.tie_break = { "-initiative_count", "-grade_rank", "-score", "id" }

-- Bằng khen tỉnh (Law 2013 Art. 72: 2 consecutive CSTĐCS, or ≥ 2 consecutive HTXSNV years with
-- 2 grassroots initiatives), the Prime Minister's Bằng khen and the Labour Order keep the ND 98
-- numbers here: the ND 91 articles were not read line by line [R].
-- Counting the next award from the period of the last one, as ND 98 Art. 30(9) words it, is
-- carried back to ND 91 [R: the ND 91 wording was not read].

awards.regime {
  id = "nd91",
  years = { 2017, 2022 },
  legal = "Luật Thi đua, khen thưởng 2003 (sửa đổi 2005, 2013); Nghị định 91/2017/NĐ-CP",
  defaults = defaults,
}
