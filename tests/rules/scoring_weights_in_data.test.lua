-- Weights in the data (docs/scoring.md, "Weights, floors and caps in the data"): the indicator
-- file gives each indicator's weight, the % of plan below which it earns nothing (floor) and
-- the % above which it earns no more (cap); the rule file names no indicator. Per-unit points
-- in the library's table target_points.
ruleset { id = "scoring_weights_in_data", title = "Tỉnh Mẫu — trọng số trong số liệu", year = 2025,
          years = { 2025, 2025 }, data = "../data/tinh_mau" }
extends "tinh_mau_nguon.lua"
local scoring = require "scoring"
config.scoring = { missing = "skip", plan_zero = "error", points_table = true }
step("Chấm điểm chỉ tiêu kế hoạch", scoring.step)

-- VP: 1.320/1.200 = 110% of plan, under the 120% cap: 1,1 × 40 = 44
expect { kind = "points", subject = "VP:HS", value = 44 }
-- TRE is "lower is better": 20/15 = 133% of plan, no cap in the file, the default scorer gives
-- full points and no bonus: 30
expect { kind = "points", subject = "VP:TRE", value = 30 }
-- TL is a reduction in points: 3 of the planned 5 = 60% → 0,6 × 30 = 18
expect { kind = "points", subject = "VP:TL", value = 18 }
-- TTR: 760/800 = 95% → 0,95 × 40 = 38
expect { kind = "points", subject = "TTR:HS", value = 38 }
-- TTR's reduction: 2 of the planned 5 = 40%, under TL's 50% floor: 0
expect { kind = "points", subject = "TTR:TL", value = 0 }
-- TCCB: 650/500 = 130%, above the 120% cap: 1,2 × 40 = 48
expect { kind = "points", subject = "TCCB:HS", value = 48 }
expect { table = "target_points", row = { unit = "Văn phòng Sở" }, values = { points = 92, weights = 100 } }
expect { table = "target_points", row = { unit = "Thanh tra Sở" }, values = { points = 68, weights = 100 } }
expect { table = "target_points", row = { unit = "Phòng Tổ chức cán bộ" }, values = { points = 48 } }
