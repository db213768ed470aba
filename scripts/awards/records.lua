-- awards/records.lua — a person's or unit's record of years, awards and initiatives, from the facts.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period
local BOOL_COLUMNS = C.BOOL_COLUMNS

local function new_record(id, kind)
  return { id = id, kind = kind, years = {}, awards = {}, initiatives = {} }
end

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

C.new_record = new_record

return M
