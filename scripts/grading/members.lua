-- grading/members.lua — party members, streamed chi bộ by chi bộ: each member's level, then the
-- HTXSNV quota of each pool.
local quota = require "quota"
local C = require "grading.common"
local M = C.M
local P = require "grading.pools"
require "grading.member_level"
local LEVELS, RANK, MANUAL = C.LEVELS, C.RANK, C.MANUAL
local EXCLUSION_TEXT = C.EXCLUSION_TEXT
local place, new_counts, sev, breach = C.place, C.new_counts, C.sev, C.breach
local MANUAL_I, EXCLUDED_I, DISCIPLINED_I = C.MANUAL_I, C.EXCLUDED_I, C.DISCIPLINED_I
local key_fields, key_label, pool_key = P.key_fields, P.key_label, P.pool_key
local exclusion = M.exclusion

-- Pools in the order of their first member by chi bộ, then member id (Vietnamese order): the
-- order the quota table lists them in whatever the order of the file.
local function pool_sequence(pools)
  local list, ukey, skey = {}, {}, {}
  for _, pool in pairs(pools) do
    list[#list + 1] = pool
    ukey[pool] = text.sort_key(pool.first_unit)
  end
  table.sort(list, function(a, b)
    local ka, kb = ukey[a], ukey[b]
    if ka ~= kb then return ka < kb end
    skey[a] = skey[a] or text.sort_key(a.first_subject)
    skey[b] = skey[b] or text.sort_key(b.first_subject)
    if skey[a] ~= skey[b] then return skey[a] < skey[b] end
    return a.id < b.id
  end)
  return list
end

-- A waiting candidate's steps as a list (a candidate with one step keeps only its text).
local function steps_of(c)
  local s = c.steps
  if type(s) == "string" then return { s } end
  return s
end

-- The columns a member's grading reads, as db.each gives them; the row is a plain table made
-- here (a copy: the facts stay read-only), which Lua reads without a call per field.
local MEMBER_COLUMNS = { "subject_id", "unit_id", "group_id", "proposed", "score", "task_score", "votes",
  "tasks_exceeded_pct", "tasks_late_pct", "tasks_unfinished_pct", "discipline", "discipline_duty_related",
  "degraded", "sick_leave_months", "excused", "suspended", "admitted", "shortcomings_remedied", "published",
  "_src", "_line" }

-- for row in member_rows(year, tie_fields): the year's members, in the order of the file. Tie-break
-- fields outside MEMBER_COLUMNS (a column a rule file added) are read too.
local function member_rows(year, tie_fields)
  tie_fields = tie_fields or {}
  local cols, known = {}, {}
  for i, c in ipairs(MEMBER_COLUMNS) do cols[i] = c; known[c] = true end
  local extra = {}
  for _, f in ipairs(tie_fields) do
    if not known[f] then known[f] = true; extra[#extra + 1] = f; cols[#cols + 1] = f end
  end
  -- (not a vararg function: Lua copies every argument of a vararg call once more)
  local function row_of(sid, unit, grp, prop, score, task, votes, exc, late, unf, disc, duty, degr, sick,
                        excused, susp, adm, rem, pub, src, line)
    if sid == nil then return nil end
    return { subject_id = sid, unit_id = unit, group_id = grp, proposed = prop, score = score,
      task_score = task, votes = votes, tasks_exceeded_pct = exc, tasks_late_pct = late,
      tasks_unfinished_pct = unf, discipline = disc, discipline_duty_related = duty, degraded = degr,
      sick_leave_months = sick, excused = excused, suspended = susp, admitted = adm,
      shortcomings_remedied = rem, published = pub, _src = src, _line = line }
  end
  local make, base = row_of, #MEMBER_COLUMNS
  if #extra > 0 then
    make = function(...)
      local row = row_of(...)
      if row then for i = 1, #extra do row[extra[i]] = (select(base + i, ...)) end end
      return row
    end
  end
  local iter, _, _, closing = db.each("gradings", cols, { year = year, subject_kind = "person" })
  return function() return make(iter()) end, nil, nil, closing
end

-- The members moved down by the quota, with their names: SQLite picks their rows out of the
-- people in one pass (where = { id = list }), so only theirs reach Lua; a look-up per member would
-- index every person first.
local function add_moved(R, moved_rows)
  if #moved_rows == 0 then return end
  local wanted, ids = {}, {}
  for i, m in ipairs(moved_rows) do wanted[m.subject] = m; ids[i] = m.subject end
  for id, name in db.each("people", { "id", "name" }, { id = ids }) do
    local m = wanted[id]
    m.name = name
  end
  for _, m in ipairs(moved_rows) do R.moved:add(m) end
end

-- Members, read once in the order of the file (no sort, no index: the work per member does not
-- grow with the members already read). Everyone whose level the quota cannot change is emitted
-- at once; HTXSNV candidates wait in their pool, and the pools are closed at the end, so memory
-- holds only the candidates and the counts per chi bộ and pool.
local function grade_members(ctx, st, R, units, counts, outstanding)
  local cfg, validate = st.cfg, st.cfg.mode == "validate"
  local qcfg = cfg.quota
  local fields = key_fields(qcfg.tie_break)
  local pools = {}
  local compare = text.compare
  local by_group = qcfg.pool == "group"

  local moved_rows = {}     -- the table of members moved down, their names added at the end

  local function close(pool)
    local q = M.pool_quota(qcfg, pool, outstanding[pool.id])
    local moved_n = 0
    if validate then
      -- The published levels stay; only the breach is listed.
      if pool.x > q.allowed then
        breach(R, pool.id, "pool", "quota", sev(cfg, "quota"),
          ("Nhóm %s: %d đảng viên HTXSNV đã công bố, vượt chỉ tiêu %d (%s)"):format(pool.id, pool.x, q.allowed, q.text),
          { allowed = q.allowed, proposed = pool.x, base = q.base, reading = q.reading, rounding = q.rounding })
      end
      for _, c in ipairs(pool.cands) do
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTXSNV", steps = steps_of(c) }
      end
    else
      local kept, moved, decided = quota.select(pool.cands, q.allowed, qcfg.tie_break)
      local keep_step = "Trong chỉ tiêu HTXSNV của nhóm " .. pool.id .. ": " .. q.text
      for _, c in ipairs(kept) do
        local s = steps_of(c); s[#s + 1] = keep_step
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTXSNV", steps = s,
               values = { allowed = q.allowed, proposed = pool.x } }
      end
      for i, c in ipairs(moved) do
        moved_n = moved_n + 1
        local by = key_label(decided[c])
        local reason = ("Vượt chỉ tiêu: được %d, đề xuất %d; xếp thứ %d; %s → HTTNV"):format(
          q.allowed, pool.x, q.allowed + i, q.text)
        local s = steps_of(c)
        s[#s + 1] = reason
        s[#s + 1] = "Khóa phân định với người cuối cùng còn giữ HTXSNV: " .. by
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTTNV", steps = s,
               values = { allowed = q.allowed, proposed = pool.x, base = q.base, reading = q.reading,
                          rounding = q.rounding, pct = q.pct, decided_by = decided[c] } }
        local uc = counts[c.unit_id]
        uc[1], uc[2] = uc[1] - 1, uc[2] + 1
        moved_rows[#moved_rows + 1] = { subject = c.subject_id, unit = c.unit_id, pool = pool.id, score = c.score,
                      rank = q.allowed + i, allowed = q.allowed, proposed = pool.x, decided_by = decided[c] or "",
                      reason = reason }
      end
    end
    emit { kind = "quota", subject = pool.id, subject_kind = "pool", value = q.allowed,
           values = { base = q.base, pct = q.pct, reading = q.reading, rounding = q.rounding,
                      proposed = pool.x, moved = moved_n, exception = q.exception },
           steps = { q.text, ("Đề xuất HTXSNV %d, được phép %d, chuyển xuống %d"):format(pool.x, q.allowed, moved_n) } }
    R.quota:add { level = "Đảng viên", pool = pool.id, reading = q.reading, base = q.base, pct = q.pct,
                  rounding = quota.rounding_names[q.rounding] or q.rounding, allowed = q.allowed, proposed = pool.x,
                  moved = moved_n, computation = q.text }
    pools[pool.id] = nil
  end

  for row in member_rows(ctx.year, fields) do
    local unit_id = row.unit_id
    if not unit_id or unit_id == "" then
      error(place("gradings", row) .. ": member " .. row.subject_id .. " has no unit_id (the chi bộ that grades the member)", 0)
    end
    local uc = counts[unit_id]
    if not uc then uc = new_counts(); counts[unit_id] = uc end
    local why = exclusion(row, st)
    if why then
      uc[EXCLUDED_I] = uc[EXCLUDED_I] + 1
      emit { kind = "exclusion", subject = row.subject_id, subject_kind = "person", value = why,
             steps = { EXCLUSION_TEXT[why] } }
    else
      local r, steps, gap = M.assess(row, st)
      if row.discipline and row.discipline ~= "" and row.discipline ~= "none" then
        uc[DISCIPLINED_I] = uc[DISCIPLINED_I] + 1
      end
      if validate then
        local pub = row.published
        local pr = pub and RANK[pub]
        if not pr then
          error(place("gradings", row) .. ": validate mode needs the published level (HTXSNV, HTTNV, HTNV or KHTNV), got '" .. tostring(pub) .. "'", 0)
        end
        if r == MANUAL then
          breach(R, row.subject_id, "person", "gap", sev(cfg, "gap"),
            row.subject_id .. ": đã công bố " .. pub .. "; quy tắc không xếp được (" .. tostring(gap) .. "), cần xem xét")
        elseif pr < r then
          breach(R, row.subject_id, "person", "member_level", sev(cfg, "member_level"),
            row.subject_id .. ": đã công bố " .. pub .. " nhưng quy tắc chỉ cho phép tối đa " .. LEVELS[r] .. " (" .. steps[#steps] .. ")")
        end
        steps[#steps + 1] = "Đã công bố: " .. pub
        r = pr
      elseif r == MANUAL then
        emit { kind = "flag", subject = row.subject_id, subject_kind = "person", value = "manual_review", steps = steps }
      end
      local pid = pool_key(row, st, units)
      local pool = pools[pid]
      if not pool then
        pool = { id = pid, x = 0, g = 0, n = 0, cands = {}, first_unit = unit_id, first_subject = row.subject_id }
        pools[pid] = pool
      elseif unit_id ~= pool.first_unit then
        if compare(unit_id, pool.first_unit) < 0 then pool.first_unit, pool.first_subject = unit_id, row.subject_id end
      elseif by_group and compare(row.subject_id, pool.first_subject) < 0 then
        -- (only group pools can share a first chi bộ)
        pool.first_subject = row.subject_id
      end
      pool.n = pool.n + 1
      if r == 1 then
        pool.x = pool.x + 1
        uc[1] = uc[1] + 1
        -- (most candidates have one step, kept as its text: at national size the candidates are
        -- most of the heap, and a table fewer each is a fifth less of it)
        local c = { subject_id = row.subject_id, unit_id = unit_id, steps = steps[2] and steps or steps[1] }
        for i = 1, #fields do local f = fields[i]; c[f] = row[f] end
        pool.cands[#pool.cands + 1] = c
      else
        if r == MANUAL then
          uc[MANUAL_I] = uc[MANUAL_I] + 1
        else
          uc[r] = uc[r] + 1
          if r == 2 then pool.g = pool.g + 1 end
        end
        emit { kind = "grade", subject = row.subject_id, subject_kind = "person", value = r == MANUAL and MANUAL or LEVELS[r],
               steps = steps }
      end
    end
  end
  for _, pool in ipairs(pool_sequence(pools)) do close(pool) end
  add_moved(R, moved_rows)
end

M.member_rows = member_rows
return grade_members
