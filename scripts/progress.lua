-- progress.lua — a progress check in the middle of the year (sơ kết 6 tháng, 8 tháng, 9 tháng):
-- the result so far against the part of the annual plan that should be done by now, with
-- "đúng tiến độ / chậm tiến độ" per target and per unit. When the figures cover the whole year,
-- the same step is the year-end assessment (scoring.run).
--
--   local progress = require "progress"
--   config.progress = { on_track_at = 1 }
--   step("Tiến độ thực hiện chỉ tiêu", progress.step)
--
-- The plan to date is the sum of the monthly plans up to the month reported (table
-- target_months), or, for a target without monthly plans, the annual plan pro-rated (8/12 of it
-- after eight months). Reference with examples: docs/progress.md.
local scoring = require "scoring"
local M = {}

-- The month the actual of a target row runs to: "thực hiện lũy kế đến tháng 8". Empty means the
-- figure is for the whole year.
define_table { name = "targets", columns = { { "through_month", "integer" } } }

-- An indicator that can only be measured at the end of the year (the poverty rate comes from the
-- year-end household review): a mid-year check reports it as not yet due.
define_table { name = "indicators", columns = { { "year_end_only", "bool" } } }

-- A plan broken down by month (kế hoạch tháng): the amount planned for that month, not a running
-- total. The months of a year should add up to the annual plan in targets; the check says so
-- when they do not.
define_table { name = "target_months",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "indicator_id", "text", required = true, ref = "indicators.id" },
    { "month", "integer", required = true },
    { "plan", "number", required = true },
    { "source", "text" },
  },
  key = { "unit_id", "year", "indicator_id", "month" } }

local vi, percent = scoring.vi, scoring.percent
local EPS = 1e-9

local function pct_text(p, decimals) return p and (vi(p, decimals) .. "%") or "—" end

local function place(tbl, row)
  if db and db.place and row._src then
    local ok, p = pcall(db.place, tbl, row)
    if ok and p then return p end
  end
  return tbl
end

local EXPECTED = { auto = true, prorate = true, monthly = true }

-- The month a row runs to (12 for a whole-year figure), checked.
local function row_month(row)
  local m = row.through_month
  if m == nil then return 12 end
  if m < 1 or m > 12 then
    error(("%s: tháng lũy kế %d không nằm trong 1–12"):format(place("targets", row), m), 0)
  end
  return m
end

-- The monthly plans of ctx.year by "unit:indicator", each a list sorted by month.
local function monthly_plans(year)
  local by = {}
  for r in db.rows("target_months", { year = year }, { "unit_id", "indicator_id", "month" }) do
    if r.month < 1 or r.month > 12 then
      error(("%s: tháng %d không nằm trong 1–12"):format(place("target_months", r), r.month), 0)
    end
    local k = r.unit_id .. ":" .. r.indicator_id
    by[k] = by[k] or {}
    table.insert(by[k], r)
  end
  return by
end

-- The plan to date of one target row after `m` months. Returns expected, how (words), the sum
-- of all the months (nil without monthly plans), and for a pro-rated plan the fraction m/12.
function M.plan_to_date(row, m, months, mode)
  mode = mode or "auto"
  if not EXPECTED[mode] then
    error(("config.progress.expected = '%s' is not one of: auto, prorate, monthly"):format(tostring(mode)), 0)
  end
  if months and mode ~= "prorate" then
    local upto, all = 0, 0
    for _, r in ipairs(months) do
      all = all + r.plan
      if r.month <= m then upto = upto + r.plan end
    end
    return scoring.round(upto, 6), ("theo kế hoạch tháng (tháng 1–%d)"):format(m), scoring.round(all, 6)
  end
  if mode == "monthly" then
    error(("%s: chỉ tiêu %s của %s không có kế hoạch tháng (config.progress.expected = \"monthly\")")
      :format(place("targets", row), row.indicator_id, row.unit_id), 0)
  end
  return row.plan * m / 12, ("kế hoạch năm × %d/12"):format(m), nil
end

