-- figures.lua — the figures a report prints, checked against their own numbers: shares
-- ("đạt tỷ lệ 48,14%"), lists of parts and their printed total ("3,26% (năm 2022 giảm 1,79%, năm
-- 2023 giảm 1,47%)"), and multi-year targets with their average per year ("bình quân mỗi năm
-- giảm 0,58%", against "hàng năm giảm từ 0,5% trở lên").
--
--   local figures = require "figures"
--   config.figures = { accept = { "round", "truncate" } }
--   step("Kiểm tra số liệu in trong báo cáo", function(ctx) figures.run(ctx) end)
--
-- Reference with examples: docs/figures.md. The percentages of plan/actual pairs are the
-- targets table's (scoring.lua); figures.run lists their mismatches too, so one table holds every
-- printed figure that does not follow from its numbers.
local scoring = require "scoring"
local M = {}

-- A share the report printed: part / whole × 100 (disbursed of allocated, online of all files).
define_table { name = "shares",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "part", "number" },                       -- tử số: the part (đã giải ngân, hồ sơ trực tuyến)
    { "whole", "number" },                      -- mẫu số: the whole (đã phân bổ, tổng số hồ sơ)
    { "measure", "text" },                      -- what part and whole count (tỷ đồng, hồ sơ)
    { "printed", "text" },                      -- the % as printed: "48,14", "46,4%"
    { "target_pct", "number" },                 -- a share the plan asks for, if any
    { "source", "text" },
  },
  key = { "unit_id", "year", "id" } }

-- A list of parts and the total the report printed for them. kind "sum": the parts must add up
-- to the total exactly (at the figures' own decimals); kind "of_which" ("trong đó"): the parts
-- are some of the total and must not add up to more.
define_table { name = "part_lists",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "list_id", "text", required = true },
    { "item", "text", required = true },        -- "total" for the printed total, else the part's id
    { "name", "text" },
    { "kind", "text" },                         -- on the total's row: "sum" (default) or "of_which"
    { "value", "number", required = true },
    { "source", "text" },
  },
  key = { "unit_id", "year", "list_id", "item" } }

-- A target over several years: the change from one year's value to another's, averaged per year,
-- against a per-year target. Either from_value and to_value, or the whole change in `change`.
define_table { name = "multi_year_targets",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "direction", "text" },                    -- "reduce" (default: from − to) or "increase" (to − from)
    { "from_year", "integer", required = true },
    { "from_value", "number" },
    { "to_year", "integer", required = true },
    { "to_value", "number" },
    { "change", "number" },                     -- the whole change, when the endpoints are not printed
    { "per_year_plan", "number" },              -- the target per year ("từ 0,5% trở lên")
    { "printed_average", "text" },              -- the average per year as printed: "0,58"
    { "measure", "text" },                      -- "điểm %"
    { "source", "text" },
  },
  key = { "unit_id", "id" } }

local vi = scoring.vi

-- The words that mark the printed total's row in a part list, as offices write them.
M.TOTAL_WORDS = { total = true, ["Tổng"] = true, ["tổng"] = true, ["TỔNG"] = true, ["Tổng cộng"] = true,
                  ["tổng cộng"] = true, ["Tổng số"] = true, ["tổng số"] = true, ["Cộng"] = true, ["cộng"] = true }
local MODE_WORDS = { round = "làm tròn", truncate = "cắt bớt chữ số" }

-- The columns of "printed_figures" and "printed_mismatches".
local CHECK_COLUMNS = {
  { key = "unit", title = "Đơn vị", type = "text" },
  { key = "figure", title = "Số liệu", type = "text" },
  { key = "numbers", title = "Số liệu gốc", type = "text" },
  { key = "computed", title = "Tính được", type = "text" },
  { key = "printed", title = "In trong báo cáo", type = "text" },
  { key = "verdict", title = "Kết quả", type = "text" },
  { key = "source", title = "Nguồn", type = "text" },
}

local function place(table_name, row)
  local ok, p = pcall(db.place, table_name, row)
  if ok and p then return p end
  return row._src and (row._src .. ":" .. tostring(row._line)) or table_name
end

-- x as an integer number of 10^-k, with k the decimals the figure was written with (at most 6).
local function decimals_of(x)
  for k = 0, 6 do
    local y = x * 10 ^ k
    if math.abs(y - math.floor(y + 0.5)) <= 1e-9 * math.max(1, math.abs(y)) then return k end
  end
  return 6
