-- A run with many blocks writes its ranking as one table (config.ranking.tables = "one", the
-- default above 50 blocks): the block in the first column, each block's units in rank order,
-- the same figures as the block's own table (ranking_target_points.test.lua).
ruleset { id = "ranking_one_table", title = "Tỉnh Mẫu — xếp hạng thi đua trong một bảng", year = 2025,
          years = { 2025, 2025 }, data = "../data/tinh_mau" }
extends "tinh_mau_nguon.lua"
local scoring = require "scoring"
local ranking = require "ranking"
config.scoring = { missing = "skip", plan_zero = "error" }
config.ranking = {
  total = { parts = { "content", "bonus", "-deductions", "targets" }, cap = 180 },
  block_names = { K1 = "Khối các phòng" },
  tables = "one",
}
step("Chấm điểm chỉ tiêu kế hoạch", scoring.step)
step("Xếp hạng thi đua", ranking.step)

expect { table = "ranking", row = { unit = "Văn phòng Sở" },
         values = { block = "Khối các phòng", rank = 1, targets = 92, uncapped = 188, total = 180 } }
expect { table = "ranking", row = { unit = "Thanh tra Sở" }, values = { block = "Khối các phòng", rank = 2, total = 158 } }
expect { table = "ranking", row = { unit = "Phòng Tổ chức cán bộ" }, values = { rank = 3, total = 138 } }
expect { kind = "rank", subject = "VP", value = 1 }
