-- grading/config.lua — the settings for a grading year: the regime that covers it, the province's
-- decisions on top, their defaults and checks, and what a member's check needs worked out once.
local quota = require "quota"
local C = require "grading.common"
local M = C.M
local LEVELS, RANK, DISCIPLINE = C.LEVELS, C.RANK, C.DISCIPLINE
local vnum, deep_copy, merge, months_before = C.vnum, C.deep_copy, C.merge, C.months_before

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
  for i, rule in ipairs(cfg.collective.rules or {}) do
    local where = ("config.grading.collective.rules[%d]"):format(i)
    assert(RANK[rule.level] and RANK[rule.level] < 4, where .. ".level must be HTXSNV, HTTNV or HTNV")
    assert(rule.members_at_least or rule.score_at_least, where .. " needs members_at_least (with pct) or score_at_least")
    assert(not rule.members_at_least or (RANK[rule.members_at_least] and type(rule.pct) == "number"),
      where .. ": members_at_least must be a level and pct a number")
    assert(rule.of == nil or rule.of == "members" or rule.of == "units", where .. ".of must be \"members\" or \"units\"")
    assert(rule.otherwise == nil or (RANK[rule.otherwise] and RANK[rule.otherwise] > RANK[rule.level]),
      where .. ".otherwise must be a lower level")
  end
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
  -- a score's step text, made once per distinct score (member_level.lua: score_step)
  st.score_steps, st.score_steps_n = {}, 0
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
  -- the province's level rules, by the rank they guard
  st.level_rules = {}
  for i, rule in ipairs(cfg.level_rules or {}) do
    local r = RANK[rule.level]
    assert(r and r < 4, ("config.grading.level_rules[%d].level must be HTXSNV, HTTNV or HTNV, got '%s'")
      :format(i, tostring(rule.level)))
    assert(rule.check or rule.column, ("config.grading.level_rules[%d] needs check = function(row) or column = \"...\""):format(i))
    assert(rule.otherwise == nil or rule.otherwise == "manual" or (RANK[rule.otherwise] and RANK[rule.otherwise] > r),
      ("config.grading.level_rules[%d].otherwise must be a lower level or \"manual\""):format(i))
    local lr = {}
    for k, v in pairs(rule) do lr[k] = v end
    if not lr.label then
      lr.label = rule.column .. (rule.min and (" ≥ " .. vnum(rule.min)) or "") .. (rule.max and (" ≤ " .. vnum(rule.max)) or "")
        .. (rule.is ~= nil and (" = " .. tostring(rule.is)) or "") .. " (điều kiện " .. rule.level .. ")"
    end
    st.level_rules[r] = st.level_rules[r] or {}
    table.insert(st.level_rules[r], lr)
  end
  st.grassroots = {}
  for _, k in ipairs(cfg.grassroots_kinds) do st.grassroots[k] = true end
  return st
end
M.prepare = prepare

return M
