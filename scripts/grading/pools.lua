-- grading/pools.lua — the pools the HTXSNV quota is counted in and the quota of one pool.
local quota = require "quota"
local order = require "order"
local C = require "grading.common"
local M = C.M
local KEY_LABEL = C.KEY_LABEL
local vnum = C.vnum

local P = {}

-- The grassroots organisation a chi bộ belongs to: the nearest ancestor whose kind is a
-- grassroots kind, or the chi bộ itself when it is a chi bộ cơ sở.
function P.grassroots_of(units, st, unit_id)
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

function P.pool_key(row, st, units)
  local pool = st.cfg.quota.pool
  if pool == "chi_bo" then return row.unit_id end
  if pool == "group" and row.group_id and row.group_id ~= "" then return row.group_id end
  return P.grassroots_of(units, st, row.unit_id)
end

function P.key_fields(tie_break)
  local fields = {}
  for i, k in ipairs(order.keys(tie_break)) do fields[i] = k.field end
  return fields
end

function P.key_label(spec)
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

return P
