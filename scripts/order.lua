-- order.lua — ordering by an ordered list of keys, the way provinces write tie-breaks:
-- "by total points, then the core-task group, then the unit's name".
--
--   local order = require "order"
--   table.sort(units, order.by { "-total", "-core", "name:vi", "id" })
--
-- A key is a field name; a leading "-" sorts descending; a ":vi" suffix compares
-- the field as Vietnamese text (text.compare). nil sorts after any value.
local M = {}

local function parse(spec)
  local desc = spec:sub(1, 1) == "-"
  local name = desc and spec:sub(2) or spec
  local vi = false
  if name:sub(-3) == ":vi" then name, vi = name:sub(1, -4), true end
  return { field = name, desc = desc, vi = vi }
end

-- Compares a and b on one key: returns -1, 0 or 1.
local function cmp_key(k, a, b)
  local x, y = a[k.field], b[k.field]
  if x == y then return 0 end
  if x == nil then return 1 end      -- missing values go last whatever the direction
  if y == nil then return -1 end
  local c
  if k.vi and text and text.compare then
    c = text.compare(tostring(x), tostring(y))
  elseif type(x) == type(y) then
    c = (x < y) and -1 or 1
  else
    c = (tostring(x) < tostring(y)) and -1 or 1
  end
  if k.desc then c = -c end
  return c
end

-- Returns the parsed keys, for callers that need to say which key decided.
function M.keys(specs)
  local ks = {}
  for i, s in ipairs(specs) do ks[i] = parse(s) end
  return ks
end

-- Compares a and b by the keys in turn. Returns -1/0/1 and the index of the key that decided (or nil).
function M.compare(keys, a, b)
  for i, k in ipairs(keys) do
    local c = cmp_key(k, a, b)
    if c ~= 0 then return c, i end
  end
  return 0, nil
end

-- The "less than" of M.compare for parsed keys, for table.sort (which calls it n log n times:
-- one call per key, not M.compare's iterator and its second call).
function M.less(keys)
  local n = #keys
  return function(a, b)
    for i = 1, n do
      local c = cmp_key(keys[i], a, b)
      if c ~= 0 then return c < 0 end
    end
    return false
  end
end

-- A "less than" function for table.sort.
function M.by(specs)
  return M.less(M.keys(specs))
end

-- Sorts list by a text made once per item, key_of(item), compared as Lua compares texts (byte
-- by byte): table.sort then compares the texts itself, with no Lua function called for each of
-- its n log n comparisons. When two items' texts are equal, or key_of gives nil (an item with no
-- such text), the whole list is sorted by less instead, as table.sort(list, less). Returns list.
function M.sort_by_text(list, key_of, less)
  local keys, item_of = {}, {}
  for i = 1, #list do
    local x = list[i]
    local k = key_of(x)
    if k == nil or item_of[k] ~= nil then table.sort(list, less); return list end
    keys[i], item_of[k] = k, x
  end
  table.sort(keys)
  for i = 1, #keys do list[i] = item_of[keys[i]] end
  return list
end

return M
