-- Award conditions that see the block (docs/scoring.md, "Conditions that see the block"):
-- the Cờ needs the leader alone at rank 1 with every target at 100% of plan; the Bằng khen goes
-- to rank numbers 2 and 3 with a total of at least 80% of the block's best; a Giấy khen of the
-- province's own needs a total no more than 25 points under the block's average, written as a
-- condition function that receives the block's rows.
ruleset { id = "ranking_block_conditions", title = "Tỉnh Mẫu — điều kiện theo khối", year = 2025,
          years = { 2025, 2025 }, data = "../data/tinh_mau" }
extends "tinh_mau_nguon.lua"
local scoring = require "scoring"
local ranking = require "ranking"
config.scoring = { missing = "skip", plan_zero = "error" }

local function near_average(row, ctx, award, block)
  local sum = 0
  for _, r in ipairs(block) do sum = sum + r.total end
  local avg = sum / #block
  return row.total >= avg - 25, ("tổng %s, trung bình khối %s"):format(text.number(row.total, 1), text.number(avg, 1))
end

config.ranking = {
  ties = "share",
  total = { parts = { "content", "bonus", "-deductions", "targets" }, cap = 180 },
  awards = {
    { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
      condition = ranking.cond.all { ranking.cond.alone_at_rank(), ranking.cond.all_targets_met { pct = 100 } } },
    { id = "BK_TINH", title = "Bằng khen của Chủ tịch UBND tỉnh", ranks = { 2, 3 },
      condition = ranking.cond.share_of_best { pct = 80 } },
    { id = "GK_SO", title = "Giấy khen của Giám đốc Sở", ranks = { 2, 3 }, condition = near_average },
  },
}
step("Chấm điểm chỉ tiêu kế hoạch", scoring.step)
step("Xếp hạng thi đua", ranking.step)

-- VP leads alone (180), but TL is only 60% of plan
expect { kind = "award_rejected", subject = "VP", value = "CO_TINH" }
expect { table = "ranking_awards", row = { unit = "Văn phòng Sở", award = "Cờ thi đua của UBND tỉnh" },
         values = { decision = "Không đề nghị" } }
-- 80% of 180 is 144: TTR (158) qualifies, TCCB (138) does not
expect { kind = "award", subject = "TTR", value = "BK_TINH" }
expect { kind = "award_rejected", subject = "TCCB", value = "BK_TINH" }
-- the average is 158,7: TCCB's 138 is within 25 points of it
expect { kind = "award", subject = "TCCB", value = "GK_SO" }
