-- awards/regimes.lua — the regimes (criteria valid for a range of years) and the settings for a year.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period

-- Registers a regime: the criteria valid for a range of assessment years.
--   awards.regime { id = "nd98", years = {2023, 2024}, legal = "...", defaults = { ... } }
function M.regime(def)
  assert(type(def.id) == "string" and def.years and def.defaults, "awards.regime needs id, years and defaults")
  config.awards = config.awards or {}
  config.awards.regimes = config.awards.regimes or {}
  config.awards.regimes[def.id] = def
end

-- The settings for an assessment year: the regime whose years hold `year`, then every field of
-- config.awards except `regimes` on top (the province's decisions win).
function M.settings(year)
  local cfg = config.awards or {}
  local chosen
  local ids = {}
  for id in pairs(cfg.regimes or {}) do ids[#ids + 1] = id end
  table.sort(ids)
  for _, id in ipairs(ids) do
    local r = cfg.regimes[id]
    if year >= r.years[1] and year <= r.years[2] then
      if chosen then error(("regimes %s and %s both cover year %d"):format(chosen.id, id, year), 2) end
      chosen = r
    end
  end
  if not chosen then
    local have = {}
    for _, id in ipairs(ids) do
      local r = cfg.regimes[id]
      have[#have + 1] = ("%s %d–%d"):format(id, r.years[1], r.years[2])
    end
    error(("no award regime covers year %d (have: %s)"):format(year,
      #have > 0 and table.concat(have, ", ") or "none; extend rules/base/awards.lua"), 2)
  end
  local s = copy(chosen.defaults)
  s.regime, s.legal = chosen.id, chosen.legal
  local overrides = {}
  for k, v in pairs(cfg) do if k ~= "regimes" then overrides[k] = v end end
  return merge(s, overrides)
end

return M
