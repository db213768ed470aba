-- The ranking total is a formula the province chooses (docs/scoring.md, "The total"): here the
-- criteria, plus bonus, minus deductions, plus the target points of the scoring, at most 180.
-- The target points are a column of the ranking table, and each unit's step shows the same sum.
ruleset { id = "ranking_target_points", title = "Tỉnh Mẫu — điểm chỉ tiêu trong tổng điểm thi đua", year = 2025,
          years = { 2025, 2025 }, data = "../data/tinh_mau" }
extends "tinh_mau_nguon.lua"
local scoring = require "scoring"
local ranking = require "ranking"
config.scoring = { missing = "skip", plan_zero = "error" }
config.ranking = {
  total = { parts = { "content", "bonus", "-deductions", "targets" }, cap = 180 },
  block_names = { K1 = "Khối các phòng" },
}
step("Chấm điểm chỉ tiêu kế hoạch", scoring.step)
step("Xếp hạng thi đua", ranking.step)

-- VP: 91 + 10 − 5 + 92 = 188, above 180 → 180
expect { table = "ranking_k1", row = { unit = "Văn phòng Sở" },
         values = { rank = 1, targets = 92, bonus = 10, deductions = 5, uncapped = 188, total = 180 } }
expect { table = "ranking_k1", row = { unit = "Thanh tra Sở" }, values = { rank = 2, targets = 68, total = 158 } }
expect { table = "ranking_k1", row = { unit = "Phòng Tổ chức cán bộ" }, values = { rank = 3, targets = 48, total = 138 } }
expect { kind = "score", subject = "VP", value = 180 }
expect { kind = "score", subject = "TTR", value = 158 }
