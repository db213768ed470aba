-- rules/quangnam.lua — Sở Lao động – Thương binh và Xã hội tỉnh Quảng Nam, 2022: the progress
-- check after eight months that UBND tỉnh held on 13/9/2022 (seed 003), and, run on the
-- year-end figures, the year-end assessment with the same rules.
--
--   evalrun rules/quangnam.lua                                  8 months (data/quangnam/)
--   evalrun rules/quangnam.lua --data data/quangnam/nam_2022    the whole year 2022
--
-- The period comes from the data: the column "Lũy kế đến tháng" says how far the cumulative
-- figures run. Before December each target is compared with the part of its annual plan due by
-- then (the month-by-month plan when the unit has one, else the annual plan pro-rated m/12);
-- with the December figures the targets are scored against the annual plan.
-- data/quangnam/README.md says which figures are the seed's and which are illustrative.
local progress = require "progress"
local audit = require "audit"
local scoring = require "scoring"

ruleset {
  id = "quangnam",
  title = "Sở Lao động – Thương binh và Xã hội tỉnh Quảng Nam",
  year = 2022,
  -- On 1 July 2025 Quảng Nam merged into Đà Nẵng: later years belong to Đà Nẵng's rule set.
  years = { 2022, 2025 },
}

---------------------------------------------------------------------------------------------------
-- Sources: the Sở's progress sheets as Excel exports them (";", Vietnamese numbers, STT column)
---------------------------------------------------------------------------------------------------
source { table = "units", file = "dm_don_vi.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã ĐV", name = "Tên đơn vị", parent_id = "Trực thuộc", source = "Ghi chú nguồn",
              kind = { "Loại hình", map = { ["UBND tỉnh"] = "tinh", ["Sở"] = "so", ["Huyện"] = "huyen",
                       ["Thị xã"] = "huyen", ["Thành phố"] = "huyen", ["Cơ sở GDNN"] = "truong" } } } }

source { table = "indicators", file = "dm_chi_tieu.csv", delimiter = ";", numbers = "vi",
  columns = { id = "Mã CT", name = "Nội dung chỉ tiêu", measure = "ĐVT", sort = "STT", source = "Ghi chú nguồn",
              direction = { "Chiều đánh giá", map = { ["tăng"] = "higher", ["giảm"] = "lower" } },
              year_end_only = "Chỉ đánh giá cuối năm" } }

-- "Tỷ lệ so KH năm (%)" is the share of the annual plan the office printed; the audit checks it.
source { table = "targets", file = "tien_do_2022.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã ĐV", indicator_id = "Mã CT", year = "Năm", plan = "KH năm",
              actual = "TH lũy kế", through_month = "Lũy kế đến tháng",
              reported_text = "Tỷ lệ so KH năm (%)", source = "Ghi chú nguồn" } }

-- Enrolment is seasonal (most of it in August–October), so the schools plan it month by month.
source { table = "target_months", file = "kh_thang_2022.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Mã ĐV", indicator_id = "Mã CT", year = "Năm", month = "Tháng", plan = "KH tháng",
              source = "Ghi chú nguồn" } }

---------------------------------------------------------------------------------------------------
-- The progress check (and, in December, the year-end assessment)
---------------------------------------------------------------------------------------------------
-- "Đúng tiến độ": at least the plan due by the month reported. The meeting's conclusions ask
-- every unit to "đảm bảo tiến độ" with no tolerance below it, so none is given here.
config.progress = { on_track_at = 1, decimals = 2,
  notes = { "Kế hoạch đến kỳ: theo kế hoạch tháng nếu đơn vị có, nếu không thì kế hoạch năm × số tháng / 12.",
            "Số hộ thoát nghèo chỉ xác định sau rà soát hộ nghèo cuối năm.",
            "Phân bổ chỉ tiêu cho từng huyện, trường và số thực hiện là minh họa." } }

-- Year-end points (illustrative weights): full points at 100% of plan, proportional below,
-- no bonus — the province scores completion, not excess.
config.scoring = {
  decimals = 2, missing = "error", plan_zero = "error",
  scorer = scoring.proportional {},
  indicators = { XKLD = { weight = 40 }, TS_GDNN = { weight = 40 }, HN_THOAT = { weight = 20 } },
  notes = { "Trọng số và cách tính điểm là minh họa." },
}

-- The figures the sheet prints: the share of the annual plan on every row, the province's rows
-- as the sum of the districts' (workers abroad, poverty) and of the schools' (enrolment).
config.audit = {
  parts = {
    { title = "Toàn tỉnh = tổng 18 huyện, thị xã, thành phố", unit = "SLDTBXH", parts = "children",
      parent = "UBND_TINH", kind = "huyen", indicators = { "XKLD", "HN_THOAT" } },
    { title = "Toàn tỉnh = tổng các cơ sở giáo dục nghề nghiệp", unit = "SLDTBXH", parts = "children",
      indicators = { "TS_GDNN" } },
  },
}

step("Kiểm tra số liệu báo cáo", audit.step)
step("Tiến độ thực hiện chỉ tiêu", progress.step)
