-- awards.lua — emulation titles (danh hiệu thi đua) and commendations (khen thưởng) from a
-- person's or unit's multi-year history, each decision with its reasons.
--
-- The rules are in shared/domain/emulation-awards.md; every threshold is a field of the settings
-- (config.awards, with defaults from a regime file such as rules/base/awards_nd98.lua), never a
-- number in this file. docs/awards.md documents every function, setting and table column.
--
-- Two layers:
--   * check_* functions take a record (history.lua) and the settings and return a decision:
--     { code, subject, granted, conditions = { {label, required, actual, ok, detail, group} }, ... }.
--     They read no database and emit nothing, so tests call them directly.
--   * run_* functions are the steps: they read the facts, call the checks, apply quotas and the
--     one-achievement ledger, emit each decision and build the report tables.
local history = require "history"
local quota = require "quota"
local order = require "order"

local M = {}

-- Tables -----------------------------------------------------------------------------------------

-- One row per person or unit per year: the annual grade and the titles already decided.
-- Unit rows may carry the member counts the office reported; when they are empty the counts
-- are taken from the staff rows of that unit.
define_table { name = "history",
  columns = {
    { "subject_id", "text", required = true },     -- a people.id (S001) or a units.id
    { "subject_kind", "text" },                    -- person | unit; empty: looked up in people, then units
    { "year", "integer", required = true },
    { "grade", "text" },                           -- HTXSNV | HTTNV | HTNV | KHTNV
    { "titles", "text" },                          -- "LĐTT, CSTĐCS" (titles decided that year)
    { "active", "bool" },                          -- took part in the emulation movement
    { "disciplined", "bool" },                     -- disciplined in the year (no LĐTT)
    { "score", "number" },                         -- assessment score, a CSTĐCS tie-break key
    { "members", "integer" },                      -- unit rows: headcount
    { "members_htnv", "integer" },                 -- unit rows: members graded HTNV or better
    { "members_ldtt", "integer" },                 -- unit rows: members with LĐTT
    { "members_cstdcs", "integer" },               -- unit rows: members with CSTĐCS
    { "exceeded_targets", "bool" },                -- unit rows: exceeded the year's targets
    { "source", "text" },
  },
  key = { "subject_id", "year" } }

-- Commendations already held, with the achievement period the decision wrote.
define_table { name = "awards",
  columns = {
    { "subject_id", "text", required = true },
    { "subject_kind", "text" },                    -- person | unit
    { "kind", "text", required = true },           -- BK_TINH | BK_TTG | HCLD3 | CSTDT | CO_TINH | CO_CP ...
    { "period_from", "integer" },                  -- first achievement year in the decision
    { "period_to", "integer" },                    -- last achievement year in the decision
    { "decision", "text" },                        -- "245/QĐ-UBND"
    { "decision_date", "date" },                   -- 15/03/2020 or 2020-03-15, stored as 2020-03-15
    { "source", "text" },
  } }

-- Initiatives (sáng kiến) and research works accepted at a level.
define_table { name = "initiatives",
  columns = {
    { "person_id", "text", required = true, ref = "people.id" },
    { "year", "integer", required = true },
    { "level", "text", required = true },          -- co_so | tinh | toan_quoc (or "cơ sở", "tỉnh", "toàn quốc")
    { "title", "text" },
    { "decision", "text" },
    { "source", "text" },
  } }

-- Block (khối thi đua) ranking, when it comes as data rather than from config.awards.block_ranking.
define_table { name = "block_ranks",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "block_id", "text", required = true },
    { "rank", "integer", required = true },
    { "score", "number" },
    { "exceeded_targets", "bool" },
    { "source", "text" },
  },
  key = { "unit_id", "year" } }

-- Names --------------------------------------------------------------------------------------------

M.NAMES = {
  LDTT = "Lao động tiên tiến", CSTDCS = "Chiến sĩ thi đua cơ sở", CSTDT = "Chiến sĩ thi đua cấp tỉnh",
  BK_TINH = "Bằng khen của Chủ tịch UBND tỉnh", BK_TTG = "Bằng khen của Thủ tướng Chính phủ",
  HCLD3 = "Huân chương Lao động hạng Ba", TTLDTT = "Tập thể lao động tiên tiến",
  TTLDXS = "Tập thể lao động xuất sắc", CO_TINH = "Cờ thi đua của UBND tỉnh",
  CO_CP = "Cờ thi đua của Chính phủ",
}
-- Titles are emitted with kind "title", commendations with kind "award".
local IS_TITLE = { LDTT = true, CSTDCS = true, CSTDT = true, TTLDTT = true, TTLDXS = true,
                   CO_TINH = true, CO_CP = true }

local LEVELS = { ["co_so"] = "co_so", ["cơ sở"] = "co_so", ["cấp cơ sở"] = "co_so",
                 ["tinh"] = "tinh", ["tỉnh"] = "tinh", ["cấp tỉnh"] = "tinh",
                 ["toan_quoc"] = "toan_quoc", ["toàn quốc"] = "toan_quoc" }
local LEVEL_NAMES = { co_so = "cấp cơ sở", tinh = "cấp tỉnh", toan_quoc = "toàn quốc" }

-- Settings -----------------------------------------------------------------------------------------

