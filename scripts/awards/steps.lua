-- awards/steps.lua — the steps rules/base/awards.lua declares: read the facts once per year, call
-- each criterion, apply the quotas and the one-achievement ledger, emit every decision, build the
-- tables.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period
require "awards.cstdcs"
local keys_text, ROUNDING_WORDS = C.keys_text, C.ROUNDING_WORDS

-- State shared by the steps of one run, per year.
M.state = {}

local function state(ctx)
  local st = M.state[ctx.year]
  if st then return (not st.skip) and st or nil end
  local ok, s = pcall(M.settings, ctx.year)
  if not ok then
    -- missing_regime = "skip": a rule set valid for more years than its award criteria runs its
    -- other parts and says here that the awards were left out; the default stops the run.
    if (config.awards or {}).missing_regime ~= "skip" then error(s, 0) end
    emit { kind = "flag", subject = "awards", subject_kind = "table", value = "no_regime",
           steps = { ("Không có bộ tiêu chí thi đua, khen thưởng cho năm %d; bỏ qua phần này (%s)")
                     :format(ctx.year, tostring(s)) } }
    M.state[ctx.year] = { skip = true }
    return nil
  end
  local recs, warnings = M.records(ctx.year, s)
  recs.illustrative, st = nil, { s = s, recs = recs, warnings = warnings, decisions = {},
                                 ledger = history.ledger(), illustrative = recs.illustrative }
  -- the people in id order, sorted once for every step of the year
  st.person_ids = sorted_ids(recs, "person")
  if s.one_achievement.seed_past then
    for _, id in ipairs(st.person_ids) do st.ledger:seed(recs[id], s.one_achievement.seed_past) end
  end
  M.state[ctx.year] = st
  return st
end
M.run_state = state

local function who(rec)
  return rec and rec.name or ""
end

local function unit_name(id)
  local u = id and db.get("units", id)
  return u and u.name or (id or "")
end

local RESULT = function(d)
  if d.granted then return "Đạt" end
  if d.eligible then return "Đủ tiêu chuẩn, không đề nghị" end
  return "Không đạt"
end

-- Lists every decision when `all` (or config.awards.report_all), else the granted, the eligible
-- and those who came near (d.considered: hold the required award, or have part of the streak);
-- the others are still emitted, so `evalrun explain` shows their reasons.
local function person_table(id, title, decisions, recs, extra_notes, all)
  local shown, hidden = {}, 0
  for _, d in ipairs(decisions) do
    if all or d.granted or d.eligible or d.considered or d.considered == nil then shown[#shown + 1] = d
    else hidden = hidden + 1 end
  end
  decisions = shown
  extra_notes = extra_notes or {}
  if hidden > 0 then
    extra_notes[#extra_notes + 1] = ("%d người khác chưa có điều kiện ban đầu (không có khen thưởng cần có trước hoặc "
      .. "không có năm nào trong chuỗi liên tục); lý do từng người: evalrun explain."):format(hidden)
  end
  local t = report.table {
    id = id, title = title, group = "Thi đua – Khen thưởng",
    columns = {
      { key = "stt", title = "STT", type = "integer" },
      { key = "id", title = "Mã", type = "text" },
      { key = "name", title = "Họ và tên", type = "text" },
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "result", title = "Kết quả", type = "text" },
      { key = "period", title = "Thời gian thành tích", type = "text" },
      { key = "reason", title = "Lý do", type = "text" },
    },
    notes = extra_notes,
  }
  -- granted first, then eligible-but-refused, then the rest; by id within each
  local function band(d) return d.granted and 0 or (d.eligible and 1 or 2) end
  local function key(d) return type(d.subject) == "string" and band(d) .. d.subject or nil end
  order.sort_by_text(decisions, key, function(a, b)
    local ba, bb = band(a), band(b)
    if ba ~= bb then return ba < bb end
    return a.subject < b.subject
  end)
  for i, d in ipairs(decisions) do
    local rec = recs[d.subject]
    t:add { stt = i, id = d.subject, name = who(rec), unit = unit_name(rec and rec.unit_id),
            result = RESULT(d), period = d.period_text or "", reason = M.reason(d) }
  end
  return t
