-- unit_titles.lua — titles a unit earns by meeting criteria its province states: "cơ quan, đơn vị
-- đạt chuẩn văn hóa" (first time, or again), "đơn vị kiểu mẫu", a "Dân vận khéo" model. The
-- criteria are not national numbers, so the rule file states them in config.unit_titles, over a
-- table of yearly unit records the rule file defines with its own columns.
--
--   local unit_titles = require "unit_titles"
--   config.unit_titles = { records = "unit_records", titles = { { id = ..., criteria = { ... } } } }
--   step("Đơn vị văn hóa, đơn vị kiểu mẫu", function(ctx) unit_titles.run(ctx) end)
--
-- Reference with examples: docs/unit-titles.md.
local M = {}

local function vi(x)
  if type(x) ~= "number" then return tostring(x) end
  local s = (math.type(x) == "integer" or x == math.floor(x)) and string.format("%d", x)
            or string.format("%.2f", x):gsub("0+$", ""):gsub("%.$", "")
  local int, frac = s:match("^(-?%d+)%.?(%d*)$")
  int = int:reverse():gsub("(%d%d%d)", "%1."):reverse():gsub("^%.", ""):gsub("^%-%.", "-")
  return int .. (frac ~= "" and ("," .. frac) or "")
end

local function shown(v)
  if v == nil then return "không có số liệu" end
  if v == true then return "có" end
  if v == false then return "không" end
  return vi(v)
end

-- The titles a record lists ("VH, KM" — also ";" or "+" between them), as a set.
function M.titles_of(s)
  local set = {}
  if type(s) ~= "string" then return set end
  for part in s:gmatch("[^,;+]+") do
    local p = part:gsub("^%s+", ""):gsub("%s+$", "")
    if p ~= "" then set[p] = true end
  end
  return set
end

-- One criterion on one record. Returns ok, the value read, and what was required (in words).
-- A criterion is a table with a `label` and one test: eq = v, min = n, max = n, levels = {...},
-- or check = function(record, ctx) return ok, value end.
function M.criterion(c, rec, ctx)
  if c.check then
    local ok, value = c.check(rec, ctx)
    return ok == true, value, c.required or c.label
  end
  local v = rec and rec[c.column]
  if c.levels then
    local ok = false
    for _, l in ipairs(c.levels) do if v == l then ok = true end end
    return ok, v, table.concat(c.levels, " hoặc ")
  elseif c.eq ~= nil then
    return v == c.eq, v, shown(c.eq)
  elseif c.min or c.max then
    local ok = type(v) == "number" and (not c.min or v >= c.min) and (not c.max or v <= c.max)
    local req = c.min and c.max and ("từ %s đến %s"):format(vi(c.min), vi(c.max))
                or (c.min and ("từ %s trở lên"):format(vi(c.min)) or ("không quá %s"):format(vi(c.max)))
    return ok, v, req
  end
  error(("unit title criterion \"%s\": give eq, min, max, levels or check"):format(tostring(c.label)), 0)
end

---------------------------------------------------------------------------------------------------
-- The step
---------------------------------------------------------------------------------------------------

