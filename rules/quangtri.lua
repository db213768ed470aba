-- rules/quangtri.lua — tỉnh Quảng Trị from 1 July 2025, when Quảng Bình merged into it: one rule
-- set over the units of both former provinces. The former Sở Lao động – Thương binh và Xã hội of
-- each province was dissolved on 1 March 2025; its units now sit under the Sở Nội vụ, the Sở Y tế,
-- the Sở Giáo dục và Đào tạo and the Sở Nông nghiệp và Môi trường, and its chi bộ under their
-- đảng bộ. The 2025 regimes apply: QĐ 366-QĐ/TW for party grading, ND 152/2025 for emulation
-- titles and awards (both chosen by year in rules/base/).
--
--   evalrun rules/quangtri.lua              (year 2025)
--
-- The records each former province handed over (ho_so_quang_binh/, ho_so_quang_tri/) use the
-- same codes for different units and people (both have a "VP", a "CB01", an "S008"): they are
-- read with the former province in front of the code (QB.VP, QT.VP), the codes the merged
-- province gave its staff, members and chi bộ in 2025. Titles and awards in those records count
-- in Quảng Trị: a CSTĐCS won in Quảng Bình in 2023 is one of the three in a row for CSTĐ tỉnh in
-- 2025. data/quangtri/README.md says which figures are the seed's (seed 002, the former Quảng
-- Bình Sở's 2023 report) and which are illustrative.
local scoring = require "scoring"
local figures = require "figures"
local audit = require "audit"

ruleset { id = "quangtri", title = "Tỉnh Quảng Trị (sau hợp nhất với tỉnh Quảng Bình)", year = 2025, years = { 2025, 2030 } }

extends "base/grading.lua"
extends "base/awards.lua"

local GRADE = { ["Hoàn thành xuất sắc nhiệm vụ"] = "HTXSNV", ["Hoàn thành tốt nhiệm vụ"] = "HTTNV",
                ["Hoàn thành nhiệm vụ"] = "HTNV", ["Không hoàn thành nhiệm vụ"] = "KHTNV" }
local LEVEL = { ["UBND tỉnh"] = "tinh", ["Sở"] = "so", ["Phòng"] = "phong", ["Trung tâm"] = "trung_tam",
                ["Đảng ủy"] = "dang_uy", ["Đảng bộ"] = "dang_bo", ["Chi bộ"] = "chi_bo" }

---------------------------------------------------------------------------------------------------
-- The merged province's own files (2025 codes)
---------------------------------------------------------------------------------------------------
source { table = "units", file = "co_quan_2025.csv", delimiter = ";",
  columns = { id = "Mã số", name = "Tên cơ quan, đơn vị", kind = { "Cấp", map = LEVEL },
              parent_id = "Cơ quan cấp trên", source = "Ghi chú" } }

source { table = "indicators", file = "chi_tieu.csv", delimiter = ";",
  columns = { id = "Mã chỉ tiêu", name = "Tên chỉ tiêu", measure = "ĐVT", sort = "Thứ tự", source = "Nguồn",
              direction = { "Chiều đánh giá", map = { ["tăng"] = "higher", ["giảm"] = "lower", ["giảm điểm %"] = "reduce" } } } }

source { table = "targets", file = "ket_qua_chi_tieu_2025.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Cơ quan", indicator_id = "Chỉ tiêu", plan = "Kế hoạch", actual = "Thực hiện",
              reported_text = "Tỷ lệ (%)", year = { year = true }, source = "Nguồn" } }

-- The 2025 plans were set by each former province in December 2024; the merged plan is their sum.
source { table = "part_lists", file = "ke_hoach_2025_hop_nhat.csv", delimiter = ";", numbers = "vi",
  columns = { unit_id = "Cơ quan", list_id = "Danh mục", item = "Thành phần", name = "Nội dung", value = "Số liệu",
              year = { year = true }, source = "Nguồn" } }

source { table = "people", file = "can_bo_2025.csv", delimiter = ";",
  columns = { id = "Mã cán bộ", name = "Họ và tên", unit_id = "Đơn vị công tác", position = "Chức vụ", source = "Nguồn" } }

