-- bench/targets.lua — target scoring and the emulation ranking of blocks at scale, through the
-- standard library (bench/run.sh --only scoring), the way a province runs them
-- (rules/quangbinh/targets.lua): scoring.run then ranking.run on the files bench/gen_targets.py
-- writes.
--
-- Year 2025. Every target row: the attainment ratio (to 2 decimals), the printed-% check
-- (rounded or cut digits both agree), points on a 5-point weight per indicator (proportional,
-- nothing under half the plan, half the excess as a bonus up to 20% of the weight); a result not
-- yet reported is left out and the other weights spread over it. Every block: criteria + bonus
-- (at most 50 per unit) − deductions + target points, ranked by total, votes, id; a Cờ to
-- each block's leader. Every ratio, check, points, total, rank and award goes to the results
-- database with its explanation; the tables are written as CSV.
local scoring = require "scoring"
local ranking = require "ranking"

ruleset { id = "bench_targets", title = "Chấm điểm chỉ tiêu và xếp hạng thi đua khối (thư viện chuẩn)", year = 2025 }

source { table = "units", file = "units.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã đơn vị", name = "Tên đơn vị", kind = "Loại đơn vị", parent_id = "Trực thuộc",
              block_id = "Khối thi đua" } }
source { table = "indicators", file = "indicators.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "Đơn vị tính",
              direction = "Chiều đánh giá", sort = "Thứ tự" } }
source { table = "targets", file = "targets.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", indicator_id = "Mã chỉ tiêu", plan = "Kế hoạch",
              actual = "Thực hiện", reported_text = "Tỷ lệ báo cáo" } }
source { table = "criteria", file = "criteria.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã tiêu chí", name = "Tên tiêu chí", group_id = "Mã nhóm", group_name = "Tên nhóm",
              max_points = "Điểm tối đa", sort = "Thứ tự" } }
source { table = "criterion_scores", file = "criterion_scores.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", criterion_id = "Mã tiêu chí",
              self_points = "Điểm tự chấm", verified_points = "Điểm thẩm định" } }
source { table = "adjustments", file = "adjustments.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", line = "Dòng", cap_group = "Nhóm điểm thưởng",
              points = "Điểm", reason = "Lý do" } }
source { table = "unit_years", file = "unit_years.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã đơn vị", year = "Năm", votes = "Số phiếu bầu" } }

config.scoring = {
  decimals = 2,
  missing = "skip",
  plan_zero = "error",
  printed_check = { accept = { "round", "truncate" } },
  scorer = scoring.proportional { floor = 0.5, bonus_rate = 0.5, bonus_cap = 0.2 },
  default = { weight = 5 },
}

config.ranking = {
  decimals = 1,
  max_total = 1000,
  bonus_caps = { thuong = 50 },
  missing_verified = "error",
  total = { parts = { "content", "bonus", "-deductions", "targets" } },
  ties = "break",
  keys = { "-total", "-votes", "id" },
  awards = { { id = "CO", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1 } },
}

step("Chấm điểm chỉ tiêu kế hoạch", function(ctx) scoring.run(ctx) end)
step("Xếp hạng thi đua theo khối", function(ctx) ranking.run(ctx) end)