end

local function regime_note(s)
  return ("Tiêu chí: %s (%s)."):format(s.legal or s.regime, s.regime)
end

-- The assessed year's titles: "computed" lets later steps see this run's titles, "data" leaves
-- the file's untouched; when the office typed a different result, the decision says so.
local function note_year_titles(d, y, s, year)
  if d.granted and s.current_year_titles ~= "data" then y.titles[d.code] = true end
  if y.data_titles and (y.data_titles[d.code] or false) ~= d.granted then
    d.notes[#d.notes + 1] = ("Dữ liệu ghi %s %s cho năm %d; dùng kết quả tính được"):format(
      y.data_titles[d.code] and "có" or "không có", d.code, year)
  end
end

-- Emits a settled decision and returns what the step keeps of it: the decision itself when
-- config.awards.keep_decisions, else its table row only (awards.row_of), so memory does not
-- hold every person's conditions and texts until the end of the step.
local function record(d, st, all)
  local reason = M.emit(d)
  if st.s.keep_decisions then return d end
  return M.row_of(d, reason, all)
end

-- A CSTĐCS candidate waiting for its pool's quota, when the decisions are not kept whole: its
-- plain fields (code, subject, eligible, pool, the tie-break figures ...), which are all the quota
-- reads, without its conditions, notes, values and inputs. Held whole, the candidates (a third of
-- the staff) and their texts doubled the heap's peak (100,000 staff: 502 MB against 287 MB).
local function waiting(c, ldtt)
  local w = { notes = {}, waiting_ldtt = { code = ldtt.code, name = ldtt.name, subject = ldtt.subject,
                                           year = ldtt.year, eligible = ldtt.eligible, granted = ldtt.granted } }
  for k, v in pairs(c) do
    if type(v) ~= "table" then w[k] = v end
  end
  return w
end

