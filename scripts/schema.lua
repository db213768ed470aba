-- Canonical tables shared by every rule set.
-- Libraries that need more tables define them where they are used
-- (scoring.lua: criteria, criterion_scores, adjustments; grading.lua: gradings;
-- awards.lua: history, initiatives). Documented in docs/data-formats.md.

define_table { name = "units",
  columns = {
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "kind", "text" },                       -- so, phong, trung_tam, chi_bo, dang_bo, huyen, tinh ...
    { "parent_id", "text", ref = "units.id" },
    { "block_id", "text" },                   -- khối / cụm thi đua
    { "source", "text" },                     -- where the row comes from ("illustrative" for made-up rows)
  },
  key = { "id" } }

define_table { name = "people",
  columns = {
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "unit_id", "text", ref = "units.id" },
    { "cell_id", "text", ref = "units.id" },  -- chi bộ
    { "party_status", "text" },               -- chinh_thuc | du_bi | none
    { "position", "text" },
    { "source", "text" },
  },
  key = { "id" } }

define_table { name = "indicators",
  columns = {
    { "id", "text", required = true },
    { "name", "text", required = true },
    { "measure", "text" },                    -- người, %, hộ, tỷ đồng, điểm %
    { "direction", "text" },                  -- higher | lower | reduce
    { "parent_id", "text", ref = "indicators.id" },
    { "sort", "integer" },                    -- order in the report's table of targets
    { "weight", "number" },                   -- points of the indicator on the sheet (config wins)
    { "floor", "number" },                    -- % of plan below which it earns nothing
    { "cap", "number" },                      -- % of plan above which it earns no more
    { "source", "text" },
  },
  key = { "id" } }

define_table { name = "targets",
  columns = {
    { "unit_id", "text", required = true, ref = "units.id" },
    { "year", "integer", required = true },
    { "indicator_id", "text", required = true, ref = "indicators.id" },
    { "plan", "number" },
    { "actual", "number" },
    { "reported_pct", "number" },             -- the % the report printed, as a number
    { "reported_text", "text" },              -- the same as printed ("110", "163,3"): keeps the
                                              -- decimals printed, which a number loses (110 vs 110,0)
    { "weight", "number" },                   -- this unit's weight, floor and cap for the indicator,
    { "floor", "number" },                    -- over the indicators' columns
    { "cap", "number" },
    { "source", "text" },
  },
  key = { "unit_id", "year", "indicator_id" } }
