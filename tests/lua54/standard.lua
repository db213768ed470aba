-- Standard Lua 5.4 as rule authors know it, run under the sandbox: `evalrun check` on this file
-- (tests/e2e/sandbox.sh). Each block checks one thing the sandbox gives as Lua itself does; the
-- file ends with a ruleset so that check passes when every assertion held.

-- coroutines: created, resumed, yielded, wrapped, closed; a coroutine is budgeted like the rest
do
  local co = coroutine.create(function(a, b)
    local c = coroutine.yield(a + b)
    local d, e = coroutine.yield(c * 2)
    return d + e
  end)
  local ok, v = coroutine.resume(co, 1, 2)
  assert(ok and v == 3)
  ok, v = coroutine.resume(co, 10)
  assert(ok and v == 20)
  ok, v = coroutine.resume(co, 4, 5)
  assert(ok and v == 9 and coroutine.status(co) == "dead")
  ok, v = coroutine.resume(co)
  assert(not ok and v == "cannot resume dead coroutine")
  local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
  assert(gen() == 1 and gen() == 2 and gen() == 3)
  assert(coroutine.isyieldable() == false)
  local main, ismain = coroutine.running()
  assert(type(main) == "thread" and ismain)
  local closed = false
  local co2 = coroutine.create(function()
    local x <close> = setmetatable({}, { __close = function() closed = true end })
    coroutine.yield()
  end)
  coroutine.resume(co2)
  assert(coroutine.close(co2) and closed)
  local co3 = coroutine.create(function() error({ code = 7 }) end)
  local ok3, err3 = coroutine.resume(co3)
  assert(not ok3 and err3.code == 7)
  -- an error inside pcall inside a coroutine, and yielding across pcall
  local co4 = coroutine.wrap(function()
    local okp, e = pcall(function() coroutine.yield("in pcall"); error("x", 0) end)
    return okp, e
  end)
  assert(co4() == "in pcall")
  local okp, e = co4()
  assert(okp == false and e == "x")
end

-- math.randomseed(n): the same seed gives the same numbers; without a seed it is refused
do
  math.randomseed(42)
  local a = { math.random(1, 1000), math.random(1, 1000), math.random() }
  math.randomseed(42)
  local b = { math.random(1, 1000), math.random(1, 1000), math.random() }
  assert(a[1] == b[1] and a[2] == b[2] and a[3] == b[3])
  assert(not pcall(math.randomseed))
  math.randomseed(7, 8)
  local x = math.random(0)
  math.randomseed(7, 8)
  assert(math.random(0) == x)
end

-- load: strings and reader functions, chunk names, modes, environments
do
  local f = assert(load("return 1 + 1"))
  assert(f() == 2)
  local pieces, i = { "return ", "'a' ", ".. 'b'" }, 0
  f = assert(load(function() i = i + 1; return pieces[i] end))
  assert(f() == "ab")
  local _, err = load("x = ")
  assert(err:find('^%[string "x = "%]:1:'), err)
  _, err = load("x = ", "=mine")
  assert(err:find("^mine:1:"), err)
  _, err = load(function() return nil end, nil, "b")
  assert(err == nil or err:find("text"), err)          -- an empty chunk in mode b
  f, err = load("return 1", "c", "b")
  assert(f == nil and err:find("attempt to load a text chunk"), err)
  f = assert(load("return 2", "c", "t"))
  assert(f() == 2)
  f, err = load(string.char(27) .. "Lua")
  assert(f == nil and err:find("binary chunks"), err)
  f = assert(load("return x", "env", "t", { x = 5 }))
  assert(f() == 5)
  f = assert(load("return print", "nil env", "t", nil))
  local okn, errn = pcall(f)
  assert(not okn and errn:find("upvalue '_ENV'"), errn)
  f = assert(load("return string.upper('a')"))
  assert(f() == "A")
  _, err = load(function() return {} end)
  assert(err == "reader function must return a string")
end

-- warn: messages and the @on/@off controls
do
  warn("@off")
  warn("not shown")
  warn("@on")
  assert(not pcall(warn))
  assert(not pcall(warn, "a", {}))
end

-- the read-only libraries: pairs, #, indexing, require, the string metatable
do
  local names = {}
  for k, v in pairs(string) do names[#names + 1] = k; assert(type(v) == "function") end
  table.sort(names)
  assert(#names >= 17, #names)
  assert(table.concat(names, ","):find("format") and table.concat(names, ","):find("upper"))
  local n = 0
  for _ in pairs(math) do n = n + 1 end
  assert(n >= 25 and math.pi and math.maxinteger == 0x7fffffffffffffff)
  assert(require "utf8" == utf8 and require "string" == string and require "table" == table)
  assert(require "math" == math and require "coroutine" == coroutine)
  assert(utf8.char(7897) == "ộ" and utf8.len("Quảng Bình") == 10)
  local cps = {}
  for _, c in utf8.codes("Bình") do cps[#cps + 1] = c end
  assert(#cps == 4 and cps[2] == 236)
  assert(utf8.charpattern and ("ả"):match(utf8.charpattern) == "ả")
  assert(getmetatable("").__index == string)
  assert(("%5.2f"):format(3.14159) == " 3.14")
  assert(not pcall(function() string.upper = nil end))
  assert(not pcall(rawset, string, "upper", nil))
  assert(string.upper("a") == "A")
end

-- the rest of the language: integers and floats, goto, string.pack, metamethods, varargs
do
  assert(7 // 2 == 3 and 7 / 2 == 3.5 and math.type(1) == "integer" and math.type(1.0) == "float")
  assert(1 << 62 == 4611686018427387904 and 5 & 3 == 1 and 5 | 3 == 7 and 5 ~ 3 == 6)
  assert(string.unpack("<i4", string.pack("<i4", -2)) == -2)
  local i = 0
  ::again::
  i = i + 1
  if i < 3 then goto again end
  assert(i == 3)
  local V = setmetatable({}, { __add = function(a, b) return 42 end, __len = function() return 9 end,
                               __call = function(_, x) return x * 2 end, __tostring = function() return "V" end })
  assert(V + 1 == 42 and #V == 9 and V(4) == 8 and tostring(V) == "V")
  local function count(...) return select("#", ...) end
  assert(count(nil, nil) == 2 and select(-1, 1, 2, 3) == 3)
  local t = table.pack(1, nil, 3)
  assert(t.n == 3 and table.unpack({ 1, 2, 3 }, 2) == 2)
  assert(table.concat(table.move({ 1, 2, 3 }, 1, 3, 2, { 0 }), ",") == "0,1,2,3")
  local okx, ex = xpcall(function() error("boom") end, function(m) return "handled: " .. m end)
  assert(not okx and ex:find("handled: .*boom"))
  assert(tostring(nil) == "nil" and tonumber("0x10") == 16 and tonumber("10", 2) == 2)
  assert(string.format("%q", 1 / 0) == "1e9999")
  local s = 0
  for k = 10, 1, -3 do s = s + k end
  assert(s == 22)
end

ruleset { id = "lua_standard", year = 2023 }
