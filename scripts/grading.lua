-- grading.lua — annual quality grading of party members and party organisations
-- (kiểm điểm, đánh giá, xếp loại chất lượng), with the HTXSNV quota.
--
--   local grading = require "grading"
--   step("Xếp loại chất lượng", function(ctx) grading.run(ctx, grading.resolve(ctx.config, ctx.year)) end)
--
-- Order of work (QĐ 366 Art. 12: subordinates before the organisation):
--   1. members, streamed chi bộ by chi bộ: who is not graded, the level from a proposal or a
--      100-point score, the conditions that block or cap a level, then the quota per pool;
--   2. organisations, deepest first (chi bộ, then đảng bộ): their own level, capped by their
--      members' or subordinate organisations' grades, then the quota among siblings;
--   3. the summary tables, the report's printed shares and the targets.
-- In "validate" mode the published levels are kept and every breach of the rules is listed.
-- docs/grading.md documents every function, config field and column.
local quota = require "quota"
local order = require "order"
local M = {}

-- Levels, best first. Ranks are compared as numbers: a cap "at best HTNV" is math.max(r, 3).
M.LEVELS = { "HTXSNV", "HTTNV", "HTNV", "KHTNV" }
local LEVELS = M.LEVELS
local RANK = { HTXSNV = 1, HTTNV = 2, HTNV = 3, KHTNV = 4 }
M.RANK = RANK
-- A member the rules cannot place (a gap in the regulation the rule file leaves to people).
local MANUAL = "XEM_XET"
M.MANUAL = MANUAL

-- Discipline forms, lightest first (Điều lệ Đảng: khiển trách, cảnh cáo, cách chức, khai trừ).
local DISCIPLINE = { khien_trach = 1, canh_cao = 2, cach_chuc = 3, khai_tru = 4 }
M.DISCIPLINE = DISCIPLINE
local DISCIPLINE_NAME = { khien_trach = "khiển trách", canh_cao = "cảnh cáo", cach_chuc = "cách chức",
                          khai_tru = "khai trừ" }

local EXCLUSION_TEXT = {
  excused = "Không xếp loại: được miễn công tác và sinh hoạt đảng",
  suspended = "Không xếp loại: đang bị đình chỉ sinh hoạt đảng",
  recent = "Không xếp loại: vào Đảng chưa đủ 6 tháng tính đến ngày kiểm điểm",
}
local KEY_LABEL = { score = "tổng điểm", task_score = "điểm kết quả nhiệm vụ", votes = "số phiếu",
                    subject_id = "mã" }

define_table { name = "gradings",
  columns = {
    { "subject_id", "text", required = true },     -- people.id or units.id
    { "subject_kind", "text", required = true },   -- person | unit
    { "year", "integer", required = true },
    { "unit_id", "text", ref = "units.id" },       -- who grades it: a member's chi bộ, an organisation's parent
    { "group_id", "text" },                        -- quota group of similar roles (pool = "group")
    { "proposed", "text" },                        -- HTXSNV | HTTNV | HTNV | KHTNV
    { "score", "number" },                         -- 100-point total (QĐ 366)
    { "task_score", "number" },                    -- the 70-point task-results group
    { "votes", "integer" },                        -- tie-break
    { "tasks_exceeded_pct", "number" },
    { "tasks_late_pct", "number" },
    { "tasks_unfinished_pct", "number" },
    { "discipline", "text" },                      -- none | khien_trach | canh_cao | cach_chuc | khai_tru
    { "discipline_duty_related", "bool" },
    { "degraded", "bool" },                        -- concluded political or moral degradation
    { "sick_leave_months", "number" },
    { "excused", "bool" },                         -- miễn công tác và sinh hoạt đảng
    { "suspended", "bool" },                       -- đình chỉ sinh hoạt đảng
    { "admitted", "text" },                        -- YYYY-MM-DD
    { "shortcomings_remedied", "bool" },
    { "published", "text" },                       -- level a report already published
    { "outstanding", "bool" },                     -- organisation: quota exception allowed
    { "note", "text" },
    { "source", "text" },
  },
  key = { "subject_id", "subject_kind", "year" },
  -- grading.run reads members pool by pool: db.rows(gradings, {year, subject_kind}, {unit_id, subject_id})
  indexes = { { "year", "subject_kind", "unit_id", "subject_id" } } }

define_table { name = "published_shares",
  columns = {
    { "subject_id", "text", required = true, ref = "units.id" }, -- the organisation the report covers
    { "subject_kind", "text", required = true },   -- person: its members' grades; unit: its organisations'
    { "year", "integer", required = true },
    { "level", "text", required = true },
    { "count", "integer" },
    { "pct", "number" },                           -- as printed, 17.76 for "17,76%"
    { "source", "text" },
  },
  key = { "subject_id", "subject_kind", "year", "level" } }

