-- Tỉnh Mẫu, Sở Nội vụ, 2025: the whole year-end assessment of a province whose rules differ from
-- Quảng Bình's, written from docs/ alone: its own files as exported (tinh_mau_nguon.lua), targets
-- with the weights in the data, a block ranking whose total adds the target points, party grading
-- under QĐ 366 with the quota per chi bộ, and LĐTT/CSTĐCS/BK tỉnh/BK Thủ tướng, where BK Thủ tướng
-- counts the CSTĐCS from the year after the BK tỉnh period (a criterion replaced by name).
ruleset { id = "tinh_mau", title = "Sở Nội vụ tỉnh Mẫu", year = 2025, years = { 2025, 2025 }, data = "../data/tinh_mau" }
extends "tinh_mau_nguon.lua"
extends "../../rules/base/grading.lua"
extends "../../rules/base/awards.lua"
local scoring, ranking, awards, history = require "scoring", require "ranking", require "awards", require "history"

source { file = "dang_vien.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "people", columns = { id = "Mã ĐV", name = "Họ và tên", cell_id = "Chi bộ" } },
    { table = "gradings", columns = {
        subject_id = "Mã ĐV", unit_id = "Chi bộ", subject_kind = { value = "person" }, year = { year = true },
        admitted = "Ngày vào Đảng", score = "Tổng điểm",
        excused = { "Tình trạng", map = { ["miễn sinh hoạt"] = true, ["đình chỉ"] = false, [""] = false } },
        suspended = { "Tình trạng", map = { ["miễn sinh hoạt"] = false, ["đình chỉ"] = true, [""] = false } },
        discipline = { "Hình thức kỷ luật", map = { [""] = "none", ["khiển trách"] = "khien_trach", ["cảnh cáo"] = "canh_cao" } },
        discipline_duty_related = "Kỷ luật liên quan công vụ", tasks_exceeded_pct = "Tỷ lệ nhiệm vụ vượt (%)",
        tasks_late_pct = "Tỷ lệ trễ hạn (%)", tasks_unfinished_pct = "Tỷ lệ chưa hoàn thành (%)" } } } }
source { table = "history", file = "lich_su.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Mã", year = "Năm", grade = "Xếp loại", titles = "Danh hiệu", score = "Điểm đánh giá" } }
source { table = "awards", file = "khen_thuong.csv", delimiter = ";",
  columns = { subject_id = "Mã", period_from = "Thành tích từ năm", period_to = "Thành tích đến năm",
              decision = "Số quyết định", decision_date = "Ngày quyết định",
              kind = { "Hình thức", map = { ["Bằng khen UBND tỉnh"] = "BK_TINH", ["Bằng khen Thủ tướng"] = "BK_TTG" } } } }

config.scoring = { missing = "skip", plan_zero = "error", points_table = true }
config.ranking = {
  total = { parts = { "content", "bonus", "-deductions", "targets" }, cap = 180 },
  block_names = { K1 = "Khối các phòng" },
  awards = {
    { id = "CO_TINH", title = "Cờ thi đua của UBND tỉnh", from_rank = 1, places = 1,
      condition = ranking.cond.all { ranking.cond.alone_at_rank(), ranking.cond.all_targets_met() } },
    { id = "BK_TINH", title = "Bằng khen của Chủ tịch UBND tỉnh", ranks = { 2, 3 },
      condition = ranking.cond.share_of_best { pct = 80 } },
  },
}
config.grading.quota = { pool = "chi_bo" }
config.grading.conditions = { httnv_needs_on_time = false }
config.grading.gap = "KHTNV"
config.grading.collective = { rules = { { level = "HTTNV", members_at_least = "HTNV", pct = 100 } } }
config.awards.cstdcs = { pool = "all" }

-- BK Thủ tướng: the CSTĐCS counted from the year after the BK tỉnh period
awards.criterion("BK_TTG", function(rec, year, s)
  local c = s.bk_ttg
  local d = awards.decision("BK_TTG", rec, year)
  local held = history.last_award(rec, c.requires, year)
  awards.condition(d, "Đã có Bằng khen của Chủ tịch UBND tỉnh", true, held ~= nil, held ~= nil, held and held.decision)
  local from = history.window_start(rec, c.window_after, year, s.undated_period_start) or year
  local n, years = history.streak(rec, year, history.cond.grade_at_least(c.min_grade), from)
  awards.condition(d, ("Số năm liên tục %s trở lên đến năm %d"):format(c.min_grade, year), c.years, n, n >= c.years,
                   history.years_text(years))
  local k, ky = history.count(rec, from, year, history.cond.title("CSTDCS"))
  awards.condition(d, ("Số lần CSTĐCS từ năm %d"):format(from), c.cstdcs, k, k >= c.cstdcs, history.years_text(ky))
  awards.settle(d)
  if d.eligible then awards.period(d, years) end
  return d
end)

step("Chấm điểm chỉ tiêu kế hoạch", scoring.step)
step("Xếp hạng thi đua theo khối", ranking.step)

-- expectations ----------------------------------------------------------------------------------
expect { table = "target_points", row = { unit = "Văn phòng Sở" }, values = { points = 92 } }
expect { table = "ranking_k1", row = { unit = "Văn phòng Sở" }, values = { rank = 1, total = 180 } }
expect { kind = "award", subject = "TTR", value = "BK_TINH" }
expect { kind = "grade", subject = "DV04", value = "HTTNV" }
expect { kind = "title", subject = "DV01", value = "LDTT", count = 1 }
-- CSTĐCS at most 15% of the 4 LĐTT: 0,6 → 0
expect { kind = "title_refused", subject = "DV01", value = "CSTDCS", count = 1 }
-- BK tỉnh 2019–2020, then HTTNV or better 2021–2025 with CSTĐCS 2021, 2022, 2023
expect { kind = "award", subject = "DV01", value = "BK_TTG" }