source { table = "history", file = "thi_dua_2025.csv", delimiter = ";", numbers = "vi",
  columns = { subject_id = "Mã", year = { year = true }, grade = { "Mức xếp loại", map = GRADE },
              active = "Tham gia phong trào", disciplined = "Bị kỷ luật", score = "Điểm đánh giá", source = "Nguồn" } }

source { table = "initiatives", file = "sang_kien_2025.csv", delimiter = ";",
  columns = { person_id = "Mã cán bộ", year = { year = true }, level = "Cấp công nhận", title = "Tên sáng kiến",
              decision = "Quyết định công nhận", source = "Nguồn" } }

-- The members of the chi bộ of both former Sở, graded under QĐ 366 on the 100-point sheet.
source { file = "dang_vien_2025.csv", delimiter = ";", numbers = "vi",
  tables = {
    { table = "people", columns = { id = "Mã đảng viên", name = "Họ và tên", cell_id = "Chi bộ", source = "Nguồn",
        party_status = { "Đảng viên", map = { ["chính thức"] = "chinh_thuc", ["dự bị"] = "du_bi" } } } },
    { table = "gradings", columns = {
        subject_id = "Mã đảng viên", unit_id = "Chi bộ", subject_kind = { value = "person" }, year = { year = true },
        admitted = "Ngày vào Đảng", score = "Tổng điểm", task_score = "Điểm kết quả nhiệm vụ",
        tasks_exceeded_pct = "Tỷ lệ nhiệm vụ vượt (%)", tasks_late_pct = "Tỷ lệ trễ hạn (%)",
        tasks_unfinished_pct = "Tỷ lệ chưa hoàn thành (%)", discipline_duty_related = "Kỷ luật liên quan công vụ",
        discipline = { "Hình thức kỷ luật", map = { [""] = "none", ["khiển trách"] = "khien_trach",
                       ["cảnh cáo"] = "canh_cao", ["cách chức"] = "cach_chuc", ["khai trừ"] = "khai_tru" } },
        excused = { "Tình trạng", map = { [""] = false, ["miễn sinh hoạt"] = true, ["đình chỉ"] = false } },
        suspended = { "Tình trạng", map = { [""] = false, ["miễn sinh hoạt"] = false, ["đình chỉ"] = true } },
        source = "Nguồn" } } } }

---------------------------------------------------------------------------------------------------
-- The records each former province handed over: same layout, colliding codes
---------------------------------------------------------------------------------------------------
local function handed_over(province, folder)
  local function code(header)       -- "VP" in Quảng Bình's records is "QB.VP" in Quảng Trị
    return { header, compute = function(cell) return cell ~= "" and (province .. "." .. cell) or nil end }
  end
  source { table = "units", file = folder .. "/don_vi.csv", delimiter = ";",
    columns = { id = code "Mã đơn vị (hồ sơ cũ)", name = "Tên đơn vị", kind = { "Cấp", map = LEVEL },
                parent_id = "Đơn vị tiếp nhận", source = "Nguồn hồ sơ" } }
  source { table = "targets", file = folder .. "/chi_tieu_2023_2024.csv", delimiter = ";", numbers = "vi",
    columns = { unit_id = code "Đơn vị (hồ sơ cũ)", year = "Năm", indicator_id = "Chỉ tiêu", plan = "Kế hoạch",
                actual = "Thực hiện", reported_text = "Tỷ lệ đạt in trong báo cáo (%)", source = "Nguồn" } }
  source { table = "history", file = folder .. "/thi_dua.csv", delimiter = ";", numbers = "vi",
    columns = { subject_id = code "Mã hồ sơ", year = "Năm đánh giá", grade = { "Mức xếp loại", map = GRADE },
                titles = "Danh hiệu đạt được", active = "Tham gia phong trào", disciplined = "Bị kỷ luật",
                score = "Điểm đánh giá", source = "Nguồn hồ sơ" } }
  source { table = "awards", file = folder .. "/khen_thuong.csv", delimiter = ";",
    columns = { subject_id = code "Mã hồ sơ", kind = "Hình thức khen thưởng", period_from = "Thành tích từ năm",
                period_to = "Thành tích đến năm", decision = "Số quyết định", decision_date = "Ngày quyết định",
                source = "Nguồn hồ sơ" } }
  source { table = "initiatives", file = folder .. "/sang_kien.csv", delimiter = ";",
    columns = { person_id = code "Mã hồ sơ", year = "Năm công nhận", level = "Cấp công nhận", title = "Tên sáng kiến",
                decision = "Quyết định công nhận", source = "Nguồn hồ sơ" } }
