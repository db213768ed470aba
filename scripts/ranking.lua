-- ranking.lua — emulation ranking inside each block (xếp hạng thi đua theo khối) and the award
-- proposals that follow from the ranks (Cờ thi đua for the leader, Bằng khen for the next ones).
--
--   local ranking = require "ranking"
--   config.ranking = { ties = "break", keys = { "-total", "-core", "name:vi" }, core_group = "NV",
--                      awards = { ... } }
--   step("Xếp hạng thi đua", ranking.step)
--
-- total = criterion points + bonus − deductions. Totals are never clamped to the sheet's maximum:
-- a unit with an award from above may legitimately pass it (97 + 10 = 107 on a 100-point sheet).
-- Reference with examples: docs/scoring.md.
local order = require "order"
local scoring = require "scoring"   -- also defines criteria, criterion_scores, adjustments
local M = {}

-- Year-end facts about a collective that the ranking and its award conditions read: its
-- collective grade (for "2 consecutive years HTXSNV"), whether the block judged that it exceeded
-- its targets (for the Cờ thi đua), and the block conference's votes (a tie-break key).
define_table { name = "unit_years",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "grade", "text" },                 -- HTXSNV | HTTNV | HTNV | KHTNV
    { "exceeded_targets", "bool" },      -- hoàn thành vượt mức chỉ tiêu
    { "votes", "integer" },              -- số phiếu bầu tại hội nghị khối
    { "source", "text" },
  },
  key = { "unit_id", "year" } }

local vi = scoring.vi

-- Kept to 0,0001 point so that the same points added in another order compare equal.
local function tidy(x) return scoring.round(x, 4) end

---------------------------------------------------------------------------------------------------
-- Reading one unit's sheet
---------------------------------------------------------------------------------------------------