-- One target row of a mid-year check. Returns a result table:
--   { status = "checked" | "year_end" | "missing", on_track, expected, pct_to_date, pct_year,
--     remaining, per_month_needed, per_month_so_far, verdict, steps }
function M.check_row(row, ind, m, months, cfg)
  cfg = cfg or {}
  local decimals = cfg.decimals or 2
  local at = cfg.on_track_at or 1
  local direction = (ind and ind.direction) or "higher"
  local r = { unit_id = row.unit_id, indicator_id = row.indicator_id, month = m, plan = row.plan,
              actual = row.actual, direction = direction, steps = {} }
  local function say(fmt, ...) r.steps[#r.steps + 1] = fmt:format(...) end
  if ind and ind.year_end_only then
    r.status, r.verdict = "year_end", "đánh giá cuối năm"
    say("Chỉ tiêu chỉ đo được vào cuối năm: không đánh giá tiến độ sau %d tháng", m)
    return r
  end
  if row.plan == nil then
    r.status, r.verdict = "missing", "thiếu kế hoạch"
    say("Chưa có kế hoạch năm")
    return r
  end
  local expected, how, all = M.plan_to_date(row, m, months, cfg.expected)
  r.expected, r.how, r.months_total = expected, how, all
  if all and math.abs(all - row.plan) > EPS then
    r.months_mismatch = true
    say("Kế hoạch các tháng cộng lại %s, khác kế hoạch năm %s", vi(all), vi(row.plan))
  end
  if row.actual == nil then
    r.status, r.verdict = "missing", "chưa có số liệu"
    say("Chưa có số thực hiện lũy kế đến tháng %d", m)
    return r
  end
  r.status = "checked"
  say("Kế hoạch đến hết tháng %d = %s = %s", m, how, vi(scoring.round(expected, 2)))
  -- Exact percentages: a pro-rated plan is plan × m / 12, so actual / (plan × m / 12) is
  -- (actual × 12) / (plan × m), which scoring.percent computes without floating-point drift.
  local num, den
  if all and cfg.expected ~= "prorate" then num, den = row.actual, expected
  else num, den = row.actual * 12, row.plan * m end
  if row.plan ~= 0 then r.pct_year = percent(row.actual, row.plan, decimals) end
  if direction == "lower" then
    -- Fewer is better (accidents, overdue files): on track while at most the share to date.
    if row.actual == 0 then r.ratio = math.huge else r.ratio = den / num; r.pct_to_date = percent(den, num, decimals) end
    say("Chỉ tiêu càng thấp càng tốt: đến kỳ = kế hoạch đến kỳ / thực hiện = %s",
        pct_text(r.pct_to_date or nil, decimals))
  else
    if den == 0 then
      r.status, r.verdict = "missing", "kế hoạch đến kỳ bằng 0"
      say("Kế hoạch đến hết tháng %d bằng 0: không tính được tỷ lệ", m)
      return r
    end
    r.ratio = num / den
    r.pct_to_date = percent(num, den, decimals)
    say("Tỷ lệ so với kế hoạch đến kỳ = %s / %s = %s", vi(row.actual), vi(scoring.round(expected, 2)),
        pct_text(r.pct_to_date, decimals))
  end
  if r.pct_year then say("Tỷ lệ so với kế hoạch năm = %s / %s = %s", vi(row.actual), vi(row.plan), pct_text(r.pct_year, decimals)) end
  r.on_track = r.ratio >= at - 1e-12
  r.verdict = r.on_track and "đúng tiến độ" or "chậm tiến độ"
  say("Ngưỡng đúng tiến độ: %s kế hoạch đến kỳ → %s", pct_text(at * 100), r.verdict)
  if direction ~= "lower" and m < 12 then
    r.remaining = math.max(0, scoring.round(row.plan - row.actual, 6))
    r.per_month_so_far = scoring.round(row.actual / m, 2)
    r.per_month_needed = scoring.round(r.remaining / (12 - m), 2)
    say("Còn phải thực hiện %s trong %d tháng: bình quân %s/tháng (%d tháng qua: %s/tháng)",
        vi(r.remaining), 12 - m, vi(r.per_month_needed), m, vi(r.per_month_so_far))
  end
  return r
end

-- The month the figures of ctx.year run to: the largest through_month of its target rows (12 when
-- any row is a whole-year figure).
function M.period(year)
  local period
  for row in db.rows("targets", { year = year }) do
    local m = row_month(row)
    if not period or m > period then period = m end
  end
  return period
end

-- The mid-year check of ctx.year (or, when the figures cover the whole year, the year-end
-- assessment by scoring.run). Monthly plans that do not add up to the annual plan are noted in
-- the row's steps; audit.lua lists them. Emits per target row kind "progress" (value "đúng tiến độ",
-- "chậm tiến độ", "đánh giá cuối năm", "chưa có số liệu") and "progress_pct" (the % of the plan to
-- date), per unit "unit_progress"; builds the tables target_progress and unit_progress.
function M.run(ctx)
  local cfg = (ctx.config and ctx.config.progress) or {}
  local year = ctx.year
  local decimals = cfg.decimals or 2
  local plans = monthly_plans(year)
  local period = M.period(year)
  if not period then
    emit { kind = "flag", subject = "targets", subject_kind = "table", year = year, value = "no_targets",
           steps = { ("Không có chỉ tiêu nào của năm %d"):format(year) } }
    return
  end
  local indicators = {}
  for ind in db.rows("indicators") do indicators[ind.id] = ind end
  -- Units in the order of the office's list (its STT), as the report prints them.
  local units, rank = {}, {}
  for u in db.rows("units") do units[u.id] = u; rank[u.id] = #rank + 1; rank[#rank + 1] = u.id end
  local function before(a, b)
    local ra, rb = rank[a] or math.huge, rank[b] or math.huge
    if ra ~= rb then return ra < rb end
    return a < b
  end

  if period == 12 then
    -- The whole year is in: the year-end assessment. Rows still at an earlier month would be
    -- scored as if they were the year's result, so they stop the run.
    for row in db.rows("targets", { year = year }) do
      if row_month(row) < 12 then
        error(("%s: số liệu lũy kế đến tháng %d trong khi các chỉ tiêu khác đã có số cả năm: cập nhật số cả năm hoặc để trống cột tháng")
          :format(place("targets", row), row.through_month), 0)
      end
    end
    local results = scoring.run(ctx)
    local t = report.table {
      id = cfg.unit_table_id or "unit_progress",
      title = cfg.unit_table_title or ("Kết quả thực hiện kế hoạch năm %d theo đơn vị"):format(year),
      group = "Chỉ tiêu kế hoạch",
      columns = {
        { key = "unit", title = "Đơn vị", type = "text" },
        { key = "done", title = "Số chỉ tiêu đạt kế hoạch", type = "integer" },
        { key = "not_done", title = "Số chỉ tiêu chưa đạt", type = "integer" },
        { key = "score", title = "Điểm chỉ tiêu", type = "number", decimals = 2 },
        { key = "verdict", title = "Kết luận", type = "text" },
      },
      notes = cfg.year_end_notes,
    }
    local ids = {}
    for id in pairs(results) do ids[#ids + 1] = id end
    table.sort(ids, before)
    for _, id in ipairs(ids) do
      local done, not_done = 0, 0
      for _, r in ipairs(results[id]) do
        if r.verdict == "chưa đạt" then not_done = not_done + 1
        elseif r.verdict == "vượt kế hoạch" or r.verdict == "đạt kế hoạch" then done = done + 1 end
      end
      local verdict = not_done == 0 and "hoàn thành kế hoạch năm" or "chưa hoàn thành kế hoạch năm"
      emit { kind = "unit_progress", subject = id, subject_kind = "unit", year = year, value = verdict,
             inputs = { months = 12 }, values = { done = done, not_done = not_done, score = results[id].total },
             steps = { ("Cả năm: %d chỉ tiêu đạt, %d chưa đạt kế hoạch năm → %s"):format(done, not_done, verdict) } }
      t:add { unit = units[id] and units[id].name or id, done = done, not_done = not_done,
              score = results[id].total, verdict = verdict }
    end
    return results
  end

  local rows = db.all("targets", { year = year })
  table.sort(rows, function(a, b)
    if a.unit_id ~= b.unit_id then return before(a.unit_id, b.unit_id) end
    local ia, ib = indicators[a.indicator_id], indicators[b.indicator_id]
    local sa, sb = ia and ia.sort or math.huge, ib and ib.sort or math.huge
    if sa ~= sb then return sa < sb end
    return a.indicator_id < b.indicator_id
  end)
  local t = report.table {
    id = cfg.table_id or "target_progress",
    title = cfg.table_title or ("Tiến độ thực hiện chỉ tiêu %d tháng năm %d"):format(period, year),
    group = "Chỉ tiêu kế hoạch",
    columns = {
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "indicator", title = "Chỉ tiêu", type = "text" },
      { key = "measure", title = "Đơn vị tính", type = "text" },
      { key = "plan", title = "Kế hoạch năm", type = "number" },
      { key = "expected", title = "Kế hoạch đến kỳ", type = "number", decimals = 2 },
      { key = "how", title = "Cách tính kế hoạch đến kỳ", type = "text" },
      { key = "actual", title = "Thực hiện lũy kế", type = "number" },
      { key = "pct_year", title = "% kế hoạch năm", type = "percent", decimals = decimals },
      { key = "pct_to_date", title = "% kế hoạch đến kỳ", type = "percent", decimals = decimals },
      { key = "verdict", title = "Đánh giá", type = "text" },
      { key = "remaining", title = "Còn phải thực hiện", type = "number" },
      { key = "needed", title = "Bình quân/tháng cần đạt", type = "number", decimals = 2 },
    },
    notes = cfg.notes,
  }
  local by_unit, order_ = {}, {}
  for _, row in ipairs(rows) do
    local ind = indicators[row.indicator_id]
    local m = row_month(row)
    local r = M.check_row(row, ind, m, plans[row.unit_id .. ":" .. row.indicator_id], cfg)
    local subject = row.unit_id .. ":" .. row.indicator_id
    local inputs = { plan = row.plan, actual = row.actual, through_month = m, where = place("targets", row) }
    emit { kind = "progress", subject = subject, subject_kind = "target", year = year, value = r.verdict,
           inputs = inputs, values = { expected = r.expected, how = r.how, pct_to_date = r.pct_to_date,
                                       pct_year = r.pct_year, on_track = r.on_track, remaining = r.remaining,
                                       per_month_needed = r.per_month_needed }, steps = r.steps }
    if r.pct_to_date then
      emit { kind = "progress_pct", subject = subject, subject_kind = "target", year = year,
             value = r.pct_to_date, inputs = inputs, values = { expected = r.expected }, steps = r.steps }
    end
    t:add { unit = units[row.unit_id] and units[row.unit_id].name or row.unit_id,
            indicator = ind and ind.name or row.indicator_id, measure = ind and ind.measure,
            plan = row.plan, expected = r.expected and scoring.round(r.expected, 2), how = r.how,
            actual = row.actual, pct_year = r.pct_year, pct_to_date = r.pct_to_date, verdict = r.verdict,
            remaining = r.remaining, needed = r.per_month_needed }
    if not by_unit[row.unit_id] then by_unit[row.unit_id] = {}; order_[#order_ + 1] = row.unit_id end
    table.insert(by_unit[row.unit_id], r)
  end

  local u = report.table {
    id = cfg.unit_table_id or "unit_progress",
    title = cfg.unit_table_title or ("Tiến độ %d tháng năm %d theo đơn vị"):format(period, year),
    group = "Chỉ tiêu kế hoạch",
    columns = {
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "checked", title = "Số chỉ tiêu đánh giá", type = "integer" },
      { key = "on_track", title = "Đúng tiến độ", type = "integer" },
      { key = "behind", title = "Chậm tiến độ", type = "integer" },
      { key = "later", title = "Đánh giá cuối năm / chưa có số", type = "integer" },
      { key = "behind_list", title = "Chỉ tiêu chậm", type = "text" },
      { key = "verdict", title = "Kết luận", type = "text" },
    },
    notes = cfg.notes,
  }
  table.sort(order_, before)
  for _, id in ipairs(order_) do
    local checked, on, behind, later, names = 0, 0, 0, 0, {}
    for _, r in ipairs(by_unit[id]) do
      if r.status == "checked" then
        checked = checked + 1
        if r.on_track then on = on + 1 else
          behind = behind + 1
          local ind = indicators[r.indicator_id]
          names[#names + 1] = ind and ind.name or r.indicator_id
        end
      else later = later + 1 end
    end
    local verdict = checked == 0 and "chưa đến kỳ đánh giá"
                    or (behind == 0 and "đúng tiến độ" or "chậm tiến độ")
    emit { kind = "unit_progress", subject = id, subject_kind = "unit", year = year, value = verdict,
           inputs = { months = period }, values = { checked = checked, on_track = on, behind = behind, later = later },
           steps = { ("%d tháng: %d chỉ tiêu đánh giá, %d đúng tiến độ, %d chậm%s → %s"):format(period, checked, on,
                     behind, #names > 0 and (" (" .. table.concat(names, "; ") .. ")") or "", verdict) } }
    u:add { unit = units[id] and units[id].name or id, checked = checked, on_track = on, behind = behind,
            later = later, behind_list = #names > 0 and table.concat(names, "; ") or nil, verdict = verdict }
  end
  return by_unit
end

function M.step(ctx) M.run(ctx) end

return M