local settings = require "settings"
local copy, merge = settings.copy, settings.merge

-- Registers a regime: the criteria valid for a range of assessment years.
--   awards.regime { id = "nd98", years = {2023, 2024}, legal = "...", defaults = { ... } }
function M.regime(def)
  assert(type(def.id) == "string" and def.years and def.defaults, "awards.regime needs id, years and defaults")
  config.awards = config.awards or {}
  config.awards.regimes = config.awards.regimes or {}
  config.awards.regimes[def.id] = def
end

-- The settings for an assessment year: the regime whose years hold `year`, then every field of
-- config.awards except `regimes` on top (the province's decisions win).
function M.settings(year)
  local cfg = config.awards or {}
  local chosen
  local ids = {}
  for id in pairs(cfg.regimes or {}) do ids[#ids + 1] = id end
  table.sort(ids)
  for _, id in ipairs(ids) do
    local r = cfg.regimes[id]
    if year >= r.years[1] and year <= r.years[2] then
      if chosen then error(("regimes %s and %s both cover year %d"):format(chosen.id, id, year), 2) end
      chosen = r
    end
  end
  if not chosen then
    local have = {}
    for _, id in ipairs(ids) do
      local r = cfg.regimes[id]
      have[#have + 1] = ("%s %d–%d"):format(id, r.years[1], r.years[2])
    end
    error(("no award regime covers year %d (have: %s)"):format(year,
      #have > 0 and table.concat(have, ", ") or "none; extend rules/base/awards.lua"), 2)
  end
  local s = copy(chosen.defaults)
  s.regime, s.legal = chosen.id, chosen.legal
  local overrides = {}
  for k, v in pairs(cfg) do if k ~= "regimes" then overrides[k] = v end end
  return merge(s, overrides)
end

-- Decisions ----------------------------------------------------------------------------------------

local function fmt(v)
  if type(v) == "boolean" then return v and "có" or "không" end
  if type(v) == "number" then
    if v == math.floor(v) then return string.format("%d", v) end
    return (string.format("%.2f", v):gsub("0+$", ""):gsub("%.$", ""):gsub("%.", ","))
  end
  return tostring(v)
end

local function new_decision(code, rec, year)
  return { code = code, name = M.NAMES[code] or code, subject = rec.id, subject_kind = rec.kind,
           year = year, conditions = {}, notes = {}, values = {}, inputs = {} }
end

-- Adds one condition. `group` puts it in an alternative ground ("d1", "d2"): the decision passes
-- when every ungrouped condition holds and every condition of at least one group holds.
local function cond(d, label, required, actual, ok, detail, group)
  d.conditions[#d.conditions + 1] = { label = label, required = required, actual = actual, ok = ok,
                                      detail = detail, group = group }
  return ok
end

-- Settles d.eligible (and d.granted) from its conditions.
local function settle(d)
  local base_ok, groups, group_order = true, {}, {}
  for _, c in ipairs(d.conditions) do
    if c.group then
      if groups[c.group] == nil then groups[c.group] = true; group_order[#group_order + 1] = c.group end
      groups[c.group] = groups[c.group] and c.ok
    elseif not c.ok then base_ok = false end
  end
  local any = #group_order == 0
  for _, g in ipairs(group_order) do if groups[g] then any = true; d.ground = d.ground or g end end
  d.eligible = base_ok and any
  d.granted = d.eligible
  return d
end

-- "CSTĐCS liên tục đến năm 2024: cần 3, có 2 (2023, 2024)"
-- Yes/no conditions read "Bị kỷ luật trong năm: cần không, thực tế có".
function M.condition_text(c)
  local word = type(c.actual) == "boolean" and "thực tế" or "có"
  local s = ("%s: cần %s, %s %s"):format(c.label, fmt(c.required), word, fmt(c.actual))
  if c.detail and c.detail ~= "" then s = s .. " (" .. c.detail .. ")" end
  return s
end

-- One line an office user reads: "đủ điều kiện" or "không đủ điều kiện: <the failed conditions>".
function M.reason(d)
  if d.granted then
    local s = "đủ điều kiện"
    if d.ground_label then s = s .. " theo " .. d.ground_label end
    if d.period then s = s .. "; thời gian thành tích " .. d.period_text end
    return s
  end
  if d.refused_by then return "không được đề nghị: " .. d.refused_by end
  local failed = {}
  local groups_seen = {}
  for _, c in ipairs(d.conditions) do
    if not c.ok and not c.group then failed[#failed + 1] = M.condition_text(c) end
  end
  if #failed == 0 then
    -- every alternative ground failed: give each ground's first failed condition
    for _, c in ipairs(d.conditions) do
      if c.group and not c.ok and not groups_seen[c.group] then
        groups_seen[c.group] = true
        failed[#failed + 1] = M.condition_text(c)
      end
    end
  end
  return "không đủ điều kiện: " .. table.concat(failed, "; ")
end

-- The reasoning in order: every condition with ✔/✘, the notes, then the result.
function M.steps(d)
  local out = {}
  for _, c in ipairs(d.conditions) do
    out[#out + 1] = (c.ok and "✔ " or "✘ ") .. (c.group and ("[" .. (d.group_labels and
      d.group_labels[c.group] or c.group) .. "] ") or "") .. M.condition_text(c)
  end
  for _, n in ipairs(d.notes) do out[#out + 1] = n end
  out[#out + 1] = ("%s — %s: %s"):format(d.subject, d.name, M.reason(d))
  return out
end

-- Records the decision: kind "title"/"award" with value = its code when granted,
-- "title_refused"/"award_refused" otherwise; the conditions go into values, the reasons into steps.
function M.emit(d)
  local kind = IS_TITLE[d.code] and "title" or "award"
  local values = { granted = d.granted, eligible = d.eligible, reason = M.reason(d) }
  for k, v in pairs(d.values) do values[k] = v end
  for i, c in ipairs(d.conditions) do
    values["dk" .. i] = ("%s | cần %s | có %s | %s"):format(c.label, fmt(c.required), fmt(c.actual),
                                                           c.ok and "đạt" or "không đạt")
  end
  emit { kind = d.granted and kind or (kind .. "_refused"), subject = d.subject,
         subject_kind = d.subject_kind, year = d.year, value = d.code,
         inputs = d.inputs, values = values, steps = M.steps(d) }
end

-- Records -----------------------------------------------------------------------------------------

local function new_record(id, kind)
  return { id = id, kind = kind, years = {}, awards = {}, initiatives = {} }
end

-- A bool column may come back from SQLite as 1/0; the checks compare with true/false.
local BOOL_COLUMNS = { "active", "disciplined", "exceeded_targets" }
local function as_bool(v)
  if v == 1 then return true elseif v == 0 then return false end
  return v
end
M.as_bool = as_bool

-- Reads history, awards and initiatives into records keyed by subject id.
-- Titles of `year` itself are left out when s.current_year_titles == "computed" (the default):
-- this run decides them. Returns records and a list of warnings (unknown title spellings).
function M.records(year, s)
  local recs, warnings, illustrative = {}, {}, false
  local function rec_of(id, kind)
    recs[id] = recs[id] or new_record(id, kind or "person")
    return recs[id]
  end
  -- a row without subject_kind is a person when its id is in people, else a unit
  local function kind_of(row)
    if row.subject_kind and row.subject_kind ~= "" then return row.subject_kind end
    if db.get("people", row.subject_id) then return "person" end
    if db.get("units", row.subject_id) then return "unit" end
    return "person"
  end
  for row in db.rows("history", nil, { "subject_id", "year" }) do
    local r = rec_of(row.subject_id, kind_of(row))
    local titles, unknown = history.parse_titles(row.titles)
    for _, u in ipairs(unknown) do
      warnings[#warnings + 1] = ("%s: danh hiệu \"%s\" không nhận ra"):format(
        db.place and db.place("history", row) or row.subject_id, u)
    end
    local entry = {}
    for k, v in pairs(row) do entry[k] = v end
    for _, k in ipairs(BOOL_COLUMNS) do entry[k] = as_bool(row[k]) end
    entry.titles = titles
    if row.year == year and s.current_year_titles ~= "data" then
      entry.data_titles, entry.titles = titles, {}
    end
    r.years[row.year] = entry
    if row.source == "minh họa" or row.source == "illustrative" then illustrative = true end
  end
  for row in db.rows("awards", nil, { "subject_id", "period_to", "decision_date" }) do
    local r = rec_of(row.subject_id, kind_of(row))
    r.awards[#r.awards + 1] = row
  end
  for row in db.rows("initiatives", nil, { "person_id", "year" }) do
    local r = rec_of(row.person_id, "person")
    local lv = LEVELS[row.level] or row.level
    r.initiatives[#r.initiatives + 1] = { year = row.year, level = lv, title = row.title,
                                          decision = row.decision }
  end
  for p in db.rows("people") do
    if recs[p.id] then recs[p.id].unit_id, recs[p.id].name = p.unit_id, p.name end
  end
  for u in db.rows("units") do
    if recs[u.id] then recs[u.id].name, recs[u.id].block_id = u.name, u.block_id end
  end
  -- carried to the run state, which takes it off the records table
  recs.illustrative = illustrative or nil
  return recs, warnings
end

local function sorted_ids(recs, kind)
  local ids = {}
  for id, r in pairs(recs) do if r.kind == kind then ids[#ids + 1] = id end end
  table.sort(ids)
  return ids
end

local function levels_set(list)
  local set = {}
  for _, l in ipairs(list) do set[l] = true end
  return set
end

local function levels_text(list)
  local n = {}
  for i, l in ipairs(list) do n[i] = LEVEL_NAMES[l] or l end
  return table.concat(n, "/")
end

-- Individual titles ---------------------------------------------------------------------------------

-- LĐTT: grade HTTNV or better (s.ldtt.min_grade), active in the movement, not disciplined.
function M.check_ldtt(rec, year, s)
  local c = s.ldtt
  local d = new_decision("LDTT", rec, year)
  local y = rec.years[year]
  local grade = y and y.grade
  d.inputs.grade = grade
  cond(d, "Xếp loại năm " .. year, c.min_grade .. " trở lên", grade or "không có",
       history.grade_at_least(grade, c.min_grade))
  if c.require_active then
    local active = y and y.active
    if active == nil and c.active_default ~= nil then active = c.active_default end
    cond(d, "Tham gia phong trào thi đua", true, active == true, active == true)
  end
  if c.exclude_disciplined then
    local disc = (y and y.disciplined) == true
    cond(d, "Bị kỷ luật trong năm", false, disc, not disc)
  end
  return settle(d)
end

-- CSTĐCS standard (before the quota): LĐTT this year, and HTXSNV or an initiative at one of
-- s.cstdcs.initiative_levels accepted this year. ldtt is this year's LĐTT decision.
function M.check_cstdcs(rec, year, s, ldtt)
  local c = s.cstdcs
  local d = new_decision("CSTDCS", rec, year)
  local y = rec.years[year]
  cond(d, "Đạt danh hiệu LĐTT năm " .. year, true, ldtt.granted, ldtt.granted)
  local grade = y and y.grade
  local inits = history.initiatives(rec, year, year, levels_set(c.initiative_levels))
  d.inputs.grade, d.inputs.initiatives = grade, #inits
  d.group_labels = { g = "xếp loại", i = "sáng kiến" }
  -- require_both: HTXSNV *and* an initiative (the Dec 2025 draft law); default: either one.
  -- grade = false: no grade route, an initiative is required (the 2003 Law, Art. 23, in force until 2023).
  local g1, g2 = "g", "i"
  if c.require_both or c.grade == false then g1, g2 = nil, nil end
  if c.grade ~= false then
    cond(d, "Xếp loại năm " .. year, c.grade, grade or "không có",
         history.grade_at_least(grade, c.grade), nil, g1)
  end
  cond(d, "Sáng kiến " .. levels_text(c.initiative_levels) .. " năm " .. year, 1, #inits, #inits >= 1,
       inits[1] and inits[1].title or nil, g2)
  settle(d)
  if d.eligible and d.ground then d.ground_label = (d.ground == "g") and ("xếp loại " .. c.grade) or "sáng kiến" end
  -- tie-break fields for the quota
  d.grade_rank = history.GRADES[grade or ""] or -1
  d.initiative_count = #history.initiatives(rec, year, year)
  d.score = y and y.score
  d.id = rec.id
  d.pool = (c.pool == "all") and "all" or (rec.unit_id or "?")
  return d
end

-- Tie-break keys in words for the reasons: "-score" → "điểm đánh giá".
local KEY_WORDS = { grade_rank = "xếp loại", initiative_count = "số sáng kiến", score = "điểm đánh giá",
                    id = "mã", rank = "hạng trong khối", block = "khối" }
local ROUNDING_WORDS = { floor = "làm tròn xuống", half_up = "làm tròn", ceil = "làm tròn lên" }
local function key_text(k)
  if not k then return nil end
  local f = k:gsub("^%-", "")
  return KEY_WORDS[f] or f
end
local function keys_text(keys)
  local out = {}
  for i, k in ipairs(keys) do out[i] = key_text(k) end
  return table.concat(out, ", ")
end

-- Applies "CSTĐCS at most pct% of the LĐTT count" per pool. ldtt_counts[pool] is the base.
-- Candidates beyond the quota keep eligible = true, get granted = false and a reason.
-- Returns one quota line per pool: { pool, base, pct, allowed, candidates, granted, text }.
function M.apply_cstdcs_quota(decisions, ldtt_counts, s)
  local c = s.cstdcs
  local pools, names = {}, {}
  for _, d in ipairs(decisions) do
    if d.eligible then
      if not pools[d.pool] then pools[d.pool] = {}; names[#names + 1] = d.pool end
      table.insert(pools[d.pool], d)
    end
  end
  for p in pairs(ldtt_counts) do if not pools[p] then pools[p] = {}; names[#names + 1] = p end end
  table.sort(names)
  local lines = {}
  for _, p in ipairs(names) do
    local base = ldtt_counts[p] or 0
    local allowed = quota.allowed(base, c.quota_pct, c.rounding, { min_one = c.min_one })
    local text = quota.describe(base, c.quota_pct, c.rounding, allowed)
    if c.min_one and base > 0 and allowed == 1 then text = text .. ", tối thiểu 1" end
    local kept, moved, why = quota.select(pools[p], allowed, c.tie_break)
    for i, d in ipairs(kept) do
      d.quota_rank = i
      d.notes[#d.notes + 1] = ("Hạn mức CSTĐCS (%s) %s; xếp thứ %d trong %d người đủ tiêu chuẩn")
                                :format(p == "all" and "toàn cơ quan" or p, text, i, #pools[p])
    end
    for i, d in ipairs(moved) do
      d.granted = false
      d.quota_rank = allowed + i
      local key = why[d]
      d.refused_by = ("vượt hạn mức CSTĐCS: %s; xếp thứ %d/%d%s"):format(text, allowed + i, #pools[p],
        key and (" (phân định theo " .. key_text(key) .. ")") or "")
      d.notes[#d.notes + 1] = "Không được công nhận vì " .. d.refused_by
    end
    lines[#lines + 1] = { pool = p, base = base, pct = c.quota_pct, allowed = allowed,
                          candidates = #pools[p], granted = #kept, text = text }
  end
  return lines
end

-- CSTĐ cấp tỉnh: s.cstdt.streak consecutive CSTĐCS up to `year` (counted after the last CSTĐ
-- tỉnh), and an initiative at s.cstdt.initiative_levels within those years.
function M.check_cstdt(rec, year, s)
  local c = s.cstdt
  local d = new_decision("CSTDT", rec, year)
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  local n, years, broke = history.streak(rec, year, history.cond.title("CSTDCS"), from)
  d.considered = n > 0
  local detail = history.years_text(years) .. (broke and (n > 0 and ("; năm " .. broke .. " không đạt") or "") or "")
  cond(d, "Số năm liên tục đạt CSTĐCS đến năm " .. year, c.streak, n, n >= c.streak, detail)
  local lo = (n > 0) and years[1] or year
  local inits = history.initiatives(rec, lo, year, levels_set(c.initiative_levels))
  cond(d, ("Sáng kiến %s trong %s"):format(levels_text(c.initiative_levels), history.years_text(years)),
       1, #inits, #inits >= 1, inits[1] and inits[1].title or nil)
  d.values.streak_years = history.years_text(years)
  return settle(d)
end

-- Commendations over several years -------------------------------------------------------------------

local function set_period(d, years)
  if #years > 0 then
    d.period = { years[1], years[#years] }
    d.period_text = years[1] == years[#years] and tostring(years[1]) or (years[1] .. "–" .. years[#years])
    d.values.period = d.period_text
  end
  d.claim_years = years
end

-- Bằng khen of the provincial chairman, clause (d): either s.bk_tinh.cstdcs_streak consecutive
-- CSTĐCS, or s.bk_tinh.htxs_streak consecutive HTXSNV years with s.bk_tinh.initiatives
-- initiatives in those years. Both counted after the last award of s.bk_tinh.window_after.
function M.check_bk_tinh(rec, year, s)
  local c = s.bk_tinh
  local d = new_decision("BK_TINH", rec, year)
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  d.group_labels = { d1 = "CSTĐCS liên tục", d2 = "HTXSNV liên tục và sáng kiến" }

  local n1, y1 = history.streak(rec, year, history.cond.title("CSTDCS"), from)
  cond(d, "Số năm liên tục đạt CSTĐCS đến năm " .. year, c.cstdcs_streak, n1, n1 >= c.cstdcs_streak,
       history.years_text(y1), "d1")

  local n2, y2 = history.streak(rec, year, history.cond.grade_at_least("HTXSNV"), from)
  d.considered = n1 > 0 or n2 > 0
  cond(d, "Số năm liên tục HTXSNV đến năm " .. year, c.htxs_streak, n2, n2 >= c.htxs_streak,
       history.years_text(y2), "d2")
  local inits = (n2 > 0) and history.initiatives(rec, y2[1], year, levels_set(c.initiative_levels)) or {}
  cond(d, ("Sáng kiến %s trong các năm HTXSNV"):format(levels_text(c.initiative_levels)),
       c.initiatives, #inits, #inits >= c.initiatives, nil, "d2")
  settle(d)
  if d.eligible then
    d.ground_label = d.group_labels[d.ground]
    -- the decision's period: the required years ending at `year`
    local need = (d.ground == "d1") and c.cstdcs_streak or c.htxs_streak
    local ys = {}
    for yy = year - need + 1, year do ys[#ys + 1] = yy end
    set_period(d, ys)
  end
  return d
end

-- The shared shape of the Prime Minister's Bằng khen and the Labour Order 3rd class: hold an
-- award of c.requires, then c.years consecutive years of c.min_grade or better counted after the
-- last award of c.window_after, with c.cstdcs CSTĐCS (and c.htxsnv HTXSNV years) in that period.
local function check_long_record(code, rec, year, s, c)
  local d = new_decision(code, rec, year)
  local held = history.last_award(rec, c.requires, year)
  local names = {}
  for i, k in ipairs(c.requires) do names[i] = M.NAMES[k] or k end
  cond(d, "Đã có " .. table.concat(names, " hoặc "), true, held ~= nil, held ~= nil,
       held and ((held.decision or held.kind) .. (held.period_to and (", thành tích " ..
         (held.period_from and held.period_from ~= held.period_to and (held.period_from .. "–") or "") ..
         held.period_to) or "")) or nil)
  d.considered = held ~= nil
  local from, _, wtext = history.window_start(rec, c.window_after, year, s.undated_period_start)
  if from then d.notes[#d.notes + 1] = "Thời gian xét " .. wtext end
  d.values.window_from = from
  local n, years, broke = history.streak(rec, year, history.cond.grade_at_least(c.min_grade), from)
  local detail = history.years_text(years)
  if from then detail = detail .. "; tính từ năm " .. from end
  if broke and n < c.years then detail = detail .. "; năm " .. broke .. " không đạt" end
  cond(d, ("Số năm liên tục %s trở lên đến năm %d"):format(c.min_grade, year), c.years, n, n >= c.years, detail)
  local lo = (n > 0) and years[1] or year
  if c.htxsnv and c.htxsnv > 0 then
    local k, ky = history.count(rec, lo, year, history.cond.grade_at_least("HTXSNV"))
    cond(d, "Số năm HTXSNV trong thời gian đó", c.htxsnv, k, k >= c.htxsnv, history.years_text(ky))
  end
  local k, ky = history.count(rec, lo, year, history.cond.title("CSTDCS"))
  cond(d, ("Số lần CSTĐCS trong thời gian đó (từ %d)"):format(lo), c.cstdcs, k, k >= c.cstdcs,
       history.years_text(ky))
  settle(d)
  if d.eligible then set_period(d, years) end
  return d
end

function M.check_bk_ttg(rec, year, s) return check_long_record("BK_TTG", rec, year, s, s.bk_ttg) end
function M.check_hcld3(rec, year, s) return check_long_record("HCLD3", rec, year, s, s.hcld3) end

M.CHECKS = { BK_TINH = M.check_bk_tinh, BK_TTG = M.check_bk_ttg, HCLD3 = M.check_hcld3 }

-- One achievement feeds one award: the eligible decisions, in s.one_achievement.order (highest
-- award first), claim their period's years in `ledger`; a later one whose years are taken is
-- refused with the award that used them. Decisions of codes not in the order claim nothing.
function M.apply_one_achievement(decisions, ledger, s)
  local rank = {}
  for i, code in ipairs(s.one_achievement.order) do rank[code] = i end
  local list = {}
  for _, d in ipairs(decisions) do if d.eligible and rank[d.code] then list[#list + 1] = d end end
  table.sort(list, function(a, b)
    if rank[a.code] ~= rank[b.code] then return rank[a.code] < rank[b.code] end
    return a.subject < b.subject
  end)
  for _, d in ipairs(list) do
    local ok, conflicts = ledger:claim(d.subject, d.claim_years or {}, d.code .. " " .. d.year)
    if not ok then
      local ys, by = {}, conflicts[1].by
      for i, c in ipairs(conflicts) do ys[i] = c.year end
      d.granted = false
      d.refused_by = ("thành tích năm %s đã dùng cho %s (mỗi thành tích chỉ đề nghị một hình thức)")
                       :format(history.years_text(ys), by)
      d.notes[#d.notes + 1] = "Không đề nghị: " .. d.refused_by
    end
  end
end

-- Collective titles ----------------------------------------------------------------------------------

-- counts = { members, htnv, ldtt, cstdcs, grade, from = "data"|"staff" }
local function share_text(part, whole)
  if whole == 0 then return "0/0" end
  return ("%d/%d = %s%%"):format(part, whole, fmt(math.floor(part * 10000 / whole + 0.5) / 100))
end

-- TTLĐTT: unit graded s.ttldtt.min_grade or better, and strictly more than
-- s.ttldtt.ldtt_over_pct % of members with LĐTT (integer comparison: 10/20 is not > 50%).
function M.check_ttldtt(rec, year, s, counts)
  local c = s.ttldtt
  local d = new_decision("TTLDTT", rec, year)
  d.inputs = { members = counts.members, ldtt = counts.ldtt, grade = counts.grade }
  if c.min_grade then
    cond(d, "Xếp loại tập thể năm " .. year, c.min_grade .. " trở lên", counts.grade or "không có",
         history.grade_at_least(counts.grade, c.min_grade))
  end
  cond(d, "Tỷ lệ LĐTT", "trên " .. c.ldtt_over_pct .. "%", share_text(counts.ldtt, counts.members),
       counts.members > 0 and counts.ldtt * 100 > c.ldtt_over_pct * counts.members)
  return settle(d)
end

-- TTLĐXS: unit HTXSNV, s.ttldxs.htnv_min_pct % of members HTNV or better, at least
-- s.ttldxs.ldtt_min_pct % LĐTT, at least s.ttldxs.cstdcs_min CSTĐCS.
function M.check_ttldxs(rec, year, s, counts)
  local c = s.ttldxs
  local d = new_decision("TTLDXS", rec, year)
  d.inputs = { members = counts.members, htnv = counts.htnv, ldtt = counts.ldtt, cstdcs = counts.cstdcs,
               grade = counts.grade }
  local m = counts.members
  cond(d, "Xếp loại tập thể năm " .. year, c.grade, counts.grade or "không có",
       history.grade_at_least(counts.grade, c.grade))
  cond(d, "Tỷ lệ thành viên HTNV trở lên", "từ " .. c.htnv_min_pct .. "%", share_text(counts.htnv, m),
       m > 0 and counts.htnv * 100 >= c.htnv_min_pct * m)
  cond(d, "Tỷ lệ LĐTT", "từ " .. c.ldtt_min_pct .. "%", share_text(counts.ldtt, m),
       m > 0 and counts.ldtt * 100 >= c.ldtt_min_pct * m)
  cond(d, "Số CSTĐCS", c.cstdcs_min, counts.cstdcs, counts.cstdcs >= c.cstdcs_min)
  return settle(d)
end

-- Block awards -----------------------------------------------------------------------------------------

-- Flags and Bằng khen from a block ranking. ranking: list of
-- { block, rank, unit, exceeded_targets, score } (ranks 1-based, from ranking.lua or data).
-- recs: unit records (for the consecutive-HTXSNV condition of the block Bằng khen).
-- Returns the decisions: CO_TINH for the leader of each block, BK_TINH (unit) for
-- s.block.bk_ranks, filling from lower ranks when s.block.fill_from_lower.
function M.block_awards(ranking, recs, year, s)
  local c = s.block
  local blocks, bnames = {}, {}
  for _, r in ipairs(ranking) do
    if not blocks[r.block] then blocks[r.block] = {}; bnames[#bnames + 1] = r.block end
    table.insert(blocks[r.block], r)
  end
  table.sort(bnames)
  local out = {}
  local bk_ranks = levels_set(c.bk_ranks)
  local max_bk_rank = 0
  for _, r in ipairs(c.bk_ranks) do if r > max_bk_rank then max_bk_rank = r end end
  for _, b in ipairs(bnames) do
    local rows = blocks[b]
    table.sort(rows, order.by { "rank", "unit" })
    local places = #c.bk_ranks
    local given = 0
    for _, r in ipairs(rows) do
      local rec = recs[r.unit] or new_record(r.unit, "unit")
      if r.rank <= c.flag_ranks then
        local d = new_decision("CO_TINH", rec, year)
        d.block, d.rank = b, r.rank
        cond(d, "Xếp hạng trong khối " .. b, "đứng đầu (hạng 1" ..
             (c.flag_ranks > 1 and ("–" .. c.flag_ranks) or "") .. ")", r.rank, true)
        if c.flag_requires_exceeded then
          cond(d, "Hoàn thành vượt mức chỉ tiêu", true, r.exceeded_targets == true, r.exceeded_targets == true)
        end
        out[#out + 1] = settle(d)
      elseif bk_ranks[r.rank] or (c.fill_from_lower and r.rank > max_bk_rank and given < places) then
        if given < places then
          local d = new_decision("BK_TINH", rec, year)
          d.block, d.rank = b, r.rank
          local n, ys = history.streak(rec, year, history.cond.grade_at_least("HTXSNV"))
          cond(d, "Xếp hạng trong khối " .. b, "hạng " .. history.years_text(c.bk_ranks) ..
               (c.fill_from_lower and " (hoặc hạng sau khi bổ sung)" or ""), r.rank, true)
          cond(d, "Số năm liên tục HTXSNV đến năm " .. year, c.bk_htxs_streak, n, n >= c.bk_htxs_streak,
               history.years_text(ys))
          settle(d)
          if d.granted then given = given + 1 end
          out[#out + 1] = d
        end
      end
    end
  end
  return out
end

-- Government flag proposals: at most s.co_cp.pct % of the block leaders that got the provincial
-- flag, chosen by s.co_cp.tie_break. flag_decisions: the CO_TINH decisions (granted ones count).
function M.gov_flags(flag_decisions, year, s)
  local c = s.co_cp
  local leaders = {}
  for _, d in ipairs(flag_decisions) do
    if d.code == "CO_TINH" and d.granted then leaders[#leaders + 1] = d end
  end
  local allowed = quota.allowed(#leaders, c.pct, c.rounding)
  local text = quota.describe(#leaders, c.pct, c.rounding, allowed)
  local cands = {}
  for _, l in ipairs(leaders) do
    cands[#cands + 1] = { id = l.subject, score = l.score, rank = l.rank, block = l.block, src = l }
  end
  local kept, moved, why = quota.select(cands, allowed, c.tie_break)
  local out = {}
  for i, k in ipairs(kept) do
    local d = new_decision("CO_CP", { id = k.id, kind = "unit" }, year)
    cond(d, "Đơn vị dẫn đầu khối được tặng Cờ thi đua của UBND tỉnh", true, true, true, k.block)
    cond(d, "Trong hạn mức đề nghị Cờ thi đua của Chính phủ", "≤ " .. allowed, i, true, text)
    out[#out + 1] = settle(d)
  end
  for i, k in ipairs(moved) do
    local d = new_decision("CO_CP", { id = k.id, kind = "unit" }, year)
    cond(d, "Đơn vị dẫn đầu khối được tặng Cờ thi đua của UBND tỉnh", true, true, true, k.block)
    cond(d, "Trong hạn mức đề nghị Cờ thi đua của Chính phủ", "≤ " .. allowed, allowed + i, false,
         text .. (why[k] and ("; phân định theo " .. key_text(why[k])) or ""))
    out[#out + 1] = settle(d)
  end
  return out, { base = #leaders, pct = c.pct, allowed = allowed, text = text }
end

-- Steps --------------------------------------------------------------------------------------------

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
  st = { s = s, recs = recs, warnings = warnings, decisions = {}, ledger = history.ledger(),
         illustrative = recs.illustrative }
  recs.illustrative = nil
  if s.one_achievement.seed_past then
    for _, id in ipairs(sorted_ids(recs, "person")) do st.ledger:seed(recs[id], s.one_achievement.seed_past) end
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
  table.sort(decisions, function(a, b)
    if band(a) ~= band(b) then return band(a) < band(b) end
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

-- Step: LĐTT and CSTĐCS for every person with a history row in the year, with the CSTĐCS quota.
function M.run_individual_titles(ctx)
  local st = state(ctx)
  if not st then return end
  local s, recs, year = st.s, st.recs, ctx.year
  local ldtt, cst, ldtt_counts = {}, {}, {}
  for _, id in ipairs(sorted_ids(recs, "person")) do
    local rec = recs[id]
    if rec.years[year] then
      local d = M.check_ldtt(rec, year, s)
      ldtt[#ldtt + 1] = d
      local pool = (s.cstdcs.pool == "all") and "all" or (rec.unit_id or "?")
      ldtt_counts[pool] = (ldtt_counts[pool] or 0) + (d.granted and 1 or 0)
      cst[#cst + 1] = M.check_cstdcs(rec, year, s, d)
    end
  end
  local lines = M.apply_cstdcs_quota(cst, ldtt_counts, s)
  for _, list in ipairs { ldtt, cst } do
    for _, d in ipairs(list) do
      local y = recs[d.subject].years[year]
      -- "computed": later steps see this run's titles; "data": they see the file's, untouched
      if d.granted and s.current_year_titles ~= "data" then y.titles[d.code] = true end
      if y.data_titles and (y.data_titles[d.code] or false) ~= d.granted then
        -- the office typed a different result for this year: say so, the computed one is used
        d.notes[#d.notes + 1] = ("Dữ liệu ghi %s %s cho năm %d; dùng kết quả tính được"):format(
          y.data_titles[d.code] and "có" or "không có", d.code, year)
      end
      M.emit(d)
    end
  end
  for _, l in ipairs(lines) do
    emit { kind = "quota", subject = l.pool, subject_kind = "pool", value = l.allowed,
           inputs = { ldtt = l.base }, values = { pct = l.pct, candidates = l.candidates, granted = l.granted },
           steps = { "Hạn mức CSTĐCS " .. l.pool .. ": " .. l.text,
                     ("%d người đủ tiêu chuẩn, %d được công nhận"):format(l.candidates, l.granted) } }
  end
  st.decisions.LDTT, st.decisions.CSTDCS, st.cstdcs_quota = ldtt, cst, lines
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
-- achievement one award across them.
function M.run_commendations(ctx)
  local st = state(ctx)
  if not st then return end
  local s, recs, year = st.s, st.recs, ctx.year
  local by_code = { CSTDT = {}, BK_TINH = {}, BK_TTG = {}, HCLD3 = {} }
  local all = {}
  for _, id in ipairs(sorted_ids(recs, "person")) do
    local rec = recs[id]
    if rec.years[year] then
      local d = M.check_cstdt(rec, year, s)
      table.insert(by_code.CSTDT, d)
      for _, code in ipairs { "HCLD3", "BK_TTG", "BK_TINH" } do
        local dd = M.CHECKS[code](rec, year, s)
        table.insert(by_code[code], dd)
        all[#all + 1] = dd
      end
    end
  end
  M.apply_one_achievement(all, st.ledger, s)
  for _, code in ipairs { "CSTDT", "BK_TINH", "BK_TTG", "HCLD3" } do
    for _, d in ipairs(by_code[code]) do M.emit(d) end
    st.decisions[code] = by_code[code]
    local c = s[code:lower()] or {}
    local notes = { regime_note(s) }
    if c.note then notes[#notes + 1] = c.note end
    if st.illustrative then notes[#notes + 1] = "Số liệu minh họa, không phải người thật." end
    person_table("awards_" .. code:lower() .. "_" .. year, ("%s — đề nghị năm %d"):format(M.NAMES[code], year),
                 by_code[code], recs, notes, s.report_all)
  end
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
  local c = { members = 0, htnv = 0, ldtt = 0, cstdcs = 0, grade = y.grade, from = "staff" }
  for _, id in ipairs(sorted_ids(st.recs, "person")) do
    local p = st.recs[id]
    local py = p.years[year]
    if p.unit_id == unit_id and py then
      c.members = c.members + 1
      if history.grade_at_least(py.grade, "HTNV") then c.htnv = c.htnv + 1 end
      if py.titles.LDTT then c.ldtt = c.ldtt + 1 end
      if py.titles.CSTDCS then c.cstdcs = c.cstdcs + 1 end
    end
  end
  return c
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
      local xs = M.check_ttldxs(rec, year, s, counts)
      local tt = M.check_ttldtt(rec, year, s, counts)
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

local function has_table(name)
  if not db.tables then return false end
  for _, t in ipairs(db.tables()) do if t == name then return true end end
  return false
end

-- The block ranking: config.awards.block_ranking (a function(ctx) returning
-- { {block, rank, unit, exceeded_targets, score}, ... }) or the block_ranks table.
function M.block_ranking(ctx, s)
  if type(s.block_ranking) == "function" then return s.block_ranking(ctx) end
  local out = {}
  for r in db.rows("block_ranks", { year = ctx.year }, { "block_id", "rank", "unit_id" }) do
    local ex = as_bool(r.exceeded_targets)
    if ex == nil then
      local h = db.get("history", r.unit_id, ctx.year)
      ex = h and as_bool(h.exceeded_targets)
    end
    if ex == nil and has_table("unit_years") then
      -- ranking.lua's table of year-end facts about units, when the rule set loads it
      local uy = db.get("unit_years", r.unit_id, ctx.year)
      ex = uy and as_bool(uy.exceeded_targets)
    end
    out[#out + 1] = { block = r.block_id, rank = r.rank, unit = r.unit_id, exceeded_targets = ex, score = r.score }
  end
  return out
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