-- The criteria in sheet order and their groups in order of first appearance.
function M.sheet()
  local criteria = db.all("criteria", nil, { "sort", "id" })
  local groups, seen = {}, {}
  for _, c in ipairs(criteria) do
    if not seen[c.group_id] then
      seen[c.group_id] = { id = c.group_id, name = c.group_name or c.group_id, max = 0 }
      groups[#groups + 1] = seen[c.group_id]
    end
    seen[c.group_id].max = seen[c.group_id].max + c.max_points
  end
  return criteria, groups
end

local MISSING = { self = true, zero = true, error = true }

-- Criterion points of one unit: verified points, or (config.ranking.missing_verified) the
-- self-assessed points, 0, or an error when the block has not verified a line.
local function criterion_points(unit, year, criteria, cfg, r)
  local missing = cfg.missing_verified or "error"
  if not MISSING[missing] then
    error(("config.ranking.missing_verified = '%s' is not one of: self, zero, error"):format(tostring(missing)), 0)
  end
  r.content = 0
  for _, c in ipairs(criteria) do
    local s = db.get("criterion_scores", unit.id, year, c.id)
    local pts
    if s and s.verified_points ~= nil then
      pts = s.verified_points
    elseif missing == "self" and s and s.self_points ~= nil then
      pts = s.self_points
      r.flags[#r.flags + 1] = ("%s: chưa có điểm thẩm định, dùng điểm tự chấm %s"):format(c.id, vi(pts))
    elseif missing == "error" then
      error(("đơn vị %s năm %d: chưa có điểm thẩm định tiêu chí %s (config.ranking.missing_verified = \"error\")")
        :format(unit.id, year, c.id), 0)
    else
      pts = 0
      r.flags[#r.flags + 1] = ("%s: không có điểm, tính 0"):format(c.id)
    end
    if pts > c.max_points then
      -- A verified line above its maximum is a mistake on the sheet, not a reason to cut the total.
      r.flags[#r.flags + 1] = ("%s: điểm %s vượt điểm tối đa %s của tiêu chí"):format(c.id, vi(pts), vi(c.max_points))
    end
    local g = "g_" .. c.group_id
    r[g] = tidy((r[g] or 0) + pts)
    r.content = tidy(r.content + pts)
    r.inputs[c.id] = pts
  end
end

-- Bonus and deduction lines. Positive lines are bonus, counted against the ceiling of their
-- cap_group in config.ranking.bonus_caps (a group without a ceiling is not capped); negative
-- lines are deductions and are never capped.
local function adjustment_points(unit, year, cfg, r)
  local caps = cfg.bonus_caps or {}
  local by_group, group_order = {}, {}
  r.deductions = 0
  for a in db.rows("adjustments", { unit_id = unit.id, year = year }, "line") do
    if a.points < 0 then
      r.deductions = tidy(r.deductions - a.points)
      r.steps[#r.steps + 1] = ("Trừ %s điểm: %s"):format(vi(-a.points), a.reason or a.line)
    elseif a.points > 0 then
      local g = a.cap_group or ""
      if not by_group[g] then by_group[g] = 0; group_order[#group_order + 1] = g end
      by_group[g] = tidy(by_group[g] + a.points)
      r.steps[#r.steps + 1] = ("Cộng %s điểm: %s"):format(vi(a.points), a.reason or a.line)
    end
    r.inputs["line " .. a.line] = a.points
  end
  r.bonus = 0
  for _, g in ipairs(group_order) do
    local pts, cap = by_group[g], caps[g]
    if cap and pts > cap then
      r.steps[#r.steps + 1] = ("Điểm thưởng nhóm %s: %s, vượt mức tối đa → tính %s"):format(g, vi(pts), vi(cap))
      pts = cap
    end
    r.bonus = tidy(r.bonus + pts)
  end
end

-- The parts of a total a province may add (config.ranking.total.parts), in words.
local PART_WORDS = { content = "điểm các tiêu chí", bonus = "thưởng", deductions = "trừ",
                     targets = "điểm chỉ tiêu kế hoạch" }
M.PART_WORDS = PART_WORDS

-- config.ranking.total: nil (criteria + bonus − deductions), a table { parts = {...}, cap = N },
-- or a function(row, ctx) returning the total and the step that explains it.
local function total_spec(cfg)
  local t = cfg.total
  if t == nil or type(t) == "function" then return t end
  if type(t) ~= "table" or type(t.parts) ~= "table" or #t.parts == 0 then
    error("config.ranking.total must be { parts = { \"content\", \"bonus\", \"-deductions\", ... }, cap = ... } or a function(row, ctx)", 0)
  end
  local parts = {}
  for i, p in ipairs(t.parts) do
    local sign, field = 1, p
    if p:sub(1, 1) == "-" then sign, field = -1, p:sub(2) elseif p:sub(1, 1) == "+" then field = p:sub(2) end
    parts[i] = { field = field, sign = sign, words = t.words and t.words[field] or PART_WORDS[field] or field }
  end
  return { parts = parts, cap = t.cap, targets = (function()
    for _, p in ipairs(parts) do if p.field == "targets" then return true end end
    return false end)() }
end
M.total_spec = total_spec

-- The total of one row by the province's formula, and the step that shows it.
local function apply_total(spec, r, ctx)
  if type(spec) == "function" then
    local total, text = spec(r, ctx)
    if type(total) ~= "number" then
      error(("config.ranking.total for %s returned %s instead of a number"):format(r.id, tostring(total)), 0)
    end
    return tidy(total), text or ("Tổng điểm = " .. vi(tidy(total)))
  end
  local sum, words = 0, {}
  for i, p in ipairs(spec.parts) do
    local v = r[p.field] or 0
    sum = sum + p.sign * v
    words[#words + 1] = (i == 1 and (p.sign < 0 and "− " or "") or (p.sign < 0 and " − " or " + ")) .. p.words .. " " .. vi(v)
  end
  sum = tidy(sum)
  local text = (table.concat(words):gsub("^đ", "Đ"):gsub("^%l", string.upper)) .. " = " .. vi(sum)
  if spec.cap and sum > spec.cap then
    r.uncapped = sum
    text = text .. (", vượt mức tối đa %s → %s"):format(vi(spec.cap), vi(spec.cap))
    sum = spec.cap
  end
  return sum, text
end

-- Where the total is rounded before ranking (config.ranking.rounding): "published" (the default)
-- ranks by the total as the table prints it (to config.ranking.decimals, default 1), so two
-- totals that print the same are a tie the keys decide, never a difference of 0,0004 nobody can
-- see; "display" ranks by the total kept to 0,0001 and rounds only in the table.
local function rounded_total(cfg, r)
  local mode = cfg.rounding or "published"
  if mode == "display" then return end
  if mode ~= "published" then
    error(("config.ranking.rounding = '%s' is not one of: published, display"):format(tostring(mode)), 0)
  end
  local shown = scoring.round(r.total, cfg.decimals or 1)
  if shown ~= r.total then
    table.insert(r.steps, 2, ("Tổng %s làm tròn như bảng công bố: %s (xếp hạng theo số đã làm tròn)"):format(
      vi(r.total), vi(shown)))
    r.unrounded = r.total
    r.total = shown
  end
end

-- Builds the ranking rows of one block for `year`: id, name, g_<group> per criterion group,
-- content, core, bonus, deductions, total, votes, plus whatever cfg.fields(row, ctx) adds.
-- `shared` (optional, from run) carries what every block of a run reads alike, so a run with many
-- blocks reads it once rather than once per block: shared.units[block_id] (the block's units in
-- id order) and shared.targets[year] (scoring.unit_totals of that year).
function M.block_rows(ctx, block_id, cfg, shared)
  cfg = cfg or {}
  local criteria, groups = M.sheet()
  local rows, unscored = {}, {}
  local tspec = total_spec(cfg)
  local target_points
  if tspec and tspec.targets then
    if shared then
      shared.targets = shared.targets or {}
      target_points = shared.targets[ctx.year] or scoring.unit_totals(ctx)
      shared.targets[ctx.year] = target_points
    else
      target_points = scoring.unit_totals(ctx)
    end
  end
  local units
  if shared and shared.units then
    units = shared.units[block_id] or {}
  else
    units = db.all("units", { block_id = block_id }, "id")
  end
  for _, unit in ipairs(units) do
    -- A unit with no sheet at all for the year (a new unit, or a year not yet scored) is left
    -- out of the ranking and named, rather than ranked last on zero points.
    if db.count("criterion_scores", { unit_id = unit.id, year = ctx.year }) == 0 then
      unscored[#unscored + 1] = unit
      goto next_unit
    end
    local r = { id = unit.id, name = unit.name, block_id = block_id, steps = {}, flags = {}, inputs = {} }
    criterion_points(unit, ctx.year, criteria, cfg, r)
    adjustment_points(unit, ctx.year, cfg, r)
    for _, g in ipairs(groups) do r["g_" .. g.id] = r["g_" .. g.id] or 0 end
    if cfg.core_group then r.core = r["g_" .. cfg.core_group] end
    local uy = db.get("unit_years", unit.id, ctx.year)
    r.votes = uy and uy.votes
    if target_points then
      local tp = target_points[unit.id]
      r.targets = tp and tp.total or 0
      if not tp then r.flags[#r.flags + 1] = ("Không có điểm chỉ tiêu kế hoạch năm %d: tính 0"):format(ctx.year) end
    end
    if tspec then
      if cfg.fields then cfg.fields(r, ctx) end   -- fields the formula may add up
      local text
      r.total, text = apply_total(tspec, r, ctx)
      table.insert(r.steps, 1, text)
    else
      r.total = tidy(r.content + r.bonus - r.deductions)
      table.insert(r.steps, 1, ("Điểm các tiêu chí %s + thưởng %s − trừ %s = %s"):format(vi(r.content),
        vi(r.bonus), vi(r.deductions), vi(r.total)))
    end
    rounded_total(cfg, r)
    if cfg.max_total and r.total > cfg.max_total then
      r.steps[#r.steps + 1] = ("Tổng %s vượt thang điểm %s: giữ nguyên, không cắt điểm"):format(vi(r.total),
        vi(cfg.max_total))
    end
    if cfg.fields and not tspec then cfg.fields(r, ctx) end
    rows[#rows + 1] = r
    ::next_unit::
  end
  return rows, groups, unscored
end

---------------------------------------------------------------------------------------------------
-- Ranks
---------------------------------------------------------------------------------------------------

local KEY_WORDS = { total = "tổng điểm", core = "điểm nhóm nhiệm vụ trọng tâm", votes = "số phiếu bầu",
                    name = "tên đơn vị (thứ tự chữ cái)", id = "mã đơn vị", bonus = "điểm thưởng",
                    deductions = "điểm trừ", content = "điểm các tiêu chí" }

local function key_words(field, groups)
  if KEY_WORDS[field] then return KEY_WORDS[field] end
  local gid = field:match("^g_(.+)$")
  for _, g in ipairs(groups or {}) do if g.id == gid then return "điểm nhóm " .. g.name end end
  return field
end

local function shown(v) return type(v) == "number" and vi(v) or tostring(v) end

-- Ranks rows in place and returns them in rank order. opts:
--   ties = "break" (default): order by `keys` in turn; rank = place; rows equal on every key share a rank
--   ties = "share": rank by total only, equal totals share a rank ("đồng hạng", 1, 2, 2, 4);
--                   `keys` then only order the rows for display
--   keys (default { "-total", "-core", "name:vi", "id" }): order.by keys over the row fields
-- Each row gets rank, and tie_note when it has the same total as a neighbour.
function M.rank(rows, opts)
  opts = opts or {}
  local ties = opts.ties or "break"
  if ties ~= "break" and ties ~= "share" then
    error(("config.ranking.ties = '%s' is not one of: break, share"):format(tostring(ties)), 0)
  end
  local keys = opts.keys or { "-total", "-core", "name:vi", "id" }
  if keys[1] ~= "-total" then
    error("config.ranking.keys must start with \"-total\": the ranking is by total points", 0)
  end
  local ks = order.keys(keys)
  local sorted = {}
  for i, r in ipairs(rows) do sorted[i] = r end
  table.sort(sorted, order.less(ks))
  for i, r in ipairs(sorted) do
    local prev = sorted[i - 1]
    if not prev then
      r.rank = 1
    elseif ties == "share" then
      r.rank = (prev.total == r.total) and prev.rank or i
    else
      local c = order.compare(ks, prev, r)
      r.rank = (c == 0) and prev.rank or i
    end
  end
  -- Say why tied totals came out in this order, for the reader of the table.
  for i, r in ipairs(sorted) do
    local prev, nxt = sorted[i - 1], sorted[i + 1]
    local notes = {}
    if prev and prev.total == r.total then
      if prev.rank == r.rank then
        notes[#notes + 1] = ("Đồng hạng %d với %s (%s điểm)"):format(r.rank, prev.name or prev.id, vi(r.total))
      else
        local _, ki = order.compare(ks, prev, r)
        local f = ks[ki].field
        notes[#notes + 1] = ("Bằng %s điểm với %s; xếp sau do %s (%s so với %s)"):format(vi(r.total),
          prev.name or prev.id, key_words(f, opts.groups), shown(r[f]), shown(prev[f]))
      end
    end
    if nxt and nxt.total == r.total then
      if nxt.rank == r.rank then
        notes[#notes + 1] = ("Đồng hạng %d với %s (%s điểm)"):format(r.rank, nxt.name or nxt.id, vi(r.total))
      else
        local _, ki = order.compare(ks, r, nxt)
        local f = ks[ki].field
        notes[#notes + 1] = ("Bằng %s điểm với %s; xếp trên do %s (%s so với %s)"):format(vi(r.total),
          nxt.name or nxt.id, key_words(f, opts.groups), shown(r[f]), shown(nxt[f]))
      end
    end
    r.tie_note = (#notes > 0) and table.concat(notes, "; ") or nil
  end
  return sorted
end

---------------------------------------------------------------------------------------------------
-- Award proposals by rank
---------------------------------------------------------------------------------------------------
-- awards = list, in order of precedence, of
--   { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh",
--     from_rank = 1, places = 1,        -- the ranks it is meant for: from_rank .. from_rank+places-1
--     fill = false,                     -- true: a place a candidate fails goes to the next rank down
--     max_rank = nil,                   -- with fill: look no lower than this rank
--     condition = function(row, ctx, award) return ok, reason end }
-- A unit gets at most one award of the list (one achievement, one award), the first it earns.
-- Returns the decisions { row, award, proposed (true/false/nil = needs a decision), reason }
-- in the order made, and sets row.award / row.award_title on the proposed rows.

local function check(award, row, ctx, block)
  if not award.condition then return true, "không có điều kiện thêm" end
  local ok, reason = award.condition(row, ctx, award, block)
  return ok and true or false, reason or (ok and "đủ điều kiện" or "không đủ điều kiện")
end

function M.propose(ranked, awards, ctx)
  local decisions = {}
  local taken = {}
  for _, award in ipairs(awards or {}) do
    local from = award.from_rank or 1
    local places = award.places or 1
    local last = award.fill and (award.max_rank or math.huge) or (from + places - 1)
    -- ranks = { 2, 3 }: every unit whose rank number is 2 or 3, however many share them
    local by_number
    if award.ranks then
      by_number = {}
      for _, k in ipairs(award.ranks) do by_number[k] = true end
      from, last, places = math.huge, 0, math.huge
      for _, k in ipairs(award.ranks) do from = math.min(from, k); last = math.max(last, k) end
    end
    local title = award.title or award.id
    -- Candidates in rank order, grouped by rank, so that units sharing a rank are judged together.
    local groups, by_rank = {}, {}
    for _, r in ipairs(ranked) do
      if r.rank >= from and r.rank <= last and not taken[r] and (not by_number or by_number[r.rank]) then
        if not by_rank[r.rank] then by_rank[r.rank] = {}; groups[#groups + 1] = by_rank[r.rank] end
        local g = by_rank[r.rank]
        g[#g + 1] = r
      end
    end
    local given = 0
    for _, g in ipairs(groups) do
      if given >= places then break end
      local ok_rows = {}
      for _, r in ipairs(g) do
        local ok, reason = check(award, r, ctx, ranked)
        if ok then
          ok_rows[#ok_rows + 1] = { r, reason }
        else
          decisions[#decisions + 1] = { row = r, award = award, proposed = false,
            reason = ("Hạng %d: không đề nghị %s vì %s"):format(r.rank, title, reason) }
        end
      end
      if given + #ok_rows <= places then
        for _, x in ipairs(ok_rows) do
          local r = x[1]
          given = given + 1
          taken[r] = true
          r.award, r.award_title = award.id, title
          local why = ("Hạng %d"):format(r.rank)
          if not by_number and r.rank > from + places - 1 then why = why .. " (lấy bổ sung từ hạng dưới)" end
          decisions[#decisions + 1] = { row = r, award = award, proposed = true,
            reason = ("%s: đề nghị %s; %s"):format(why, title, x[2]) }
        end
      else
        -- Units sharing a rank compete for fewer places than they are: the rank cannot decide.
        for _, x in ipairs(ok_rows) do
          decisions[#decisions + 1] = { row = x[1], award = award, proposed = nil,
            reason = ("Hạng %d: %d đơn vị đồng hạng đủ điều kiện %s nhưng chỉ còn %d suất — cần Hội đồng Thi đua - Khen thưởng quyết định")
              :format(x[1].rank, #ok_rows, title, places - given) }
        end
        given = places
      end
    end
  end
  return decisions
end

---------------------------------------------------------------------------------------------------
-- Conditions for award proposals
---------------------------------------------------------------------------------------------------
M.cond = {}

-- The unit exceeded its targets in ctx.year.
--   from = "unit_years" (default): the exceeded_targets column of unit_years (the block's finding)
--   from = "targets": every target row of the unit in the year is at or above 100% of plan and at
--                     least one is above it (computed with scoring.attainment)
function M.cond.exceeded_targets(opts)
  opts = opts or {}
  local from = opts.from or "unit_years"
  return function(row, ctx)
    if from == "unit_years" then
      local uy = db.get("unit_years", row.id, ctx.year)
      if not uy or uy.exceeded_targets == nil then
        return false, ("không có dữ liệu hoàn thành chỉ tiêu năm %d"):format(ctx.year)
      end
      if uy.exceeded_targets then return true, ("hoàn thành vượt mức chỉ tiêu năm %d"):format(ctx.year) end
      return false, ("không hoàn thành vượt mức chỉ tiêu năm %d"):format(ctx.year)
    end
    local n, above, inds = 0, 0, {}
    for ind in db.rows("indicators") do inds[ind.id] = ind end
    for t in db.rows("targets", { unit_id = row.id, year = ctx.year }, "indicator_id") do
      n = n + 1
      local ind = inds[t.indicator_id]
      local a = scoring.attainment(ind and ind.direction, t.plan, t.actual)
      if a.status ~= "ok" then
        return false, ("chỉ tiêu %s năm %d không tính được tỷ lệ đạt"):format(t.indicator_id, ctx.year)
      end
      if a.ratio < 1 - 1e-12 then
        return false, ("chỉ tiêu %s chỉ đạt %s%% kế hoạch"):format(t.indicator_id,
          vi(scoring.percent(a.num, a.den, 2)))
      end
      if a.ratio > 1 + 1e-12 then above = above + 1 end
    end
    if n == 0 then return false, ("không có chỉ tiêu kế hoạch năm %d"):format(ctx.year) end
    if above == 0 then return false, "đạt nhưng không vượt chỉ tiêu nào" end
    return true, ("đạt %d/%d chỉ tiêu, vượt %d"):format(n, n, above)
  end
end

-- The unit held `level` (or one of `levels`) in each of the `years` years up to ctx.year.
-- Reads `table` (default "unit_years") by `id_column` and `level_column`; for the gradings
-- table of grading.lua: { table = "gradings", id_column = "subject_id", level_column = "level",
-- where = { subject_kind = "unit" } }.
function M.cond.consecutive_grade(opts)
  opts = opts or {}
  local years = opts.years or 2
  local levels = opts.levels or { opts.level or "HTXSNV" }
  local tbl = opts.table or "unit_years"
  local id_col, lvl_col = opts.id_column or "unit_id", opts.level_column or "grade"
  local ok_level = {}
  for _, l in ipairs(levels) do ok_level[l] = true end
  local want = table.concat(levels, " hoặc ")
  return function(row, ctx)
    local first = ctx.year - years + 1
    local missing = {}
    for y = first, ctx.year do
      local where = { [id_col] = row.id, year = y }
      for k, v in pairs(opts.where or {}) do where[k] = v end
      local found = db.all(tbl, where)
      local lvl = found[1] and found[1][lvl_col]
      if not ok_level[lvl] then
        missing[#missing + 1] = ("năm %d %s"):format(y, lvl and ("xếp loại " .. lvl) or "không có xếp loại")
      end
    end
    if #missing > 0 then
      return false, ("chưa đủ %d năm liên tục %s (%s)"):format(years, want, table.concat(missing, ", "))
    end
    return true, ("%d năm liên tục %s (%d–%d)"):format(years, want, first, ctx.year)
  end
end

-- Conditions that look at the whole block: a condition is called as condition(row, ctx, award,
-- block), block being the block's rows in rank order (each with id, name, rank, total and the
-- parts of the total).

-- The unit is alone at its rank (no other unit shares it: ties = "share").
function M.cond.alone_at_rank()
  return function(row, ctx, award, block)
    local n = 0
    for _, r in ipairs(block or {}) do if r.rank == row.rank then n = n + 1 end end
    if n > 1 then return false, ("đồng hạng %d với %d đơn vị khác"):format(row.rank, n - 1) end
    return true, ("đứng riêng hạng %d"):format(row.rank)
  end
end

-- Every target of the unit in ctx.year at or above `pct`% of plan (default 100).
function M.cond.all_targets_met(opts)
  opts = opts or {}
  local pct = opts.pct or 100
  return function(row, ctx)
    local n, inds = 0, {}
    for ind in db.rows("indicators") do inds[ind.id] = ind end
    for t in db.rows("targets", { unit_id = row.id, year = ctx.year }, "indicator_id") do
      n = n + 1
      local ind = inds[t.indicator_id]
      local a = scoring.attainment(ind and ind.direction, t.plan, t.actual)
      if a.status ~= "ok" then
        return false, ("chỉ tiêu %s năm %d không tính được tỷ lệ đạt"):format(t.indicator_id, ctx.year)
      end
      if a.ratio < pct / 100 - 1e-12 then
        return false, ("chỉ tiêu %s đạt %s%% kế hoạch (cần %s%%)"):format(t.indicator_id,
          vi(scoring.percent(a.num, a.den, 2)), vi(pct))
      end
    end
    if n == 0 then return false, ("không có chỉ tiêu kế hoạch năm %d"):format(ctx.year) end
    return true, ("cả %d chỉ tiêu đạt từ %s%% kế hoạch"):format(n, vi(pct))
  end
end

-- The unit's total is at least `pct`% (default 80) of the best total in its block.
function M.cond.share_of_best(opts)
  opts = opts or {}
  local pct = opts.pct or 80
  return function(row, ctx, award, block)
    local best
    for _, r in ipairs(block or {}) do if not best or r.total > best then best = r.total end end
    if not best or best <= 0 then return false, "khối không có tổng điểm dương" end
    local need = best * pct / 100
    local share = row.total * 100 / best
    if row.total < need - 1e-9 then
      return false, ("tổng %s điểm là %s%% điểm cao nhất của khối %s (cần từ %s%%)"):format(vi(row.total),
        vi(scoring.round(share, 2)), vi(best), vi(pct))
    end
    return true, ("tổng %s điểm đạt %s%% điểm cao nhất của khối %s"):format(vi(row.total),
      vi(scoring.round(share, 2)), vi(best))
  end
end

-- All conditions must hold; the reasons are joined.
function M.cond.all(list)
  return function(row, ctx, award, block)
    local reasons = {}
    for _, c in ipairs(list) do
      local ok, reason = c(row, ctx, award, block)
      if not ok then return false, reason end
      reasons[#reasons + 1] = reason
    end
    return true, table.concat(reasons, "; ")
  end
end

---------------------------------------------------------------------------------------------------
-- The step: every block
---------------------------------------------------------------------------------------------------

-- config.ranking, with config.ranking.blocks[block_id] laid over it for that block.
local function block_config(cfg, block_id)
  local per = cfg.blocks and cfg.blocks[block_id]
  if not per then return cfg end
  local merged = {}
  for k, v in pairs(cfg) do merged[k] = v end
  for k, v in pairs(per) do merged[k] = v end
  return merged
end

-- Output column keys are lower-case ASCII; rows keep g_<group id> as written in criteria.csv,
-- so tie-break keys read like the data ("-g_NV").
local function group_key(id)
  return "g_" .. tostring(id):lower():gsub("[^a-z0-9_]", "_")
end

local function table_id(block_id)
  local id = tostring(block_id):lower():gsub("[^a-z0-9_]", "_")
  return "ranking_" .. id
end

-- The columns of a ranking table for `cfg`: rank, unit, each criteria group, the year before
-- (with previous_year), the parts of the province's total that are not columns already, bonus,
-- deductions, total, award, note. With `with_block`, the block comes first (the one-table layout).
-- Returns the columns and the extra parts' { field, key }.
local function ranking_columns(cfg, groups, previous, with_block)
  local columns = { { key = "rank", title = "Hạng", type = "integer" },
                    { key = "unit", title = "Đơn vị", type = "text" } }
  if with_block then table.insert(columns, 1, { key = "block", title = "Khối", type = "text" }) end
  for _, g in ipairs(groups) do
    columns[#columns + 1] = { key = group_key(g.id), title = ("%s (%s)"):format(g.name, vi(g.max)),
                              type = "number", decimals = cfg.decimals or 1 }
  end
  if previous then
    columns[#columns + 1] = { key = "previous_rank", title = ("Hạng năm %d"):format(previous - 1), type = "integer" }
    columns[#columns + 1] = { key = "rank_change", title = "Tăng (+) / giảm (−) hạng", type = "text" }
  end
  local tspec, extra = total_spec(cfg), {}
  if type(tspec) == "table" then
    for _, p in ipairs(tspec.parts) do
      if p.field ~= "content" and p.field ~= "bonus" and p.field ~= "deductions" and not p.field:match("^g_") then
        local key = p.field:lower():gsub("[^a-z0-9_]", "_")
        extra[#extra + 1] = { field = p.field, key = key }
        columns[#columns + 1] = { key = key, title = p.words:sub(1, 1):upper() .. p.words:sub(2),
                                  type = "number", decimals = cfg.decimals or 1 }
      end
    end
  end
  for _, c in ipairs {
    { key = "bonus", title = "Điểm thưởng", type = "number", decimals = cfg.decimals or 1 },
    { key = "deductions", title = "Điểm trừ", type = "number", decimals = cfg.decimals or 1 },
    type(tspec) == "table" and tspec.cap and { key = "uncapped", title = "Tổng chưa giới hạn", type = "number",
      decimals = cfg.decimals or 1 } or false,
    { key = "total", title = "Tổng điểm", type = "number", decimals = cfg.decimals or 1 },
    { key = "award", title = "Đề nghị khen thưởng", type = "text" },
    { key = "note", title = "Ghi chú", type = "text" } } do
    if c then columns[#columns + 1] = c end
  end
  return columns, extra
end

-- A ranking table: one block's (block_id given) or every block's (nil: the one-table layout,
-- without a chart, which would have a bar for each of thousands of units).
-- `previous` is the year with previous_year set, else nil. Returns the table and its extra
-- parts' { field, key } (ranking_columns).
local function ranking_table(ctx, cfg, groups, previous, block_id, block_name)
  local columns, extra = ranking_columns(cfg, groups, previous and ctx.year, block_id == nil)
  local t = report.table {
    id = block_id and table_id(block_id) or (cfg.table_id or "ranking"),
    title = block_id and ("Bảng xếp hạng thi đua năm %d — %s"):format(ctx.year, block_name)
            or (cfg.table_title or ("Bảng xếp hạng thi đua năm %d theo khối"):format(ctx.year)),
    group = "Xếp hạng thi đua",
    columns = columns,
    chart = block_id and { label = "unit", value = "total" } or nil,
    notes = cfg.notes,
  }
  return t, extra
end

-- One ranked unit as a row of its ranking table.
local function table_row(r, cfg, groups, extra, previous)
  local row = { rank = r.rank, unit = r.name, bonus = r.bonus, deductions = r.deductions,
                total = r.total, award = r.award_title }
  if previous then
    row.previous_rank = r.previous_rank
    row.rank_change = r.rank_change and (r.rank_change > 0 and ("+" .. r.rank_change)
      or (r.rank_change < 0 and ("−" .. -r.rank_change) or "0")) or "mới"
  end
  for _, g in ipairs(groups) do row[group_key(g.id)] = r["g_" .. g.id] end
  for _, x in ipairs(extra) do row[x.key] = r[x.field] end
  if r.uncapped then row.uncapped = r.uncapped end
  local note = { r.tie_note }
  if r.printed_rank_note then note[#note + 1] = r.printed_rank_note end
  if cfg.max_total and r.total > cfg.max_total then
    note[#note + 1] = ("Vượt thang điểm %s, không cắt điểm"):format(vi(cfg.max_total))
  end
  row.note = (#note > 0) and table.concat(note, "; ") or nil
  return row
end

-- How the ranking tables are laid out (config.ranking.tables): "block", a table per block
-- (ranking_<block>, what a province pastes into its report, one block after another); "one", a
-- single table "ranking" with the block in its first column, for a national run of thousands of
-- blocks that no report lays out one by one (and a run may write at most 1000 tables). Default:
-- a table per block up to config.ranking.max_block_tables blocks (50), one table above that.
local function tables_layout(cfg, nblocks)
  local layout = cfg.tables
  if layout == nil then return nblocks <= (cfg.max_block_tables or 50) and "block" or "one" end
  if layout ~= "block" and layout ~= "one" then
    error(("config.ranking.tables = '%s' is not one of: block, one"):format(tostring(layout)), 0)
  end
  return layout
end

-- Ranks every block that has units in ctx.year, proposes awards, emits every total, rank and
-- decision, and builds the ranking tables (tables_layout) and "ranking_awards".
function M.run(ctx)
  local base = (ctx.config and ctx.config.ranking) or {}
  -- Every block's units in one pass over the units (not one pass per block).
  local blocks, shared = {}, { units = {} }
  for u in db.rows("units", nil, { "block_id", "id" }) do
    if u.block_id and u.block_id ~= "" then
      local list = shared.units[u.block_id]
      if not list then
        list = {}
        shared.units[u.block_id] = list
        blocks[#blocks + 1] = u.block_id
      end
      list[#list + 1] = u
    end
  end
  table.sort(blocks)

  local awards_table = report.table {
    id = "ranking_awards", title = "Đề nghị khen thưởng theo kết quả xếp hạng thi đua năm " .. ctx.year,
    group = "Xếp hạng thi đua",
    columns = {
      { key = "block", title = "Khối", type = "text" },
      { key = "rank", title = "Hạng", type = "integer" },
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "award", title = "Hình thức", type = "text" },
      { key = "decision", title = "Kết quả", type = "text" },
      { key = "reason", title = "Lý do", type = "text" },
    } }

  local layout = tables_layout(base, #blocks)
  -- One table for every block: its columns are the run's config.ranking's, and "the year before"
  -- shows when any block ranks it.
  local one_table, one_extra, any_previous
  if layout == "one" then
    any_previous = base.previous_year and ctx.year or nil
    for _, per in pairs(base.blocks or {}) do
      if per.previous_year then any_previous = ctx.year end
    end
  end
  local result = {}
  for _, block_id in ipairs(blocks) do
    local cfg = block_config(base, block_id)
    local block_name = (cfg.block_names and cfg.block_names[block_id]) or block_id
    local rows, groups, unscored = M.block_rows(ctx, block_id, cfg, shared)
    if #rows == 0 then
      -- A block not scored that year at all (a year before its sheet began, or not yet scored):
      -- said once for the block, not once for each of its units.
      emit { kind = "block_not_scored", subject = block_id, subject_kind = "block", year = ctx.year,
             value = #unscored, steps = { ("Khối %s chưa có bảng điểm năm %d: không xếp hạng"):format(block_name, ctx.year) } }
      goto next_block
    end
    for _, u in ipairs(unscored) do
      emit { kind = "flag", subject = u.id, subject_kind = "unit", year = ctx.year, value = "no_score_sheet",
             steps = { ("Đơn vị %s thuộc khối %s không có bảng điểm năm %d: không xếp hạng"):format(u.name,
               block_name, ctx.year) } }
    end
    local ranked = M.rank(rows, { ties = cfg.ties, keys = cfg.keys, groups = groups })
    local decisions = M.propose(ranked, cfg.awards, ctx)
    local previous = cfg.previous_year and M.previous_ranks(ctx, block_id, cfg, shared) or nil

    for _, r in ipairs(ranked) do
      local values = { content = r.content, bonus = r.bonus, deductions = r.deductions, core = r.core,
                       votes = r.votes, block = block_id, targets = r.targets, uncapped = r.uncapped,
                       unrounded = r.unrounded }
      for _, g in ipairs(groups) do values["g_" .. g.id] = r["g_" .. g.id] end
      local steps = {}
      for _, s in ipairs(r.steps) do steps[#steps + 1] = s end
      for _, f in ipairs(r.flags) do steps[#steps + 1] = "Lưu ý: " .. f end
      emit { kind = "score", subject = r.id, subject_kind = "unit", year = ctx.year, value = r.total,
             inputs = r.inputs, values = values, steps = steps }
      for _, f in ipairs(r.flags) do
        emit { kind = "flag", subject = r.id, subject_kind = "unit", year = ctx.year, value = "score_sheet",
               steps = { f } }
      end
      emit { kind = "rank", subject = r.id, subject_kind = "unit", year = ctx.year, value = r.rank,
             inputs = { total = r.total }, values = values,
             steps = { ("Hạng %d/%d trong khối %s với %s điểm"):format(r.rank, #ranked, block_name, vi(r.total)),
                       r.tie_note } }
      if cfg.printed_rank then M.check_printed_rank(r, ctx, cfg.printed_rank, previous and previous[r.id]) end
      if previous then
        local before = previous[r.id]
        r.previous_rank = before
        r.rank_change = before and (before - r.rank) or nil
        emit { kind = "rank_change", subject = r.id, subject_kind = "unit", year = ctx.year, value = r.rank_change,
               inputs = { rank = r.rank, previous_rank = before }, values = { block = block_id },
               steps = { M.rank_change_text(r.rank, before, ctx.year) } }
      end
    end
    for _, d in ipairs(decisions) do
      emit { kind = d.proposed and "award" or (d.proposed == false and "award_rejected" or "award_undecided"),
             subject = d.row.id, subject_kind = "unit", year = ctx.year, value = d.award.id,
             inputs = { rank = d.row.rank, total = d.row.total }, values = { block = block_id },
             steps = { d.reason } }
      awards_table:add { block = block_name, rank = d.row.rank, unit = d.row.name, award = d.award.title or d.award.id,
                         decision = d.proposed and "Đề nghị" or (d.proposed == false and "Không đề nghị" or "Chờ quyết định"),
                         reason = d.reason }
    end

    if layout == "one" then
      if not one_table then
        one_table, one_extra = ranking_table(ctx, base, groups, any_previous, nil)
      end
      for _, r in ipairs(ranked) do
        local row = table_row(r, cfg, groups, one_extra, previous)
        row.block = block_name
        one_table:add(row)
      end
    else
      local t, extra = ranking_table(ctx, cfg, groups, previous, block_id, block_name)
      for _, r in ipairs(ranked) do t:add(table_row(r, cfg, groups, extra, previous)) end
    end
    result[block_id] = { ranked = ranked, decisions = decisions, unscored = unscored }
    ::next_block::
  end
  return result
end

-- The ranks of a block in the year before ctx.year, by unit id (config.ranking.previous_year):
-- the same sheet, keys and ties, on the previous year's score lines. A unit without a sheet
-- that year has no previous rank.
function M.previous_ranks(ctx, block_id, cfg, shared)
  local before = setmetatable({ year = ctx.year - 1 }, { __index = ctx })
  local rows, groups = M.block_rows(before, block_id, cfg, shared)
  local out = {}
  for _, r in ipairs(M.rank(rows, { ties = cfg.ties, keys = cfg.keys, groups = groups })) do out[r.id] = r.rank end
  return out
end

-- The rank a report printed for a unit (config.ranking.printed_rank = { indicator = ID }: the
-- `actual` of the unit's targets row of that indicator, in the year and, with previous_year, the
-- year before) against the rank computed. Emits printed_rank_check (khớp / lệch) and a flag
-- printed_rank_mismatch; sets r.printed_rank_note for the table's note column.
function M.check_printed_rank(r, ctx, spec, previous_rank)
  local notes = {}
  for _, y in ipairs { ctx.year, ctx.year - 1 } do
    local computed = (y == ctx.year) and r.rank or previous_rank
    local row = db.get("targets", r.id, y, spec.indicator)
    if row and row.actual and computed then
      local ok = row.actual == computed
      local text = ("Hạng năm %d in trong báo cáo: %s; tính được: %d — %s"):format(y, vi(row.actual), computed,
        ok and "khớp" or "LỆCH")
      emit { kind = "printed_rank_check", subject = r.id, subject_kind = "unit", year = ctx.year,
             value = ok and "khớp" or "lệch", inputs = { printed = row.actual, rank_year = y },
             values = { computed = computed }, steps = { text } }
      if not ok then
        emit { kind = "flag", subject = r.id, subject_kind = "unit", year = ctx.year, value = "printed_rank_mismatch",
               inputs = { printed = row.actual, rank_year = y }, values = { computed = computed }, steps = { text } }
      end
      notes[#notes + 1] = ("hạng %d in trong báo cáo: %s (%s)"):format(y, vi(row.actual), ok and "khớp" or "lệch")
    end
  end
  if #notes > 0 then
    local s = table.concat(notes, "; ")
    r.printed_rank_note = s:sub(1, 1):upper() .. s:sub(2)
  end
end

-- "Hạng 2 (năm 2019 hạng 5): tăng 3 bậc".
function M.rank_change_text(rank, before, year)
  if not before then return ("Hạng %d; năm %d chưa xếp hạng"):format(rank, year - 1) end
  local d = before - rank
  return ("Hạng %d (năm %d hạng %d): %s"):format(rank, year - 1, before,
    d > 0 and ("tăng " .. d .. " bậc") or (d < 0 and ("giảm " .. -d .. " bậc") or "giữ nguyên"))
end

-- The ranks in the shape awards.lua reads ({ block, rank, unit, exceeded_targets, score }), so a
-- rule set that proposes block awards in awards.lua rather than here can use
--   config.awards.block_ranking = ranking.for_awards
-- Emits nothing: the ranking step records the ranks. Use one of the two proposal paths, not both.
function M.for_awards(ctx)
  local base = (ctx.config and ctx.config.ranking) or {}
  local out = {}
  -- Every block's units in one pass over the units (not one pass per block).
  local blocks, shared = {}, { units = {} }
  for u in db.rows("units", nil, { "block_id", "id" }) do
    if u.block_id and u.block_id ~= "" then
      local list = shared.units[u.block_id]
      if not list then
        list = {}
        shared.units[u.block_id] = list
        blocks[#blocks + 1] = u.block_id
      end
      list[#list + 1] = u
    end
  end
  table.sort(blocks)
  for _, block_id in ipairs(blocks) do
    local cfg = block_config(base, block_id)
    local rows, groups = M.block_rows(ctx, block_id, cfg)
    for _, r in ipairs(M.rank(rows, { ties = cfg.ties, keys = cfg.keys, groups = groups })) do
      local uy = db.get("unit_years", r.id, ctx.year)
      out[#out + 1] = { block = block_id, rank = r.rank, unit = r.id, score = r.total,
                        exceeded_targets = uy and uy.exceeded_targets }
    end
  end
  return out
end

function M.step(ctx) M.run(ctx) end

return M