-- The whole decision of a waiting candidate after the quota: the criterion checked again (it
-- depends on the person's facts and the LĐTT result only), then what the quota wrote on the
-- waiting form (rank, granted, refused_by, its notes) carried over.
local function settled(w, rec, year, s, tie_fields)
  local d = M.CHECKS.CSTDCS(rec, year, s, w.waiting_ldtt)
  local same = d.eligible
  for _, f in ipairs(tie_fields) do same = same and d[f] == w[f] end
  if not same then
    error("awards: the CSTĐCS criterion of " .. tostring(w.subject) .. " gave another result when checked "
      .. "again after the quota (does it read more of the LĐTT decision than granted and eligible?); "
      .. "config.awards.keep_decisions = true keeps every decision whole instead", 0)
  end
  for k, v in pairs(w) do
    if type(v) ~= "table" then d[k] = v end
  end
  for _, n in ipairs(w.notes) do d.notes[#d.notes + 1] = n end
  return d
end

-- Step: LĐTT and CSTĐCS for every person with a history row in the year, with the CSTĐCS quota.
-- Each LĐTT decision, and each CSTĐCS one that fails the standard, is final at once and emitted
-- as it is made; only the CSTĐCS candidates wait for their pool's quota, in a waiting form
-- (above) unless config.awards.keep_decisions.
function M.run_individual_titles(ctx)
  local st = state(ctx)
  if not st then return end
  local s, recs, year = st.s, st.recs, ctx.year
  local ldtt, cst, ldtt_counts = {}, {}, {}
  for _, id in ipairs(st.person_ids) do
    local rec = recs[id]
    local y = rec.years[year]
    if y then
      local d = M.CHECKS.LDTT(rec, year, s)
      local pool = (s.cstdcs.pool == "all") and "all" or (rec.unit_id or "?")
      ldtt_counts[pool] = (ldtt_counts[pool] or 0) + (d.granted and 1 or 0)
      local c = M.CHECKS.CSTDCS(rec, year, s, d)
      note_year_titles(d, y, s, year)
      ldtt[#ldtt + 1] = record(d, st)
      if not c.eligible then note_year_titles(c, y, s, year); c = record(c, st)
      elseif not s.keep_decisions then c = waiting(c, d) end
      cst[#cst + 1] = c
    end
  end
  local lines = M.apply_cstdcs_quota(cst, ldtt_counts, s)
  local tie_fields = {}
  for i, k in ipairs(order.keys(s.cstdcs.tie_break)) do tie_fields[i] = k.field end
  for i, d in ipairs(cst) do
    if d.eligible then
      if d.waiting_ldtt then d = settled(d, recs[d.subject], year, s, tie_fields) end
      note_year_titles(d, recs[d.subject].years[year], s, year)
      cst[i] = record(d, st)
    end
  end
  for _, l in ipairs(lines) do
    emit { kind = "quota", subject = l.pool, subject_kind = "pool", value = l.allowed,
           inputs = { ldtt = l.base }, values = { pct = l.pct, candidates = l.candidates, granted = l.granted },
           steps = { "Hạn mức CSTĐCS " .. l.pool .. ": " .. l.text,
                     ("%d người đủ tiêu chuẩn, %d được công nhận"):format(l.candidates, l.granted) } }
  end
  if s.keep_decisions then st.decisions.LDTT, st.decisions.CSTDCS = ldtt, cst end
  st.cstdcs_quota = lines
  local notes = { regime_note(s) }
  if st.illustrative then notes[#notes + 1] = "Số liệu minh họa, không phải người thật." end
  for _, w in ipairs(st.warnings) do notes[#notes + 1] = "Cảnh báo: " .. w end
  person_table("awards_ldtt_" .. year, "Danh hiệu Lao động tiên tiến năm " .. year, ldtt, recs, notes)
  person_table("awards_cstdcs_" .. year, "Danh hiệu Chiến sĩ thi đua cơ sở năm " .. year, cst, recs,
               { regime_note(s), ("Hạn mức: không quá %s%% số LĐTT của %s, %s; thứ tự ưu tiên: %s.")
                 :format(fmt(s.cstdcs.quota_pct), s.cstdcs.pool == "all" and "toàn cơ quan" or "từng đơn vị",
                         ROUNDING_WORDS[s.cstdcs.rounding] or s.cstdcs.rounding, keys_text(s.cstdcs.tie_break)) })
  local qt = report.table {
    id = "awards_cstdcs_quota_" .. year, title = "Hạn mức Chiến sĩ thi đua cơ sở năm " .. year,
    group = "Thi đua – Khen thưởng",
    columns = {
      { key = "pool", title = "Đơn vị", type = "text" },
      { key = "base", title = "Số LĐTT", type = "integer" },
      { key = "pct", title = "Tỷ lệ tối đa (%)", type = "number", decimals = 0 },
      { key = "allowed", title = "Hạn mức", type = "integer" },
      { key = "candidates", title = "Đủ tiêu chuẩn", type = "integer" },
      { key = "granted", title = "Được công nhận", type = "integer" },
      { key = "text", title = "Cách tính", type = "text" },
    } }
  for _, l in ipairs(lines) do
    qt:add { pool = l.pool == "all" and "Toàn cơ quan" or unit_name(l.pool), base = l.base, pct = l.pct,
             allowed = l.allowed, candidates = l.candidates, granted = l.granted, text = l.text }
  end
end

-- Step: CSTĐ cấp tỉnh, BK tỉnh, BK Thủ tướng, HCLĐ hạng Ba for every person, then one
-- achievement one award. The years one award uses are the same person's, so each person's
-- proposals are settled against the ledger and emitted before the next person's are made.
local COMMENDATIONS = { "CSTDT", "BK_TINH", "BK_TTG", "HCLD3" }
function M.run_commendations(ctx)
  local st = state(ctx)
  if not st then return end
  local s, recs, year = st.s, st.recs, ctx.year
  local by_code = { CSTDT = {}, BK_TINH = {}, BK_TTG = {}, HCLD3 = {} }
  for _, id in ipairs(st.person_ids) do
    local rec = recs[id]
    if rec.years[year] then
      local ds = {}
      for _, code in ipairs(COMMENDATIONS) do ds[code] = M.CHECKS[code](rec, year, s) end
      M.apply_one_achievement({ ds.HCLD3, ds.BK_TTG, ds.BK_TINH }, st.ledger, s)
      for _, code in ipairs(COMMENDATIONS) do
        local list = by_code[code]
        list[#list + 1] = record(ds[code], st, s.report_all)
      end
    end
  end
  for _, code in ipairs(COMMENDATIONS) do
    if s.keep_decisions then st.decisions[code] = by_code[code] end
    local c = s[code:lower()] or {}
    local notes = { regime_note(s) }
    if c.note then notes[#notes + 1] = c.note end
    if st.illustrative then notes[#notes + 1] = "Số liệu minh họa, không phải người thật." end
    person_table("awards_" .. code:lower() .. "_" .. year, ("%s — đề nghị năm %d"):format(M.NAMES[code], year),
                 by_code[code], recs, notes, s.report_all)
  end
end

-- The staff counts of every unit in `year` from this run's decisions, in one pass over the
-- people (awards.staff_counts(st, year)[unit_id]); counted once per year, not once per unit.
function M.staff_counts(st, year)
  st.staff_counts = st.staff_counts or {}
  local counts = st.staff_counts[year]
  if counts then return counts end
  counts = {}
  for _, id in ipairs(st.person_ids) do
    local p = st.recs[id]
    local py = p.years[year]
    if py and p.unit_id then
      local c = counts[p.unit_id]
      if not c then c = { members = 0, htnv = 0, ldtt = 0, cstdcs = 0 }; counts[p.unit_id] = c end
      c.members = c.members + 1
      if history.grade_at_least(py.grade, "HTNV") then c.htnv = c.htnv + 1 end
      if py.titles.LDTT then c.ldtt = c.ldtt + 1 end
      if py.titles.CSTDCS then c.cstdcs = c.cstdcs + 1 end
    end
  end
  st.staff_counts[year] = counts
  return counts
end

-- Member counts of a unit for the collective titles: the unit's own history row when it gives
-- them, else this run's decisions for the staff of that unit.
function M.unit_counts(st, unit_id, year)
  local rec = st.recs[unit_id]
  local y = rec and rec.years[year] or {}
  if y.members then
    return { members = y.members, htnv = y.members_htnv or 0, ldtt = y.members_ldtt or 0,
             cstdcs = y.members_cstdcs or 0, grade = y.grade, from = "data" }
  end
  local c = M.staff_counts(st, year)[unit_id] or {}
  return { members = c.members or 0, htnv = c.htnv or 0, ldtt = c.ldtt or 0, cstdcs = c.cstdcs or 0,
           grade = y.grade, from = "staff" }
end

-- Step: TTLĐTT and TTLĐXS for every unit with a history row in the year.
function M.run_collective_titles(ctx)
  local st = state(ctx)
  if not st then return end
  local s, recs, year = st.s, st.recs, ctx.year
  local t = report.table {
    id = "awards_collective_" .. year, title = "Danh hiệu tập thể năm " .. year, group = "Thi đua – Khen thưởng",
    columns = {
      { key = "id", title = "Mã", type = "text" },
      { key = "name", title = "Đơn vị", type = "text" },
      { key = "grade", title = "Xếp loại", type = "text" },
      { key = "members", title = "Số người", type = "integer" },
      { key = "htnv", title = "HTNV trở lên", type = "integer" },
      { key = "ldtt", title = "LĐTT", type = "integer" },
      { key = "ldtt_pct", title = "Tỷ lệ LĐTT", type = "percent", decimals = 2 },
      { key = "cstdcs", title = "CSTĐCS", type = "integer" },
      { key = "title", title = "Danh hiệu đề nghị", type = "text" },
      { key = "reason", title = "Lý do", type = "text" },
    },
    notes = { regime_note(s), "Số người lấy từ dữ liệu của đơn vị nếu có, nếu không thì đếm từ danh sách cán bộ." } }
  local list = {}
  for _, id in ipairs(sorted_ids(recs, "unit")) do
    local rec = recs[id]
    if rec.years[year] then
      local counts = M.unit_counts(st, id, year)
      local xs = M.CHECKS.TTLDXS(rec, year, s, counts)
      local tt = M.CHECKS.TTLDTT(rec, year, s, counts)
      if xs.granted and s.ttldxs.replaces_ttldtt then
        tt.granted = false
        tt.refused_by = "đã đạt Tập thể lao động xuất sắc (danh hiệu cao hơn)"
      end
      for _, d in ipairs { xs, tt } do
        d.notes[#d.notes + 1] = counts.from == "data" and "Số liệu thành viên do đơn vị báo cáo"
                                or "Số liệu thành viên đếm từ danh sách cán bộ"
        M.emit(d); list[#list + 1] = d
      end
      local title = xs.granted and M.NAMES.TTLDXS or (tt.granted and M.NAMES.TTLDTT or "Không")
      t:add { id = id, name = rec.name or unit_name(id), grade = counts.grade or "", members = counts.members,
              htnv = counts.htnv, ldtt = counts.ldtt,
              ldtt_pct = counts.members > 0 and math.floor(counts.ldtt * 10000 / counts.members + 0.5) / 100 or 0,
              cstdcs = counts.cstdcs, title = title,
              reason = "TTLĐXS: " .. M.reason(xs) .. ". TTLĐTT: " .. M.reason(tt) }
    end
  end
  st.decisions.collective = list
end

-- Step: Cờ thi đua của UBND tỉnh and Bằng khen by block rank, then Government flag proposals.
function M.run_block_awards(ctx)
  local st = state(ctx)
  if not st then return end
  local s, year = st.s, ctx.year
  local ranking = M.block_ranking(ctx, s)
  if #ranking == 0 then return end   -- no ranking for this year: nothing to propose, no empty table
  local decisions = M.block_awards(ranking, st.recs, year, s)
  for _, d in ipairs(decisions) do
    for _, r in ipairs(ranking) do if r.unit == d.subject then d.score = r.score end end
  end
  local gov, q = M.gov_flags(decisions, year, s)
  local t = report.table {
    id = "awards_blocks_" .. year, title = "Khen thưởng theo kết quả xếp hạng khối thi đua năm " .. year,
    group = "Thi đua – Khen thưởng",
    columns = {
      { key = "block", title = "Khối", type = "text" },
      { key = "rank", title = "Hạng", type = "integer" },
      { key = "unit", title = "Đơn vị", type = "text" },
      { key = "proposal", title = "Hình thức", type = "text" },
      { key = "result", title = "Kết quả", type = "text" },
      { key = "reason", title = "Lý do", type = "text" },
    },
    notes = { regime_note(s),
              ("Cờ thi đua của Chính phủ: không quá %s%% số đơn vị dẫn đầu khối: %s."):format(fmt(q.pct), q.text),
              s.block.fill_from_lower and "Suất Bằng khen còn trống được bổ sung từ hạng sau."
                or "Suất Bằng khen còn trống không bổ sung từ hạng sau." } }
  for _, d in ipairs(decisions) do
    M.emit(d)
    t:add { block = d.block, rank = d.rank, unit = unit_name(d.subject), proposal = d.name,
            result = RESULT(d), reason = M.reason(d) }
  end
  for _, d in ipairs(gov) do
    M.emit(d)
    t:add { block = "", rank = nil, unit = unit_name(d.subject), proposal = d.name, result = RESULT(d),
            reason = M.reason(d) }
  end
  st.decisions.blocks, st.decisions.CO_CP = decisions, gov
end

return M