end

local function units_at(x, k) return math.floor(x * 10 ^ k + 0.5) end

---------------------------------------------------------------------------------------------------
-- The checks, one figure at a time
---------------------------------------------------------------------------------------------------

-- A part list: { total = row, parts = { rows } }. Returns { agrees, sum, total, kind, text }.
function M.check_parts(total, parts)
  local kind = (total.kind == nil or total.kind == "") and "sum" or total.kind
  if kind ~= "sum" and kind ~= "of_which" then
    error(("%s: part_lists.kind = \"%s\": write sum or of_which"):format(place("part_lists", total), kind), 0)
  end
  local k = decimals_of(total.value)
  for _, p in ipairs(parts) do k = math.max(k, decimals_of(p.value)) end
  local sum_units, names = 0, {}
  for _, p in ipairs(parts) do
    sum_units = sum_units + units_at(p.value, k)
    names[#names + 1] = vi(p.value)
  end
  local total_units = units_at(total.value, k)
  local sum = sum_units / 10 ^ k
  local r = { kind = kind, sum = sum, total = total.value }
  if kind == "sum" then
    r.agrees = sum_units == total_units
    r.text = ("%s = %s; tổng in trong báo cáo %s: %s"):format(table.concat(names, " + "), vi(sum),
      vi(total.value), r.agrees and "khớp" or "KHÔNG khớp")
  else
    r.agrees = sum_units <= total_units
    r.text = ("Trong đó %s = %s, trên tổng %s: %s"):format(table.concat(names, " + "), vi(sum),
      vi(total.value), r.agrees and "không vượt tổng" or "VƯỢT tổng")
  end
  return r
end

-- A multi-year target row. Returns { change, years, average, met, check, text, steps }.
function M.multi_year(row, accept)
  local years = row.to_year - row.from_year
  if years <= 0 then
    error(("%s: to_year %d is not after from_year %d"):format(place("multi_year_targets", row),
      row.to_year, row.from_year), 0)
  end
  local direction = row.direction or "reduce"
  local r = { years = years, steps = {} }
  local function say(fmt, ...) r.steps[#r.steps + 1] = fmt:format(...) end
  local measure = row.measure and (" " .. row.measure) or ""
  if row.from_value and row.to_value then
    local k = math.max(decimals_of(row.from_value), decimals_of(row.to_value))
    local d = (direction == "increase") and (units_at(row.to_value, k) - units_at(row.from_value, k))
              or (units_at(row.from_value, k) - units_at(row.to_value, k))
    r.change = d / 10 ^ k
    say("Năm %d: %s; năm %d: %s → %s %s%s sau %d năm", row.from_year, vi(row.from_value), row.to_year,
        vi(row.to_value), direction == "increase" and "tăng" or "giảm", vi(r.change), measure, years)
    if row.change and units_at(row.change, k) ~= d then
      say("Lưu ý: mức thay đổi ghi trong số liệu (%s) khác mức tính từ hai đầu kỳ (%s)", vi(row.change), vi(r.change))
      r.change_mismatch = true
    end
  elseif row.change then
    r.change = row.change
    say("Cả giai đoạn %d–%d %s %s%s (%d năm)", row.from_year + 1, row.to_year,
        direction == "increase" and "tăng" or "giảm", vi(row.change), measure, years)
  else
    error(("%s: a multi-year target needs from_value and to_value, or change"):format(
      place("multi_year_targets", row)), 0)
  end
  r.average = r.change / years
  say("Bình quân mỗi năm = %s / %d = %s%s", vi(r.change), years, vi(scoring.round(r.average, 4)), measure)
  if row.printed_average and row.printed_average ~= "" then
    -- the average as a percentage of 1: change / years, checked at the printed decimals
    r.check = scoring.check_printed(r.change, years * 100, row.printed_average, accept)
    if r.check.agrees then
      r.check.text = ("Bình quân in trong báo cáo %s khớp (%s đến %d chữ số thập phân)")
        :format(row.printed_average, MODE_WORDS[r.check.how], r.check.decimals)
    elseif r.check.rounded then
      r.check.text = ("Bình quân in trong báo cáo %s KHÔNG khớp: tính được %s (làm tròn %s, cắt bớt %s)")
        :format(row.printed_average, vi(scoring.round(r.average, 4)), vi(r.check.rounded, r.check.decimals),
                vi(r.check.truncated, r.check.decimals))
    end
    say("%s", r.check.text)
  end
  if row.per_year_plan then
    r.met = r.average >= row.per_year_plan - 1e-12
    say("Chỉ tiêu mỗi năm %s từ %s%s trở lên: %s", direction == "increase" and "tăng" or "giảm",
        vi(row.per_year_plan), measure, r.met and "ĐẠT" or "KHÔNG ĐẠT")
  end
  return r
end

---------------------------------------------------------------------------------------------------
-- The step
---------------------------------------------------------------------------------------------------

-- Checks every share, part list and multi-year target of ctx.year (multi-year targets: those
-- ending in ctx.year), and the printed % of every targets row; emits each check; builds the
-- tables "printed_figures" (every figure checked), "share_targets" and "multi_year_targets" (when
-- there are any) and
-- "printed_mismatches" (what does not follow from its numbers, the list a reviewer reads first).
function M.run(ctx)
  local cfg = (ctx.config and ctx.config.figures) or {}
  local scoring_cfg = (ctx.config and ctx.config.scoring) or {}
  local accept = cfg.accept or (scoring_cfg.printed_check and scoring_cfg.printed_check.accept)
  local year = ctx.year
  local unit_name = {}
  for u in db.rows("units") do unit_name[u.id] = u.name end

  local all = report.table {
    id = cfg.table_id or "printed_figures",
    title = cfg.table_title or ("Kiểm tra số liệu in trong báo cáo năm " .. year),
    group = "Kiểm tra số liệu",
    columns = CHECK_COLUMNS,
    notes = cfg.notes,
  }
  local mismatches = {}
  local function add(row, bad)
    all:add(row)
    if bad then mismatches[#mismatches + 1] = row end
  end

  -- Shares
  local share_targets
  for s in db.rows("shares", { year = year }, { "unit_id", "_line" }) do
    local subject = s.unit_id .. ":" .. s.id
    local inputs = { part = s.part, whole = s.whole, printed = s.printed }
    if s.part == nil or s.whole == nil or s.whole == 0 then
      add({ unit = unit_name[s.unit_id], figure = s.name, printed = s.printed,
            verdict = "không kiểm tra được (thiếu tử số hoặc mẫu số)", source = s.source }, false)
    else
      local pct = scoring.percent(s.part, s.whole, 2)
      local steps = { ("Tỷ lệ = %s / %s = %s%%"):format(vi(s.part), vi(s.whole), vi(pct)) }
      local check
      if s.printed and s.printed ~= "" then
        check = scoring.check_printed(s.part, s.whole, s.printed, accept)
        steps[#steps + 1] = check.text
        emit { kind = "printed_check", subject = subject, subject_kind = "share", year = year,
               value = check.agrees and "khớp" or "lệch", inputs = inputs,
               values = { pct = pct, rounded = check.rounded, truncated = check.truncated, how = check.how },
               steps = steps }
        if not check.agrees then
          emit { kind = "flag", subject = subject, subject_kind = "share", year = year,
                 value = "printed_pct_mismatch", inputs = inputs, steps = { check.text } }
        end
      end
      if s.target_pct then
        local met = pct >= s.target_pct - 1e-12
        local verdict = met and (pct > s.target_pct + 1e-12 and "vượt chỉ tiêu" or "đạt chỉ tiêu") or "chưa đạt"
        steps[#steps + 1] = ("Chỉ tiêu %s%%: %s%% → %s"):format(vi(s.target_pct), vi(pct), verdict)
        emit { kind = "share_target", subject = subject, subject_kind = "share", year = year,
               value = verdict, inputs = { pct = pct, target_pct = s.target_pct }, steps = steps }
        if not share_targets then
          share_targets = report.table {
            id = "share_targets", title = "Tỷ lệ so với chỉ tiêu năm " .. year, group = "Chỉ tiêu kế hoạch",
            columns = {
              { key = "unit", title = "Đơn vị", type = "text" },
              { key = "figure", title = "Chỉ tiêu", type = "text" },
              { key = "part", title = "Số đạt", type = "number" },
              { key = "whole", title = "Tổng số", type = "number" },
              { key = "pct", title = "Tỷ lệ", type = "percent", decimals = 2 },
              { key = "target", title = "Chỉ tiêu giao", type = "percent" },
              { key = "verdict", title = "Đánh giá", type = "text" },
            } }
        end
        share_targets:add { unit = unit_name[s.unit_id], figure = s.name, part = s.part, whole = s.whole,
                            pct = pct, target = s.target_pct, verdict = verdict }
      end
      emit { kind = "share", subject = subject, subject_kind = "share", year = year, value = pct,
             inputs = inputs, steps = steps }
      local verdict = check and (check.agrees and ("khớp (" .. MODE_WORDS[check.how] .. ")")
                                 or ("LỆCH: tính được " .. vi(check.rounded, check.decimals) .. "%")) or "—"
      add({ unit = unit_name[s.unit_id], figure = s.name,
            numbers = ("%s / %s%s"):format(vi(s.part), vi(s.whole), s.measure and (" " .. s.measure) or ""),
            computed = vi(pct) .. "%", printed = s.printed and (s.printed:gsub("%s*%%?$", "") .. "%"),
            verdict = verdict, source = s.source }, check and not check.agrees)
    end
  end

  -- Part lists: a total row and its parts, in file order
  local lists, order = {}, {}
  for p in db.rows("part_lists", { year = year }, { "unit_id", "_line" }) do
    local key = p.unit_id .. "\0" .. p.list_id
    local l = lists[key]
    if not l then l = { unit_id = p.unit_id, list_id = p.list_id, parts = {} }; lists[key] = l; order[#order + 1] = key end
    if M.TOTAL_WORDS[p.item] then l.total = p else l.parts[#l.parts + 1] = p end
  end
  for _, key in ipairs(order) do
    local l = lists[key]
    if not l.total then
      error(("%s: part list %s has no total row (item \"Tổng\" or \"total\")"):format(place("part_lists", l.parts[1]), l.list_id), 0)
    end
    if #l.parts == 0 then
      error(("%s: part list %s has a total and no parts"):format(place("part_lists", l.total), l.list_id), 0)
    end
    local r = M.check_parts(l.total, l.parts)
    local subject = l.unit_id .. ":" .. l.list_id
    local inputs = { total = l.total.value }
    for _, p in ipairs(l.parts) do inputs[p.item] = p.value end
    emit { kind = "parts_check", subject = subject, subject_kind = "part_list", year = year,
           value = r.agrees and "khớp" or "lệch", inputs = inputs, values = { sum = r.sum, kind = r.kind },
           steps = { r.text } }
    if not r.agrees then
      emit { kind = "flag", subject = subject, subject_kind = "part_list", year = year,
             value = "parts_mismatch", inputs = inputs, steps = { r.text } }
    end
    local nums = {}
    for _, p in ipairs(l.parts) do nums[#nums + 1] = vi(p.value) end
    add({ unit = unit_name[l.unit_id], figure = l.total.name or l.list_id,
          numbers = table.concat(nums, r.kind == "sum" and " + " or "; "),
          computed = (r.kind == "sum" and "tổng " or "trong đó ") .. vi(r.sum),
          printed = vi(l.total.value), verdict = r.agrees and "khớp" or (r.kind == "sum" and "LỆCH: tổng các phần khác tổng in" or "LỆCH: các phần vượt tổng"),
          source = l.total.source }, not r.agrees)
  end

  -- Multi-year targets ending in this year
  local multi
  for m in db.rows("multi_year_targets", { to_year = year }, { "unit_id", "_line" }) do
    if not multi then
      multi = report.table {
        id = "multi_year_targets", title = "Chỉ tiêu nhiều năm đến năm " .. year, group = "Chỉ tiêu kế hoạch",
        columns = {
          { key = "unit", title = "Đơn vị", type = "text" },
          { key = "target", title = "Chỉ tiêu", type = "text" },
          { key = "period", title = "Giai đoạn", type = "text" },
          { key = "from", title = "Đầu kỳ", type = "number" },
          { key = "to", title = "Cuối kỳ", type = "number" },
          { key = "change", title = "Mức thay đổi", type = "number" },
          { key = "average", title = "Bình quân/năm", type = "number", decimals = 2 },
          { key = "printed", title = "Bình quân in", type = "text" },
          { key = "plan", title = "Chỉ tiêu/năm", type = "number" },
          { key = "verdict", title = "Đánh giá", type = "text" },
        } }
    end
    local r = M.multi_year(m, accept)
    local subject = m.unit_id .. ":" .. m.id
    local inputs = { from_year = m.from_year, from_value = m.from_value, to_year = m.to_year, to_value = m.to_value,
                     change = m.change, per_year_plan = m.per_year_plan, printed_average = m.printed_average }
    emit { kind = "average_per_year", subject = subject, subject_kind = "multi_year_target", year = year,
           value = scoring.round(r.average, 4), inputs = inputs, values = { change = r.change, years = r.years },
           steps = r.steps }
    if r.met ~= nil then
      emit { kind = "multi_year_target", subject = subject, subject_kind = "multi_year_target", year = year,
             value = r.met and "đạt" or "không đạt", inputs = inputs,
             values = { average = scoring.round(r.average, 4), per_year_plan = m.per_year_plan }, steps = r.steps }
    end
    if r.check then
      emit { kind = "printed_check", subject = subject, subject_kind = "multi_year_target", year = year,
             value = r.check.agrees and "khớp" or "lệch", inputs = inputs,
             values = { rounded = r.check.rounded, truncated = r.check.truncated, how = r.check.how },
             steps = { r.check.text } }
      if not r.check.agrees then
        emit { kind = "flag", subject = subject, subject_kind = "multi_year_target", year = year,
               value = "printed_average_mismatch", inputs = inputs, steps = { r.check.text } }
      end
    end
    multi:add { unit = unit_name[m.unit_id], target = m.name, period = ("%d–%d"):format(m.from_year, m.to_year),
                from = m.from_value, to = m.to_value, change = r.change, average = r.average,
                printed = m.printed_average, plan = m.per_year_plan,
                verdict = r.met == nil and nil or (r.met and "đạt" or "không đạt") }
    add({ unit = unit_name[m.unit_id], figure = m.name .. " (bình quân/năm)",
          numbers = ("%s / %d năm"):format(vi(r.change), r.years), computed = vi(scoring.round(r.average, 4)),
          printed = m.printed_average,
          verdict = r.check and (r.check.agrees and ("khớp (" .. MODE_WORDS[r.check.how] .. ")")
                                 or ("LỆCH: tính được " .. vi(r.check.rounded, r.check.decimals))) or "—",
          source = m.source }, r.check and not r.check.agrees)
  end

  -- Printed % of the plan/actual pairs (scored and recorded by scoring.run; listed here)
  if cfg.include_targets ~= false then
    local indicators = {}
    for ind in db.rows("indicators") do indicators[ind.id] = ind end
    for row in db.rows("targets", { year = year }, { "unit_id", "_line" }) do
      local printed = row.reported_text
      if printed == nil or printed == "" then printed = row.reported_pct end
      local ind = indicators[row.indicator_id]
      if printed ~= nil and printed ~= "" then
        local a = scoring.attainment(ind and ind.direction, row.plan, row.actual)
        if a.num and a.den and a.den ~= 0 then
          local c = scoring.check_printed(a.num, a.den, printed, accept)
          local ptext = type(printed) == "string" and printed or vi(printed)
          add({ unit = unit_name[row.unit_id], figure = (ind and ind.name or row.indicator_id) .. " (tỷ lệ đạt kế hoạch)",
                numbers = ("%s / %s"):format(vi(a.num), vi(a.den)), computed = vi(scoring.percent(a.num, a.den, 2)) .. "%",
                printed = ptext:gsub("%s*%%?$", "") .. "%",
                verdict = c.agrees and ("khớp (" .. MODE_WORDS[c.how] .. ")") or ("LỆCH: tính được " .. vi(c.rounded, c.decimals) .. "%"),
                source = row.source }, not c.agrees)
        end
      end
    end
  end

  local t = report.table {
    id = "printed_mismatches", title = "Số liệu in trong báo cáo không khớp với số liệu gốc năm " .. year,
    group = "Kiểm tra số liệu",
    columns = CHECK_COLUMNS,
    notes = { #mismatches == 0 and "Mọi số liệu in đều khớp với số liệu gốc."
              or ("%d số liệu in không suy ra được từ số liệu gốc (làm tròn hoặc cắt bớt)."):format(#mismatches) },
  }
  for _, row in ipairs(mismatches) do t:add(row) end
  emit { kind = "printed_mismatches", subject = "report", subject_kind = "report", year = year, value = #mismatches,
         steps = { ("%d số liệu in không khớp"):format(#mismatches) } }
  return mismatches
end

function M.step(ctx) M.run(ctx) end

return M