end
handed_over("QB", "ho_so_quang_binh")
handed_over("QT", "ho_so_quang_tri")

---------------------------------------------------------------------------------------------------
-- Targets: 2025 scored; the printed figures of the records checked, every year
---------------------------------------------------------------------------------------------------
config.scoring = {
  decimals = 2, missing = "error", plan_zero = "error",
  printed_check = { accept = { "round", "truncate" } },      -- as the former Quảng Bình Sở printed them
  scorer = scoring.proportional { floor = 0.5, bonus_rate = 0.5, bonus_cap = 0.2 },
  indicators = { VIECLAM = { weight = 30 }, XKLD = { weight = 20 }, TS_GDNN = { weight = 30 }, HN_GIAM = { weight = 20 } },
  notes = { "Kế hoạch 2025 của tỉnh sau hợp nhất = tổng kế hoạch hai tỉnh cũ; trọng số minh họa." },
}
config.audit = {
  years = { 2023, 2024 },
  parts = { { title = "Tuyển sinh GDNN = cao đẳng + trung cấp + sơ cấp", indicator = "TS_GDNN",
              parts = { "TS_CD", "TS_TC", "TS_SC" } } },
  table_title = "Hồ sơ chỉ tiêu 2023–2024 của hai tỉnh cũ: số liệu không khớp",
}
step("Kiểm tra số liệu hồ sơ hai tỉnh cũ (2023–2024)", audit.step)
step("Kiểm tra số liệu in trong báo cáo năm 2025", figures.step)
step("Chấm điểm chỉ tiêu kế hoạch năm 2025", scoring.step)

---------------------------------------------------------------------------------------------------
-- Party grading (QĐ 366, regime chosen by year in rules/base/grading.lua) and awards (ND 152)
---------------------------------------------------------------------------------------------------
-- The quota is counted in each đảng bộ cơ sở of 2025, the chi bộ of both former provinces
-- together: QĐ 366's groups of similar roles are not marked in the sheet, so members fall back to
-- their grassroots organisation.
config.grading.mode = "compute"

-- CSTĐCS: the Sở Nội vụ's emulation council counts the 15% in each of its units of 2025, over the
-- staff of both former provinces together (the ND 152 default, pool "unit").
config.awards = config.awards or {}
-- The records carry the decisions both former provinces took up to June 2025. One achievement
-- earns one award: the years a past Huân chương or Bằng khen was given for are not counted again
-- (a Bằng khen Thủ tướng for 2020–2024 after a Huân chương for the same years would count twice).
-- Past Bằng khen tỉnh are left out: their windows already start after them, and an undated one
-- (counted from its decision year) would otherwise also block that year.
config.awards.one_achievement = { seed_past = { "HCLD3", "BK_TTG" } }

---------------------------------------------------------------------------------------------------
-- Where the units of the two former Sở went (a table for the reviewer; read-only SQL)
---------------------------------------------------------------------------------------------------
step("Đơn vị của hai Sở LĐTBXH cũ và nơi tiếp nhận", function(ctx)
  report.table { id = "former_units", title = "Đơn vị của Sở LĐTBXH hai tỉnh cũ và cơ quan tiếp nhận năm 2025",
    group = "Sắp xếp đơn vị",
    columns = { { key = "code", title = "Mã năm 2025", type = "text" }, { key = "name", title = "Đơn vị", type = "text" },
                { key = "parent", title = "Trực thuộc năm 2025", type = "text" } },
  }:add_query([[SELECT u.id, u.name, COALESCE(p.name, 'giải thể 01/03/2025') FROM units u
                LEFT JOIN units p ON p.id = u.parent_id WHERE u.id LIKE 'Q_.%' ORDER BY u.rowid]])
end)
