-- harness.lua — runs library code under plain lua5.4, outside the engine.
-- Gives the globals the engine gives (define_table, emit, report, db, text, config)
-- backed by Lua tables, so library functions and whole steps can be tested alone.
--   package.path = "scripts/?.lua;tests/lua/?.lua;" .. package.path
--   local H = require "harness"
--   H.reset { people = { {id="m1", ...}, ... } }   -- the facts
--   ... call library code ...
--   H.emitted  -- list of emit{} tables; H.tables[id] -- {spec=..., rows={...}}
local H = { tables_defined = {}, emitted = {}, tables = {}, facts = {}, failures = 0 }

function H.reset(facts)
  H.emitted, H.tables, H.facts = {}, {}, facts or {}
  config = {}
end

function define_table(t) H.tables_defined[t.name] = t end
function emit(r) H.emitted[#H.emitted + 1] = r end

report = {}
function report.table(spec)
  local t = { spec = spec, rows = {} }
  for _, r in ipairs(spec.rows or {}) do t.rows[#t.rows + 1] = r end
  function t:add(row) self.rows[#self.rows + 1] = row end
  H.tables[spec.id] = t
  return t
end

-- where = { column = value } or { column = { value, ... } } (any of the list), as db.* reads it
local function matches(row, where)
  for k, v in pairs(where or {}) do
    if type(v) == "table" then
      local any = false
      for _, x in ipairs(v) do if row[k] == x then any = true; break end end
      if not any then return false end
    elseif row[k] ~= v then return false end
  end
  return true
end
local function sorted(rows, orderspec)
  if not orderspec then return rows end
  local specs = type(orderspec) == "table" and orderspec or { orderspec }
  local out = { table.unpack(rows) }
  table.sort(out, require("order").by(specs))
  return out
end
db = {}
function db.all(name, where, ord)
  local out = {}
  for _, r in ipairs(H.facts[name] or {}) do if matches(r, where) then out[#out + 1] = r end end
  return sorted(out, ord)
end
function db.rows(name, where, ord)
  local rows, i = db.all(name, where, ord), 0
  return function() i = i + 1; return rows[i] end
end
function db.count(name, where) return #db.all(name, where) end
function db.each(name, cols, where, ord)
  local rows, i = db.all(name, where, ord), 0
  return function()
    i = i + 1
    local r = rows[i]
    if not r then return nil end
    local v = {}
    for k, c in ipairs(cols) do v[k] = r[c] end
    return table.unpack(v, 1, #cols)
  end
end
function db.get(name, ...)
  local key = { ... }
  local keycols = { units = { "id" }, people = { "id" }, indicators = { "id" } }
  local def = H.tables_defined[name]
  local cols = (def and def.key) or keycols[name] or { "id" }
  for _, r in ipairs(H.facts[name] or {}) do
    local ok = true
    for i, c in ipairs(cols) do if r[c] ~= key[i] then ok = false end end
    if ok then return r end
  end
end

-- Byte order is close enough to Vietnamese order for ASCII test names.
text = { compare = function(a, b) return a < b and -1 or (a > b and 1 or 0) end,
         sort_key = function(s) return s end }

-- Tiny test runner: H.test("name", function() H.eq(got, want) end); H.done()
function H.eq(got, want, what)
  if got ~= want then
    H.failures = H.failures + 1
    local info = debug.getinfo(2, "Sl")
    io.stderr:write(string.format("%s:%d: %s: got %s, want %s\n", info.short_src, info.currentline,
      what or "value", tostring(got), tostring(want)))
  end
end
function H.test(name, fn)
  local ok, err = pcall(fn)
  if not ok then H.failures = H.failures + 1; io.stderr:write(name .. ": " .. tostring(err) .. "\n") end
end
function H.done()
  if H.failures > 0 then print(H.failures .. " failures"); os.exit(1) end
  print("ok")
end

return H