-- {{{ small helpers

-- Numbers as an office user writes them: 89,5 and 90.
local function vnum(x)
  if x == nil then return "—" end
  if x == math.floor(x) then return string.format("%d", x) end
  return (string.format("%.2f", x):gsub("0+$", ""):gsub("%.", ","))
end
M.vnum = vnum

local function place(tbl, row)
  if db.place then return db.place(tbl, row) end
  return tostring(row._src or tbl) .. ":" .. tostring(row._line or "?")
end

local function deep_copy(t)
  if type(t) ~= "table" then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = deep_copy(v) end
  return c
end

-- Province settings win over regime defaults; lists (tie_break, outstanding) are replaced whole.
local function merge(into, from)
  for k, v in pairs(from) do
    if type(v) == "table" and type(into[k]) == "table" and #v == 0 and next(v) ~= nil then
      merge(into[k], v)
    else
      into[k] = deep_copy(v)
    end
  end
  return into
end

-- "2023-12-31" minus 6 months = "2023-06-30" (the day clamped to the month's length).
local function months_before(date, months)
  local y, m, d = date:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  assert(y, "review_date must be YYYY-MM-DD, got '" .. tostring(date) .. "'")
  y, m, d = tonumber(y), tonumber(m) - months, tonumber(d)
  while m < 1 do m, y = m + 12, y - 1 end
  local mdays = { 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30,
                  31, 31, 30, 31, 30, 31 }
  if d > mdays[m] then d = mdays[m] end
  return string.format("%04d-%02d-%02d", y, m, d)
end
M.months_before = months_before

local function pct_of(n, d) if d == 0 then return nil end return n * 100 / d end
-- Shares as printed: two decimals, half up.
local function round2(x) return math.floor(x * 100 + 0.5) / 100 end

-- }}}
-- {{{ configuration

-- The settings for a grading year: the regime whose `years` hold the year (config.grading_regimes,
-- set by rules/base/grading_*.lua), then config.grading on top (the province's decisions).
function M.resolve(cfg_root, year)
  cfg_root = cfg_root or config
  local chosen
  for name, r in pairs(cfg_root.grading_regimes or {}) do
    if r.years and year >= r.years[1] and year <= r.years[2] then
      if chosen then
        error(("grading regimes '%s' and '%s' both cover %d"):format(chosen.name, name, year), 2)
      end
      chosen = r
      chosen.name = chosen.name or name
    end
  end
  local cfg = chosen and deep_copy(chosen) or {}
  merge(cfg, cfg_root.grading or {})
  if not chosen and not (cfg_root.grading and cfg_root.grading.quota) then
    error(("no grading regime covers %d (config.grading_regimes)"):format(year), 2)
  end
  return M.check_config(cfg)
end

local GAP_CHOICES = { HTNV = true, KHTNV = true, manual = true }
local POOLS = { chi_bo = true, dang_bo = true, group = true }

-- Fills defaults and stops with a clear message on a setting that cannot work.
function M.check_config(cfg)
  cfg.mode = cfg.mode or "compute"
  assert(cfg.mode == "compute" or cfg.mode == "validate",
    "config.grading.mode must be 'compute' or 'validate', got '" .. tostring(cfg.mode) .. "'")
  cfg.method = cfg.method or "auto"
  assert(cfg.method == "auto" or cfg.method == "score" or cfg.method == "proposal",
    "config.grading.method must be 'auto', 'score' or 'proposal'")
  cfg.thresholds = cfg.thresholds or { htxsnv = 90, httnv = 70, htnv = 50 }
  cfg.conditions = cfg.conditions or {}
  cfg.gap = cfg.gap or "manual"
  assert(GAP_CHOICES[cfg.gap], "config.grading.gap must be 'HTNV', 'KHTNV' or 'manual'")
  cfg.exclusions = cfg.exclusions or { excused = true, suspended = true, admitted_months = 6 }
  for _, q in ipairs { "quota", "unit_quota" } do
    local c = cfg[q] or {}
    cfg[q] = c
    c.pct = c.pct or 20
    c.reading = c.reading or "B1"
    c.rounding = c.rounding or "floor"
    c.pool = c.pool or (q == "quota" and "dang_bo" or "parent")
    c.tie_break = c.tie_break or { "-score", "-task_score", "-votes", "subject_id" }
    assert(quota.READINGS[c.reading], "config.grading." .. q .. ".reading must be B1, B2, B3 or B4")
    if q == "quota" then
      assert(POOLS[c.pool], "config.grading.quota.pool must be 'chi_bo', 'dang_bo' or 'group'")
    end
  end
  cfg.collective = cfg.collective or {}
  cfg.grassroots_kinds = cfg.grassroots_kinds or { "dang_bo", "dang_bo_co_so", "chi_bo_co_so" }
  cfg.validate = cfg.validate or {}
  cfg.validate.severity = cfg.validate.severity or {}
  return cfg
end

-- Everything a member's check needs, worked out once per run so the per-member path is
-- table look-ups and comparisons.
local function prepare(ctx, cfg)
  local st = { cfg = cfg, year = ctx.year, t = cfg.thresholds, c = cfg.conditions }
  local review = cfg.review_date or (ctx.year .. "-12-31")
  st.review_date = review
  if cfg.exclusions.admitted_months then
    st.admitted_cutoff = months_before(review, cfg.exclusions.admitted_months)
  end
  st.proposed_step, st.band_step = {}, {}
  local t = st.t
  local bands = { HTXSNV = " ≥ " .. vnum(t.htxsnv), HTTNV = " từ " .. vnum(t.httnv) .. " đến dưới " .. vnum(t.htxsnv),
                  HTNV = " từ " .. vnum(t.htnv) .. " đến dưới " .. vnum(t.httnv), KHTNV = " dưới " .. vnum(t.htnv) }
  for _, l in ipairs(LEVELS) do
    st.proposed_step[l] = "Đề xuất: " .. l
    st.band_step[l] = " → " .. l .. " (" .. bands[l]:sub(2) .. ")"
  end
  local d = st.c.discipline
  if d then
    st.discipline_min = DISCIPLINE[d.min_form or "khien_trach"]
    assert(st.discipline_min, "config.grading.conditions.discipline.min_form: unknown form '" .. tostring(d.min_form) .. "'")
    st.discipline_level = RANK[d.level or "KHTNV"]
    st.discipline_other = d.otherwise and RANK[d.otherwise]
    st.discipline_duty_only = d.duty_related_only
  end
  st.grassroots = {}
  for _, k in ipairs(cfg.grassroots_kinds) do st.grassroots[k] = true end
  return st
end
M.prepare = prepare

-- }}}
-- {{{ one subject: exclusion, level, conditions

-- Why a member is not graded, or nil. A probationary member is graded like any other.
local function exclusion(row, st)
  local ex = st.cfg.exclusions
  if ex.excused and row.excused then return "excused" end
  if ex.suspended and row.suspended then return "suspended" end
  local a = row.admitted
  if a and st.admitted_cutoff then
    if #a ~= 10 or a:byte(5) ~= 45 or a:byte(8) ~= 45 then
      error(place("gradings", row) .. ": admitted date '" .. a .. "' is not YYYY-MM-DD", 0)
    end
    if a > st.admitted_cutoff and a <= st.review_date then return "recent" end
  end
  return nil
end
M.exclusion = exclusion

-- The level before conditions, from the score (when the method allows) or the proposal.
-- Returns the rank (or nil) and the step that explains it.
local function starting_level(row, st)
  local s = row.score
  if s and st.cfg.method ~= "proposal" then
    local t, l = st.t
    if s >= t.htxsnv then l = "HTXSNV" elseif s >= t.httnv then l = "HTTNV"
    elseif s >= t.htnv then l = "HTNV" else l = "KHTNV" end
    return RANK[l], "Điểm " .. vnum(s) .. st.band_step[l]
  end
  local p = row.proposed
  if p and p ~= "" then
    local r = RANK[p]
    if not r then
      error(place("gradings", row) .. ": proposed level '" .. p .. "' is not HTXSNV, HTTNV, HTNV or KHTNV", 0)
    end
    return r, st.proposed_step[p]
  end
  if st.cfg.method == "score" then return nil, "Không có điểm: cần xem xét" end
  return nil, "Không có đề xuất và không có điểm: cần xem xét"
end

-- Applies the conditions that block or cap a level. Appends a step for each one that bites.
-- Returns the rank, or MANUAL and the reason when the rules leave a gap and the rule file
-- said "manual".
local function apply_conditions(row, r, st, steps)
  local c = st.c
  local d = row.discipline
  if d and d ~= "" and d ~= "none" and st.discipline_min then
    local form = DISCIPLINE[d]
    if not form then
      error(place("gradings", row) .. ": discipline '" .. d .. "' is not none, khien_trach, canh_cao, cach_chuc or khai_tru", 0)
    end
    if form >= st.discipline_min and (not st.discipline_duty_only or row.discipline_duty_related) then
      if r < st.discipline_level then
        r = st.discipline_level
        steps[#steps + 1] = "Bị kỷ luật " .. DISCIPLINE_NAME[d] .. " trong năm → " .. LEVELS[r]
      end
    elseif st.discipline_other and r < st.discipline_other then
      r = st.discipline_other
      steps[#steps + 1] = "Bị kỷ luật " .. DISCIPLINE_NAME[d] .. " (không liên quan công vụ) → tối đa " .. LEVELS[r]
    end
  end
  if c.degraded_khtnv and row.degraded and r < 4 then
    r = 4; steps[#steps + 1] = "Có kết luận suy thoái → KHTNV"
  end
  local unf, late = row.tasks_unfinished_pct, row.tasks_late_pct
  if c.unfinished_khtnv_over and unf and unf > c.unfinished_khtnv_over and r < 4 then
    r = 4; steps[#steps + 1] = "Không hoàn thành " .. vnum(unf) .. "% nhiệm vụ (> " .. vnum(c.unfinished_khtnv_over) .. "%) → KHTNV"
  end
  if r == 1 then
    local ex = row.tasks_exceeded_pct
    if c.htxsnv_min_exceeded_pct and ex and ex < c.htxsnv_min_exceeded_pct then
      r = 2; steps[#steps + 1] = "Chỉ " .. vnum(ex) .. "% nhiệm vụ vượt yêu cầu (cần ≥ " .. vnum(c.htxsnv_min_exceeded_pct) .. "%) → tối đa HTTNV"
    elseif c.htxsnv_needs_remedied and row.shortcomings_remedied == false then
      r = 2; steps[#steps + 1] = "Chưa khắc phục hết hạn chế đã chỉ ra → tối đa HTTNV"
    end
  end
  if r <= 2 and c.httnv_needs_on_time and ((late and late > 0) or (unf and unf > 0)) then
    r = 3; steps[#steps + 1] = "Có nhiệm vụ trễ hạn hoặc chưa xong (HTTNV cần 100% đúng hạn) → tối đa HTNV"
  end
  if r <= 3 and c.htnv_max_late_pct and ((late and late > c.htnv_max_late_pct) or (unf and unf > 0)) then
    -- Neither HTNV (needs all tasks done, at most the late share) nor a KHTNV case.
    local why = (unf and unf > 0) and ("chưa hoàn thành " .. vnum(unf) .. "% nhiệm vụ")
                or (vnum(late) .. "% nhiệm vụ trễ hạn (HTNV cho phép ≤ " .. vnum(c.htnv_max_late_pct) .. "%)")
    local gap = st.cfg.gap
    steps[#steps + 1] = "Khoảng trống quy định: " .. why .. ", không đạt HTNV nhưng không thuộc trường hợp KHTNV; quy tắc chọn: " .. gap
    if gap == "manual" then return MANUAL, why end
    r = RANK[gap]
  end
  local sick = c.sick_leave_months
  if sick and r < 3 and (row.sick_leave_months or 0) >= sick then
    r = 3; steps[#steps + 1] = "Nghỉ ốm " .. vnum(row.sick_leave_months) .. " tháng (≥ " .. vnum(sick) .. ") → tối đa HTNV"
  end
  return r
end
M.apply_conditions = apply_conditions

-- The level a member's own facts allow: rank (or MANUAL), steps, gap reason.
function M.assess(row, st)
  local r, first = starting_level(row, st)
  local steps = { first }
  if not r then return MANUAL, steps, "missing" end
  local r2, gap = apply_conditions(row, r, st, steps)
  return r2, steps, gap
end

-- }}}
-- {{{ pools and the quota

local function new_counts() return { 0, 0, 0, 0, 0, 0, 0 } end  -- x, g, h, k, manual, excluded, disciplined
M.new_counts = new_counts
local MANUAL_I, EXCLUDED_I, DISCIPLINED_I = 5, 6, 7
local ROOT = "(cấp trên)"   -- pool of organisations whose parent is not in the data

-- The grassroots organisation a chi bộ belongs to: the nearest ancestor whose kind is a
-- grassroots kind, or the chi bộ itself when it is a chi bộ cơ sở.
local function grassroots_of(units, st, unit_id)
  local cache = st.grassroots_cache
  local hit = cache[unit_id]
  if hit then return hit end
  local id, found = unit_id, nil
  local guard = 0
  while id and guard < 50 do
    local u = units[id]
    if not u then break end
    if id ~= unit_id and st.grassroots[u.kind or ""] then found = id; break end
    id = u.parent; guard = guard + 1
  end
  found = found or unit_id
  cache[unit_id] = found
  return found
end

local function pool_key(row, st, units)
  local pool = st.cfg.quota.pool
  if pool == "chi_bo" then return row.unit_id end
  if pool == "group" and row.group_id and row.group_id ~= "" then return row.group_id end
  return grassroots_of(units, st, row.unit_id)
end

local function key_fields(tie_break)
  local fields = {}
  for i, k in ipairs(order.keys(tie_break)) do fields[i] = k.field end
  return fields
end

local function key_label(spec)
  if not spec then return "không phân định được (bằng nhau trên mọi khóa)" end
  local f = spec:gsub("^%-", ""):gsub(":vi$", "")
  return (KEY_LABEL[f] or f) .. (spec:sub(1, 1) == "-" and " (cao hơn xếp trước)" or "")
end

-- The quota for one pool: returns a record with everything the explanation needs.
function M.pool_quota(qcfg, counts, outstanding)
  local pct = qcfg.pct
  local exception = outstanding and qcfg.exception_pct
  if exception then pct = exception end
  local allowed, base = quota.allowed_by_reading(qcfg.reading, counts, pct, qcfg.rounding,
                                                 { min_one = qcfg.min_one })
  local q = { pct = pct, reading = qcfg.reading, rounding = qcfg.rounding, base = base,
              allowed = allowed, proposed = counts.x, g = counts.g, n = counts.n,
              exception = exception and true or false }
  q.text = qcfg.reading .. ": " .. quota.describe(base, pct, qcfg.rounding, allowed)
  if qcfg.reading == "B2" then
    q.text = "B2: a ≤ " .. vnum(pct) .. "% × (" .. (counts.x + counts.g) .. " − a) → " .. allowed
  end
  if exception then q.text = q.text .. " (tỷ lệ ngoại lệ cho tổ chức tiêu biểu)" end
  return q
end

-- }}}
-- {{{ the run

local function sev(cfg, what) return cfg.validate.severity[what] or "warning" end

local function breach(R, subject, subject_kind, check, severity, message, values)
  R.breaches:add { subject = subject, subject_kind = subject_kind, check = check, severity = severity,
                   message = message }
  emit { kind = "breach", subject = subject, subject_kind = subject_kind, value = severity,
         values = values, steps = { message } }
  if severity == "error" then R.errors = R.errors + 1 end
end

local function open_tables(cfg, what)
  local R = { errors = 0 }
  R.quota = report.table { id = "grading_quota", title = "Chỉ tiêu HTXSNV theo nhóm (" .. what .. ")",
    group = "Xếp loại chất lượng",
    columns = { { key = "level", title = "Cấp", type = "text" }, { key = "pool", title = "Nhóm", type = "text" },
      { key = "reading", title = "Cách hiểu", type = "text" }, { key = "base", title = "Cơ sở tính", type = "integer" },
      { key = "pct", title = "Tỷ lệ", type = "number", decimals = 0 }, { key = "rounding", title = "Làm tròn", type = "text" },
      { key = "allowed", title = "Được phép", type = "integer" }, { key = "proposed", title = "Đề xuất", type = "integer" },
      { key = "moved", title = "Chuyển xuống", type = "integer" }, { key = "computation", title = "Cách tính", type = "text" } },
    notes = { "B1: cơ sở là số xếp loại HTTNV trước khi chuyển; B2: sau khi chuyển; B3: HTTNV trở lên; B4: tổng số được xếp loại." } }
  R.moved = report.table { id = "grading_moved", title = "Chuyển từ HTXSNV xuống HTTNV do vượt chỉ tiêu",
    group = "Xếp loại chất lượng",
    columns = { { key = "subject", title = "Mã", type = "text" }, { key = "name", title = "Họ tên / tổ chức", type = "text" },
      { key = "unit", title = "Chi bộ / đơn vị", type = "text" }, { key = "pool", title = "Nhóm", type = "text" },
      { key = "score", title = "Điểm", type = "number", decimals = 1 }, { key = "rank", title = "Thứ tự", type = "integer" },
      { key = "allowed", title = "Được phép", type = "integer" }, { key = "proposed", title = "Đề xuất", type = "integer" },
      { key = "decided_by", title = "Khóa quyết định", type = "text" }, { key = "reason", title = "Lý do", type = "text" } } }
  R.breaches = report.table { id = "grading_breaches", title = "Kiểm tra kết quả xếp loại đã công bố",
    group = "Xếp loại chất lượng",
    columns = { { key = "subject", title = "Đối tượng", type = "text" }, { key = "subject_kind", title = "Loại", type = "text" },
      { key = "check", title = "Nội dung", type = "text" }, { key = "severity", title = "Mức", type = "text" },
      { key = "message", title = "Chi tiết", type = "text" } } }
  return R
end

-- Members, streamed chi bộ by chi bộ. Quota candidates wait for their pool to close; everyone
-- else is emitted at once, so memory holds only the candidates and per-unit counts.
local function grade_members(ctx, st, R, units, counts, outstanding)
  local cfg, validate = st.cfg, st.cfg.mode == "validate"
  local qcfg = cfg.quota
  local fields = key_fields(qcfg.tie_break)
  local pools, pool_order = {}, {}
  local per_chi_bo = qcfg.pool == "chi_bo"
  local current

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
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTXSNV", steps = c.steps }
      end
    else
      local kept, moved, decided = quota.select(pool.cands, q.allowed, qcfg.tie_break)
      local keep_step = "Trong chỉ tiêu HTXSNV của nhóm " .. pool.id .. ": " .. q.text
      for _, c in ipairs(kept) do
        local s = c.steps; s[#s + 1] = keep_step
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTXSNV", steps = s,
               values = { allowed = q.allowed, proposed = pool.x } }
      end
      for i, c in ipairs(moved) do
        moved_n = moved_n + 1
        local by = key_label(decided[c])
        local reason = ("Vượt chỉ tiêu: được %d, đề xuất %d; xếp thứ %d; %s → HTTNV"):format(
          q.allowed, pool.x, q.allowed + i, q.text)
        local s = c.steps
        s[#s + 1] = reason
        s[#s + 1] = "Khóa phân định với người cuối cùng còn giữ HTXSNV: " .. by
        emit { kind = "grade", subject = c.subject_id, subject_kind = "person", value = "HTTNV", steps = s,
               values = { allowed = q.allowed, proposed = pool.x, base = q.base, reading = q.reading,
                          rounding = q.rounding, pct = q.pct, decided_by = decided[c] } }
        local uc = counts[c.unit_id]
        uc[1], uc[2] = uc[1] - 1, uc[2] + 1
        local p = db.get("people", c.subject_id)
        R.moved:add { subject = c.subject_id, name = p and p.name, unit = c.unit_id, pool = pool.id, score = c.score,
                      rank = q.allowed + i, allowed = q.allowed, proposed = pool.x, decided_by = decided[c] or "",
                      reason = reason }
      end
    end
    emit { kind = "quota", subject = pool.id, subject_kind = "pool", value = q.allowed,
           values = { base = q.base, pct = q.pct, reading = q.reading, rounding = q.rounding,
                      proposed = pool.x, moved = moved_n, exception = q.exception },
           steps = { q.text, ("Đề xuất HTXSNV %d, được phép %d, chuyển xuống %d"):format(pool.x, q.allowed, moved_n) } }
    R.quota:add { level = "Đảng viên", pool = pool.id, reading = q.reading, base = q.base, pct = q.pct,
                  rounding = q.rounding, allowed = q.allowed, proposed = pool.x, moved = moved_n, computation = q.text }
    pools[pool.id] = nil
  end

  local last_unit
  for row in db.rows("gradings", { year = ctx.year, subject_kind = "person" }, { "unit_id", "subject_id" }) do
    local unit_id = row.unit_id
    if not unit_id or unit_id == "" then
      error(place("gradings", row) .. ": member " .. row.subject_id .. " has no unit_id (the chi bộ that grades the member)", 0)
    end
    if unit_id ~= last_unit then
      if per_chi_bo and current then close(current); current = nil end
      last_unit = unit_id
      if not counts[unit_id] then counts[unit_id] = new_counts() end
    end
    local uc = counts[unit_id]
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
        pool = { id = pid, x = 0, g = 0, n = 0, cands = {} }
        pools[pid] = pool
        pool_order[#pool_order + 1] = pool
        if per_chi_bo then current = pool end
      end
      pool.n = pool.n + 1
      if r == 1 then
        pool.x = pool.x + 1
        uc[1] = uc[1] + 1
        local c = { subject_id = row.subject_id, unit_id = unit_id, steps = steps }
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
  if current then close(current) end
  for _, pool in ipairs(pool_order) do if pools[pool.id] then close(pool) end end
end

-- Depth of an organisation in the units tree, so organisations are graded deepest first.
local function depth_of(units, id)
  local d, guard = 0, 0
  local u = units[id]
  while u and u.parent and guard < 50 do d = d + 1; u = units[u.parent]; guard = guard + 1 end
  return d
end

-- The cap an organisation's members or subordinate organisations put on it (HD 21 II.B 1.3:
-- HTXSNV needs 100% HTNV or better and at least 80% HTTNV or better). Returns rank and steps.
function M.collective_cap(sub, ccfg, what)
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
      local member_cap, msteps = M.collective_cap(counts[id], cfg.collective, "đảng viên")
      local sub_cap, ssteps = M.collective_cap(unit_counts[id], cfg.collective, "tổ chức trực thuộc")
      if counts[id] then for _, s in ipairs(msteps) do steps[#steps + 1] = s end end
      if unit_counts[id] then for _, s in ipairs(ssteps) do steps[#steps + 1] = s end end
      local cap = math.max(counts[id] and member_cap or 1, unit_counts[id] and sub_cap or 1)
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
                    rounding = q.rounding, allowed = q.allowed, proposed = pool.x, moved = moved_n, computation = q.text }
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

-- Adds each organisation's direct counts to all its ancestors, so a đảng bộ shows its whole membership.
local function roll_up(units, counts)
  local total = {}
  for id, c in pairs(counts) do
    local u, guard = id, 0
    while u and guard < 50 do
      local t = total[u]
      if not t then t = new_counts(); total[u] = t end
      for i = 1, 7 do t[i] = t[i] + c[i] end
      if u ~= id then t.rolled = true end
      u = units[u] and units[u].parent; guard = guard + 1
    end
  end
  return total
end

local function summary_table(id, title, units, totals, direct_label)
  local t = report.table { id = id, title = title, group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Mã", type = "text" }, { key = "name", title = "Tổ chức", type = "text" },
      { key = "scope", title = "Phạm vi", type = "text" },
      { key = "excluded", title = "Không xếp loại", type = "integer" }, { key = "graded", title = "Được xếp loại (mẫu số)", type = "integer" },
      { key = "htxsnv", title = "HTXSNV", type = "integer" }, { key = "htxsnv_pct", title = "Tỷ lệ HTXSNV", type = "percent", decimals = 2 },
      { key = "httnv", title = "HTTNV", type = "integer" }, { key = "httnv_pct", title = "Tỷ lệ HTTNV", type = "percent", decimals = 2 },
      { key = "htnv", title = "HTNV", type = "integer" }, { key = "htnv_pct", title = "Tỷ lệ HTNV", type = "percent", decimals = 2 },
      { key = "khtnv", title = "KHTNV", type = "integer" }, { key = "khtnv_pct", title = "Tỷ lệ KHTNV", type = "percent", decimals = 2 },
      { key = "manual", title = "Chờ xem xét", type = "integer" } },
    notes = { "Mẫu số của các tỷ lệ là số được xếp loại (không gồm người không xếp loại: miễn sinh hoạt, đình chỉ, vào Đảng chưa đủ 6 tháng)." } }
  local ids = {}
  for uid in pairs(totals) do if uid ~= ROOT then ids[#ids + 1] = uid end end
  table.sort(ids)
  for _, uid in ipairs(ids) do
    local c = totals[uid]
    local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
    local u = units[uid]
    t:add { unit = uid, name = u and u.name or uid, scope = direct_label(uid), excluded = c[EXCLUDED_I], graded = n,
            htxsnv = c[1], htxsnv_pct = pct_of(c[1], n), httnv = c[2], httnv_pct = pct_of(c[2], n),
            htnv = c[3], htnv_pct = pct_of(c[3], n), khtnv = c[4], khtnv_pct = pct_of(c[4], n), manual = c[MANUAL_I] }
  end
  return t
end

-- Denominators that reproduce a printed share, from `lo` to `hi`: the office's own arithmetic.
local function fitting_denominators(count, printed, lo, hi)
  local fits = {}
  for d = math.max(lo, 1), hi do
    if math.abs(round2(count * 100 / d) - printed) < 0.0001 then fits[#fits + 1] = d end
  end
  return fits
end
M.fitting_denominators = fitting_denominators

-- Checks the shares a report printed against the counts behind them.
local function check_published(ctx, st, R, totals, unit_counts, units)
  local t = report.table { id = "grading_published_check", title = "Đối chiếu tỷ lệ đã in trong báo cáo",
    group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Tổ chức", type = "text" }, { key = "of", title = "Đối tượng", type = "text" },
      { key = "level", title = "Mức", type = "text" }, { key = "printed_count", title = "Số đã in", type = "integer" },
      { key = "count", title = "Số tính được", type = "integer" }, { key = "printed_pct", title = "Tỷ lệ đã in", type = "percent", decimals = 2 },
      { key = "denominator", title = "Mẫu số", type = "integer" }, { key = "pct", title = "Tỷ lệ tính được", type = "percent", decimals = 2 },
      { key = "fits", title = "Mẫu số khớp với tỷ lệ đã in", type = "text" }, { key = "status", title = "Kết quả", type = "text" } },
    notes = { "Mẫu số: số được xếp loại. Cột cuối liệt kê mọi mẫu số từ số lượng đến tổng số + 5 cho ra đúng tỷ lệ đã in." } }
  local flagged = 0
  for row in db.rows("published_shares", { year = ctx.year }, { "subject_id", "subject_kind", "level" }) do
    local of_units = row.subject_kind == "unit"
    local c = of_units and unit_counts[row.subject_id] or totals[row.subject_id] or new_counts()
    local r = RANK[row.level]
    if not r then error(place("published_shares", row) .. ": level '" .. tostring(row.level) .. "' is not a grading level", 0) end
    local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
    local count = c[r]
    local pct = pct_of(count, n)
    local problems = {}
    if row.count and row.count ~= count then problems[#problems + 1] = ("số đã in %d, tính được %d"):format(row.count, count) end
    local fits = ""
    if row.pct and pct then
      if math.abs(round2(pct) - row.pct) > (st.cfg.share_tolerance or 0.005) then
        problems[#problems + 1] = ("tỷ lệ đã in %s%%, tính được %s/%d = %s%%"):format(vnum(row.pct), vnum(count), n, vnum(round2(pct)))
      end
      local f = fitting_denominators(row.count or count, row.pct, row.count or count, n + c[EXCLUDED_I] + 5)
      local parts = {}
      for i, d in ipairs(f) do parts[i] = tostring(d) end
      fits = table.concat(parts, ", ")
      if fits == "" then fits = "không có" end
    end
    local status = #problems == 0 and "khớp" or "không khớp"
    t:add { unit = row.subject_id, of = of_units and "tổ chức đảng" or "đảng viên", level = row.level,
            printed_count = row.count, count = count, printed_pct = row.pct, denominator = n, pct = pct and round2(pct),
            fits = fits, status = status }
    if #problems > 0 then
      flagged = flagged + 1
      local msg = ("%s, %s %s: %s; mẫu số khớp tỷ lệ đã in: %s"):format(row.subject_id,
        of_units and "tổ chức" or "đảng viên", row.level, table.concat(problems, "; "), fits)
      breach(R, row.subject_id, "unit", "printed_share", sev(st.cfg, "printed_share"), msg,
             { printed = row.pct, computed = pct, denominator = n })
    end
  end
  return flagged
end

-- The report's targets for the next year, checked against this run's results.
local function check_targets(ctx, st, totals, unit_counts, levels)
  local targets = st.cfg.targets
  if not targets or #targets == 0 then return end
  local t = report.table { id = "grading_targets", title = "Chỉ tiêu xếp loại so với kết quả năm " .. ctx.year,
    group = "Xếp loại chất lượng",
    columns = { { key = "target", title = "Chỉ tiêu", type = "text" }, { key = "required", title = "Yêu cầu", type = "text" },
      { key = "actual", title = "Kết quả", type = "text" }, { key = "met", title = "Đạt", type = "text" } } }
  for _, tg in ipairs(targets) do
    local actual, met, required
    if tg.of == "self" then
      actual = levels[tg.unit] or "(chưa xếp loại)"
      met = RANK[actual] and RANK[actual] <= RANK[tg.level]
      required = tg.level .. " trở lên"
    else
      local c = (tg.of == "units" and unit_counts[tg.unit]) or (tg.of == "members" and totals[tg.unit]) or new_counts()
      local n = c[1] + c[2] + c[3] + c[4] + c[MANUAL_I]
      local k = 0
      for r = 1, RANK[tg.level] do if tg.or_better or r == RANK[tg.level] then k = k + c[r] end end
      local p = pct_of(k, n) or 0
      local op = tg.op or ">="
      met = (op == ">" and p > tg.pct) or (op == ">=" and p >= tg.pct)
      required = ("%s %s%% %s%s"):format(op == ">" and "trên" or "ít nhất", vnum(tg.pct), tg.level, tg.or_better and " trở lên" or "")
      actual = ("%d/%d = %s%%"):format(k, n, vnum(round2(p)))
    end
    t:add { target = tg.title or tg.id, required = required, actual = actual, met = met and "đạt" or "chưa đạt" }
    emit { kind = "target", subject = tg.id or tg.title, subject_kind = "indicator", value = met and true or false,
           steps = { (tg.title or tg.id) .. ": yêu cầu " .. required .. ", kết quả " .. actual } }
  end
end

-- Grades a year: members, then organisations, then the summary and the checks.
-- cfg is the resolved config (M.resolve). Returns a small result table for callers and tests.
function M.run(ctx, cfg)
  cfg = cfg or M.resolve(ctx.config or config, ctx.year)
  local st = prepare(ctx, cfg)
  st.grassroots_cache = {}
  local units = {}
  for u in db.rows("units") do units[u.id] = { parent = u.parent_id, kind = u.kind, name = u.name } end
  local outstanding = {}
  for _, id in ipairs(cfg.quota.outstanding or {}) do outstanding[id] = true end
  for row in db.rows("gradings", { year = ctx.year, subject_kind = "unit" }) do
    if row.outstanding then outstanding[row.subject_id] = true end
  end
  local R = open_tables(cfg, cfg.name or "")
  R.units = report.table { id = "grading_units", title = "Xếp loại tổ chức đảng", group = "Xếp loại chất lượng",
    columns = { { key = "unit", title = "Mã", type = "text" }, { key = "name", title = "Tổ chức", type = "text" },
      { key = "parent", title = "Trực thuộc", type = "text" }, { key = "level", title = "Xếp loại", type = "text" },
      { key = "explanation", title = "Căn cứ", type = "text" } } }
  local counts, unit_counts, levels = {}, {}, {}
  grade_members(ctx, st, R, units, counts, outstanding)
  grade_units(ctx, st, R, units, counts, unit_counts, outstanding, levels)
  local totals = roll_up(units, counts)
  summary_table("grading_members", "Xếp loại đảng viên theo tổ chức", units, totals, function(uid)
    return totals[uid].rolled and "gồm các tổ chức trực thuộc" or "đảng viên sinh hoạt tại đây" end)
  summary_table("grading_organisations", "Xếp loại tổ chức đảng trực thuộc", units, unit_counts,
    function() return "tổ chức trực thuộc" end)
  local flagged = check_published(ctx, st, R, totals, unit_counts, units)
  check_targets(ctx, st, totals, unit_counts, levels)
  if R.errors > 0 and cfg.validate.stop_on_error then
    error(("grading: %d breaches of severity 'error' (see grading_breaches)"):format(R.errors), 0)
  end
  return { counts = counts, totals = totals, unit_counts = unit_counts, levels = levels, errors = R.errors,
           printed_flagged = flagged }
end

-- }}}
return M
