-- settings.lua — how a province's settings are laid over a regime's defaults, the same way in
-- every library (grading, awards, ranking): docs/rules.md, "config".
--
--   settings.merge(defaults, province)
--
-- A table of named fields (a map) is merged field by field, so the province writes only what it
-- changed: config.awards.cstdcs = { pct = 20 } keeps the other CSTĐCS settings. A list (tie-break
-- keys, award codes, targets) is replaced whole, and an empty table over a list clears it:
-- config.awards.one_achievement = { order = {} } leaves no award in the order. Any other value
-- replaces the default.
local M = {}

function M.copy(v)
  if type(v) ~= "table" then return v end
  local o = {}
  for k, x in pairs(v) do o[k] = M.copy(x) end
  return o
end

-- A list: keys 1..n and nothing else (the empty table counts as one).
function M.is_list(t)
  local n = #t
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 or k > n then return false end
  end
  return true
end

-- Lays `from` over `into` (changed in place, and returned).
function M.merge(into, from)
  for k, v in pairs(from) do
    local old = into[k]
    if type(v) == "table" and type(old) == "table" and not M.is_list(v) and not M.is_list(old) then
      M.merge(old, v)
    elseif type(v) == "table" and type(old) == "table" and next(v) == nil and not M.is_list(old) then
      -- {} over a map changes nothing (no field named)
    else
      into[k] = M.copy(v)
    end
  end
  return into
end

return M