-- Decides every title of config.unit_titles.titles, in order, for every unit with a record in
-- ctx.year. Emits "unit_title" (granted) or "unit_title_rejected" with each condition, and
-- "unit_title_count" per title; builds "unit_titles" and "unit_title_counts".
function M.run(ctx)
  local cfg = (ctx.config and ctx.config.unit_titles) or {}
  local records = cfg.records or "unit_records"
  local id_col, year_col, titles_col = cfg.id_column or "unit_id", cfg.year_column or "year", cfg.titles_column or "titles"
  local year = ctx.year

  -- every record by unit and year; the titles a unit held in the years before ctx.year
  local by_unit, order = {}, {}
  for r in db.rows(records, nil, { id_col, year_col }) do
    local u = r[id_col]
    by_unit[u] = by_unit[u] or {}
    by_unit[u][r[year_col]] = r
  end
  -- candidates in the order of their names (Vietnamese order), as the tables list units
  for unit in db.rows("units", nil, { "name", "id" }) do
    if by_unit[unit.id] then order[#order + 1] = unit.id end
  end
  local function held_before(u, code)
    for y, r in pairs(by_unit[u] or {}) do
      if y < year and M.titles_of(r[titles_col])[code] then return y end
    end
  end
  local granted = {}              -- unit → code → true, this run

  local t = report.table {
    id = cfg.table_id or "unit_titles",
    title = cfg.table_title or ("Danh hiệu tập thể theo tiêu chí năm " .. year),
    group = cfg.group or "Danh hiệu tập thể",
    columns = {
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "title", title = "Danh hiệu", type = "text" },
      { key = "decision", title = "Kết quả", type = "text" },
      { key = "reason", title = "Lý do", type = "text" },
    },
    notes = cfg.notes,
  }
  local counts = report.table {
    id = "unit_title_counts", title = "Số đơn vị đạt danh hiệu năm " .. year, group = cfg.group or "Danh hiệu tập thể",
    columns = {
      { key = "title", title = "Danh hiệu", type = "text" },
      { key = "count", title = "Số đơn vị đạt", type = "integer" },
      { key = "printed", title = "Số in trong báo cáo", type = "number" },
      { key = "check", title = "Kiểm tra", type = "text" },
    } }

  for _, spec in ipairs(cfg.titles or {}) do
    local code = spec.award or spec.id
    local n = 0
    for _, u in ipairs(order) do
      local rec = by_unit[u][year]
      if not rec then goto next_unit end
      if spec.kinds then
        local unit = db.get("units", u)
        local ok = false
        for _, k in ipairs(spec.kinds) do if unit and unit.kind == k then ok = true end end
        if not ok then goto next_unit end
      end
      if granted[u] and granted[u][code] then goto next_unit end   -- one recognition of a title a year
      do
        local conditions, all_ok, eligible = {}, true, true
        local function cond(label, required, actual, ok)
          conditions[#conditions + 1] = { label = label, required = required, actual = actual, ok = ok }
          if not ok then all_ok = false end
        end
        for _, c in ipairs(spec.not_held or {}) do
          local y = held_before(u, c)
          cond(("Chưa được công nhận %s"):format(c), "chưa", y and ("đã công nhận năm " .. y) or "chưa", y == nil)
          if y ~= nil then eligible = false end
        end
        for _, c in ipairs(spec.held or {}) do
          local y = held_before(u, c)
          local now = granted[u] and granted[u][c]
          cond(("Đã được công nhận %s"):format(c), "đã công nhận", y and ("năm " .. y) or (now and ("năm " .. year) or "chưa"),
               y ~= nil or now == true)
          if y == nil and not now then eligible = false end
        end
        local years = spec.years or 1
        for _, c in ipairs(spec.criteria or {}) do
          for y = year - years + 1, year do
            local r = by_unit[u][y]
            local ok, value, req = M.criterion(c, r, ctx)
            cond(years > 1 and ("%s (năm %d)"):format(c.label, y) or c.label, req, shown(value), ok)
          end
        end
        local failed = {}
        for _, c in ipairs(conditions) do
          if not c.ok then failed[#failed + 1] = ("%s: cần %s, có %s"):format(c.label, c.required, c.actual) end
        end
        local steps = {}
        for _, c in ipairs(conditions) do
          steps[#steps + 1] = ("%s — cần %s, có %s: %s"):format(c.label, c.required, c.actual, c.ok and "đạt" or "KHÔNG ĐẠT")
        end
        steps[#steps + 1] = all_ok and ("Kết luận: đạt %s"):format(spec.title or spec.id)
                             or ("Kết luận: không đạt %s (%d điều kiện không đạt)"):format(spec.title or spec.id, #failed)
        local unit = db.get("units", u)
        emit { kind = all_ok and "unit_title" or "unit_title_rejected", subject = u, subject_kind = "unit",
               year = year, value = spec.id, inputs = { record = db.place(records, rec) },
               values = { conditions = conditions, award = code }, steps = steps }
        if all_ok then
          n = n + 1
          granted[u] = granted[u] or {}
          granted[u][code] = true
        end
        -- A unit the title is not open to (never recognised, for a renewal) is recorded with its
        -- reason but not listed: the table lists the candidates.
        if all_ok or (eligible and spec.list_rejected ~= false) then
          t:add { unit = unit and unit.name or u, title = spec.title or spec.id,
                  decision = all_ok and "Đạt" or "Không đạt",
                  reason = all_ok and ("Đạt đủ %d điều kiện"):format(#conditions) or table.concat(failed, "; ") }
        end
      end
      ::next_unit::
    end
    -- the count the report printed, when it is a targets row's result
    local printed, check
    if spec.printed then
      local row = db.get("targets", spec.printed.unit, year, spec.printed.indicator)
      printed = row and row.actual
      if printed == nil then check = "không có số in"
      else check = (printed == n) and "khớp" or ("LỆCH: tính được " .. n .. ", in " .. vi(printed)) end
    end
    emit { kind = "unit_title_count", subject = spec.id, subject_kind = "title", year = year, value = n,
           inputs = { printed = printed }, steps = { ("%d đơn vị đạt %s%s"):format(n, spec.title or spec.id,
             printed and ("; báo cáo in " .. vi(printed) .. " (" .. check .. ")") or "") } }
    if spec.printed and printed ~= n then
      emit { kind = "flag", subject = spec.id, subject_kind = "title", year = year, value = "printed_count_mismatch",
             inputs = { printed = printed, computed = n }, steps = { check } }
    end
    counts:add { title = spec.title or spec.id, count = n, printed = printed, check = check }
  end
end

function M.step(ctx) M.run(ctx) end

return M
