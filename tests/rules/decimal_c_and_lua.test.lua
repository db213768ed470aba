-- decimal.percent and text.number (C) give what the scoring library's own Lua steps give, on
-- the figures a report holds and on the awkward ones: exact ties, negative figures, more than
-- six decimals, figures too large to scale. The library prints and checks every target through
-- the C functions under evalrun and through its Lua steps under plain lua5.4 (tests/lua), so the
-- two must agree to the last digit.
ruleset { id = "decimal_c_and_lua", title = "Số thập phân: C và Lua cho cùng kết quả", year = 2025,
          data = "../data/tinh_mau" }

-- The library loaded without the C functions: its Lua steps.
local c_decimal, c_text = decimal, text
decimal, text = nil, { compare = c_text.compare, sort_key = c_text.sort_key }
local lua_scoring = require "scoring"
decimal, text = c_decimal, c_text

step("So sánh", function()
  local figures = { 0, 1, 7, 100, 17250, 17000, 14873, 14950, 20360, 18500, 0.95, 0.8, 0.125, 2.5,
    -3.75, 1e-7, 123456.789, 0.1 + 0.2, 1 / 3, 2 ^ 53, -(2 ^ 40) + 0.5, 99.995, 1234567890123, 5e-5 }
  local seed = 12345
  for _ = 1, 3000 do                               -- report-like figures: up to 4 decimals
    seed = (seed * 1103515245 + 12345) % 2147483648
    local scale = 10 ^ (seed % 5)
    figures[#figures + 1] = (seed % 2000000 - 400000) / scale
  end
  local checked, wrong = 0, {}
  for i = 1, #figures do
    local num, den = figures[i], figures[(i * 7) % #figures + 1]
    if den ~= 0 then
      for decimals = 0, 4 do
        for _, mode in ipairs({ "round", "truncate" }) do
          local want = lua_scoring.percent_units(num, den, decimals, mode)
          local got = decimal.percent(num, den, decimals, mode)
          checked = checked + 1
          if got ~= want or math.type(got) ~= math.type(want) then
            wrong[#wrong + 1] = ("percent(%.17g, %.17g, %d, %s): C %s, Lua %s"):format(num, den, decimals, mode,
              tostring(got), tostring(want))
          end
        end
      end
    end
    for _, decimals in ipairs({ false, 0, 1, 2, 4 }) do
      local d = decimals or nil
      local want = lua_scoring.vi(num, d)
      local got = text.number(num == 0 and 0.0 or num, d, 4)
      checked = checked + 1
      if got ~= want then wrong[#wrong + 1] = ("vi(%.17g, %s): C %s, Lua %s"):format(num, tostring(d), got, want) end
    end
  end
  emit { kind = "agree", subject = "decimal", value = #wrong == 0 and "yes" or "no",
         values = { checked = checked }, steps = { wrong[1], wrong[2], wrong[3] } }
end)

expect { kind = "agree", subject = "decimal", value = "yes" }
