-- awards/block.lua — awards from the block ranking: Cờ thi đua của UBND tỉnh, Bằng khen by rank,
-- Cờ thi đua của Chính phủ.
local C = require "awards.common"
local M = C.M
local history, quota, order = C.history, C.quota, C.order
local NAMES, IS_TITLE, LEVELS, LEVEL_NAMES = C.NAMES, C.IS_TITLE, C.LEVELS, C.LEVEL_NAMES
local copy, merge, as_bool, sorted_ids, levels_set, levels_text =
  C.copy, C.merge, C.as_bool, C.sorted_ids, C.levels_set, C.levels_text
local fmt, new_decision, cond, settle, set_period = C.fmt, C.new_decision, C.cond, C.settle, C.set_period
require "awards.cstdcs"
require "awards.records"
local key_text, new_record = C.key_text, C.new_record

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

return M
