-- audit.lua — the figures a report printed, checked against their own numbers: every printed
-- percentage against its plan and actual (any year in the data, not only the assessment year),
-- and every part list (cao đẳng + trung cấp + sơ cấp; the districts of a province) against the
-- total it is printed with.
--
--   local audit = require "audit"
--   config.audit = { parts = { { indicator = "TS_GDNN", parts = { "TS_CD", "TS_TC", "TS_SC" } } } }
--   step("Kiểm tra số liệu báo cáo", audit.step)
--
-- Nothing is changed: each check is recorded, and the table figure_audit lists every figure that
-- does not follow from its numbers. Reference with examples: docs/progress.md ("Checking a
-- report's figures").
local scoring = require "scoring"
local M = {}

local vi = scoring.vi
local EPS = 1e-9

local function place(tbl, row)
  if db and db.place and row._src then
    local ok, p = pcall(db.place, tbl, row)
    if ok and p then return p end
  end
  return tbl
end

local function year_filter(years)
  if years == nil then return function() return true end end
  if type(years) ~= "table" then error("config.audit.years must be a list of years", 0) end
  local set = {}
  for _, y in ipairs(years) do set[y] = true end
  return function(y) return set[y] == true end
end

-- Whether the parts add up to the whole. Returns nil when a figure is missing (nothing to check),
-- else ok, sum, text.
function M.sum_check(whole, parts)
  if whole == nil then return nil end
  local sum, shown = 0, {}
  for _, p in ipairs(parts) do
    if p.value == nil then return nil end
    sum = sum + p.value
    shown[#shown + 1] = ("%s %s"):format(p.label, vi(p.value))
  end
  sum = scoring.round(sum, 6)
  local ok = math.abs(sum - whole) <= EPS
  return ok, sum, ("%s = %s %s tổng in %s"):format(table.concat(shown, " + "), vi(sum), ok and "bằng" or "KHÁC",
    vi(whole))
end

local FIELDS = { { "plan", "kế hoạch" }, { "actual", "thực hiện" } }

-- Runs every check. Returns the number of figures that do not follow from their numbers.
function M.run(ctx)
  local cfg = (ctx.config and ctx.config.audit) or {}
  local accept = cfg.accept or (ctx.config.scoring and ctx.config.scoring.printed_check
                                and ctx.config.scoring.printed_check.accept)
  local want = year_filter(cfg.years)
  local units, indicators = {}, {}
  for u in db.rows("units") do units[u.id] = u end
  for i in db.rows("indicators") do indicators[i.id] = i end
  local function uname(id) return units[id] and units[id].name or id end
  local function iname(id) return indicators[id] and indicators[id].name or id end

  local t = report.table {
    id = cfg.table_id or "figure_audit",
    title = cfg.table_title or "Số liệu báo cáo không khớp với chính số liệu của nó",
    group = "Kiểm tra số liệu",
    columns = {
      { key = "year", title = "Năm", type = "text" },
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "indicator", title = "Chỉ tiêu", type = "text" },
      { key = "check", title = "Kiểm tra", type = "text" },
      { key = "printed", title = "Số in", type = "text" },
      { key = "computed", title = "Tính được", type = "text" },
      { key = "detail", title = "Chi tiết", type = "text" },
      { key = "where", title = "Dòng dữ liệu", type = "text" },
    },
    notes = cfg.notes,
  }
  local bad, checked = 0, 0

  -- Printed percentages, every year.
  if cfg.printed ~= false then
    for row in db.rows("targets", nil, { "year", "unit_id", "indicator_id" }) do
      local printed = row.reported_text
      if printed == nil or printed == "" then printed = row.reported_pct end
      if want(row.year) and printed ~= nil and printed ~= "" then
        local ind = indicators[row.indicator_id]
        local a = scoring.attainment(ind and ind.direction or "higher", row.plan, row.actual)
        local subject = row.unit_id .. ":" .. row.indicator_id
        local where = place("targets", row)
        checked = checked + 1
        if a.status == "ok" and a.den and a.den ~= 0 then
          local c = scoring.check_printed(a.num, a.den, printed, accept)
          emit { kind = "figure_check", subject = subject, subject_kind = "target", year = row.year,
                 value = c.agrees and "khớp" or "lệch",
                 inputs = { plan = row.plan, actual = row.actual, printed = printed, where = where },
                 values = { rounded = c.rounded, truncated = c.truncated, how = c.how }, steps = { c.text } }
          if not c.agrees then
            bad = bad + 1
            t:add { year = tostring(row.year), unit = uname(row.unit_id), indicator = iname(row.indicator_id),
                    check = "tỷ lệ in", printed = (tostring(printed):gsub("%s*%%?$", "")) .. "%",
                    computed = c.rounded and (vi(c.rounded, c.decimals) .. "%") or nil, detail = c.text, where = where }
          end
        else
          bad = bad + 1
          local why = "không tính lại được: thiếu kế hoạch hoặc thực hiện"
          emit { kind = "figure_check", subject = subject, subject_kind = "target", year = row.year,
                 value = "không kiểm tra được", inputs = { plan = row.plan, actual = row.actual, printed = printed,
                 where = where }, steps = { why } }
          t:add { year = tostring(row.year), unit = uname(row.unit_id), indicator = iname(row.indicator_id),
                  check = "tỷ lệ in", printed = tostring(printed), detail = why, where = where }
        end
      end
    end
  end

  -- Part lists.
  local targets = {}                      -- [year][unit][indicator] = row
  for row in db.rows("targets") do
    targets[row.year] = targets[row.year] or {}
    targets[row.year][row.unit_id] = targets[row.year][row.unit_id] or {}
    targets[row.year][row.unit_id][row.indicator_id] = row
  end
  local years = {}
  for y in pairs(targets) do if want(y) then years[#years + 1] = y end end
  table.sort(years)

  local function record(spec, year, unit, indicator, field, ok, sum, text, whole_row)
    checked = checked + 1
    local subject = unit .. ":" .. indicator
    emit { kind = "parts_check", subject = subject, subject_kind = "target", year = year,
           value = ok and "khớp" or "lệch",
           inputs = { field = field[1], total = whole_row[field[1]], where = place("targets", whole_row),
                      list = spec.title },
           values = { sum = sum }, steps = { ("%s (%s): %s"):format(spec.title or "Tổng các phần", field[2], text) } }
    if not ok then
      bad = bad + 1
      emit { kind = "flag", subject = subject, subject_kind = "target", year = year, value = "parts_sum_mismatch",
             inputs = { field = field[1], total = whole_row[field[1]] }, values = { sum = sum },
             steps = { ("%s (%s): %s"):format(spec.title or "Tổng các phần", field[2], text) } }
      t:add { year = tostring(year), unit = uname(unit), indicator = iname(indicator),
              check = ("tổng các phần (%s)"):format(field[2]), printed = vi(whole_row[field[1]]), computed = vi(sum),
              detail = (spec.title and (spec.title .. ": ") or "") .. text, where = place("targets", whole_row) }
    end
  end

  for i, spec in ipairs(cfg.parts or {}) do
    if type(spec) ~= "table" or type(spec.parts) ~= "table" and spec.parts ~= "children" then
      error(("config.audit.parts[%d] needs parts = { ... } (or \"children\" for a unit)"):format(i), 0)
    end
    for _, year in ipairs(years) do
      if spec.indicator then
        -- One indicator split into others, in every unit that reports it.
        local ids = {}
        for unit in pairs(targets[year]) do ids[#ids + 1] = unit end
        table.sort(ids)
        for _, unit in ipairs(ids) do
          local rows = targets[year][unit]
          local whole = rows[spec.indicator]
          if whole and (spec.unit == nil or spec.unit == unit) then
            for _, field in ipairs(FIELDS) do
              local parts = {}
              for _, p in ipairs(spec.parts) do
                parts[#parts + 1] = { label = iname(p), value = rows[p] and rows[p][field[1]] }
              end
              local ok, sum, text = M.sum_check(whole[field[1]], parts)
              if ok ~= nil then record(spec, year, unit, spec.indicator, field, ok, sum, text, whole) end
            end
          end
        end
      elseif spec.unit then
        -- One unit's figure as the sum of other units' (a province and its districts).
        local part_ids = spec.parts
        if part_ids == "children" then
          part_ids = {}
          -- The units under `parent` (default: the unit itself), of `kind` when given.
          local parent = spec.parent or spec.unit
          for id, u in pairs(units) do
            if u.parent_id == parent and id ~= spec.unit and (spec.kind == nil or u.kind == spec.kind) then
              part_ids[#part_ids + 1] = id
            end
          end
          table.sort(part_ids)
        end
        local rows = targets[year][spec.unit] or {}
        local inds = {}
        if spec.indicators then inds = spec.indicators else
          for id in pairs(rows) do inds[#inds + 1] = id end
          table.sort(inds)
        end
        for _, ind in ipairs(inds) do
          local whole = rows[ind]
          if whole then
            for _, field in ipairs(FIELDS) do
              local parts = {}
              for _, p in ipairs(part_ids) do
                local r = targets[year][p] and targets[year][p][ind]
                parts[#parts + 1] = { label = uname(p), value = r and r[field[1]] }
              end
              local ok, sum, text = M.sum_check(whole[field[1]], parts)
              if ok ~= nil then record(spec, year, spec.unit, ind, field, ok, sum, text, whole) end
            end
          end
        end
      else
        error(("config.audit.parts[%d] needs indicator = ... or unit = ..."):format(i), 0)
      end
    end
  end
  -- Monthly plans (progress.lua's target_months) against the annual plan of their target.
  local has_months = false
  for _, name in ipairs(db.tables()) do if name == "target_months" then has_months = true end end
  if has_months and cfg.monthly ~= false then
    local months = {}
    for r in db.rows("target_months", nil, { "year", "unit_id", "indicator_id", "month" }) do
      local k = r.year .. "\0" .. r.unit_id .. "\0" .. r.indicator_id
      months[k] = months[k] or {}
      table.insert(months[k], r)
    end
    for _, year in ipairs(years) do
      local ids = {}
      for unit in pairs(targets[year]) do ids[#ids + 1] = unit end
      table.sort(ids)
      for _, unit in ipairs(ids) do
        local inds = {}
        for ind in pairs(targets[year][unit]) do inds[#inds + 1] = ind end
        table.sort(inds)
        for _, ind in ipairs(inds) do
          local list = months[year .. "\0" .. unit .. "\0" .. ind]
          local whole = targets[year][unit][ind]
          if list then
            local parts = {}
            for _, r in ipairs(list) do parts[#parts + 1] = { label = "T" .. r.month, value = r.plan } end
            local ok, sum, text = M.sum_check(whole.plan, parts)
            if ok ~= nil then
              record({ title = "Kế hoạch năm = tổng kế hoạch các tháng" }, year, unit, ind, FIELDS[1], ok, sum,
                     text, whole)
            end
          end
        end
      end
    end
  end

  emit { kind = "audit", subject = "targets", subject_kind = "table", value = bad,
         values = { checked = checked },
         steps = { ("%d số liệu được kiểm tra, %d không khớp với số liệu của chính nó"):format(checked, bad) } }
  return bad
end

function M.step(ctx) M.run(ctx) end

return M
