-- awards/records.lua — a person's or unit's record of years, awards and initiatives, from the facts.
--
-- Each table is read once with db.each, in file order, into records keyed by subject id; nothing
-- is looked up per row, so the work per person does not grow with the number of people.
local C = require "awards.common"
local M = C.M
local history = C.history
local LEVELS, as_bool = C.LEVELS, C.as_bool

local function new_record(id, kind)
  return { id = id, kind = kind, years = {}, awards = {}, initiatives = {} }
end

-- The history columns a year entry keeps (the row's id, kind and place are the record's).
local YEAR_COLUMNS = { "year", "grade", "titles", "active", "disciplined", "score", "members", "members_htnv",
                       "members_ldtt", "members_cstdcs", "exceeded_targets", "source" }
local BOOLS = { active = true, disciplined = true, exceeded_targets = true }
M.YEAR_COLUMNS = YEAR_COLUMNS

-- Parses each distinct "Danh hiệu" text once; years with the same text share the set, which the
-- steps never change (the assessed year gets a fresh set). Most people hold a handful of spellings
-- in seven years, so this keeps one table per spelling instead of one per year.
local function title_parser()
  local cache = {}
  return function(text)
    local hit = cache[text or ""]
    if hit then return hit[1], hit[2] end
    local set, unknown = history.parse_titles(text)
    cache[text or ""] = { set, unknown }
    return set, unknown
  end
end

-- A year entry from one history row (vals in YEAR_COLUMNS order).
local function new_entry(vals, parse)
  local entry = {}
  for i, k in ipairs(YEAR_COLUMNS) do
    local v = vals[i]
    if BOOLS[k] then v = as_bool(v) end
    entry[k] = v
  end
  entry.titles = parse(vals[3])
  return entry
end

-- The past years of many people read the same (a grade, the titles, an empty score): those rows
-- share one entry, which nothing changes, so a national history keeps a few thousand entries
-- instead of one table per person and year. The assessed year's entry is each person's own: the
-- run writes its titles into it.
-- The key is the row's values as tostring writes them, joined by "\1": one string.format call
-- (its %s is tostring) rather than a string per value and a table.concat.
local KEY_FORMATS = setmetatable({}, { __index = function(t, n)
  local f = ("%s"):rep(n, "\1"); t[n] = f; return f end })
local unpack = table.unpack
local function shared_entry(cache, vals, parse)
  local n = #YEAR_COLUMNS
  local key = KEY_FORMATS[n]:format(unpack(vals, 1, n))
  local entry = cache[key]
  if not entry then entry = new_entry(vals, parse); cache[key] = entry end
  return entry
end

-- One history row into rec.years; returns the unknown title spellings.
local function add_year(r, vals, year, s, parse, cache)
  local _, unknown = parse(vals[3])
  if vals[1] ~= year then
    r.years[vals[1]] = shared_entry(cache, vals, parse)
    return unknown
  end
  local entry = new_entry(vals, parse)
  if s.current_year_titles ~= "data" then
    entry.data_titles, entry.titles = entry.titles, {}
  end
  r.years[year] = entry
  return unknown
end

-- The history rows, in file order. Unknown title spellings become warnings with the row's place,
-- sorted by subject and year as before.
local function read_history(recs, rec_of, year, s)
  local parse, found, illustrative, cache = title_parser(), {}, false, {}
  local cols = { "subject_id", "subject_kind", "_src", "_line" }
  for _, k in ipairs(YEAR_COLUMNS) do cols[#cols + 1] = k end
  local vals = {}
  for id, kind, src, line, y, grade, titles, active, disc, score, m, mh, ml, mc, ex, source
      in db.each("history", cols) do
    vals[1], vals[2], vals[3], vals[4], vals[5], vals[6] = y, grade, titles, active, disc, score
    vals[7], vals[8], vals[9], vals[10], vals[11], vals[12] = m, mh, ml, mc, ex, source
    local unknown = add_year(rec_of(id, kind), vals, year, s, parse, cache)
    for _, u in ipairs(unknown) do
      found[#found + 1] = { id = id, year = y, text = ("%s: danh hiệu \"%s\" không nhận ra"):format(
        db.place("history", { _src = src, _line = line }) or id, u) }
    end
    if source == "minh họa" or source == "illustrative" then illustrative = true end
  end
  table.sort(found, function(a, b)
    if a.id ~= b.id then return a.id < b.id end
    if a.year ~= b.year then return a.year < b.year end
    return a.text < b.text
  end)
  local warnings = {}
  for i, w in ipairs(found) do warnings[i] = w.text end
  return warnings, illustrative
end

-- One pass over `tbl` (people or units): each record found there gets its name and `field`
-- (the person's unit, the unit's block), and `kind` when its rows did not say.
local function name_records(recs, tbl, field, kind)
  for id, name, value in db.each(tbl, { "id", "name", field }) do
    local r = recs[id]
    if r then
      r.name, r[field] = name, value
      if not r.kind then r.kind = kind end
    end
  end
end

-- Reads history, awards and initiatives into records keyed by subject id.
-- Titles of `year` itself are left out when s.current_year_titles == "computed" (the default):
-- this run decides them. Returns records and a list of warnings (unknown title spellings).
-- A row without subject_kind is a person when its id is in people, else a unit when it is in
-- units, else a person: settled after one pass over each, not by a look-up per row.
function M.records(year, s)
  local recs, pending = {}, {}
  local function rec_of(id, kind)
    local r = recs[id]
    if r then return r end
    if kind == "" then kind = nil end
    r = new_record(id, kind)
    recs[id] = r
    if not kind then pending[#pending + 1] = r end
    return r
  end
  local warnings, illustrative = read_history(recs, rec_of, year, s)
  for id, kind, kd, pf, pt, dec, dd, source in db.each("awards",
      { "subject_id", "subject_kind", "kind", "period_from", "period_to", "decision", "decision_date", "source" },
      nil, { "subject_id", "period_to", "decision_date" }) do
    local r = rec_of(id, kind)
    r.awards[#r.awards + 1] = { subject_id = id, subject_kind = kind, kind = kd, period_from = pf,
                                period_to = pt, decision = dec, decision_date = dd, source = source }
  end
  for id, y, lv, title, dec in db.each("initiatives", { "person_id", "year", "level", "title", "decision" },
                                       nil, { "person_id", "year" }) do
    local r = rec_of(id, "person")
    r.initiatives[#r.initiatives + 1] = { year = y, level = LEVELS[lv] or lv, title = title, decision = dec }
  end
  name_records(recs, "people", "unit_id", "person")
  name_records(recs, "units", "block_id", "unit")
  for _, r in ipairs(pending) do r.kind = r.kind or "person" end
  -- carried to the run state, which takes it off the records table
  recs.illustrative = illustrative or nil
  return recs, warnings
end

C.new_record = new_record

return M
