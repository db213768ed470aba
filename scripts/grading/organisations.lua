-- grading/organisations.lua — party organisations, deepest first: their own level, the cap their
-- members' or subordinate organisations' grades put on it, then the quota among siblings.
local quota = require "quota"
local C = require "grading.common"
local M = C.M
local P = require "grading.pools"
local LEVELS, RANK, MANUAL = C.LEVELS, C.RANK, C.MANUAL
local vnum, place, round2, new_counts, sev, breach = C.vnum, C.place, C.round2, C.new_counts, C.sev, C.breach
local MANUAL_I, DISCIPLINED_I, ROOT = C.MANUAL_I, C.DISCIPLINED_I, C.ROOT
local key_label = P.key_label

-- Depth of an organisation in the units tree, so organisations are graded deepest first.
local function depth_of(units, id)
  local d, guard = 0, 0
  local u = units[id]
  while u and u.parent and guard < 50 do d = d + 1; u = units[u.parent]; guard = guard + 1 end
  return d
end

-- The cap an organisation's members or subordinate organisations put on it (HD 21 II.B 1.3:
-- HTXSNV needs 100% HTNV or better and at least 80% HTTNV or better). Returns rank and steps.
function M.collective_cap(sub, ccfg, what, of)
  local steps = {}
  if not sub then return 1, { "Không có " .. what .. " được xếp loại" } end
  local n = sub[1] + sub[2] + sub[3] + sub[4] + sub[MANUAL_I]
  if n == 0 then return 1, { "Không có " .. what .. " được xếp loại" } end
  local htnv_up, httnv_up = sub[1] + sub[2] + sub[3], sub[1] + sub[2]
  local r = 1
  local line = ("%s: %d được xếp loại, HTTNV trở lên %d (%s%%), HTNV trở lên %d (%s%%)"):format(
    what, n, httnv_up, vnum(round2(httnv_up * 100 / n)), htnv_up, vnum(round2(htnv_up * 100 / n)))
  steps[1] = line
  if ccfg.khtnv_over_pct and sub[4] * 100 > ccfg.khtnv_over_pct * n then
    r = 4; steps[#steps + 1] = ("Trên %s%% %s KHTNV → KHTNV"):format(vnum(ccfg.khtnv_over_pct), what)
  end
  if r < 2 and ccfg.htxsnv_min_htnv_pct and htnv_up * 100 < ccfg.htxsnv_min_htnv_pct * n then
    r = 2; steps[#steps + 1] = ("Dưới %s%% %s HTNV trở lên → không thể HTXSNV"):format(vnum(ccfg.htxsnv_min_htnv_pct), what)
  end
  if r < 2 and ccfg.htxsnv_min_httnv_pct and httnv_up * 100 < ccfg.htxsnv_min_httnv_pct * n then
    r = 2; steps[#steps + 1] = ("Dưới %s%% %s HTTNV trở lên → không thể HTXSNV"):format(vnum(ccfg.htxsnv_min_httnv_pct), what)
  end
  if r < 2 and ccfg.htxsnv_no_disciplined and sub[DISCIPLINED_I] > 0 then
    r = 2; steps[#steps + 1] = ("Có %d %s bị kỷ luật trong năm → không thể HTXSNV"):format(sub[DISCIPLINED_I], what)
  end
  if r < 2 and ccfg.httnv_min_httnv_pct and httnv_up * 100 < ccfg.httnv_min_httnv_pct * n then
    r = 3; steps[#steps + 1] = ("Dưới %s%% %s HTTNV trở lên → tối đa HTNV"):format(vnum(ccfg.httnv_min_httnv_pct), what)
  end
  -- The province's rules (collective.rules), each guarding its level, best level first:
  -- { level = "HTTNV", members_at_least = "HTNV", pct = 100 } — HTTNV needs 100% HTNV or better.
  local rules = ccfg.rules or {}
  local level = r
  while level < 4 and #rules > 0 do
    local to = level
    for _, rule in ipairs(rules) do
      if RANK[rule.level] == level and rule.members_at_least and (not rule.of or rule.of == of) then
        local k = 0
        for i = 1, RANK[rule.members_at_least] do k = k + sub[i] end
        if k * 100 < rule.pct * n then
          to = RANK[rule.otherwise or LEVELS[level + 1]]
          steps[#steps + 1] = ("%s cần ít nhất %s%% %s %s trở lên, có %d/%d (%s%%) → %s"):format(LEVELS[level],
            vnum(rule.pct), what, rule.members_at_least, k, n, vnum(round2(k * 100 / n)),
            to == 4 and "KHTNV" or ("tối đa " .. LEVELS[to]))
          break
        end
      end
    end
    if to == level then break end
    level = to
  end
  return level, steps
end

-- The cap an organisation's own score puts on it (collective.rules with score_at_least):
-- { level = "HTXSNV", score_at_least = 90 }. Returns rank and steps.
function M.own_score_cap(row, ccfg)
  local steps, r = {}, 1
  local rules = ccfg.rules or {}
  while r < 4 do
    local to = r
    for _, rule in ipairs(rules) do
      if RANK[rule.level] == r and rule.score_at_least then
        local s = row.score
        if s == nil or s < rule.score_at_least then
          to = RANK[rule.otherwise or LEVELS[r + 1]]
          steps[#steps + 1] = ("%s cần điểm của tổ chức từ %s, có %s → %s"):format(LEVELS[r],
            vnum(rule.score_at_least), s and vnum(s) or "không có điểm", to == 4 and "KHTNV" or ("tối đa " .. LEVELS[to]))
          break
        end
      end
    end
    if to == r then break end
    r = to
  end
  return r, steps
end

-- Organisations, deepest level first; the pool is the parent (siblings share a quota).
local function grade_units(ctx, st, R, units, counts, unit_counts, outstanding, levels_out)
  local cfg, validate = st.cfg, st.cfg.mode == "validate"
  local qcfg = cfg.unit_quota
  local rows_by_depth, maxd = {}, 0
  for row in db.rows("gradings", { year = ctx.year, subject_kind = "unit" }, { "unit_id", "subject_id" }) do
    local d = depth_of(units, row.subject_id)
    rows_by_depth[d] = rows_by_depth[d] or {}
    table.insert(rows_by_depth[d], row)
    if d > maxd then maxd = d end
  end
  for d = maxd, 0, -1 do
    local pools, pool_order = {}, {}
    for _, row in ipairs(rows_by_depth[d] or {}) do
      local id = row.subject_id
      local r, steps, gap = M.assess(row, st)
      local computed = (not row.proposed or row.proposed == "") and not row.score
      if computed then steps = { "Không có đề xuất: xếp loại theo kết quả của cấp dưới" }; r = 2 end
      local member_cap, msteps = M.collective_cap(counts[id], cfg.collective, "đảng viên", "members")
      local sub_cap, ssteps = M.collective_cap(unit_counts[id], cfg.collective, "tổ chức trực thuộc", "units")
      if counts[id] then for _, s in ipairs(msteps) do steps[#steps + 1] = s end end
      if unit_counts[id] then for _, s in ipairs(ssteps) do steps[#steps + 1] = s end end
      local cap = math.max(counts[id] and member_cap or 1, unit_counts[id] and sub_cap or 1)
      if cfg.collective.rules then
        local own_cap, osteps = M.own_score_cap(row, cfg.collective)
        for _, s in ipairs(osteps) do steps[#steps + 1] = s end
        if own_cap > cap then cap = own_cap end
      end
      if computed then
        -- The members' grades only ever give necessary conditions, so a computed grade stops at
        -- computed_best (HTTNV unless the rule file says otherwise).
        r = math.max(cap, RANK[cfg.collective.computed_best or "HTTNV"])
      elseif r ~= MANUAL and cap > r then
        steps[#steps + 1] = "Theo kết quả cấp dưới → tối đa " .. LEVELS[cap]
        r = cap
      end
      if validate then
        local pub, pr = row.published, row.published and RANK[row.published]
        if pub and pub ~= "" and not pr then
          error(place("gradings", row) .. ": published level '" .. pub .. "' is not HTXSNV, HTTNV, HTNV or KHTNV", 0)
        end
        if not pr then
          -- Nothing published for this organisation: the rules' own grade stands.
          steps[#steps + 1] = "Chưa có kết quả công bố: theo quy tắc"
          pr = r
        elseif r ~= MANUAL and pr < r then
          breach(R, id, "unit", "collective", sev(cfg, "collective"),
            id .. ": đã công bố " .. pub .. " nhưng quy tắc chỉ cho phép tối đa " .. LEVELS[r] .. " (" .. steps[#steps] .. ")")
        end
        if pub and pub ~= "" then steps[#steps + 1] = "Đã công bố: " .. pub end
        r = pr
      end
      local parent = row.unit_id or (units[id] and units[id].parent) or ROOT
      local pool = pools[parent]
      if not pool then
        pool = { id = parent, x = 0, g = 0, n = 0, items = {} }
        pools[parent] = pool; pool_order[#pool_order + 1] = pool
      end
      pool.n = pool.n + 1
      if r == 1 then pool.x = pool.x + 1 elseif r == 2 then pool.g = pool.g + 1 end
      pool.items[#pool.items + 1] = { subject_id = id, r = r, steps = steps, score = row.score,
        task_score = row.task_score, votes = row.votes, gap = gap }
    end
    for _, pool in ipairs(pool_order) do
      -- The top organisation has no siblings in the data: its quota belongs to the upper level.
      local root = pool.id == ROOT
      local q = root and { allowed = pool.x, text = "" } or M.pool_quota(qcfg, pool, outstanding[pool.id])
      local cands = {}
      for _, it in ipairs(pool.items) do if it.r == 1 then cands[#cands + 1] = it end end
      local moved_n = 0
      if validate then
        if pool.x > q.allowed then
          breach(R, pool.id, "pool", "unit_quota", sev(cfg, "unit_quota"),
            ("Tổ chức trực thuộc %s: %d HTXSNV đã công bố, vượt chỉ tiêu %d (%s)"):format(pool.id, pool.x, q.allowed, q.text),
            { allowed = q.allowed, proposed = pool.x, base = q.base, reading = q.reading, rounding = q.rounding })
        end
      else
        local kept, moved, decided = quota.select(cands, q.allowed, qcfg.tie_break)
        if not root then
          for _, it in ipairs(kept) do it.steps[#it.steps + 1] = "Trong chỉ tiêu HTXSNV: " .. q.text end
        end
        for i, it in ipairs(moved) do
          moved_n = moved_n + 1
          local reason = ("Vượt chỉ tiêu: được %d, đề xuất %d; xếp thứ %d; %s → HTTNV"):format(q.allowed, pool.x, q.allowed + i, q.text)
          it.steps[#it.steps + 1] = reason
          it.steps[#it.steps + 1] = "Khóa phân định: " .. key_label(decided[it])
          it.r = 2
          local u = units[it.subject_id]
          R.moved:add { subject = it.subject_id, name = u and u.name, unit = pool.id, pool = pool.id, score = it.score,
                        rank = q.allowed + i, allowed = q.allowed, proposed = pool.x, decided_by = decided[it] or "", reason = reason }
        end
      end
      if not root then R.quota:add { level = "Tổ chức đảng", pool = pool.id, reading = q.reading, base = q.base, pct = q.pct,
                    rounding = quota.rounding_names[q.rounding] or q.rounding, allowed = q.allowed, proposed = pool.x,
                  moved = moved_n, computation = q.text }
      emit { kind = "quota", subject = pool.id .. "/units", subject_kind = "pool", value = q.allowed,
             values = { base = q.base, pct = q.pct, reading = q.reading, rounding = q.rounding, proposed = pool.x, moved = moved_n },
             steps = { q.text } } end
      local pc = unit_counts[pool.id]
      if not pc then pc = new_counts(); unit_counts[pool.id] = pc end
      for _, it in ipairs(pool.items) do
        local value = it.r == MANUAL and MANUAL or LEVELS[it.r]
        if it.r == MANUAL then pc[MANUAL_I] = pc[MANUAL_I] + 1 else pc[it.r] = pc[it.r] + 1 end
        levels_out[it.subject_id] = value
        emit { kind = "grade", subject = it.subject_id, subject_kind = "unit", value = value, steps = it.steps }
        R.units:add { unit = it.subject_id, name = units[it.subject_id] and units[it.subject_id].name,
                      parent = pool.id, level = value, explanation = table.concat(it.steps, "; ") }
      end
    end
  end
end

return grade_units
