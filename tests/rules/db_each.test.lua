-- db.each (docs/rules.md): plain values in column order, where and order as db.rows,
-- bool columns as true/false, and t:add with values in column order.
ruleset { id = "db_each", title = "db.each", year = 2023 }
define_table { name = "members", columns = {
  { "id", "text", required = true }, { "cell", "text" }, { "score", "number" }, { "active", "bool" } },
  key = { "id" } }
source { table = "members", csv = [[
id,cell,score,active
m3,cb2,91.5,x
m1,cb1,80,
m2,cb1,95,0
m4,cb2,80,1
m5,Cb1,70,1
]] }

step("each", function()
  local t = report.table { id = "each_rows", columns = {
    { key = "n", type = "integer" }, { key = "id" }, { key = "cell" }, { key = "score", type = "number" },
    { key = "active" } } }
  local n = 0
  -- order: cell in Vietnamese order (cb1 < Cb1 < cb2: case decides after the letters), then score descending
  for id, cell, score, active in db.each("members", { "id", "cell", "score", "active" }, nil, { "cell", "-score" }) do
    n = n + 1
    assert(active == nil or type(active) == "boolean", "bool columns read as booleans")
    t:add(n, id, cell, score, active)
  end
  -- no order: file order; where as in db.rows
  local seen = {}
  for id, line in db.each("members", { "id", "_line" }, { cell = "cb1" }) do seen[#seen + 1] = id .. "@" .. line end
  emit { kind = "check", subject = "where", value = table.concat(seen, " ") }
  -- where = { column = list }: any of the list, in file order; texts and whole numbers only
  local picked = {}
  for id in db.each("members", { "id" }, { id = { "m5", "m2", "m9" } }) do picked[#picked + 1] = id end
  emit { kind = "check", subject = "where list", value = table.concat(picked, " ") }
  local lines = {}
  for id in db.each("members", { "id" }, { _line = { 2, 6 }, cell = "cb2" }) do lines[#lines + 1] = id end
  emit { kind = "check", subject = "where whole numbers", value = table.concat(lines, " ") }
  emit { kind = "check", subject = "where empty list", value = db.count("members", { id = {} }) }
  emit { kind = "check", subject = "rows where list", value = #db.all("members", { cell = { "cb1", "Cb1" } }) }
  local bad_ok, bad = pcall(db.count, "members", { score = { 80.5 } })
  emit { kind = "check", subject = "where list of fractions", value = (not bad_ok) and bad:match("texts or whole numbers; item 1 is number") ~= nil }
  local ok, err = pcall(db.each, "members", { "id", "nope" })
  emit { kind = "check", subject = "unknown column", value = (not ok) and err:match("has no column \"nope\"") ~= nil }
  -- a row is a table no more: values cannot be assigned back into the facts
  local first = db.each("members", { "score" })()
  emit { kind = "check", subject = "first score", value = first }
end)

expect { table = "each_rows", row = { n = 1 }, values = { id = "m2", cell = "cb1", score = 95, active = "không" } }
expect { table = "each_rows", row = { n = 2 }, values = { id = "m1", cell = "cb1", score = 80 } }
expect { table = "each_rows", row = { n = 3 }, values = { id = "m5", cell = "Cb1" } }
expect { table = "each_rows", row = { n = 4 }, values = { id = "m3", cell = "cb2", active = "có" } }
expect { table = "each_rows", row = { n = 5 }, values = { id = "m4" } }
expect { kind = "check", subject = "where", value = "m1@3 m2@4" }
expect { kind = "check", subject = "unknown column", value = true }
expect { kind = "check", subject = "where list", value = "m2 m5" }
expect { kind = "check", subject = "where whole numbers", value = "m3" }
expect { kind = "check", subject = "where empty list", value = 0 }
expect { kind = "check", subject = "rows where list", value = 3 }
expect { kind = "check", subject = "where list of fractions", value = true }
expect { kind = "check", subject = "first score", value = 91.5 }
