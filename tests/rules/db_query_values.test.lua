-- db.query_values and a report table's add_query (docs/rules.md): rows chosen by SQL, as
-- plain values in Lua, or straight into a report table without passing through Lua.
ruleset { id = "db_query_values", title = "db.query_values, add_query", year = 2023 }
define_table { name = "members", columns = {
  { "id", "text", required = true }, { "cell", "text" }, { "score", "number" } }, key = { "id" } }
source { table = "members", csv = [[
id;cell;score
m1;cb1;91,5
m2;cb1;72
m3;cb2;48
m4;cb2;95
]], delimiter = ";", numbers = "vi" }

step("query", function()
  -- the candidates, as values, in file order
  local seen = {}
  for id, cell, score in db.query_values("SELECT id, cell, score FROM members WHERE score >= ? ORDER BY rowid", 90) do
    seen[#seen + 1] = id .. "/" .. cell .. "/" .. score
  end
  emit { kind = "check", subject = "candidates", value = table.concat(seen, " ") }

  -- everyone else, straight into a table; the count of rows added comes back
  local levels = report.table { id = "levels", columns = {
    { key = "id" }, { key = "level" }, { key = "score", type = "integer" } } }
  local n = levels:add_query("SELECT id, CASE WHEN score >= 70 THEN 'HTTNV' ELSE 'HTNV' END, score FROM members "
                             .. "WHERE score < ? ORDER BY id", 90)
  emit { kind = "check", subject = "added", value = n }
  levels:add("m9", "HTXSNV", 99)

  -- refused: writing, a wrong number of columns, text into a number column
  local ok, err = pcall(db.query_values, "DELETE FROM members")
  emit { kind = "check", subject = "write refused", value = (not ok) and err:match("only reading statements") ~= nil }
  ok, err = pcall(levels.add_query, levels, "SELECT id FROM members")
  emit { kind = "check", subject = "columns", value = (not ok) and err:match("gives 1 column%(s%), the table has 3") ~= nil }
  ok, err = pcall(levels.add_query, levels, "SELECT id, id, id FROM members")
  emit { kind = "check", subject = "not a number", value = (not ok) and err:match("is not a number") ~= nil }
end)

expect { kind = "check", subject = "candidates", value = "m1/cb1/91.5 m4/cb2/95.0" }   -- number columns are floats
expect { kind = "check", subject = "added", value = 2 }
expect { table = "levels", row = { id = "m2" }, values = { level = "HTTNV", score = 72 } }
expect { table = "levels", row = { id = "m3" }, values = { level = "HTNV", score = 48 } }
expect { table = "levels", row = { id = "m9" }, values = { level = "HTXSNV" } }
expect { kind = "check", subject = "write refused", value = true }
expect { kind = "check", subject = "columns", value = true }
expect { kind = "check", subject = "not a number", value = true }
